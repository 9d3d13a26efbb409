"""GPU: the Inference page's pass on resnet50, fp32 against our channels-last + bf16 path.

"ours" is what the app runs for every image: ``Classifier.analyse`` with bf16 weights (fp16
where bf16 is missing) in channels-last, which gives the top five, Grad-CAM, feature maps and
residual ratios in one pass. Beside it: the same pass on fp32 weights, and a bare fp32
forward (what a classifier without explanations would cost), at batch 1 and 64.

Run on a machine with CUDA: python3 bench/gpu_inference.py
(``--device cpu --repeats 2`` runs every step on the CPU, to check the script itself.)
Needs torch, torchvision, pillow and numpy only (no Streamlit). Every path uses the same
weights (torchvision's resnet50, seeded, in our builder); timings are synchronised medians
after warm-up, measured side by side in one run. Also checks that our builder agrees with
torchvision on the device and that the bf16 pass agrees with fp32 on the top class.
"""

from __future__ import annotations

import argparse
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
from resnet_viz.infer import Classifier, LoadedModel, analyse

STAGE = "layer4"


def timed(fn: Callable[[], object], device: str, repeats: int, warmup: int = 5) -> float:
    """Median milliseconds of ``fn``, synchronised with the device."""
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    for _ in range(warmup):
        fn()
    sync()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        sync()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cuda", choices=["cuda", "cpu"])
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    device = args.device
    if device == "cuda" and not torch.cuda.is_available():
        sys.exit("no CUDA device (run with --device cpu to check the script)")
    name = torch.cuda.get_device_name() if device == "cuda" else "CPU"
    print(f"{name} · torch {torch.__version__}")
    torch.manual_seed(0)
    reference = torchvision.models.resnet50().eval()
    ours = build_model("resnet50")
    ours.load_state_dict(reference.state_dict())
    categories = tuple(torchvision.models.ResNet50_Weights.DEFAULT.meta["categories"])
    weights = LoadedModel(ours.eval(), categories, Preprocess(232, 224), "bench", True)

    fp32 = build_model("resnet50").to(device).eval()
    fp32.load_state_dict(reference.state_dict())
    fast = Classifier(weights, device)
    print(f"ours: {fast.device}, {fast.precision}, channels_last={fast.device == 'cuda'}")

    # Our builder agrees with torchvision on the device (fp32, TF32 off for the comparison).
    torch.backends.cudnn.allow_tf32 = torch.backends.cuda.matmul.allow_tf32 = False
    x = torch.randn(8, 3, 224, 224, device=device)
    with torch.inference_mode():
        difference = (fp32(x) - reference.to(device)(x)).abs().max().item()
    print(f"builder vs torchvision on {device}, fp32: max |difference| = {difference:.2e}")
    torch.backends.cudnn.allow_tf32 = torch.backends.cuda.matmul.allow_tf32 = True

    rows = []
    for batch in (1, 64):
        x = torch.randn(batch, 3, 224, 224, device=device)

        def bare_fp32() -> torch.Tensor:
            with torch.inference_mode():
                return fp32(x)

        def pass_fp32() -> object:
            return analyse(fp32, x, STAGE)

        def pass_ours() -> object:  # what Classifier.analyse runs after preprocessing
            return analyse(fast.model, fast._on_device(x), STAGE)

        bare_ms = timed(bare_fp32, device, args.repeats)
        fp32_ms = timed(pass_fp32, device, args.repeats)
        ours_ms = timed(pass_ours, device, args.repeats)
        top_fp32 = [image.top(1)[0][0] for image in analyse(fp32, x, STAGE).images]
        top_ours = [image.top(1)[0][0] for image in pass_ours().images]
        agree = sum(a == b for a, b in zip(top_fp32, top_ours, strict=True)) / batch
        rows.append((batch, bare_ms, fp32_ms, ours_ms, agree))
    print(
        f"{'batch':>5} {'bare fp32 ms':>13} {'pass fp32 ms':>13} {'pass ours ms':>13} "
        f"{'speed-up':>9} {'ours img/s':>11} {'top-1 agree':>12}"
    )
    for batch, bare_ms, fp32_ms, ours_ms, agree in rows:
        print(
            f"{batch:>5} {bare_ms:>13.2f} {fp32_ms:>13.2f} {ours_ms:>13.2f} "
            f"{fp32_ms / ours_ms:>8.2f}x {batch * 1000 / ours_ms:>11.0f} {agree:>11.1%}"
        )

    image = Image.open(ROOT / "resnet_viz" / "data" / "samples" / "puppies.jpg").convert("RGB")
    ((prediction, found),) = fast.analyse([("puppies.jpg", image)], STAGE)
    print(
        f"the page's pass, one photo: preprocess {prediction.preprocess_ms:.2f} ms, "
        f"forward {prediction.forward_ms:.2f} ms, Grad-CAM {prediction.explain_ms:.2f} ms; "
        f"top class {prediction.label!r}, Grad-CAM {found.cam.shape}, "
        f"no parameter grads: {all(p.grad is None for p in fast.model.parameters())}"
    )


if __name__ == "__main__":
    main()
