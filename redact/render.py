"""Paint masks: opaque solid fills over region polygons."""

from __future__ import annotations

from collections.abc import Iterable

import cv2
import numpy as np

from .elements import Region

_SHIFT = 4  # sub-pixel bits for cv2.fillPoly


def mask_raster(shape: tuple[int, ...], regions: Iterable[Region]) -> np.ndarray:
    """A boolean ``(height, width)`` array, true where any masked region's polygon lies.

    Polygon edges are rounded outwards (a pixel touched by the outline is masked), so a mask
    never leaves a sliver of the ink it was meant to cover.
    """
    h, w = shape[:2]
    out = np.zeros((h, w), dtype=np.uint8)
    _paint(out, regions, 1)
    return out.astype(bool)


def apply_masks(image: np.ndarray, regions: Iterable[Region],
                fill: tuple[int, int, int] = (0, 0, 0)) -> np.ndarray:
    """A copy of ``image`` (RGB) with every masked region filled with ``fill``: the same
    pixels as ``mask_raster`` gives, painted straight onto the copy."""
    out = np.ascontiguousarray(image).copy()
    colour: int | tuple[int, ...] = tuple(int(v) for v in fill)[:out.shape[2]] if out.ndim == 3 \
        else int(fill[0])
    _paint(out, regions, colour)
    return out


def _paint(out: np.ndarray, regions: Iterable[Region], colour: int | tuple[int, ...]) -> None:
    for r in regions:
        if not r.masked:
            continue
        pts = np.round(np.asarray(r.outline(), dtype=np.float64) * (1 << _SHIFT)).astype(np.int32)
        cv2.fillPoly(out, [pts], colour, lineType=cv2.LINE_8, shift=_SHIFT)
        cv2.polylines(out, [pts], True, colour, thickness=1, lineType=cv2.LINE_8, shift=_SHIFT)
