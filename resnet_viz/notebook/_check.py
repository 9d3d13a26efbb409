"""``rv.check``: an engineer's own ResNet (a live module, a checkpoint, a ``print(model)``
text) recognised, compared with the closest preset and, for a module, run beside our build
of the recognised spec with its weights."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..i18n import Language, t, use
from ..infer import CHECKPOINT_UPLOAD_MIB, EXTENSIONS
from ..models import ResNet, ResNetSpec, default_input
from ..recognise import (
    Recognised,
    RecognitionError,
    Verdict,
    compare_with_preset,
    load_weights,
    recognise_checkpoint,
    recognise_module,
    recognise_print,
    report_lines,
    settle,
)
from ..torch_loader import nn, torch

__all__ = ["Check", "check", "recognise_input", "spec_of"]

#: The largest output difference from our build that still counts as the same network
#: (float32 sums taken in another order differ by about this much at most).
SAME_OUTPUTS = 1e-4


@dataclass(frozen=True)
class Check:
    """What ``check`` found: the recognition, the verdict, and for a module how far its
    outputs are from our build's (the largest absolute difference on a random batch)."""

    recognised: Recognised
    verdict: Verdict
    lines: tuple[str, ...]
    max_difference: float | None = None

    @property
    def spec(self) -> ResNetSpec:
        return self.recognised.recognition.spec

    @property
    def outputs_equal(self) -> bool | None:
        """Whether a module's outputs equal our build's (None for files: nothing to run)."""
        return None if self.max_difference is None else self.max_difference <= SAME_OUTPUTS

    def model(self) -> ResNet:
        """Our builder's network with the checkpoint's or module's weights."""
        return load_weights(self.recognised)

    def mapping(self) -> pd.DataFrame:
        """Their names to ours, tensor by tensor, where they differ."""
        renamed = self.recognised.recognition.names.renamed()
        return pd.DataFrame(renamed, columns=["theirs", "ours"])

    def __str__(self) -> str:
        return "\n".join(self.lines)

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(line)}</li>" for line in self.lines)
        return f"<ul style='list-style: none; padding-left: 0'>{items}</ul>"


def recognise_input(source: str | Path | nn.Module) -> Recognised:
    """A module, a checkpoint file, a ``print(model)`` text file, or the text itself."""
    if isinstance(source, nn.Module):
        return recognise_module(source)
    path = Path(source) if isinstance(source, Path) or "\n" not in str(source) else None
    if path is not None and len(str(path)) < 4096 and path.is_file():
        if path.stat().st_size > CHECKPOINT_UPLOAD_MIB * 2**20:
            raise RecognitionError(t("yours.too_big", file=path.name, most=CHECKPOINT_UPLOAD_MIB))
        if path.suffix.lower() in EXTENSIONS:
            return recognise_checkpoint(path.read_bytes(), path.name)
        return recognise_print(path.read_text(encoding="utf-8", errors="replace"))
    if isinstance(source, str) and "(" in source:
        return recognise_print(source)
    raise RecognitionError(f"{str(source)[:80]!r}: no such file, and not print(model) text")


def spec_of(source: str | Path | nn.Module) -> ResNetSpec:
    """The recognised spec of a module, checkpoint or text, named after its file."""
    spec = recognise_input(source).recognition.spec
    if isinstance(source, (str, Path)) and Path(str(source)[:4096]).is_file():
        return spec.replace(name=Path(source).stem[:64] or spec.name)
    return spec


def _largest_difference(theirs: nn.Module, ours: ResNet) -> float:
    channels, side, _ = default_input(ours.spec)
    images = torch.randn(2, channels, side, side, generator=torch.Generator().manual_seed(0))
    was_training = theirs.training
    theirs.eval()
    try:
        with torch.no_grad():
            return float((theirs(images) - ours(images)).abs().max())
    finally:
        theirs.train(was_training)


def check(
    source: str | Path | nn.Module,
    *,
    lang: Language = "en",
    choose: Mapping[str, str] | None = None,
) -> Check:
    """Recognise ``source`` and compare it with the closest preset; a module is also run
    beside our build of what was recognised, with its own weights. ``choose`` settles what
    the input cannot tell (``{"stride_on": "1x1"}``, ``{"zero_pad": "split"}``)."""
    with use(lang):
        recognised = settle(recognise_input(source), choose)
        verdict = compare_with_preset(recognised)
        lines = report_lines(recognised.recognition, verdict)
    difference = None
    if isinstance(source, nn.Module) and recognised.recognition.complete:
        difference = _largest_difference(source, load_weights(recognised))
        with use(lang):
            key = "yours.outputs_equal" if difference <= SAME_OUTPUTS else "yours.outputs_differ"
            lines.append(t(key, difference=f"{difference:.3g}"))
    return Check(recognised, verdict, tuple(lines), difference)
