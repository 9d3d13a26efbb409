"""Safe image decoding: uploaded bytes to an RGB picture, or our own clear error.

Only the formats a classroom photo comes in are parsed (a PSD or EPS renamed .png is refused
by Pillow's format restriction, not sniffed by extension); sizes are checked from the header
before any pixel is decoded; decoding happens inside the error handling.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps

from ..i18n import t

__all__ = [
    "ALLOWED_FORMATS",
    "MAX_ASPECT",
    "MAX_BYTES",
    "MAX_PIXELS",
    "ImageError",
    "for_display",
    "load_image",
    "to_rgb",
]

#: Pillow format names we parse. (JPEG also opens MPO, the variant many phone cameras write.)
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "BMP", "GIF")
#: 40 megapixels: an 8K photo fits; a decompression bomb claiming more is refused unread.
MAX_PIXELS = 40_000_000
MAX_BYTES = 30 * 2**20
#: Longer side over shorter side. Wider than a panorama is not a photo, and resizing its
#: shorter side to 224 pixels would make the longer one enormous.
MAX_ASPECT = 20
WHITE = (255, 255, 255)
Image.init()  # register every plugin now, so the format allow-list can name WebP


@dataclass
class ImageError(ValueError):
    """An upload we will not or cannot decode, with the file's name and the reason."""

    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


def load_image(data: bytes, name: str = "image") -> Image.Image:
    """Decode ``data`` to an RGB image (first frame, EXIF orientation applied)."""
    if len(data) > MAX_BYTES:
        raise ImageError(
            name,
            t("img.too_big", size=f"{len(data) / 2**20:.0f}", limit=f"{MAX_BYTES / 2**20:.0f}"),
        )
    if not data:
        raise ImageError(name, t("img.empty"))
    with warnings.catch_warnings():
        # Pillow warns, then errors, on huge images; we refuse them ourselves and earlier.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        warnings.simplefilter(
            "ignore", UserWarning
        )  # noisy metadata warnings: not our user's concern
        try:
            image = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
        except Image.UnidentifiedImageError:
            raise ImageError(name, t("img.not_an_image")) from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageError(name, t("img.bomb", pixels=f"{MAX_PIXELS:,}")) from None
        except Exception as error:  # a malformed header
            raise ImageError(name, t("img.damaged", detail=_short(error))) from None
        width, height = image.size
        if width < 1 or height < 1 or width * height > MAX_PIXELS:
            raise ImageError(
                name, t("img.size", width=width, height=height, pixels=f"{MAX_PIXELS:,}")
            )
        if max(width, height) > MAX_ASPECT * min(width, height):
            raise ImageError(
                name,
                t("img.aspect", width=width, height=height, ratio=MAX_ASPECT),
            )
        try:
            image.seek(0)  # animated files: the first frame only
            image.load()
            return to_rgb(_upright(image))
        except ImageError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageError(name, t("img.bomb", pixels=f"{MAX_PIXELS:,}")) from None
        except Exception as error:  # truncated data, bad compression, unsupported mode...
            raise ImageError(name, t("img.undecodable", detail=_short(error))) from None


def _short(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:120]


def _upright(image: Image.Image) -> Image.Image:
    """Apply EXIF orientation; malformed EXIF leaves the image as stored."""
    try:
        return ImageOps.exif_transpose(image) or image
    except Exception:
        return image


def to_rgb(image: Image.Image) -> Image.Image:
    """Any mode to 8-bit RGB: transparency over white, 16-bit scaled, CMYK converted."""
    mode = image.mode
    if mode == "RGB":
        return image
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        return _high_depth_to_rgb(image)
    if (mode == "P" and "transparency" in image.info) or mode in ("RGBA", "LA", "PA", "La", "RGBa"):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (*WHITE, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert("RGB")


def _high_depth_to_rgb(image: Image.Image) -> Image.Image:
    """Scale 16-bit (or 32-bit) values into 0..255 instead of clipping them at 255."""
    values = np.asarray(image, dtype=np.float64)
    if image.mode.startswith("I;16"):
        top = 65535.0
    elif image.mode == "I" and values.size and values.min() >= 0 and values.max() <= 65535:
        top = 65535.0 if values.max() > 255 else 255.0
    else:  # float or unusual ranges: stretch what is there
        low = float(values.min()) if values.size else 0.0
        values = values - low
        top = float(values.max()) if values.size and values.max() > 0 else 1.0
    scaled = np.clip(np.round(values / top * 255.0), 0, 255).astype(np.uint8)
    return Image.fromarray(scaled).convert("RGB")


#: Tiny images (an 8×8 digit) are shown enlarged to at least this side, pixels kept sharp.
SMALLEST_SHOWN = 128


def for_display(image: Image.Image, longest: int = 1024) -> Image.Image:
    """A copy small enough to send to a browser (the model still sees the full image), and
    tiny images enlarged with their pixels kept square, so an 8×8 digit reads as one."""
    if max(image.size) < SMALLEST_SHOWN:
        factor = -(-SMALLEST_SHOWN // max(image.size))
        size = (image.width * factor, image.height * factor)
        return image.resize(size, Image.Resampling.NEAREST)
    if max(image.size) <= longest:
        return image
    copy = image.copy()
    copy.thumbnail((longest, longest))
    return copy
