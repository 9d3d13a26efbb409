"""Trace a network with torchinfo on the ``meta`` device into plain values.

torchinfo lists every module call with its shapes, parameters and multiply-adds; a forward pass
on ``meta`` tensors gives all of them without allocating weights or activations. Containers'
numbers are re-added from their leaves so nothing is counted twice.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass

import torchinfo
from torch import nn

from .model import ResNet, build_model
from .specs import ResNetSpec, get_spec, min_input_side

__all__ = [
    "BlockTrace",
    "LayerRow",
    "PartTrace",
    "StageTrace",
    "Trace",
    "describe",
    "receptive_fields",
    "trace",
]

Shape = tuple[int, ...]
#: Shortcut kinds in the order legends and tables list them.
SHORTCUT_KINDS = ("identity", "projection", "zero-pad")


@dataclass(frozen=True)
class LayerRow:
    """One module call as torchinfo saw it; ``name`` is the dotted path (``layer1.0.conv1``)."""

    name: str
    type: str
    depth: int
    output_shape: Shape
    params: int
    mult_adds: int
    is_leaf: bool
    detail: str = ""


@dataclass(frozen=True)
class BlockTrace:
    """One residual block: what its shortcut is and why, its shapes and costs."""

    stage: str
    index: int
    block_type: str
    shortcut: str
    reasons: tuple[str, ...]
    in_shape: Shape
    out_shape: Shape
    params: int
    shortcut_params: int
    mult_adds: int
    shortcut_mult_adds: int

    @property
    def name(self) -> str:
        return f"{self.stage}.{self.index}"


@dataclass(frozen=True)
class PartTrace:
    """The stem or the head: a named run of layers outside the stages."""

    name: str
    in_shape: Shape
    out_shape: Shape
    params: int
    mult_adds: int


@dataclass(frozen=True)
class StageTrace:
    """One stage, as a row of the paper's Table 1 with our numbers."""

    code_name: str
    paper_name: str
    block_type: str
    blocks: int
    in_shape: Shape
    out_shape: Shape
    stride: int
    params: int
    mult_adds: int
    share: float
    receptive_field: int
    shortcuts: tuple[tuple[str, int], ...]

    def shortcut_count(self, kind: str) -> int:
        return dict(self.shortcuts).get(kind, 0)


@dataclass(frozen=True)
class Trace:
    """Everything the architecture page shows about one network, as plain values."""

    spec: ResNetSpec
    input_size: Shape
    total_params: int
    trainable_params: int
    total_mult_adds: int
    activation_bytes: int
    stem_receptive_field: int
    stem: PartTrace
    head: PartTrace
    stages: tuple[StageTrace, ...]
    blocks: tuple[BlockTrace, ...]
    layers: tuple[LayerRow, ...]
    summary_text: str

    @property
    def depth(self) -> int:
        return self.spec.depth

    def shortcut_counts(self) -> dict[str, int]:
        counts = Counter(block.shortcut for block in self.blocks)
        return {kind: counts.get(kind, 0) for kind in SHORTCUT_KINDS}


def trace(spec_or_model: ResNetSpec | str | ResNet, input_size: Shape = (3, 224, 224)) -> Trace:
    """Trace a spec, preset name or built model for one image of ``input_size`` (C, H, W).

    Specs and names are cached per (spec, input size): a trace is a pure function of both.
    """
    input_size = tuple(int(v) for v in input_size)
    if isinstance(spec_or_model, ResNet):
        return _trace_model(spec_or_model, input_size)
    return _trace_spec(get_spec(spec_or_model), input_size)


@functools.lru_cache(maxsize=32)
def _trace_spec(spec: ResNetSpec, input_size: Shape) -> Trace:
    return _trace_model(build_model(spec, device="meta"), input_size)


def _check_input_size(spec: ResNetSpec, input_size: Shape) -> None:
    if len(input_size) != 3 or input_size[0] != spec.in_channels:
        raise ValueError(
            f"input_size: expected ({spec.in_channels}, H, W) for a net with "
            f"{spec.in_channels} input channels, got {input_size}"
        )
    smallest = min_input_side(spec)
    for side in input_size[1:]:
        if not smallest <= side <= 1024:
            raise ValueError(
                f"input_size: height and width must be within {smallest}..1024 for this "
                f"network ({spec.stem} stem, {len(spec.layers)} stages), "
                f"got {input_size[1]}x{input_size[2]}"
            )


def _trace_model(model: ResNet, input_size: Shape) -> Trace:
    _check_input_size(model.spec, input_size)
    device = next(model.parameters()).device
    stats = torchinfo.summary(
        model,
        input_size=(1, *input_size),
        device=device,
        depth=10,
        verbose=0,
        col_names=("input_size", "output_size", "num_params", "mult_adds"),
        row_settings=("var_names",),
    )
    rows = stats.summary_list[1:]  # the first row is the model itself
    names = _dotted_names(stats.summary_list)
    totals = _subtree_totals(rows, names)
    layers = tuple(
        LayerRow(
            name=names[id(row)],
            type=row.class_name,
            depth=row.depth,
            output_shape=tuple(row.output_size[1:]),
            params=totals[names[id(row)]][0] if not row.is_leaf_layer else row.num_params,
            mult_adds=totals[names[id(row)]][1] if not row.is_leaf_layer else row.macs,
            is_leaf=row.is_leaf_layer,
            detail=describe(model.get_submodule(names[id(row)])),
        )
        for row in rows
    )
    shapes_in = {names[id(r)]: tuple(r.input_size[1:]) for r in rows}
    shapes_out = {names[id(r)]: tuple(r.output_size[1:]) for r in rows}
    leaves = [layer for layer in layers if layer.is_leaf]
    total_macs = sum(layer.mult_adds for layer in leaves)

    def cost(paths: tuple[str, ...]) -> tuple[int, int]:
        found = [totals.get(path, (0, 0)) for path in paths]
        return sum(p for p, _ in found), sum(m for _, m in found)

    blocks = tuple(_block_traces(model, shapes_in, shapes_out, cost))
    fields = receptive_fields(model)
    stages = []
    for info in model.stages:
        params, macs = cost((info.name,))
        counts = Counter(b.shortcut for b in blocks if b.stage == info.name)
        stages.append(
            StageTrace(
                code_name=info.name,
                paper_name=info.paper_name,
                block_type=model.spec.block,
                blocks=info.blocks,
                in_shape=shapes_in[info.name],
                out_shape=shapes_out[info.name],
                stride=info.stride,
                params=params,
                mult_adds=macs,
                share=macs / total_macs if total_macs else 0.0,
                receptive_field=fields[info.name],
                shortcuts=tuple((k, counts[k]) for k in SHORTCUT_KINDS if counts[k]),
            )
        )
    stem_params, stem_macs = cost(("conv1", "bn1", "relu", "maxpool"))
    head_params, head_macs = cost(("avgpool", "fc"))
    stem_out = shapes_out["maxpool"]
    return Trace(
        spec=model.spec,
        input_size=input_size,
        total_params=stats.total_params,
        trainable_params=stats.trainable_params,
        total_mult_adds=total_macs,
        activation_bytes=_activation_bytes(model, leaves),
        stem_receptive_field=fields["stem"],
        stem=PartTrace("stem", input_size, stem_out, stem_params, stem_macs),
        head=PartTrace("head", shapes_out[model.stages[-1].name], shapes_out["fc"], head_params, head_macs),
        stages=tuple(stages),
        blocks=blocks,
        layers=layers,
        summary_text=str(stats),
    )


def _dotted_names(summary_list: list) -> dict[int, str]:
    """Map each torchinfo row to its module path.

    Rows come in call order, each container before its children, with their nesting depth:
    a stack of names by depth gives the path.
    """
    names: dict[int, str] = {}
    stack: list[str] = []
    for row in summary_list[1:]:
        del stack[row.depth - 1 :]
        stack.append(row.var_name)
        names[id(row)] = ".".join(stack)
    return names


def _subtree_totals(rows: list, names: dict[int, str]) -> dict[str, tuple[int, int]]:
    """Params and MACs of every module path, summed over its leaves so nothing counts twice."""
    totals: dict[str, list[int]] = {}
    for row in rows:
        if not row.is_leaf_layer:
            continue
        parts = names[id(row)].split(".")
        for end in range(1, len(parts) + 1):
            entry = totals.setdefault(".".join(parts[:end]), [0, 0])
            entry[0] += row.num_params
            entry[1] += row.macs
    return {path: (p, m) for path, (p, m) in totals.items()}


def _shortcut_reasons(block: nn.Module) -> tuple[str, ...]:
    """Why a shortcut is not a plain identity: the stride, the channels, or option C."""
    if block.shortcut_kind == "identity":
        return ()
    reasons = []
    if block.stride != 1:
        reasons.append(f"stride {block.stride}")
    if block.in_channels != block.out_channels:
        reasons.append(f"channels {block.in_channels}→{block.out_channels}")
    return tuple(reasons) or ("option C: every block",)


def _block_traces(model: ResNet, shapes_in: dict, shapes_out: dict, cost) -> list[BlockTrace]:
    traces = []
    for info, stage in zip(model.stages, model.stage_modules()):
        for index, block in enumerate(stage):
            name = f"{info.name}.{index}"
            params, macs = cost((name,))
            sc_params, sc_macs = cost((f"{name}.downsample",))
            traces.append(
                BlockTrace(
                    stage=info.name,
                    index=index,
                    block_type=type(block).__name__,
                    shortcut=block.shortcut_kind,
                    reasons=_shortcut_reasons(block),
                    in_shape=shapes_in[name],
                    out_shape=shapes_out[name],
                    params=params,
                    shortcut_params=sc_params,
                    mult_adds=macs,
                    shortcut_mult_adds=sc_macs,
                )
            )
    return traces


def _activation_bytes(model: ResNet, leaves: list[LayerRow]) -> int:
    """Bytes of fp32 activations one forward pass creates for one image.

    Every leaf layer's output counts once, except in-place ReLUs, which overwrite their input.
    """
    inplace = {name for name, m in model.named_modules() if isinstance(m, nn.ReLU) and m.inplace}
    elements = 0
    for layer in leaves:
        if layer.name in inplace:
            continue
        count = 1
        for side in layer.output_shape:
            count *= side
        elements += count
    return 4 * elements


def describe(module: nn.Module) -> str:
    """A layer in the paper's notation: "3×3 conv, 128, /2", "BN", "3×3 max pool, /2"."""
    if isinstance(module, nn.Conv2d):
        kernel, stride = _conv_geometry(module)
        text = f"{kernel}×{kernel} conv, {module.out_channels}"
        if module.groups > 1:
            text += f", {module.groups} groups"
        return text + (f", /{stride}" if stride > 1 else "")
    if isinstance(module, nn.BatchNorm2d):
        return "BN"
    if isinstance(module, nn.ReLU):
        return "ReLU"
    if isinstance(module, nn.MaxPool2d):
        kernel, stride = _conv_geometry(module)
        return f"{kernel}×{kernel} max pool, /{stride}"
    if isinstance(module, nn.AdaptiveAvgPool2d):
        return "global avg pool"
    if isinstance(module, nn.Linear):
        return f"fc, {module.out_features}"
    if type(module).__name__ == "ZeroPadShortcut":
        return f"zero-pad to {module.out_channels}" + (f", /{module.stride}" if module.stride > 1 else "")
    return ""


def _conv_geometry(module: nn.Module) -> tuple[int, int]:
    def first(v: int | tuple[int, ...]) -> int:
        return v[0] if isinstance(v, tuple) else v

    return first(module.kernel_size), first(module.stride)


def receptive_fields(model: ResNet) -> dict[str, int]:
    """Receptive field (pixels) at the stem's and each stage's output, along the deepest path.

    Each k×k layer of stride s widens the field by (k-1) × (product of earlier strides).
    Shortcuts never widen it more than the residual branch they skip.
    """
    field, jump = 1, 1

    def step(module: nn.Module) -> None:
        nonlocal field, jump
        kernel, stride = _conv_geometry(module)
        field += (kernel - 1) * jump
        jump *= stride

    step(model.conv1)
    if isinstance(model.maxpool, nn.MaxPool2d):
        step(model.maxpool)
    fields = {"stem": field}
    for info, stage in zip(model.stages, model.stage_modules()):
        for block in stage:
            for conv in (m for n, m in block.named_children() if n.startswith("conv")):
                step(conv)
        fields[info.name] = field
    return fields
