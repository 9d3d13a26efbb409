"""A visitor's own checkpoint: read without running code, matched to a network, diagnosed.

``.safetensors`` holds tensors only. ``.pth``/``.pt`` files are pickles: they are read with
``torch.load(weights_only=True)``, which refuses anything but tensors and plain containers,
and are never retried unsafely. A file that does not fit the chosen network is diagnosed:
another head size is loaded as such, another preset's weights are named.
"""

from __future__ import annotations

import io
import json
import pickle
import re
from dataclasses import dataclass, field

from ..i18n import t
from ..models import PRESETS, ResNet, ResNetSpec, build_model
from ..torch_loader import torch

__all__ = [
    "CHECKPOINT_UPLOAD_MIB",
    "CIFAR10_CLASSES",
    "LABELS_UPLOAD_MIB",
    "CheckpointError",
    "LoadedCheckpoint",
    "class_numbers",
    "default_class_names",
    "load_checkpoint",
    "parse_labels",
    "read_state_dict",
]

EXTENSIONS = (".safetensors", ".pth", ".pt", ".bin")
#: The largest checkpoint upload, in MiB: a fp32 network at the builder's parameter cap
#: (150 M parameters, 572 MiB) with room for its container. The server's maxUploadSize is this.
CHECKPOINT_UPLOAD_MIB = 600
#: A labels file holds class names, one per class: 1 MiB is far more than 100,000 names need.
LABELS_UPLOAD_MIB = 1
_WRAPPERS = ("state_dict", "model_state_dict", "model", "net", "module")
_PREFIXES = ("module.", "model.")
_LISTED = 5


@dataclass
class CheckpointError(ValueError):
    """Why a checkpoint can't be used; ``suggestion`` names a preset it does fit, if any."""

    message: str
    suggestion: str | None = None
    details: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class LoadedCheckpoint:
    model: ResNet
    spec: ResNetSpec
    notes: tuple[str, ...]


def read_state_dict(data: bytes, filename: str) -> dict[str, torch.Tensor]:
    """Tensors by name from a checkpoint file, unwrapped from the usual containers."""
    lower = filename.lower()
    if not lower.endswith(EXTENSIONS):
        raise CheckpointError(t("ckpt.extension", file=filename))
    if lower.endswith(".safetensors"):
        from safetensors.torch import load as load_safetensors

        try:
            tensors = load_safetensors(data)
        except Exception as error:
            raise CheckpointError(
                t("ckpt.bad_safetensors", file=filename, detail=str(error)[:120])
            ) from None
        return _unwrap(tensors, filename)
    try:
        loaded = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as error:
        raise CheckpointError(_explain_refused_pickle(filename, str(error))) from None
    except Exception as error:
        raise CheckpointError(
            t("ckpt.unreadable", file=filename, detail=str(error).splitlines()[0][:120])
        ) from None
    return _unwrap(loaded, filename)


def _explain_refused_pickle(filename: str, error: str) -> str:
    """A whole pickled model is a common mistake; code in a pickle is an attack. Say which."""
    found = re.search(r"GLOBAL ([\w.]+)", error)
    if not found:  # not a pickle of objects at all: random or damaged bytes
        reason = re.search(r"WeightsUnpickler error:\s*(.+)", error)
        detail = reason.group(1) if reason else error.splitlines()[0]
        return t("ckpt.unreadable", file=filename, detail=detail.strip()[:120])
    name = found.group(1)
    if re.search(r"(torch\.nn|torchvision|resnet_viz|__main__)\.[\w.]*[A-Z]\w*$", name):
        return t("ckpt.whole_model", file=filename, name=name)
    return t("ckpt.runs_code", file=filename, name=name)


def _unwrap(loaded: object, filename: str) -> dict[str, torch.Tensor]:
    for _ in range(3):  # {"model": {"state_dict": ...}} nests at most a couple of levels
        if isinstance(loaded, dict):
            inner = next(
                (loaded[key] for key in _WRAPPERS if isinstance(loaded.get(key), dict)), None
            )
            if inner is not None and not any(
                isinstance(value, torch.Tensor) for value in loaded.values()
            ):
                loaded = inner
                continue
        break
    if not isinstance(loaded, dict) or not loaded:
        raise CheckpointError(t("ckpt.not_state_dict", file=filename, found=type(loaded).__name__))
    tensors = {name: value for name, value in loaded.items() if isinstance(value, torch.Tensor)}
    if not tensors:
        raise CheckpointError(t("ckpt.no_tensors", file=filename))
    for prefix in _PREFIXES:  # DataParallel's "module.", wrappers' "model."
        if all(name.startswith(prefix) for name in tensors):
            tensors = {name[len(prefix) :]: value for name, value in tensors.items()}
    return tensors


def _shapes(spec: ResNetSpec) -> dict[str, tuple[int, ...]]:
    state = build_model(spec, device="meta").state_dict()
    return {name: tuple(tensor.shape) for name, tensor in state.items()}


#: BatchNorm's step counters: bookkeeping that older checkpoints lack, never a reason to
#: refuse a checkpoint or to take it for another network's.
_COUNTER = "num_batches_tracked"


def _fits(state: dict[str, torch.Tensor], spec: ResNetSpec) -> bool:
    expected = {name: shape for name, shape in _shapes(spec).items() if _COUNTER not in name}
    given = {name for name in state if _COUNTER not in name}
    return set(expected) == given and all(
        tuple(state[name].shape) == shape for name, shape in expected.items()
    )


def _with_head_of(state: dict[str, torch.Tensor], spec: ResNetSpec) -> ResNetSpec | None:
    """The spec with the checkpoint's number of classes (and input channels), if valid."""
    try:
        classes = state["fc.weight"].shape[0]
        # The stem's first conv: conv1, or conv1.0 in ResNet-C's deep stem.
        stem = state["conv1.weight"] if "conv1.weight" in state else state["conv1.0.weight"]
        channels = stem.shape[1]
        return spec.replace(num_classes=int(classes), in_channels=int(channels))
    except (KeyError, IndexError, ValueError):
        return None


def load_checkpoint(data: bytes, filename: str, spec: ResNetSpec) -> LoadedCheckpoint:
    """Load a checkpoint into ``spec``'s network (strict), or explain why it does not fit."""
    state = read_state_dict(data, filename)
    notes: list[str] = []
    target = _with_head_of(state, spec)
    if target is not None and _fits(state, target):
        for name in _shapes(target):  # the counters the checkpoint lacks start at zero
            if _COUNTER in name and name not in state:
                state[name] = torch.tensor(0)
        if target.num_classes != spec.num_classes:
            notes.append(t("ckpt.head_note", classes=target.num_classes))
        if target.in_channels != spec.in_channels:
            notes.append(t("ckpt.channels_note", channels=target.in_channels))
        model = build_model(target)
        model.load_state_dict(state, strict=True)
        return LoadedCheckpoint(model.eval(), target, tuple(notes))
    for name, preset in PRESETS.items():
        candidate = _with_head_of(state, preset)
        if name != spec.name and candidate is not None and _fits(state, candidate):
            raise CheckpointError(
                t(
                    "ckpt.other_network",
                    file=filename,
                    name=name,
                    classes=candidate.num_classes,
                    network=spec.name,
                ),
                suggestion=name,
            )
    raise CheckpointError(
        t("ckpt.does_not_fit", file=filename, network=spec.name), details=_diagnose(state, spec)
    )


def _diagnose(state: dict[str, torch.Tensor], spec: ResNetSpec) -> list[str]:
    expected = _shapes(_with_head_of(state, spec) or spec)
    missing = [name for name in expected if name not in state and _COUNTER not in name]
    unexpected = [name for name in state if name not in expected]
    mismatched = [
        t("ckpt.mismatch", name=name, found=tuple(state[name].shape), expected=expected[name])
        for name in expected
        if name in state and tuple(state[name].shape) != expected[name]
    ]
    lines = []
    for title, items in (
        ("missing", missing),
        ("unexpected", unexpected),
        ("mismatched", mismatched),
    ):
        if items:
            more = t("ckpt.more", count=len(items) - _LISTED) if len(items) > _LISTED else ""
            lines.append(
                t(f"ckpt.{title}", count=len(items), items=", ".join(items[:_LISTED])) + more
            )
    return lines


#: CIFAR-10's classes in their label order: what a 10-class CIFAR-stem net was most likely
#: trained on (He et al.'s section 4.2 nets are).
CIFAR10_CLASSES = (
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
)


def default_class_names(spec: ResNetSpec) -> tuple[tuple[str, ...], str | None]:
    """Class names for a checkpoint that came without a labels file, and a note saying so."""
    if spec.stem == "cifar" and spec.num_classes == len(CIFAR10_CLASSES):
        return CIFAR10_CLASSES, t("ckpt.cifar_assumed")
    return class_numbers(spec.num_classes), None


def class_numbers(count: int) -> tuple[str, ...]:
    """Names for classes known only by their index: "class 0", "class 1", …"""
    return tuple(t("ckpt.class_number", index=index) for index in range(count))


def parse_labels(data: bytes, num_classes: int, filename: str = "labels") -> tuple[str, ...]:
    """Class names from a JSON list, a JSON object {index: name}, or one name per line."""
    if len(data) > LABELS_UPLOAD_MIB * 2**20:
        raise CheckpointError(t("ckpt.labels_too_big", file=filename, limit=LABELS_UPLOAD_MIB))
    text = data.decode("utf-8-sig", errors="replace")
    names: list[str]
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError:
        names = [line.strip() for line in text.splitlines()]
        while names and not names[-1]:
            names.pop()
    else:
        if isinstance(parsed, list):
            names = [str(name) for name in parsed]
        elif isinstance(parsed, dict):
            try:
                by_index = {int(index): str(name) for index, name in parsed.items()}
            except ValueError:
                raise CheckpointError(t("ckpt.labels_keys", file=filename)) from None
            names = [
                by_index.get(index, t("ckpt.class_number", index=index))
                for index in range(num_classes)
            ]
        else:
            raise CheckpointError(t("ckpt.labels_json", file=filename))
    if len(names) != num_classes:
        raise CheckpointError(
            t("ckpt.labels_count", file=filename, count=len(names), classes=num_classes)
        )
    return tuple(
        name[:100] or t("ckpt.class_number", index=index) for index, name in enumerate(names)
    )
