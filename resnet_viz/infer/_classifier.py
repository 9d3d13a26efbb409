"""Classify images with a shared, read-only model: on CUDA, Apple MPS or the CPU.

One model serves every visitor, so nothing here changes it: no ``.train()``, no hooks, no
gradients kept. On the CPU a process-wide semaphore lets one forward pass run at a time, so a
classroom of sessions queues instead of thrashing two cores. On CUDA the model's own
copy is converted once to bf16 (fp16 where bf16 is missing) and channels-last — cheaper than
autocast, which re-casts every weight on every call — and warmed up once. Every image goes
through one pass that also explains it (``analyse``): top five, Grad-CAM, feature maps;
``classify`` is the forward pass alone, for callers that want only the classes.
"""

from __future__ import annotations

import contextlib
import copy
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

from ..data import Preprocess
from ..i18n import t
from ..models import ResNet
from ..torch_loader import TF, torch
from ._analysis import ImageAnalysis, analyse, top_classes
from ._queueing import TurnQueue
from ._weights import LoadedModel

__all__ = [
    "Classifier",
    "Prediction",
    "available_devices",
    "exclusive",
    "pick_device",
    "preprocess",
    "throughput",
]

#: One CPU forward pass at a time in this process, the rest in a bounded line; GPUs queue
#: their own work.
CPU_QUEUE = TurnQueue(slots=1, max_waiting=32, timeout_s=90.0)


def exclusive(
    device: str, on_wait: Callable[[int], None] | None = None
) -> contextlib.AbstractContextManager:
    """Hold the CPU's one forward-pass slot (a no-op on accelerators); ``on_wait`` hears how
    many are ahead while waiting. Raises ``queueing.Busy`` when the line is full."""
    return CPU_QUEUE.turn(on_wait) if device == "cpu" else contextlib.nullcontext()


def available_devices() -> list[str]:
    """Devices this server can run on, best first."""
    devices = []
    if torch.cuda.is_available():
        devices.append("cuda")
    if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
        devices.append("mps")
    return [*devices, "cpu"]


def pick_device(preference: str = "auto") -> str:
    """``auto`` takes CUDA, then MPS, then the CPU; a named device must be available."""
    devices = available_devices()
    if preference == "auto":
        return devices[0]
    if preference not in devices:
        raise ValueError(t("inf.no_device", device=repr(preference), devices=devices))
    return preference


def preprocess(image: Image.Image, recipe: Preprocess) -> torch.Tensor:
    """torchvision's classification preset, step for step: a (channels, crop, crop) float
    tensor, with one channel per value of the recipe's mean (one: greyscale)."""
    image = image.convert("L" if len(recipe.mean) == 1 else "RGB")
    image = TF.resize(
        image, [recipe.resize], interpolation=TF.InterpolationMode.BILINEAR, antialias=True
    )
    image = TF.center_crop(image, [recipe.crop])
    tensor = TF.convert_image_dtype(TF.pil_to_tensor(image), torch.float)
    return TF.normalize(tensor, list(recipe.mean), list(recipe.std))


@dataclass(frozen=True)
class Prediction:
    """Top classes for one image, with where the time went."""

    name: str
    top: tuple[tuple[str, float], ...]
    preprocess_ms: float
    forward_ms: float
    decode_ms: float = 0.0
    #: Grad-CAM's backward pass from its stage, when the prediction came with explanations.
    explain_ms: float = 0.0

    @property
    def label(self) -> str:
        return self.top[0][0]

    def timing_text(self) -> str:
        """Where this image's time went, step by step."""
        text = t(
            "inf.timing_analysed" if self.explain_ms else "inf.timing",
            decode=f"{self.decode_ms:.1f}",
            prep=f"{self.preprocess_ms:.1f}",
            forward=f"{self.forward_ms:.1f}",
        )
        if self.explain_ms:
            text += t("inf.timing_cam", cam=f"{self.explain_ms:.1f}")
        return text


def throughput(predictions: list[Prediction]) -> float:
    """Images per second through preprocessing and the forward pass (decoding aside)."""
    seconds = sum(done.preprocess_ms + done.forward_ms for done in predictions) / 1000
    return len(predictions) / seconds if seconds else 0.0


class Classifier:
    """A model prepared for one device and precision, shared by all sessions."""

    def __init__(self, weights: LoadedModel, device: str = "auto") -> None:
        self.device = pick_device(device)
        self.token = uuid.uuid4().hex  # names this classifier in per-session result memos
        self.categories = weights.categories
        self.recipe = weights.preprocess
        self.source = weights.source
        self.trained = weights.trained
        model = weights.model.eval()
        if self.device != "cpu":  # .to() moves in place: never move the shared CPU model
            model = copy.deepcopy(model)
        if self.device == "cuda":
            self.precision = "bf16" if torch.cuda.is_bf16_supported() else "fp16"
            self.dtype = torch.bfloat16 if self.precision == "bf16" else torch.float16
            model = model.to("cuda", dtype=self.dtype).to(memory_format=torch.channels_last)
        else:
            self.precision, self.dtype = "fp32", torch.float32
            model = model.to(self.device)
        self.model: ResNet = model
        if self.device != "cpu":  # warm-up, gradients and all: kernels chosen, memory pooled
            blank = torch.zeros(1, model.spec.in_channels, self.recipe.crop, self.recipe.crop)
            analyse(model, self._on_device(blank), model.feature_names()[-1])

    def on_cpu(self) -> Classifier:
        """A CPU copy of this classifier: the fallback when the GPU runs out of memory."""
        model = copy.deepcopy(self.model).to("cpu", dtype=torch.float32)
        model = model.to(memory_format=torch.contiguous_format)
        return Classifier(
            LoadedModel(model, self.categories, self.recipe, self.source, self.trained), "cpu"
        )

    def _on_device(self, batch: torch.Tensor) -> torch.Tensor:
        """A batch in the model's device, precision and memory layout."""
        batch = batch.to(self.device, dtype=self.dtype, non_blocking=True)
        if self.device == "cuda":
            batch = batch.contiguous(memory_format=torch.channels_last)
        return batch

    def _preprocessed(
        self, images: list[tuple[str, Image.Image]]
    ) -> tuple[torch.Tensor, list[float]]:
        """The images as one batch, and the milliseconds each took to preprocess."""
        tensors, prep_ms = [], []
        for _, image in images:
            start = time.perf_counter()
            tensors.append(preprocess(image, self.recipe))
            prep_ms.append((time.perf_counter() - start) * 1000)
        return torch.stack(tensors), prep_ms

    def _top(self, probabilities: list[tuple[int, float]]) -> tuple[tuple[str, float], ...]:
        return tuple((self.categories[index], probability) for index, probability in probabilities)

    def classify(
        self, images: list[tuple[str, Image.Image]], on_wait: Callable[[int], None] | None = None
    ) -> list[Prediction]:
        """Each image's top five from one forward pass without gradients: what a command
        line writing classes needs, without ``analyse``'s explanations (on CIFAR-sized nets
        those cost more than the pass itself)."""
        if not images:
            return []
        batch, prep_ms = self._preprocessed(images)
        batch = self._on_device(batch)
        with exclusive(self.device, on_wait):
            start = time.perf_counter()
            with torch.inference_mode():
                probabilities = self.model(batch).float().softmax(dim=1).cpu().numpy()
            forward_ms = (time.perf_counter() - start) * 1000
        count = len(images)
        return [
            Prediction(
                name=name,
                top=self._top(top_classes(image_probabilities)),
                preprocess_ms=image_prep_ms,
                forward_ms=forward_ms / count,
            )
            for (name, _), image_probabilities, image_prep_ms in zip(
                images, probabilities, prep_ms, strict=True
            )
        ]

    def analyse(
        self,
        images: list[tuple[str, Image.Image]],
        cam_stage: str,
        decode_ms: dict[str, float] | None = None,
        on_wait: Callable[[int], None] | None = None,
    ) -> list[tuple[Prediction, ImageAnalysis]]:
        """One pass for the whole batch: each image's top five, Grad-CAM for its top class at
        ``cam_stage``, feature maps and residual ratios (``analysis.analyse``)."""
        if not images:
            return []
        batch, prep_ms = self._preprocessed(images)
        batch = self._on_device(batch)
        with exclusive(self.device, on_wait):
            done = analyse(self.model, batch, cam_stage)
        count = len(images)
        return [
            (
                Prediction(
                    name=name,
                    top=self._top(found.top()),
                    preprocess_ms=image_prep_ms,
                    forward_ms=done.forward_ms / count,
                    decode_ms=(decode_ms or {}).get(name, 0.0),
                    explain_ms=done.backward_ms / count,
                ),
                found,
            )
            for (name, _), found, image_prep_ms in zip(images, done.images, prep_ms, strict=True)
        ]
