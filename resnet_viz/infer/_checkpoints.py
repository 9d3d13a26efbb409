"""A visitor's own checkpoint, read without running code, and the class names that go with it.

``.safetensors`` holds tensors only. The other extensions are pickles: they are read with
``torch.load(weights_only=True)``, which refuses anything but tensors and plain containers,
and are never retried unsafely. What network the tensors make is ``recognise``'s work.
"""

from __future__ import annotations

import io
import json
import pickle
import re

from ..i18n import t
from ..models import ResNetSpec
from ..torch_loader import torch

__all__ = [
    "CHECKPOINT_UPLOAD_MIB",
    "CIFAR10_CLASSES",
    "EXTENSIONS",
    "LABELS_UPLOAD_MIB",
    "CheckpointError",
    "class_numbers",
    "default_class_names",
    "parse_labels",
    "read_state_dict",
]

#: What checkpoints are saved as: PyTorch's own names, the CIFAR code's ``.th``, Lightning's
#: ``.ckpt``, Hugging Face's ``.bin`` (all pickles), and safetensors.
EXTENSIONS = (".safetensors", ".pth", ".pt", ".th", ".ckpt", ".bin")
#: The largest checkpoint upload, in MiB: a fp32 network at the builder's parameter cap
#: (150 M parameters, 572 MiB) with room for its container. The server's maxUploadSize is this.
CHECKPOINT_UPLOAD_MIB = 600
#: A labels file holds class names, one per class: 1 MiB is far more than 100,000 names need.
LABELS_UPLOAD_MIB = 1
_WRAPPERS = ("state_dict", "model_state_dict", "model", "net", "module")


class CheckpointError(ValueError):
    """Why a checkpoint or a labels file can't be used, in one sentence."""


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
    return tensors


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
