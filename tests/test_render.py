"""Painting masks: solid fills over exactly the pixels the mask raster marks."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from redact.elements import Region
from redact.render import apply_masks, mask_raster

points = st.tuples(st.floats(-20, 140), st.floats(-20, 100))


@given(st.lists(st.lists(points, min_size=3, max_size=6), min_size=1, max_size=4),
       st.tuples(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255)))
def test_masks_are_painted_on_exactly_the_pixels_of_the_mask_raster(
        polygons: list[list[tuple[float, float]]], fill: tuple[int, int, int]) -> None:
    rng = np.random.default_rng(0)
    image = rng.integers(0, 256, (80, 120, 3), dtype=np.uint8)
    regions = [Region("name", (0, 0, 1, 1), "", 1.0, tuple(p), "ocr") for p in polygons]
    regions.append(Region("other_name", (0, 0, 60, 40), "", 1.0, None, "ocr", masked=False))
    out = apply_masks(image, regions, fill)
    where = mask_raster(image.shape, regions)
    assert (out[where] == np.array(fill, np.uint8)).all()
    assert (out[~where] == image[~where]).all()
    assert (image == np.random.default_rng(0).integers(0, 256, (80, 120, 3), dtype=np.uint8)).all()


def test_a_mask_covers_every_pixel_its_outline_touches() -> None:
    image = np.full((20, 20, 3), 255, np.uint8)
    box = Region("unit", (3, 4, 9, 8), "", 1.0, None, "ocr")
    out = apply_masks(image, [box])
    assert (out[4:8, 3:9] == 0).all()
    assert int((out == 0).all(axis=2).sum()) <= 7 * 5
