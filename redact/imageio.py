"""Image input and output: decode anything reasonable to an upright RGB array, encode clean JPEGs.

Arrays are ``numpy.uint8`` of shape ``(height, width, 3)`` in RGB order, upright (EXIF
orientation applied). That upright array is the coordinate frame of every box.
"""

from __future__ import annotations

import io
import os
import tempfile
import warnings
from pathlib import Path
from typing import Union

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import ImageLoadError, OutputError

ImageInput = Union[bytes, bytearray, memoryview, str, os.PathLike, np.ndarray, Image.Image]  # noqa: UP007

#: Inputs larger than this are refused before their pixels are decoded (decompression bombs).
DEFAULT_MAX_MEGAPIXELS = 80.0
#: Smaller images cannot hold readable text; refusing them beats pretending they were checked.
MIN_SIDE = 16

SUPPORTED_SUFFIXES = (".jpg", ".jpeg", ".png")


def load_image(source: ImageInput, max_megapixels: float = DEFAULT_MAX_MEGAPIXELS) -> np.ndarray:
    """Decode ``source`` to an upright RGB ``uint8`` array.

    Accepts encoded bytes, a file path, a PIL image or a numpy array (``HxW`` grey,
    ``HxWx3`` RGB or ``HxWx4`` RGBA). Transparent pixels are composited on white, since
    scans are paper. Raises ``ImageLoadError`` with a reason a person can act on.
    """
    if isinstance(source, np.ndarray):
        return _from_array(source)
    if isinstance(source, Image.Image):
        return _from_pil(source, max_megapixels, exif=True)
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if not data:
            raise ImageLoadError("empty input (0 bytes)")
        return _decode(io.BytesIO(data), max_megapixels)
    path = Path(source)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImageLoadError(f"cannot read file: {exc.strerror or exc}") from exc
    if size == 0:
        raise ImageLoadError("empty file (0 bytes)")
    try:
        with path.open("rb") as fh:
            return _decode(fh, max_megapixels)
    except OSError as exc:
        if isinstance(exc, ImageLoadError):
            raise
        raise ImageLoadError(f"cannot read file: {exc.strerror or exc}") from exc


def _decode(fh: io.IOBase, max_megapixels: float) -> np.ndarray:
    try:
        with warnings.catch_warnings():
            # PIL warns (and then raises) on bombs; we check the size ourselves first.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(fh)  # type: ignore[arg-type]
            w, h = img.size
            if w * h > max_megapixels * 1e6:
                raise ImageLoadError(
                    f"image is {w}x{h} ({w * h / 1e6:.0f} megapixels), above the limit of "
                    f"{max_megapixels:g} megapixels"
                )
            img.load()
    except ImageLoadError:
        raise
    except UnidentifiedImageError as exc:
        raise ImageLoadError("not an image (unknown or corrupt format)") from exc
    except Image.DecompressionBombError as exc:
        raise ImageLoadError(f"image too large: {exc}") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        # Truncated files surface as OSError("image file is truncated ...").
        raise ImageLoadError(f"corrupt or truncated image: {exc}") from exc
    return _from_pil(img, max_megapixels, exif=True)


def _from_pil(img: Image.Image, max_megapixels: float, exif: bool) -> np.ndarray:
    w, h = img.size
    if w * h > max_megapixels * 1e6:
        raise ImageLoadError(f"image is {w}x{h}, above the limit of {max_megapixels:g} megapixels")
    if exif:
        # Unlike helpers that swallow errors here, a failure must surface: an unrotated image
        # would put every mask in the wrong place.
        try:
            img = ImageOps.exif_transpose(img)
        except Exception as exc:
            raise ImageLoadError(f"cannot apply EXIF orientation: {exc}") from exc
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        img = img.convert("RGBA")
        background = Image.new("RGBA", img.size, (255, 255, 255, 255))
        img = Image.alpha_composite(background, img)
    if img.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr16 = np.asarray(img, dtype=np.float64)
        top = max(float(arr16.max()), 1.0)
        scale = 255.0 / (65535.0 if top > 255 else 255.0)
        img = Image.fromarray(np.clip(arr16 * scale, 0, 255).astype(np.uint8), "L")
    if img.mode != "RGB":
        img = img.convert("RGB")
    arr = np.asarray(img, dtype=np.uint8)
    _check_size(arr)
    return np.ascontiguousarray(arr)


def _from_array(arr: np.ndarray) -> np.ndarray:
    if arr.dtype != np.uint8:
        raise ImageLoadError(f"arrays must be uint8, got {arr.dtype}")
    if arr.ndim == 2:
        arr = np.repeat(arr[:, :, None], 3, axis=2)
    elif arr.ndim == 3 and arr.shape[2] == 4:
        alpha = arr[:, :, 3:4].astype(np.float32) / 255.0
        arr = (arr[:, :, :3] * alpha + 255.0 * (1.0 - alpha)).astype(np.uint8)
    elif not (arr.ndim == 3 and arr.shape[2] == 3):
        raise ImageLoadError(f"arrays must be HxW, HxWx3 or HxWx4, got shape {arr.shape}")
    _check_size(arr)
    return np.ascontiguousarray(arr)


def _check_size(arr: np.ndarray) -> None:
    h, w = arr.shape[:2]
    if min(h, w) < MIN_SIDE:
        raise ImageLoadError(f"image is only {w}x{h} pixels; too small to hold readable text")


def encode_jpeg(rgb: np.ndarray, quality: int = 92) -> bytes:
    """Encode an RGB array as a baseline JPEG with no metadata (no EXIF, XMP, ICC or comments)."""
    buf = io.BytesIO()
    # A fresh Image from raw pixels carries no info dict, so nothing personal is copied over.
    Image.fromarray(rgb, "RGB").save(buf, format="JPEG", quality=quality, optimize=True)
    return buf.getvalue()


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename.

    Readers never see a partial file under ``path``; an interrupted write leaves at most a
    hidden ``.*.tmp`` file that the next run replaces.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        # Also on Ctrl-C: no half-written temporary file is left behind either.
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
        raise
