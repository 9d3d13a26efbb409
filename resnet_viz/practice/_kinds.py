"""How each kind of question is drawn: which network, input, module or stage, and the exact
answer read from the network's trace (or its spec, for counts of blocks and layers)."""

from __future__ import annotations

import random

from ..models import PRESETS, TORCHVISION_PRESETS, default_input
from ..trace import LayerRow, Trace, get_trace
from ..views import block_convs, module_text
from ._changes import PAIRS, changes_choices
from ._question import Question

__all__ = ["NETWORKS", "SIDES", "make_question", "params_question"]

#: The networks questions are about: torchvision's ten and the paper's CIFAR nets up to 110.
NETWORKS = (*TORCHVISION_PRESETS, "resnet20", "resnet32", "resnet44", "resnet56", "resnet110")
#: Networks small enough to pick their projection blocks from a list, with the shortcut
#: options that change the answer (A: none, B: where the shape changes, C: every block).
FEW_BLOCKS = {
    "resnet18": ("", "C"),
    "resnet34": ("", "C"),
    "resnet50": ("",),
    "resnext50_32x4d": ("",),
    "resnet20": ("", "B", "C"),
    "resnet32": ("", "B"),
    "preact_resnet18": ("",),
}
#: Input sides a shape or multiply-add question may ask about, by stem.
SIDES = {"imagenet": (224, 160, 256, 320), "cifar": (32, 64)}
#: What a printed block is asked about.
PRINT_ABOUT = ("shortcut", "block", "stride")


def _trace(network: str, side: int | None = None, shortcut: str = "") -> Trace:
    spec = PRESETS[network]
    spec = spec.replace(shortcut=shortcut) if shortcut else spec
    channels, default_side, _ = default_input(spec)
    side = side or default_side
    return get_trace(spec, (channels, side, side))


def _conv_working(layer: LayerRow) -> str:
    """A convolution's parameters as a product: in·out·k·k (over the groups)."""
    groups = f" / {layer.groups}" if layer.groups > 1 else ""
    return f"{layer.in_channels}·{layer.channels}·{layer.kernel}·{layer.kernel}{groups}"


def _params_target(rng: random.Random, trace: Trace) -> str:
    """A module to count: a conv, a projection shortcut (twice as likely), or the classifier."""
    projections = [
        f"{block.name}.downsample" for block in trace.blocks if block.shortcut == "projection"
    ]
    return rng.choice([*projections, *projections, *_convs(trace), "fc"])


def _convs(trace: Trace) -> list[str]:
    return [row.name for row in trace.layers if row.is_leaf and row.type == "Conv2d"]


def params_question(number: int, trace: Trace, target: str) -> Question:
    """The parameters of the module ``target``, with the working that adds them up."""
    row = next(row for row in trace.layers if row.name == target)
    if row.type == "Conv2d":
        working = _conv_working(row)
    elif row.type == "Linear":
        working = f"{row.in_channels}·{row.channels} + {row.channels}"
    else:  # a projection: its 1x1 conv and its BN's scale and shift
        conv, norm = (r for r in trace.layers if r.name in (f"{target}.0", f"{target}.1"))
        working = f"{_conv_working(conv)} + 2·{norm.output_shape[0]}"
    return Question(
        number, "params", trace.spec.name, trace.input_size[1], target, row.params, working
    )


def _mult_adds_question(rng: random.Random, number: int, network: str) -> Question:
    """The multiply-adds of one conv: each output position, a dot product over its inputs."""
    side = rng.choice(SIDES[PRESETS[network].stem])
    trace = _trace(network, side)
    target = rng.choice(_convs(trace))
    row = next(row for row in trace.layers if row.name == target)
    _, height, width = row.output_shape
    working = f"{height}·{width} · {_conv_working(row)}"
    return Question(number, "mult_adds", network, side, row.name, row.mult_adds, working)


def _stage_question(rng: random.Random, number: int, kind: str, network: str) -> Question:
    side = rng.choice(SIDES[PRESETS[network].stem]) if kind == "shape" else 0
    trace = _trace(network, side or None)
    stage = rng.choice(trace.stages)
    if kind == "shape":
        upto = trace.stages[: trace.stages.index(stage) + 1]
        chain = " → ".join(f"{s.out_shape[1]} ({s.name})" for s in upto)
        working = f"{side} → {trace.stages[0].in_shape[1]} (stem) → {chain}"
        return Question(number, kind, network, side, stage.name, stage.out_shape, working)
    upto = trace.stages[: trace.stages.index(stage) + 1]
    working = " → ".join(
        [f"{trace.stem_receptive_field} (stem)", *(f"{s.receptive_field} ({s.name})" for s in upto)]
    )
    return Question(
        number, kind, network, trace.input_size[1], stage.name, stage.receptive_field, working
    )


def _projections_question(rng: random.Random, number: int) -> Question:
    """Which blocks have a projection shortcut: pick all that apply."""
    network = rng.choice(sorted(FEW_BLOCKS))
    shortcut = rng.choice(FEW_BLOCKS[network])
    trace = _trace(network, shortcut=shortcut)
    names = tuple(block.name for block in trace.blocks)
    right = tuple(block.name for block in trace.blocks if block.shortcut == "projection")
    return Question(number, "projections", network, 0, "", right, shortcut=shortcut, choices=names)


def _print_question(rng: random.Random, number: int) -> Question:
    """A block's ``print`` text: its shortcut, its class, or where its stride is."""
    network = rng.choice([name for name in NETWORKS if name != "resnet152"])
    trace = _trace(network)
    first_blocks = [block for block in trace.blocks if block.index == 0]
    block = rng.choice([*first_blocks, *trace.blocks] if rng.random() < 0.5 else first_blocks)
    about = rng.choice(PRINT_ABOUT)
    convs = [conv for conv in block_convs(trace, block.name) if "." not in conv.name]
    answer: str
    if about == "shortcut":
        choices: tuple[str, ...] = ("identity", "projection", "zero-pad")
        answer = block.shortcut
    elif about == "block":
        choices = ("BasicBlock", "Bottleneck")
        answer = "Bottleneck" if block.block_type == "bottleneck" else "BasicBlock"
    else:
        choices = (*(conv.name for conv in convs), "none")
        answer = next((conv.name for conv in convs if conv.stride > 1), "none")
    printed = module_text(trace.model_text, block.name)
    return Question(
        number,
        "print",
        network,
        0,
        block.name,
        answer,
        choices=choices,
        about=about,
        printed=printed,
    )


def _changes_question(rng: random.Random, number: int) -> Question:
    before, after = rng.choice(PAIRS)
    right, choices = changes_choices(rng, before, after)
    return Question(number, "changes", before, 0, after, right, choices=choices)


def make_question(rng: random.Random, number: int, kind: str) -> Question:
    """Question ``number`` of kind ``kind``, drawn with ``rng``."""
    if kind == "projections":
        return _projections_question(rng, number)
    if kind == "print":
        return _print_question(rng, number)
    if kind == "changes":
        return _changes_question(rng, number)
    network = rng.choice(NETWORKS)
    spec = PRESETS[network]
    if kind == "blocks":
        return Question(number, kind, network, 0, "", spec.layers)
    if kind == "depth":
        return Question(number, kind, network, 0, "", spec.depth, spec.depth_arithmetic)
    if kind == "params":
        trace = _trace(network)
        return params_question(number, trace, _params_target(rng, trace))
    if kind == "mult_adds":
        return _mult_adds_question(rng, number, network)
    return _stage_question(rng, number, kind, network)
