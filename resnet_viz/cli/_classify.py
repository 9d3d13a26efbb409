"""``python -m resnet_viz classify --checkpoint FILE IMAGE_OR_DIR...``: one CSV row per image
(file, top-1 class and probability, the top five joined by ``|``), with the Inference page's
decoding, preprocessing and model; a progress line on stderr."""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterator
from pathlib import Path

from PIL import Image

from ..data import ImageError, Preprocess, load_image
from ..i18n import t
from ..infer import (
    EXTENSIONS,
    Classifier,
    LoadedModel,
    default_class_names,
    parse_labels,
)
from ..notebook import recognise_input
from ..recognise import inferred_preprocess, load_weights, settle
from ._options import add_choices, chosen

__all__ = ["add", "run"]

#: Images per forward pass: enough to keep the CPU busy, few enough for any laptop's memory.
BATCH = 32


def add(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser(
        "classify",
        help="classify images with your own checkpoint, one CSV row per image",
        description="Classify each IMAGE (or every file in each DIR) with the ResNet in "
        "--checkpoint, recognised as 'check' recognises it. CSV on stdout: "
        "file,class,probability,top5.",
    )
    command.add_argument("images", nargs="+", metavar="IMAGE_OR_DIR")
    command.add_argument("--checkpoint", required=True, metavar="FILE")
    command.add_argument("--mean", metavar="M,M,M", help="default: what its code trains with")
    command.add_argument("--std", metavar="S,S,S")
    command.add_argument("--resize", type=int, metavar="N", help="shorter side before the crop")
    command.add_argument("--crop", type=int, metavar="N", help="centre crop side")
    command.add_argument("--labels", metavar="FILE", help="class names: JSON or one per line")
    command.add_argument("--device", default="auto", help="auto, cuda, mps or cpu")
    add_choices(command)
    command.set_defaults(run=run)


def _files(paths: list[str]) -> Iterator[Path]:
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from sorted(child for child in path.rglob("*") if child.is_file())
        elif path.is_file():
            yield path
        else:
            raise ValueError(f"{given}: no such file or directory")


def _recipe(args: argparse.Namespace, inferred: Preprocess) -> Preprocess:
    mean = args.mean or ", ".join(map(str, inferred.mean))
    std = args.std or ", ".join(map(str, inferred.std))
    crop = args.crop or inferred.crop
    return Preprocess.from_text(args.resize or max(crop, inferred.resize), crop, mean, std)


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    bar = "#" * filled + "-" * (width - filled)
    print(f"\rclassify [{bar}] {done}/{total}", end="", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    checkpoint = Path(args.checkpoint)
    if not checkpoint.is_file():
        raise ValueError(f"{args.checkpoint}: no such file")
    if checkpoint.suffix.lower() not in EXTENSIONS:
        raise ValueError(t("ckpt.extension", file=checkpoint.name))
    recognised = settle(recognise_input(checkpoint), chosen(args))
    model = load_weights(recognised)
    inferred, note = inferred_preprocess(recognised.recognition)
    recipe = _recipe(args, inferred)
    recipe.check_fits(model.spec)
    classes = model.spec.num_classes
    if args.labels:
        names = parse_labels(Path(args.labels).read_bytes(), classes, Path(args.labels).name)
    else:
        names, assumed = default_class_names(model.spec)
        if assumed:
            print(assumed, file=sys.stderr)
    if not (args.mean and args.std and args.crop):
        print(note, file=sys.stderr)
    weights = LoadedModel(model, names, recipe, checkpoint.name, trained=True)
    classifier = Classifier(weights, args.device)
    files = list(_files(args.images))
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["file", "class", "probability", "top5"])
    unreadable = 0
    for start in range(0, len(files), BATCH):
        batch: list[tuple[str, Image.Image]] = []
        for path in files[start : start + BATCH]:
            try:
                batch.append((str(path), load_image(path.read_bytes(), path.name)))
            except (ImageError, OSError) as error:
                unreadable += 1
                print(f"\n{path}: {error}", file=sys.stderr)
        for prediction in classifier.classify(batch):
            top = prediction.top
            writer.writerow(
                [prediction.name, top[0][0], f"{top[0][1]:.4f}", "|".join(n for n, _ in top)]
            )
        sys.stdout.flush()
        _progress(min(start + BATCH, len(files)), len(files))
    print(file=sys.stderr)
    return 2 if unreadable == len(files) else 0
