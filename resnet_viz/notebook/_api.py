"""The notebook's three calls: a network drawn (shown inline, saved to a file), its tables,
and networks compared, as the pages show them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from ..comparison import MAX_NETS, comparison_frame
from ..comparison import compare as compare_traces
from ..i18n import Language, use
from ..models import ResNetSpec, default_input
from ..state import named_network
from ..torch_loader import nn
from ..trace import OpUnit, Trace, get_trace
from ..views import block_frame, layer_frame, stage_frame
from ..views.diagram import Direction, Level, inline_svg, render, to_dot
from ._check import spec_of

__all__ = ["FORMATS", "UNITS", "Diagram", "compare", "draw", "summary"]

#: A network as the calls take it: a preset's name, a spec, the link syntax's text, a
#: checkpoint or print(model) text file, or a live module.
Net = str | Path | ResNetSpec | nn.Module
FRAMES = {"stages": stage_frame, "blocks": block_frame, "layers": layer_frame}
UNITS: dict[str, OpUnit] = {"macs": "MACs", "flops": "FLOPs"}
UnitName = Literal["macs", "flops"]
FileFormat = Literal["svg", "png", "pdf", "dot"]
FORMATS: tuple[FileFormat, ...] = ("svg", "png", "pdf", "dot")


def _spec(net: Net) -> ResNetSpec:
    if isinstance(net, ResNetSpec):
        return net
    if isinstance(net, (Path, nn.Module)) or Path(net[:4096]).is_file():
        return spec_of(net)
    return named_network(net)


def _trace(net: Net, side: int | None = None) -> Trace:
    spec = _spec(net)
    channels, default_side, _ = default_input(spec)
    return get_trace(spec, (channels, side or default_side, side or default_side))


@dataclass(frozen=True)
class Diagram:
    """A drawn network: Jupyter shows it inline; ``save`` writes SVG, PNG, PDF or DOT."""

    source: str
    title: str
    _svg: list[bytes] = field(default_factory=list, repr=False, compare=False)

    def svg(self) -> bytes:
        if not self._svg:
            self._svg.append(render(self.source, "svg"))
        return self._svg[0]

    def __repr__(self) -> str:
        return f"<Diagram {self.title}>"

    def _repr_svg_(self) -> str:
        return inline_svg(self.svg())

    def data(self, fmt: FileFormat) -> bytes:
        """The diagram as a file of format ``fmt`` holds it."""
        if fmt == "dot":
            return self.source.encode()
        if fmt == "svg":
            return self.svg()
        if fmt in ("png", "pdf"):
            return render(self.source, fmt)
        raise ValueError(f"fmt: say svg, png, pdf or dot, not {str(fmt)[:20]!r}")

    def save(self, path: str | Path, fmt: FileFormat | None = None) -> Path:
        """Write the diagram; the format follows the file's extension unless ``fmt`` says."""
        path = Path(path)
        suffix = path.suffix.lower().lstrip(".")
        if fmt is None and suffix not in FORMATS:
            raise ValueError(f"fmt: say svg, png, pdf or dot; {path.name!r} does not")
        path.write_bytes(self.data(fmt or suffix))  # type: ignore[arg-type]
        return path


def draw(
    net: Net,
    level: Level = "blocks",
    *,
    stage: str | None = None,
    block: int | None = None,
    direction: Direction | None = None,
    unfold: bool = False,
    input: int | None = None,
    lang: Language = "en",
) -> Diagram:
    """The Architecture page's diagram of ``net``."""
    trace = _trace(net, input)
    with use(lang):
        dot = to_dot(trace, level, unfold=unfold, stage=stage, block=block, direction=direction)
    return Diagram(dot.source, f"{trace.spec.name}: {level}")


def summary(
    net: Net,
    level: Literal["stages", "blocks", "layers"] = "stages",
    *,
    input: int | None = None,
    unit: UnitName = "macs",
    lang: Language = "en",
) -> pd.DataFrame:
    """The Architecture page's table of ``net`` per stage, block or layer."""
    if level not in FRAMES:
        raise ValueError(f"level: {level!r} is not one of {list(FRAMES)}")
    with use(lang):
        return FRAMES[level](_trace(net, input), UNITS[unit])


def compare(
    *nets: Net, unit: Literal["macs", "flops"] = "macs", lang: Language = "en"
) -> pd.DataFrame:
    """The Compare page's stage-aligned table of 2 to 4 networks; what changes from each to
    the next is in ``frame.attrs["what_changes"]``."""
    if not 2 <= len(nets) <= MAX_NETS:
        raise ValueError(f"nets: compare 2 to {MAX_NETS} networks, not {len(nets)}")
    with use(lang):
        comparison = compare_traces([_trace(net) for net in nets])
        frame = comparison_frame(comparison, UNITS[unit])
    frame.attrs["what_changes"] = [list(said) for said in comparison.changes]
    frame.attrs["networks"] = list(comparison.names)
    return frame
