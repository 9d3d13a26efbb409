"""The inference page's sidebar: weights, network, input size, device and what to explain."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from ..inference import available_devices, pick_device
from ..presets import PRESETS, TORCHVISION_PRESETS
from ..specs import LIMITS, stage_names
from ..weights import Preprocess, default_preprocess, pretrained_versions
from .widgets import choose_default

__all__ = ["SOURCES", "Settings", "sidebar"]

SOURCES = {
    "pretrained": "Pretrained (torchvision)",
    "checkpoint": "My own checkpoint",
    "untrained": "Untrained (random weights)",
}


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
    st.session_state.setdefault(f"inf_resize_{stem}", recipe.resize)
    st.session_state.setdefault(f"inf_crop_{stem}", recipe.crop)
    st.session_state.setdefault("inf_mean", ", ".join(map(str, recipe.mean)))
    st.session_state.setdefault("inf_std", ", ".join(map(str, recipe.std)))


def _preprocess_fields(net: str, source: str) -> tuple[int, int, str, str]:
    with st.expander("Input size and normalisation", expanded=source == "checkpoint"):
        # Keyed by stem, so CIFAR nets and ImageNet nets each keep their own sizes.
        stem = PRESETS[net].stem
        _seed_preprocess_fields(stem, default_preprocess(PRESETS[net]))
        left, right = st.columns(2)
        sides = LIMITS.min_input_side, LIMITS.max_input_side
        resize = left.number_input("Resize to", *sides, key=f"inf_resize_{stem}")
        crop = right.number_input("Crop to", *sides, key=f"inf_crop_{stem}")
        mean = st.text_input("Mean per channel", key="inf_mean")
        std = st.text_input("Std per channel", key="inf_std")
    return int(resize), int(crop), mean, std


def sidebar() -> Settings:
    """The model (weights, network, device) and what to explain."""
    with st.sidebar:
        st.header("Model")
        source = st.radio("Weights", list(SOURCES), format_func=SOURCES.get, key="inf_source")
        version = sizes = upload = labels = None
        if source == "pretrained":
            choose_default("inf_net_pretrained", TORCHVISION_PRESETS, "resnet50")
            net = st.selectbox("Network", TORCHVISION_PRESETS, key="inf_net_pretrained")
            versions = pretrained_versions(net)
            choose_default("inf_version", versions, versions[0])
            version = st.selectbox(
                "Weights version",
                versions,
                key="inf_version",
                help="V2 weights come from torchvision's newer training recipe.",
            )
        else:
            net = st.selectbox(
                "Network",
                list(PRESETS),
                key="inf_net",
                help="The architecture the checkpoint was trained as."
                if source == "checkpoint"
                else None,
            )
            sizes = _preprocess_fields(net, source)
        zero_init = source == "untrained" and st.checkbox(
            "Start residual branches at zero",
            key="inf_zero_init",
            help="torchvision's zero_init_residual: the last BatchNorm of every residual branch "
            "starts at zero, so each block begins by passing its input on. A deep untrained "
            "network then runs instead of overflowing.",
        )
        if source == "checkpoint":
            upload = st.file_uploader(
                "Checkpoint",
                type=["safetensors", "pth", "pt"],
                key="inf_ckpt",
                help="A state_dict (.pth/.pt) or .safetensors; never unpickled unsafely.",
            )
            labels = st.file_uploader(
                "Class names (optional)",
                type=["txt", "json"],
                key="inf_labels",
                help="One name per line, or a JSON list.",
                max_upload_size=1,
            )
        device = pick_device(
            st.selectbox(
                "Device",
                ["auto", *available_devices()],
                key="inf_device",
                help="auto: CUDA, then Apple MPS, then the CPU.",
            )
        )
        st.header("Explain")
        stages = stage_names(PRESETS[net])
        choose_default("inf_cam_stage", stages, stages[-1])
        cam_stage = st.selectbox(
            "Grad-CAM at",
            stages,
            key="inf_cam_stage",
            help="Later stages: coarser maps, more about the object.",
        )
    return Settings(source, net, device, cam_stage, version, sizes, upload, labels, zero_init)
