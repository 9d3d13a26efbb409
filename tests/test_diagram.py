"""Diagrams: what each level draws, how shortcuts look, escaping, and rendering with dot."""

from __future__ import annotations

import re

import graphviz
import pytest

from resnet_viz import PRESETS, ResNetSpec
from resnet_viz.trace import trace
from resnet_viz.views import SHORTCUT_STYLE
from resnet_viz.views.diagram import DiagramError, detail_targets, inline_svg, render, to_dot

NODE = re.compile(r"^\t+(\w+) \[", re.MULTILINE)
EDGE = re.compile(r"^\t(\w+) -> (\w+)", re.MULTILINE)

needs_dot = pytest.mark.dot


def counts(dot: graphviz.Digraph) -> tuple[int, int]:
    """Nodes and edges of the diagram itself, leaving out the legend."""
    nodes = [
        n
        for n in NODE.findall(dot.source)
        if not n.startswith("legend_") and n not in ("node", "edge", "graph")
    ]
    edges = [e for e in EDGE.findall(dot.source) if not e[0].startswith("legend_")]
    return len(nodes), len(edges)


@pytest.mark.parametrize(
    ("name", "size", "level", "nodes", "edges"),
    [
        # input, stem, one node per stage, head, output
        ("resnet18", 224, "stages", 8, 7),
        ("resnet152", 224, "stages", 8, 7),
        ("resnet1202", 32, "stages", 7, 6),
        # per block run: the branch and the ⊕/ReLU, and three edges (in, F(x), shortcut)
        ("resnet18", 224, "blocks", 18, 24),  # 7 runs: layer1's two blocks fold
        ("resnet50", 224, "blocks", 20, 27),  # 8 runs
        ("resnet152", 224, "blocks", 20, 27),  # 50 blocks fold into 8 runs
        ("resnet1202", 32, "blocks", 14, 18),  # 600 blocks fold into 5 runs
        # per block: conv, BN and ReLU nodes, ⊕, the post-add ReLU, projection conv + BN
        ("resnet18", 224, "layers", 16, 17),  # layer1: 2 × 7 + input + output
        ("resnet50", 224, "layers", 34, 36),  # layer1: 12 + 10 + 10 + input + output
        ("resnet152", 224, "layers", 45, 48),  # layer3: 4 of 36 blocks drawn, "… 32 more …"
    ],
)
def test_node_and_edge_counts(name: str, size: int, level: str, nodes: int, edges: int) -> None:
    """Top-down: one column, every part joined to the next."""
    stage = "layer3" if name == "resnet152" and level == "layers" else None
    dot = to_dot(trace(name, (3, size, size)), level, stage=stage, direction="TB")
    assert counts(dot) == (nodes, edges)


@pytest.mark.parametrize(
    ("name", "size", "level", "nodes", "edges"),
    [
        # each stage row and the head row open with a node showing what flows in; the edges
        # into a row start there instead of at the end of the row above
        ("resnet18", 224, "blocks", 18 + 5, 24),
        ("resnet1202", 32, "blocks", 14 + 4, 18),
        # each block after the first opens a row; "… 32 more …" is a row of its own, unjoined
        ("resnet18", 224, "layers", 16 + 1, 17),
        ("resnet152", 224, "layers", 45 + 3, 48 - 1),
    ],
)
def test_left_to_right_rows(name: str, size: int, level: str, nodes: int, edges: int) -> None:
    stage = "layer3" if name == "resnet152" and level == "layers" else None
    dot = to_dot(trace(name, (3, size, size)), level, stage=stage, direction="LR")
    assert counts(dot) == (nodes, edges)
    assert "rank=same" in dot.source and "newrank=true" in dot.source


def test_the_level_chooses_the_layout_unless_told() -> None:
    resnet50 = trace("resnet50")
    assert "rankdir=TB" in to_dot(resnet50, "stages").source
    assert "rankdir=LR" in to_dot(resnet50, "blocks").source
    assert "rankdir=LR" in to_dot(resnet50, "layers").source
    assert "rankdir=LR" in to_dot(resnet50, "stages", direction="LR").source


def test_unfolding_draws_every_block() -> None:
    assert counts(to_dot(trace("resnet152"), "blocks", unfold=True, direction="TB")) == (104, 153)
    with pytest.raises(ValueError, match=r"unfold: 600 blocks are too many to draw one by one"):
        to_dot(trace("resnet1202", (3, 32, 32)), "blocks", unfold=True)


def test_one_block_in_the_layers_view() -> None:
    dot = to_dot(trace("resnet50"), "layers", stage="layer2", block=0)
    assert "layer2.0 · Bottleneck" in dot.source
    assert "layer2.1" not in dot.source
    with pytest.raises(ValueError, match=r"block: 9 is outside 0\.\.3 for layer2"):
        to_dot(trace("resnet50"), "layers", stage="layer2", block=9)
    with pytest.raises(ValueError, match=r"stage: 'layer9' is not one of"):
        to_dot(trace("resnet50"), "layers", stage="layer9")


def edge_styles(dot: graphviz.Digraph) -> set[str]:
    return set(re.findall(r'color="(#[0-9a-f]{6})"[^\]]*style=(\w+)', dot.source))


def test_shortcut_kinds_are_told_apart() -> None:
    basic = to_dot(trace("resnet18"), "blocks").source
    assert "identity ×2" in basic
    assert "1×1 conv, stride 2 + BN" in basic
    assert "why: stride 2, channels 64→128" in basic
    assert f'color="{SHORTCUT_STYLE["projection"].color}"' in basic
    assert "style=bold" in basic and "style=dashed" not in basic.split("cluster_legend")[0]

    cifar = to_dot(trace("resnet56", (3, 32, 32)), "blocks").source
    assert "zero-pad" in cifar and "style=dashed" in cifar
    assert SHORTCUT_STYLE["zero-pad"].color in cifar
    # The legend names exactly the kinds the diagram uses.
    assert "zero-pad: subsample" in cifar and "projection: 1×1 conv" not in cifar
    # The ⊕ and the ReLU after it are drawn for every block run.
    assert cifar.count("⊕") == 5 and "ReLU" in cifar


def test_stage_view_has_badges_and_paper_names() -> None:
    source = to_dot(trace("resnet152"), "stages").source
    assert "×36 Bottleneck blocks" not in source  # block type is the spec's word
    assert "×36 bottleneck blocks, stride 2" in source
    assert "layer3 · conv4_x" in source
    assert "40,613,888 params" in source


def test_user_text_is_escaped() -> None:
    hostile = ResNetSpec(
        name='<script>alert("x")</script> & {]', layers=(1, 1), widths=(8, 16), stem_width=8
    )
    for level in ("stages", "blocks", "layers"):
        source = to_dot(trace(hostile), level).source
        assert "<script>" not in source
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; {]" in source


@needs_dot
def test_renders_svg_and_png_with_the_dot_program() -> None:
    dot = to_dot(trace("resnet18"), "blocks")
    svg = render(dot, "svg").decode()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "shortcuts" in svg and "layer4.1" in svg
    png = render(dot, "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


@needs_dot
def test_hostile_name_stays_text_in_the_svg() -> None:
    hostile = ResNetSpec(name="<script>alert(1)</script>", layers=(1,), widths=(8,), stem_width=8)
    svg = render(to_dot(trace(hostile), "blocks"), "svg").decode()
    assert "<script>" not in svg and "&lt;script&gt;" in svg


@needs_dot
def test_render_time_limit_and_bad_source() -> None:
    huge = "digraph { " + " ".join(f"n{i} -> n{i + 1};" for i in range(40_000)) + " }"
    with pytest.raises(DiagramError, match=r"dot took longer than 0s"):
        render(huge, "svg", timeout=0.01)
    with pytest.raises(DiagramError, match=r"dot failed: .*syntax error"):
        render("digraph { -> }", "svg")


def test_missing_dot_program_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(
        DiagramError, match=r"'dot' program is not installed.*apt-get install graphviz"
    ):
        render(to_dot(trace("resnet18"), "stages"))
    with pytest.raises(ValueError, match=r"fmt: 'gif' is not one of"):
        render("digraph {}", "gif")  # type: ignore[arg-type]


def test_unknown_level() -> None:
    with pytest.raises(
        ValueError, match=r"level: 'atoms' is not one of \['stages', 'blocks', 'layers'\]"
    ):
        to_dot(trace("resnet18"), "atoms")


def test_custom_option_c_diagram() -> None:
    spec = PRESETS["resnet50"].replace(
        name="my-net", shortcut="C", layers=(1, 2, 1), widths=(64, 128, 256)
    )
    source = to_dot(trace(spec), "blocks").source
    assert source.count("why: option C: every block") == 1  # layer2.1: same shape, still projected
    assert "identity" not in source.split("cluster_legend")[0]


def test_stages_and_blocks_open_their_layers() -> None:
    resnet50 = trace("resnet50")
    assert detail_targets(resnet50, "stages") == {
        f"stage_layer{i}": f"layer{i}:-1" for i in range(1, 5)
    }
    blocks = detail_targets(resnet50, "blocks")
    assert blocks["block_layer3_0"] == "layer3:0" and blocks["block_layer3_1"] == "layer3:1"
    assert "block_layer3_2" not in blocks  # folded into the run that layer3.1 opens
    assert blocks["entry_layer2"] == "layer2:-1"
    assert len(detail_targets(resnet50, "blocks", unfold=True)) == 16 + 4
    assert detail_targets(resnet50, "layers") == {}
    # Every target names a node the diagram draws.
    for level in ("stages", "blocks"):
        source = to_dot(resnet50, level).source  # type: ignore[arg-type]
        for node in detail_targets(resnet50, level):  # type: ignore[arg-type]
            assert f"\t{node} [" in source


@needs_dot
def test_svg_for_the_page_holds_shapes_and_text_only() -> None:
    svg = inline_svg(render(to_dot(trace("resnet18"), "blocks"), "svg"))
    assert svg.startswith("<svg") and "<?xml" not in svg and "<!--" not in svg
    for hostile in (
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><g onclick="alert(1)"/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
        b'<a x:href="javascript:alert(1)"><text>hi</text></a></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>',
        b"not svg at all",
    ):
        with pytest.raises(DiagramError):
            inline_svg(hostile)


@pytest.mark.dot
def test_a_png_says_its_resolution() -> None:
    """192 dpi in a pHYs chunk, so slides place the 2x picture at its real size."""
    import io

    from PIL import Image

    from resnet_viz.views.diagram import PNG_DPI, render

    png = render("digraph { a -> b }", "png")
    with Image.open(io.BytesIO(png)) as image:
        image.load()  # every chunk read, checksums included
        assert image.info["dpi"] == pytest.approx((PNG_DPI, PNG_DPI), abs=0.01)
    assert png.count(b"pHYs") == 1
