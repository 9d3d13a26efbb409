"""The residual lab's guided walkthrough: seven steps a teacher projects, one at a time, in
large type, each with diagrams drawn from real networks."""

from __future__ import annotations

import html
from collections.abc import Sequence

import streamlit as st

from .. import i18n
from ..diagram.concept import concept_view
from ..text import format_shape
from ..walkthrough import FORMULA, STEP_KEYS, Picture, Step, step
from .diagram_view import diagram_view, dot_source, natural_width
from .lang import language, t

__all__ = ["STEP", "walkthrough"]

WALK = "walk_"
#: Session-state key of the step shown: its index in ``STEP_KEYS`` (an int, kept across pages).
STEP = WALK + "step"
#: Diagram points per screen pixel at 1366 pixels wide (more on wider screens): node lines
#: of 11 points read at about 15 pixels.
_SCALE = 1.4
#: Steps whose pictures need the whole width: their text goes above them, not beside.
_TEXT_ABOVE = {"shortcuts", "depths", "pooling", "print"}
#: Type for a projector: the step's sentences at 1.45rem read from the back of a classroom at
#: 1366×768; the code keeps its columns but grows too.
_CSS = """<style>
.st-key-walk_text p, .st-key-walk_text li { font-size: 1.45rem; line-height: 1.55; }
.st-key-walk_text h3 { font-size: 2.1rem; line-height: 1.25; }
.st-key-walk_text code { font-size: 1.3rem; }
.st-key-walk_text .katex { font-size: 2.2rem; }
.st-key-walk_nav p { font-size: 1.3rem; font-weight: 600; }
.st-key-walk_nav button p { font-size: 1.2rem; }
.st-key-walk_nav input { font-size: 1.1rem; }
.st-key-walk_code pre, .st-key-walk_code code { font-size: 1.05rem; line-height: 1.5; }
.st-key-walk_code p, .st-key-walk_caption p { font-size: 1.15rem; }
.walk-head { border-collapse: collapse; font-size: 1.35rem; margin: 0.5rem 0 1rem; }
.walk-head th, .walk-head td { border-bottom: 1px solid #d0d4da; padding: 0.35rem 0.9rem;
  text-align: right; }
.walk-head th:first-child, .walk-head td:first-child { text-align: left; font-family: monospace; }
.walk-head thead th { font-family: inherit; font-weight: 600; }
</style>"""


def _index() -> int:
    """The step shown, reset to the first when the session holds anything else."""
    index = st.session_state.get(STEP)
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(STEP_KEYS):
        st.session_state[STEP] = 0
        return 0
    return index


def _move(delta: int) -> None:
    st.session_state[STEP] = min(max(_index() + delta, 0), len(STEP_KEYS) - 1)


def _navigation(index: int) -> None:
    """Previous, where we are, Next, and a picker to jump to any step."""
    with st.container(key="walk_nav"):
        back, where, forward, picker = st.columns([1.3, 1.6, 1.3, 4], vertical_alignment="center")
        # No keys on the buttons: the shell keeps every walk_ key across pages, and a button's
        # value can't be written back.
        back.button(
            t("walk.previous"),
            on_click=_move,
            args=(-1,),
            disabled=index == 0,
            width="stretch",
        )
        where.markdown(t("walk.step_of", number=index + 1, total=len(STEP_KEYS)))
        forward.button(
            t("walk.next"),
            on_click=_move,
            args=(1,),
            disabled=index == len(STEP_KEYS) - 1,
            type="primary",
            width="stretch",
        )
        # The labels are worded now, in this run's language, not whenever they are shown.
        labels = [
            t("walk.picker_option", number=number, title=t(f"walk.{key}.title"))
            for number, key in enumerate(STEP_KEYS, start=1)
        ]
        picker.selectbox(
            t("walk.picker"),
            list(range(len(STEP_KEYS))),
            key=STEP,
            format_func=labels.__getitem__,
            label_visibility="collapsed",
            help=t("walk.intro"),
        )


def _source(picture: Picture) -> str:
    """The picture's DOT text: the concept figure in this visitor's language, or a network's
    diagram from the shared cache."""
    if picture.spec is None:
        with i18n.use(language()):
            return concept_view(picture.concept).source
    return dot_source(
        picture.spec,
        picture.input_size,
        picture.level,
        picture.direction,
        stage=picture.stage,
        block=picture.block,
    )


def _pictures(current: Step, pictures: Sequence[Picture]) -> None:
    """The step's diagrams side by side at one scale, each boxed to about ``_SCALE`` times its
    natural size (tall diagrams scroll; the viewer's full screen shows them whole)."""
    sources = [_source(picture) for picture in pictures]
    widths = [natural_width(source) for source in sources]
    known = [width for width in widths if width]
    widest = max(known) if len(known) == len(widths) else None
    # One picture takes the box it is given; several share it in columns.
    places = st.columns(len(sources)) if len(sources) > 1 else [st.container()]
    for place, picture, source, width in zip(places, pictures, sources, widths, strict=True):
        box = f"{WALK}pic_{current.key}_{picture.name}"
        if widest:  # every picture's box as wide as the widest one's: one scale for all
            st.html(
                f"<style>.st-key-{box} {{ max-width: {widest * _SCALE * 100 / 1366:.1f}vw; "
                "margin: 0 auto; }</style>"
            )
        with place, st.container(key=box):
            diagram_view(
                source,
                {},
                key=f"{WALK}fig_{current.key}_{picture.name}",
                on_open=lambda: None,
                relative_width=width / widest if widest and width else None,
            )


def _head_table(current: Step) -> None:
    """The pooling step's table: the head's outputs at both input sizes, as escaped HTML."""
    sizes = [format_shape(size[1:]) for size in current.input_sizes]
    header = [t("walk.pooling.layer"), *(t("walk.pooling.output_at", size=s) for s in sizes)]
    header.append(t("walk.pooling.params"))
    rows = [
        [row.layer, *(format_shape(shape) for shape in row.shapes), f"{row.params:,}"]
        for row in current.head
    ]
    cells = "".join(f"<th>{html.escape(cell)}</th>" for cell in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    st.html(
        f'<table class="walk-head"><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>'
    )


def _text(current: Step, number: int) -> None:
    with st.container(key="walk_text"):
        st.subheader(f"{number}. {t(f'walk.{current.key}.title')}", anchor=False)
        if current.key == "residual":
            st.latex(FORMULA)
        # One sentence a line in the catalogue, one paragraph each on the screen.
        sentences = t(f"walk.{current.key}.text", **current.facts).strip().splitlines()
        st.markdown("\n\n".join(sentence for sentence in sentences if sentence.strip()))
        if current.head:
            _head_table(current)


def walkthrough() -> None:
    """The guided walkthrough section: a header, the step controls and the current step."""
    st.html(_CSS)
    # No header of its own: on a 768-pixel projector the step must start above the fold
    # (the lab's part picker already names this part); the intro is the picker's help.
    index = _index()
    _navigation(index)
    with st.spinner(t("walk.preparing")):
        current = step(STEP_KEYS[index])
    if current.key not in _TEXT_ABOVE:
        words, pictures = st.columns([2, 3], gap="large")
        with words:
            _text(current, index + 1)
        with pictures:
            _pictures(current, current.pictures)
        return
    _text(current, index + 1)
    if not current.code:
        _pictures(current, current.pictures)
        return
    code, picture = st.columns([3, 2], gap="large")  # print(model) beside the same block
    with code, st.container(key="walk_code"):
        st.markdown(t("walk.code_caption", block=current.facts["block"]))
        st.code(current.code, language="text", wrap_lines=True)
    with picture:
        with st.container(key="walk_caption"):
            st.markdown(t("walk.diagram_caption"))
        _pictures(current, current.pictures)
