"""The inference page's models and results: shared classifiers, and each session's own memo.

Models are shared read-only by every session (never mutated, never put in training mode); an
uploaded checkpoint and every result stay in the session that made them.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import streamlit as st
from PIL import Image

from ...data import ImageError, Preprocess, for_display, load_image
from ...infer import (
    Busy,
    CheckpointError,
    Classifier,
    ImageAnalysis,
    LoadedModel,
    Prediction,
    WeightsUnavailable,
    cached_file,
    class_numbers,
    default_class_names,
    exclusive,
    feature_grid,
    fetch,
    grad_cam,
    load_pretrained,
    overlay,
    parse_labels,
    preprocess,
    untrained,
)
from ...models import ResNetSpec
from ...recognise import Recognised, load_weights
from ...text import escape_markdown
from ...torch_loader import torch
from ..keys import INF_NET, INF_SOURCE
from ..lang import language, t
from ..own_network import Reading

__all__ = [
    "Decoded",
    "analyse",
    "cam_overlay",
    "checkpoint_classifier",
    "continue_untrained",
    "decode_uploads",
    "ensure_downloaded",
    "feature_grids",
    "pretrained_classifier",
    "untrained_classifier",
]

#: Images chosen on the page, decoded: (name and picture each, decode ms by name, why a file
#: could not be read by name).
Decoded = tuple[list[tuple[str, Image.Image]], dict[str, float], dict[str, str]]


def ensure_downloaded(name: str, version: str) -> bool:
    """Make sure the weights file is cached, with a progress bar while it downloads."""
    if cached_file(name, version).exists():
        return True
    failed = f"download_failed:{name}:{version}"
    if failed in st.session_state and not st.button(t("inf.retry_download")):
        st.error(st.session_state[failed])  # don't wait on the network again at every rerun
        return False
    bar = st.progress(0.0, text=t("inf.downloading", name=name, version=version))

    def report(done: int, total: int) -> None:
        if total:
            bar.progress(
                min(done / total, 1.0),
                text=t(
                    "inf.downloading_mib",
                    name=name,
                    done=f"{done / 2**20:.0f}",
                    total=f"{total / 2**20:.0f}",
                ),
            )

    try:
        fetch(name, version, report)
    except WeightsUnavailable as error:
        bar.empty()
        st.session_state[failed] = str(error)
        st.error(str(error))
        return False
    bar.empty()
    return True


def continue_untrained(net: str) -> None:
    """Button callback: the same network, with random weights, when downloads are impossible."""
    st.session_state[INF_SOURCE] = "untrained"
    st.session_state[INF_NET] = net


def pretrained_classifier(name: str, version: str, device: str) -> Classifier:
    with st.spinner(t("inf.loading_pretrained")):
        return _pretrained_classifier(name, version, device)


@st.cache_resource(max_entries=3, show_spinner=False)
def _pretrained_classifier(name: str, version: str, device: str) -> Classifier:
    """One per weights and device, shared read-only by every session."""
    return Classifier(load_pretrained(name, version), device)


def untrained_classifier(
    spec: ResNetSpec, recipe: Preprocess, device: str, zero_init: bool = False
) -> Classifier:
    with st.spinner(t("inf.building_untrained")):
        return _untrained_classifier(spec, recipe, device, zero_init)


@st.cache_resource(max_entries=3, show_spinner=False)
def _untrained_classifier(
    spec: ResNetSpec, recipe: Preprocess, device: str, zero_init: bool = False
) -> Classifier:
    return Classifier(untrained(spec, recipe, zero_init), device)


def checkpoint_classifier(
    reading: Reading, recognised: Recognised, labels: Any, recipe: Preprocess, device: str
) -> Classifier | None:
    """The session's own checkpoint in our builder's network of what it was recognised as
    (kept in its session only), or None after an error with the labels."""
    choices = recognised.recognition.choices
    key = (reading.token, choices, getattr(labels, "file_id", None), recipe, device)
    held = st.session_state.get("checkpoint_classifier")
    if held and held[0] == key:
        return held[1]
    with st.spinner(t("inf.reading", name=reading.name)):
        model = load_weights(recognised)
    spec = model.spec
    names, assumed = default_class_names(spec)
    if labels is None and assumed:
        st.info(assumed)
    if labels is not None:
        try:
            names = parse_labels(labels.getvalue(), spec.num_classes, labels.name)
        except CheckpointError as error:
            names = class_numbers(spec.num_classes)
            st.warning(
                t("inf.labels_unusable", error=escape_markdown(str(error)), lines=spec.num_classes)
            )
    classifier = Classifier(LoadedModel(model, names, recipe, reading.name, trained=True), device)
    st.session_state["checkpoint_classifier"] = (key, classifier)
    return classifier


def _memo(key: tuple[object, ...], compute: Callable[[], Any]) -> Any:
    """This session's recent results, so a click that changes one thing recomputes only that."""
    memo = st.session_state.setdefault("_inference_memo", OrderedDict())
    if key not in memo:
        memo[key] = compute()
        while len(memo) > 64:
            memo.popitem(last=False)
    memo.move_to_end(key)
    return memo[key]


def decode_uploads(files: list[tuple[str, bytes]]) -> Decoded:
    """Decode each file on its own: a bad one gets its own message, the others go on.

    Returns the images, decode times and a digest per image name (for the result memo).
    """
    decoded, decode_ms, digests = [], {}, {}
    for name, data in files:
        digest = hashlib.sha256(data).hexdigest()

        def decode(data: bytes = data, name: str = name) -> tuple[Image.Image | str, float]:
            start = time.perf_counter()
            try:
                image: Image.Image | str = load_image(data, name)
            except ImageError as error:
                image = str(error)
            return image, (time.perf_counter() - start) * 1000

        image, elapsed = _memo(("decode", digest, name, language()), decode)
        if isinstance(image, str):
            st.error(escape_markdown(image))
            continue
        decoded.append((name, image))
        decode_ms[name], digests[name] = elapsed, digest
    return decoded, decode_ms, digests


Result = tuple[Prediction, ImageAnalysis]


def analyse(
    classifier: Classifier,
    images: list[tuple[str, Image.Image]],
    decode_ms: dict[str, float],
    digests: dict[str, str],
    cam_stage: str,
) -> tuple[Classifier, list[Result]]:
    """One pass per batch for everything shown (``Classifier.analyse``), remembered for this
    session; on a GPU that runs out of memory, the CPU instead, with a message."""
    key = ("analyse", classifier.token, tuple(digests[name] for name, _ in images), cam_stage)
    line = st.empty()
    try:
        with in_line(line):
            return classifier, _memo(
                key,
                lambda: classifier.analyse(images, cam_stage, decode_ms, _told(line)),
            )
    except torch.OutOfMemoryError:
        torch.cuda.empty_cache()
        st.warning(t("inf.gpu_oom"))
        fallback = classifier.on_cpu()
        with in_line(line):
            return fallback, fallback.analyse(images, cam_stage, decode_ms, _told(line))


def _told(line: Any) -> Callable[[int], None]:
    """Where this visitor stands in the line for the CPU, shown while they wait."""
    return lambda ahead: line.info(t("inf.in_line", ahead=ahead), icon=":material/hourglass:")


@contextmanager
def in_line(line: Any) -> Iterator[None]:
    """Clear the waiting notice when the turn comes; when the line is full, say so, offer
    to try again and stop the page here (what was already shown stays)."""
    try:
        yield
    except Busy as busy:
        line.empty()
        st.warning(t("inf.busy", waiting=busy.waiting))
        st.button(t("inf.try_again"), type="primary")
        st.stop()
    line.empty()


def cam_overlay(
    classifier: Classifier,
    image: Image.Image,
    digest: str,
    found: ImageAnalysis,
    stage: str,
    target: int | None,
) -> tuple[Image.Image, str]:
    """The Grad-CAM overlay and the class it explains: from the analysis for its top class,
    from one more pass (``grad_cam``) for a class the visitor picked."""

    def compute() -> tuple[Image.Image, str]:
        cam, explained = found.cam, found.explained
        if target is not None and target != found.explained:
            with in_line(st.empty()), exclusive(classifier.device):
                cam, explained = grad_cam(
                    classifier.model, preprocess(image, classifier.recipe), stage, target
                )
        return overlay(for_display(image), cam), classifier.categories[explained]

    return _memo(("cam", classifier.token, digest, stage, target), compute)


FeatureGrids = dict[str, tuple[Image.Image, tuple[int, int]]]


def feature_grids(classifier: Classifier, digest: str, found: ImageAnalysis) -> FeatureGrids:
    """Per feature map: its most active channels tiled and numbered, and one channel's size."""

    def compute() -> FeatureGrids:
        return {
            stage: (feature_grid(maps, channels), maps.shape[1:])
            for stage, (maps, channels) in found.feature_maps.items()
        }

    return _memo(("maps", classifier.token, digest), compute)
