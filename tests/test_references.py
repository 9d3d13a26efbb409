"""Published figures: as torchvision and the paper give them."""

from __future__ import annotations

import re

import pytest
import torchvision
from conftest import ROOT

from resnet_viz import PRESETS, TORCHVISION_PRESETS
from resnet_viz.models import CIFAR10_ERROR, CIFAR10_ERROR_PREACT, IMAGENET_ACC1, published_text


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


#: The project's reference figures (the paper's tables, as the team's guide quotes them),
#: beside the repository where a checkout has it.
GUIDE = ROOT.parent / "shared" / "GUIDE.md"


def test_cifar_errors_tell_the_papers_story() -> None:
    """Table 6's shape: error falls with depth up to ResNet-110, and ResNet-1202 overfits
    (worse than 110, still better than 20). One figure per CIFAR preset."""
    deepening = [CIFAR10_ERROR[f"resnet{depth}"] for depth in (20, 32, 44, 56, 110)]
    assert deepening == sorted(deepening, reverse=True) and len(set(deepening)) == 5
    assert CIFAR10_ERROR["resnet110"] < CIFAR10_ERROR["resnet1202"] < CIFAR10_ERROR["resnet20"]
    cifar = {name for name, spec in PRESETS.items() if spec.stem == "cifar"}
    assert set(CIFAR10_ERROR) | set(CIFAR10_ERROR_PREACT) == cifar
    assert not set(CIFAR10_ERROR) & set(CIFAR10_ERROR_PREACT)


def test_pre_activation_errors_tell_the_2016_papers_story() -> None:
    """Deeper pre-activation nets do better, 1001 layers included, and pre-activation
    ResNet-110 beats the 2015 one (6.37 % against Table 6's 6.43 %)."""
    errors = [CIFAR10_ERROR_PREACT[f"preact_resnet{depth}"] for depth in (110, 164, 1001)]
    assert errors == sorted(errors, reverse=True)
    assert CIFAR10_ERROR_PREACT["preact_resnet110"] < CIFAR10_ERROR["resnet110"]
    assert CIFAR10_ERROR_PREACT["preact_resnet1001"] < CIFAR10_ERROR["resnet1202"]


@pytest.mark.skipif(not GUIDE.exists(), reason="the reference guide is not beside this checkout")
def test_pre_activation_errors_are_the_2016_papers_as_the_guide_quotes_them() -> None:
    text = " ".join(GUIDE.read_text(encoding="utf-8").split())
    quoted = text.split('"Identity Mappings in Deep Residual Networks":', 1)[1]
    found = {
        "preact_resnet164": re.search(
            r"ResNet-164 \(bottleneck\) [\d.]+ M params, ([\d.]+) %", quoted
        ),
        "preact_resnet1001": re.search(r"ResNet-1001 [\d.]+ M, ([\d.]+) %", quoted),
        "preact_resnet110": re.search(
            r"ResNet-110 original [\d.]+ % vs pre-activation ([\d.]+) %", quoted
        ),
    }
    assert {name: float(match.group(1)) for name, match in found.items() if match} == (
        CIFAR10_ERROR_PREACT
    )


@pytest.mark.skipif(not GUIDE.exists(), reason="the reference guide is not beside this checkout")
def test_cifar_errors_are_table_6_as_the_guide_quotes_it() -> None:
    text = " ".join(GUIDE.read_text(encoding="utf-8").split())
    quoted = text.split("Table 6 CIFAR-10 test error:", 1)[1].split(". ", 1)[0]
    found = re.findall(r"-?(\d+) ([\d.]+) %", quoted.replace("ResNet-", "-"))
    assert {f"resnet{depth}": float(error) for depth, error in found} == CIFAR10_ERROR


def test_published_text() -> None:
    assert published_text("resnet50") == "ImageNet acc@1 76.130 % (V1), 80.858 % (V2)"
    assert published_text("resnet18") == "ImageNet acc@1 69.758 % (V1)"
    assert published_text("resnet56") == "CIFAR-10 error 6.97 % (He et al., Table 6)"
    assert published_text("preact_resnet164") == (
        "CIFAR-10 error 5.46 % (He et al. 2016, pre-activation)"
    )
    assert published_text("resnet50d") == ""
    assert published_text("my net") == ""
