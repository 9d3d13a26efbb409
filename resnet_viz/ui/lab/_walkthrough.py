"""The residual lab's guided walkthrough: seven steps a teacher projects, one at a time, in
large type, each with diagrams drawn from real networks."""

from __future__ import annotations

import html
from collections.abc import Sequence

import streamlit as st

from ... import i18n
from ...lab import FORMULA, STEP_KEYS, Picture, Step, downsample_lines, step
from ...text import escape_markdown, format_shape
from ...views.diagram import concept_view
from .. import links
from ..diagram_view import diagram_view, dot_source, natural_width
from ..keys import WALK
from ..lang import language, t

__all__ = ["LINK_STEP", "STEP", "adopt_link", "leave_link", "walkthrough"]

#: Session-state key of the step shown: its index in ``STEP_KEYS`` (an int, kept across pages).
STEP = WALK + "step"
#: The link's parameter for the step shown, counted from 1 (``/lab?step=4``).
LINK_STEP = "step"
#: Session-state key of the lesson's keys (← →); not a ``walk_`` key, which pages keep.
_KEYS = "lesson_keys"
#: ← and → anywhere on the page step through the walkthrough (not while typing in a field).
_KEYS_JS = """
export default function ({ setTriggerValue }) {
  const state = (window.__resnetVizLesson = window.__resnetVizLesson || {});
  state.send = setTriggerValue;
  if (!state.listening) {
    state.listening = true;
    document.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
      if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return;
      const busy = event.composedPath().some((element) => element.tagName === "INPUT"
        || element.tagName === "TEXTAREA" || element.isContentEditable
        || (element.getAttribute && ["listbox", "combobox", "slider"].includes(
          element.getAttribute("role"))));
      if (busy || !window.__resnetVizLesson.send) return;
      event.preventDefault();
      window.__resnetVizLesson.send("key", event.key === "ArrowRight" ? "next" : "previous");
    });
  }
  return () => { if (state.send === setTriggerValue) state.send = null; };
}
"""
_LESSON_KEYS = st.components.v2.component(
    "resnet_viz_lesson_keys", html="<span hidden></span>", js=_KEYS_JS
)
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
.st-key-walk_code .walk-print { background: #f6f7f9; border-radius: 8px; margin: 0;
  padding: 0.6rem 0.9rem; line-height: 1.35; white-space: pre; overflow: auto;
  max-height: max(150px, calc(100vh - 560px)); }
.st-key-walk_code .walk-print, .st-key-walk_code .walk-print code { font-size: 0.9rem; }
.walk-mark { background: #ffe0b2; color: inherit; border-radius: 3px; padding: 0 2px; }
.walk-head { border-collapse: collapse; font-size: 1.35rem; margin: 0.5rem 0 1rem; }
.walk-head th, .walk-head td { border-bottom: 1px solid #d0d4da; padding: 0.35rem 0.7rem;
  text-align: right; }
.walk-head th:first-child, .walk-head td:first-child { text-align: left; font-family: monospace; }
.walk-head thead th { font-family: inherit; font-weight: 600; }
@media (max-width: 1279px) {
  .st-key-walk_text p, .st-key-walk_text li { font-size: 1.2rem; line-height: 1.45; }
  .st-key-walk_text h3 { font-size: 1.6rem; }
  .st-key-walk_text .katex { font-size: 1.8rem; }
  .st-key-walk_nav p { font-size: 1.1rem; }
  .st-key-walk_nav button p { font-size: 1.05rem; }
  .walk-head { font-size: 1.1rem; margin: 0.3rem 0 0.5rem; }
  .walk-head th, .walk-head td { padding: 0.2rem 0.5rem; }
}
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


def _on_key() -> None:
    """← or → pressed on the page: the previous or next step."""
    pressed = getattr(st.session_state.get(_KEYS), "key", None)
    if pressed in ("next", "previous"):
        _move(1 if pressed == "next" else -1)


def adopt_link() -> bool:
    """Before the lab's part is chosen: a link's ``step`` that this session did not write
    (a shared link, Back or Forward) opens the walkthrough at that step; a value that is not
    a step is named and ignored. Says whether the link chose a step."""
    query = links.address_to_follow(WALK)
    links.mark_followed(WALK)
    raw = None if query is None else query.get(LINK_STEP)
    if raw is None:
        return False
    try:
        number = int(raw.strip())
    except ValueError:
        number = 0
    if not 1 <= number <= len(STEP_KEYS):
        problem = t("walk.bad_step", got=raw[:40], total=len(STEP_KEYS))
        st.warning(t("shell.ignored_from_link", problem=escape_markdown(problem)))
        return False
    st.session_state[STEP] = number - 1
    return True


def leave_link() -> None:
    """The lab shows its experiments: no step in the address (Back returns to the step)."""
    links.keep(WALK, {})


def _navigation(index: int) -> None:
    """Previous, where we are, Next, and a picker to jump to any step."""
    with st.container(key="walk_nav"):
        back, where, forward, picker = st.columns([1.6, 1.5, 1.6, 3], vertical_alignment="center")
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
                fill_screen=True,
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


def _printed(code: str) -> None:
    """The block's print text as code, its ``(downsample)`` lines highlighted (escaped HTML:
    Streamlit's code blocks cannot mark lines)."""
    marked = downsample_lines(code)
    lines = []
    for number, line in enumerate(code.splitlines()):
        text = html.escape(line)
        if marked and marked[0] <= number <= marked[1]:
            text = f'<mark class="walk-mark">{text}</mark>'
        lines.append(text)
    st.html(f'<pre class="walk-print"><code>{chr(10).join(lines)}</code></pre>')


def _text(current: Step, number: int) -> None:
    with st.container(key="walk_text"):
        st.subheader(f"{number}. {t(f'walk.{current.key}.title')}", anchor=False)
        if current.key == "residual":
            st.latex(FORMULA)
        # One sentence a line in the catalogue, one paragraph each on the screen.
        sentences = t(f"walk.{current.key}.text", **current.facts).strip().splitlines()
        text = "\n\n".join(sentence for sentence in sentences if sentence.strip())
        if not current.head:
            st.markdown(text)
            return
        # The head's table beside the sentences, so the pictures below still fit the screen.
        words, table = st.columns([3, 2], gap="medium")
        words.markdown(text)
        with table:
            _head_table(current)


def walkthrough() -> None:
    """The guided walkthrough section: a header, the step controls and the current step."""
    st.html(_CSS)
    # No header of its own: on a 768-pixel projector the step must start above the fold
    # (the lab's part picker already names this part); the intro is the picker's help.
    index = _index()
    links.keep(WALK, {LINK_STEP: str(index + 1)})
    _LESSON_KEYS(data={}, key=_KEYS, on_key_change=_on_key)
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
        _printed(current.code)
        with st.expander(t("walk.print.bn_title")):
            st.markdown(t("walk.print.bn_text"))
    with picture:
        with st.container(key="walk_caption"):
            st.markdown(t("walk.diagram_caption"))
        _pictures(current, current.pictures)
