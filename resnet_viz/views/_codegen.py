"""The code view: Python that builds exactly this network, a self-contained block listing, and
the whole network written by hand.

The listings are plain PyTorch, specialised to the options in use (block type, shortcut
option, stride placement, groups). The whole network is written the way the article writes
it — block classes with ``expansion``, a ``ResNet`` class whose ``_make_layer`` builds the
stages, a function per network — but with torchvision's module names (``downsample`` where
the article says ``shortcut``), so that torchvision's weights load into it. Tests run every
listing: the blocks compute what ours compute, and the whole network prints as torchvision's
prints, takes its weights with ``strict=True`` and gives the same outputs.
"""

from __future__ import annotations

import dataclasses
import keyword
import re

from ..models import (
    PRESETS,
    TORCHVISION_PRESETS,
    ResNetSpec,
    block_class_name,
    block_stride,
)
from ._code_templates import (
    BASIC,
    BOTTLENECK,
    HEADER,
    PREACT_BASIC,
    PREACT_BOTTLENECK,
    RESNET,
    final_code,
    shortcut_function,
    stem_code,
)

__all__ = [
    "block_listing",
    "builder_code",
    "network_function",
    "network_listing",
    "torchvision_family",
]


def builder_code(spec: ResNetSpec) -> str:
    """Python that rebuilds ``spec`` with resnet_viz (values written with repr, so it is safe)."""
    lines = ["from resnet_viz import ResNetSpec, build_model", ""]
    if PRESETS.get(spec.name) == spec:
        lines += [f"model = build_model({spec.name!r})", "", "# which is the same as:"]
    lines.append("spec = ResNetSpec(")
    for field in dataclasses.fields(spec):
        lines.append(f"    {field.name}={getattr(spec, field.name)!r},")
    lines += [
        ")",
        "model = build_model(spec)          # weights on the CPU",
        'skeleton = build_model(spec, device="meta")  # structure only, no memory',
    ]
    return "\n".join(lines) + "\n"


def block_listing(spec: ResNetSpec) -> str:
    """Self-contained PyTorch for the block this spec uses, with its shortcut option."""
    parts = [HEADER, shortcut_function(spec)]
    pre = spec.unit == "pre"
    # A pre-activation projection reads the pre-activated input; zero padding reads x.
    shortcut_input = "pre" if pre and spec.shortcut != "A" else "x"
    if spec.block == "basic":
        parts.append(PREACT_BASIC.format(shortcut_input=shortcut_input) if pre else BASIC)
    else:
        on_3x3 = spec.stride_on == "3x3"
        parts.append(
            (PREACT_BOTTLENECK if pre else BOTTLENECK)
            .format(
                shortcut_input=shortcut_input,
                groups=spec.groups,
                inner="width"
                if (spec.groups, spec.width_per_group) == (1, 64)
                else f"width * {spec.width_per_group} // 64 * {spec.groups}  # grouped / widened",
                groups_note=f" ({spec.groups} groups)" if spec.groups > 1 else "",
                stride_1x1="" if on_3x3 else ", stride",
                stride_3x3=", stride" if on_3x3 else "",
            )
            .replace(
                "        inner =",
                "        # stride on the "
                + (
                    "3x3 conv, as torchvision (ResNet v1.5)"
                    if on_3x3
                    else "first 1x1 conv, as the paper (v1)"
                )
                + "\n        inner =",
            )
        )
    listing = "".join(parts)
    if spec.plain:  # the plain twin: the same branch, no shortcut, nothing added back
        listing = re.sub(r"self\.downsample = shortcut\([^)]*\)", "self.downsample = None", listing)
        listing = listing.replace(
            f"        out += x if self.downsample is None else self.downsample({shortcut_input})\n",
            "        # a plain network: nothing is added back\n",
        )
    return listing


def network_function(name: str) -> str:
    """A Python function name for a network's name: letters, digits and underscores only
    (whatever a custom name holds), never a keyword or a leading digit."""
    identifier = re.sub(r"\W", "_", name, flags=re.ASCII).strip("_").lower() or "custom_resnet"
    if identifier[0].isdigit() or keyword.iskeyword(identifier):
        identifier = f"resnet_{identifier}"
    return identifier


def _same_family(one: ResNetSpec, other: ResNetSpec) -> bool:
    """Whether two specs differ only in their name, blocks per stage and classes: one listing
    builds both."""
    ignore = {"name", "layers", "num_classes"}
    return all(
        getattr(one, field.name) == getattr(other, field.name)
        for field in dataclasses.fields(ResNetSpec)
        if field.name not in ignore
    ) and len(one.layers) == len(other.layers)


def torchvision_family(spec: ResNetSpec) -> bool:
    """Whether ``spec`` is built like one of torchvision's networks (so its hand-written code
    prints as torchvision's and takes torchvision's weights, given the same blocks)."""
    return any(_same_family(PRESETS[name], spec) for name in TORCHVISION_PRESETS)


def network_listing(spec: ResNetSpec) -> str:
    """The whole network in plain PyTorch, the article's way, with a function for it and for
    every preset of the same family (``resnet18`` … ``resnet152`` beside each other)."""
    block = block_class_name(spec)
    stages = len(spec.layers)
    stage_lines = "\n".join(
        f"        self.layer{index + 1} = self._make_layer("
        f"block, {width}, layers[{index}], stride={block_stride(index, 0)})"
        for index, width in enumerate(spec.widths)
    )
    stage_forward = "\n".join(f"        x = self.layer{index + 1}(x)" for index in range(stages))
    stem, stem_forward = stem_code(spec)
    final, final_forward = final_code(spec)
    resnet = RESNET.format(
        stages=stages,
        num_classes=spec.num_classes,
        stem_width=spec.stem_width,
        stem=stem,
        stage_lines=stage_lines,
        final=final.format(last_width=spec.widths[-1]),
        final_forward=final_forward,
        last_width=spec.widths[-1],
        pads=" or pads with zeros" if spec.shortcut == "A" else "",
        stem_forward=stem_forward,
        stage_forward=stage_forward,
    )
    presets = list(PRESETS.values())
    # The spec's own function builds the spec, even one that kept a preset's name.
    family = [
        spec if preset.name == spec.name else preset
        for preset in presets
        if _same_family(preset, spec)
    ]
    if spec not in family:
        family.append(spec)
    functions = "".join(
        f"\n\ndef {network_function(member.name)}(num_classes: int = {member.num_classes}) "
        f"-> ResNet:\n    return ResNet({block}, {list(member.layers)}, num_classes)\n"
        for member in family
    )
    chosen = network_function(spec.name)
    weights = (
        "torchvision's weights load as they are: the module names are the same"
        if torchvision_family(spec)
        else "weights of resnet_viz's build_model of the same spec load as they are"
    )
    usage = (
        f'\n\nif __name__ == "__main__":\n    model = {chosen}()\n    print(model)\n'
        f"    # {weights}.\n"
    )
    return block_listing(spec) + resnet + functions + usage
