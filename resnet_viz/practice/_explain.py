"""The worked explanation of a question, in the current language: the computation that
gives the answer, with the question's own numbers."""

from __future__ import annotations

from ..i18n import t
from ._changes import changes_between
from ._question import Question

__all__ = ["explanation"]


def _projections(question: Question) -> str:
    spec = question.spec
    option = "A" if spec.shortcut == "A" else spec.shortcut
    return t(f"practice.why.projections_{option}", blocks=question.answer_text())


def _print(question: Question) -> str:
    answer = str(question.answer)
    if question.about == "stride" and answer != "none":
        return t("practice.why.print_stride", conv=answer)
    key = {"identity": "identity", "projection": "projection", "zero-pad": "zero_pad"}
    return t(f"practice.why.print_{question.about}_{key.get(answer, answer)}")


def explanation(question: Question) -> str:
    """How the answer comes about (Markdown, its codes in backticks)."""
    kind = question.kind
    if kind == "projections":
        return _projections(question)
    if kind == "print":
        return _print(question)
    if kind == "changes":
        said = changes_between(question.network, question.target)
        return t(
            "practice.why.changes",
            before=question.network,
            after=question.target,
            said="; ".join(said),
        )
    spec = question.spec
    return t(
        f"practice.why.{kind}",
        network=question.label,
        target=question.target,
        answer=question.answer_text(),
        working=question.working,
        stages=len(spec.layers),
        blocks=sum(spec.layers),
        convs=2 if spec.block == "basic" else 3,
        channels=question.answer[0] if isinstance(question.answer, tuple) else "",
    )
