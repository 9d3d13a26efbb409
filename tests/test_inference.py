"""Classification and explanations on the CPU, against torchvision's own pipeline."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torchvision
from PIL import Image

from resnet_viz import PRESETS, build_model
from resnet_viz.explain import feature_grid, feature_maps, grad_cam, overlay, residual_ratios
from resnet_viz.inference import Classifier, available_devices, pick_device, preprocess
from resnet_viz.photos import SAMPLES_DIR
from resnet_viz.weights import LoadedModel, Preprocess, untrained


def photo(name: str = "puppies.jpg") -> Image.Image:
    return Image.open(SAMPLES_DIR / name).convert("RGB")


@pytest.fixture(scope="module")
def resnet18_pair() -> tuple[torch.nn.Module, LoadedModel]:
    """torchvision's resnet18 (seeded) and the same weights in our builder."""
    torch.manual_seed(3)
    reference = torchvision.models.resnet18().eval()
    ours = build_model("resnet18")
    ours.load_state_dict(reference.state_dict())
    categories = tuple(torchvision.models.ResNet18_Weights.DEFAULT.meta["categories"])
    return reference, LoadedModel(ours.eval(), categories, Preprocess(256, 224), "test", True)


def test_predict_matches_the_bare_torchvision_pipeline(resnet18_pair) -> None:
    reference, weights = resnet18_pair
    images = [(name, photo(name)) for name in ("puppies.jpg", "mountain.jpg", "flower.jpg")]
    predictions = Classifier(weights, "cpu").predict(images)
    transform = torchvision.models.ResNet18_Weights.IMAGENET1K_V1.transforms()
    with torch.inference_mode():
        expected = reference(torch.stack([transform(image) for _, image in images])).softmax(1)
    for prediction, probabilities in zip(predictions, expected, strict=True):
        values, indices = probabilities.topk(5)
        assert [label for label, _ in prediction.top] == [weights.categories[i] for i in indices]
        assert [p for _, p in prediction.top] == pytest.approx(values.tolist(), abs=1e-5)
        assert prediction.forward_ms > 0 and prediction.preprocess_ms > 0
    assert [p.name for p in predictions] == ["puppies.jpg", "mountain.jpg", "flower.jpg"]


def test_top_k_is_sorted_and_a_distribution(resnet18_pair) -> None:
    (prediction,) = Classifier(resnet18_pair[1], "cpu").predict([("p", photo())], top_k=5)
    probabilities = [p for _, p in prediction.top]
    assert len(probabilities) == 5 and probabilities == sorted(probabilities, reverse=True)
    assert 0 < sum(probabilities) <= 1.0 + 1e-6


@pytest.mark.parametrize(
    ("cuda", "mps", "expected"),
    [
        (True, True, ["cuda", "mps", "cpu"]),
        (False, True, ["mps", "cpu"]),
        (True, False, ["cuda", "cpu"]),
        (False, False, ["cpu"]),
    ],
)
def test_devices_best_first(
    monkeypatch: pytest.MonkeyPatch, cuda: bool, mps: bool, expected: list[str]
) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: cuda)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: mps)
    assert available_devices() == expected
    assert pick_device("auto") == expected[0]
    assert pick_device("cpu") == "cpu"
    if not cuda:
        with pytest.raises(ValueError, match=r"device: 'cuda' is not available here; available: "):
            pick_device("cuda")


def test_grad_cam_leaves_the_shared_model_untouched(resnet18_pair) -> None:
    _, weights = resnet18_pair
    before = {k: v.clone() for k, v in weights.model.state_dict().items()}
    x = preprocess(photo(), weights.preprocess)
    cam, target = grad_cam(weights.model, x, "layer4")
    assert cam.shape == (7, 7) and cam.max() == pytest.approx(1.0) and cam.min() >= 0
    assert target == int(weights.model(x.unsqueeze(0)).argmax())
    cam3, chosen = grad_cam(weights.model, x, "layer3", target=207)
    assert cam3.shape == (14, 14) and chosen == 207
    assert all(p.grad is None for p in weights.model.parameters())
    assert not weights.model.training
    assert all(torch.equal(v, before[k]) for k, v in weights.model.state_dict().items())


def test_overlay_and_feature_maps(resnet18_pair) -> None:
    _, weights = resnet18_pair
    image = photo()
    x = preprocess(image, weights.preprocess)
    blended = overlay(image, np.ones((7, 7)))
    assert blended.size == image.size and blended.mode == "RGB"
    maps = feature_maps(weights.model, x, top=6)
    assert {k: v.shape for k, v in maps.items()} == {
        "stem": (6, 56, 56),
        "layer1": (6, 56, 56),
        "layer2": (6, 28, 28),
        "layer3": (6, 14, 14),
        "layer4": (6, 7, 7),
    }
    assert all(v.min() >= 0 and v.max() <= 1 for v in maps.values())
    assert feature_grid(maps["stem"]).size == (600, 100)


def test_residual_ratios_follow_the_blocks(resnet18_pair) -> None:
    _, weights = resnet18_pair
    x = preprocess(photo(), weights.preprocess)
    ratios = residual_ratios(weights.model, x, "layer2")
    assert [(r.block, r.shortcut) for r in ratios] == [
        ("layer2.0", "projection"),
        ("layer2.1", "identity"),
    ]
    assert all(r.ratio > 0 for r in ratios)
    # Check one ratio by hand: run the network to layer2 and split block 0 into its two paths.
    model = weights.model
    with torch.inference_mode():
        h = model.layer1(model.maxpool(model.relu(model.bn1(model.conv1(x.unsqueeze(0))))))
        block = model.layer2[0]
        expected = block.residual(h).norm() / block.downsample(h).norm()
    assert ratios[0].ratio == pytest.approx(float(expected), rel=1e-5)
    with pytest.raises(ValueError, match=r"stage: 'layer9' is not one of"):
        residual_ratios(model, x, "layer9")


def test_untrained_cifar_net_classifies_small_inputs() -> None:
    classifier = Classifier(untrained(PRESETS["resnet20"]), "cpu")
    (prediction,) = classifier.predict([("tiny", photo().resize((40, 30)))])
    assert len(prediction.top) == 5 and prediction.top[0][0].startswith("class ")
    assert classifier.precision == "fp32" and not classifier.trained


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_cuda_bf16_path_agrees_with_the_cpu(resnet18_pair) -> None:
    _, weights = resnet18_pair
    images = [(name, photo(name)) for name in ("puppies.jpg", "mountain.jpg", "aeroplane.jpg")]
    gpu = Classifier(weights, "cuda")
    assert (gpu.precision, gpu.dtype) in {("bf16", torch.bfloat16), ("fp16", torch.float16)}
    assert next(gpu.model.parameters()).is_cuda
    assert next(weights.model.parameters()).device.type == "cpu"  # the shared model stays put
    cpu_top = [p.label for p in Classifier(weights, "cpu").predict(images)]
    assert [p.label for p in gpu.predict(images)] == cpu_top
    cam, _ = grad_cam(gpu.model, preprocess(images[0][1], weights.preprocess), "layer4")
    assert cam.shape == (7, 7) and all(p.grad is None for p in gpu.model.parameters())
    assert [p.label for p in gpu.on_cpu().predict(images)] == cpu_top


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_graph_replay_matches_eager_and_serves_several_shapes(resnet18_pair) -> None:
    gpu = Classifier(resnet18_pair[1], "cuda")
    for batch in (1, 3, 1, 5, 7, 9, 11):
        x = torch.randn(batch, 3, 224, 224, device="cuda", dtype=gpu.dtype)
        x = x.contiguous(memory_format=torch.channels_last)
        with torch.inference_mode():
            torch.testing.assert_close(gpu._run(x), gpu.model(x))
    assert gpu._run.enabled and len(gpu._run.graphs) == gpu._run.MAX_GRAPHS
