"""The inference page's one place that decides what the page does, and its result widgets.

The sidebar (``_sidebar``) gathers the choices into ``Settings``; ``classifier_for``
turns them into a model (or stops the page with the reason); the rest shows images,
predictions and explanations.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ...data import DEMO_SAMPLE, MAX_BYTES, Preprocess, collect_files, for_display, sample_names
from ...infer import Classifier, prediction_frame, residual_ratio_chart, throughput, top_k_chart
from ...recognise import left_over_lines
from ...text import escape_markdown
from .. import lab_model
from ..keys import INF, INF_CAMERA, INF_IMAGES
from ..lang import t
from ..present import chart
from ..widgets import choose_default, plain_heading, plain_text, show_table
from . import _state as state
from ._sidebar import Settings
from ._state import Decoded, Result

IMAGE_TYPES = ["jpg", "jpeg", "png", "webp", "bmp", "gif"]
IMAGE_UPLOAD_MB = MAX_BYTES // 2**20
#: Decoded drawn one by one (the table lists them all).
MAX_SHOWN = 12
#: Held-out digits offered to the lab's network, and how many it classifies unasked.
DIGITS_OFFERED = 60
DIGITS_SHOWN_FIRST = 8


def classifier_for(settings: Settings) -> Classifier:
    """The model the settings ask for; otherwise the page says why and stops here."""
    if settings.source == "pretrained" and settings.version is not None:
        if not state.ensure_downloaded(settings.net, settings.version):
            st.button(
                t("inf.continue_untrained"),
                on_click=state.continue_untrained,
                args=(settings.net,),
            )
            st.stop()
        return state.pretrained_classifier(settings.net, settings.version, settings.device)
    if settings.source == "lab":
        trained = lab_model.lab_classifier(settings.device)
        if trained is None:  # the sidebar offers "lab" only when there is one
            st.stop()
        return trained
    if settings.source == "checkpoint":
        _stop_unless_recognised(settings)
    spec = settings.spec
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
    if settings.reading is None or settings.recognised is None:
        raise RuntimeError("a checkpoint that was not recognised stops the page above")
    classifier = state.checkpoint_classifier(
        settings.reading, settings.recognised, settings.labels, recipe, settings.device
    )
    if classifier is None:
        st.stop()
    return classifier


def _stop_unless_recognised(settings: Settings) -> None:
    """A checkpoint must be given, read and recognised with every tensor in its place;
    otherwise the page says what is wrong (and where to look closer) and stops."""
    reading, recognised = settings.reading, settings.recognised
    if reading is None:
        st.info(t("inf.upload_checkpoint"))
        st.stop()
    if recognised is None:
        st.error(escape_markdown(reading.error or ""))
        st.stop()
    if not recognised.recognition.complete:
        st.error(t("inf.checkpoint_left_over"))
        for line in left_over_lines(recognised.recognition):
            st.caption(escape_markdown(line))
        st.page_link("app_pages/yours.py", label=t("inf.see_yours"), icon=":material/upload_file:")
        st.stop()


def source_caption(classifier: Classifier) -> None:
    """Where the weights came from, the device and precision."""
    plain_text(f"{classifier.source} · {classifier.device} · {classifier.precision}")


def chosen_images(source: str) -> Decoded:
    """Uploads, a camera shot, sample photos and (for the lab's network) held-out digits,
    decoded; samples when nothing is chosen."""
    names = ["upload", "camera", "samples"] + (["digits"] if source == "lab" else [])
    tabs = st.tabs([t(f"inf.tab_{name}") for name in names])
    uploads_tab, camera_tab, samples_tab = tabs[:3]
    with uploads_tab:
        uploaded = st.file_uploader(
            t("inf.photos"),
            type=IMAGE_TYPES,
            accept_multiple_files=True,
            key=INF_IMAGES,
            help=t("inf.photos_help", limit=IMAGE_UPLOAD_MB),
            max_upload_size=IMAGE_UPLOAD_MB,
        )
    with camera_tab:
        camera = (
            st.camera_input(t("inf.take_photo"), key=INF_CAMERA)
            if st.toggle(t("inf.use_camera"), key="inf_camera_on")
            else None
        )
    with samples_tab:
        chosen_samples = st.multiselect(t("inf.bundled"), sample_names(), key="inf_samples")
        st.caption(t("inf.bundled_caption"))
    chosen_digits: list[int] = []
    if source == "lab":
        with tabs[3]:
            chosen_digits = st.multiselect(
                t("inf.digits"), list(range(DIGITS_OFFERED)), key="inf_digits"
            )
            st.caption(t("inf.digits_caption"))
    files = collect_files(uploaded, camera, chosen_samples) + lab_model.held_out_digits(
        chosen_digits
    )
    if not files and source == "lab":
        files = lab_model.held_out_digits(list(range(DIGITS_SHOWN_FIRST)))
        st.info(t("inf.digits_default", count=DIGITS_SHOWN_FIRST))
    elif not files:
        files = collect_files(None, None, [DEMO_SAMPLE])
        st.info(t("inf.sample_default"))
    images = state.decode_uploads(files)
    if not images[0]:
        st.stop()
    return images


def summary(results: list[Result]) -> None:
    """Throughput and a table, when several images went through as one batch."""
    predictions = [prediction for prediction, _ in results]
    if len(predictions) > 1:
        speed, latency = st.columns(2)
        speed.metric(
            t("inf.throughput"), t("inf.per_second", rate=f"{throughput(predictions):.1f}")
        )
        latency.metric(
            t("inf.forward_per_image"),
            f"{predictions[0].forward_ms:.1f} ms",
            help=t("inf.forward_per_image_help"),
        )
        show_table(prediction_frame(predictions))


def honesty(classifier: Classifier, results: list[Result]) -> None:
    """Say so when the numbers can't be trusted: activations that overflowed, random weights."""
    broken = sorted({found.non_finite for _, found in results if found.non_finite})
    if broken:
        st.error(t("inf.overflowed", where=", ".join(broken), zero_init=t("inf.zero_init")))
    elif not classifier.trained:
        st.warning(t("inf.random_weights"))


def _class_choice(container: Any, categories: tuple[str, ...], image_name: str) -> int | None:
    """Which class Grad-CAM explains for one image: None for the top class.

    Chosen by index, so a class that happens to be called "top class" is still itself.
    """
    top = t("inf.top_class")  # worded now: the label may be drawn outside this run
    choice = container.selectbox(
        t("inf.explain_class"),
        [-1, *range(len(categories))],
        key=f"{INF}class_{image_name}",
        label_visibility="collapsed",
        format_func=lambda index: top if index < 0 else categories[index],
    )
    return None if choice < 0 else choice


def per_image(
    classifier: Classifier, images: Decoded, results: list[Result], cam_stage: str
) -> None:
    """Each image: the photo, Grad-CAM for a chosen class, the top five and the timings."""
    pictures, _, digests = images
    for (name, image), (prediction, found) in zip(pictures[:MAX_SHOWN], results, strict=False):
        plain_heading(name, 3)
        photo, cam_view, bars = st.columns([1, 1, 1.3])
        photo.image(for_display(image), caption=t("inf.input"), width="stretch")
        target = _class_choice(cam_view, classifier.categories, name)
        overlay, explained = state.cam_overlay(
            classifier, image, digests[name], found, cam_stage, target
        )
        cam_view.image(overlay, width="stretch", caption=t("inf.cam_caption", stage=cam_stage))
        plain_text(t("inf.explains", name=explained), cam_view)
        chart(top_k_chart(prediction.top), bars, key=f"top5-{name}")
        truth = lab_model.true_digit(name)
        if truth is not None and truth in classifier.categories:
            right = prediction.label == truth
            key = "inf.digit_right" if right else "inf.digit_wrong"
            (bars.success if right else bars.error)(t(key, said=prediction.label, truth=truth))
        bars.caption(prediction.timing_text())
    if len(pictures) > MAX_SHOWN:
        st.caption(t("inf.first_shown", shown=MAX_SHOWN, total=len(pictures)))


def inside_the_network(
    classifier: Classifier, images: Decoded, results: list[Result], stages: list[str]
) -> None:
    """For one chosen image: feature maps after each stage, and what each residual adds."""
    pictures, _, digests = images
    st.header(t("inf.inside"), anchor=False)
    names = [name for name, _ in pictures]
    inside = st.selectbox(t("inf.image"), names, key="inf_inside")
    found = results[names.index(inside)][1]
    with st.expander(t("inf.feature_maps"), expanded=True):
        grids = state.feature_grids(classifier, digests[inside], found)
        for stage_name, (grid, (height, width)) in grids.items():
            st.image(
                grid, caption=t("inf.map_caption", stage=stage_name, height=height, width=width)
            )
    with st.expander(t("inf.branch_adds"), expanded=True):
        choose_default("inf_ratio_stage", stages, stages[0])
        ratio_stage = st.selectbox(t("inf.stage"), stages, key="inf_ratio_stage")
        ratios = found.ratios[ratio_stage]
        chart(
            residual_ratio_chart(
                [ratio.block for ratio in ratios],
                [ratio.ratio for ratio in ratios],
                [ratio.shortcut for ratio in ratios],
            )
        )
        st.caption(t("inf.ratio_caption"))
