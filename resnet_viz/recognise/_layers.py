"""What each printed layer is, in numbers: the tensors it holds and a short description.

A printed ``Conv2d(64, 128, kernel_size=(3, 3), stride=(2, 2), …)`` holds a 128×64×3×3
weight; that is all recognition needs, the same as a checkpoint gives. Its stride is kept too,
which a checkpoint cannot tell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..i18n import t
from ._printed import PrintedModule, RecognitionError

__all__ = ["Layer", "layer_of", "zero_pad_placement"]

_NUMBER = re.compile(r"^-?\d+$")


def _arguments(text: str) -> tuple[list[str], dict[str, str]]:
    """Positional and keyword arguments of a repr, split at top-level commas."""
    parts, depth, current = [], 0, ""
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    if current.strip():
        parts.append(current.strip())
    positional = [part for part in parts if "=" not in part]
    keywords = dict(part.split("=", 1) for part in parts if "=" in part)
    return positional, {key.strip(): value.strip() for key, value in keywords.items()}


def _first_int(text: str | None, default: int | None = None) -> int | None:
    """3 from "3", "(3, 3)" or "3.0"; ``default`` when absent."""
    if text is None:
        return default
    found = re.search(r"-?\d+", text)
    return int(found.group()) if found else default


@dataclass(frozen=True)
class Layer:
    """One layer that matters to a ResNet's structure, as numbers."""

    type: str
    in_channels: int | None = None
    out_channels: int | None = None
    kernel: int | None = None
    stride: int | None = None
    groups: int = 1
    bias: bool = False

    def shapes(self, path: str) -> dict[str, tuple[int, ...]]:
        """The tensors this layer holds, by state_dict name."""
        cin, cout = self.in_channels or 0, self.out_channels or 0
        if self.type == "Conv2d":
            kernel = self.kernel or 1
            held: dict[str, tuple[int, ...]] = {
                f"{path}.weight": (cout, cin // self.groups, kernel, kernel)
            }
            return held | ({f"{path}.bias": (cout,)} if self.bias else {})
        if self.type == "BatchNorm2d":
            return {
                f"{path}.{name}": (cout,)
                for name in ("weight", "bias", "running_mean", "running_var")
            }
        if self.type == "Linear":
            linear: dict[str, tuple[int, ...]] = {f"{path}.weight": (cout, cin)}
            return linear | ({f"{path}.bias": (cout,)} if self.bias else {})
        return {}

    def text(self) -> str:
        """A short description that two layers can be compared by: "Conv2d 64→128, 3×3, /2"."""
        if self.type == "Conv2d":
            text = f"Conv2d {self.in_channels}→{self.out_channels}, {self.kernel}×{self.kernel}"
            text += f", stride {self.stride}" if self.stride and self.stride > 1 else ""
            text += f", groups {self.groups}" if self.groups > 1 else ""
            return text + (", bias" if self.bias else "")
        if self.type == "BatchNorm2d":
            return f"BatchNorm2d {self.out_channels}"
        if self.type == "Linear":
            return f"Linear {self.in_channels}→{self.out_channels}"
        if self.type == "ZeroPad":
            return "zero padding (option A)"
        if self.kernel is None:
            return self.type
        return f"{self.type} {self.kernel}×{self.kernel}, stride {self.stride}"


#: Modules that hold nothing and change no shape in a ResNet: left out of layer comparisons.
_SILENT = {"ReLU", "Identity", "Dropout", "AdaptiveAvgPool2d", "Flatten", "Sequential"}


def layer_of(module: PrintedModule, path: str) -> Layer | None:
    """The layer a printed leaf module is, None for one that does not matter (ReLU, …).

    A module holding no tensors where a shortcut goes (``LambdaLayer()``, our
    ``ZeroPadShortcut``) is option A's zero padding.
    """
    positional, keywords = _arguments(module.args)
    try:
        if module.type == "Conv2d":
            return Layer(
                "Conv2d",
                int(positional[0]),
                int(positional[1]),
                _first_int(keywords.get("kernel_size"), None) or _first_int(_at(positional, 2)),
                _first_int(keywords.get("stride"), 1),
                _first_int(keywords.get("groups"), 1) or 1,
                keywords.get("bias", "True") != "False",
            )
        if module.type == "BatchNorm2d":
            features = int(positional[0]) if positional else int(keywords["num_features"])
            return Layer("BatchNorm2d", features, features)
        if module.type == "Linear":
            return Layer(
                "Linear",
                int(keywords["in_features"]),
                int(keywords["out_features"]),
                bias=keywords.get("bias", "True") != "False",
            )
        if module.type in ("MaxPool2d", "AvgPool2d"):
            kernel = _first_int(keywords.get("kernel_size")) or _first_int(_at(positional, 0))
            stride = _first_int(keywords.get("stride"), kernel)
            return Layer(module.type, kernel=kernel, stride=stride)
    except (IndexError, KeyError, ValueError):
        raise RecognitionError(
            t("yours.print_bad_layer", line=module.line, text=f"{module.type}({module.args[:80]})")
        ) from None
    if module.type in _SILENT or module.children:
        return None
    if path.rsplit(".", 1)[-1] in ("shortcut", "downsample"):
        return Layer("ZeroPad", stride=_first_int(keywords.get("stride")))
    return Layer(module.type)


def _at(items: list[str], index: int) -> str | None:
    return items[index] if index < len(items) else None


def zero_pad_placement(module: PrintedModule) -> str | None:
    """Where a printed zero-padding shortcut puts its zeros, when its repr says."""
    if module.type != "ZeroPadShortcut":
        return None
    return "split" if "split" in module.args else "end"
