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
    for r in regions:
        if not r.masked:
            continue
        pts = np.round(np.asarray(r.outline(), dtype=np.float64) * (1 << _SHIFT)).astype(np.int32)
        cv2.fillPoly(out, [pts], 1, lineType=cv2.LINE_8, shift=_SHIFT)
        cv2.polylines(out, [pts], True, 1, thickness=1, lineType=cv2.LINE_8, shift=_SHIFT)
    return out.astype(bool)


def apply_masks(image: np.ndarray, regions: Iterable[Region],
                fill: tuple[int, int, int] = (0, 0, 0)) -> np.ndarray:
    """A copy of ``image`` (RGB) with every masked region filled with ``fill``."""
    out = image.copy()
    out[mask_raster(image.shape, regions)] = fill
    return out
