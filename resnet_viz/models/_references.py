"""Published figures the comparison shows beside our own numbers.

torchvision's ImageNet-1K top-1 accuracies come from its weights' metadata (V1, and V2 where
torchvision publishes a newer recipe); the CIFAR-10 test errors from He et al. 2015, Table 6,
and for the pre-activation nets from He et al. 2016 ("Identity Mappings").
Each is pinned by a test, and the torchvision ones are checked against torchvision itself.
"""

from __future__ import annotations

from ..i18n import t

__all__ = ["CIFAR10_ERROR", "CIFAR10_ERROR_PREACT", "IMAGENET_ACC1", "published_text"]

#: ImageNet-1K acc@1 (%) of torchvision's weights: (V1, V2 or None).
IMAGENET_ACC1: dict[str, tuple[float, float | None]] = {
    "resnet18": (69.758, None),
    "resnet34": (73.314, None),
    "resnet50": (76.130, 80.858),
    "resnet101": (77.374, 81.886),
    "resnet152": (78.312, 82.284),
    "resnext50_32x4d": (77.618, 81.198),
    "resnext101_32x8d": (79.312, 82.834),
    "resnext101_64x4d": (83.246, None),
    "wide_resnet50_2": (78.468, 81.602),
    "wide_resnet101_2": (78.848, 82.510),
}

#: CIFAR-10 test error (%) of the paper's nets (He et al. 2015, Table 6).
CIFAR10_ERROR: dict[str, float] = {
    "resnet20": 8.75,
    "resnet32": 7.51,
    "resnet44": 7.17,
    "resnet56": 6.97,
    "resnet110": 6.43,
    "resnet1202": 7.93,
}

#: CIFAR-10 test error (%) of the pre-activation nets (He et al. 2016; ResNet-1001's 4.92 is
#: the mean the paper reports, its best run 4.62).
CIFAR10_ERROR_PREACT: dict[str, float] = {
    "preact_resnet110": 6.37,
    "preact_resnet164": 5.46,
    "preact_resnet1001": 4.92,
}


def published_text(name: str) -> str:
    """What is published for a preset, in words of the current language; empty for networks
    with no published figure."""
    if name in IMAGENET_ACC1:
        v1, v2 = IMAGENET_ACC1[name]
        label = t("cmp.published.v1") if name != "resnext101_64x4d" else t("cmp.published.v1_only")
        text = t("cmp.published.imagenet", v1=f"{v1:.3f}", label=label)
        return text + (t("cmp.published.v2", v2=f"{v2:.3f}") if v2 else "")
    if name in CIFAR10_ERROR:
        return t("cmp.published.cifar", error=f"{CIFAR10_ERROR[name]:.2f}")
    if name in CIFAR10_ERROR_PREACT:
        return t("cmp.published.cifar_preact", error=f"{CIFAR10_ERROR_PREACT[name]:.2f}")
    return ""
