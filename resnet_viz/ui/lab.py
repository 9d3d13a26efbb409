"""The residual lab page: gradient flow at initialisation, the training race, the lesions."""

from __future__ import annotations

import threading

import streamlit as st

from .. import lab_charts
from ..lab import LAB_DEPTHS, gradient_flow
from ..lab_race import Digits, Lap, digits, lesion, mean_kept_accuracy, race
from ..model import ResNet

__all__ = ["gradient_section", "lesion_section", "race_section"]

LAB = "lab_"
RACE_EPOCHS = 8


@st.cache_data(max_entries=32, show_spinner="One forward and backward pass…")
def _flows(depth: int, batchnorm: bool, seed: int) -> tuple:
    return (
        gradient_flow(depth, plain=True, batchnorm=batchnorm, seed=seed),
        gradient_flow(depth, plain=False, batchnorm=batchnorm, seed=seed),
    )


def gradient_section() -> None:
    """A plain network and its residual twin, one backward pass each, at initialisation."""
    st.header("Gradients at initialisation", anchor=False)
    left, middle, right = st.columns([2, 1, 1])
    for key, value in (("depth", 56), ("bn", True), ("seed", 0)):
        st.session_state.setdefault(LAB + key, value)  # starting values, kept across pages
    depth = left.select_slider("Depth (layers)", LAB_DEPTHS, key=LAB + "depth")
    batchnorm = middle.toggle("BatchNorm", key=LAB + "bn")
    seed = right.number_input("Seed", 0, 999, key=LAB + "seed")
    plain, residual = _flows(int(depth), bool(batchnorm), int(seed))
    charts = st.columns(2)
    charts[0].plotly_chart(lab_charts.gradient_chart(plain, residual), width="stretch")
    charts[1].plotly_chart(lab_charts.activation_chart(plain, residual), width="stretch")
    st.markdown(
        "With BatchNorm, a deep plain network's gradients *explode* toward its input at "
        "initialisation (mean-field analysis of BatchNorm, Yang et al. 2019, predicts it), "
        "while its residual twin's stay within a narrow band. Without BatchNorm the plain "
        "network's activations fade with depth and the residual twin's grow with every add. "
        "He et al. call what follows an optimisation difficulty: the race below shows it."
    )


@st.cache_resource
def _races() -> tuple[dict[int, tuple[list[Lap], dict[str, ResNet]]], threading.Lock]:
    """Finished races by seed, shared: a class sees the same race at once the second time."""
    return {}, threading.Lock()


@st.cache_resource(show_spinner="Loading scikit-learn's digits…")
def _digits() -> Digits:
    return digits()


def race_section() -> tuple[list[Lap], dict[str, ResNet]] | None:
    """Plain-20, plain-56 and ResNet-56 on the digits, epoch by epoch, with live curves."""
    st.header("A training race", anchor=False)
    st.markdown(
        f"Plain-20, plain-56 and ResNet-56 learn scikit-learn's handwritten digits for "
        f"{RACE_EPOCHS} epochs, seeded: the same race every time. He et al.'s Figure 1: the "
        "deeper plain network trains *worse*."
    )
    seed = int(st.session_state.get(LAB + "seed", 0))
    finished, lock = _races()
    chart = st.empty()
    if seed in finished:
        chart.plotly_chart(lab_charts.race_chart(finished[seed][0], RACE_EPOCHS), width="stretch")
        return finished[seed]
    if not st.button("Run the race", key=LAB + "run", type="primary"):
        return None
    with lock:  # one race at a time on a shared machine; a repeat waits, then shows at once
        if seed not in finished:
            bar = st.progress(0.0, text="Training…")
            run: list[Lap] = []
            trained: dict[str, ResNet] = {}
            total = RACE_EPOCHS * 3
            for lap, current in race(_digits(), epochs=RACE_EPOCHS, seed=seed):
                run.append(lap)
                trained = current
                bar.progress(
                    len(run) / total, text=f"{lap.runner}, epoch {lap.epoch} of {RACE_EPOCHS}"
                )
                chart.plotly_chart(
                    lab_charts.race_chart(run, RACE_EPOCHS),
                    width="stretch",
                    key=f"{LAB}race_{len(run)}",
                )  # one key per frame shown
            bar.empty()
            finished[seed] = (run, trained)
    laps, models = finished[seed]
    chart.plotly_chart(lab_charts.race_chart(laps, RACE_EPOCHS), width="stretch")
    return laps, models


@st.cache_data(max_entries=8, show_spinner="Removing one block at a time…")
def _lesions(seed: int) -> tuple[dict[str, list[tuple[str, float, bool]]], dict[str, float]]:
    laps, models = _races()[0][seed]
    data = _digits()
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
    st.header("Lesions: remove one block", anchor=False)
    seed = int(st.session_state.get(LAB + "seed", 0))
    found, full = _lesions(seed)
    st.plotly_chart(lab_charts.lesion_chart(found, full), width="stretch")
    resnet, plain = mean_kept_accuracy(found["resnet56"]), mean_kept_accuracy(found["plain20"])
    st.markdown(
        f"Without one of its blocks, ResNet-56 still reads {100 * resnet:.0f} % of the test "
        f"digits on average (all of it: {100 * full['resnet56']:.0f} %); plain-20 drops to "
        f"{100 * plain:.0f} % (all of it: {100 * full['plain20']:.0f} %). A residual network "
        "behaves like an ensemble of shallower paths (Veit et al. 2016): no single block is "
        "essential."
    )
