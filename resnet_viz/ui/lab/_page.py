"""The residual lab page: gradient flow at initialisation, the training race, the lesions,
and a second race of ResNet-110 against its pre-activation twin."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from ...i18n import Deferred
from ...lab import (
    LAB_DEPTHS,
    RACE_EPOCHS,
    RaceBoard,
    RaceRun,
    activation_chart,
    deep_verdict,
    gradient_chart,
    gradient_flow,
    lesion,
    lesion_chart,
    mean_kept_accuracy,
    race_chart,
    race_verdict,
    trained_for_inference,
)
from ..keys import LAB
from ..lab_model import keep_lab_model, shared_digits
from ..lang import link_settings, t
from ..present import chart
from ._walkthrough import adopt_link, leave_link


@st.cache_data(max_entries=32, show_spinner=False)
def _flows(depth: int, batchnorm: bool, seed: int, preact: bool) -> tuple:
    """Plain and residual, and the pre-activation twin when asked for."""
    twin = (gradient_flow(depth, False, batchnorm, seed, unit="pre"),) if preact else ()
    return (
        gradient_flow(depth, plain=True, batchnorm=batchnorm, seed=seed),
        gradient_flow(depth, plain=False, batchnorm=batchnorm, seed=seed),
        *twin,
    )


#: The lab's two parts: the guided walkthrough and the live experiments.
PARTS = ("walkthrough", "experiments")


def part_picker() -> str:
    """Which part of the lab to show; the walkthrough first, as a lesson starts, and always
    when a link names one of its steps."""
    if adopt_link():
        st.session_state[LAB + "part"] = "walkthrough"
    st.session_state.setdefault(LAB + "part", PARTS[0])
    labels = {part: t(f"lab.part_{part}") for part in PARTS}
    chosen = st.segmented_control(
        t("lab.part"),
        PARTS,
        key=LAB + "part",
        format_func=labels.__getitem__,
        required=True,
        label_visibility="collapsed",
    )
    return chosen or PARTS[0]


def gradient_section() -> None:
    """A plain network and its residual twin, one backward pass each, at initialisation."""
    st.header(t("lab.gradients"), anchor=False)
    left, middle, right = st.columns([2, 1, 1])
    for key, value in (("depth", 56), ("bn", True), ("seed", 0), ("preact", False)):
        st.session_state.setdefault(LAB + key, value)  # starting values, kept across pages
    depth = left.select_slider(t("lab.depth"), LAB_DEPTHS, key=LAB + "depth")
    batchnorm = middle.toggle(t("lab.batchnorm"), key=LAB + "bn", help=t("lab.batchnorm_help"))
    seed = right.number_input(t("lab.seed"), 0, 999, key=LAB + "seed", help=t("lab.seed_help"))
    preact = st.toggle(t("lab.preact"), key=LAB + "preact", help=t("lab.preact_help"))
    with st.spinner(t("lab.one_pass")):
        flows = _flows(int(depth), bool(batchnorm), int(seed), bool(preact))
    charts = st.columns(2)
    chart(gradient_chart(*flows), charts[0])
    chart(activation_chart(*flows), charts[1])
    st.markdown(t("lab.gradients_text" if batchnorm else "lab.gradients_text_no_bn"))
    if preact:
        st.markdown(t("lab.preact_text" if batchnorm else "lab.preact_text_no_bn"))


@st.cache_resource
def _board() -> RaceBoard:
    """Every race of this server, trained in the background and shared: a class sees the same
    race, and a race survives the rerun of the page that started it."""
    return RaceBoard(shared_digits)


def _finished(seed: int) -> RaceRun:
    """The finished race for ``seed`` (the sections below the race run only once it is)."""
    run = _board().snapshot(seed)
    if run is None or run.state != "done":
        raise LookupError(f"the race for seed {seed} has not finished")
    return run


#: Each race's words (``lab.<words>``, ``lab.<words>_text``), button key and sentence.
_RACES = {
    "paper": ("race", "run", race_verdict),
    "deep": ("deep_race", "run_deep", deep_verdict),
}


def _race(race: str) -> RaceRun | None:
    """One race for this session's seed, under its heading: its button until someone starts
    it, its progress while it trains, then its chart and what it showed (returned; else None)."""
    words, button, verdict = _RACES[race]
    st.header(t(f"lab.{words}"), anchor=False)
    st.markdown(t(f"lab.{words}_text", epochs=RACE_EPOCHS))
    seed = int(st.session_state.get(LAB + "seed", 0))
    run = _board().snapshot(seed, race)
    if run is None or run.state == "failed":
        if run is not None:
            st.error(t("lab.race_failed", error=run.error))
        if not st.button(t(f"lab.{button}"), key=LAB + button, type="primary"):
            return None
        run = _board().start(seed, RACE_EPOCHS, race)
    if run.state != "done":
        _race_progress(seed, race)
        return None
    chart(race_chart(run.laps, RACE_EPOCHS))
    key, fields = verdict(run.laps)
    st.markdown(t(key, epochs=RACE_EPOCHS, **fields))
    return run


def race_section() -> RaceRun | None:
    """Plain-20, ResNet-20, plain-56 and ResNet-56 on the digits, epoch by epoch, with live
    curves; the finished race, or None while there is none."""
    return _race("paper")


def deep_race_section() -> None:
    """ResNet-110 against its pre-activation twin, on demand, and what the run showed."""
    _race("deep")


@st.fragment(run_every=1.0)
def _race_progress(seed: int, race: str) -> None:
    """The race as it trains, redrawn every second in every session that has the lab open
    (whoever started it); the whole page reruns once it has finished."""
    run = _board().snapshot(seed, race)
    if run is None or run.state in ("done", "failed"):
        st.rerun()
        return
    last = run.laps[-1] if run.laps else None
    if last is not None:
        text = t("lab.lap", runner=last.runner, epoch=last.epoch, epochs=RACE_EPOCHS)
    elif run.state == "waiting" and _board().another_is_training(seed, race):
        text = t("lab.race_waiting")
    else:
        text = t("lab.training")
    st.progress(len(run.laps) / run.total_laps, text=text)
    st.caption(t("lab.race_shared"))
    if run.laps:
        chart(race_chart(run.laps, RACE_EPOCHS))


@st.cache_data(max_entries=8, show_spinner=False)
def _lesions(seed: int) -> tuple[dict[str, list[tuple[str, float, bool]]], dict[str, float]]:
    run = _finished(seed)
    laps, models = run.laps, run.models
    data = shared_digits()
    found = {
        name: lesion(models[name], data.test_images, data.test_labels)
        for name in ("resnet56", "plain20")
    }
    full = {
        name: next(lap.test_accuracy for lap in reversed(laps) if lap.runner == name)
        for name in found
    }
    return found, full


def lesion_section() -> None:
    """Remove one block at a time from the trained ResNet-56, and from plain-20."""
    st.header(t("lab.lesions"), anchor=False)
    seed = int(st.session_state.get(LAB + "seed", 0))
    with st.spinner(t("lab.removing")):
        found, full = _lesions(seed)
    chart(lesion_chart(found, full))
    resnet, plain = mean_kept_accuracy(found["resnet56"]), mean_kept_accuracy(found["plain20"])
    st.markdown(
        t(
            "lab.lesions_text",
            resnet=f"{100 * resnet:.0f}",
            resnet_full=f"{100 * full['resnet56']:.0f}",
            plain=f"{100 * plain:.0f}",
            plain_full=f"{100 * full['plain20']:.0f}",
        )
    )


def _open_on_inference(seed: int) -> None:
    """Button callback: a private copy of the race's ResNet-56 for this session's inference
    page (the shared race keeps its own, untouched)."""
    loaded = trained_for_inference(_finished(seed).models["resnet56"], shared_digits(), "")
    source = Deferred.of(
        "inf.lab_source", seed=seed, accuracy=f"{100 * (loaded.accuracy or 0):.1f}"
    )
    keep_lab_model(replace(loaded, source=source))
    st.session_state[LAB + "opened"] = True


def use_what_you_trained() -> None:
    """Open the race's ResNet-56 on the inference page, with held-out digits to classify."""
    st.header(t("lab.use"), anchor=False)
    st.markdown(t("lab.use_text"))
    seed = int(st.session_state.get(LAB + "seed", 0))
    st.button(
        t("lab.open_inference"),
        key=LAB + "open_inference",
        on_click=_open_on_inference,
        args=(seed,),
        type="primary",
    )
    if st.session_state.pop(LAB + "opened", False):
        st.switch_page("app_pages/inference.py", query_params=link_settings())


def experiments() -> None:
    """The live part: gradients, then the race; its lesions and its network once it is run."""
    leave_link()  # no walkthrough step in the link while the experiments are shown
    gradient_section()
    if race_section() is not None:
        lesion_section()
        use_what_you_trained()
    deep_race_section()
