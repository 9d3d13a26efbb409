"""The exact parameter count of a spec, from the spec alone, so caps hold before anything is
built. A test pins it to the parameter count of every built preset and layout."""

from __future__ import annotations

from ._specs import ResNetSpec, block_stride, bottleneck_inner, shortcut_kind

__all__ = ["param_count"]


def _conv(cin: int, cout: int, kernel: int, groups: int = 1) -> int:
    return cin // groups * cout * kernel * kernel


def _bn(channels: int) -> int:
    return 2 * channels


def _stem(spec: ResNetSpec) -> int:
    """The stem's convs and norms; a pre-activation stem ends at its conv (the first unit
    normalises its input)."""
    cin, width = spec.in_channels, spec.stem_width
    last_norm = _bn(width) if spec.unit == "post" else 0
    if spec.stem == "deep":
        half = width // 2
        inner = _conv(cin, half, 3) + _bn(half) + _conv(half, half, 3) + _bn(half)
        return inner + _conv(half, width, 3) + last_norm
    return _conv(cin, width, 7 if spec.stem == "imagenet" else 3) + last_norm


def _branch(spec: ResNetSpec, cin: int, width: int, cout: int) -> int:
    """One block's residual branch: the same convs either way; a post-activation unit
    normalises each conv's output, a pre-activation unit each conv's input."""
    if spec.block == "basic":
        convs = [(cin, width, 3, 1), (width, width, 3, 1)]
    else:
        inner = bottleneck_inner(width, spec.width_per_group, spec.groups)
        convs = [(cin, inner, 1, 1), (inner, inner, 3, spec.groups), (inner, cout, 1, 1)]
    norms = (
        [c_out for _, c_out, _, _ in convs] if spec.unit == "post" else [c_in for c_in, *_ in convs]
    )
    return sum(_conv(*conv) for conv in convs) + sum(_bn(channels) for channels in norms)


def param_count(spec: ResNetSpec) -> int:
    """Every weight, bias and BN affine parameter of the built network."""
    total = _stem(spec)
    cin = spec.stem_width
    for stage, (blocks, width) in enumerate(zip(spec.layers, spec.widths, strict=True)):
        cout = width * spec.expansion
        for index in range(blocks):
            total += _branch(spec, cin, width, cout)
            kind = shortcut_kind(spec.shortcut, cin, cout, block_stride(stage, index), spec.plain)
            if kind == "projection":  # a pre-activation projection has no BN of its own
                total += _conv(cin, cout, 1) + (_bn(cout) if spec.unit == "post" else 0)
            cin = cout
    if spec.unit == "pre" and spec.final_norm:
        total += _bn(cin)
    return total + cin * spec.num_classes + spec.num_classes
