"""The residual lab's computations: why shortcuts make deep networks trainable.

``gradient_flow`` builds a CIFAR-style network of a given depth, its plain twin (the same
layers, no shortcuts) or its pre-activation twin (the same convs, BN-ReLU before each, nothing
after the add), with or without BatchNorm, runs one forward and backward pass on a
random batch, and reports every conv layer's gradient norm and the activations' spread
through depth. The networks are private to the call (trained-mode BatchNorm, hooks, gradients
are all allowed): nothing shared is touched.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..models import ResNet, ResNetSpec, UnitOrder, build_model, cifar_spec
from ..torch_loader import F, nn, torch

__all__ = ["LAB_DEPTHS", "GradientFlow", "gradient_flow", "lab_spec"]

#: The depths the lab offers: 6n + 2 layers, the paper's CIFAR family from 8 up to 110.
LAB_DEPTHS = (8, 14, 20, 32, 44, 56, 110)


def lab_spec(depth: int, plain: bool = False, unit: UnitOrder = "post") -> ResNetSpec:
    """He et al.'s CIFAR-10 network of ``depth`` layers (option A), its plain twin, or its
    pre-activation twin (``unit="pre"``: the same convs and shortcuts, BN-ReLU before each conv)."""
    if depth not in LAB_DEPTHS:
        raise ValueError(f"depth: {depth} is not one of {list(LAB_DEPTHS)}")
    kind = "plain" if plain else "preact" if unit == "pre" else "resnet"
    return cifar_spec(depth).replace(name=f"{kind}{depth}", plain=plain, unit=unit)


@dataclass(frozen=True)
class GradientFlow:
    """One backward pass at initialisation: per conv layer, in depth order."""

    layers: tuple[str, ...]
    gradient_norms: tuple[float, ...]
    activation_stds: tuple[float, ...]

    @property
    def spread(self) -> float:
        """The largest gradient norm over the smallest: 1 means every layer learns alike."""
        norms = [norm for norm in self.gradient_norms if norm > 0]
        return max(norms) / min(norms) if norms else float("inf")


def _without_batchnorm(model: ResNet) -> None:
    """Every BatchNorm replaced by nothing at all (the lab's "BatchNorm off")."""
    for module in list(model.modules()):
        for child_name, child in list(module.named_children()):
            if isinstance(child, nn.BatchNorm2d):
                setattr(module, child_name, nn.Identity())


def gradient_flow(
    depth: int,
    plain: bool,
    batchnorm: bool = True,
    seed: int = 0,
    batch: int = 64,
    unit: UnitOrder = "post",
) -> GradientFlow:
    """Gradient norms of every conv after one backward pass on a random 32×32 batch with
    random labels, and the standard deviation of every conv's output, at initialisation."""
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        model = build_model(lab_spec(depth, plain, unit))
        images = torch.randn(batch, 3, 32, 32)
        labels = torch.randint(0, 10, (batch,))
    if not batchnorm:
        _without_batchnorm(model)
    model.train()
    convs = [
        (name, module) for name, module in model.named_modules() if isinstance(module, nn.Conv2d)
    ]
    spreads: dict[str, float] = {}
    handles = [
        module.register_forward_hook(
            lambda _module, _inputs, output, name=name: spreads.__setitem__(
                name, float(output.detach().float().std())
            )
        )
        for name, module in convs
    ]
    try:
        loss = F.cross_entropy(model(images), labels)
        loss.backward()
    finally:
        for handle in handles:
            handle.remove()
    norms = [
        float(module.weight.grad.norm()) if module.weight.grad is not None else 0.0
        for _, module in convs
    ]
    return GradientFlow(
        layers=tuple(name for name, _ in convs),
        gradient_norms=tuple(np.nan_to_num(norms, nan=0.0).tolist()),
        activation_stds=tuple(spreads[name] for name, _ in convs),
    )
