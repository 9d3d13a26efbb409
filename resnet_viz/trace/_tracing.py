"""Trace a network with torchinfo on the ``meta`` device into plain values.

torchinfo lists every module call with its shapes, parameters and multiply-adds; a forward pass
on ``meta`` tensors gives all of them without allocating weights or activations. Containers'
numbers are re-added from their leaves so nothing is counted twice.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from typing import Any

from ..i18n import t
from ..models import (
    SHORTCUT_KINDS,
    ResNet,
    ResNetSpec,
    build_model,
    get_spec,
    input_side_range,
)
from ..torch_loader import nn, torchinfo
from ._geometry import layer_numbers, receptive_fields
from ._records import BlockTrace, LayerRow, PartTrace, Shape, StageTrace, Trace

__all__ = ["trace"]

#: (params, multiply-adds) of the modules at some dotted paths, summed.
CostOf = Callable[[tuple[str, ...]], tuple[int, int]]


def trace(spec_or_model: ResNetSpec | str | ResNet, input_size: Shape = (3, 224, 224)) -> Trace:
    """Trace a spec, preset name or built model for one image of ``input_size`` (C, H, W).

    Specs and names are cached per (spec, input size): a trace is a pure function of both.
    """
    input_size = tuple(int(side) for side in input_size)
    if isinstance(spec_or_model, ResNet):
        return _trace_model(spec_or_model, input_size)
    return _trace_spec(get_spec(spec_or_model), input_size)


@functools.lru_cache(maxsize=32)
def _trace_spec(spec: ResNetSpec, input_size: Shape) -> Trace:
    return _trace_model(build_model(spec, device="meta"), input_size)


def _check_input_size(spec: ResNetSpec, input_size: Shape) -> None:
    if len(input_size) != 3 or input_size[0] != spec.in_channels:
        raise ValueError(
            "input_size: " + t("spec.input_shape", channels=spec.in_channels, got=input_size)
        )
    smallest, largest = input_side_range(spec)
    for side in input_size[1:]:
        if not smallest <= side <= largest:
            raise ValueError(
                "input_size: "
                + t(
                    "spec.input_side",
                    low=smallest,
                    high=largest,
                    stem=spec.stem,
                    stages=len(spec.layers),
                    got=f"{input_size[1]}x{input_size[2]}",
                )
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
    layers = tuple(_layer_row(model, row, names[id(row)], totals) for row in rows)
    shapes_in = {names[id(row)]: tuple(row.input_size[1:]) for row in rows}
    shapes_out = {names[id(row)]: tuple(row.output_size[1:]) for row in rows}
    leaves = [layer for layer in layers if layer.is_leaf]
    total_macs = sum(layer.mult_adds for layer in leaves)

    def cost(paths: tuple[str, ...]) -> tuple[int, int]:
        found = [totals.get(path, (0, 0)) for path in paths]
        return sum(params for params, _ in found), sum(macs for _, macs in found)

    blocks = tuple(_block_traces(model, shapes_in, shapes_out, cost))
    fields = receptive_fields(model)
    stages = []
    for info in model.stages:
        params, macs = cost((info.name,))
        counts = Counter(block.shortcut for block in blocks if block.stage == info.name)
        stages.append(
            StageTrace(
                name=info.name,
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
                shortcuts=tuple((kind, counts[kind]) for kind in SHORTCUT_KINDS if counts[kind]),
            )
        )
    stem_parts = ("conv1", "bn1", "maxpool")  # the top-level relu: the stem's, or the head's
    head_parts = ("bn_final", "avgpool", "fc")
    stem_params, stem_macs = cost(stem_parts)
    head_params, head_macs = cost(head_parts)
    # The stem ends at its pool, else at its ReLU, else (pre-activation, CIFAR) at its conv.
    stem_end = (
        "maxpool" if model.maxpool is not None else "relu" if model.bn1 is not None else "conv1"
    )
    last_stage = shapes_out[model.stages[-1].name]
    return Trace(
        spec=model.spec,
        input_size=input_size,
        total_params=stats.total_params,
        trainable_params=stats.trainable_params,
        total_mult_adds=total_macs,
        activation_bytes=_activation_bytes(model, leaves),
        stem_receptive_field=fields["stem"],
        stem=PartTrace(
            "stem",
            input_size,
            shapes_out[stem_end],
            stem_params,
            stem_macs,
            stride=model.spec.stem_stride,
        ),
        head=PartTrace("head", last_stage, shapes_out["fc"], head_params, head_macs, stride=None),
        stages=tuple(stages),
        blocks=blocks,
        layers=layers,
        summary_text=str(stats),
        model_text=str(model),
    )


def _layer_row(model: ResNet, row: Any, name: str, totals: dict[str, tuple[int, int]]) -> LayerRow:
    """One torchinfo row as a record; containers carry the sums of their leaves."""
    leaf = bool(row.is_leaf_layer)
    return LayerRow(
        name=name,
        type=row.class_name,
        depth=row.depth,
        output_shape=tuple(row.output_size[1:]),
        params=row.num_params if leaf else totals[name][0],
        mult_adds=row.macs if leaf else totals[name][1],
        is_leaf=leaf,
        **layer_numbers(model.get_submodule(name)),  # type: ignore[arg-type]
    )


def _dotted_names(summary_list: list[Any]) -> dict[int, str]:
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


def _subtree_totals(rows: list[Any], names: dict[int, str]) -> dict[str, tuple[int, int]]:
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
    return {path: (params, macs) for path, (params, macs) in totals.items()}


def _block_traces(
    model: ResNet, shapes_in: dict[str, Shape], shapes_out: dict[str, Shape], cost: CostOf
) -> list[BlockTrace]:
    traces = []
    for place in model.named_blocks():
        block, name = place.block, place.name
        params, macs = cost((name,))
        shortcut_params, shortcut_macs = cost((f"{name}.downsample",))
        traces.append(
            BlockTrace(
                stage=place.stage,
                index=place.position,
                block_type=model.spec.block,
                shortcut=block.shortcut_kind,
                in_shape=shapes_in[name],
                out_shape=shapes_out[name],
                stride=block.stride,
                params=params,
                shortcut_params=shortcut_params,
                mult_adds=macs,
                shortcut_mult_adds=shortcut_macs,
            )
        )
    return traces


def _activation_bytes(model: ResNet, leaves: list[LayerRow]) -> int:
    """Bytes of fp32 activations one forward pass creates for one image.

    Every leaf layer's output counts once, except in-place ReLUs, which overwrite their input.
    """
    inplace = {
        name
        for name, module in model.named_modules()
        if isinstance(module, nn.ReLU) and module.inplace
    }
    elements = 0
    for layer in leaves:
        if layer.name in inplace:
            continue
        count = 1
        for side in layer.output_shape:
            count *= side
        elements += count
    return 4 * elements
