"""What the command line accepts as a network: a preset's name, or a custom network in the
Compare link's syntax (``block=bottleneck;layers=3,4,6,3``)."""

from __future__ import annotations

from ..models import PRESETS, ResNetSpec, default_input
from ..state import spec_from_text
from ..trace import Shape, Trace, get_trace

__all__ = ["input_shape", "network", "traced"]


def network(text: str) -> ResNetSpec:
    """The network ``text`` names; ValueError says what was expected."""
    if text in PRESETS:
        return PRESETS[text]
    if "=" in text:
        return spec_from_text(text)
    raise ValueError(
        f"{text[:60]!r} is neither a preset ({', '.join(sorted(PRESETS)[:6])}, …) nor a "
        "network in the link syntax (block=bottleneck;layers=3,4,6,3)"
    )


def input_shape(spec: ResNetSpec, side: int | None) -> Shape:
    """The input it is traced at: ``side``×``side``, else its stem's default."""
    channels, default_side, _ = default_input(spec)
    return (channels, side or default_side, side or default_side)


def traced(text: str, side: int | None = None) -> Trace:
    spec = network(text)
    return get_trace(spec, input_shape(spec, side))
