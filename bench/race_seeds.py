"""Does each of the residual lab's races show what its paper shows, whatever the seed?

Run: .venv/bin/python bench/race_seeds.py [--race paper|deep] [--seeds 0,1,2,3,4] [--epochs N]

``paper`` (the default): plain-20, ResNet-20, plain-56 and ResNet-56 on the digits, the lab's
recipe, once per seed; prints each runner's final training and test accuracy, then the
margins the lab's sentence rests on: ResNet-56 against plain-20 (the 2015 paper: a deeper
residual net trains at least as well as a shallow plain one) and plain-56 against both (the
deeper plain net trains worse). Goal: ResNet-56's final training accuracy within one point of
plain-20's or above in every seed, plain-56 clearly below both.

``deep``: ResNet-110 against its pre-activation twin (the 2016 paper: a clean identity path
trains very deep nets better); prints the margins pre - post and the sentence the lab shows
(``deep_verdict``). Nothing is a goal there: the page says whatever the run shows.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from resnet_viz.lab import RACE_EPOCHS, RACES, Lap, deep_verdict, digits, race

#: ResNet-56 may trail plain-20 by at most this much training accuracy; plain-56 must trail
#: the worse of the two by at least the second.
TOLERANCE = 0.01
CLEAR_GAP = 0.05


def paper_margins(last: dict[str, Lap]) -> tuple[str, bool]:
    residual = last["resnet56"].train_accuracy - last["plain20"].train_accuracy
    plain_gap = (
        min(last["plain20"].train_accuracy, last["resnet56"].train_accuracy)
        - last["plain56"].train_accuracy
    )
    ok = residual >= -TOLERANCE and plain_gap >= CLEAR_GAP
    return (
        f"resnet56 - plain20 = {residual:+.3f} (goal >= {-TOLERANCE:+.2f}), "
        f"min(plain20, resnet56) - plain56 = {plain_gap:+.3f} (goal >= {CLEAR_GAP:.2f}), "
        f"{'met' if ok else 'MISSED'}"
    ), ok


def deep_margins(laps: list[Lap], last: dict[str, Lap]) -> tuple[str, str]:
    train = last["preact110"].train_accuracy - last["resnet110"].train_accuracy
    test = last["preact110"].test_accuracy - last["resnet110"].test_accuracy
    key, _ = deep_verdict(laps)
    return f"preact110 - resnet110 = {train:+.3f} train, {test:+.3f} test -> {key}", key


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--race", default="paper", choices=list(RACES))
    parser.add_argument("--seeds", default="0,1,2,3,4")
    parser.add_argument("--epochs", type=int, default=RACE_EPOCHS)
    args = parser.parse_args()
    seeds = [int(seed) for seed in args.seeds.split(",")]
    print(f"{'seed':>4} {'runner':>10} {'train':>6} {'test':>6} {'loss':>6}")
    outcomes: Counter[str] = Counter()
    for seed in seeds:
        start = time.perf_counter()
        laps = [lap for lap, _ in race(digits(), args.epochs, seed, RACES[args.race])]
        last = {lap.runner: lap for lap in laps}
        for lap in last.values():
            print(
                f"{seed:>4} {lap.runner:>10} {lap.train_accuracy:6.3f} "
                f"{lap.test_accuracy:6.3f} {lap.train_loss:6.3f}"
            )
        if args.race == "paper":
            said, ok = paper_margins(last)
            outcomes["met" if ok else "missed"] += 1
        else:
            said, key = deep_margins(laps, last)
            outcomes[key] += 1
        print(f"seed {seed}: {said}; {time.perf_counter() - start:.1f} s", flush=True)
    print("outcomes:", dict(outcomes))


if __name__ == "__main__":
    main()
