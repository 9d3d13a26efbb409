"""The visitor's own ResNet, read once per file or text and kept in their session only: the
Your ResNet page and the Inference page's "My own checkpoint" meet here, not in each other."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import streamlit as st

from ..recognise import (
    Recognised,
    RecognitionError,
    recognise_checkpoint,
    recognise_print,
    settle,
    value_text,
)
from .lang import t
from .widgets import choose_default

__all__ = [
    "Reading",
    "hand_to_inference",
    "handed_network",
    "read_checkpoint",
    "read_text",
    "settled",
    "take_handover",
]

_READINGS = "own_network_readings"
_HELD = "own_network_held"
_HANDED_OVER = "own_network_handed_over"
#: Readings kept per session: the one shown and the one before (a checkpoint holds its
#: tensors, up to the upload limit).
_KEPT = 2


@dataclass(frozen=True)
class Reading:
    """One file or text read: its name, a token for caches, and what was recognised (or the
    one sentence saying why nothing was)."""

    name: str
    token: str
    recognised: Recognised | None
    error: str | None = None


def _read(name: str, digest: str, read: Callable[[], Recognised]) -> Reading:
    readings: OrderedDict[str, Reading] = st.session_state.setdefault(_READINGS, OrderedDict())
    token = f"{digest}:{name}"
    if token not in readings:
        with st.spinner(t("yours.page.reading", name=name)):
            try:
                readings[token] = Reading(name, token, read())
            except (RecognitionError, ValueError) as error:
                readings[token] = Reading(name, token, None, str(error))
        while len(readings) > _KEPT:
            readings.popitem(last=False)
    readings.move_to_end(token)
    return readings[token]


def read_checkpoint(name: str, data: bytes) -> Reading:
    """A checkpoint's recognition, read once per content (the file is never run)."""
    digest = hashlib.sha256(data).hexdigest()
    return _read(name, digest, lambda: recognise_checkpoint(data, name))


def read_text(text: str, name: str = "print(model)") -> Reading:
    """A ``print(model)`` text's recognition, parsed once per content."""
    digest = hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()
    return _read(name, digest, lambda: recognise_print(text))


def hand_to_inference(reading: Reading, recognised: Recognised) -> None:
    """Give the Inference page this checkpoint (with the visitor's choices), in this session
    only; it opens on it next time (``take_handover``)."""
    st.session_state[_HELD] = (reading.name, reading.token, recognised)
    st.session_state[_HANDED_OVER] = True


def handed_network() -> tuple[str, str, Recognised] | None:
    """The checkpoint the Your ResNet page handed over: its name, token and recognition."""
    return st.session_state.get(_HELD)


def take_handover() -> bool:
    """Whether a checkpoint has just been handed over (once)."""
    return bool(st.session_state.pop(_HANDED_OVER, False))


def settled(reading: Reading, recognised: Recognised, prefix: str, **radio: Any) -> Recognised:
    """The visitor's answers to what the input could not tell, one radio each (keyed per
    input under the page's ``prefix``, starting on the recognition's own choice)."""
    chosen: dict[str, str] = {}
    for choice in recognised.recognition.choices:
        key = f"{prefix}choice_{choice.field}_{reading.token[:16]}"
        options: list[str] = list(choice.options)
        choose_default(key, options, choice.chosen)
        chosen[choice.field] = st.radio(
            t(f"yours.field.{choice.field}"),
            options,
            format_func=partial(value_text, choice.field),
            key=key,
            help=choice.reason,
            **radio,
        )
    return settle(recognised, chosen)
