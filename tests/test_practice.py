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

from resnet_viz import PRESETS, TORCHVISION_PRESETS, ResNetSpec, build_model
from resnet_viz.i18n import use
from resnet_viz.practice import (
    KINDS,
    params_question,
    parse_amount,
    parse_numbers,
    parse_whole,
    practice_set,
)
from resnet_viz.practice._changes import changes_between

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
            elif question.kind == "receptive_field":
                assert question.answer == receptive_field(question.network, question.target)
                assert question.working.endswith(f"→ {question.answer} ({question.target})")
            else:
                check_choice_or_amount(question)
    assert seen == set(KINDS[level])  # type: ignore[index]


@functools.cache
def module_of(spec: ResNetSpec) -> torch.nn.Module:
    """torchvision's network for its presets as they are, else our build of ``spec``."""
    if spec == PRESETS.get(spec.name) and spec.name in TORCHVISION_PRESETS:
        return reference(spec.name)
    return build_model(spec, device="meta")


@functools.cache
def conv_output_sides(name: str, side: int) -> dict[str, tuple[int, int]]:
    """Every conv's output height and width, from a forward pass on the meta device."""
    model, sides = module_of(PRESETS[name]), {}
    hooks = [
        module.register_forward_hook(
            lambda _m, _i, out, key=key: sides.__setitem__(key, tuple(out.shape[2:]))
        )
        for key, module in model.named_modules()
        if isinstance(module, torch.nn.Conv2d)
    ]
    with torch.no_grad():
        model(torch.empty(1, 3, side, side, device="meta"))
    for hook in hooks:
        hook.remove()
    return sides


def shortcut_of(block: torch.nn.Module) -> str:
    shortcut = getattr(block, "downsample", None)
    if shortcut is None:
        return "identity"
    convs = [m for m in shortcut.modules() if isinstance(m, torch.nn.Conv2d)]
    return "projection" if convs else "zero-pad"


def check_choice_or_amount(question) -> None:
    """Multiply-adds by the arithmetic, and the choice kinds from the modules themselves."""
    model = module_of(question.spec)
    if question.kind == "mult_adds":
        conv = model.get_submodule(question.target)
        height, width = conv_output_sides(question.network, question.side)[question.target]
        weights = conv.in_channels * conv.out_channels * conv.kernel_size[0] ** 2 // conv.groups
        assert question.answer == height * width * weights
        assert question.is_right(f"{question.answer * 1.009:.0f}")
        assert not question.is_right(f"{question.answer * 1.02:.0f}")
    elif question.kind == "projections":
        blocks = [
            f"layer{i}.{j}"
            for i in range(1, len(question.spec.layers) + 1)
            for j in range(len(getattr(model, f"layer{i}")))
        ]
        assert question.choices == tuple(blocks)
        projected = [
            name for name in blocks if shortcut_of(model.get_submodule(name)) == "projection"
        ]
        assert list(question.answer) == projected
        assert question.is_right(tuple(reversed(projected)))
    elif question.kind == "print":
        block = model.get_submodule(question.target)
        assert question.printed == str(block)
        if question.about == "shortcut":
            assert question.answer == shortcut_of(block)
        elif question.about == "block":
            assert question.answer == type(block).__name__
        else:
            strided = [
                n
                for n, m in block.named_children()
                if isinstance(m, torch.nn.Conv2d) and m.stride[0] > 1
            ]
            assert question.answer == (strided[0] if strided else "none")
        assert question.answer in question.choices
    else:  # changes: the right statement is said of the pair, the others are not
        with use("en"):
            said = changes_between(question.network, question.target)
            texts = [question.choice_text(code) for code in question.choices]
            assert question.choice_text(question.answer) in said
        assert len(set(texts)) == len(texts) == 4
        assert sum(text in said for text in texts) == 1


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


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("115,605,504", 115_605_504),
        ("115.6M", 115_600_000),
        ("115.6 million", 115_600_000),
        ("1.156e8", 115_600_000),
        ("11560万", 115_600_000),
        ("１１５．６Ｍ", 115_600_000),
        ("1.2.3", None),
        ("12 apples", None),
        ("", None),
    ],
)
def test_counts_are_read_rounded_and_abbreviated(typed: str, amount: float | None) -> None:
    found = parse_amount(typed)
    assert found == pytest.approx(amount) if amount is not None else found is None


def test_typed_answers_are_right_as_people_write_them_and_wrong_otherwise() -> None:
    questions = {q.kind: q for seed in range(6) for q in practice_set(seed, "advanced")}
    shape = questions["shape"]
    channels, height, width = shape.answer  # type: ignore[misc]
    assert shape.is_right(f"({channels}, {height}, {width})")
    assert shape.is_right(f"{channels}x{height}x{width}")
    assert not shape.is_right(f"{channels}x{height}")
    params = questions["params"]
    assert params.is_right(f"{params.answer:,}") and not params.is_right(str(params.answer + 1))
    assert not params.is_right(("a",))


def test_the_key_has_the_teachers_columns_and_one_row_per_question() -> None:
    import csv
    import io

    from resnet_viz.practice import KEY_COLUMNS, key_csv

    questions = practice_set(2741, "intro")
    rows = list(csv.DictReader(io.StringIO(key_csv(questions))))
    assert (
        tuple(rows[0])
        == KEY_COLUMNS
        == (
            "number",
            "kind",
            "network",
            "input",
            "target",
            "question",
            "answer",
        )
    )
    assert [row["number"] for row in rows] == [str(n) for n in range(1, 9)]
    assert all(row["question"] and row["answer"] for row in rows)
    about = {(q.kind, q.network, q.shortcut, q.target, q.about) for q in questions}
    assert len(about) == len(questions)  # no question twice in a set


@pytest.mark.parametrize(
    ("seed", "level", "count"),
    [(-1, "intro", 8), (100_000, "intro", 8), (1, "hard", 8), (1, "intro", 0)],
)
def test_a_set_outside_the_bounds_is_refused_with_its_reason(seed, level, count) -> None:
    with pytest.raises(ValueError, match=r"set|level|count"):
        practice_set(seed, level, count)


def test_the_printable_key_escapes_every_cell_and_carries_the_link_and_its_qr_code() -> None:
    from resnet_viz.practice import key_html, qr_png

    link = "http://class.example/practice?set=7&level=intro&x=<script>"
    page = key_html(practice_set(7, "intro"), "Set <7>", link)
    assert "<script>" not in page and "&lt;script&gt;" in page and "Set &lt;7&gt;" in page
    assert page.count("<tr>") == 9  # the header and eight questions
    assert 'src="data:image/svg+xml' in page
    assert qr_png(link).startswith(b"\x89PNG\r\n\x1a\n")
