"""The inference page's one place that decides what the page does, and its result widgets.

The sidebar (``inference_sidebar``) gathers the choices into ``Settings``; ``classifier_for``
turns them into a model (or stops the page with the reason); the rest shows images,
predictions and explanations.
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from PIL import Image

from .. import charts, tables
from ..images import MAX_BYTES, for_display
from ..inference import Classifier, throughput
from ..photos import DEMO_SAMPLE, collect_files, sample_names
from ..presets import PRESETS
from ..weights import Preprocess
from . import inference_state as state
from .inference_sidebar import Settings, sidebar
from .inference_state import Result, analyse
from .widgets import choose_default, plain_heading, plain_text, show_table

__all__ = [
    "Settings",
    "analyse",
    "chosen_images",
    "classifier_for",
    "honesty",
    "inside_the_network",
    "per_image",
    "sidebar",
    "source_caption",
    "summary",
]

IMAGE_TYPES = ["jpg", "jpeg", "png", "webp", "bmp", "gif"]
IMAGE_UPLOAD_MB = MAX_BYTES // 2**20
#: Images drawn one by one (the table lists them all).
MAX_SHOWN = 12


def classifier_for(settings: Settings) -> Classifier:
    """The model the settings ask for; otherwise the page says why and stops here."""
    if settings.source == "pretrained" and settings.version is not None:
        if not state.ensure_downloaded(settings.net, settings.version):
            st.button(
                "Continue with untrained weights",
                on_click=state.continue_untrained,
                args=(settings.net,),
            )
            st.stop()
        return state.pretrained_classifier(settings.net, settings.version, settings.device)
    spec = PRESETS[settings.net]
    if settings.sizes is None:
        raise RuntimeError("the sidebar shows the size fields for every source but pretrained")
    try:
        recipe = Preprocess.from_text(*settings.sizes)
        recipe.check_fits(spec)
    except ValueError as error:
        st.error(str(error))
        st.stop()
    if settings.source == "untrained":
        return state.untrained_classifier(spec, recipe, settings.device, settings.zero_init)
    if settings.upload is None:
        st.info(
            "Upload a checkpoint in the sidebar: a state_dict saved with torch.save, or "
            ".safetensors. Trained as a CIFAR-style net? Set its input size and "
            "normalisation too."
        )
        st.stop()
    classifier = state.checkpoint_classifier(
        settings.upload, settings.labels, spec, recipe, settings.device
    )
    if classifier is None:
        st.stop()
    return classifier


def source_caption(classifier: Classifier) -> None:
    """Where the weights came from, the device and precision."""
    plain_text(f"{classifier.source} · {classifier.device} · {classifier.precision}")


Images = tuple[list[tuple[str, Image.Image]], dict[str, float], dict[str, str]]


def chosen_images() -> Images:
    """Uploads, a camera shot and sample photos, decoded; a sample when nothing is chosen."""
    uploads_tab, camera_tab, samples_tab = st.tabs(["Upload", "Camera", "Sample photos"])
    with uploads_tab:
        uploaded = st.file_uploader(
            "Photos",
            type=IMAGE_TYPES,
            accept_multiple_files=True,
            key="inf_images",
            max_upload_size=IMAGE_UPLOAD_MB,
        )
    with camera_tab:
        camera = (
            st.camera_input("Take a photo", key="inf_camera")
            if st.toggle("Use the camera", key="inf_camera_on")
            else None
        )
    with samples_tab:
        chosen_samples = st.multiselect("Bundled photos", sample_names(), key="inf_samples")
        st.caption("From the Pillow project's test images (MIT-CMU licence).")
    files = collect_files(uploaded, camera, chosen_samples)
    if not files:
        files = collect_files(None, None, [DEMO_SAMPLE])
        st.info(
            "No photo chosen yet, so here is a sample. Upload your own above, use the "
            "camera, or pick other sample photos."
        )
    images = state.decode_uploads(files)
    if not images[0]:
        st.stop()
    return images


def summary(results: list[Result]) -> None:
    """Throughput and a table, when several images went through as one batch."""
    predictions = [prediction for prediction, _ in results]
    if len(predictions) > 1:
        speed, latency = st.columns(2)
        speed.metric("Throughput", f"{throughput(predictions):.1f} images/s")
        latency.metric(
            "Forward pass per image",
            f"{predictions[0].forward_ms:.1f} ms",
            help="All images go through the network as one batch.",
        )
        show_table(tables.prediction_frame(predictions))


def honesty(classifier: Classifier, results: list[Result]) -> None:
    """Say so when the numbers can't be trusted: activations that overflowed, random weights."""
    broken = sorted({found.non_finite for _, found in results if found.non_finite})
    if broken:
        st.error(
            f"The activations stopped being numbers at {', '.join(broken)}: they overflowed. "
            "With random weights every residual add makes them larger (x + F(x), block after "
            "block), and after hundreds of blocks they no longer fit in floating point, so "
            "the predictions, feature maps and Grad-CAM below are empty. Tick **Start "
            "residual branches at zero** in the sidebar: each branch then adds nothing at "
            "first (torchvision's zero_init_residual), and the network passes its input on."
        )
    elif not classifier.trained:
        st.warning(
            "These weights are random: the predictions are meaningless, however sure they "
            "look. An untrained network is not calibrated: a deep one can put nearly all its "
            "probability on one class simply because its final activations, and so the gaps "
            "between its outputs, grew large. Use this to see shapes, timings and feature "
            "maps of an untrained network."
        )


def _class_choice(container: Any, categories: tuple[str, ...], image_name: str) -> int | None:
    """Which class Grad-CAM explains for one image: None for the top class.

    Chosen by index, so a class that happens to be called "top class" is still itself.
    """
    choice = container.selectbox(
        "Explain",
        [-1, *range(len(categories))],
        key=f"inf_class_{image_name}",
        label_visibility="collapsed",
        format_func=lambda index: "top class" if index < 0 else categories[index],
    )
    return None if choice < 0 else choice


def per_image(
    classifier: Classifier, images: Images, results: list[Result], cam_stage: str
) -> None:
    """Each image: the photo, Grad-CAM for a chosen class, the top five and the timings."""
    pictures, _, digests = images
    for (name, image), (prediction, found) in zip(pictures[:MAX_SHOWN], results, strict=False):
        plain_heading(name, 3)
        photo, cam_view, bars = st.columns([1, 1, 1.3])
        photo.image(for_display(image), caption="input", width="stretch")
        target = _class_choice(cam_view, classifier.categories, name)
        overlay, explained = state.cam_overlay(
            classifier, image, digests[name], found, cam_stage, target
        )
        cam_view.image(overlay, width="stretch", caption=f"Grad-CAM at {cam_stage}")
        plain_text(f"explains: {explained}", cam_view)
        bars.plotly_chart(charts.top_k_chart(prediction.top), width="stretch", key=f"top5-{name}")
        bars.caption(prediction.timing_text())
    if len(pictures) > MAX_SHOWN:
        st.caption(f"Showing the first {MAX_SHOWN} of {len(pictures)} images; the table lists all.")


def inside_the_network(
    classifier: Classifier, images: Images, results: list[Result], stages: list[str]
) -> None:
    """For one chosen image: feature maps after each stage, and what each residual adds."""
    pictures, _, digests = images
    st.header("Inside the network", anchor=False)
    names = [name for name, _ in pictures]
    inside = st.selectbox("Image", names, key="inf_inside")
    found = results[names.index(inside)][1]
    with st.expander("Feature maps: the most active channels after each stage", expanded=True):
        grids = state.feature_grids(classifier, digests[inside], found)
        for stage_name, (grid, (height, width)) in grids.items():
            st.image(grid, caption=f"{stage_name}: {height}×{width} per channel")
    with st.expander("What each residual branch adds", expanded=True):
        choose_default("inf_ratio_stage", stages, stages[0])
        ratio_stage = st.selectbox("Stage", stages, key="inf_ratio_stage")
        ratios = found.ratios[ratio_stage]
        st.plotly_chart(
            charts.residual_ratio_chart(
                [ratio.block for ratio in ratios],
                [ratio.ratio for ratio in ratios],
                [ratio.shortcut for ratio in ratios],
            ),
            width="stretch",
        )
        st.caption(
            "Bars: green for identity shortcuts, orange for projections, blue for "
            "zero-padding. A ratio well below 1 means the block adds a small correction "
            "F(x) to what the shortcut carries: the network mostly passes its input on, "
            "as He et al. observed."
        )
