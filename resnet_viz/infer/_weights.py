"""Pretrained weights: torchvision's published checkpoints, loaded into our own builder.

Weights are data: torchvision's weights enums give the URL, the preprocessing and the class
names. Files land in the usual torch hub cache, so a classroom can fetch them once ahead of
time (``python -m resnet_viz.serving.fetch_weights fetch resnet50``) and run offline afterwards.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..data import Preprocess, default_preprocess
from ..i18n import Deferred, t
from ..models import (
    TORCHVISION_PRESETS,
    ResNet,
    ResNetSpec,
    build_model,
)
from ..torch_loader import get_model_weights, torch
from ..trace import log_build

__all__ = [
    "LoadedModel",
    "WeightsUnavailable",
    "cached_file",
    "cached_presets",
    "fetch",
    "load_pretrained",
    "pretrained_versions",
    "untrained",
]

Progress = Callable[[int, int], None]
_HASH_IN_NAME = re.compile(r"-([a-f0-9]{6,})\.")


class WeightsUnavailable(RuntimeError):
    """Pretrained weights could not be had: offline, or a bad download. Says what to do."""


@dataclass(frozen=True)
class LoadedModel:
    """A network with its weights loaded, ready to classify: where the weights came from,
    the class names and the preprocessing they expect."""

    model: ResNet
    categories: tuple[str, ...]
    preprocess: Preprocess
    source: str | Deferred  # worded when shown: shared models serve both languages
    trained: bool
    accuracy: float | None = None


def pretrained_versions(name: str) -> list[str]:
    """Weight versions torchvision publishes for a preset, best first (e.g. V2 before V1)."""
    if name not in TORCHVISION_PRESETS:
        return []
    enum = get_model_weights(name)
    default = enum.DEFAULT.name
    return [default] + [name for name in enum.__members__ if name not in (default, "DEFAULT")]


def _weights_enum(name: str, version: str):
    versions = pretrained_versions(name)
    if not versions:
        raise WeightsUnavailable(
            t("weights.none_published", name=repr(name), known=list(TORCHVISION_PRESETS))
        )
    if version not in versions:
        raise WeightsUnavailable(
            t("weights.no_version", name=name, version=repr(version), versions=versions)
        )
    return get_model_weights(name)[version]


def cached_file(name: str, version: str) -> Path:
    """Where the checkpoint lives in the torch hub cache (``$TORCH_HOME/hub/checkpoints``)."""
    url = _weights_enum(name, version).url
    return Path(torch.hub.get_dir()) / "checkpoints" / os.path.basename(url)


def cached_presets() -> list[str]:
    """The torchvision presets whose default weights are already in the cache: an offline
    classroom starts on one of these instead of a download that cannot happen."""
    return [
        name
        for name in TORCHVISION_PRESETS
        if cached_file(name, pretrained_versions(name)[0]).exists()
    ]


def fetch(name: str, version: str, progress: Progress | None = None, timeout: float = 30.0) -> Path:
    """The checkpoint file, downloaded into the cache first if it is not there yet.

    The download is checked against the hash prefix in torchvision's file name and moved into
    place only when complete, so an interrupted download never leaves a broken file behind.
    """
    target = cached_file(name, version)
    if target.exists():
        return target
    url = _weights_enum(name, version).url
    try:  # a read-only or missing shared cache (replicas) is "unavailable", not a crash
        target.parent.mkdir(parents=True, exist_ok=True)
        # Closed by the `with` below; kept past it so a failed download can be removed.
        partial = tempfile.NamedTemporaryFile(dir=target.parent, delete=False)  # noqa: SIM115
    except OSError as error:
        raise WeightsUnavailable(
            t("weights.cache_unwritable", name=name, folder=str(target.parent), reason=error)
        ) from None
    digest = hashlib.sha256()
    total = done = 0
    try:
        with partial, urllib.request.urlopen(url, timeout=timeout) as response:
            total = int(response.headers.get("Content-Length") or 0)
            while chunk := response.read(1 << 20):
                partial.write(chunk)
                digest.update(chunk)
                done += len(chunk)
                if progress:
                    progress(done, total)
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        os.unlink(partial.name)
        raise WeightsUnavailable(
            t("weights.download_failed", name=name, reason=getattr(error, "reason", error))
        ) from None
    if total and done != total:
        os.unlink(partial.name)
        raise WeightsUnavailable(
            t("weights.download_short", file=target.name, done=f"{done:,}", total=f"{total:,}")
        )
    expected = _HASH_IN_NAME.search(target.name)
    if expected and not digest.hexdigest().startswith(expected.group(1)):
        os.unlink(partial.name)
        raise WeightsUnavailable(t("weights.download_corrupt", file=target.name))
    os.replace(partial.name, target)
    return target


def load_pretrained(
    name: str, version: str | None = None, progress: Progress | None = None
) -> LoadedModel:
    """torchvision's pretrained weights in our builder's model (strict load), in eval mode."""
    versions = pretrained_versions(name)
    enum = _weights_enum(name, version or (versions[0] if versions else ""))
    path = fetch(name, enum.name, progress)
    state = torch.load(path, map_location="cpu", weights_only=True)
    model = build_model(name)
    model.load_state_dict(state, strict=True)
    log_build(f"model {name} {enum.name} (pretrained)")
    transforms = enum.transforms()
    return LoadedModel(
        model=model.eval(),
        categories=tuple(enum.meta["categories"]),
        preprocess=Preprocess(
            resize=transforms.resize_size[0],
            crop=transforms.crop_size[0],
            mean=tuple(transforms.mean),
            std=tuple(transforms.std),
        ),
        source=Deferred.of("weights.source_pretrained", name=name, version=enum.name),
        trained=True,
        accuracy=enum.meta["_metrics"]["ImageNet-1K"]["acc@1"],
    )


def untrained(
    spec: ResNetSpec, preprocess: Preprocess | None = None, zero_init_residual: bool = False
) -> LoadedModel:
    """Random initial weights: for exploring shapes and speed. Predictions mean nothing.

    ``zero_init_residual`` starts every residual branch at zero (torchvision's flag).
    """
    categories: tuple[str, ...]
    if spec.num_classes == 1000:  # ImageNet's classes, so the labels at least read sensibly
        categories = tuple(get_model_weights("resnet18").DEFAULT.meta["categories"])
    else:
        categories = tuple(f"class {index}" for index in range(spec.num_classes))
    with torch.random.fork_rng():  # the same network for everyone, leaving the global RNG alone
        torch.manual_seed(0)
        model = build_model(spec, zero_init_residual=zero_init_residual).eval()
    log_build(f"model {spec.name} ({'zero-init' if zero_init_residual else 'untrained'})")
    return LoadedModel(
        model,
        categories,
        preprocess or default_preprocess(spec),
        source=Deferred.of(
            "weights.source_zero_init" if zero_init_residual else "weights.source_untrained",
            name=spec.name,
        ),
        trained=False,
    )
