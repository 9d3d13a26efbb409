"""Everything Streamlit: cached loaders, URL state and shared widgets. The only module that imports it."""

from __future__ import annotations

import re
from typing import Any, Mapping

import pandas as pd
import streamlit as st

from . import diagram, viewstate
from .model import build_model
from .overview import overview_frame, stage_overview
from .specs import PRESETS, ResNetSpec
from .trace import Trace, trace

__all__ = [
    "ARCH",
    "navigation",
    "page_setup",
    "arch_state",
    "cached_trace",
    "current_view",
    "diagram_source",
    "file_stem",
    "fix_choice",
    "model_text",
    "on_net_change",
    "rendered_diagram",
    "seed_from_url",
    "show_table",
    "stage_blocks",
    "block_choice_label",
    "stage_table",
    "sync_url",
    "table_with_csv",
]

#: Widget keys of the architecture page: ARCH + a viewstate key.
ARCH = "arch_"
_VIA_APP = "_ran_through_app"


def navigation() -> st.navigation:
    """The app's pages; called by app.py on every run, which the pages check for."""
    st.session_state[_VIA_APP] = True
    return st.navigation(
        [
            st.Page("pages/home.py", title="Home", icon=":material/home:", url_path="home",
                    default=True),
            st.Page("pages/architecture.py", title="Architecture",
                    icon=":material/account_tree:", url_path="architecture"),
        ]
    )


def page_setup() -> None:
    """First line of every page: make sure the page runs inside app.py's navigation.

    On a fresh server, Streamlit answers the first request for a page URL by running the
    matching ``pages/*.py`` file directly (its older multipage mode), skipping app.py's page
    config and navigation. Declaring the navigation switches the server to app.py's pages for
    good, and a rerun then goes through app.py.
    """
    if st.session_state.pop(_VIA_APP, False):
        return
    navigation()
    st.rerun()


@st.cache_data(max_entries=64, show_spinner="Tracing the network…")
def stage_table(preset: str, input_size: tuple[int, int, int] = (3, 224, 224)) -> pd.DataFrame:
    """Per-stage overview of a preset, cached: it is the same for every visitor."""
    return overview_frame(stage_overview(PRESETS[preset], input_size))


def show_table(frame: pd.DataFrame, **kwargs: Any) -> None:
    """A full-width table whose integer columns read with thousands separators."""
    integer_columns = frame.select_dtypes("integer").columns
    float_columns = frame.select_dtypes("floating").columns
    config = {c: st.column_config.NumberColumn(format="localized") for c in integer_columns}
    config |= {c: st.column_config.NumberColumn(format="%.1f") for c in float_columns}
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config, **kwargs)


def file_stem(name: str, what: str) -> str:
    """A download file name from a (user-chosen) network name: letters, digits, - and _ only."""
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")[:48] or "network"
    return f"{safe}-{what}"


def table_with_csv(frame: pd.DataFrame, what: str, name: str) -> None:
    """A table and the button that downloads it as CSV."""
    show_table(frame)
    st.download_button(f"{what.capitalize()} as CSV", frame.to_csv(index=False),
                       f"{file_stem(name, what)}.csv", "text/csv")


# Traces are frozen values shared read-only by every session: a resource, not copied per rerun.
@st.cache_resource(max_entries=32, show_spinner="Tracing the network with torchinfo…")
def cached_trace(spec: ResNetSpec, input_size: tuple[int, int, int]) -> Trace:
    return trace(spec, input_size)


@st.cache_data(max_entries=64, show_spinner="Drawing the diagram…")
def diagram_source(view: viewstate.ArchView) -> str:
    """DOT text of the view's diagram (building it runs no program)."""
    dot = diagram.to_dot(cached_trace(view.spec, view.input_size), view.level, unfold=view.unfold,
                         stage=view.stage, block=view.block)
    return dot.source


@st.cache_data(max_entries=32, show_spinner="Rendering with Graphviz…")
def rendered_diagram(source: str, fmt: str) -> bytes:
    """SVG or PNG bytes from the dot program (raises DiagramError, which is not cached)."""
    return diagram.render(source, fmt)


@st.cache_data(max_entries=32)
def model_text(spec: ResNetSpec) -> str:
    """``print(model)`` of the network, from a meta build."""
    return str(build_model(spec, device="meta"))


def seed_from_url() -> list[str]:
    """On a session's first run, set the page's widgets from the URL; return what was unusable."""
    if st.session_state.get(ARCH + "seeded"):
        return []
    state, problems = viewstate.state_from_query(st.query_params.to_dict())
    for key, value in state.items():
        st.session_state[ARCH + key] = value
    st.session_state[ARCH + "seeded"] = True
    return problems


def arch_state() -> dict[str, Any]:
    """The page's widget values, keyed as viewstate expects.

    Streamlit forgets the state of widgets a run did not draw (the stage picker outside the
    layers view): those fall back to their defaults.
    """
    defaults = viewstate.default_state()
    return {key: st.session_state.get(ARCH + key, value) for key, value in defaults.items()}


def on_net_change() -> None:
    """Choosing a preset fills the layout fields with it; choosing custom starts from them."""
    net = st.session_state[ARCH + "net"]
    if net in PRESETS:
        spec = PRESETS[net]
        values = viewstate.fields_of(spec) | {"size": viewstate.default_size(spec)}
    else:
        values = {"name": "custom"}
    for key, value in values.items():
        st.session_state[ARCH + key] = value


def sync_url(query: Mapping[str, str]) -> None:
    """Keep the address bar in step with the view, so a copied link reopens it."""
    if st.query_params.to_dict() != dict(query):
        st.query_params.from_dict(query)


def fix_choice(key: str, options: list[Any]) -> None:
    """Reset a choice widget whose value the new options no longer hold (e.g. a removed stage)."""
    if st.session_state.get(ARCH + key) not in options:
        st.session_state[ARCH + key] = options[0]


def current_view() -> tuple[viewstate.ArchView, str | None]:
    """The view the widgets describe, or the last good one with the reason it was kept."""
    try:
        view = viewstate.view_from_state(arch_state())
        cached_trace(view.spec, view.input_size)  # input sizes the network can't take fail here
    except ValueError as error:
        fallback = st.session_state.get(ARCH + "last_good")
        if fallback is None:
            fallback = viewstate.view_from_state(viewstate.default_state())
        return fallback, str(error)
    st.session_state[ARCH + "last_good"] = view
    return view, None


def stage_blocks() -> dict[str, int]:
    """Blocks per stage of the network the widgets describe (or of the last good one)."""
    view, _ = current_view()
    return {f"layer{i + 1}": n for i, n in enumerate(view.spec.layers)}


def block_choice_label(index: int) -> str:
    return "the whole stage" if index < 0 else f"block {index} only"
