"""How an image becomes a network's input: resize the shorter side, centre-crop, scale to 0..1
and normalise, with the defaults each stem is trained with (torchvision's ImageNet recipe, or
the CIFAR nets' 32×32)."""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import t
from ..models import LIMITS, ResNetSpec, default_input, input_side_range
from ..text import parse_float_list

__all__ = ["IMAGENET_MEAN", "IMAGENET_STD", "Preprocess", "default_preprocess"]

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


@dataclass(frozen=True)
class Preprocess:
    """Resize the shorter side, centre-crop, scale to 0..1, normalise (torchvision's recipe)."""

    resize: int = 256
    crop: int = 224
    mean: tuple[float, ...] = IMAGENET_MEAN
    std: tuple[float, ...] = IMAGENET_STD

    def __post_init__(self) -> None:
        smallest, largest = LIMITS.min_input_side, LIMITS.max_input_side
        if not smallest <= self.crop <= self.resize <= largest:
            raise ValueError(
                t(
                    "weights.sizes",
                    smallest=smallest,
                    crop=self.crop,
                    resize=self.resize,
                    largest=largest,
                )
            )
        if len(self.mean) != len(self.std) or any(value <= 0 for value in self.std):
            raise ValueError(t("weights.mean_std", mean=self.mean, std=self.std))

    @classmethod
    def from_text(cls, resize: int, crop: int, mean: str, std: str) -> Preprocess:
        """From widget text such as "0.485, 0.456, 0.406"; ValueError names the bad field."""
        return cls(
            int(resize), int(crop), parse_float_list("mean", mean), parse_float_list("std", std)
        )

    def check_fits(self, spec: ResNetSpec) -> None:
        """The crop must survive the stem and every stride 2 (ValueError otherwise)."""
        smallest, _ = input_side_range(spec)
        if self.crop < smallest:
            raise ValueError(
                t("weights.crop_small", network=spec.name, smallest=smallest, crop=self.crop)
            )


def default_preprocess(spec: ResNetSpec) -> Preprocess:
    """ImageNet's 256→224 recipe, or 32×32 for the paper's CIFAR nets (ImageNet statistics)."""
    side = default_input(spec)[1]
    return Preprocess() if spec.stem == "imagenet" else Preprocess(resize=side, crop=side)
