"""Presentation mode, for a projector: ``present=1`` in the link or the sidebar's switch, kept
across pages. The sidebar starts collapsed, headings are compact so a diagram starts high on
the screen, charts get larger type, and the walkthrough follows the ← and → keys."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from .lang import PRESENT, t

__all__ = ["PRESENT", "chart", "presentation_switch", "presenting", "settle_presentation", "style"]

#: Plotly's type in presentation mode (12 px otherwise): ticks, legends and hover text, and
#: titles a little larger.
CHART_FONT_PX = 18
CHART_TITLE_PX = 21

_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 3.6rem; padding-bottom: 1rem;
  padding-left: 1.5rem; padding-right: 1.5rem; max-width: 100%; }
[data-testid="stMain"] h1 { font-size: 1.6rem; padding: 0 0 0.2rem 0; }
[data-testid="stMain"] h2 { font-size: 1.5rem; padding: 0.3rem 0 0.2rem 0; }
[data-testid="stMain"] h3 { font-size: 1.3rem; padding: 0.2rem 0; }
[data-testid="stMain"] p, [data-testid="stMain"] li { font-size: 1.1rem; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] p { font-size: 1.9rem; }
</style>"""


def presenting() -> bool:
    """Whether this session shows pages for a projector."""
    return bool(st.session_state.get(PRESENT, False))


def settle_presentation() -> bool:
    """Once per run, before the page config: the link's ``present`` on a first visit, then
    the switch; the link keeps it for the next page."""
    if PRESENT not in st.session_state:
        st.session_state[PRESENT] = st.query_params.get(PRESENT, "") in ("1", "true", "yes")
    on = presenting()
    if on and st.query_params.get(PRESENT) != "1":
        st.query_params[PRESENT] = "1"
    elif not on and PRESENT in st.query_params:
        del st.query_params[PRESENT]
    return on


def presentation_switch() -> None:
    """The sidebar's switch (its value is the session's mode, so it survives page changes)."""
    st.sidebar.toggle(t("shell.present"), key=PRESENT, help=t("shell.present_help"))


def style() -> None:
    """The compact page style, on this run's page, when presenting."""
    if presenting():
        st.html(_CSS)


#: How much taller a chart is drawn when presenting, for its larger type.
_TALLER = 1.2


def _make_room(figure: go.Figure) -> None:
    """Larger type needs more room: a legend below the plot moves to the figure's bottom
    edge (Plotly then keeps the tick labels clear of it), and the chart grows taller."""
    legend = figure.layout.legend
    if legend.orientation == "h" and legend.y is not None and legend.y < 0:
        figure.update_layout(legend={"yref": "container", "y": 0, "yanchor": "bottom"})
    if figure.layout.height:
        figure.update_layout(height=round(figure.layout.height * _TALLER))


def chart(figure: go.Figure, place: object = None, **options: object) -> None:
    """``st.plotly_chart`` (or ``place.plotly_chart``) at the width of its box, with larger
    type when presenting; the figure passed in is left as it was (it may be shared)."""
    if presenting():
        figure = go.Figure(figure)
        figure.update_layout(font={"size": CHART_FONT_PX}, legend_font_size=CHART_FONT_PX)
        # Streamlit's chart theme sizes ticks and axis titles itself: only sizes set on the
        # axes win over it.
        axis_fonts = {"tickfont_size": CHART_FONT_PX, "title_font_size": CHART_FONT_PX}
        figure.update_xaxes(**axis_fonts)
        figure.update_yaxes(**axis_fonts)
        _make_room(figure)
        figure.update_annotations(font_size=CHART_TITLE_PX)  # subplot titles
        if figure.layout.title.text:
            figure.update_layout(title_font_size=CHART_TITLE_PX)
    target = place if place is not None else st
    target.plotly_chart(figure, width="stretch", **options)  # type: ignore[attr-defined]
