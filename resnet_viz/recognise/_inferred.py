"""What a recognised network was most likely fed, said as a guess the visitor can change: the
input size and normalisation its code trains with (its class names: ``default_class_names``)."""

from __future__ import annotations

from ..data import Preprocess, default_preprocess
from ..i18n import t
from ._recognise import Recognition

__all__ = ["CIFAR10_MEAN", "CIFAR10_STD", "inferred_preprocess"]

#: CIFAR-10's per-channel statistics as the common CIFAR code normalises with them.
CIFAR10_MEAN = (0.4914, 0.4822, 0.4465)
CIFAR10_STD = (0.2023, 0.1994, 0.2010)


def inferred_preprocess(recognition: Recognition) -> tuple[Preprocess, str]:
    """The preprocessing this network's code most likely trained with, and why we think so.

    The option-A CIFAR code normalises with ImageNet's mean and std; the common CIFAR code
    and its pre-activation sibling with CIFAR-10's own; everything else by its stem."""
    spec = recognition.spec
    recipe = default_preprocess(spec)
    if recognition.layout in ("cifar", "preact_cifar"):
        recipe = Preprocess(recipe.resize, recipe.crop, CIFAR10_MEAN, CIFAR10_STD)
    if len(recipe.mean) != spec.in_channels:  # one value per channel; the visitor can edit
        channels = spec.in_channels
        recipe = Preprocess(
            recipe.resize, recipe.crop, (recipe.mean[0],) * channels, (recipe.std[0],) * channels
        )
    layout = recognition.layout
    key = layout if layout in ("cifar", "preact_cifar", "option_a_cifar") else "by_stem"
    return recipe, t(f"yours.inferred_input.{key}", resize=recipe.resize, crop=recipe.crop)
