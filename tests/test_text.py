"""Text helpers: download names and Markdown escaping keep user text inert."""

from __future__ import annotations

from resnet_viz.text import escape_markdown, file_stem, format_shape, parse_float_list


def test_download_names_are_safe_file_names() -> None:
    assert file_stem("resnet50", "blocks") == "resnet50-blocks"
    assert file_stem('../<script>"x"', "stages") == "script-x-stages"
    assert file_stem("///", "summary") == "network-summary"


def test_markdown_characters_are_escaped() -> None:
    assert escape_markdown("**bold** [link](http://x.y)") == (
        r"\*\*bold\*\* \[link\]\(http\:\/\/x\.y\)"
    )
    # Bare addresses would become links in GitHub-flavoured Markdown: escaped, they stay text.
    assert escape_markdown("www.evil.example a@b.c") == r"www\.evil\.example a\@b\.c"
    assert escape_markdown("plain words 123") == "plain words 123"


def test_shapes_read_as_the_paper_writes_them() -> None:
    assert format_shape((64, 56, 56)) == "64×56×56"


def test_float_lists() -> None:
    assert parse_float_list("mean", "0.5, 0.25;1") == (0.5, 0.25, 1.0)


def test_a_long_chart_title_is_broken_into_lines_not_cut() -> None:
    from resnet_viz.text import wrap_title

    long = "ImageNet: accuracy against cost (torchvision's published acc@1, best weights)"
    wrapped = wrap_title(long)
    assert wrapped.replace("<br>", " ") == long
    assert all(len(line) <= 52 for line in wrapped.split("<br>"))
    chinese = wrap_title("ImageNet：准确率与计算量（torchvision 公布的 acc@1，最佳权重）", 40)
    assert (
        chinese.replace("<br>", "")
        == "ImageNet：准确率与计算量（torchvision 公布的 acc@1，最佳权重）"
    )
    assert "<br>" in chinese
    assert wrap_title("short") == "short"
    assert wrap_title("made<br>already") == "made<br>already"
