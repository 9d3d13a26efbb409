"""CPU: one image through our builder and through the page's pass, against bare torchvision.

Run: .venv/bin/python bench/predict_speed.py [resnet50]
Same weights (torchvision's resnet50, seeded, loaded into our builder), same preprocessing
numbers, ``inference_mode`` on both sides; the two are interleaved so drift hits both alike.
Prints medians, the ratio of our builder's forward to torchvision's (aim: at most 1.05), and
what the page's one pass (predictions with Grad-CAM, feature maps and residual ratios) costs
over a bare forward.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import torch
import torchvision
from PIL import Image

from resnet_viz import build_model
from resnet_viz.data import Preprocess
from resnet_viz.infer import Classifier, LoadedModel
from resnet_viz.serving import configure_cpu_threads


def main(name: str = "resnet50", repeats: int = 30) -> None:
    configure_cpu_threads()  # the app's setting, applied to both sides
    torch.manual_seed(0)
    reference = getattr(torchvision.models, name)().eval()
    enum = torchvision.models.get_model_weights(name).DEFAULT
    transform = enum.transforms()
    ours = build_model(name)
    ours.load_state_dict(reference.state_dict())
    recipe = Preprocess(
        transform.resize_size[0],
        transform.crop_size[0],
        tuple(transform.mean),
        tuple(transform.std),
    )
    classifier = Classifier(
        LoadedModel(ours, tuple(enum.meta["categories"]), recipe, "bench", True), "cpu"
    )
    image = Image.open(ROOT / "resnet_viz" / "data" / "samples" / "puppies.jpg").convert("RGB")

    def pipeline(model: torch.nn.Module) -> Callable[[], list[tuple[str, float]]]:
        """torchvision's pipeline for one image (transform, forward, top five) with ``model``."""

        def run() -> list[tuple[str, float]]:
            with torch.inference_mode():
                probabilities = model(transform(image).unsqueeze(0)).softmax(dim=1)[0]
            values, indices = probabilities.topk(5)
            categories = enum.meta["categories"]
            return [(categories[i], float(p)) for p, i in zip(values, indices, strict=True)]

        return run

    bare, ours_forward = pipeline(reference), pipeline(ours)  # ours: our builder's model

    def ours_explained() -> list[tuple[str, float]]:
        """What the Inference page runs: top five, Grad-CAM at layer4, feature maps, ratios."""
        return list(classifier.analyse([("puppies.jpg", image)], "layer4")[0][0].top)

    assert (
        [c for c, _ in bare()] == [c for c, _ in ours_forward()] == [c for c, _ in ours_explained()]
    )
    for _ in range(3):  # warm-up all three
        bare(), ours_forward(), ours_explained()
    runs = {
        "bare torchvision": bare,
        "our builder": ours_forward,
        "page's one pass": ours_explained,
    }
    times: dict[str, list[float]] = {label: [] for label in runs}
    for _ in range(repeats):
        for label, fn in runs.items():
            start = time.perf_counter()
            fn()
            times[label].append(time.perf_counter() - start)
    medians = {label: statistics.median(values) for label, values in times.items()}
    print(
        f"{name}, one 224x224 image, CPU, {torch.get_num_threads()} threads, median of {repeats}:"
    )
    for label, seconds in medians.items():
        print(f"  {label:<22} {seconds * 1000:8.2f} ms")
    ratio = medians["our builder"] / medians["bare torchvision"]
    print(f"  ratio our builder / bare: {ratio:.3f}")
    explained = medians["page's one pass"] / medians["bare torchvision"]
    print(
        f"  the page's one pass (predictions, Grad-CAM, feature maps, residual ratios) / "
        f"bare forward: {explained:.2f}"
    )


if __name__ == "__main__":
    main(*sys.argv[1:2])
