"""The practice page: the set's controls, the score, and each question with its answer
widget, verdict, worked explanation and a link to the view it is about."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ... import i18n
from ...models import PRESETS, default_input
from ...practice import CHOICE_KINDS, LEVELS, MULTI_CHOICE_KINDS, Level, Question, explanation
from ...state import CUSTOM, ArchView, query_from_nets, query_from_view
from ..lang import language, t
from ..widgets import tracing
from . import _state

__all__ = ["controls", "link_notices", "question", "score", "the_set"]


def _in_this_runs_language(word: Callable[[str], str]) -> Callable[[str], str]:
    """A ``format_func`` that words options in this run's language, fixed now (Streamlit may
    call it outside the run)."""
    lang = language()

    def worded(code: str) -> str:
        with i18n.use(lang):
            return word(code)

    return worded


def link_notices(notes: list[str]) -> None:
    """What the link held that could not be used, in one sentence each."""
    for note in notes:
        st.warning(t(note))


def controls() -> tuple[int, Level]:
    """The level, the set's number and "New set"; returns the set and level to show."""
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    left.radio(
        t("practice.page.level"),
        LEVELS,
        key=_state.LEVEL,
        format_func=_in_this_runs_language(lambda level: t(f"practice.level_{level}")),
        horizontal=True,
    )
    right.button(
        t("practice.page.new_set"),
        key="practice_new_set",
        on_click=_state.new_set,
        icon=":material/casino:",
    )
    seed, level = st.session_state[_state.SET], st.session_state[_state.LEVEL]
    st.caption(t("practice.page.set_caption", set=seed))
    return seed, level


def the_set(seed: int, level: Level) -> list[Question]:
    """The set's questions (tracing the networks they are about, the first time)."""
    with tracing():
        return _state.questions(seed, level)


def score(seed: int, level: Level, count: int) -> None:
    """Right, wrong and still to answer, for this session."""
    right, wrong = _state.score(seed, level, count)
    st.progress(
        right / count,
        text=t(
            "practice.page.score", right=right, wrong=wrong, left=count - right - wrong, count=count
        ),
    )


def _code(name: str) -> str:
    return f"`{name}`"


def _reply_widget(seed: int, level: Level, q: Question, done: bool) -> None:
    key = _state.answer_key(seed, level, q)
    label = t("practice.page.your_answer")
    if q.kind in MULTI_CHOICE_KINDS:
        st.pills(label, q.choices, selection_mode="multi", key=key, disabled=done)
    elif q.kind in CHOICE_KINDS:
        words = _in_this_runs_language(q.choice_text)
        st.radio(label, q.choices, index=None, key=key, format_func=words, disabled=done)
    else:
        st.text_input(label, key=key, disabled=done, max_chars=60)


def _arch_query(q: Question) -> dict[str, str]:
    """The Architecture view a question is about: its stage or block, else the blocks."""
    spec = q.spec
    size = q.side or default_input(spec)[1]
    net = CUSTOM if q.shortcut else q.network
    parts = q.target.split(".")
    if q.target.startswith("layer"):
        block = int(parts[1]) if len(parts) > 1 else None
        view = ArchView(spec, net, size, level="layers", stage=parts[0], block=block)
    else:
        view = ArchView(spec, net, size, level="blocks")
    return query_from_view(view)


def _link(q: Question) -> None:
    if q.kind == "changes":
        query = query_from_nets([PRESETS[q.network], PRESETS[q.target]])
        st.page_link(
            "app_pages/compare.py",
            label=t("practice.page.open_compare", before=q.network, after=q.target),
            icon=":material/compare_arrows:",
            query_params=query,
        )
        return
    if q.target.startswith("layer"):
        label = t("practice.page.open_part", target=q.target, network=q.network)
    else:
        label = t("practice.page.open_network", network=q.network)
    st.page_link(
        "app_pages/architecture.py",
        label=label,
        icon=":material/account_tree:",
        query_params=_arch_query(q),
    )


def _verdict(seed: int, level: Level, q: Question, right: bool) -> None:
    if right:
        st.success(t("practice.page.right"), icon=":material/check_circle:")
        st.markdown(explanation(q))
    else:
        st.warning(t("practice.page.wrong"), icon=":material/cancel:")
        with st.expander(t("practice.page.show_working")):
            st.markdown(t("practice.page.the_answer", answer=q.answer_text()))
            st.markdown(explanation(q))
        st.button(
            t("practice.page.retry"),
            key=f"practice_retry_{seed}_{level}_{q.number}",
            on_click=_state.retry,
            args=(seed, level, q),
            icon=":material/replay:",
        )
    _link(q)


def question(seed: int, level: Level, q: Question) -> None:
    """One question in its own box: the text, the printed block where there is one, the
    answer widget and its check, then the verdict."""
    result = _state.result(seed, level, q)
    done = result is not None
    with st.container(border=True):
        st.markdown(
            f"**{t('practice.page.number', number=q.number)}** · {t(f'practice.kind.{q.kind}')}"
        )
        st.markdown(q.text(mark=_code))
        if q.printed:
            st.code(q.printed, language=None, wrap_lines=True)
        with st.form(key=f"practice_form_{seed}_{level}_{q.number}", border=False):
            _reply_widget(seed, level, q, done)
            st.form_submit_button(
                t("practice.page.check"),
                on_click=_state.check,
                args=(seed, level, q),
                disabled=done,
            )
        if _state.asked_empty(seed, level, q):
            st.info(t("practice.page.empty"))
        if result is not None:
            _verdict(seed, level, q, result[1])
