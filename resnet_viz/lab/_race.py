"""The residual lab's training race and lesion study, on a small real dataset.

scikit-learn ships the handwritten digits (1,797 images, 8×8, ten classes), so the race runs
offline. Plain-20, ResNet-20, plain-56 and ResNet-56 (CIFAR-style, one input channel) train
side by side, epoch by epoch and seeded, so a class sees the same race twice: the paper's
Figures 1 and 6, where the deeper plain network trains worse and the deeper residual one does
not. They train as the paper trained its CIFAR nets where it matters here: SGD with momentum
0.9 and weight decay 1e-4, and a short warm-up at a tenth of the learning rate, which the
paper used for ResNet-110 because deep nets blow up on the first large steps. The lesion study
then removes one block at a time (Veit et al., 2016): the residual net barely notices, the
plain one collapses.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator, Sequence
from copy import deepcopy
from dataclasses import dataclass

from PIL import Image

from ..data import Preprocess
from ..infer import LoadedModel
from ..models import ResidualBlock, ResNet, UnitOrder, build_model
from ..torch_loader import F, torch
from ._gradients import lab_spec

__all__ = [
    "DEEP_ENTRANTS",
    "ENTRANTS",
    "RACES",
    "RACE_EPOCHS",
    "Digits",
    "Lap",
    "deep_verdict",
    "digits",
    "final_laps",
    "lesion",
    "mean_kept_accuracy",
    "race",
    "race_verdict",
    "trained_for_inference",
]

#: A runner: its depth, whether it is the plain twin, and its unit order.
Entrant = tuple[int, bool, UnitOrder]
#: The 2015 paper's race: plain-20 and ResNet-20, plain-56 and ResNet-56.
ENTRANTS: tuple[Entrant, ...] = (
    (20, True, "post"),
    (20, False, "post"),
    (56, True, "post"),
    (56, False, "post"),
)
#: The 2016 paper's point: ResNet-110 against its pre-activation twin.
DEEP_ENTRANTS: tuple[Entrant, ...] = ((110, False, "post"), (110, False, "pre"))
#: Every race the lab runs, by name.
RACES: dict[str, tuple[Entrant, ...]] = {"paper": ENTRANTS, "deep": DEEP_ENTRANTS}
#: The recipe: peak learning rate, momentum, weight decay, batch size, warm-up epochs.
PEAK_LR = 0.05
MOMENTUM = 0.9
WEIGHT_DECAY = 1e-4
BATCH = 64
#: Epochs of the lab's race: enough for the paper's result on the digits, under a minute here.
RACE_EPOCHS = 8
WARMUP_EPOCHS = 1.0
#: CPU threads the race trains with: float sums depend on how work is split, so a fixed count
#: is part of making the race come out the same on every run.
RACE_THREADS = 2


def learning_rate(step: int, steps: int, warmup_steps: int, peak: float = PEAK_LR) -> float:
    """The learning rate of optimiser step ``step`` (from 0) of ``steps``: a tenth of the peak
    rising linearly to it over ``warmup_steps``, then falling to zero along a cosine, so each
    runner ends at its best rather than wherever its last large step left it."""
    if step < warmup_steps:
        return peak * (0.1 + 0.9 * step / warmup_steps)
    progress = (step - warmup_steps) / max(1, steps - warmup_steps)
    return peak * 0.5 * (1.0 + math.cos(math.pi * min(1.0, progress)))


@dataclass(frozen=True)
class Digits:
    """The digits, standardised, split once (seeded) into training and test images."""

    train_images: torch.Tensor
    train_labels: torch.Tensor
    test_images: torch.Tensor
    test_labels: torch.Tensor
    #: The raw pixels' mean and spread (ink from 0 to 16) that standardised the images.
    raw_mean: float = 0.0
    raw_std: float = 1.0

    def preprocess(self) -> Preprocess:
        """The recipe that turns a saved 8×8 digit (``test_digit_png``) back into what the
        networks trained on: one grey channel, scaled to 0..1, standardised the same way."""
        return Preprocess(
            resize=DIGIT_SIDE,
            crop=DIGIT_SIDE,
            mean=(self.raw_mean / INK_MAX,),
            std=(self.raw_std / INK_MAX,),
        )

    def test_digit_png(self, index: int) -> bytes:
        """A held-out digit as an 8×8 greyscale PNG (white ink on black), as a visitor
        would upload it."""
        raw = self.test_images[index, 0] * self.raw_std + self.raw_mean
        pixels = (raw / INK_MAX * 255).round().clamp(0, 255).to(torch.uint8).numpy()
        buffer = io.BytesIO()
        Image.fromarray(pixels, mode="L").save(buffer, format="PNG")
        return buffer.getvalue()


#: The digits' side in pixels and their darkest ink value.
DIGIT_SIDE = 8
INK_MAX = 16.0


def digits(seed: int = 0, test_share: float = 0.2) -> Digits:
    from sklearn.datasets import load_digits  # imported here: only the lab needs it

    data = load_digits()
    images = torch.tensor(data.images, dtype=torch.float32).unsqueeze(1)
    mean, std = float(images.mean()), float(images.std())
    images = (images - mean) / std
    labels = torch.tensor(data.target)
    order = torch.randperm(len(images), generator=torch.Generator().manual_seed(seed))
    test = int(len(images) * test_share)
    train_index, test_index = order[test:], order[:test]
    return Digits(
        images[train_index],
        labels[train_index],
        images[test_index],
        labels[test_index],
        raw_mean=mean,
        raw_std=std,
    )


@dataclass(frozen=True)
class Lap:
    """One runner's epoch: its name, the epoch, training loss and accuracy, test accuracy."""

    runner: str
    epoch: int
    train_loss: float
    train_accuracy: float
    test_accuracy: float


def _accuracy(model: ResNet, images: torch.Tensor, labels: torch.Tensor) -> float:
    model.eval()
    with torch.no_grad():
        return float((model(images).argmax(dim=1) == labels).float().mean())


def race(
    data: Digits,
    epochs: int = RACE_EPOCHS,
    seed: int = 0,
    entrants: Sequence[Entrant] = ENTRANTS,
    batch: int = BATCH,
) -> Iterator[tuple[Lap, dict[str, ResNet]]]:
    """Train the runners side by side, one epoch each in turn; yields every lap as it ends,
    with the models so far (private to this race). The same seed gives the same race."""
    steps = epochs * math.ceil(len(data.train_images) / batch)
    models: dict[str, ResNet] = {}
    optimisers = {}
    for depth, plain, unit in entrants:
        spec = lab_spec(depth, plain, unit).replace(in_channels=1)
        with torch.random.fork_rng():
            torch.manual_seed(seed)
            models[spec.name] = build_model(spec)
        optimisers[spec.name] = torch.optim.SGD(
            models[spec.name].parameters(), lr=PEAK_LR, momentum=MOMENTUM, weight_decay=WEIGHT_DECAY
        )
    threads = torch.get_num_threads()
    torch.set_num_threads(RACE_THREADS)
    try:
        for epoch in range(1, epochs + 1):
            order = torch.randperm(
                len(data.train_images),
                generator=torch.Generator().manual_seed(seed * 1000 + epoch),
            )
            for name, model in models.items():
                lap = _train_epoch(model, optimisers[name], data, order, batch, epoch, steps)
                yield Lap(name, epoch, *lap), models
    finally:
        torch.set_num_threads(threads)


def _train_epoch(
    model: ResNet,
    optimiser: torch.optim.Optimizer,
    data: Digits,
    order: torch.Tensor,
    batch: int,
    epoch: int,
    steps: int,
) -> tuple[float, float, float]:
    """One epoch of one runner: its mean training loss, training and test accuracy."""
    per_epoch = math.ceil(len(order) / batch)
    warmup_steps = round(WARMUP_EPOCHS * per_epoch)
    model.train()
    total, correct = 0.0, 0
    for number, start in enumerate(range(0, len(order), batch)):
        step = (epoch - 1) * per_epoch + number
        for group in optimiser.param_groups:
            group["lr"] = learning_rate(step, steps, warmup_steps)
        index = order[start : start + batch]
        logits = model(data.train_images[index])
        loss = F.cross_entropy(logits, data.train_labels[index])
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        total += float(loss.detach()) * len(index)
        correct += int((logits.argmax(dim=1) == data.train_labels[index]).sum())
    test = _accuracy(model, data.test_images, data.test_labels)
    return total / len(order), correct / len(order), test


#: How far ResNet-56 may trail plain-20 and still "train as well"; how far plain-56 must trail
#: both to "train worse" (training accuracy, 0..1).
AS_WELL = 0.01
CLEARLY = 0.05


def final_laps(laps: Sequence[Lap]) -> dict[str, Lap]:
    """Each runner's last lap."""
    return {lap.runner: lap for lap in laps}


def race_verdict(laps: Sequence[Lap]) -> tuple[str, dict[str, str]]:
    """What a finished race showed, as a catalogue key (``lab.verdict_*``) and its fields:
    the paper's result, or honestly whichever part of it this run did not show."""
    final = final_laps(laps)
    train = {runner: lap.train_accuracy for runner, lap in final.items()}
    fields = {runner: f"{100 * accuracy:.0f}" for runner, accuracy in train.items()}
    deep_plain_worse = train["plain56"] <= min(train["plain20"], train["resnet56"]) - CLEARLY
    deep_residual_as_well = train["resnet56"] >= train["plain20"] - AS_WELL
    if deep_plain_worse and deep_residual_as_well:
        return "lab.verdict_paper", fields
    if deep_plain_worse:
        return "lab.verdict_residual_behind", fields
    return "lab.verdict_plain_kept_up", fields


def deep_verdict(laps: Sequence[Lap]) -> tuple[str, dict[str, str]]:
    """What the ResNet-110 race showed (``lab.deep_verdict_*``): the pre-activation twin
    ahead, behind, or alike on training accuracy, with both runners' accuracies."""
    final = final_laps(laps)
    post, pre = final["resnet110"], final["preact110"]
    fields = {
        "post": f"{100 * post.train_accuracy:.0f}",
        "pre": f"{100 * pre.train_accuracy:.0f}",
        "post_test": f"{100 * post.test_accuracy:.0f}",
        "pre_test": f"{100 * pre.test_accuracy:.0f}",
        "post_loss": f"{post.train_loss:.3f}",
        "pre_loss": f"{pre.train_loss:.3f}",
    }
    if pre.train_accuracy >= post.train_accuracy + AS_WELL:
        return "lab.deep_verdict_pre_ahead", fields
    if post.train_accuracy >= pre.train_accuracy + AS_WELL:
        return "lab.deep_verdict_post_ahead", fields
    return "lab.deep_verdict_alike", fields


def _shortcut_only(block: ResidualBlock, x: torch.Tensor) -> torch.Tensor:
    """What flows past a removed block: its shortcut, or, in a plain net (which has none),
    the input subsampled and padded with zeros to the block's output shape."""
    if block.shortcut_kind != "none":
        return block.shortcut(x)
    if block.stride == 1 and block.in_channels == block.out_channels:
        return x
    x = x[:, :, :: block.stride, :: block.stride]
    return F.pad(x, (0, 0, 0, 0, 0, block.out_channels - block.in_channels))


def lesion(
    model: ResNet, images: torch.Tensor, labels: torch.Tensor
) -> list[tuple[str, float, bool]]:
    """Test accuracy with each block removed in turn: (block, accuracy, whether the block
    changes the shape)."""
    model.eval()
    found = []
    with torch.no_grad():
        for gone in model.named_blocks():
            x = model.forward_stem(images)
            for place in model.named_blocks():
                block = place.block
                x = _shortcut_only(block, x) if block is gone.block else block(x)
            accuracy = float((model.forward_head(x).argmax(dim=1) == labels).float().mean())
            removed = gone.block
            reshapes = removed.stride != 1 or removed.in_channels != removed.out_channels
            found.append((gone.name, accuracy, reshapes))
    return found


def trained_for_inference(model: ResNet, data: Digits, source: str) -> LoadedModel:
    """A race's trained network as the inference page takes it: a private copy in eval mode
    (the race's own stays untouched for the lesions), class names "0"–"9", the digits'
    preprocessing, and its held-out accuracy."""
    copy = deepcopy(model).eval()
    accuracy = _accuracy(copy, data.test_images, data.test_labels)
    names = tuple(str(digit) for digit in range(10))
    return LoadedModel(copy, names, data.preprocess(), source, trained=True, accuracy=accuracy)


def mean_kept_accuracy(found: Sequence[tuple[str, float, bool]]) -> float:
    """The mean accuracy over the lesions of blocks that keep the shape (``lesion``'s rows)."""
    kept = [accuracy for _, accuracy, reshapes in found if not reshapes]
    return sum(kept) / len(kept) if kept else 0.0
