"""Does the residual lab's race show the paper's result whatever the seed?

Run: .venv/bin/python bench/race_seeds.py [--seeds 0,1,2,3,4] [--epochs N]
Trains the race (plain-20, ResNet-20, plain-56, ResNet-56 on the digits, the lab's recipe)
once per seed and prints each runner's final training and test accuracy, then the margins
the lab's sentence rests on, per seed: ResNet-56 against plain-20 (the paper: a deeper
residual net trains at least as well as a shallow plain one) and plain-56 against both (the
deeper plain net trains worse). Goal: ResNet-56's final training accuracy within one point of
plain-20's or above in every seed, plain-56 clearly below both.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from resnet_viz.lab import RACE_EPOCHS, Lap, digits, race

#: ResNet-56 may trail plain-20 by at most this much training accuracy; plain-56 must trail
#: the worse of the two by at least the second.
TOLERANCE = 0.01
CLEAR_GAP = 0.05


def final_laps(seed: int, epochs: int) -> dict[str, Lap]:
    last: dict[str, Lap] = {}
    for lap, _ in race(digits(), epochs=epochs, seed=seed):
        last[lap.runner] = lap
    return last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,1,2,3,4")
    parser.add_argument("--epochs", type=int, default=RACE_EPOCHS)
    args = parser.parse_args()
    seeds = [int(seed) for seed in args.seeds.split(",")]
    print(f"{'seed':>4} {'runner':>9} {'train':>6} {'test':>6} {'loss':>6}")
    verdicts = []
    for seed in seeds:
        start = time.perf_counter()
        last = final_laps(seed, args.epochs)
        for lap in last.values():
            print(
                f"{seed:>4} {lap.runner:>9} {lap.train_accuracy:6.3f} "
                f"{lap.test_accuracy:6.3f} {lap.train_loss:6.3f}"
            )
        residual = last["resnet56"].train_accuracy - last["plain20"].train_accuracy
        plain_gap = (
            min(last["plain20"].train_accuracy, last["resnet56"].train_accuracy)
            - last["plain56"].train_accuracy
        )
        ok = residual >= -TOLERANCE and plain_gap >= CLEAR_GAP
        verdicts.append(ok)
        print(
            f"seed {seed}: resnet56 - plain20 = {residual:+.3f} (goal >= {-TOLERANCE:+.2f}), "
            f"min(plain20, resnet56) - plain56 = {plain_gap:+.3f} (goal >= {CLEAR_GAP:.2f}), "
            f"{'met' if ok else 'MISSED'}; {time.perf_counter() - start:.1f} s",
            flush=True,
        )
    print(f"goal met in {sum(verdicts)} of {len(verdicts)} seeds")


if __name__ == "__main__":
    main()
