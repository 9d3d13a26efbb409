"""The inference page's sidebar: weights, network, input size, device and what to explain."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from ...data import Preprocess, default_preprocess
from ...infer import (
    CHECKPOINT_UPLOAD_MIB,
    EXTENSIONS,
    LABELS_UPLOAD_MIB,
    available_devices,
    cached_presets,
    pick_device,
    pretrained_versions,
)
from ...models import LIMITS, PRESETS, TORCHVISION_PRESETS, ResNetSpec, stage_names
from ...recognise import Recognised, inferred_preprocess, spec_sentence
from ..keys import (
    INF,
    INF_CAM_STAGE,
    INF_CKPT,
    INF_DEVICE,
    INF_LABELS,
    INF_MEAN,
    INF_NET,
    INF_NET_PRETRAINED,
    INF_SOURCE,
    INF_STD,
    INF_VERSION,
)
from ..lab_model import LAB_NET, lab_model, take_handover
from ..lang import t
from ..own_network import Reading, handed_network, read_checkpoint, settled
from ..own_network import take_handover as take_own_handover
from ..widgets import choose_default, plain_text

__all__ = ["CHECKPOINT_NET", "SOURCES", "Settings", "sidebar"]

#: What ``Settings.net`` says for a checkpoint, whose network is recognised from its tensors.
CHECKPOINT_NET = "checkpoint"
#: Where the weights come from; "lab" only once this session has trained the lab's ResNet.
SOURCES = ("pretrained", "checkpoint", "untrained", "lab")


@dataclass(frozen=True)
class Settings:
    """What the sidebar chose. Fields a weights source does not use are None."""

    source: str
    net: str
    device: str
    cam_stage: str
    version: str | None = None
    sizes: tuple[int, int, str, str] | None = None  # resize, crop, mean text, std text
    labels: Any = None
    zero_init: bool = False
    #: The visitor's own checkpoint, read, and what it was recognised as (their choices in).
    reading: Reading | None = None
    recognised: Recognised | None = None

    @property
    def spec(self) -> ResNetSpec:
        """The network: the recognised one for a checkpoint, else the preset chosen."""
        if self.recognised is not None:
            return self.recognised.recognition.spec
        if self.net == CHECKPOINT_NET:
            raise ValueError("a checkpoint's network is known once it is recognised")
        return PRESETS[self.net]

    @property
    def stages(self) -> list[str]:
        """The stages Grad-CAM can explain at (none for a checkpoint not recognised)."""
        return _stages(self.net, self.recognised)


def _stages(net: str, recognised: Recognised | None) -> list[str]:
    if net == CHECKPOINT_NET:
        return [] if recognised is None else stage_names(recognised.recognition.spec)
    return stage_names(PRESETS[net])


def _seed_preprocess_fields(stem: str, recipe: Preprocess, *, overwrite: bool = False) -> None:
    """Starting values of the input-size and normalisation fields (sizes kept per stem);
    ``overwrite`` replaces what the fields hold (a new checkpoint's likely input)."""
    values = {
        f"{INF}resize_{stem}": recipe.resize,
        f"{INF}crop_{stem}": recipe.crop,
        INF_MEAN: ", ".join(map(str, recipe.mean)),
        INF_STD: ", ".join(map(str, recipe.std)),
    }
    for key, value in values.items():
        if overwrite or key not in st.session_state:
            st.session_state[key] = value


def _preprocess_fields(
    spec: ResNetSpec, source: str, note: str | None = None
) -> tuple[int, int, str, str]:
    with st.expander(t("inf.sizes"), expanded=source == "checkpoint"):
        # Keyed by stem, so CIFAR nets and ImageNet nets each keep their own sizes.
        stem = spec.stem
        _seed_preprocess_fields(stem, default_preprocess(spec))
        if note:
            st.caption(note)
        left, right = st.columns(2)
        sides = LIMITS.min_input_side, LIMITS.max_input_side
        resize = left.number_input(t("inf.resize"), *sides, key=f"{INF}resize_{stem}")
        crop = right.number_input(t("inf.crop"), *sides, key=f"{INF}crop_{stem}")
        mean = st.text_input(t("inf.mean"), key=INF_MEAN, help=t("inf.mean_help"))
        std = st.text_input(t("inf.std"), key=INF_STD)
    return int(resize), int(crop), mean, std


def _checkpoint_fields() -> tuple[Any, Any]:
    upload = st.file_uploader(
        t("inf.checkpoint"),
        type=[extension.lstrip(".") for extension in EXTENSIONS],
        key=INF_CKPT,
        help=t("inf.checkpoint_help", limit=CHECKPOINT_UPLOAD_MIB),
        max_upload_size=CHECKPOINT_UPLOAD_MIB,
    )
    labels = st.file_uploader(
        t("inf.labels"),
        type=["txt", "json"],
        key=INF_LABELS,
        help=t("inf.labels_help"),
        max_upload_size=LABELS_UPLOAD_MIB,
    )
    return upload, labels


#: The network picker each weights source uses (pretrained offers only torchvision's; a
#: checkpoint's network is recognised, not picked).
_NETWORK_KEY = {"pretrained": INF_NET_PRETRAINED, "untrained": INF_NET}


def _carry_network(source: str) -> None:
    """A change of weights source keeps the network chosen, where the new source has it."""
    before = st.session_state.get("_inf_last_source", source)
    st.session_state["_inf_last_source"] = source
    old_key, new_key = _NETWORK_KEY.get(before), _NETWORK_KEY.get(source)
    if before == source or old_key is None or new_key is None or old_key == new_key:
        return
    chosen = st.session_state.get(old_key)
    offered = TORCHVISION_PRESETS if source == "pretrained" else list(PRESETS)
    if chosen in offered:
        st.session_state[new_key] = chosen


def _source() -> str:
    """Where the weights come from; the lab's network is offered once the lab handed it over."""
    sources = [source for source in SOURCES if source != "lab" or lab_model() is not None]
    choose_default(INF_SOURCE, sources, sources[0])
    if take_handover():  # the lab has just opened its network here
        st.session_state[INF_SOURCE] = "lab"
    if take_own_handover():  # the Your ResNet page has just opened a checkpoint here
        st.session_state[INF_SOURCE] = "checkpoint"
    source = st.radio(
        t("inf.weights"),
        sources,
        format_func={key: t(f"inf.source_{key}") for key in sources}.__getitem__,
        key=INF_SOURCE,
    )
    _carry_network(source)
    return source


def _pretrained_network() -> tuple[str, str]:
    """A torchvision network and its weights version (offline, one already downloaded)."""
    if st.session_state.get(INF_NET_PRETRAINED) not in TORCHVISION_PRESETS:
        cached = cached_presets()  # offline, start on weights that are here already
        first = "resnet50" if not cached or "resnet50" in cached else cached[0]
        st.session_state[INF_NET_PRETRAINED] = first
    net = st.selectbox(t("inf.network"), TORCHVISION_PRESETS, key=INF_NET_PRETRAINED)
    versions = pretrained_versions(net)
    choose_default(INF_VERSION, versions, versions[0])
    version = st.selectbox(t("inf.version"), versions, key=INF_VERSION, help=t("inf.version_help"))
    return net, version


#: The reading whose inferred preprocessing the size fields were last seeded with.
_SEEDED_FOR = "_inf_seeded_for"


def _own_checkpoint(upload: Any) -> tuple[Reading | None, Recognised | None]:
    """The uploaded checkpoint (or the one the Your ResNet page handed over), recognised,
    with the visitor's answers to what its tensors cannot tell."""
    reading = None
    if upload is not None:
        reading = read_checkpoint(upload.name, upload.getvalue())
    elif (held := handed_network()) is not None:
        name, token, recognised = held
        reading = Reading(name, token, recognised)
        st.caption(t("inf.from_yours"))
        plain_text(name)
    if reading is None or reading.recognised is None:
        return reading, None
    st.caption(spec_sentence(reading.recognised.recognition.spec))
    return reading, settled(reading, reading.recognised, INF)


def _own_preprocess_fields(reading: Reading, recognised: Recognised) -> tuple[int, int, str, str]:
    """The size fields for a checkpoint, filled with its likely input once per new file."""
    spec = recognised.recognition.spec
    recipe, note = inferred_preprocess(recognised.recognition)
    if st.session_state.get(_SEEDED_FOR) != reading.token:
        _seed_preprocess_fields(spec.stem, recipe, overwrite=True)
        st.session_state[_SEEDED_FOR] = reading.token
    return _preprocess_fields(spec, "checkpoint", note)


def _device_and_stage(stages: list[str]) -> tuple[str, str]:
    """Where to run, and the stage Grad-CAM explains at."""
    device = pick_device(
        st.selectbox(
            t("inf.device"),
            ["auto", *available_devices()],
            key=INF_DEVICE,
            help=t("inf.device_help"),
        )
    )
    if not stages:  # a checkpoint not (yet) recognised: nothing to explain
        return device, ""
    st.header(t("inf.explain"))
    choose_default(INF_CAM_STAGE, stages, stages[-1])
    cam_stage = st.selectbox(t("inf.cam_at"), stages, key=INF_CAM_STAGE, help=t("inf.cam_at_help"))
    return device, cam_stage


def sidebar() -> Settings:
    """The model (weights, network, device) and what to explain."""
    with st.sidebar:
        st.header(t("inf.model"))
        source = _source()
        version = sizes = labels = reading = recognised = None
        if source == "pretrained":
            net, version = _pretrained_network()
        elif source == "lab":
            net = LAB_NET
            st.caption(t("inf.lab_caption"))
        elif source == "checkpoint":
            net = CHECKPOINT_NET
            upload, labels = _checkpoint_fields()
            reading, recognised = _own_checkpoint(upload)
            if reading is not None and recognised is not None:
                sizes = _own_preprocess_fields(reading, recognised)
        else:
            net = st.selectbox(t("inf.network"), list(PRESETS), key=INF_NET)
            sizes = _preprocess_fields(PRESETS[net], source)
        zero_init = source == "untrained" and st.checkbox(
            t("inf.zero_init"), key="inf_zero_init", help=t("inf.zero_init_help")
        )
        device, cam_stage = _device_and_stage(_stages(net, recognised))
    return Settings(
        source, net, device, cam_stage, version, sizes, labels, zero_init, reading, recognised
    )
