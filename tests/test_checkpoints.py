"""Visitors' checkpoints: hostile files are refused without running them; mismatches explained."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
import torch
import torchvision
from conftest import RunsCode
from safetensors.torch import save as save_safetensors

from resnet_viz import PRESETS, build_model
from resnet_viz.infer import CheckpointError, load_checkpoint, parse_labels


def pickled(obj: object) -> bytes:
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getvalue()


def test_a_pickle_that_would_run_code_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    data = pickled({"conv1.weight": torch.zeros(1), "payload": RunsCode(marker)})
    with pytest.raises(
        CheckpointError, match=r"evil\.pth: refused: loading it would run code \(posix\.system\)"
    ):
        load_checkpoint(data, "evil.pth", PRESETS["resnet18"])
    assert not marker.exists()


@pytest.mark.parametrize(
    "model", [build_model("resnet18"), torchvision.models.resnet18()], ids=["ours", "torchvision"]
)
def test_a_whole_pickled_model_gets_save_its_state_dict(model: torch.nn.Module) -> None:
    with pytest.raises(CheckpointError, match=r"whole pickled model .*Save its state_dict instead"):
        load_checkpoint(pickled(model), "model.pt", PRESETS["resnet18"])


def test_truncated_safetensors() -> None:
    data = save_safetensors(build_model("resnet20").state_dict())
    with pytest.raises(CheckpointError, match=r"cut\.safetensors: not a readable safetensors file"):
        load_checkpoint(data[: len(data) // 2], "cut.safetensors", PRESETS["resnet20"])


def test_random_bytes() -> None:
    with pytest.raises(CheckpointError, match=r"noise\.pth: not a readable PyTorch checkpoint"):
        load_checkpoint(os.urandom(4096), "noise.pth", PRESETS["resnet18"])


def test_wrong_extension() -> None:
    with pytest.raises(
        CheckpointError, match=r"weights\.zip: expected a \.safetensors, \.pth or \.pt file"
    ):
        load_checkpoint(b"PK", "weights.zip", PRESETS["resnet18"])


def test_another_presets_weights_are_named() -> None:
    data = pickled(build_model("resnet50").state_dict())
    with pytest.raises(
        CheckpointError, match=r"these are resnet50 weights \(1000 classes\), not resnet18's"
    ) as caught:
        load_checkpoint(data, "r50.pth", PRESETS["resnet18"])
    assert caught.value.suggestion == "resnet50"


def test_a_different_head_loads_as_that_many_classes() -> None:
    source = build_model("resnet18", num_classes=10).eval()
    wrapped = {"state_dict": {f"module.{k}": v for k, v in source.state_dict().items()}, "epoch": 7}
    loaded = load_checkpoint(pickled(wrapped), "c10.pth", PRESETS["resnet18"])
    assert loaded.spec.num_classes == 10
    assert loaded.notes == ("This checkpoint has a 10-class head: loaded as 10 classes.",)
    x = torch.randn(1, 3, 64, 64)
    with torch.inference_mode():
        torch.testing.assert_close(loaded.model(x), source(x))


def test_safetensors_with_model_prefix_and_missing_bn_counters() -> None:
    state = {
        f"model.{k}": v
        for k, v in build_model("resnet20").state_dict().items()
        if not k.endswith("num_batches_tracked")
    }
    loaded = load_checkpoint(save_safetensors(state), "net.safetensors", PRESETS["resnet20"])
    assert loaded.spec == PRESETS["resnet20"] and loaded.notes == ()


def test_a_mismatch_lists_what_differs() -> None:
    shallower = PRESETS["resnet18"].replace(layers=(1, 1, 1, 1))
    with pytest.raises(CheckpointError, match=r"c\.pth: does not fit resnet18") as caught:
        load_checkpoint(pickled(build_model(shallower).state_dict()), "c.pth", PRESETS["resnet18"])
    assert caught.value.details[0].startswith("40 missing: layer1.1.conv1.weight")
    assert caught.value.details[0].endswith("… and 35 more")


def test_no_tensors_at_all() -> None:
    with pytest.raises(CheckpointError, match="holds no tensors"):
        load_checkpoint(pickled({"epoch": 3, "lr": 0.1}), "meta.pth", PRESETS["resnet18"])


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


def test_weights_of_another_preset_are_named_whichever_network_is_chosen() -> None:
    """The checkpoint is compared as it is: the chosen network's BatchNorm counters are not
    added to it first (a ResNet-34 file was once "not fitting" when ResNet-50 was chosen)."""
    import torchvision
    from safetensors.torch import save

    from resnet_viz.infer import CheckpointError, load_checkpoint
    from resnet_viz.models import PRESETS

    data = save(torchvision.models.resnet34().state_dict())
    for chosen in ("resnet18", "resnet50", "resnet152", "resnet20"):
        with pytest.raises(CheckpointError) as refused:
            load_checkpoint(data, "r34.safetensors", PRESETS[chosen])
        assert refused.value.suggestion == "resnet34", chosen


def test_timms_resnet50d_weights_load_and_are_recognised_from_resnet50() -> None:
    """A checkpoint of timm's resnet50d loads into our resnet50d as it is (strict), computes
    what timm computes, and chosen under resnet50 the page names the network it is for."""
    import timm

    torch.manual_seed(0)
    reference = timm.create_model("resnet50d", pretrained=False).eval()
    data = save_safetensors(reference.state_dict())
    with pytest.raises(CheckpointError, match=r"resnet50d") as found:
        load_checkpoint(data, "resnet50d.safetensors", PRESETS["resnet50"])
    assert found.value.suggestion == "resnet50d"
    loaded = load_checkpoint(data, "resnet50d.safetensors", PRESETS["resnet50d"])
    x = torch.randn(1, 3, 64, 64)
    with torch.no_grad():
        torch.testing.assert_close(loaded.model(x), reference(x), rtol=1e-4, atol=1e-4)


def test_a_pre_activation_checkpoint_is_told_from_the_2015_layout() -> None:
    """The same depth, other keys: preact_resnet18 has no stem BN and a final one."""
    torch.manual_seed(0)
    data = save_safetensors(build_model("preact_resnet18").state_dict())
    with pytest.raises(CheckpointError) as found:
        load_checkpoint(data, "pre.safetensors", PRESETS["resnet18"])
    assert found.value.suggestion == "preact_resnet18"
    assert load_checkpoint(data, "pre.safetensors", PRESETS["preact_resnet18"]).spec.unit == "pre"
