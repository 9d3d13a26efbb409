"""Two languages: complete catalogues, no hard-coded text in the pages, and every page shown
in Chinese when Chinese is chosen."""

from __future__ import annotations

import ast
import re
import threading
from pathlib import Path

import pytest
from conftest import ROOT, open_page

from resnet_viz import i18n

UI_SOURCES = sorted(
    [*(ROOT / "resnet_viz" / "ui").rglob("*.py"), *(ROOT / "app_pages").glob("*.py")]
)
LIBRARY_SOURCES = sorted((ROOT / "resnet_viz").rglob("*.py"))
#: Streamlit calls whose first argument (and these keywords) a visitor reads.
#: AppTest element kinds whose value a visitor reads, and those whose label and help they read.
BODIES = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error")
LABELLED = (
    *("button", "radio", "selectbox", "multiselect", "select_slider", "slider", "checkbox"),
    *("toggle", "text_input", "text_area", "number_input", "metric", "expander", "tabs"),
)
SHOWN_CALLS = {
    *BODIES,
    *LABELLED,
    *("success", "toast", "download_button", "file_uploader", "camera_input", "spinner"),
    *("write", "page_link", "segmented_control", "popover", "progress", "form_submit_button"),
    *("cache_data", "cache_resource", "status", "dialog"),
}
SHOWN_KEYWORDS = {"label", "help", "caption", "text", "placeholder", "show_spinner", "title"}
#: A line marked with this comment shows a name that reads the same in every language.
SAME_IN_EVERY_LANGUAGE = "# i18n: same"
WORD = re.compile(r"[A-Za-z]{3,}")


def _keys_used(path: Path) -> set[str]:
    """Literal keys passed to ``t(...)`` in a source file."""
    keys = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name | ast.Attribute)
            and (node.func.id if isinstance(node.func, ast.Name) else node.func.attr) == "t"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            keys.add(node.args[0].value)
    return keys


def _literal_words(node: ast.AST) -> list[str]:
    """Words typed into the source as a shown text (a string, an f-string's text, a list's)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return WORD.findall(node.value)
    if isinstance(node, ast.JoinedStr):
        return [word for part in node.values for word in _literal_words(part)]
    if isinstance(node, ast.List | ast.Tuple):
        return [word for item in node.elts for word in _literal_words(item)]
    if isinstance(node, ast.BinOp):
        return _literal_words(node.left) + _literal_words(node.right)
    return []


def test_both_catalogues_have_the_same_keys() -> None:
    english, chinese = i18n.catalogue("en"), i18n.catalogue("zh")
    assert sorted(set(english) - set(chinese)) == []
    assert sorted(set(chinese) - set(english)) == []


def test_every_key_the_code_asks_for_exists() -> None:
    english = i18n.catalogue("en")
    missing = {
        f"{path.relative_to(ROOT)}: {key}"
        for path in LIBRARY_SOURCES + sorted((ROOT / "app_pages").glob("*.py"))
        for key in _keys_used(path)
        if key not in english
    }
    assert sorted(missing) == []


def test_placeholders_agree_between_languages() -> None:
    """A Chinese text fills the same ``{fields}`` as its English one."""
    fields = re.compile(r"\{(\w*)[^}]*\}")
    english, chinese = i18n.catalogue("en"), i18n.catalogue("zh")
    differ = [
        key
        for key, text in english.items()
        if sorted(fields.findall(text)) != sorted(fields.findall(chinese.get(key, text)))
    ]
    assert differ == []


def test_pages_show_no_hard_coded_text() -> None:
    found = []
    for path in UI_SOURCES:
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if (
                node.func.attr not in SHOWN_CALLS
                or SAME_IN_EVERY_LANGUAGE in lines[node.lineno - 1]
            ):
                continue
            first = [] if node.func.attr == "page_link" else node.args[:1]  # a page's path
            shown = first + [k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS]
            words = [word for arg in shown for word in _literal_words(arg)]
            if words:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {' '.join(words)[:60]}")
    assert found == []


def test_unknown_keys_and_missing_translations_never_crash() -> None:
    assert i18n.t("no.such.key", "zh") == "no.such.key"
    assert i18n.t("nav.lab", "zh") == "残差实验室"
    with i18n.use("zh"):
        assert i18n.t("nav.lab") == "残差实验室"
    assert i18n.t("nav.lab") == "Residual lab"


def test_the_language_is_uses_else_the_followed_sources_else_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A run's callbacks and fragments word things in the visitor's language: the source is
    asked on every lookup, in whatever thread; ``use`` (cached work) wins over it."""
    monkeypatch.setattr(i18n, "_SOURCES", [])
    assert i18n.current_language() == "en" and i18n.t("nav.lab") == "Residual lab"
    visitor: list[i18n.Language | None] = [None]
    i18n.follow(lambda: visitor[0])
    assert i18n.t("nav.lab") == "Residual lab"  # the source has none to give: English
    visitor[0] = "zh"
    heard: list[str] = []
    worker = threading.Thread(target=lambda: heard.append(i18n.t("nav.lab")))
    worker.start()
    worker.join()
    assert heard == ["残差实验室"] and i18n.t("nav.lab") == "残差实验室"
    with i18n.use("en"):
        assert i18n.t("nav.lab") == "Residual lab"
    assert i18n.t("nav.lab", "en") == "Residual lab" and i18n.current_language() == "zh"


def test_outside_a_visitors_run_the_app_words_things_in_english() -> None:
    """The server's own threads (warm-up, the lab's trainer) have no visitor."""
    from resnet_viz.ui import lang

    assert lang._session_language() is None and i18n.current_language() == "en"


@pytest.mark.parametrize(
    ("locale", "language"),
    [("zh-CN", "zh"), ("zh_TW", "zh"), ("ZH", "zh"), ("en-GB", "en"), ("fr", "en"), (None, "en")],
)
def test_first_visit_follows_the_browser(locale: str | None, language: str) -> None:
    assert i18n.language_for_locale(locale) == language


def test_a_language_from_a_link_is_checked() -> None:
    assert i18n.parse_language("zh") == "zh"
    assert i18n.parse_language(" ZH ") == "zh"
    assert i18n.parse_language("<script>") is None
    assert i18n.parse_language("x" * 10_000) is None


#: Terms a Chinese page keeps as they are (names of things, units, file types).
KEPT_TERMS = {
    "resnet",
    "resnext",
    "wide",
    "batchnorm",
    "grad",
    "cam",
    "torchinfo",
    "torchvision",
    "pytorch",
    "graphviz",
    "imagenet",
    "cifar",
    "relu",
    "macs",
    "flops",
    "gflops",
    "dot",
    "svg",
    "png",
    "csv",
    "json",
    "cuda",
    "cpu",
    "gpu",
    "mps",
    "safetensors",
    "pth",
    "conv",
    "bottleneck",
    "basicblock",
    "downsample",
    "print",
    "model",
    "stem",
    "layer",
    "fc",
    "avgpool",
    "maxpool",
    "plain",
    "viz",
    "mib",
    "kib",
    "gib",
    "fps",
    "auto",
    "top",
    "scikit",
    "learn",
    "bn",
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def shown_texts(at: object) -> list[str]:
    """Every text a visitor reads on an AppTest page: bodies, labels and help."""
    texts: list[str] = []
    for kind in BODIES:
        texts += [element.value for element in getattr(at, kind)]
    for kind in LABELLED:
        for element in getattr(at, kind):
            texts.append(getattr(element, "label", "") or "")
            texts.append(getattr(element, "help", "") or "")
    return [text for text in texts if text]


def english_left(texts: list[str]) -> list[str]:
    """Texts with no Chinese in them that still carry English words."""
    return [
        text
        for text in texts
        if not CJK.search(text)
        and any(word.lower() not in KEPT_TERMS for word in WORD.findall(text))
    ]


PAGE_FILES = ["home", "architecture", "compare", "lab", "inference", "practice", "glossary"]


@pytest.mark.parametrize("page", PAGE_FILES)
def test_every_page_speaks_chinese_when_asked(page: str) -> None:

    at = open_page(f"app_pages/{page}.py", {"lang": "zh"})
    assert at.session_state["lang"] == "zh"
    assert english_left(shown_texts(at)) == []
