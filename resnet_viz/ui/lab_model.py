"""The residual lab's trained network, handed to the Inference page: this session's copy of
it, and the held-out digits it classifies. The two pages meet here, not in each other."""

from __future__ import annotations

import streamlit as st

from ..infer import Classifier, LoadedModel
from ..lab import Digits, digits
from .lang import t

__all__ = [
    "LAB_NET",
    "held_out_digits",
    "keep_lab_model",
    "lab_classifier",
    "lab_model",
    "shared_digits",
    "take_handover",
    "true_digit",
]


#: The lab's trained network, as the inference page names it (the preset with its stages).
LAB_NET = "resnet56"
_LAB_MODEL = "trained_digits_model"


#: Set by the lab when it hands its network over; the Inference page takes it (once).
_HANDED_OVER = "lab_handed_over"


def keep_lab_model(loaded: LoadedModel) -> None:
    """Give this session (only) the lab's trained network, for the inference page, which
    opens on it next time (``take_handover``)."""
    st.session_state[_LAB_MODEL] = loaded
    st.session_state.pop("lab_classifier", None)
    st.session_state[_HANDED_OVER] = True


def take_handover() -> bool:
    """Whether the lab has just handed its network over: the Inference page then shows it
    (each page sets its own widgets; this says when)."""
    return bool(st.session_state.pop(_HANDED_OVER, False))


def lab_model() -> LoadedModel | None:
    """This session's trained lab network, if it opened one."""
    return st.session_state.get(_LAB_MODEL)


def lab_classifier(device: str) -> Classifier | None:
    """The session's trained lab network, ready to classify on ``device``."""
    loaded = lab_model()
    if loaded is None:
        return None
    held = st.session_state.get("lab_classifier")
    if held is None or held[0] != device:
        held = (device, Classifier(loaded, device))
        st.session_state["lab_classifier"] = held
    return held[1]


@st.cache_resource(show_spinner=False)
def shared_digits() -> Digits:
    """scikit-learn's digits, split as the lab's race split them (seeded), loaded once."""
    return digits()


#: Session-state key: the true digit of each held-out digit shown, by its file name.
_TRUTH = "inf_digit_truth"


def held_out_digits(indices: list[int]) -> list[tuple[str, bytes]]:
    """Held-out test digits as 8×8 PNG files, named with their number and the digit they
    are; ``true_digit`` then knows each one's answer."""
    data = shared_digits()
    files, truth = [], {}
    for index in indices:
        if not 0 <= index < len(data.test_labels):
            continue
        label = str(int(data.test_labels[index]))
        name = t("inf.digit_name", index=index, label=label)
        files.append((name, data.test_digit_png(index)))
        truth[name] = label
    st.session_state[_TRUTH] = truth
    return files


def true_digit(name: str) -> str | None:
    """The digit a held-out digit shown under ``name`` really is (None for other images)."""
    truth = st.session_state.get(_TRUTH)
    return truth.get(name) if isinstance(truth, dict) else None
