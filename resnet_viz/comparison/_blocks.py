"""Block against block: one block's layers stepped through, shortcut options A/B/C side by
side, and the plain twin; the arithmetic the compare page's last section shows."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..i18n import t
from ..models import SHORTCUTS, ResNetSpec, ShortcutOption
from ..text import format_shape
from ..trace import OpUnit, Trace, ops_in
from ..views import layer_notation

__all__ = ["block_steps_frame", "shortcut_option_frame", "shortcut_option_specs"]


def block_steps_frame(trace: Trace, block: str, unit: OpUnit = "MACs") -> pd.DataFrame:
    """Every layer of one block (e.g. "layer3.1") in call order: what it is, the shape it
    hands on, and what it costs; the last row adds them up (worded in the current language)."""
    layers = [
        layer
        for layer in trace.layers
        if layer.is_leaf and layer.name.startswith(block + ".") and layer.type != "Identity"
    ]
    if not layers:
        raise ValueError(f"block: {block!r} is not a block of {trace.spec.name}")
    records = [
        {
            "layer": layer.name.removeprefix(block + "."),
            "what": layer_notation(layer) or layer.type,
            "output": format_shape(layer.output_shape),
            "params": layer.params,
            unit: ops_in(layer.mult_adds, unit),
        }
        for layer in layers
    ]
    records.append(
        {
            "layer": t("cmp.steps.block"),
            "what": t("cmp.steps.all"),
            "output": "",
            "params": sum(layer.params for layer in layers),
            unit: ops_in(sum(layer.mult_adds for layer in layers), unit),
        }
    )
    return pd.DataFrame(records)


def shortcut_option_specs(spec: ResNetSpec) -> dict[ShortcutOption, ResNetSpec | str]:
    """The network under each shortcut option, or why that option can't build it."""
    found: dict[ShortcutOption, ResNetSpec | str] = {}
    for option in SHORTCUTS:
        try:
            found[option] = spec.replace(shortcut=option, name=f"{spec.name[:58]} · {option}")
        except ValueError as error:
            found[option] = str(error)
    return found


def shortcut_option_frame(
    traces: Mapping[ShortcutOption, Trace], unit: OpUnit = "MACs"
) -> pd.DataFrame:
    """One row per option: totals, what the shortcuts cost, and which blocks project."""
    records = []
    for option, trace in traces.items():
        projected = [block.name for block in trace.blocks if block.shortcut == "projection"]
        records.append(
            {
                "option": option,
                "params": trace.total_params,
                unit: ops_in(trace.total_mult_adds, unit),
                "shortcut params": sum(block.shortcut_params for block in trace.blocks),
                f"shortcut {unit}": ops_in(sum(b.shortcut_mult_adds for b in trace.blocks), unit),
                "zero-pad blocks": sum(block.shortcut == "zero-pad" for block in trace.blocks),
                "projections": len(projected),
                "projected blocks": ", ".join(projected[:8]) + (" …" if len(projected) > 8 else ""),
            }
        )
    return pd.DataFrame(records)
