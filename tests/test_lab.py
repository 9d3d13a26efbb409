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


def test_the_pre_activation_twin_stays_in_band_and_grows_less_without_batchnorm() -> None:
    """Measured over seeds 0-2 and every lab depth: with BatchNorm the twin's spread is a
    little wider than the post-activation net's (56: ~20× against ~13×), far narrower than
    the plain net's; without it, its activations grow ten times less or more from depth 32."""
    spec = lab_spec(56, unit="pre")
    assert spec.name == "preact56" and spec.unit == "pre" and spec.shortcut == "A"
    # The BNs move, and their count comes out even: the stem's (16 channels) and the narrower
    # inputs of the two stage-opening units pay for the final BN (64 channels).
    assert param_count(spec) == param_count(lab_spec(56)) == 853_018
    seed = 1
    plain = gradient_flow(56, plain=True, seed=seed)
    residual = gradient_flow(56, plain=False, seed=seed)
    preact = gradient_flow(56, plain=False, seed=seed, unit="pre")
    assert residual.spread < preact.spread < 3 * residual.spread
    assert plain.spread > 100 * preact.spread
    grown = {
        unit: gradient_flow(56, False, batchnorm=False, seed=seed, unit=unit)
        for unit in ("post", "pre")
    }
    growth = {
        unit: flow.activation_stds[-1] / flow.activation_stds[0] for unit, flow in grown.items()
    }
    assert growth["pre"] > 10 and growth["post"] > 5 * growth["pre"]


def test_the_same_seed_gives_the_same_pass() -> None:
    assert gradient_flow(20, plain=True, seed=3) == gradient_flow(20, plain=True, seed=3)
    assert gradient_flow(20, plain=True, seed=3) != gradient_flow(20, plain=True, seed=4)


@pytest.fixture(scope="module")
def finished_race():
    from resnet_viz.lab import digits, race

    data = digits()
    laps: dict[str, list] = {}
    trained: dict = {}
    for lap, models in race(data, epochs=8):
        laps.setdefault(lap.runner, []).append(lap)
        trained = models  # the same models, further trained, after every lap
    return data, laps, trained


@pytest.mark.slow
def test_the_deeper_plain_net_trains_worse_and_the_residual_one_does_not(finished_race) -> None:
    """He et al.'s Figures 1 and 6, live on the digits: plain-56 trains worse than plain-20,
    ResNet-56 at least as well (bench/race_seeds.py checks five seeds)."""
    from resnet_viz.lab import race_verdict

    _, laps, _ = finished_race
    assert list(laps) == ["plain20", "resnet20", "plain56", "resnet56"]
    assert [lap.epoch for lap in laps["plain20"]] == list(range(1, 9))
    final = {runner: runs[-1].train_accuracy for runner, runs in laps.items()}
    assert final["plain56"] < final["plain20"] - 0.3  # measured: 0.17 against 1.00
    assert final["resnet56"] >= final["plain20"] - 0.01  # measured: 1.00 against 1.00
    assert final["resnet20"] >= final["plain20"] - 0.01
    assert laps["plain56"][-1].train_loss > laps["plain20"][-1].train_loss
    # No blow-up at the start: the warm-up keeps ResNet-56's loss falling from epoch to epoch
    # (without it the loss spiked to 5.8 at epoch 2 and the net ended at 84 %).
    losses = [lap.train_loss for lap in laps["resnet56"]]
    assert max(losses[1:]) < losses[0], losses
    every = [lap for runs in laps.values() for lap in runs]
    key, fields = race_verdict(every)
    assert key == "lab.verdict_paper"
    assert fields["plain56"] == f"{100 * final['plain56']:.0f}"


def test_the_same_seed_gives_the_same_race() -> None:
    from resnet_viz.lab import digits, race

    data = digits()

    def run(seed: int) -> list:
        return [lap for lap, _ in race(data, epochs=2, seed=seed, entrants=((8, False, "post"),))]

    assert run(3) == run(3)
    assert run(3) != run(4)


def test_the_learning_rate_warms_up_then_falls_along_a_cosine() -> None:
    from resnet_viz.lab._race import PEAK_LR, learning_rate

    steps, warm = 184, 23  # 8 epochs of 23 batches, one epoch of warm-up
    assert learning_rate(0, steps, warm) == pytest.approx(PEAK_LR / 10)
    assert learning_rate(warm, steps, warm) == pytest.approx(PEAK_LR)
    rising = [learning_rate(step, steps, warm) for step in range(warm + 1)]
    falling = [learning_rate(step, steps, warm) for step in range(warm, steps + 1)]
    assert rising == sorted(rising) and falling == sorted(falling, reverse=True)
    assert learning_rate(steps, steps, warm) == pytest.approx(0.0, abs=1e-12)


def _laps(final: dict[str, float]) -> list:
    from resnet_viz.lab import Lap

    return [Lap(runner, 8, 0.1, accuracy, accuracy) for runner, accuracy in final.items()]


@pytest.mark.parametrize(
    ("final", "key"),
    [
        ({"plain20": 1.0, "resnet20": 1.0, "plain56": 0.2, "resnet56": 0.995}, "paper"),
        ({"plain20": 1.0, "resnet20": 1.0, "plain56": 0.2, "resnet56": 0.84}, "residual_behind"),
        ({"plain20": 1.0, "resnet20": 1.0, "plain56": 0.97, "resnet56": 1.0}, "plain_kept_up"),
    ],
)
def test_the_sentence_under_the_race_follows_the_race(final: dict, key: str) -> None:
    from resnet_viz.i18n import catalogue, t
    from resnet_viz.lab import race_verdict

    found, fields = race_verdict(_laps(final))
    assert found == f"lab.verdict_{key}"
    assert fields == {runner: f"{100 * value:.0f}" for runner, value in final.items()}
    for language in ("en", "zh"):
        assert found in catalogue(language)
        text = t(found, language, epochs=8, **fields)
        assert f"{fields['plain56']} %" in text and f"{fields['resnet56']} %" in text


@pytest.mark.slow
def test_a_residual_net_survives_losing_a_block_and_a_plain_net_does_not(finished_race) -> None:
    """Veit et al. 2016: delete one block; the ResNet barely notices, the plain net collapses."""
    from resnet_viz.lab import lesion, mean_kept_accuracy

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

    from resnet_viz.data import load_image
    from resnet_viz.infer import Classifier, preprocess
    from resnet_viz.lab import digits, trained_for_inference
    from resnet_viz.models import build_model

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
    predicted = Classifier(loaded, "cpu").analyse(
        list(zip(map(str, range(16)), images, strict=True)), "layer3"
    )
    assert [int(loaded.categories.index(p.label)) for p, _ in predicted] == direct.tolist()


def test_log_axes_label_every_tick_with_its_own_value() -> None:
    """No bare "2" or "5" standing for 200 and 500 between "100" and "1000"."""
    from resnet_viz.lab import gradient_chart
    from resnet_viz.lab._charts import log_ticks

    ticks, labels = log_ticks([150.0, 900.0])
    assert ticks == [100.0, 200.0, 500.0, 1000.0, 2000.0]
    assert labels == ["100", "200", "500", "1,000", "2,000"]
    ticks, labels = log_ticks([0.4, 3.0])  # less than a decade, across 1: not just "1"
    assert labels == ["0.2", "0.5", "1", "2", "5"]
    ticks, labels = log_ticks([1e-9, 5e6])  # sixteen decades: every second one
    assert labels[0] == "10<sup>-9</sup>" and "0.001" in labels and len(ticks) == 9
    figure = gradient_chart(gradient_flow(20, plain=True), gradient_flow(20, plain=False))
    axis = figure.layout.yaxis
    assert axis.type == "log" and len(axis.tickvals) == len(axis.ticktext) >= 2
    for value, label in zip(axis.tickvals, axis.ticktext, strict=True):
        if "<sup>" not in label:
            assert float(label.replace(",", "")) == pytest.approx(value)


@pytest.mark.parametrize(
    ("pre", "post", "ending"),
    [(1.0, 0.951, "pre_ahead"), (0.95, 0.99, "post_ahead"), (0.999, 0.995, "alike")],
)
def test_the_second_races_sentence_follows_the_race(pre: float, post: float, ending: str) -> None:
    """Measured (bench/race_seeds.py --race deep, seeds 0-4): the twin ahead by 2.8-4.9 points in
    three seeds, alike (both ~99.5 % and up) in two; the sentence says whichever happened."""
    from resnet_viz.i18n import t
    from resnet_viz.lab import Lap, deep_verdict

    laps = [Lap("resnet110", 8, 0.150, post, 0.93), Lap("preact110", 8, 0.008, pre, 0.99)]
    key, fields = deep_verdict(laps)
    assert key == f"lab.deep_verdict_{ending}"
    assert fields["pre"] == f"{100 * pre:.0f}" and fields["post_loss"] == "0.150"
    for language in ("en", "zh"):
        text = t(key, language, epochs=8, **fields)
        assert f"{100 * pre:.0f} %" in text and "0.008" in text
