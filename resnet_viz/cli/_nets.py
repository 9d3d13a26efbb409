"""What the command line accepts as a network: a preset's name, or a custom network in the
Compare link's syntax (``block=bottleneck;layers=3,4,6,3``)."""

from __future__ import annotations

from ..models import ResNetSpec, default_input
from ..state import named_network
from ..trace import Shape, Trace, get_trace

__all__ = ["input_shape", "traced"]


def input_shape(spec: ResNetSpec, side: int | None) -> Shape:
    """The input it is traced at: ``side``×``side``, else its stem's default."""
    channels, default_side, _ = default_input(spec)
    return (channels, side or default_side, side or default_side)


def traced(text: str, side: int | None = None) -> Trace:
    spec = named_network(text)
    return get_trace(spec, input_shape(spec, side))
