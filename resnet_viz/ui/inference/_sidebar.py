"""The inference page's sidebar: weights, network, input size, device and what to explain."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from ...data import Preprocess, default_preprocess
from ...infer import (
    CHECKPOINT_UPLOAD_MIB,
    LABELS_UPLOAD_MIB,
    available_devices,
    cached_presets,
    pick_device,
    pretrained_versions,
)
from ...models import LIMITS, PRESETS, TORCHVISION_PRESETS, stage_names
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
from ..widgets import choose_default

__all__ = ["SOURCES", "Settings", "sidebar"]

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
    upload: Any = None
    labels: Any = None
    zero_init: bool = False

    @property
    def stages(self) -> list[str]:
        return stage_names(PRESETS[self.net])


def _seed_preprocess_fields(stem: str, recipe: Preprocess) -> None:
    """Starting values of the input-size and normalisation fields (sizes kept per stem)."""
    st.session_state.setdefault(f"{INF}resize_{stem}", recipe.resize)
    st.session_state.setdefault(f"{INF}crop_{stem}", recipe.crop)
    st.session_state.setdefault(INF_MEAN, ", ".join(map(str, recipe.mean)))
    st.session_state.setdefault(INF_STD, ", ".join(map(str, recipe.std)))


def _preprocess_fields(net: str, source: str) -> tuple[int, int, str, str]:
    with st.expander(t("inf.sizes"), expanded=source == "checkpoint"):
        # Keyed by stem, so CIFAR nets and ImageNet nets each keep their own sizes.
        stem = PRESETS[net].stem
        _seed_preprocess_fields(stem, default_preprocess(PRESETS[net]))
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
        type=["safetensors", "pth", "pt"],
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


#: The network picker each weights source uses (pretrained offers only torchvision's).
_NETWORK_KEY = {"pretrained": INF_NET_PRETRAINED, "checkpoint": INF_NET, "untrained": INF_NET}


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


def _device_and_stage(net: str) -> tuple[str, str]:
    """Where to run, and the stage Grad-CAM explains at."""
    device = pick_device(
        st.selectbox(
            t("inf.device"),
            ["auto", *available_devices()],
            key=INF_DEVICE,
            help=t("inf.device_help"),
        )
    )
    st.header(t("inf.explain"))
    stages = stage_names(PRESETS[net])
    choose_default(INF_CAM_STAGE, stages, stages[-1])
    cam_stage = st.selectbox(t("inf.cam_at"), stages, key=INF_CAM_STAGE, help=t("inf.cam_at_help"))
    return device, cam_stage


def sidebar() -> Settings:
    """The model (weights, network, device) and what to explain."""
    with st.sidebar:
        st.header(t("inf.model"))
        source = _source()
        version = sizes = upload = labels = None
        if source == "pretrained":
            net, version = _pretrained_network()
        elif source == "lab":
            net = LAB_NET
            st.caption(t("inf.lab_caption"))
        else:
            net = st.selectbox(
                t("inf.network"),
                list(PRESETS),
                key=INF_NET,
                help=t("inf.network_help") if source == "checkpoint" else None,
            )
            sizes = _preprocess_fields(net, source)
        zero_init = source == "untrained" and st.checkbox(
            t("inf.zero_init"), key="inf_zero_init", help=t("inf.zero_init_help")
        )
        if source == "checkpoint":
            upload, labels = _checkpoint_fields()
        device, cam_stage = _device_and_stage(net)
    return Settings(source, net, device, cam_stage, version, sizes, upload, labels, zero_init)
