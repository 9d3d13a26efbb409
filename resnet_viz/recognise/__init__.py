"""Other people's ResNets: recognised from a checkpoint, a ``print(model)`` text or a live
module, their names mapped to ours, loaded into our builder, and compared with the closest
preset."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:
    from ._diff import FIELDS, LayerRow, Verdict, closest_preset, compare_with_preset, value_text
    from ._examples import EXAMPLE_PRINTS, example_print
    from ._inferred import CIFAR10_MEAN, CIFAR10_STD, inferred_preprocess
    from ._layers import Layer
    from ._names import NameMap, Rename, map_names
    from ._printed import MAX_PRINT_CHARS, PrintedTree, RecognitionError, parse_printed
    from ._recognise import Choice, Hints, Recognition, recognise_shapes
    from ._report import choice_text, left_over_lines, report_lines, spec_sentence
    from ._sources import (
        Recognised,
        load_weights,
        printed_layers,
        recognise_checkpoint,
        recognise_module,
        recognise_print,
        settle,
    )

__all__ = [
    "CIFAR10_MEAN",
    "CIFAR10_STD",
    "EXAMPLE_PRINTS",
    "FIELDS",
    "MAX_PRINT_CHARS",
    "Choice",
    "Hints",
    "Layer",
    "LayerRow",
    "NameMap",
    "PrintedTree",
    "Recognised",
    "Recognition",
    "RecognitionError",
    "Rename",
    "Verdict",
    "choice_text",
    "closest_preset",
    "compare_with_preset",
    "example_print",
    "inferred_preprocess",
    "left_over_lines",
    "load_weights",
    "map_names",
    "parse_printed",
    "printed_layers",
    "recognise_checkpoint",
    "recognise_module",
    "recognise_print",
    "recognise_shapes",
    "report_lines",
    "settle",
    "spec_sentence",
    "value_text",
]

#: Name -> the module that defines it: loaded on first use, as most need torch.
_LAZY = {
    "CIFAR10_MEAN": "._inferred",
    "CIFAR10_STD": "._inferred",
    "Choice": "._recognise",
    "EXAMPLE_PRINTS": "._examples",
    "FIELDS": "._diff",
    "Hints": "._recognise",
    "Layer": "._layers",
    "LayerRow": "._diff",
    "MAX_PRINT_CHARS": "._printed",
    "NameMap": "._names",
    "PrintedTree": "._printed",
    "Recognised": "._sources",
    "Recognition": "._recognise",
    "RecognitionError": "._printed",
    "Rename": "._names",
    "Verdict": "._diff",
    "choice_text": "._report",
    "closest_preset": "._diff",
    "compare_with_preset": "._diff",
    "example_print": "._examples",
    "inferred_preprocess": "._inferred",
    "left_over_lines": "._report",
    "load_weights": "._sources",
    "map_names": "._names",
    "parse_printed": "._printed",
    "printed_layers": "._sources",
    "recognise_checkpoint": "._sources",
    "recognise_module": "._sources",
    "recognise_print": "._sources",
    "recognise_shapes": "._recognise",
    "report_lines": "._report",
    "settle": "._sources",
    "spec_sentence": "._report",
    "value_text": "._diff",
}

if not TYPE_CHECKING:  # type checkers read the imports above instead
    __getattr__ = lazy_names(__name__, _LAZY)
