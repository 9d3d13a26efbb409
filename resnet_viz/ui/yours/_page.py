"""The Your ResNet page: a checkpoint or a print(model) text in, and out what was recognised,
how its names map to ours, what differs from the closest preset (or one the visitor picks),
its diagram and stage table, and links onward."""

from __future__ import annotations

from collections import OrderedDict

import pandas as pd
import streamlit as st

from ...infer import CHECKPOINT_UPLOAD_MIB, EXTENSIONS, default_class_names
from ...models import PRESETS, default_input
from ...recognise import (
    EXAMPLE_PRINTS,
    MAX_PRINT_CHARS,
    Recognised,
    Verdict,
    compare_with_preset,
    example_print,
    inferred_preprocess,
    left_over_lines,
    spec_sentence,
)
from ...state import CUSTOM, ArchView, query_from_nets, query_from_view
from ...text import escape_markdown
from ...trace import get_trace
from ...views import stage_frame
from ..diagram_view import diagram_view, dot_source, natural_width
from ..lang import language, link_settings, t
from ..own_network import Reading, hand_to_inference, read_checkpoint, read_text, settled
from ..widgets import choose_default, plain_heading, show_table, tracing

__all__ = ["chosen_input", "show"]

#: The name a recognised network goes by in links and tables.
YOURS = "yours"
_TEXT_UPLOAD_MIB = 2
#: A stage diagram as wide as this (in points) fills the page's width; narrower ones keep
#: their natural size instead of being blown up.
_DIAGRAM_POINTS = 900
_VERDICT_BOX = {"identical": st.success, "renamed": st.info, "differs": st.warning}


def chosen_input() -> Reading | None:
    """The checkpoint or text the visitor gave, read (None: nothing given yet)."""
    kinds = ("checkpoint", "text")
    choose_default("yours_kind", kinds, "checkpoint")
    kind = st.segmented_control(
        t("yours.page.what_you_have"),
        kinds,
        format_func=lambda key: t(f"yours.page.kind_{key}"),
        key="yours_kind",
    )
    if kind == "text":
        return _text_input()
    upload = st.file_uploader(
        t("yours.page.checkpoint"),
        type=[extension.lstrip(".") for extension in EXTENSIONS],
        key="yours_ckpt",
        help=t("yours.page.checkpoint_help", limit=CHECKPOINT_UPLOAD_MIB),
        max_upload_size=CHECKPOINT_UPLOAD_MIB,
    )
    if upload is None:
        st.info(t("yours.page.upload_hint"))
        return None
    return read_checkpoint(upload.name, upload.getvalue())


def _fill_example() -> None:
    """Put the chosen example into the text box, and leave the picker ready for another."""
    chosen = st.session_state.get("yours_example")
    if chosen in EXAMPLE_PRINTS:
        st.session_state["yours_text"] = example_print(chosen)
    st.session_state["yours_example"] = None


def _text_input() -> Reading | None:
    st.selectbox(
        t("yours.page.example"),
        EXAMPLE_PRINTS,
        index=None,
        format_func=lambda key: t(f"yours.example.{key}"),
        placeholder=t("yours.page.example_placeholder"),
        key="yours_example",
        on_change=_fill_example,
    )
    text = st.text_area(
        t("yours.page.paste"),
        key="yours_text",
        height=220,
        max_chars=MAX_PRINT_CHARS,
        placeholder=t("yours.page.paste_placeholder"),
    )
    upload = st.file_uploader(
        t("yours.page.text_file"),
        type=["txt", "log", "md"],
        key="yours_text_file",
        max_upload_size=_TEXT_UPLOAD_MIB,
    )
    if upload is not None:
        return read_text(upload.getvalue().decode("utf-8", "replace"), upload.name)
    if not text.strip():
        st.info(t("yours.page.paste_hint"))
        return None
    return read_text(text)


def _verdict(reading: Reading, recognised: Recognised, against: str | None) -> Verdict:
    """The comparison, remembered for this session per input, choices and preset."""
    memo = st.session_state.setdefault("_yours_verdicts", OrderedDict())
    key = (reading.token, recognised.recognition.choices, against, language())
    if key not in memo:
        memo[key] = compare_with_preset(recognised, against)
        while len(memo) > 8:
            memo.popitem(last=False)
    return memo[key]


def _show_verdict(verdict: Verdict) -> None:
    _VERDICT_BOX[verdict.kind](verdict.headline)
    lines = [*verdict.renames, *verdict.differences]
    if lines:
        st.markdown("\n".join(f"- {line}" for line in lines))


def _mapping_table(recognised: Recognised) -> None:
    names = recognised.recognition.names
    rows = [(names.prefix, "", t("yours.page.every_name"))] if names.prefix else []
    rows += [(rename.theirs, rename.ours, str(rename.count)) for rename in names.renames]
    if not rows:
        st.caption(t("yours.page.names_same"))
        return
    columns = [t("yours.page.col_theirs"), t("yours.page.col_ours"), t("yours.page.col_where")]
    show_table(pd.DataFrame(rows, columns=columns))
    renamed = names.renamed()
    with st.expander(t("yours.page.every_tensor", count=len(renamed))):
        show_table(pd.DataFrame(renamed, columns=columns[:2]))


def _rows_table(verdict: Verdict) -> None:
    """Where the two differ, layer by layer (a text) or tensor by tensor (a checkpoint)."""
    by = verdict.rows_by
    if not verdict.rows:
        st.caption(t(f"yours.page.no_rows_{by}", owner=verdict.preset))
        return
    st.caption(t(f"yours.rows_{by}", owner=verdict.preset, count=verdict.rows_total))
    frame = pd.DataFrame(
        [(row.name, row.yours, row.reference) for row in verdict.rows],
        columns=[t(f"yours.page.col_{by}"), t("yours.page.col_yours"), verdict.preset],
    )
    show_table(frame)


def _links(reading: Reading, recognised: Recognised, against: str) -> None:
    spec = recognised.recognition.spec.replace(name=YOURS)
    side = default_input(spec)[1]
    # One under another: side by side, a long preset name is cut off on a projector.
    st.page_link(
        "app_pages/architecture.py",
        label=t("yours.page.open_architecture"),
        icon=":material/account_tree:",
        query_params=query_from_view(ArchView(spec, CUSTOM, side, level="blocks")),
    )
    st.page_link(
        "app_pages/compare.py",
        label=t("yours.page.open_compare", name=against),
        icon=":material/compare_arrows:",
        query_params=query_from_nets([spec, PRESETS[against]]),
    )
    if recognised.tensors is None:
        st.caption(t("yours.page.inference_needs_weights"))
    elif not recognised.recognition.complete:
        st.caption(t("yours.page.inference_needs_all"))
    elif st.button(t("yours.page.open_inference"), icon=":material/photo_camera:"):
        hand_to_inference(reading, recognised)
        st.switch_page("app_pages/inference.py", query_params=link_settings())


def show(reading: Reading) -> None:
    """Everything recognised from one input."""
    if reading.recognised is None:
        st.error(escape_markdown(reading.error or ""))
        return
    plain_heading(t("yours.page.recognised"), 3)
    recognition = reading.recognised.recognition
    if recognition.stops_after is not None:
        st.info(t("yours.page.partial_note", where=recognition.stops_after or "—"))
    st.markdown(escape_markdown(spec_sentence(recognition.spec)))
    st.caption(t("yours.names_are", layout=t(f"yours.layout.{recognition.layout}")))
    recognised = settled(reading, reading.recognised, "yours_", horizontal=True)
    for choice in recognised.recognition.choices:
        st.caption(choice.reason)
    recognition = recognised.recognition
    for line in left_over_lines(recognition):
        st.warning(escape_markdown(line))
    if recognised.tensors is not None:
        st.caption(inferred_preprocess(recognition)[1])
        assumed = default_class_names(recognition.spec)[1]
        if assumed:
            st.caption(assumed)

    plain_heading(t("yours.page.against"), 3)
    closest = _verdict(reading, recognised, None)
    against_key = f"yours_against_{reading.token[:16]}"
    choose_default(against_key, list(PRESETS), closest.preset)
    against = st.selectbox(
        t("yours.page.compare_with"),
        list(PRESETS),
        key=against_key,
        help=t("yours.page.compare_with_help", closest=closest.preset),
    )
    verdict = closest if against == closest.preset else _verdict(reading, recognised, against)
    _show_verdict(verdict)
    _rows_table(verdict)

    plain_heading(t("yours.page.names"), 3)
    _mapping_table(recognised)

    plain_heading(t("yours.page.picture"), 3)
    spec = recognition.spec.replace(name=YOURS)
    size = default_input(spec)
    with tracing():
        trace = get_trace(spec, size)
    source = dot_source(spec, size, "stages", "TB")
    width = natural_width(source)
    diagram_view(
        source,
        {},
        key="yours_diagram",
        on_open=lambda: None,
        relative_width=None if width is None else min(1.0, width / _DIAGRAM_POINTS),
    )
    show_table(stage_frame(trace, "MACs"))
    _links(reading, recognised, against)
