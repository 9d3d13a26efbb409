"""Published figures: as torchvision and the paper give them."""

from __future__ import annotations

import pytest
import torchvision

from resnet_viz import PRESETS, TORCHVISION_PRESETS
from resnet_viz.models import CIFAR10_ERROR, IMAGENET_ACC1, published_text


@pytest.mark.parametrize("name", TORCHVISION_PRESETS)
def test_accuracies_are_torchvisions_own(name: str) -> None:
    weights = torchvision.models.get_model_weights(name)
    found = {
        member.name: member.meta["_metrics"]["ImageNet-1K"]["acc@1"]
        for member in weights
        if member.name != "DEFAULT"
    }
    v1, v2 = IMAGENET_ACC1[name]
    assert found.get("IMAGENET1K_V1") == v1
    assert found.get("IMAGENET1K_V2") == v2


def test_cifar_errors_are_table_6() -> None:
    assert CIFAR10_ERROR == {
        "resnet20": 8.75,
        "resnet32": 7.51,
        "resnet44": 7.17,
        "resnet56": 6.97,
        "resnet110": 6.43,
        "resnet1202": 7.93,
    }
    assert set(CIFAR10_ERROR) == {name for name, spec in PRESETS.items() if spec.stem == "cifar"}


def test_published_text() -> None:
    assert published_text("resnet50") == "ImageNet acc@1 76.130 % (V1), 80.858 % (V2)"
    assert published_text("resnet18") == "ImageNet acc@1 69.758 % (V1)"
    assert published_text("resnet56") == "CIFAR-10 error 6.97 % (He et al., Table 6)"
    assert published_text("my net") == ""
