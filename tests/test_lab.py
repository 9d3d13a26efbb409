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
