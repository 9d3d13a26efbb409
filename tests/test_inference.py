"""Classification and explanations on the CPU, against torchvision's own pipeline."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torchvision
from PIL import Image

from resnet_viz import PRESETS, build_model
from resnet_viz.data import SAMPLES_DIR, Preprocess
from resnet_viz.infer import (
    Classifier,
    LoadedModel,
    Prediction,
    analyse,
    available_devices,
    feature_grid,
    grad_cam,
    overlay,
    pick_device,
    preprocess,
    untrained,
)


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


def predictions(classifier: Classifier, images: list[tuple[str, Image.Image]]) -> list[Prediction]:
    """What the Inference page shows for each image: its pass also explains it."""
    last_stage = classifier.model.feature_names()[-1]
    return [prediction for prediction, _ in classifier.analyse(images, last_stage)]


def test_predictions_match_the_bare_torchvision_pipeline(resnet18_pair) -> None:
    reference, weights = resnet18_pair
    images = [(name, photo(name)) for name in ("puppies.jpg", "mountain.jpg", "flower.jpg")]
    found = predictions(Classifier(weights, "cpu"), images)
    transform = torchvision.models.ResNet18_Weights.IMAGENET1K_V1.transforms()
    with torch.inference_mode():
        expected = reference(torch.stack([transform(image) for _, image in images])).softmax(1)
    for prediction, probabilities in zip(found, expected, strict=True):
        values, indices = probabilities.topk(5)
        assert [label for label, _ in prediction.top] == [weights.categories[i] for i in indices]
        assert [p for _, p in prediction.top] == pytest.approx(values.tolist(), abs=1e-5)
        assert prediction.forward_ms > 0 and prediction.preprocess_ms > 0
        assert prediction.explain_ms > 0
    assert [p.name for p in found] == ["puppies.jpg", "mountain.jpg", "flower.jpg"]


def test_classify_gives_the_explained_pass_top_five_without_explaining(resnet18_pair) -> None:
    """The command line's forward-only pass: the same classes and probabilities as the page's
    explained pass, no backward pass, and the shared model left as it was."""
    _, weights = resnet18_pair
    images = [(name, photo(name)) for name in ("puppies.jpg", "mountain.jpg", "flower.jpg")]
    classifier = Classifier(weights, "cpu")
    explained = predictions(classifier, images)
    found = classifier.classify(images)
    assert [p.name for p in found] == [p.name for p in explained]
    for fast, full in zip(found, explained, strict=True):
        assert [label for label, _ in fast.top] == [label for label, _ in full.top]
        assert [p for _, p in fast.top] == pytest.approx([p for _, p in full.top], abs=1e-5)
        assert fast.forward_ms > 0 and fast.explain_ms == 0
    assert classifier.classify([]) == []
    assert all(p.grad is None for p in weights.model.parameters()) and not weights.model.training


def test_top_k_is_sorted_and_a_distribution(resnet18_pair) -> None:
    (prediction,) = predictions(Classifier(resnet18_pair[1], "cpu"), [("p", photo())])
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
    (found,) = analyse(weights.model, x.unsqueeze(0), channels=6).images
    maps = {name: channels for name, (channels, _) in found.feature_maps.items()}
    assert {k: v.shape for k, v in maps.items()} == {
        "stem": (6, 56, 56),
        "layer1": (6, 56, 56),
        "layer2": (6, 28, 28),
        "layer3": (6, 14, 14),
        "layer4": (6, 7, 7),
    }
    assert all(v.min() >= 0 and v.max() <= 1 for v in maps.values())
    # The channels shown are the most active ones, by number.
    with torch.inference_mode():
        stem = weights.model.forward_stem(x.unsqueeze(0))[0]
    numbers = found.feature_maps["stem"][1]
    assert list(numbers) == stem.mean(dim=(1, 2)).argsort(descending=True)[:6].tolist()
    # Tiles big enough to see a 7×7 map as pixels, each numbered beneath.
    assert feature_grid(maps["stem"]).size == (6 * 136, 136)
    assert feature_grid(maps["stem"], numbers).size == (6 * 136, 136 + 24)


def test_residual_ratios_follow_the_blocks(resnet18_pair) -> None:
    _, weights = resnet18_pair
    x = preprocess(photo(), weights.preprocess)
    (found,) = analyse(weights.model, x.unsqueeze(0)).images
    ratios = found.ratios["layer2"]
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
    assert list(found.ratios) == ["layer1", "layer2", "layer3", "layer4"]
    with pytest.raises(ValueError, match=r"cam_stage: 'layer9' is not one of"):
        analyse(model, x.unsqueeze(0), "layer9")


def test_one_pass_agrees_with_each_part_done_alone(resnet18_pair) -> None:
    """Top five, Grad-CAM and everything else from one pass, as separate passes give them."""
    reference, weights = resnet18_pair
    model = weights.model
    batch = torch.stack(
        [preprocess(photo(name), weights.preprocess) for name in ("puppies.jpg", "mountain.jpg")]
    )
    done = analyse(model, batch, "layer3", targets=[None, 207])
    with torch.inference_mode():
        probabilities = reference(batch).softmax(dim=1)
    for index, found in enumerate(done.images):
        assert np.allclose(found.probabilities, probabilities[index].numpy(), atol=1e-5)
        target = None if index == 0 else 207
        cam, explained = grad_cam(model, batch[index], "layer3", target)
        assert explained == found.explained and np.allclose(cam, found.cam, atol=1e-4)
        assert found.non_finite is None
    assert done.images[0].top(5)[0][0] == int(probabilities[0].argmax())
    assert done.forward_ms > 0 and done.backward_ms > 0
    assert all(p.grad is None for p in model.parameters()) and not model.training


def test_overflowing_activations_are_found_where_they_start() -> None:
    """Untrained ResNet-1202: each residual add grows the activations until they overflow."""
    loaded = untrained(PRESETS["resnet1202"])
    x = preprocess(photo(), loaded.preprocess).unsqueeze(0)
    (found,) = analyse(loaded.model, x, "layer3").images
    assert found.non_finite is not None and found.non_finite.startswith("layer")
    assert np.isnan(found.probabilities).all()
    calm = untrained(PRESETS["resnet1202"], zero_init_residual=True)
    (fine,) = analyse(calm.model, x, "layer3").images
    assert fine.non_finite is None and np.isfinite(fine.probabilities).all()
    # Zero-initialised branches add nothing yet: every ratio is exactly zero.
    assert {ratio.ratio for ratios in fine.ratios.values() for ratio in ratios} == {0.0}


def test_untrained_cifar_net_classifies_small_inputs() -> None:
    classifier = Classifier(untrained(PRESETS["resnet20"]), "cpu")
    (prediction,) = predictions(classifier, [("tiny", photo().resize((40, 30)))])
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
    cpu_top = [p.label for p in predictions(Classifier(weights, "cpu"), images)]
    assert [p.label for p in predictions(gpu, images)] == cpu_top
    assert [p.label for p in gpu.classify(images)] == cpu_top
    cam, _ = grad_cam(gpu.model, preprocess(images[0][1], weights.preprocess), "layer4")
    assert cam.shape == (7, 7) and all(p.grad is None for p in gpu.model.parameters())
    assert [p.label for p in predictions(gpu.on_cpu(), images)] == cpu_top
