"""Tests for redact.proposal: from matched characters to tight mask regions."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from redact.elements import CharBox, TextLine, box_from_points, quad_from_box
from redact.geometry import rotate_points
from redact.matching import Match, Span
from redact.proposal import propose_regions


def cells(text: str, x0: int, y0: int, width: int = 12, height: int = 18) -> TextLine:
    """A line whose characters stand ``width`` px apart from ``x0``."""
    chars = tuple(CharBox(c, quad_from_box((x0 + i * width, y0, x0 + (i + 1) * width - 2, y0 + height)))
                  for i, c in enumerate(text))
    return TextLine(text, quad_from_box((x0 - 3, y0 - 3, x0 + len(text) * width + 1, y0 + height + 3)),
                    1.0, chars)


def split_id(middle: list[TextLine] | None = None) -> tuple[list[TextLine], Match]:
    lines = [cells("652801***", 100, 50), cells("*839X", 250, 50), *(middle or [])]
    m = Match("id_number", (Span(0, 0, 9), Span(1, 0, 5)), "652801****839X", 0.9)
    return lines, m


def test_a_starred_id_cut_in_two_by_the_detector_is_masked_as_one_strip() -> None:
    lines, m = split_id()
    regions = propose_regions(lines, [m], 600, 200)
    assert len(regions) == 1
    x0, y0, x1, y1 = regions[0].box
    assert x0 <= 100 and x1 >= 250 + 5 * 12 - 2, "the undetected stars between the parts go too"
    assert y0 >= 40 and y1 <= 80, "still one text row high"
    assert "839X" not in regions[0].text and "652801" not in regions[0].text


def test_raised_stars_over_the_digits_end_are_masked_with_them_as_one_row_high_bar() -> None:
    """654201 | ******** with the stars printed raised: the detector's box for them starts
    over the last digit and sits higher; the joined mask is one bar, as high as the digits'
    row and reaching the stars' top, with no corner of the row left out."""
    digits = cells("654201", 100, 50, height=24)
    stars = cells("********", 100 + 6 * 12 - 4, 46, width=12, height=16)
    m = Match("id_number", (Span(0, 0, 6), Span(1, 0, 8)), "654201********", 0.8)
    (region,) = propose_regions([digits, stars], [m], 600, 200)
    x0, y0, x1, y1 = region.box
    assert x0 <= 100 and x1 >= 100 + 14 * 12 - 6
    assert y0 <= 46 and y1 >= 50 + 24, "the digits' row, down to its foot under the stars"
    assert y1 - y0 <= 40


def test_a_joined_bar_on_a_skewed_page_is_a_turned_rectangle_round_both_parts() -> None:
    lines, m = split_id()
    skewed = [_skewed(line, 3.0) for line in lines]
    (region,) = propose_regions(skewed, [m], 600, 200)
    assert region.polygon is not None and len(region.polygon) == 4
    inside = [cv2.pointPolygonTest(np.asarray(region.polygon, dtype=np.float32), p, True)
              for line in skewed for p in line.quad]
    assert min(inside) >= -0.5, "every corner of both parts is under the bar"


def test_the_parts_stay_apart_when_another_character_was_read_between_them() -> None:
    lines, m = split_id([cells("至", 220, 50)])
    regions = propose_regions(lines, [m], 600, 200)
    assert len(regions) == 2
    assert all(not (r.box[0] < 226 < r.box[2]) for r in regions), "至 stays visible"


def test_the_stars_read_between_the_parts_are_masked_with_them_however_many() -> None:
    """学员…（身份证号：650* | )***** | 644X）: eleven stars in three pieces, the middle one
    read with a garbled bracket from their ink (fresh set 7415, half the number left).
    Stars and marks read garbled between the parts are the number's own, and the stars
    read do not count as gap; a bracket read surely does keep them apart."""
    head = cells("650*", 100, 50)
    middle = cells(")*********", 100 + 4 * 12, 50)
    middle = TextLine(middle.text, middle.quad, 0.6,
                      tuple(CharBox(c.char, c.quad, 0.58 if c.char == ")" else 0.9)
                            for c in middle.chars))
    tail = cells("644X", 100 + 14 * 12 + 30, 50)
    m = Match("id_number", (Span(0, 0, 4), Span(2, 0, 4)), "650*644X", 0.85)
    (region,) = propose_regions([head, middle, tail], [m], 600, 200)
    assert region.box[0] <= 100 and region.box[2] >= 100 + 14 * 12 + 30 + 4 * 12 - 2
    sure = TextLine(middle.text, middle.quad, 0.9,
                    tuple(CharBox(c.char, c.quad, 0.9) for c in middle.chars))
    assert len(propose_regions([head, sure, tail], [m], 600, 200)) == 2


def test_parts_on_different_rows_are_never_joined() -> None:
    lines = [cells("该项目由王", 100, 50), cells("伟负责完成", 100, 90)]
    m = Match("name", (Span(0, 4, 5), Span(1, 0, 1)), "王伟", 0.9)
    assert len(propose_regions(lines, [m], 600, 200)) == 2


def _skewed(line: TextLine, degrees: float) -> TextLine:
    """``line`` turned ``degrees`` about (300, 100), as on a skewed scan."""
    a = np.deg2rad(degrees)

    def turn(q: tuple) -> tuple:
        return tuple((300 + (x - 300) * np.cos(a) - (y - 100) * np.sin(a),
                      100 + (x - 300) * np.sin(a) + (y - 100) * np.cos(a)) for x, y in q)
    return TextLine(line.text, turn(line.quad), line.score,
                    tuple(CharBox(c.char, turn(c.quad), c.score) for c in line.chars))


def _turned(line: TextLine, k: int, w: int, h: int) -> TextLine:
    """``line`` on the page ``numpy.rot90(page, k)`` (quads keep their reading order)."""
    def turn(q: tuple) -> tuple:
        return tuple(tuple(p) for p in rotate_points(np.asarray(q, dtype=float), k, w, h).tolist())
    return TextLine(line.text, turn(line.quad), line.score,
                    tuple(CharBox(c.char, turn(c.quad), c.score) for c in line.chars))


@pytest.mark.parametrize("k", [1, 2, 3])
def test_a_starred_id_cut_in_two_on_a_turned_page_is_masked_as_one_strip(k: int) -> None:
    lines, m = split_id()
    turned = [_turned(line, k, 600, 200) for line in lines]
    w, h = (600, 200) if k == 2 else (200, 600)
    regions = propose_regions(turned, [m], w, h)
    assert len(regions) == 1
    part_a, part_b = (box_from_points(np.asarray(line.quad), w, h) for line in turned)
    x0, y0, x1, y1 = regions[0].box
    # The strip spans both parts along the line and stays one text row across it.
    assert x0 <= min(part_a[0], part_b[0]) + 3 and x1 >= max(part_a[2], part_b[2]) - 3
    assert y0 <= min(part_a[1], part_b[1]) + 3 and y1 >= max(part_a[3], part_b[3]) - 3
    across = (y1 - y0) if k == 2 else (x1 - x0)
    assert across <= 30


def test_parts_on_different_rows_of_a_turned_page_are_never_joined() -> None:
    lines = [cells("该项目由王", 100, 50), cells("伟负责完成", 100, 90)]
    m = Match("name", (Span(0, 4, 5), Span(1, 0, 1)), "王伟", 0.9)
    turned = [_turned(line, 1, 600, 200) for line in lines]
    assert len(propose_regions(turned, [m], 200, 600)) == 2


def test_a_name_whose_first_character_was_never_read_is_masked_over_it_too() -> None:
    # 尔妮萨·托手提 read for 努尔妮萨·托乎提: the lost 努 stood one pitch before 尔.
    name = cells("尔妮萨·托手", 100, 50)
    m = Match("name", (Span(0, 0, 6),), "尔妮萨·托手", 0.6, lost=(1, 0))
    plain = propose_regions([name], [Match("name", (Span(0, 0, 6),), "尔妮萨·托手", 0.6)], 600, 200)
    box = propose_regions([name], [m], 600, 200)[0].box
    assert box[0] <= 100 - 12 and plain[0].box[0] > 100 - 12
    assert box[2] == plain[0].box[2], "nothing was lost at the end"
    # The row's number cell just before it stays visible: the reach stops halfway to it.
    number = cells("4", 80, 50)
    box = propose_regions([name, number], [m], 600, 200)[0].box
    assert 90 <= box[0] < 100, "short of the 4, over where 努 stood"


def _lazy(line: TextLine, placed: list[str]) -> TextLine:
    """``line`` with its characters placed only when asked for (as the reader gives them);
    every placement is recorded in ``placed``."""
    from redact.elements import PlacedChars

    def place() -> tuple[CharBox, ...]:
        placed.append(line.text)
        return tuple(line.chars)

    return TextLine(line.text, line.quad, line.score,
                    PlacedChars([c.score for c in line.chars], place))


def test_the_name_mask_stops_short_of_the_row_below_without_placing_far_cells() -> None:
    """姓名王伟性别男… above 王伟东 (another person): the mask keeps clear of the row below,
    and a cell below the far end of the long line, which cannot meet the mask, is never
    placed (placing is the costly part of reading a line)."""
    placed: list[str] = []
    rows = [cells("姓名王伟性别男民族汉族出生年月", 100, 50), cells("王伟东", 124, 70),
            cells("其他人员", 250, 70), cells("备注说明文字", 700, 50)]
    lines = [_lazy(ln, placed) for ln in rows]
    m = Match("name", (Span(0, 2, 4),), "王伟", 0.9)
    (region,) = propose_regions(lines, [m], 1000, 200)
    x0, y0, x1, y1 = region.box
    assert y0 >= 50 - 3 - 1
    assert x0 >= 100 + 2 * 12 - 3 and x1 <= 100 + 4 * 12 + 2
    assert y1 <= 70, "the row below (王伟东) stays visible"
    assert sorted(placed) == sorted(["姓名王伟性别男民族汉族出生年月", "王伟东"])


def _skewed(line: TextLine, degrees: float) -> TextLine:
    """``line`` turned ``degrees`` about (0, 0), as on a skewed scan."""
    t = np.radians(degrees)

    def turn(q: tuple) -> tuple:
        return tuple((x * np.cos(t) - y * np.sin(t), x * np.sin(t) + y * np.cos(t)) for x, y in q)
    return TextLine(line.text, turn(line.quad), line.score,
                    tuple(CharBox(c.char, turn(c.quad), c.score) for c in line.chars))


def test_a_unit_cut_in_two_on_a_skewed_page_is_masked_across_the_lost_character() -> None:
    """新疆生产建 | (设, lost under a seal's ink) | 兵团勘测规划设计研究院 on a page skewed 2
    degrees (fresh set 5050's roster): the two pieces' masks are joined over the gap, not
    left with the lost character's strip showing between them."""
    import cv2

    head = _skewed(cells("新疆生产建", 100, 50), 2.0)
    tail = _skewed(cells("兵团勘测规划设计研究院", 100 + 6 * 12, 50), 2.0)
    m = Match("unit", (Span(0, 0, 5), Span(1, 0, 11)), "新疆生产建兵团勘测规划设计研究院", 0.8)
    (region,) = propose_regions([head, tail], [m], 600, 200)
    assert region.polygon is not None
    outline = np.asarray(region.polygon, dtype=np.float32)
    lost = _skewed(cells("设", 100 + 5 * 12, 50), 2.0).chars[0].quad
    assert all(cv2.pointPolygonTest(outline, (float(x), float(y)), True) >= -0.01 for x, y in lost), \
        "the lost character's cell"
    assert cv2.contourArea(outline) <= 1.1 * (17 * 12 + 6) * (18 + 6), "one row high, no more"
