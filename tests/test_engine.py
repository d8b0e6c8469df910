"""The default engine's detector sees only the inked part of a page, and finds the same text."""

from __future__ import annotations

import numpy as np
import pytest

from redact import Applicant, Redactor
from redact.ocr.rapid import ink_bounds

from .drawing import Page, covered


def test_ink_bounds_hold_the_ink_plus_the_pad() -> None:
    page = np.full((800, 600, 3), 250, np.uint8)
    page[300:340, 200:420] = 20
    x0, y0, x1, y1 = ink_bounds(page, pad=30)
    assert x0 <= 200 - 30 and y0 <= 300 - 30 and x1 >= 420 + 30 and y1 >= 340 + 30
    assert x0 >= 200 - 30 - 4 and y1 <= 340 + 30 + 4  # a quarter-size grid, no more


def test_ink_bounds_keep_the_whole_page_when_it_is_one_shade_or_tiny() -> None:
    assert ink_bounds(np.full((400, 300, 3), 128, np.uint8), pad=8) == (0, 0, 300, 400)
    assert ink_bounds(np.zeros((40, 30, 3), np.uint8), pad=8) == (0, 0, 30, 40)


def test_a_lone_speck_of_noise_does_not_widen_the_bounds() -> None:
    page = np.full((800, 600, 3), 250, np.uint8)
    page[300:340, 200:420] = 20
    page[12:15, 12:15] = 0  # one pixel at quarter size
    assert ink_bounds(page, pad=0)[:2] == (200, 300)


@pytest.mark.slow
def test_masks_a_name_in_the_far_corner_of_a_mostly_blank_page(redactor: Redactor) -> None:
    p = Page(width=1654, height=2339)
    p.text((1280, 2240), "签字：王伟", mark={"name": "王伟", "label": "签字："})
    res = redactor.redact(np.asarray(p.image), Applicant("王伟"))
    mask = res.mask()
    assert covered(mask, p.marks["name"][0]) > 0.99
    assert covered(mask, p.marks["label"][0]) == 0.0
