"""Practice questions made from real traces: every answer is a number the trace holds, and
the same set number gives the same questions in every process and language.

A set is drawn with ``random.Random`` seeded by text ("set 2741, intro"), which Python hashes
the same way everywhere (no process-local randomness). Questions keep codes and numbers; the
words are made when a question is shown, in the visitor's language.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal

from ..i18n import t
from ..models import PRESETS, TORCHVISION_PRESETS, default_input
from ..trace import LayerRow, Trace, get_trace

__all__ = ["KINDS", "LEVELS", "Level", "Question", "params_question", "practice_set"]

Level = Literal["intro", "advanced"]
LEVELS: tuple[Level, ...] = ("intro", "advanced")
#: The kinds of question at each level.
KINDS: dict[Level, tuple[str, ...]] = {
    "intro": ("blocks", "depth"),
    "advanced": ("params", "shape", "receptive_field"),
}
#: The networks questions are about: torchvision's ten and the paper's CIFAR nets up to 110.
NETWORKS = (*TORCHVISION_PRESETS, "resnet20", "resnet32", "resnet44", "resnet56", "resnet110")
#: Input sides a shape question may ask about, by stem.
SIDES = {"imagenet": (224, 160, 256, 320), "cifar": (32, 64)}


@dataclass(frozen=True)
class Question:
    """One question: about which network, at which input, which module or stage, and its
    exact answer (a whole number, or a tuple of them for shapes and blocks per stage)."""

    number: int
    kind: str
    network: str
    side: int
    target: str
    answer: int | tuple[int, ...]
    #: The numbers its explanation shows ("256·512·1·1 + 2·512").
    working: str = ""

    def text(self) -> str:
        """The question in the current language."""
        return t(
            f"practice.q.{self.kind}",
            network=self.network,
            side=self.side,
            target=self.target,
        )

    def answer_text(self) -> str:
        """The answer as the key prints it: 132,096 / 256×14×14 / [3, 4, 6, 3]."""
        if isinstance(self.answer, int):
            return f"{self.answer:,}"
        if self.kind == "shape":
            return "×".join(map(str, self.answer))
        return "[" + ", ".join(map(str, self.answer)) + "]"


def _conv_working(layer: LayerRow) -> str:
    """A convolution's parameters as a product: in·out·k·k (over the groups)."""
    groups = f" / {layer.groups}" if layer.groups > 1 else ""
    return f"{layer.in_channels}·{layer.channels}·{layer.kernel}·{layer.kernel}{groups}"


def _params_target(rng: random.Random, trace: Trace) -> str:
    """A module to count: a conv, a projection shortcut (twice as likely), or the classifier."""
    projections = [
        f"{block.name}.downsample" for block in trace.blocks if block.shortcut == "projection"
    ]
    convs = [row.name for row in trace.layers if row.is_leaf and row.type == "Conv2d"]
    return rng.choice([*projections, *projections, *convs, "fc"])


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


def _stage_question(rng: random.Random, number: int, kind: str, trace: Trace) -> Question:
    stage = rng.choice(trace.stages)
    if kind == "shape":
        return Question(
            number, kind, trace.spec.name, trace.input_size[1], stage.name, stage.out_shape
        )
    return Question(
        number, kind, trace.spec.name, trace.input_size[1], stage.name, stage.receptive_field
    )


def _question(rng: random.Random, number: int, kind: str) -> Question:
    name = rng.choice(NETWORKS)
    spec = PRESETS[name]
    if kind == "blocks":
        return Question(number, kind, name, 0, "", spec.layers)
    if kind == "depth":
        return Question(number, kind, name, 0, "", spec.depth, spec.depth_arithmetic)
    side = rng.choice(SIDES[spec.stem]) if kind == "shape" else default_input(spec)[1]
    trace = get_trace(spec, (spec.in_channels, side, side))
    if kind == "params":
        return params_question(number, trace, _params_target(rng, trace))
    return _stage_question(rng, number, kind, trace)


def practice_set(seed: int, level: Level = "intro", count: int = 8) -> list[Question]:
    """The questions of set ``seed``: the same in every process, session and language."""
    if level not in LEVELS:
        raise ValueError(f"level: {level!r} is not one of {list(LEVELS)}")
    rng = random.Random(f"practice set {int(seed)}, {level}")
    kinds = KINDS[level]
    return [
        _question(rng, number, kinds[(number - 1) % len(kinds)]) for number in range(1, count + 1)
    ]
