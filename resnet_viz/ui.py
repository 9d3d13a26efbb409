"""Everything Streamlit: cached loaders, URL state and shared widgets. The only module that imports it."""

from __future__ import annotations

import hashlib
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, Mapping

import pandas as pd
import streamlit as st
import torch
from PIL import Image

from . import checkpoints, diagram, explain, tables, viewstate, weights
from .images import MAX_BYTES, ImageError, for_display, load_image
from .inference import Classifier, Prediction, configure_cpu_threads, exclusive, preprocess
from .model import build_model
from .specs import PRESETS, ResNetSpec, min_input_side, stage_names
from .trace import Trace, trace

__all__ = [
    "ARCH",
    "DEMO_SAMPLE",
    "IMAGE_UPLOAD_MB",
    "MAX_SHOWN",
    "SAMPLES",
    "arch_state",
    "block_choice_label",
    "check_input_side",
    "choose_default",
    "cached_trace",
    "checkpoint_classifier",
    "class_choice",
    "collect_files",
    "continue_untrained",
    "current_view",
    "decode_uploads",
    "feature_grids",
    "grad_cam_view",
    "diagram_source",
    "ensure_downloaded",
    "file_stem",
    "fix_choice",
    "md",
    "model_text",
    "navigation",
    "on_net_change",
    "page_setup",
    "predict",
    "pretrained_classifier",
    "rendered_diagram",
    "residual_ratios",
    "sample_names",
    "seed_from_url",
    "seed_preprocess_fields",
    "show_table",
    "stage_blocks",
    "stage_table",
    "sync_url",
    "table_with_csv",
    "throughput",
    "timing_text",
    "untrained_classifier",
]

#: Widget keys of the architecture page: ARCH + a viewstate key.
ARCH = "arch_"
_VIA_APP = "_ran_through_app"


#: Widget keys that survive a visit to another page (file widgets can't be set, so not those).
_KEPT_PREFIXES = ("arch_", "inf_")
_UNSETTABLE = {"inf_ckpt", "inf_labels", "inf_images", "inf_camera"}


def _keep_widget_state() -> None:
    """Streamlit drops a widget's value when a run doesn't draw it (another page is open);
    writing it back as plain session state keeps the choices for when the visitor returns."""
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and key.startswith(_KEPT_PREFIXES) and key not in _UNSETTABLE:
            st.session_state[key] = st.session_state[key]


def navigation() -> st.navigation:
    """The app's pages; called by app.py on every run, which the pages check for."""
    _keep_widget_state()
    st.session_state[_VIA_APP] = True
    return st.navigation(
        [
            st.Page("pages/home.py", title="Home", icon=":material/home:", url_path="home",
                    default=True),
            st.Page("pages/architecture.py", title="Architecture",
                    icon=":material/account_tree:", url_path="architecture"),
            st.Page("pages/inference.py", title="Inference", icon=":material/photo_camera:",
                    url_path="inference"),
        ]
    )


def page_setup() -> None:
    """First line of every page: make sure the page runs inside app.py's navigation.

    On a fresh server, Streamlit answers the first request for a page URL by running the
    matching ``pages/*.py`` file directly (its older multipage mode), skipping app.py's page
    config and navigation. Declaring the navigation switches the server to app.py's pages for
    good, and a rerun then goes through app.py.
    """
    if st.session_state.pop(_VIA_APP, False):
        return
    navigation()
    st.rerun()


def stage_table(preset: str) -> pd.DataFrame:
    """A preset at a glance (224×224 input): stem, stages and head with shapes and costs."""
    frame = tables.stage_frame(cached_trace(PRESETS[preset], (3, 224, 224)), "MACs")
    return frame[["stage", "paper name", "blocks", "output", "params", "MACs"]]


def show_table(frame: pd.DataFrame, **kwargs: Any) -> None:
    """A full-width table whose integer columns read with thousands separators."""
    integer_columns = frame.select_dtypes("integer").columns
    float_columns = frame.select_dtypes("floating").columns
    config = {c: st.column_config.NumberColumn(format="localized") for c in integer_columns}
    config |= {c: st.column_config.NumberColumn(format="%.1f") for c in float_columns}
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config, **kwargs)


def file_stem(name: str, what: str) -> str:
    """A download file name from a (user-chosen) network name: letters, digits, - and _ only."""
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")[:48] or "network"
    return f"{safe}-{what}"


def table_with_csv(frame: pd.DataFrame, what: str, name: str) -> None:
    """A table and the button that downloads it as CSV."""
    show_table(frame)
    st.download_button(f"{what.capitalize()} as CSV", frame.to_csv(index=False),
                       f"{file_stem(name, what)}.csv", "text/csv")


def cached_trace(spec: ResNetSpec, input_size: tuple[int, int, int]) -> Trace:
    """The trace, from the library's process-wide cache (frozen values, shared read-only)."""
    with st.spinner("Tracing the network with torchinfo…"):
        return trace(spec, input_size)


@st.cache_data(max_entries=64, show_spinner="Drawing the diagram…")
def diagram_source(view: viewstate.ArchView) -> str:
    """DOT text of the view's diagram (building it runs no program)."""
    dot = diagram.to_dot(cached_trace(view.spec, view.input_size), view.level, unfold=view.unfold,
                         stage=view.stage, block=view.block)
    return dot.source


@st.cache_data(max_entries=32, show_spinner="Rendering with Graphviz…")
def rendered_diagram(source: str, fmt: str) -> bytes:
    """SVG or PNG bytes from the dot program (raises DiagramError, which is not cached)."""
    return diagram.render(source, fmt)


@st.cache_data(max_entries=32)
def model_text(spec: ResNetSpec) -> str:
    """``print(model)`` of the network, from a meta build."""
    return str(build_model(spec, device="meta"))


def seed_from_url() -> list[str]:
    """On a session's first run, set the page's widgets from the URL; return what was unusable."""
    if st.session_state.get(ARCH + "seeded"):
        return []
    state, problems = viewstate.state_from_query(st.query_params.to_dict())
    for key, value in state.items():
        st.session_state[ARCH + key] = value
    st.session_state[ARCH + "seeded"] = True
    return problems


def arch_state() -> dict[str, Any]:
    """The page's widget values, keyed as viewstate expects.

    Streamlit forgets the state of widgets a run did not draw (the stage picker outside the
    layers view): those fall back to their defaults.
    """
    defaults = viewstate.default_state()
    return {key: st.session_state.get(ARCH + key, value) for key, value in defaults.items()}


def on_net_change() -> None:
    """Choosing a preset fills the layout fields with it; choosing custom starts from them."""
    net = st.session_state[ARCH + "net"]
    if net in PRESETS:
        spec = PRESETS[net]
        values = viewstate.fields_of(spec) | {"size": viewstate.default_size(spec)}
    else:
        values = {"name": "custom"}
    for key, value in values.items():
        st.session_state[ARCH + key] = value


def sync_url(query: Mapping[str, str]) -> None:
    """Keep the address bar in step with the view, so a copied link reopens it."""
    if st.query_params.to_dict() != dict(query):
        st.query_params.from_dict(query)


def fix_choice(key: str, options: list[Any]) -> None:
    """Reset a choice widget whose value the new options no longer hold (e.g. a removed stage)."""
    choose_default(ARCH + key, options, options[0])


def choose_default(key: str, options: Any, default: Any) -> None:
    """Give a choice widget its starting value through session state, not a widget default
    (the two together upset Streamlit), and reset it when its options no longer hold it."""
    if st.session_state.get(key) not in list(options):
        st.session_state[key] = default


def seed_preprocess_fields(stem: str, recipe: weights.Preprocess) -> None:
    """Starting values of the input-size and normalisation fields (sizes kept per stem)."""
    st.session_state.setdefault(f"inf_resize_{stem}", recipe.resize)
    st.session_state.setdefault(f"inf_crop_{stem}", recipe.crop)
    st.session_state.setdefault("inf_mean", ", ".join(map(str, recipe.mean)))
    st.session_state.setdefault("inf_std", ", ".join(map(str, recipe.std)))


def current_view() -> tuple[viewstate.ArchView, str | None]:
    """The view the widgets describe, or the last good one with the reason it was kept."""
    try:
        view = viewstate.view_from_state(arch_state())
        cached_trace(view.spec, view.input_size)  # input sizes the network can't take fail here
    except ValueError as error:
        fallback = st.session_state.get(ARCH + "last_good")
        if fallback is None:
            fallback = viewstate.view_from_state(viewstate.default_state())
        return fallback, viewstate.friendly_error(str(error))
    st.session_state[ARCH + "last_good"] = view
    return view, None


def stage_blocks() -> dict[str, int]:
    """Blocks per stage of the network the widgets describe (or of the last good one)."""
    view, _ = current_view()
    return dict(zip(stage_names(view.spec), view.spec.layers))


def block_choice_label(index: int) -> str:
    return "the whole stage" if index < 0 else f"block {index} only"


# ---------------------------------------------------------------- inference page

configure_cpu_threads()
SAMPLES = Path(__file__).resolve().parent / "samples"


def md(text: str) -> str:
    """User text made inert for Streamlit's markdown: every markup character escaped."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~$])", r"\\\1", text)


def sample_names() -> list[str]:
    return sorted(p.name for p in SAMPLES.glob("*.jpg"))


def ensure_downloaded(name: str, version: str) -> bool:
    """Make sure the weights file is cached, with a progress bar while it downloads."""
    if weights.cached_file(name, version).exists():
        return True
    failed = ("download_failed", name, version)
    if failed in st.session_state and not st.button("Try the download again"):
        st.error(st.session_state[failed])  # don't wait on the network again at every rerun
        return False
    bar = st.progress(0.0, text=f"Downloading {name} weights ({version})…")

    def report(done: int, total: int) -> None:
        if total:
            bar.progress(min(done / total, 1.0),
                         text=f"Downloading {name} weights: {done / 2**20:.0f} of {total / 2**20:.0f} MiB")

    try:
        weights.fetch(name, version, report)
    except weights.WeightsUnavailable as error:
        bar.empty()
        st.session_state[failed] = str(error)
        st.error(str(error))
        return False
    bar.empty()
    return True


def continue_untrained(net: str) -> None:
    """Button callback: the same network, with random weights, when downloads are impossible."""
    st.session_state["inf_source"] = "untrained"
    st.session_state["inf_net"] = net


# Models are shared read-only by every session: never mutated, never put in training mode.
@st.cache_resource(max_entries=3, show_spinner="Loading pretrained weights…")
def pretrained_classifier(name: str, version: str, device: str) -> Classifier:
    return Classifier(weights.load_pretrained(name, version), device)


@st.cache_resource(max_entries=3, show_spinner="Building the untrained network…")
def untrained_classifier(spec: ResNetSpec, recipe: weights.Preprocess, device: str) -> Classifier:
    return Classifier(weights.untrained(spec, recipe), device)


def checkpoint_classifier(upload: Any, labels: Any, spec: ResNetSpec, recipe: weights.Preprocess,
                          device: str) -> Classifier | None:
    """The uploading session's own checkpoint (kept in its session only), or None after an error."""
    key = (upload.file_id, getattr(labels, "file_id", None), spec, recipe, device)
    held = st.session_state.get("checkpoint_classifier")
    if held and held[0] == key:
        return held[1]
    try:
        with st.spinner(f"Reading {upload.name}…"):
            loaded = checkpoints.load_checkpoint(upload.getvalue(), upload.name, spec)
    except checkpoints.CheckpointError as error:
        st.error(md(str(error)))
        for line in error.details:
            st.caption(md(line))
        if error.suggestion:
            st.button(f"Switch the network to {error.suggestion}", on_click=_switch_network,
                      args=(error.suggestion,), type="primary")
        return None
    names = tuple(f"class {i}" for i in range(loaded.spec.num_classes))
    if labels is not None:
        try:
            names = checkpoints.parse_labels(labels.getvalue(), loaded.spec.num_classes, labels.name)
        except checkpoints.CheckpointError as error:
            st.warning(f"{md(str(error))}. Using class numbers instead; upload a labels file "
                       f"with one name per class ({loaded.spec.num_classes} lines).")
    for note in loaded.notes:
        st.info(note)
    classifier = Classifier(weights.Weights(loaded.model, names, recipe, f"{md(upload.name)} ({loaded.spec.name})",
                                            trained=True), device)
    st.session_state["checkpoint_classifier"] = (key, classifier)
    return classifier


def _switch_network(name: str) -> None:
    st.session_state["inf_net"] = name


def _memo(key: tuple, compute: Callable[[], Any]) -> Any:
    """This session's recent results, so a click that changes one thing recomputes only that."""
    memo = st.session_state.setdefault("_inference_memo", OrderedDict())
    if key not in memo:
        memo[key] = compute()
        while len(memo) > 64:
            memo.popitem(last=False)
    memo.move_to_end(key)
    return memo[key]


def decode_uploads(files: list[tuple[str, bytes]]) -> tuple[list[tuple[str, Image.Image]], dict[str, float], dict[str, str]]:
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

        image, elapsed = _memo(("decode", digest, name), decode)
        if isinstance(image, str):
            st.error(md(image))
            continue
        decoded.append((name, image))
        decode_ms[name], digests[name] = elapsed, digest
    return decoded, decode_ms, digests


def grad_cam_view(classifier: Classifier, image: Image.Image, digest: str, stage: str,
                  target: int | None) -> tuple[Image.Image, str]:
    """The Grad-CAM overlay for one image and the name of the class it explains."""
    def compute() -> tuple[Image.Image, str]:
        with exclusive(classifier.device):
            cam, explained = explain.grad_cam(classifier.model, preprocess(image, classifier.recipe),
                                              stage, target)
        return explain.overlay(for_display(image), cam), classifier.categories[explained]

    return _memo(("cam", classifier.token, digest, stage, target), compute)


def feature_grids(classifier: Classifier, image: Image.Image, digest: str) -> dict[str, tuple[Image.Image, tuple[int, int]]]:
    """Per stage: the tiled most-active channels and the size of one channel."""
    def compute() -> dict[str, tuple[Image.Image, tuple[int, int]]]:
        with exclusive(classifier.device):
            maps = explain.feature_maps(classifier.model, preprocess(image, classifier.recipe))
        return {stage: (explain.feature_grid(channels), channels.shape[1:]) for stage, channels in maps.items()}

    return _memo(("maps", classifier.token, digest), compute)


def residual_ratios(classifier: Classifier, image: Image.Image, digest: str, stage: str) -> list[explain.BlockRatio]:
    def compute() -> list[explain.BlockRatio]:
        with exclusive(classifier.device):
            return explain.residual_ratios(classifier.model, preprocess(image, classifier.recipe), stage)

    return _memo(("ratios", classifier.token, digest, stage), compute)


def predict(classifier: Classifier, images: list[tuple[str, Image.Image]],
            decode_ms: dict[str, float], digests: dict[str, str]) -> tuple[Classifier, list[Prediction]]:
    """Predictions, falling back to the CPU (with a message) if the GPU runs out of memory."""
    key = ("predict", classifier.token, tuple(digests[name] for name, _ in images))
    try:
        return classifier, _memo(key, lambda: classifier.predict(images, decode_ms=decode_ms))
    except torch.OutOfMemoryError:
        torch.cuda.empty_cache()
        st.warning("The GPU ran out of memory; running on the CPU instead.")
        fallback = classifier.on_cpu()
        return fallback, fallback.predict(images, decode_ms=decode_ms)


MAX_SHOWN = 12
DEMO_SAMPLE = "puppies.jpg"
IMAGE_UPLOAD_MB = MAX_BYTES // 2**20


def collect_files(uploaded: list[Any] | None, camera: Any, samples: list[str]) -> list[tuple[str, bytes]]:
    """Every chosen image as (unique name, bytes): uploads, the camera shot, sample photos."""
    files = [(f.name, f.getvalue()) for f in uploaded or []]
    if camera is not None:
        files.append(("camera.jpg", camera.getvalue()))
    files += [(name, (SAMPLES / name).read_bytes()) for name in samples if name in sample_names()]
    seen: dict[str, int] = {}
    unique = []
    for name, data in files:
        seen[name] = seen.get(name, 0) + 1
        unique.append((name if seen[name] == 1 else f"{name} ({seen[name]})", data))
    return unique


def class_choice(container: Any, categories: tuple[str, ...], image_name: str) -> int | None:
    """Which class Grad-CAM explains for one image: None for the top class.

    Chosen by index, so a class that happens to be called "top class" is still itself.
    """
    choice = container.selectbox("Explain", [-1, *range(len(categories))],
                                 key=f"inf_class_{image_name}", label_visibility="collapsed",
                                 format_func=lambda i: "top class" if i < 0 else categories[i])
    return None if choice < 0 else choice


def check_input_side(spec: ResNetSpec, recipe: weights.Preprocess) -> None:
    """The crop must survive the stem and every stride 2 (ValueError otherwise)."""
    smallest = min_input_side(spec)
    if recipe.crop < smallest:
        raise ValueError(f"Crop to: {spec.name} needs images of at least {smallest}×{smallest} "
                         f"pixels, got {recipe.crop}")


def throughput(predictions: list[Prediction]) -> float:
    seconds = sum(p.preprocess_ms + p.forward_ms for p in predictions) / 1000
    return len(predictions) / seconds if seconds else 0.0


def timing_text(prediction: Prediction) -> str:
    return (f"decode {prediction.decode_ms:.1f} ms · preprocess {prediction.preprocess_ms:.1f} ms · "
            f"forward {prediction.forward_ms:.1f} ms")
