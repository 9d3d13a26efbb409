"""One practice question: codes and numbers only, worded when shown (in the visitor's
language), checked against what a person types or picks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..i18n import t
from ..models import PRESETS, ResNetSpec
from ._answers import parse_amount, parse_numbers, parse_whole

__all__ = ["CHOICE_KINDS", "MULTI_CHOICE_KINDS", "Answer", "Question", "Reply"]

#: An exact answer: a whole number; several (a shape, blocks per stage); the codes of the
#: right choices (projection blocks); one choice's code.
Answer = int | tuple[int, ...] | tuple[str, ...] | str
#: What a visitor gives: typed text, or the codes of the choices picked.
Reply = str | tuple[str, ...]
#: Kinds answered by picking: all that apply, or one.
MULTI_CHOICE_KINDS = frozenset({"projections"})
CHOICE_KINDS = frozenset({"projections", "changes", "print"})
#: Choices worded in the visitor's language (the rest are names from the code).
WORDED_CHOICES = frozenset({"identity", "projection", "zero-pad", "none"})
#: How far a multiply-add count may be from the exact one (people round).
TOLERANCE = 0.01


@dataclass(frozen=True)
class Question:
    """One question: about which network (a preset, with another shortcut option where
    ``shortcut`` says so), at which input side, which module, stage, block or second network
    (``target``), and its exact answer.

    Choice kinds keep their options as codes: block names ("layer2.0"), "identity" or
    "Bottleneck", or for "changes" a change between two presets ("resnet34>resnet50#0": the
    first thing the Compare page says changes from resnet34 to resnet50)."""

    number: int
    kind: str
    network: str
    side: int
    target: str
    answer: Answer
    #: The numbers its explanation shows ("256·512·1·1 + 2·512").
    working: str = ""
    shortcut: str = ""
    choices: tuple[str, ...] = ()
    #: For "print": what is asked of the printed block ("shortcut", "block" or "stride").
    about: str = ""
    #: For "print": the block's ``print`` text.
    printed: str = ""

    @property
    def spec(self) -> ResNetSpec:
        """The network the question is about."""
        spec = PRESETS[self.network]
        return spec.replace(shortcut=self.shortcut) if self.shortcut else spec

    @property
    def label(self) -> str:
        """The network as the question names it: "resnet20 (shortcut option B)"."""
        return self._named(str)

    def _named(self, mark: Callable[[str], str]) -> str:
        if not self.shortcut:
            return mark(self.network)
        return t("practice.variant", network=mark(self.network), option=self.shortcut)

    @property
    def input_text(self) -> str:
        """The input side as the key prints it ("224×224"), empty where none is asked."""
        return f"{self.side}×{self.side}" if self.side else ""

    def text(self, mark: Callable[[str], str] = str) -> str:
        """The question in the current language; ``mark`` dresses the names from the code
        (the page puts them in backticks)."""
        key = f"practice.q.{self.kind}" + (f"_{self.about}" if self.about else "")
        target = mark(self.target) if self.target else ""
        return t(key, network=self._named(mark), side=self.side, target=target)

    def choice_text(self, code: str) -> str:
        """One option in the current language."""
        if self.kind == "changes":
            from ._changes import change_text  # it traces the two networks

            return change_text(code)
        if code in WORDED_CHOICES:
            return t(f"practice.choice.{code}")
        return code  # block, conv and class names read the same in every language

    def answer_text(self) -> str:
        """The answer as the key prints it: 132,096 / 256×14×14 / [3, 4, 6, 3] / a choice."""
        if isinstance(self.answer, int):
            return f"{self.answer:,}"
        if isinstance(self.answer, str):
            return self.choice_text(self.answer)
        if self.kind == "projections":
            return ", ".join(self.answer) if self.answer else t("practice.none")  # type: ignore[arg-type]
        if self.kind == "shape":
            return "×".join(map(str, self.answer))
        return "[" + ", ".join(map(str, self.answer)) + "]"

    def is_right(self, reply: Reply) -> bool:
        """Whether a reply is right: typed numbers read as people write them, multiply-adds
        within 1 %, picked choices exactly the right ones."""
        if self.kind in MULTI_CHOICE_KINDS:
            picked = (reply,) if isinstance(reply, str) else reply
            return set(picked) == set(self.answer)  # type: ignore[arg-type]
        if self.kind in CHOICE_KINDS:
            return reply == self.answer
        if not isinstance(reply, str):
            return False
        if self.kind == "mult_adds":
            amount = parse_amount(reply)
            exact = float(self.answer)  # type: ignore[arg-type]
            return amount is not None and abs(amount - exact) <= TOLERANCE * exact
        if isinstance(self.answer, int):
            return parse_whole(reply) == self.answer
        return parse_numbers(reply) == self.answer
