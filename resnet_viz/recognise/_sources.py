"""The three ways a ResNet comes in: a checkpoint file, ``print(model)`` text, a live module.

Each is reduced to tensor names and shapes (plus, from text or a module, each conv's stride
and each shortcut module) and recognised the same way. A checkpoint's tensors then load
strictly into our builder's network of the recognised spec.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

from ..i18n import t
from ..infer import CheckpointError, read_state_dict
from ..models import ResNet, build_model
from ..torch_loader import nn, torch
from ._layers import Layer, layer_of, zero_pad_placement
from ._names import NameMap, map_names
from ._printed import PrintedTree, RecognitionError, parse_printed
from ._recognise import COUNTER, Hints, Recognition, recognise_shapes

__all__ = [
    "Recognised",
    "load_weights",
    "printed_layers",
    "recognise_checkpoint",
    "recognise_module",
    "recognise_print",
    "settle",
]


@dataclass(frozen=True)
class Recognised:
    """A recognition and what it was made from: the tensors (their names) of a checkpoint or
    a module, the layers (our names) of a text."""

    recognition: Recognition
    tensors: dict[str, torch.Tensor] | None = None
    layers: dict[str, Layer] | None = None


def _recognise_tensors(
    tensors: dict[str, torch.Tensor],
    source: Literal["checkpoint", "module"],
    hints: Hints | None = None,
) -> Recognition:
    names = map_names(tensors)
    shapes = {names.ours[name]: tuple(tensor.shape) for name, tensor in tensors.items()}
    return recognise_shapes(shapes, names, source, hints)


def recognise_checkpoint(data: bytes, filename: str) -> Recognised:
    """Read a checkpoint without running code and recognise the ResNet its tensors make."""
    try:
        tensors = read_state_dict(data, filename)
    except CheckpointError as error:
        raise RecognitionError(str(error)) from None
    return Recognised(_recognise_tensors(tensors, "checkpoint"), tensors=tensors)


def _printed_parts(tree: PrintedTree) -> tuple[dict[str, Layer], dict[str, str | None]]:
    """Each layer that matters, by their path, and the zero-padding shortcuts' placements."""
    layers: dict[str, Layer] = {}
    placements: dict[str, str | None] = {}
    for path, module in tree.root.walk():
        layer = layer_of(module, path)
        if layer is not None:
            layers[path] = layer
            if layer.type == "ZeroPad":
                placements[path] = zero_pad_placement(module)
    return layers, placements


@dataclass(frozen=True)
class _Read:
    """What a printed tree shows, under our names: its layers, their tensors' shapes, and
    the hints tensors cannot give."""

    names: NameMap
    layers: dict[str, Layer]
    shapes: dict[str, tuple[int, ...]]
    hints: Hints


def _read_tree(tree: PrintedTree) -> _Read:
    """A printed tree's layers, shapes and hints (our names); not a ResNet: one sentence."""
    theirs, placements = _printed_parts(tree)
    names = map_names(theirs)
    layers = {names.ours[path]: layer for path, layer in theirs.items()}
    if not any(name.startswith("layer1.") for name in layers):
        tops = [name for name, _ in tree.root.children][:8]
        raise RecognitionError(
            t(
                "yours.print_not_resnet",
                type=tree.root.type,
                found=", ".join(tops) or "—",
                line=tree.root.line,
            )
        )
    shapes: dict[str, tuple[int, ...]] = {}
    for name, layer in layers.items():
        shapes.update(layer.shapes(name))
    convs = {name: layer for name, layer in layers.items() if layer.type == "Conv2d"}
    hints = Hints(
        strides={name: layer.stride or 1 for name, layer in convs.items()},
        zero_pads={names.ours[path].rsplit(".", 1)[0]: how for path, how in placements.items()},
        printed=True,
    )
    return _Read(names, layers, shapes, hints)


def recognise_print(text: str) -> Recognised:
    """Recognise the ResNet a ``print(model)`` text shows (the text is parsed, never run)."""
    tree = parse_printed(text)
    read = _read_tree(tree)
    recognition = recognise_shapes(
        read.shapes, read.names, "print", read.hints, tree.stops_after, tree.stops_at_line
    )
    return Recognised(recognition, layers=read.layers)


def recognise_module(model: nn.Module) -> Recognised:
    """Recognise a live module: its tensors, with the strides and shortcut modules its print
    shows."""
    read = _read_tree(parse_printed(str(model)))
    tensors = {name: value.detach() for name, value in model.state_dict().items()}
    recognition = _recognise_tensors(tensors, "module", read.hints)
    return Recognised(recognition, tensors=tensors, layers=read.layers)


def settle(recognised: Recognised, choose: Mapping[str, str] | None) -> Recognised:
    """Settle what the input could not tell, as the caller says (fields it did tell stay)."""
    recognition = recognised.recognition
    open_fields = {choice.field for choice in recognition.choices}
    for field, value in (choose or {}).items():
        if field not in ("stride_on", "zero_pad"):
            raise ValueError(f"choose: {field!r} is not stride_on or zero_pad")
        if field in open_fields:
            recognition = recognition.choose(field, value)
    return replace(recognised, recognition=recognition)


def load_weights(recognised: Recognised) -> ResNet:
    """Our builder's network of the recognised spec, with the tensors loaded strictly."""
    recognition, tensors = recognised.recognition, recognised.tensors
    if tensors is None:
        raise RecognitionError(t("yours.no_weights"))
    if not recognition.complete:
        raise RecognitionError(t("yours.cannot_load", count=_left_over(recognition)))
    model = build_model(recognition.spec)
    wanted = model.state_dict()
    state = {recognition.names.ours[name]: tensor for name, tensor in tensors.items()}
    state = {name: tensor for name, tensor in state.items() if name in wanted}
    for name, value in wanted.items():
        if name.endswith(COUNTER) and name not in state:  # older checkpoints lack the counters
            state[name] = torch.zeros_like(value)
    model.load_state_dict(state, strict=True)
    return model.eval()


def _left_over(recognition: Recognition) -> int:
    return len(recognition.unmapped) + len(recognition.missing) + len(recognition.mismatched)


def printed_layers(model: nn.Module) -> dict[str, Layer]:
    """A module's layers as its ``print`` shows them, by path: what a text is compared with."""
    layers, _ = _printed_parts(parse_printed(str(model)))
    return layers
