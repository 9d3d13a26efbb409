"""GPU: resnet50 in fp32 against our channels-last + bf16 path, batch 1 and 64.

"ours" is what the app runs: bf16 weights, channels-last, CUDA-graph replay. Two more columns
show the steps on the way: the same model run eagerly, and fp32 weights under bf16 autocast
(which re-casts every weight on every call).

Run on a machine with CUDA: python3 bench/gpu_inference.py
Needs torch, torchvision, pillow and numpy only (no Streamlit). Both paths use the same
weights (torchvision's resnet50, seeded, in our builder); timings are synchronised medians
of CUDA-event-timed forwards after warm-up, measured side by side in one run. Also checks that
the fast path agrees with fp32 (top-1) and that Grad-CAM runs on the GPU.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import torch
import torchvision
from PIL import Image

from resnet_viz import build_model
from resnet_viz.data import Preprocess
from resnet_viz.infer import Classifier, LoadedModel, grad_cam, preprocess


def timed(fn, repeats: int = 50, warmup: int = 10) -> float:
    """Median milliseconds of ``fn`` on the GPU, by CUDA events."""
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    samples = []
    for _ in range(repeats):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        torch.cuda.synchronize()
        samples.append(start.elapsed_time(end))
    return statistics.median(samples)


def main() -> None:
    if not torch.cuda.is_available():
        sys.exit("no CUDA device")
    print(f"{torch.cuda.get_device_name()} · torch {torch.__version__}")
    torch.manual_seed(0)
    reference = torchvision.models.resnet50().eval()
    ours = build_model("resnet50")
    ours.load_state_dict(reference.state_dict())
    categories = tuple(torchvision.models.ResNet50_Weights.DEFAULT.meta["categories"])
    weights = LoadedModel(ours.eval(), categories, Preprocess(232, 224), "bench", True)

    fp32 = build_model("resnet50").to("cuda").eval()
    fp32.load_state_dict(reference.state_dict())
    fast = Classifier(weights, "cuda")
    print(f"fast path: {fast.device}, {fast.precision}, channels_last")

    # Our builder on CUDA agrees with torchvision on CUDA (fp32, TF32 off for the comparison).
    torch.backends.cudnn.allow_tf32 = torch.backends.cuda.matmul.allow_tf32 = False
    x = torch.randn(8, 3, 224, 224, device="cuda")
    with torch.inference_mode():
        difference = (fp32(x) - reference.to("cuda")(x)).abs().max().item()
    print(f"builder vs torchvision on CUDA, fp32: max |difference| = {difference:.2e}")
    torch.backends.cudnn.allow_tf32 = torch.backends.cuda.matmul.allow_tf32 = True

    rows = []
    for batch in (1, 64):
        x = torch.randn(batch, 3, 224, 224, device="cuda")

        def run_fp32() -> torch.Tensor:
            with torch.inference_mode():
                return fp32(x)

        def run_fast() -> (
            torch.Tensor
        ):  # what Classifier._forward runs: bf16, channels-last, graphed
            with torch.inference_mode():
                return fast._run(x.to(fast.dtype).contiguous(memory_format=torch.channels_last))

        def run_eager_bf16() -> torch.Tensor:
            with torch.inference_mode():
                return fast.model(x.to(fast.dtype).contiguous(memory_format=torch.channels_last))

        def run_autocast() -> torch.Tensor:
            with torch.inference_mode(), torch.autocast("cuda", dtype=torch.bfloat16):
                return fp32(x.contiguous(memory_format=torch.channels_last))

        base_ms, fast_ms = timed(run_fp32), timed(run_fast)
        eager_ms, cast_ms = timed(run_eager_bf16), timed(run_autocast)
        agree = (run_fp32().argmax(1) == run_fast().float().argmax(1)).float().mean().item()
        rows.append((batch, base_ms, fast_ms, agree, eager_ms, cast_ms))
    print(
        f"{'batch':>5} {'fp32 ms':>9} {'ours ms':>9} {'speed-up':>9} {'fp32 img/s':>11} "
        f"{'ours img/s':>11} {'top-1 agree':>12} {'bf16 eager':>11} {'autocast':>9}"
    )
    for batch, base_ms, fast_ms, agree, eager_ms, cast_ms in rows:
        print(
            f"{batch:>5} {base_ms:>9.2f} {fast_ms:>9.2f} {base_ms / fast_ms:>8.2f}x "
            f"{batch * 1000 / base_ms:>11.0f} {batch * 1000 / fast_ms:>11.0f} {agree:>11.1%} "
            f"{eager_ms:>11.2f} {cast_ms:>9.2f}"
        )

    image = Image.open(ROOT / "resnet_viz" / "data" / "samples" / "puppies.jpg").convert("RGB")
    (prediction,) = fast.predict([("puppies.jpg", image)])
    print(
        f"predict() end to end, one photo: preprocess {prediction.preprocess_ms:.2f} ms, "
        f"forward {prediction.forward_ms:.2f} ms"
    )
    cam, target = grad_cam(fast.model, preprocess(image, weights.preprocess), "layer4")
    print(
        f"Grad-CAM on CUDA: {cam.shape}, class {target}, "
        f"no parameter grads: {all(p.grad is None for p in fast.model.parameters())}"
    )


if __name__ == "__main__":
    main()
