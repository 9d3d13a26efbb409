"""The code view: generated Python runs and computes exactly what our network computes."""

from __future__ import annotations

import pytest
import torch

from resnet_viz import PRESETS, ResNetSpec, build_model
from resnet_viz.codegen import block_listing, builder_code


@pytest.mark.parametrize(
    "spec",
    [
        PRESETS["resnet18"],
        PRESETS["resnet56"],
        PRESETS["resnext50_32x4d"],
        PRESETS["resnet50"].replace(stride_on="1x1", shortcut="C"),
        PRESETS["resnet50"].replace(shortcut="A"),
        PRESETS["resnet18"].replace(plain=True),
        PRESETS["resnet50"].replace(plain=True),
    ],
    ids=[
        "basic-B",
        "basic-A",
        "grouped-bottleneck",
        "v1-bottleneck-C",
        "bottleneck-A",
        "basic-plain",
        "bottleneck-plain",
    ],
)
def test_block_listing_computes_what_our_block_computes(spec: ResNetSpec) -> None:
    namespace: dict = {}
    exec(compile(block_listing(spec), "<listing>", "exec"), namespace)  # our own generated code
    block_class = namespace["BasicBlock" if spec.block == "basic" else "Bottleneck"]
    ours = build_model(spec).layer2[0].eval()  # the first block of stage 2: strided, reshaped
    listed = block_class(ours.in_channels, spec.widths[1], ours.stride).eval()
    listed.load_state_dict(ours.state_dict(), strict=True)
    x = torch.randn(2, ours.in_channels, 16, 16)
    with torch.inference_mode():
        torch.testing.assert_close(listed(x), ours(x))


@pytest.mark.parametrize("name", ["resnet50", "resnet1202"])
def test_builder_code_rebuilds_the_preset(name: str) -> None:
    namespace: dict = {}
    exec(builder_code(PRESETS[name]), namespace)
    assert namespace["spec"] == PRESETS[name]
    assert namespace["model"].spec == PRESETS[name]
    assert f"build_model({name!r})" in builder_code(PRESETS[name])


def test_builder_code_quotes_hostile_names_as_data() -> None:
    spec = ResNetSpec(
        name="x'); import os; os.system('boom", layers=(1,), widths=(8,), stem_width=8
    )
    namespace: dict = {}
    exec(builder_code(spec), namespace)
    assert namespace["spec"] == spec
