"""The default engine: the detector sees only the inked part of a page, the recogniser runs in
batches small enough to stay in cache, and both still find and read the same text."""

from __future__ import annotations

import os

import numpy as np
import pytest

from redact import Applicant, Redactor
from redact.ocr.rapid import (
    DET_GAP,
    DET_MIN_SHRINK,
    DET_TEXT_PX,
    DET_TILE_ROWS,
    REC_BATCH,
    REC_BATCH_PX,
    REC_MIN_WIDTH,
    _batches,
    _stretched,
    dark_print,
    det_tiles,
    ink_bounds,
    kept_rows,
    text_height,
    text_ink,
    tile_shrink,
)

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


def test_detector_tiles_cut_only_at_blank_rows_and_skip_blank_bands() -> None:
    page = np.full((1600, 1100, 3), 250, np.uint8)
    lines = [(100 + 30 * i, 118 + 30 * i) for i in range(8)]  # a paragraph, 12 rows apart
    lines += [(700, 718), (1400, 1418)]                          # far apart
    for a, b in lines:
        page[a:b, 150:900] = 30
    tiles = det_tiles(page)
    # Every line lies whole inside one tile.
    for a, b in lines:
        assert sum(1 for t in tiles if t[0] <= a and b <= t[1]) == 1
    # The paragraph's rows (gaps under DET_GAP) stay together; the blank rows between far
    # lines are not seen at all, and each tile is narrowed to its ink.
    assert DET_GAP > 12 and all(t[1] - t[0] <= DET_TILE_ROWS for t in tiles)
    seen = sum(t[1] - t[0] for t in tiles)
    assert seen < 400
    assert all(t[2] == 150 and t[3] == 900 for t in tiles)


def test_a_border_round_the_page_does_not_join_every_row() -> None:
    page = np.full((1600, 1100, 3), 250, np.uint8)
    page[40:1560, 40:46] = 0
    page[40:1560, 1054:1060] = 0   # vertical sides of a frame
    page[200:220, 300:800] = 30
    page[1200:1220, 300:800] = 30
    tiles = det_tiles(page)
    assert len(tiles) == 2
    assert all(t[1] - t[0] < 100 for t in tiles)
    # Each tile is narrowed to its text; the frame's sides are not text.
    assert all(t[2] == 300 and t[3] == 800 for t in tiles)


def test_a_photo_is_no_rule_and_its_rows_are_seen() -> None:
    page = np.full((1600, 1100, 3), 250, np.uint8)
    page[200:220, 150:900] = 30
    page[500:800, 700:900] = 90            # a photo, taller than any rule kernel
    page[1200:1220, 150:900] = 30
    tiles = det_tiles(page)
    assert any(t[0] <= 500 and t[1] >= 800 and t[2] <= 700 and t[3] >= 900 for t in tiles)


def test_a_page_lit_unevenly_is_detected_whole() -> None:
    # A photographed page: its top third is in shadow, darker than the paper below.
    page = np.full((1500, 1000, 3), 242, np.uint8)
    page[:520] = 205
    page[100:120, 100:800] = 60
    page[1000:1020, 100:800] = 60
    assert det_tiles(page) == [(0, 1500, 0, 1000)]


def test_a_blank_page_needs_no_detection() -> None:
    assert det_tiles(np.full((800, 600, 3), 250, np.uint8)) == []


@pytest.mark.slow
def test_masks_a_name_on_a_page_printed_too_light_for_the_detector_alone(redactor: Redactor) -> None:
    p = Page(width=1654, height=1400)
    for i in range(6):
        p.text((150, 150 + 60 * i), "本年度认真完成各项测绘生产任务，工作积极主动")
    p.text((150, 700), "姓名：张三丰，工作单位：第一测绘院", mark={"name": "张三丰", "unit": "第一测绘院"})
    ink = 255.0 - np.asarray(p.image, np.float32)
    faint = np.asarray(255.0 - 0.06 * ink, np.uint8)   # black text at grey 240 on white
    res = redactor.redact(faint, Applicant("张三丰", units=["第一测绘院"]))
    mask = res.mask()
    assert covered(mask, p.marks["name"][0]) > 0.99
    assert covered(mask, p.marks["unit"][0]) > 0.99


def test_only_a_low_contrast_page_is_stretched() -> None:
    page = np.full((400, 300, 3), 250, np.uint8)
    page[100:120, 50:250] = 20
    assert _stretched(page) is page
    faint = page.copy()
    faint[100:120, 50:250] = 232
    out = _stretched(faint)
    assert out[110, 100].max() < 10 and out[10, 10].min() > 245


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


@pytest.mark.slow
def test_batches_read_side_by_side_on_lanes_read_exactly_as_on_one(redactor: Redactor) -> None:
    from redact.ocr.rapid import RapidOcrEngine

    page = Page(width=1654, height=60 * 14)
    for i in range(14):
        page.text((20, 10 + 60 * i), "第" + "一二三四五六七八九十"[i % 10] + "条，王伟同志" * (1 + i % 4))
    crops = [np.asarray(page.image)[5 + 60 * i:55 + 60 * i, :] for i in range(14)]
    crops += [c[:, :300] for c in crops[:6]]
    lanes = redactor.engine
    assert getattr(lanes, "lanes", 1) > 1 or (os.cpu_count() or 1) == 1
    one = RapidOcrEngine(threads=1)
    assert one.lanes == 1
    assert len(_batches([48 * c.shape[1] // c.shape[0] for c in crops])) >= 3
    assert lanes.recognize(crops) == one.recognize(crops)
    img = np.asarray(page.image)
    assert [q.tolist() for q in lanes.detect(img)] == [q.tolist() for q in one.detect(img)]
    # The orientation vote's pieces, split over the lanes, vote as they do on one.
    pieces = [c[:, :200] for c in crops[:12]]
    assert np.allclose(lanes.upside_down(pieces), one.upside_down(pieces), atol=1e-5)


def test_a_detector_on_several_lanes_sleeps_between_ops_and_one_on_one_lane_may_spin() -> None:
    from redact.ocr.rapid import INT8_DET, _ort_session

    key = "session.intra_op.allow_spinning"
    assert _ort_session(INT8_DET, 2).get_session_options().get_session_config_entry(key) == "0"
    # One thread has no pool to spin: the option is left to onnxruntime.
    with pytest.raises(RuntimeError, match="does not have configuration"):
        _ort_session(INT8_DET, 1).get_session_options().get_session_config_entry(key)


def _print(heights: list[int], width: int = 600, gap: int = 12) -> np.ndarray:
    """A 0/1 ink map of lines of the given heights, set like CJK print: characters 0.9 em
    wide, 0.1 em apart."""
    rows = sum(h + gap for h in heights) + gap
    ink = np.zeros((rows, width + 40), np.uint8)
    y = gap
    for h in heights:
        for x in range(20, width, h):
            ink[y:y + h, x:x + round(0.9 * h)] = 1
        y += h + gap
    return ink


def test_text_height_is_that_of_the_smaller_print() -> None:
    assert text_height(_print([24] * 10)) == 24
    # A big title over a paragraph of small print: the small print decides.
    assert text_height(_print([60] + [14] * 8)) == 14


def test_speckle_and_blank_paper_do_not_pass_for_text() -> None:
    rng = np.random.default_rng(1)
    assert text_height((rng.random((400, 600)) < 0.05).astype(np.uint8)) is None
    assert text_height(np.zeros((400, 600), np.uint8)) is None


def test_a_tile_of_large_print_is_detected_smaller_and_small_print_is_not() -> None:
    assert tile_shrink(_print([24] * 8)) == pytest.approx(DET_TEXT_PX / 24)
    assert tile_shrink(_print([60] * 4)) == DET_MIN_SHRINK          # never below the floor
    assert tile_shrink(_print([DET_TEXT_PX - 2] * 8)) == 1.0         # never larger than the page
    assert tile_shrink(np.zeros((200, 600), np.uint8)) == 1.0        # nothing to judge by


def _seen_once(ink: np.ndarray, parts: list[tuple[int, int, int, int, float]]) -> bool:
    """Whether the parts ``(y0, y1, x0, x1, factor)`` see every pixel of ink exactly once."""
    seen = np.zeros(ink.shape, np.int32)
    for a, b, x0, x1, _f in parts:
        seen[a:b, x0:x1] += 1
    return bool((seen[ink > 0] == 1).all())


def test_a_seals_rows_are_detected_at_the_pages_scale_and_cut_only_at_blank_rows() -> None:
    ink = _print([20] * 10)                       # lines 20 rows high, 12 blank rows apart
    h, w = ink.shape
    tile = (0, h, 0, w)
    parts = kept_rows(ink, tile, 0.7, [(100, 110, 300, 170)])   # a seal over lines 4 and 5
    assert [f for *_, f in parts] == [0.7, 1.0, 0.7]
    assert _seen_once(ink, parts)
    (a0, b0, *_), (a1, b1, x0, x1, _), (a2, b2, *_) = parts
    assert a0 == 0 and b0 == a1 and b1 == a2 and b2 == h   # every row is seen once
    assert a1 <= 110 and b1 >= 170                          # the seal's rows whole
    assert x0 <= 20 and x1 >= 600                           # the lines run under the seal
    inked = np.count_nonzero(ink, axis=1) > 0
    assert not inked[a1] and not inked[b1]                  # no line is cut

    def never() -> np.ndarray:
        raise AssertionError("dark print asked for with a blank row in reach")

    assert kept_rows(ink, tile, 0.7, [(100, 110, 300, 170)], never) == parts
    # A box beside the tile changes nothing.
    assert kept_rows(ink, (0, h, 0, 200), 0.7, [(400, 110, 500, 170)]) == [(0, h, 0, 200, 0.7)]


def test_a_seals_rows_beside_another_column_of_text_keep_only_the_seals_column() -> None:
    # A certificate's two columns (one tile): lines on the left, lines under a seal on the
    # right, 80 blank columns between them.
    left, right = _print([20] * 10, width=300), _print([20] * 10, width=300)
    gutter = np.zeros((left.shape[0], 80), np.uint8)
    ink = np.hstack([left, gutter, right])
    h, w = ink.shape
    seal = (460, 110, 600, 170)
    parts = kept_rows(ink, (0, h, 0, w), 0.7, [seal])
    assert _seen_once(ink, parts)
    (kept,) = [p for p in parts if p[4] == 1.0]
    a, b, x0, x1, _ = kept
    assert a <= 110 and b >= 170 and x0 <= 460 and x1 >= 600    # the seal's part whole
    assert left.shape[1] <= x0 <= left.shape[1] + 80             # cut in the gutter
    # The left column's lines on those rows are detected smaller, as the rest of the page.
    assert any(p[4] == 0.7 and p[0] == a and p[3] <= x0 for p in parts)


def _guilloche(ink: np.ndarray) -> np.ndarray:
    """``ink`` with a certificate's background: wavy strokes through every row."""
    out = ink.copy()
    rows = np.arange(ink.shape[0])
    for x0 in range(0, ink.shape[1], 45):
        out[rows, (x0 + 8 * np.sin(rows / 9.0)).astype(int) % ink.shape[1]] = 1
    return out


def test_on_a_patterned_background_a_seals_rows_are_cut_where_no_print_is() -> None:
    dark = _print([20] * 10)
    ink = _guilloche(dark)
    h, w = ink.shape
    assert (np.count_nonzero(ink, axis=1) > 0).all()        # no blank row anywhere
    parts = kept_rows(ink, (0, h, 0, w), 0.7, [(100, 110, 300, 170)], lambda: dark)
    assert [f for *_, f in parts] == [0.7, 1.0, 0.7]
    assert _seen_once(ink, parts)
    (_, b0, *_), (a1, b1, *_), (a2, *_) = parts
    assert b0 == a1 and b1 == a2 and a1 <= 110 and b1 >= 170
    printed = np.count_nonzero(dark, axis=1) > 0
    assert not printed[a1] and not printed[b1]              # no line of print is cut
    # Without the print told apart, the whole tile stays at the page's scale.
    assert kept_rows(ink, (0, h, 0, w), 0.7, [(100, 110, 300, 170)]) == [(0, h, 0, w, 1.0)]


def test_dark_print_leaves_out_a_faint_background_but_not_faint_text() -> None:
    page = np.full((200, 400, 3), 241, np.uint8)
    page[::6, :] = 215                                       # a pale pattern
    page[80:100, 40:360] = 30                                # a line of black print
    print_ = dark_print(page, text_ink(page))
    assert print_[80:100, 40:360].all()
    assert not print_[:80].any() and not print_[100:].any()
    faint = np.full((200, 400, 3), 241, np.uint8)
    faint[80:100, 40:360] = 205                              # a faint scan: its text is all
    assert dark_print(faint, text_ink(faint))[80:100, 40:360].all()


def test_with_no_blank_row_near_a_seal_the_kept_part_runs_to_the_tiles_edge() -> None:
    ink = np.ones((600, 400), np.uint8)          # a dark area: no blank row anywhere
    assert kept_rows(ink, (0, 600, 0, 400), 0.7, [(50, 250, 150, 300)]) == [(0, 600, 0, 400, 1.0)]
