"""The residual lab's guided walkthrough as data: seven steps, each with the facts its text
states and the diagrams it draws, every number taken from a real trace.

A step holds no words: its texts live in the catalogues (``walk.<key>.title``,
``walk.<key>.text``) and are filled with the step's ``facts``, so one step serves both
languages. Kernel sizes come from the block's own ``print(model)`` text, the same text the
last step shows, so the walkthrough never states a shape that the network does not have.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

from ..models import PRESETS, ResNetSpec
from ..text import format_shape
from ..trace import BlockTrace, Shape, Trace, get_trace
from ..views import Conv, block_convs, downsample_lines, module_text
from ..views.diagram import Concept, Direction, Level

__all__ = [
    "FORMULA",
    "IMAGENET_INPUT",
    "LARGER_INPUT",
    "STEP_KEYS",
    "Conv",
    "HeadRow",
    "Picture",
    "Step",
    "StepKey",
    "block_convs",
    "block_of",
    "downsample_lines",
    "head_rows",
    "module_text",
    "step",
]

StepKey = Literal["residual", "basic", "bottleneck", "shortcuts", "depths", "pooling", "print"]
STEP_KEYS: tuple[StepKey, ...] = get_args(StepKey)
IMAGENET_INPUT: Shape = (3, 224, 224)
#: A second input size for the pooling step: large enough that the last map visibly grows.
LARGER_INPUT: Shape = (3, 320, 320)
#: He et al.'s equation (1) for an identity shortcut, as LaTeX.
FORMULA = r"H(x) = \mathcal{F}(x) + x"


@dataclass(frozen=True)
class Picture:
    """One diagram of a step: the concept figure (``spec`` None) or a view of a traced net.

    ``name`` is language-neutral and unique within its step (it goes into widget keys).
    """

    name: str
    spec: ResNetSpec | None = None
    concept: Concept = "residual"
    input_size: Shape = IMAGENET_INPUT
    level: Level = "layers"
    direction: Direction = "TB"
    stage: str | None = None
    block: int | None = None


@dataclass(frozen=True)
class HeadRow:
    """One row of the pooling step's table: a layer's output at each input size."""

    layer: str
    shapes: tuple[Shape, ...]
    params: int


@dataclass(frozen=True)
class Step:
    """What one step shows: its pictures, the values its texts are filled with, and for
    some steps a table (``head``, at ``input_sizes``) or code (``code``)."""

    key: StepKey
    pictures: tuple[Picture, ...]
    facts: dict[str, str] = field(default_factory=dict)
    input_sizes: tuple[Shape, ...] = ()
    head: tuple[HeadRow, ...] = ()
    code: str = ""


def block_of(trace: Trace, name: str) -> BlockTrace:
    """The traced block called ``name`` (``"layer2.0"``)."""
    for block in trace.blocks:
        if block.name == name:
            return block
    raise ValueError(f"block: {name!r} is not one of {[block.name for block in trace.blocks]}")


def head_rows(traces: list[Trace]) -> tuple[HeadRow, ...]:
    """The last stage, the pooling and the classifier, with their outputs in each trace."""
    first = traces[0]
    names = [first.stages[-1].name, "avgpool", "fc"]
    rows = []
    for name in names:
        layers = [next(layer for layer in trace.layers if layer.name == name) for trace in traces]
        rows.append(HeadRow(name, tuple(layer.output_shape for layer in layers), layers[0].params))
    return tuple(rows)


def _count(number: int) -> str:
    return f"{number:,}"


def _kernel(conv: Conv) -> str:
    return f"{conv.kernel}×{conv.kernel}"


def _branch(convs: list[Conv]) -> list[Conv]:
    return [conv for conv in convs if not conv.name.startswith("downsample.")]


def _residual() -> Step:
    return Step("residual", (Picture("plain", concept="plain"), Picture("residual")))


def _basic() -> Step:
    spec = PRESETS["resnet18"]
    trace = get_trace(spec, IMAGENET_INPUT)
    block = block_of(trace, "layer1.0")
    branch = _branch(block_convs(trace, block.name))
    facts = {
        "convs": str(len(branch)),
        "kernel": _kernel(branch[0]),
        "channels": str(branch[-1].out_channels),
        "map": format_shape(block.out_shape[1:]),
        "params": _count(block.params),
        "shortcut_params": _count(block.shortcut_params),
    }
    return Step("basic", (Picture("block", spec, stage="layer1", block=0),), facts)


def _bottleneck() -> Step:
    spec = PRESETS["resnet50"]
    trace = get_trace(spec, IMAGENET_INPUT)
    # layer1.1, not layer1.0: the first block's input has only the stem's 64 channels, so
    # nothing would be reduced; the second reduces 256 to 64 and expands back to 256.
    block = block_of(trace, "layer1.1")
    reduce, middle, expand = _branch(block_convs(trace, block.name))
    facts = {
        "block": block.name,
        "in_channels": str(block.in_shape[0]),
        "widths": " → ".join(str(conv.out_channels) for conv in (reduce, middle, expand)),
        "reduce": _kernel(reduce),
        "middle": _kernel(middle),
        "expand": _kernel(expand),
        "inner": str(middle.out_channels),
        "expansion": str(expand.out_channels // middle.out_channels),
        "params": _count(block.params),
    }
    return Step("bottleneck", (Picture("block", spec, stage="layer1", block=1),), facts)


def _shortcuts() -> Step:
    spec = PRESETS["resnet18"]
    trace = get_trace(spec, IMAGENET_INPUT)
    projected, kept = block_of(trace, "layer2.0"), block_of(trace, "layer2.1")
    projection = next(c for c in block_convs(trace, projected.name) if c.name.startswith("down"))
    facts = {
        "projected": projected.name,
        "kept": kept.name,
        "in_shape": format_shape(projected.in_shape),
        "out_shape": format_shape(projected.out_shape),
        "stride": str(projected.stride),
        "kernel": _kernel(projection),
        "shortcut_params": _count(projected.shortcut_params),
        "kept_shape": format_shape(kept.in_shape),
    }
    pictures = (
        Picture("projection", spec, stage="layer2", block=0),
        Picture("identity", spec, stage="layer2", block=1),
    )
    return Step("shortcuts", pictures, facts)


def _depths() -> Step:
    specs = (PRESETS["resnet18"], PRESETS["resnet34"])
    small, large = (get_trace(spec, IMAGENET_INPUT) for spec in specs)
    convs = len(_branch(block_convs(small, small.blocks[0].name)))
    facts = {"convs": str(convs)}
    for label, trace in (("small", small), ("large", large)):
        facts |= {
            f"{label}_name": trace.spec.name,
            f"{label}_layers": "[" + ", ".join(str(stage.blocks) for stage in trace.stages) + "]",
            f"{label}_blocks": str(len(trace.blocks)),
            f"{label}_depth": str(trace.depth),
            f"{label}_params": _count(trace.total_params),
        }
    pictures = tuple(Picture(spec.name, spec, level="stages") for spec in specs)
    return Step("depths", pictures, facts)


def _pooling() -> Step:
    spec = PRESETS["resnet18"]
    sizes = (IMAGENET_INPUT, LARGER_INPUT)
    traces = [get_trace(spec, size) for size in sizes]
    rows = head_rows(traces)
    last, pooled, fc = rows
    facts = {
        "small": format_shape(sizes[0][1:]),
        "large": format_shape(sizes[1][1:]),
        "stage": last.layer,
        "small_map": format_shape(last.shapes[0][1:]),
        "large_map": format_shape(last.shapes[1][1:]),
        "pooled": format_shape(pooled.shapes[0]),
        "fc_params": _count(fc.params),
        "classes": str(fc.shapes[0][0]),
    }
    pictures = tuple(
        Picture(f"side_{size[1]}", spec, input_size=size, level="stages") for size in sizes
    )
    return Step("pooling", pictures, facts, input_sizes=sizes, head=rows)


def _print() -> Step:
    """ResNet-50's layer1.0, the article's example: a bottleneck whose ``(downsample)`` is
    the projection shortcut (64 → 256 channels)."""
    spec = PRESETS["resnet50"]
    trace = get_trace(spec, IMAGENET_INPUT)
    block = block_of(trace, "layer1.0")
    code = module_text(trace.model_text, block.name)
    calls = [layer for layer in trace.layers if layer.name.startswith(block.name + ".")]
    # The block's own modules, each once however often it is called: what print lists.
    depth = block.name.count(".") + 1
    modules = list(dict.fromkeys(c.name for c in calls if c.name.count(".") == depth))
    modules = [name.rsplit(".", 1)[1] for name in modules]
    facts = {
        "block": block.name,
        "modules": str(len(modules)),
        "relu_modules": str(sum(1 for layer in modules if layer.startswith("relu"))),
        "relu_calls": str(sum(1 for layer in calls if layer.type == "ReLU")),
        "downsample_params": f"{block.shortcut_params:,}",
        "channels_in": str(block.in_shape[0]),
        "channels_out": str(block.out_shape[0]),
    }
    return Step("print", (Picture("block", spec, stage="layer1", block=0),), facts, code=code)


_BUILDERS = {
    "residual": _residual,
    "basic": _basic,
    "bottleneck": _bottleneck,
    "shortcuts": _shortcuts,
    "depths": _depths,
    "pooling": _pooling,
    "print": _print,
}


def step(key: StepKey) -> Step:
    """One step, made from the traces it needs (traced once per process, then shared)."""
    if key not in _BUILDERS:
        raise ValueError(f"step: {key!r} is not one of {list(STEP_KEYS)}")
    return _BUILDERS[key]()
