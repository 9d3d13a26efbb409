"""Visitors' checkpoints: hostile files are refused without running them; any ResNet's
tensors are recognised without choosing a network first, and what is left over is named."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import torch
import torchvision
from conftest import RunsCode, torch_saved
from safetensors.torch import save as save_safetensors

from resnet_viz import PRESETS, build_model
from resnet_viz.infer import CheckpointError, parse_labels
from resnet_viz.recognise import (
    RecognitionError,
    compare_with_preset,
    load_weights,
    recognise_checkpoint,
)


def test_a_pickle_that_would_run_code_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    data = torch_saved({"conv1.weight": torch.zeros(1), "payload": RunsCode(marker)})
    with pytest.raises(
        RecognitionError, match=r"evil\.pth: refused: loading it would run code \(posix\.system\)"
    ):
        recognise_checkpoint(data, "evil.pth")
    assert not marker.exists()


@pytest.mark.parametrize(
    "model", [build_model("resnet18"), torchvision.models.resnet18()], ids=["ours", "torchvision"]
)
def test_a_whole_pickled_model_gets_save_its_state_dict(model: torch.nn.Module) -> None:
    with pytest.raises(RecognitionError, match=r"whole pickled model .*Save its state_dict"):
        recognise_checkpoint(torch_saved(model), "model.pt")


def test_truncated_safetensors() -> None:
    data = save_safetensors(build_model("resnet20").state_dict())
    with pytest.raises(RecognitionError, match=r"cut\.safetensors: not a readable safetensors"):
        recognise_checkpoint(data[: len(data) // 2], "cut.safetensors")


def test_random_bytes() -> None:
    with pytest.raises(RecognitionError, match=r"noise\.pth: not a readable PyTorch checkpoint"):
        recognise_checkpoint(os.urandom(4096), "noise.pth")


def test_wrong_extension_and_the_ones_other_code_uses() -> None:
    with pytest.raises(RecognitionError, match=r"weights\.zip: expected a checkpoint: \.pth, "):
        recognise_checkpoint(b"PK", "weights.zip")
    data = torch_saved(build_model("resnet20").state_dict())
    for name in ("net.pth", "net.pt", "net.TH", "last.ckpt", "pytorch_model.bin"):
        assert recognise_checkpoint(data, name).recognition.complete, name


def test_any_presets_weights_are_recognised_as_that_preset() -> None:
    """No network is chosen first: a ResNet-34 file is ResNet-34 (its BatchNorm counters, or
    their absence, change nothing)."""
    state = torchvision.models.resnet34().state_dict()
    found = recognise_checkpoint(save_safetensors(state), "r34.safetensors")
    assert compare_with_preset(found).preset == "resnet34"
    without_counters = {k: v for k, v in state.items() if not k.endswith("num_batches_tracked")}
    found = recognise_checkpoint(save_safetensors(without_counters), "r34.safetensors")
    assert compare_with_preset(found).kind == "identical"
    assert load_weights(found).spec.layers == (3, 4, 6, 3)


def test_a_different_head_loads_as_that_many_classes() -> None:
    source = build_model("resnet18", num_classes=10).eval()
    wrapped = {"state_dict": {f"module.{k}": v for k, v in source.state_dict().items()}, "epoch": 7}
    found = recognise_checkpoint(torch_saved(wrapped), "c10.pth")
    verdict = compare_with_preset(found)
    assert verdict.differences == ("Your fc has 10 outputs; torchvision's resnet18's has 1000.",)
    x = torch.randn(1, 3, 64, 64)
    with torch.inference_mode():
        torch.testing.assert_close(load_weights(found)(x), source(x))


def test_a_shallower_net_is_recognised_as_such_and_the_difference_told() -> None:
    shallower = PRESETS["resnet18"].replace(layers=(1, 1, 1, 1))
    found = recognise_checkpoint(torch_saved(build_model(shallower).state_dict()), "c.pth")
    assert found.recognition.spec.layers == (1, 1, 1, 1) and found.recognition.complete
    verdict = compare_with_preset(found)
    assert verdict.preset == "resnet18"
    assert verdict.differences == (
        "blocks per stage: yours 1, 1, 1, 1; torchvision's resnet18 2, 2, 2, 2.",
    )
    assert verdict.rows_total == 40  # the tensors of layer1.1 … layer4.1, each on one side


def test_no_tensors_at_all() -> None:
    with pytest.raises(RecognitionError, match="holds no tensors"):
        recognise_checkpoint(torch_saved({"epoch": 3, "lr": 0.1}), "meta.pth")


@pytest.mark.parametrize(
    "data",
    [b"zero\none\ntwo\n", b'["zero", "one", "two"]', b'{"0": "zero", "1": "one", "2": "two"}'],
    ids=["lines", "json-list", "json-object"],
)
def test_labels_files(data: bytes) -> None:
    assert parse_labels(data, 3) == ("zero", "one", "two")


def test_labels_must_match_the_head() -> None:
    with pytest.raises(CheckpointError, match=r"labels\.txt: 2 names for a 3-class network"):
        parse_labels(b"a\nb\n", 3, "labels.txt")


def test_timms_resnet50d_weights_load_as_resnet50d_and_compute_what_timm_computes() -> None:
    import timm

    torch.manual_seed(0)
    reference = timm.create_model("resnet50d", pretrained=False).eval()
    found = recognise_checkpoint(save_safetensors(reference.state_dict()), "r50d.safetensors")
    assert compare_with_preset(found).preset == "resnet50d"
    x = torch.randn(1, 3, 64, 64)
    with torch.no_grad():
        torch.testing.assert_close(load_weights(found)(x), reference(x), rtol=1e-4, atol=1e-4)


def test_a_pre_activation_checkpoint_is_told_from_the_2015_layout() -> None:
    """The same depth, other keys: preact_resnet18 has no stem BN and a final one."""
    data = save_safetensors(build_model("preact_resnet18").state_dict())
    found = recognise_checkpoint(data, "pre.safetensors")
    assert found.recognition.spec.unit == "pre" and found.recognition.layout == "ours"
    assert compare_with_preset(found).kind == "identical"
