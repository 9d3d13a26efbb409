"""The residual lab's gradient flow at initialisation: the relations the page will show."""

from __future__ import annotations

import pytest

from resnet_viz import param_count
from resnet_viz.lab import LAB_DEPTHS, gradient_flow, lab_spec


def test_lab_nets_are_the_papers_cifar_nets_and_their_plain_twins() -> None:
    assert param_count(lab_spec(56)) == param_count(lab_spec(56, plain=True)) == 853_018
    assert lab_spec(8).layers == (1, 1, 1) and lab_spec(110).layers == (18, 18, 18)
    with pytest.raises(ValueError, match=r"depth: 9 is not one of \[8, 14, 20"):
        lab_spec(9)
    assert LAB_DEPTHS[0] == 8 and LAB_DEPTHS[-1] == 110


def test_with_batchnorm_a_deep_plain_net_explodes_toward_its_input() -> None:
    plain, residual = gradient_flow(56, plain=True), gradient_flow(56, plain=False)
    assert len(plain.gradient_norms) == len(residual.gradient_norms) == 55
    assert plain.spread > 100 * residual.spread  # measured: ~7,000× against ~13×
    assert plain.gradient_norms[0] > 100 * plain.gradient_norms[-1]
    assert residual.spread < 50


def test_at_depth_8_plain_and_residual_are_alike() -> None:
    plain, residual = gradient_flow(8, plain=True), gradient_flow(8, plain=False)
    assert plain.spread < 4 and residual.spread < 4
    assert 0.5 < plain.spread / residual.spread < 2


def test_without_batchnorm_plain_activations_fade_and_residual_ones_grow() -> None:
    plain = gradient_flow(56, plain=True, batchnorm=False)
    residual = gradient_flow(56, plain=False, batchnorm=False)
    assert plain.activation_stds[-1] < plain.activation_stds[0] / 10
    assert residual.activation_stds[-1] > 100 * residual.activation_stds[0]


def test_the_same_seed_gives_the_same_pass() -> None:
    assert gradient_flow(20, plain=True, seed=3) == gradient_flow(20, plain=True, seed=3)
    assert gradient_flow(20, plain=True, seed=3) != gradient_flow(20, plain=True, seed=4)


@pytest.fixture(scope="module")
def finished_race():
    from resnet_viz.lab_race import digits, race

    data = digits()
    laps: dict[str, list] = {}
    trained: dict = {}
    for lap, models in race(data, epochs=8):
        laps.setdefault(lap.runner, []).append(lap)
        trained = models  # the same models, further trained, after every lap
    return data, laps, trained


@pytest.mark.slow
def test_the_deeper_plain_net_trains_worse_and_the_residual_one_does_not(finished_race) -> None:
    """He et al.'s Figure 1, live on the digits: plain-56 trains worse than plain-20."""
    _, laps, _ = finished_race
    assert [lap.epoch for lap in laps["plain20"]] == list(range(1, 9))
    final = {runner: runs[-1].train_accuracy for runner, runs in laps.items()}
    assert final["plain56"] < final["plain20"] - 0.3  # measured: 0.31 against 1.00
    assert final["resnet56"] > final["plain56"] + 0.3  # measured: 0.98
    assert laps["plain56"][-1].train_loss > laps["plain20"][-1].train_loss


@pytest.mark.slow
def test_a_residual_net_survives_losing_a_block_and_a_plain_net_does_not(finished_race) -> None:
    """Veit et al. 2016: delete one block; the ResNet barely notices, the plain net collapses."""
    from resnet_viz.lab_race import lesion, mean_kept_accuracy

    data, laps, models = finished_race
    for runner, most in (("resnet56", 0.1), ("plain20", None)):
        full = laps[runner][-1].test_accuracy
        found = lesion(models[runner], data.test_images, data.test_labels)
        mean = mean_kept_accuracy(found)
        if most is not None:
            assert mean > full - most  # measured: 0.95 against 0.97
        else:
            assert mean < full - 0.5  # measured: 0.13 against 0.99
    names = [name for name, _, _ in lesion(models["plain20"], data.test_images, data.test_labels)]
    assert names[:3] == ["layer1.0", "layer1.1", "layer1.2"] and len(names) == 9


def test_a_saved_held_out_digit_reaches_the_network_as_it_trained() -> None:
    """The inference page's path (PNG -> greyscale -> 8×8 -> standardised) gives the network
    what the race fed it, to within the PNG's 8-bit rounding."""
    import torch

    from resnet_viz.images import load_image
    from resnet_viz.inference import Classifier, preprocess
    from resnet_viz.lab_race import digits, trained_for_inference
    from resnet_viz.model import build_model

    data = digits()
    torch.manual_seed(0)
    model = build_model(lab_spec(20).replace(in_channels=1)).eval()
    loaded = trained_for_inference(model, data, "lab")
    assert loaded.model is not model and not loaded.model.training
    assert loaded.categories == tuple("0123456789")
    images = [load_image(data.test_digit_png(index), f"{index}.png") for index in range(16)]
    fed = torch.stack([preprocess(image, loaded.preprocess) for image in images])
    assert fed.shape == (16, 1, 8, 8)
    assert torch.allclose(fed, data.test_images[:16], atol=0.05)
    with torch.no_grad():
        direct = model(data.test_images[:16]).argmax(dim=1)
    predicted = Classifier(loaded, "cpu").predict(
        list(zip(map(str, range(16)), images, strict=True))
    )
    assert [int(loaded.categories.index(p.top[0][0])) for p in predicted] == direct.tolist()
