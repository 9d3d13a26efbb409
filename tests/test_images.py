"""Safe decoding: every corpus file decodes to RGB or raises our error, quickly and boundedly."""

from __future__ import annotations

import io
import resource
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from resnet_viz.data import MAX_PIXELS, ImageError, for_display, load_image

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "pillow-images"
CORPUS_FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file()) if CORPUS.is_dir() else []


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


@pytest.mark.skipif(not CORPUS_FILES, reason="the shared image corpus is not beside this checkout")
def test_every_corpus_file_decodes_or_raises_our_error() -> None:
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    decoded, refused, slowest = 0, 0, (0.0, "")
    for path in CORPUS_FILES:
        start = time.perf_counter()
        try:
            image = load_image(path.read_bytes(), path.name)
        except ImageError as error:
            assert error.name == path.name and error.reason
            refused += 1
        else:  # anything else escaping fails the test here
            assert image.mode == "RGB" and image.width * image.height <= MAX_PIXELS
            decoded += 1
        slowest = max(slowest, (time.perf_counter() - start, path.name))
    assert decoded + refused == len(CORPUS_FILES) > 500
    assert decoded > 400 and refused > 100  # both paths are exercised for real
    assert slowest[0] < 5.0, f"{slowest[1]} took {slowest[0]:.1f}s"
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    assert grown_mib < 1024, f"decoding the corpus raised peak memory by {grown_mib:.0f} MiB"


def test_formats_outside_the_allow_list_are_refused_whatever_the_name() -> None:
    tiff = encoded(Image.new("RGB", (8, 8)), "TIFF")
    with pytest.raises(ImageError, match=r"photo\.png: not a JPEG, PNG, WebP, BMP or GIF image"):
        load_image(tiff, "photo.png")
    if CORPUS_FILES:
        for name in ("hopper.psd", "hopper.fits", "zero_bb.eps"):
            if (CORPUS / name).exists():
                with pytest.raises(ImageError, match="not a JPEG"):
                    load_image((CORPUS / name).read_bytes(), "holiday.png")


def test_decompression_bomb_is_refused_before_decoding() -> None:
    bomb = encoded(Image.new("1", (10_000, 5_000)), "PNG")  # 50 MP in a few kilobytes
    assert len(bomb) < 100_000
    start = time.perf_counter()
    with pytest.raises(ImageError, match=r"outside 1\.\.40,000,000 pixels"):
        load_image(bomb, "bomb.png")
    assert time.perf_counter() - start < 1.0


def test_extreme_aspect_ratios_are_refused() -> None:
    with pytest.raises(ImageError, match=r"strip\.png: 2000×10 pixels is more than 20 times wider"):
        load_image(encoded(Image.new("RGB", (2000, 10)), "PNG"), "strip.png")
    assert load_image(encoded(Image.new("RGB", (2000, 100)), "PNG"), "wide.png").size == (2000, 100)


def test_display_copies_are_bounded() -> None:
    big = Image.new("RGB", (4000, 3000))
    assert for_display(big).size == (1024, 768) and big.size == (4000, 3000)
    small = Image.new("RGB", (256, 192))
    assert for_display(small) is small


def test_tiny_images_are_shown_enlarged_with_square_pixels() -> None:
    digit = Image.new("L", (8, 8))
    digit.putpixel((3, 4), 255)
    shown = for_display(digit)
    assert shown.size == (128, 128)
    assert (
        shown.getpixel((3 * 16, 4 * 16)) == 255
        and shown.getpixel((3 * 16 + 15, 4 * 16 + 15)) == 255
    )
    assert shown.getpixel((2 * 16 + 15, 4 * 16)) == 0  # no blur into the neighbour


def test_alpha_is_composited_on_white() -> None:
    rgba = Image.new("RGBA", (4, 4), (255, 0, 0, 0))
    rgba.putpixel((0, 0), (255, 0, 0, 255))
    image = load_image(encoded(rgba, "PNG"), "a.png")
    assert image.getpixel((1, 1)) == (255, 255, 255)
    assert image.getpixel((0, 0)) == (255, 0, 0)


def test_palette_with_transparency_is_composited_on_white() -> None:
    palette = Image.new("P", (4, 4), 1)
    palette.putpalette([0, 0, 0, 0, 0, 255] + [0] * 762)
    palette.info["transparency"] = 1
    image = load_image(encoded(palette, "PNG", transparency=1), "p.png")
    assert image.getpixel((2, 2)) == (255, 255, 255)


def test_sixteen_bit_is_scaled_not_clipped() -> None:
    values = np.array([[0, 32768], [65535, 1000]], dtype=np.uint16)
    image = load_image(encoded(Image.fromarray(values), "PNG"), "deep.png")
    assert [image.getpixel(p)[0] for p in ((0, 0), (1, 0), (0, 1), (1, 1))] == [0, 128, 255, 4]


def test_cmyk_jpeg_becomes_rgb() -> None:
    image = load_image(encoded(Image.new("CMYK", (8, 8), (0, 255, 255, 0)), "JPEG"), "c.jpg")
    red, green, blue = image.getpixel((4, 4))
    assert image.mode == "RGB" and red > 200 and green < 60 and blue < 60


def test_exif_orientation_is_applied() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    data = encoded(Image.new("RGB", (40, 20), "blue"), "JPEG", exif=exif.tobytes())
    assert load_image(data, "portrait.jpg").size == (20, 40)


def test_malformed_exif_falls_back_to_the_stored_image() -> None:
    sample = (
        Path(__file__).resolve().parent.parent / "resnet_viz" / "data" / "samples" / "aeroplane.jpg"
    )
    assert load_image(sample.read_bytes(), "aeroplane.jpg").size == (800, 531)


def test_animated_gif_gives_its_first_frame() -> None:
    frames = [Image.new("RGB", (8, 8), colour) for colour in ("red", "lime", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=50)
    assert load_image(buffer.getvalue(), "anim.gif").getpixel((4, 4)) == (255, 0, 0)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", r"x\.jpg: the file is empty"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, r"x\.jpg: "),
        (b"not an image at all", r"x\.jpg: not a JPEG, PNG"),
    ],
)
def test_unreadable_bytes_name_the_file(data: bytes, message: str) -> None:
    with pytest.raises(ImageError, match=message):
        load_image(data, "x.jpg")


def test_truncated_jpeg_is_our_error() -> None:
    whole = encoded(Image.effect_noise((200, 200), 60).convert("RGB"), "JPEG")
    with pytest.raises(ImageError, match=r"cut\.jpg: the image could not be decoded"):
        load_image(whole[: len(whole) // 2], "cut.jpg")
