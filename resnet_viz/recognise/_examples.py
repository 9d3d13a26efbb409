"""print(model) texts to try on the Your ResNet page, each showing one kind of verdict: two
copies the article prints (one lost its line breaks, one stops early), a hand-written ResNet
and the widely used option-A CIFAR code's ResNet-20. They are real print(model) output; the
tests print the reference modules again and compare."""

from __future__ import annotations

from pathlib import Path

__all__ = ["EXAMPLE_PRINTS", "example_print"]

_DIR = Path(__file__).resolve().parent / "examples"

#: The examples in the order the page offers them (each a file ``examples/<key>.txt``).
EXAMPLE_PRINTS = (
    "resnet18-collapsed",
    "resnet50-truncated",
    "handwritten-resnet50-v1",
    "cifar-resnet20-option-a",
)


def example_print(key: str) -> str:
    """One example's text (a ``KeyError`` for a name that is not one of them)."""
    if key not in EXAMPLE_PRINTS:
        raise KeyError(key)
    return (_DIR / f"{key}.txt").read_text(encoding="utf-8")
