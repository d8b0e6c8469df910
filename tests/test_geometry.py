"""Geometry on hand-built lines and boxes: no OCR."""

from __future__ import annotations

import math

import cv2
import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from redact.elements import TextLine, quad_from_box
from redact.geometry import _blank_runs, place_chars, rotate_points, span_quad, unrotate_points
from redact.reading import continuations, wrapped_tails


def line(text: str, box: tuple[int, int, int, int]) -> TextLine:
    return TextLine(text, quad_from_box(box))


def test_the_next_cell_on_a_row_and_the_next_line_of_a_paragraph_continue_a_line() -> None:
    lines = [
        line("该项目由王", (100, 100, 600, 140)),   # paragraph line 1
        line("伟负责完成", (100, 160, 600, 200)),   # paragraph line 2
        line("姓名", (100, 400, 180, 440)),         # table cell
        line("王伟", (200, 400, 280, 440)),         # next cell on the same row
        line("页脚", (1200, 1500, 1300, 1540)),     # far away
    ]
    pairs = set(continuations(lines))
    assert (0, 1) in pairs and (2, 3) in pairs
    assert not any(4 in p for p in pairs)


def test_two_pieces_of_a_cell_whose_boxes_overlap_by_half_a_line_continue_each_other() -> None:
    # A roster's starred ID cut where its stars begin: 610*** | 本中中本*本本本*301X.
    lines = [line("610***", (939, 584, 1050, 628)), line("本中中本*本本本*301X", (1027, 584, 1225, 628))]
    assert (0, 1) in set(continuations(lines))
    # A box that lies mostly over the other is no next piece.
    assert set(continuations([line("610***", (939, 584, 1050, 628)),
                              line("*301X", (990, 584, 1100, 628))])) == set()


def test_a_box_drawn_taller_than_its_text_goes_on_in_the_shorter_box_on_its_row() -> None:
    # A title certificate's unit ran onto the photo, whose edge the detector took into the
    # line's box: …研究院限公 (74 px high) | 司 (39 px), centred on the same middle.
    lines = [line("工作单位中国电建集团西北勘测设计研究院限公", (270, 480, 1042, 554)),
             line("司", (1055, 498, 1086, 537))]
    assert (0, 1) in set(continuations(lines))
    # A small line beside a tall title, off its middle, is no piece of it.
    assert set(continuations([line("考核结果花名册", (300, 100, 900, 180)),
                              line("第1页", (920, 150, 1000, 180))])) == set()


def test_a_cells_wrapped_line_stacked_close_under_its_start_continues_it() -> None:
    """A tight roster cell: 努尔买买提 | 阿不都拉, boxes 41 px high, centres 23 px apart, both
    starting at the cell's left (fresh set 8254: the name 0%)."""
    lines = [line("努尔买买提", (207, 418, 359, 459)), line("阿不都拉", (207, 441, 308, 482)),
             line("乌鲁木齐市自然资源局", (427, 437, 659, 477))]
    pairs = set(continuations(lines))
    assert (0, 1) in pairs and (1, 0) not in pairs
    # Starting further in than half a line height, it is no line of the same cell.
    assert (0, 1) not in set(continuations([line("努尔买买提", (207, 418, 359, 459)),
                                            line("阿不都拉", (240, 441, 341, 482))]))


def test_a_fields_value_after_its_label_on_the_next_row_continues_nothing_above() -> None:
    lines = [
        line("工作单位新疆维吾尔自治区国土资源信息", (265, 520, 890, 578)),
        line("专业", (262, 591, 347, 642)),
        line("测绘工程", (415, 586, 563, 639)),   # a little higher: the scan is skewed
    ]
    pairs = set(continuations(lines))
    assert (0, 2) not in pairs
    assert (0, 1) in pairs and (1, 2) in pairs


def test_a_paragraph_row_cut_in_pieces_goes_on_from_its_last_piece() -> None:
    # 学员王军（身份证号：…） | 工作单位：伊犁 / 州不动产登记中心，于2019年… : the unit wraps from
    # the row's second piece. In a roster, the next row's first cell is short: no such pair.
    lines = [
        line("学员王军（身份证号：65310119910104929X)", (100, 100, 1000, 140)),
        line("工作单位：伊犁", (1070, 100, 1400, 140)),
        line("州不动产登记中心，于2019年7月参加新疆测绘地理信息学会举办的", (20, 160, 1405, 200)),
        line("1", (20, 400, 50, 440)),
        line("王伟", (80, 400, 180, 440)),
        line("新疆维吾尔自治区国土资源信息中心", (220, 400, 860, 440)),
        line("合格", (900, 400, 980, 440)),
        line("2", (20, 460, 50, 500)),
    ]
    pairs = set(continuations(lines))
    assert (1, 2) in pairs and (0, 1) in pairs
    assert (6, 7) not in pairs


def test_a_lone_form_label_is_told_from_text() -> None:
    from redact.matching import is_form_label

    assert is_form_label("专业") and is_form_label("职称：") and is_form_label("出生年月:")
    assert not is_form_label("测绘工程") and not is_form_label("专业技术人员")


@given(st.integers(0, 3), st.floats(0, 999), st.floats(0, 499))
def test_page_rotations_map_points_there_and_back(k: int, x: float, y: float) -> None:
    pts = np.array([[x, y]])
    there = rotate_points(pts, k, 1000, 500)
    assert np.allclose(unrotate_points(there, k, 1000, 500), pts)


def test_characters_are_cut_at_the_gaps_between_glyphs() -> None:
    ink = np.zeros((40, 300), dtype=bool)
    for x0, x1 in ((10, 45), (60, 95), (110, 145)):
        ink[5:35, x0:x1] = True
    ink[5:35, 75:78] = False  # a gap inside the second glyph must not be taken as a cut
    boxes = place_chars(ink, 3, [30.0, 72.0, 125.0])
    assert [(b[0], b[2]) for b in boxes] == [(10, 45), (60, 95), (110, 145)]


def test_a_colon_whose_peak_drifted_onto_the_name_keeps_to_its_own_ink() -> None:
    # 姓名:万庆 on a turned qualification certificate: the colon's ink is 8 px wide, a 7 px gap
    # after it, but the recogniser put the colon's peak at the gap's end; the cut was then
    # sought inside 万 only, at its thin top stroke, and 11 px of 万 went to the colon's box
    # and out of the name's mask.
    ink = np.zeros((80, 254), dtype=bool)
    for x0, x1 in ((14, 64), (70, 116), (194, 243)):
        ink[12:61, x0:x1] = True    # 姓 名 庆
    ink[26:57, 125:133] = True      # :
    ink[14:61, 140:188] = True      # 万 ...
    ink[20:61, 155:165] = False     # ... whose middle columns hold only its top stroke
    boxes = place_chars(ink, 5, [46.5, 99.6, 139.5, 166.0, 219.1], "姓名:万庆")
    assert [(b[0], b[2]) for b in boxes] == [(14, 64), (70, 116), (125, 133), (140, 188), (194, 243)]


def test_the_cuts_around_a_colon_never_share_the_gap_before_it() -> None:
    # 姓名:上官波林 on a qualification certificate (seed 4730): the colon's peak drifted onto
    # 上, whose long bottom stroke runs back to a 4 px gap after the colon. Both cuts around
    # the colon were offered the wide gap before it; taking it twice crossed them, and the
    # fallback cut 上 inside its thin stroke, leaving the stroke's head out of the mask.
    ink = np.zeros((70, 321), dtype=bool)
    for x0, x1 in ((13, 59), (62, 101), (172, 214), (219, 263), (266, 312)):
        ink[14:59, x0:x1] = True    # 姓 名 官 波 林
    ink[29:55, 113:118] = True      # :
    ink[52:55, 122:168] = True      # 上's bottom stroke ...
    ink[13:55, 142:146] = True      # ... and its upright
    boxes = place_chars(ink, 7, [41.1, 88.2, 123.4, 146.9, 194.0, 252.7, 299.8], "姓名:上官波林")
    assert [(b[0], b[2]) for b in boxes[2:4]] == [(113, 118), (122, 168)]


def test_a_hairline_head_stroke_is_ink_and_no_gap_to_cut_in() -> None:
    # 学生卡德尔 on a diploma at 47 px (seed 9261): 卡's head stroke came out of the ink
    # threshold 1 px thick, as faint as a speck, and the cut before 卡 was made in the middle
    # of it, leaving its first 7 px out of the name's mask. A lone speck is still no ink.
    ink = np.zeros((47, 200), dtype=bool)
    for x0, x1 in ((8, 41), (47, 79), (124, 158)):
        ink[8:42, x0:x1] = True     # 学 生 德
    ink[20, 85:99] = True           # 卡's head stroke, 1 px
    ink[8:42, 99:119] = True        # the rest of 卡
    ink[30, 83] = True              # a speck in the gap before it
    boxes = place_chars(ink, 4, [27.4, 66.7, 105.9, 145.1], "学生卡德")
    assert 83 <= boxes[2][0] <= 85 and boxes[1][2] == 79


def test_the_gap_inside_zou_is_no_cut_when_the_line_is_set_tight() -> None:
    # 学生邹浩勇 on a diploma: 邹's own gap (between 刍 and 阝, 7 px) is wider than the gap
    # before it (4 px); only the line's pitch says 生 cannot be 70 px wide.
    ink = np.zeros((60, 240), dtype=bool)
    for x0, x1 in ((9, 51), (53, 95), (99, 120), (127, 141), (146, 157), (158, 187), (193, 228)):
        ink[8:52, x0:x1] = True
    centres = [35.0, 75.0, 125.0, 165.0, 216.0]
    boxes = place_chars(ink, 5, centres, "学生邹浩勇")
    assert [(b[0], b[2]) for b in boxes] == [(9, 51), (53, 95), (99, 141), (146, 187), (193, 228)]
    # Without the text, nothing says which gap is the real one.
    assert place_chars(ink, 5, centres)[2][0] == 127


def test_digits_and_a_spaced_name_keep_their_own_widths() -> None:
    # 张  三 (spaced, the space not read) then 1990: wide ideograph cells and narrow digits
    # are no reason to cut through ink.
    ink = np.zeros((40, 320), dtype=bool)
    ink[5:35, 10:40] = True     # 张
    ink[5:35, 100:130] = True   # 三
    ink[5:35, 150:180] = True   # 李
    for x0 in (200, 218, 236, 254):
        ink[10:32, x0:x0 + 12] = True
    boxes = place_chars(ink, 7, [25.0, 115.0, 165.0, 206.0, 224.0, 242.0, 260.0], "张三李1990")
    assert [(b[0], b[2]) for b in boxes] == [(10, 40), (100, 130), (150, 180), (200, 212),
                                              (218, 230), (236, 248), (254, 266)]


def test_a_character_whose_ink_went_to_its_neighbour_is_as_high_as_its_neighbours() -> None:
    # "身份证号：6501" : tall CJK ink, then short digits; the recogniser put the "1" so late
    # that its ink went to the "0" before it.
    ink = np.zeros((48, 300), dtype=bool)
    ink[4:44, 10:50] = True                      # 号
    for x0 in (70, 90, 110, 130):                # 6 5 0 1, rows 14-33
        ink[14:34, x0:x0 + 14] = True
    boxes = place_chars(ink, 5, [30.0, 77.0, 97.0, 117.0, 150.0])
    assert boxes[3][2] == 144, "the 0 took the 1's glyph"
    assert boxes[4][1:4:2] == (14, 34), "the empty cell takes the digits' height, not the crop's"
    assert boxes[0][1:4:2] == (4, 44)


def test_span_margin_stops_halfway_to_a_neighbouring_character() -> None:
    lq = quad_from_box((0, 0, 300, 40))
    mine = quad_from_box((100, 5, 140, 35))
    neighbour = quad_from_box((142, 5, 180, 35))
    q = span_quad(lq, [mine], margin=6.0, after=neighbour)
    xs = [p[0] for p in q]
    assert min(xs) == 94.0
    assert max(xs) == 141.0


def test_span_margin_stops_halfway_to_the_next_row() -> None:
    lq = quad_from_box((0, 100, 300, 140))
    mine = quad_from_box((100, 105, 140, 135))
    below = quad_from_box((100, 138, 140, 170))  # a name in the next row, 3 px away
    above = quad_from_box((100, 40, 140, 70))     # far enough for the full margin
    q = span_quad(lq, [mine], margin=6.0, obstacles=[below, above])
    ys = [p[1] for p in q]
    assert min(ys) == 99.0
    assert max(ys) == 136.5


def test_a_name_wrapped_and_centred_inside_a_table_cell_continues() -> None:
    lines = [
        line("新疆维吾尔自治区国土资源", (100, 100, 580, 140)),
        line("信息中心", (260, 150, 420, 190)),
    ]
    assert (0, 1) in continuations(lines)


def test_character_boxes_leave_out_the_table_rules_above_and_below_a_line() -> None:
    from redact.geometry import ink_mask

    gray = np.full((30, 120), 255, dtype=np.uint8)
    gray[0:2, :] = 0          # the rule above, across the whole cell
    gray[28:30, :] = 0        # and below
    for x in (10, 50, 90):    # three "glyphs" 20 px wide, rows 8-21
        gray[8:22, x:x + 20] = 0
    ink = ink_mask(gray)
    rows = np.flatnonzero(ink.any(axis=1))
    assert rows.min() == 8 and rows.max() == 21
    boxes = place_chars(ink, 3, [20.0, 60.0, 100.0])
    assert [(b[1], b[3]) for b in boxes] == [(8, 22)] * 3


def test_character_boxes_leave_out_the_neighbouring_rows_glyph_ends_at_the_crops_edges() -> None:
    """A skewed scan of a tight table: rows 30 px apart, the line's crop 40 px high, so the
    ends of the glyphs of the rows above and below come into its top and bottom 5 px. They
    are not the line's ink; a glyph of its own that reaches the crop's edge is."""
    from redact.geometry import ink_mask

    gray = np.full((40, 120), 255, dtype=np.uint8)
    for x in (10, 50, 90):
        gray[8:32, x:x + 20] = 0       # the line's own glyphs
    gray[0:5, 5:40] = 0                 # the row above's glyph ends
    gray[35:40, 60:100] = 0             # the row below's
    ink = ink_mask(gray)
    rows = np.flatnonzero(ink.any(axis=1))
    assert rows.min() == 8 and rows.max() == 31
    boxes = place_chars(ink, 3, [20.0, 60.0, 100.0])
    assert [(b[1], b[3]) for b in boxes] == [(8, 32)] * 3
    tall = gray.copy()
    tall[0:8, 52:56] = 0                # a stroke of the middle glyph reaching the top edge
    assert ink_mask(tall)[0:8, 52:56].all()


def test_a_two_character_cell_loses_its_rules_but_a_lone_yi_keeps_its_stroke() -> None:
    from redact.geometry import ink_mask

    gray = np.full((38, 70), 255, dtype=np.uint8)
    gray[0:2, :] = 0
    gray[36:38, :] = 0
    gray[10:28, 5:30] = 0
    gray[10:28, 40:65] = 0
    rows = np.flatnonzero(ink_mask(gray).any(axis=1))
    assert rows.min() == 10 and rows.max() == 27
    yi = np.full((38, 40), 255, dtype=np.uint8)
    yi[17:21, 2:38] = 0  # 一, as wide as its cell, in the middle
    assert ink_mask(yi)[17:21].any()


def test_a_cells_wrapped_last_character_hangs_under_it_even_when_the_boxes_overlap() -> None:
    """A 100 dpi roster: the blurred cell line is drawn 26 px high, its wrapped 院 14 px, and
    the two boxes overlap by 6 px."""
    lines = [
        line("新疆维善要自海区第一测绘", (444, 238, 597, 264)),
        line("院", (449, 258, 464, 272)),
        line("主任", (616, 244, 656, 271)),               # the next cell on the row
        line("新循维备尔自治臣第一测绘", (444, 269, 597, 295)),  # the next row's cell
    ]
    assert wrapped_tails(lines) == [(0, 1)]
    assert (0, 1) not in continuations(lines)


def test_a_short_cell_beside_or_far_below_is_no_wrapped_tail() -> None:
    lines = [
        line("新疆维吾尔自治区第一测绘院", (444, 238, 597, 264)),
        line("合格", (693, 244, 732, 271)),   # same row, another column
        line("男", (450, 320, 470, 345)),     # two rows down
    ]
    assert wrapped_tails(lines) == []


def test_orientation_votes_are_cast_on_pieces_the_classifier_sees_unsqueezed() -> None:
    from redact.reading import VOTE_PIECE_RATIO, VOTE_PIECES, _vote_pieces

    long_line = np.zeros((40, 40 * 30, 3), dtype=np.uint8)
    pieces = _vote_pieces(long_line)
    assert len(pieces) == VOTE_PIECES
    assert all(p.shape[:2] == (40, 40 * VOTE_PIECE_RATIO) for p in pieces)
    short = np.zeros((40, 200, 3), dtype=np.uint8)
    assert [p.shape for p in _vote_pieces(short)] == [short.shape]


@given(st.lists(st.integers(0, 255), min_size=1, max_size=400),
       st.floats(0, 100), st.floats(0, 100))
def test_grey_levels_are_numpy_percentiles_without_interpolation(values: list[int], p: float,
                                                                  q: float) -> None:
    from redact.geometry import grey_levels

    gray = np.asarray(values, np.uint8).reshape(1, -1)
    assert grey_levels(gray, (p, q)) == np.percentile(gray, [p, q], method="lower").tolist()


@given(st.tuples(*[st.integers(0, 500)] * 4), st.tuples(*[st.integers(0, 500)] * 4))
def test_the_share_of_a_box_inside_another_is_a_fraction_of_its_area(a: tuple[int, ...],
                                                                    b: tuple[int, ...]) -> None:
    from redact.elements import share_inside

    a = (min(a[0], a[2]), min(a[1], a[3]), max(a[0], a[2]) + 1, max(a[1], a[3]) + 1)
    share = share_inside(a, b)
    assert 0.0 <= share <= 1.0 + 1e-9
    assert share_inside(a, a) == 1.0
    assert share_inside(a, (a[2], a[1], a[2] + 10, a[3])) == 0.0  # touching, not overlapping


@given(st.lists(st.integers(0, 3), max_size=200), st.integers(1, 120))
def test_every_blank_column_knows_the_length_and_centre_of_its_blank_run(cols: list[int],
                                                                         h: int) -> None:
    length, centre, _starts, _ends = _blank_runs(np.asarray(cols, dtype=np.float64), h)
    blank = [c <= max(1.0, 0.02 * h) for c in cols]
    for i, is_blank in enumerate(blank):
        if not is_blank:
            assert length[i] == 0 and centre[i] == i
            continue
        a = i
        while a > 0 and blank[a - 1]:
            a -= 1
        b = i
        while b + 1 < len(cols) and blank[b + 1]:
            b += 1
        assert length[i] == b - a + 1 and centre[i] == (a + b) / 2


@given(st.lists(st.lists(st.booleans(), min_size=12, max_size=12), min_size=1, max_size=8),
       st.integers(1, 14))
def test_a_rule_is_found_on_the_rows_that_can_hold_one_as_on_the_whole_crop(
        rows: list[list[bool]], length: int) -> None:
    import cv2

    from redact.geometry import _row_runs

    u8 = np.asarray(rows, dtype=np.uint8)
    # Runs at the crop's edge count from half the length on (the opening's border), so
    # leaving out the rows with fewer ink pixels than that must change nothing.
    whole = cv2.morphologyEx(u8, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
    assert np.array_equal(_row_runs(u8, length), whole)


def _quad(x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float32)


class _WindowDetector:
    """Detects, in any window, the page lines given (page pixels) that lie inside it."""

    def __init__(self, lines: list[np.ndarray]) -> None:
        self.lines, self.origin = lines, (0, 0)

    def detect(self, image: np.ndarray, keep_scale: object = ()) -> list[np.ndarray]:
        h, w = image.shape[:2]
        x0, y0 = self.origin
        return [q - np.array([x0, y0], dtype=np.float32) for q in self.lines
                if q[:, 0].min() >= x0 and q[:, 0].max() <= x0 + w
                and q[:, 1].min() >= y0 and q[:, 1].max() <= y0 + h]


def test_a_line_found_whole_over_a_seal_replaces_the_end_the_page_pass_kept() -> None:
    """A grey seal's blob took the head of the unit's signature (新疆维吾 | 尔自治区测绘院):
    looked at again on its own, the blob's window holds the whole line, which replaces the
    end the page-scale pass had; a line the window cut short stays as the page had it."""
    from redact.reading import _split_blobs

    blob = _quad(913, 663, 1404, 958)
    end = _quad(1121, 793, 1355, 837)
    whole = _quad(1000, 791, 1359, 844)
    body = [_quad(100, 100 + 60 * k, 900, 140 + 60 * k) for k in range(4)]
    detector = _WindowDetector([whole, _quad(1065, 840, 1298, 920)])
    # The window is cut from the page at the blob's box plus a line height.
    detector.origin = (873, 623)
    page = np.full((1500, 1654, 3), 255, np.uint8)
    out = _split_blobs(detector, page, [*body, blob, end], [(1056, 680, 1377, 1001)])  # type: ignore[arg-type]
    boxes = [tuple(int(v) for v in (*q.min(axis=0), *q.max(axis=0))) for q in out]
    assert (1000, 791, 1359, 844) in boxes
    assert (1121, 793, 1355, 837) not in boxes and (913, 663, 1404, 958) not in boxes
    assert len(out) == len(body) + 2
    # A page line running out of the window, found cut at the window's edge: the page's stays.
    long_line = _quad(500, 793, 1355, 837)
    detector.lines = [_quad(880, 791, 1359, 844)]
    out = _split_blobs(detector, page, [*body, blob, long_line], [(1056, 680, 1377, 1001)])  # type: ignore[arg-type]
    boxes = [tuple(int(v) for v in (*q.min(axis=0), *q.max(axis=0))) for q in out]
    assert (500, 793, 1355, 837) in boxes and (880, 791, 1359, 844) not in boxes


def test_a_blob_a_grey_seal_made_with_its_signing_row_is_detected_again_without_its_ink(
        ) -> None:
    """甲方（盖章）：新疆生产建设兵团… under a mid-grey seal (ring at 132, the print's median
    110: too close for the page to lose the seal's ink), fused into one blob read as nothing
    (fresh set 7415, 17%). Where the blob comes back from its window too, the grey seal's
    ink above its cut is taken away there and the window detected once more: the row's
    print, far darker, stays. A seal not given as such is left as it was."""
    from redact.reading import _split_blobs

    blob = _quad(143, 1212, 746, 1384)
    row = _quad(171, 1297, 714, 1347)
    body = [_quad(100, 100 + 60 * k, 900, 140 + 60 * k) for k in range(4)]
    page = np.full((1600, 1300, 3), 245, np.uint8)
    for y in [*range(1240, 1296, 4), *range(1352, 1380, 4)]:
        page[y, 260:500] = 140                     # the seal's grey ink, round the row
    page[1300:1345, 175:710] = 50                  # the row's print

    class GreyBlobs:
        """Finds the blob while the seal's grey ink is there, the row once it is gone."""

        def detect(self, image: np.ndarray, keep_scale: object = ()) -> list[np.ndarray]:
            x0, y0 = 143 - 40, 1212 - 40  # the window: the blob's box plus a line height
            grey = bool(((image > 120) & (image < 160)).any())
            return [(blob if grey else row) - np.array([x0, y0], dtype=np.float32)]

    seal = (258, 1233, 516, 1492)
    out = _split_blobs(GreyBlobs(), page, [*body, blob], [seal], [(seal, 122.0)])  # type: ignore[arg-type]
    boxes = [tuple(int(v) for v in (*q.min(axis=0), *q.max(axis=0))) for q in out]
    assert (171, 1297, 714, 1347) in boxes and (143, 1212, 746, 1384) not in boxes
    out = _split_blobs(GreyBlobs(), page, [*body, blob], [seal])  # type: ignore[arg-type]
    assert len(out) == len(body) + 1 and tuple(int(v) for v in out[-1].min(axis=0)) == (143, 1212)
    # A seal's box reaching out of the blob's window on its left and top is cut to it.
    wide = (60, 1100, 516, 1492)
    out = _split_blobs(GreyBlobs(), page, [*body, blob], [wide], [(wide, 122.0)])  # type: ignore[arg-type]
    boxes = [tuple(int(v) for v in (*q.min(axis=0), *q.max(axis=0))) for q in out]
    assert (171, 1297, 714, 1347) in boxes


def test_a_column_that_leans_on_a_skewed_scan_stays_one_column() -> None:
    """A record's unit column drifting 14 px over 24 rows of 22 px (fresh set 9034): held
    against the cell above, not the first, the column stays whole; the next column, as
    wide but 150 px over, stays apart."""
    from redact.reading import columns

    def cell(text: str, x0: float, y0: float, w: float = 150) -> TextLine:
        return TextLine(text, quad_from_box((int(x0), int(y0), int(x0 + w), int(y0 + 21))), 0.9, ())

    unit = [cell("新疆维吾尔自治区第一测绘院", 228 - 0.6 * k, 236 + 23 * k) for k in range(24)]
    other = [cell("养老保险", 428 - 0.6 * k, 236 + 23 * k) for k in range(24)]
    got = columns([*unit, *other])
    assert sorted(sorted(g) for g in got) == [list(range(24)), list(range(24, 48))]


def test_a_weak_region_read_again_does_not_read_twice_a_line_read_on_its_own() -> None:
    """A weakly read region two lines high comes apart when read again; one of its lines was
    read on its own already (a unit's name under a grey seal, seed 9608: read twice, it was
    taken for two pieces of one name). Only the new line replaces the weak reading."""
    from redact.ocr.base import Recognition
    from redact.reading import _reread_stacked

    class Engine(_WindowDetector):
        def recognize(self, crops: list[np.ndarray]) -> list[Recognition]:
            return [Recognition(t, 0.99) for t in ("上面一行", "已读的行")[:len(crops)]]

    body = [_quad(100, 100 + 60 * k, 900, 140 + 60 * k) for k in range(4)]
    region, own = _quad(300, 400, 700, 480), _quad(300, 440, 700, 480)
    engine = Engine([_quad(300, 400, 700, 438), _quad(301, 441, 699, 479)])
    engine.origin = (260, 360)  # the region's box and a line height round it
    quads = [*body, region, own]
    readings = [TextLine(f"正文{k}", quad_from_box(tuple(int(v) for v in (*q.min(axis=0), *q.max(axis=0)))),
                         0.99, ()) for k, q in enumerate(body)]
    readings += [TextLine("口口", quad_from_box((300, 400, 700, 480)), 0.4, ()),
                 TextLine("已读的行", quad_from_box((300, 440, 700, 480)), 0.99, ())]
    page = np.full((800, 1000, 3), 255, np.uint8)
    out = _reread_stacked(engine, page, quads, readings, 0.5)  # type: ignore[arg-type]
    assert [ln.text for ln in out] == [*(f"正文{k}" for k in range(4)), "上面一行", "已读的行"]


def _turned_quad(cx: float, cy: float, length: float, height: float, degrees: float) -> np.ndarray:
    t = math.radians(degrees)
    u, v = np.array([math.cos(t), math.sin(t)]), np.array([-math.sin(t), math.cos(t)])
    c = np.array([cx, cy])
    return np.array([c - u * length / 2 - v * height / 2, c + u * length / 2 - v * height / 2,
                     c + u * length / 2 + v * height / 2, c - u * length / 2 + v * height / 2],
                    dtype=np.float32)


def test_a_watermarks_light_turned_lines_give_a_cut_between_them_and_the_print() -> None:
    """Four or more light lines at one turn, on a page with dark print: a watermark, cut a
    little darker than its ink. Pale lines at every angle (a faint seal's arcs) or level (a
    pale header) are none."""
    from redact.reading import watermark_cut, without_watermark

    page = np.full((1000, 1000, 3), 255, np.uint8)
    page[100:130, 100:900] = 20  # print
    quads = []
    for k in range(5):
        q = _turned_quad(200 + 150 * k, 500, 300, 40, -30.0)
        cv2.fillPoly(page, [q.astype(np.int32)], (180, 180, 180))
        quads.append(q)
    cut = watermark_cut(page, quads)
    assert cut is not None and 60 < cut < 180
    clean = without_watermark(page, cut)
    assert (clean[400:600, 100:900] == 255).all() and (clean[100:130, 100:900] == 20).all()
    arcs = [_turned_quad(200 + 150 * k, 500, 300, 40, a) for k, a in enumerate((-60, -30, 15, 45, 70))]
    assert watermark_cut(page, arcs) is None
    level = [_turned_quad(500, 300 + 60 * k, 600, 40, 0.0) for k in range(5)]
    assert watermark_cut(page, level) is None
    # Without print darker than it, light lines are the page's own pale text.
    pale = np.full((1000, 1000, 3), 255, np.uint8)
    for q in quads:
        cv2.fillPoly(pale, [q.astype(np.int32)], (180, 180, 180))
    assert watermark_cut(pale, quads) is None


def test_a_space_takes_no_ink_from_the_letter_after_it() -> None:
    """'t W': the space's CTC peak drifted onto the W, and the cut after it fell inside the
    W's first stroke; the space gets only the blank between the two glyphs."""
    ink = np.zeros((20, 40), dtype=bool)
    ink[4:16, 0:10] = True      # t
    ink[4:16, 20:22] = True     # the W's first stroke
    ink[4:16, 24:36] = True     # the rest of the W
    boxes = place_chars(ink, 3, [5.0, 22.5, 30.0], "t W")
    assert boxes[2][0] == 20
    assert boxes[0][2] == 10


def test_a_tables_rule_inside_a_space_stays_with_the_space() -> None:
    """'7 伊': the vertical rule between two cells lies in the space, blank on both sides of
    it; the 伊 after it does not take it."""
    ink = np.zeros((20, 60), dtype=bool)
    ink[4:16, 0:8] = True       # 7
    ink[0:20, 20:22] = True     # the rule
    ink[4:16, 34:50] = True     # 伊
    boxes = place_chars(ink, 3, [4.0, 21.0, 42.0], "7 伊")
    assert boxes[2][0] == 34
    assert boxes[2][1] == 4 and boxes[2][3] == 16


def test_the_gap_inside_ye_is_no_cut_when_its_box_would_be_half_a_pitch() -> None:
    # 乙方叶尔兰· at a contract line's end (fresh set 5791, 86%): the blank inside 叶 (four
    # columns between 口 and 十) is wider than the one before it (two), and the cut went
    # there, giving 口 to 方 (27 px for a 20 px pitch) and leaving 叶 7 px. The pitch weighs
    # enough to keep both near the line's own advance. (Column ink counts of the real crop.)
    cols = [0, 0, 0, 0, 4, 7, 7, 6, 5, 5, 8, 6, 5, 5, 4, 2, 2, 3, 4, 4, 0, 0, 1, 2, 3, 3, 3, 4,
            5, 11, 10, 4, 2, 4, 7, 13, 12, 3, 2, 1, 0, 0, 9, 12, 4, 2, 10, 10, 2, 0, 0, 0, 0, 9,
            17, 7, 2, 2, 2, 1, 0, 0, 0, 0, 5, 8, 8, 6, 2, 4, 8, 12, 4, 0, 3, 6, 6, 6, 3, 0, 0,
            0, 0, 2, 3, 4, 7, 6, 3, 4, 4, 6, 9, 7, 5, 6, 4, 3, 2, 1, 0, 0, 0, 0, 3, 3, 2, 0, 0]
    ink = np.zeros((24, len(cols)), dtype=bool)
    for x, v in enumerate(cols):
        ink[(24 - v) // 2:(24 - v) // 2 + v, x] = True
    boxes = place_chars(ink, 6, [12.8, 32.9, 52.9, 72.9, 93.0, 105.0], "乙方叶尔兰·")
    assert [(b[0], b[2]) for b in boxes[1:3]] == [(22, 40), (42, 60)]
