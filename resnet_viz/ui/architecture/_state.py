"""The architecture page's state: widget values in session state, seeded from the URL and
kept in it."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ... import i18n
from ...i18n import Language
from ...models import PRESETS, stage_names
from ...state import (
    DEFAULT_NET,
    ArchView,
    default_size,
    default_state,
    detail_state,
    fields_of,
    friendly_error,
    state_from_query,
    stem_proposal,
    unhonoured,
    view_from_state,
)
from ...trace import get_trace
from .. import links
from ..keys import ARCH
from ..lang import language, t
from ..widgets import choose_default, tracing

__all__ = [
    "arch_state",
    "block_choice_label",
    "blocks_per_stage",
    "current_view",
    "fix_choice",
    "on_net_change",
    "on_stem_change",
    "open_detail",
    "remember_link",
    "seed_from_query",
    "seed_from_url",
]


def seed_from_url() -> list[str]:
    """Set the page's widgets from the URL on a session's first run, and whenever the
    address is one this session did not write (Back, Forward, a shared link): see
    ``links``. Returns what was unusable."""
    query = links.address_to_follow(ARCH)
    return [] if query is None else seed_from_query(query)


def remember_link(query: dict[str, str]) -> None:
    """Write the view into the address, as this session's own."""
    links.keep(ARCH, query)


def seed_from_query(query: dict[str, str]) -> list[str]:
    """Set the page's widgets from a link's query (a first visit, or Back and Forward);
    return what was unusable."""
    state, problems = state_from_query(query)
    try:
        problems += unhonoured(state, view_from_state(state))
    except ValueError as error:  # a custom net that can't be built: the sidebar shows the default
        shown = t("viewer.showing", shown=DEFAULT_NET)
        problems.append(friendly_error(str(error)) + shown)
        state = default_state()
    for key, value in state.items():
        st.session_state[ARCH + key] = value
    links.mark_followed(ARCH)
    return problems


def arch_state() -> dict[str, Any]:
    """The page's widget values, keyed as the state package expects.

    Streamlit forgets the state of widgets a run did not draw (the stage picker outside the
    layers view): those fall back to their defaults.
    """
    defaults = default_state()
    return {key: st.session_state.get(ARCH + key, value) for key, value in defaults.items()}


def on_net_change() -> None:
    """Choosing a preset fills the layout fields with it; choosing custom starts from them."""
    net = st.session_state[ARCH + "net"]
    if net in PRESETS:
        spec = PRESETS[net]
        values = fields_of(spec) | {"size": default_size(spec)}
    else:
        values = {"name": "custom"}
    for key, value in values.items():
        st.session_state[ARCH + key] = value


def fix_choice(key: str, options: list[Any]) -> None:
    """Reset a choice widget whose value the new options no longer hold (e.g. a removed stage)."""
    choose_default(ARCH + key, options, options[0])


def current_view() -> tuple[ArchView, str | None]:
    """The view the widgets describe, or the last good one with the reason it was kept."""
    try:
        view = view_from_state(arch_state())
        with tracing():  # input sizes the network can't take fail here
            get_trace(view.spec, view.input_size)
    except ValueError as error:
        fallback = st.session_state.get(ARCH + "last_good")
        if fallback is None:
            fallback = view_from_state(default_state())
        return fallback, friendly_error(str(error))
    st.session_state[ARCH + "last_good"] = view
    return view, None


def blocks_per_stage() -> dict[str, int]:
    """Blocks per stage of the network the widgets describe (or of the last good one)."""
    view, _ = current_view()
    return dict(zip(stage_names(view.spec), view.spec.layers, strict=True))


def on_stem_change() -> None:
    """A custom net's new stem brings its usual input size and classes, with a note."""
    proposal = stem_proposal(arch_state(), st.session_state[ARCH + "stem"])
    for key, value in proposal.items():
        st.session_state[ARCH + key] = value
    if proposal:
        changed = t("diagram.sep").join(
            t(f"arch.stem_proposal.{key}", value=value) for key, value in proposal.items()
        )
        st.toast(t("arch.stem_changed", changed=changed))


def open_detail(key: str) -> None:
    """Callback of the diagram: a clicked stage or block opens its layers."""
    target = (st.session_state.get(key) or {}).get("open")
    if not target:
        return
    try:
        values = detail_state(str(target))
    except ValueError:
        return  # not a node we made clickable: nothing to open
    for name, value in values.items():
        st.session_state[ARCH + name] = value


def block_choice_label(index: int, lang: Language | None = None) -> str:
    """The block picker's words: the whole stage (-1) or one block, in ``lang`` (None: this
    session's language)."""
    lang = lang or language()
    if index < 0:
        return i18n.t("arch.whole_stage", lang)
    return i18n.t("arch.block_only", lang, index=index)
