"""Practice questions: every answer equals an independent computation (torchvision's own
modules, a real forward pass, the layer arithmetic), and a set is the same everywhere."""

from __future__ import annotations

import functools
import subprocess
import sys

import pytest
import torch
import torchvision
from conftest import ROOT

from resnet_viz import PRESETS, TORCHVISION_PRESETS, build_model
from resnet_viz.i18n import use
from resnet_viz.practice import KINDS, params_question, parse_numbers, parse_whole, practice_set

SETS = range(200)


@functools.cache
def reference(name: str) -> torch.nn.Module:
    """torchvision's own network for its presets, else our build (the paper's CIFAR nets)."""
    with torch.device("meta"):
        if name in TORCHVISION_PRESETS:
            return getattr(torchvision.models, name)()
        return build_model(name, device="meta")


@functools.cache
def stage_shapes(name: str, side: int) -> dict[str, tuple[int, ...]]:
    """Each stage's output shape from a real forward pass (on the CPU, random weights)."""
    model = build_model(name).eval()
    with torch.no_grad():
        maps = model.forward_intermediates(torch.randn(1, 3, side, side))
    return {stage: tuple(x.shape[1:]) for stage, x in maps}


def receptive_field(name: str, stage: str) -> int:
    """The layer arithmetic along the deepest path, from the modules themselves."""
    model = reference(name)
    field, jump = 1, 1
    for module_name, module in model.named_modules():
        if not isinstance(module, (torch.nn.Conv2d, torch.nn.MaxPool2d)):
            continue
        if ".downsample" in module_name or ".shortcut" in module_name:
            continue
        if module_name.startswith("layer") and int(module_name[5]) > int(stage[5:]):
            break
        kernel = (
            module.kernel_size if isinstance(module.kernel_size, int) else module.kernel_size[0]
        )
        stride = module.stride if isinstance(module.stride, int) else module.stride[0]
        field += (kernel - 1) * jump
        jump *= stride
    return field


@pytest.mark.slow
@pytest.mark.parametrize("level", ["intro", "advanced"])
def test_every_answer_in_200_sets_is_computed_again_independently(level: str) -> None:
    seen = set()
    for seed in SETS:
        for question in practice_set(seed, level):  # type: ignore[arg-type]
            seen.add(question.kind)
            spec = PRESETS[question.network]
            if question.kind == "blocks":
                blocks = [
                    len(getattr(reference(question.network), f"layer{i}"))
                    for i in range(1, len(spec.layers) + 1)
                ]
                assert list(question.answer) == blocks  # type: ignore[arg-type]
            elif question.kind == "depth":
                convs = [
                    m
                    for m in reference(question.network).modules()
                    if isinstance(m, torch.nn.Conv2d)
                ]
                projections = sum(
                    1
                    for n, _ in reference(question.network).named_modules()
                    if n.endswith("downsample.0")
                )
                assert question.answer == len(convs) - projections + 1  # + the classifier
            elif question.kind == "params":
                module = reference(question.network).get_submodule(question.target)
                assert question.answer == sum(p.numel() for p in module.parameters())
            elif question.kind == "shape":
                assert (
                    question.answer
                    == stage_shapes(question.network, question.side)[question.target]
                )
            else:
                assert question.answer == receptive_field(question.network, question.target)
    assert seen == set(KINDS[level])  # type: ignore[index]


def test_a_set_is_the_same_in_another_process_and_in_both_languages() -> None:
    here = [(q.kind, q.network, q.side, q.target, q.answer) for q in practice_set(2741, "advanced")]
    code = (
        "from resnet_viz.practice import practice_set;"
        "found = practice_set(2741, 'advanced');"
        "print([(q.kind, q.network, q.side, q.target, q.answer) for q in found])"
    )
    there = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "123", "PATH": ""},
    ).stdout.strip()
    assert there == repr(here)
    assert practice_set(2741, "advanced") != practice_set(2742, "advanced")
    question = practice_set(2741, "advanced")[0]
    with use("zh"):
        chinese = question.text()
    assert question.network in chinese and chinese != question.text()


def test_the_issues_example_is_a_question_with_its_working() -> None:
    """resnet50's layer2.0.downsample: 132,096 = 256·512·1·1 + 2·512."""
    from resnet_viz.trace import get_trace

    traced = get_trace(PRESETS["resnet50"], (3, 224, 224))
    question = params_question(1, traced, "layer2.0.downsample")
    assert question.answer == 132_096 and question.working == "256·512·1·1 + 2·512"
    assert question.answer_text() == "132,096"
    conv = params_question(
        2, get_trace(PRESETS["resnext50_32x4d"], (3, 224, 224)), "layer1.0.conv2"
    )
    assert conv.working == "128·128·3·3 / 32" and conv.answer == 128 * 128 * 9 // 32


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("132,096", 132_096),
        ("132 096", 132_096),
        ("１３２０９６", 132_096),
        (" 50 ", 50),
        ("5O", None),
        ("", None),
    ],
)
def test_whole_numbers_are_read_as_people_type_them(typed: str, number: int | None) -> None:
    assert parse_whole(typed) == number


@pytest.mark.parametrize(
    ("typed", "numbers"),
    [
        ("256x14x14", (256, 14, 14)),
        ("256×14×14", (256, 14, 14)),
        ("(256, 14, 14)", (256, 14, 14)),
        ("[3, 4, 6, 3]", (3, 4, 6, 3)),
        ("3 4 6 3", (3, 4, 6, 3)),
        ("２５６×１４×１４", (256, 14, 14)),
        ("256 by 14", None),
        ("<b>1</b>", None),
    ],
)
def test_shapes_and_lists_are_read_as_people_type_them(typed: str, numbers: tuple | None) -> None:
    assert parse_numbers(typed) == numbers
