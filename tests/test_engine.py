"""The default engine: the detector sees only the inked part of a page, the recogniser runs in
batches small enough to stay in cache, and both still find and read the same text."""

from __future__ import annotations

import numpy as np
import pytest

from redact import Applicant, Redactor
from redact.ocr.rapid import REC_BATCH, REC_BATCH_PX, REC_MIN_WIDTH, _batches, ink_bounds

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


def test_recogniser_batches_group_similar_widths_within_the_pixel_budget() -> None:
    widths = [40, 900, 150, 2600, 120, 300, 310, 160, 700, 90] * 3
    batches = _batches(widths)
    assert sorted(i for b in batches for i in b) == list(range(len(widths)))
    for b in batches:
        padded = max(REC_MIN_WIDTH, max(widths[i] for i in b))
        assert len(b) == 1 or (len(b) <= REC_BATCH and len(b) * padded <= REC_BATCH_PX)
    # Sorted by width: a batch never mixes a short line with a much longer one.
    flat = [widths[i] for b in batches for i in b]
    assert flat == sorted(flat)
    assert [widths[i] for b in batches if len(b) == 1 for i in b][-1] == 2600


@pytest.mark.slow
def test_reads_a_long_line_and_a_short_cell_in_one_call(redactor: Redactor) -> None:
    long = Page(width=1654, height=120)
    long.text((20, 30), "根据自治区职称评审工作的有关规定，经评审，王伟同志具备任职资格。")
    short = Page(width=200, height=80)
    short.text((20, 15), "王伟")
    recs = redactor.engine.recognize([np.asarray(long.image)[10:100, :], np.asarray(short.image)])
    assert "王伟同志具备任职资格" in recs[0].text
    assert recs[1].text == "王伟"
    assert len(recs[0].char_x) == len(recs[0].text)
    # Character centres come back in crop pixels, left to right.
    assert list(recs[0].char_x) == sorted(recs[0].char_x) and recs[0].char_x[-1] < 1654
