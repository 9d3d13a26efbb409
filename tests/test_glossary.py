"""The glossary: the terms a lesson needs, the article's own words found, every column in the
visitor's language."""

from __future__ import annotations

from conftest import open_page

from resnet_viz.i18n import TERMS


def _rows(lang: str) -> list[list[str]]:
    at = open_page("app_pages/glossary.py", {"lang": lang})
    table = at.table[0].value
    return table.astype(str).values.tolist()


def test_the_terms_a_lesson_needs_are_there_with_the_article_s_words() -> None:
    names = {term.english for term in TERMS}
    assert {"adaptive average pooling", "vanishing / exploding gradients"} <= names
    assert "degradation problem" in names
    later = {"pre-activation unit (ResNet v2)", "deep stem (ResNet-C)"}
    assert later | {"average-pool shortcut (ResNet-D)"} <= names  # the later layouts' terms
    chinese = " ".join(term.chinese_names for term in TERMS)
    for word in (
        "自适应平均池化",
        "梯度消失",
        "梯度爆炸",
        "快捷连接",
        "常规残差模块",
        "瓶颈残差模块",
        "预激活",
        "深层起始层",
        "平均池化捷径",
    ):
        assert word in chinese, word


def test_every_column_speaks_the_visitor_s_language() -> None:
    english, chinese = _rows("en"), _rows("zh")
    assert len(english) == len(chinese) == len(TERMS)
    shortcut = next(row for row in chinese if row[0] == "shortcut connection")
    assert shortcut[1] == "捷径连接 / 快捷连接"
    assert shortcut[3] == "He 等 2015，§3.2"
    for row in chinese:  # the explanation and where: no English left but names
        assert "et al." not in row[3] and "Fig." not in row[3] and "Table" not in row[3], row
    assert next(row for row in english if row[0] == "BasicBlock (building block)")[3] == (
        "He et al. 2015, Fig. 5 left"
    )
