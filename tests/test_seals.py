"""Seal finding, reading, matching and masking on seals drawn here with PIL."""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageFont

import redact.seals as seals_module
from redact.elements import Box
from redact.ocr.base import Recognition
from redact.seals import (
    MATCH_THRESHOLD,
    SealCandidate,
    SealReading,
    _plainly_read,
    _union_span,
    best_arc,
    find_seals,
    match_seal,
    read_seal,
    seal_mask_polygon,
)

from .drawing import jpeg

DATA = Path(__file__).parent / "data"

FONT_PATHS = ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
              "/usr/share/fonts/truetype/arphic/uming.ttc")
UNIT = "新疆维吾尔自治区测绘院"
OTHER_UNIT = "新疆维吾尔自治区地质调查院"


def _font(size: int) -> ImageFont.FreeTypeFont:
    for path in FONT_PATHS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    pytest.skip("no CJK font installed")


def _glyph(ch: str, size: int) -> Image.Image:
    """A character as an L image (255 = ink), squeezed a little like seal lettering."""
    img = Image.new("L", (size * 2, size * 2), 0)
    ImageDraw.Draw(img).text((size, size), ch, font=_font(size), fill=255, anchor="mm")
    box = img.getbbox() or (0, 0, 1, 1)
    g = img.crop(box)
    return g.resize((max(1, int(g.width * 0.8)), g.height))


def draw_seal(page: Image.Image, center: tuple[float, float], a: float, b: float,
              text: str, angle: float = 0.0, strength: float = 1.0, span: float = 240.0,
              inner: str | None = None, seed: int = 0) -> np.ndarray:
    """Stamp a red seal on ``page`` (RGB, in place) and return the mask of its arc characters.

    ``a``/``b`` are the horizontal/vertical semi-axes before turning by ``angle`` degrees
    (clockwise on screen); the arc text runs clockwise over ``span`` degrees centred at the top.
    """
    size = int(2 * max(a, b) + 20)
    c = size / 2.0
    seal = Image.new("L", (size, size), 0)
    chars = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(seal)
    width = max(2, int(0.05 * min(a, b)))
    d.ellipse([c - a, c - b, c + a, c + b], outline=255, width=width)
    ch_h = int(0.27 * min(a, b))
    n = len(text)
    for i, ch in enumerate(text):
        t = math.radians(270.0 - span / 2 + span * i / max(1, n - 1))
        rho = 0.74
        x, y = c + rho * a * math.cos(t), c + rho * b * math.sin(t)
        normal = math.degrees(math.atan2(math.sin(t) / b, math.cos(t) / a))
        g = _glyph(ch, ch_h).rotate(270.0 - normal, expand=True, resample=Image.BILINEAR)
        pos = (int(x - g.width / 2), int(y - g.height / 2))
        chars.paste(255, pos, g)
    seal.paste(255, (0, 0), chars)
    r = 0.2 * min(a, b)
    star = [(c + (r if k % 2 == 0 else 0.4 * r) * math.cos(math.radians(-90 + 36 * k)),
             c + (r if k % 2 == 0 else 0.4 * r) * math.sin(math.radians(-90 + 36 * k)))
            for k in range(10)]
    d.polygon(star, fill=255)
    if inner:
        f = _font(int(0.17 * min(a, b)))
        d.text((c, c + 0.45 * b), inner, font=f, fill=255, anchor="mm")
    if angle:
        seal = seal.rotate(-angle, resample=Image.BILINEAR)
        chars = chars.rotate(-angle, resample=Image.BILINEAR)
    alpha = np.asarray(seal, dtype=np.float32) / 255.0 * strength
    if strength < 1.0:
        # Uneven ink: blotches where the stamp barely touched the paper.
        rng = np.random.default_rng(seed)
        noise = cv2.GaussianBlur(rng.random((size, size)).astype(np.float32), (0, 0), 3)
        alpha *= np.clip((noise - noise.min()) / (np.ptp(noise) + 1e-6) * 1.6, 0.3, 1.0)
    x0, y0 = int(center[0] - c), int(center[1] - c)
    arr = np.asarray(page, dtype=np.float32).copy()
    region = arr[y0:y0 + size, x0:x0 + size]
    ink = np.array([215.0, 30.0, 35.0]) / 255.0
    # Seal ink multiplies with what is under it, as on paper.
    region *= 1.0 - alpha[..., None] * (1.0 - ink)
    page.paste(Image.fromarray(arr.clip(0, 255).astype(np.uint8)))
    full = np.zeros((page.height, page.width), dtype=bool)
    full[y0:y0 + size, x0:x0 + size] = np.asarray(chars) > 100
    return full


def text_page(w: int = 1000, h: int = 1400, paper: tuple[int, int, int] = (255, 255, 255),
              lines: int = 30) -> Image.Image:
    page = Image.new("RGB", (w, h), paper)
    d = ImageDraw.Draw(page)
    f = _font(26)
    for i in range(lines):
        d.text((60, 60 + i * 44), "申请人工作单位意见：同意推荐参加专业技术职称评审，情况属实。",
               font=f, fill=(20, 20, 20))
    return page


def _seals_on_page(name: str, size: tuple[int, int], paper: int,
                   at: tuple[int, int]) -> list[SealCandidate]:
    """The seals found on a blank page of ``size`` (height, width) and grey level ``paper``
    with the crop ``name`` from tests/data pasted at ``at`` (x, y)."""
    crop = np.asarray(Image.open(DATA / name).convert("RGB"))
    page = np.full((*size, 3), paper, np.uint8)
    x, y = at
    page[y:y + crop.shape[0], x:x + crop.shape[1]] = crop
    return find_seals(page)


def _close(c: SealCandidate, center: tuple[float, float], a: float, b: float) -> None:
    r = max(a, b)
    assert math.hypot(c.center[0] - center[0], c.center[1] - center[1]) < 0.03 * r
    got = sorted(c.axes)
    want = sorted((a, b))
    assert abs(got[0] - want[0]) < 0.05 * want[0] + 2
    assert abs(got[1] - want[1]) < 0.05 * want[1] + 2


def test_finds_round_seal_over_black_text() -> None:
    page = text_page()
    draw_seal(page, (600, 700), 170, 170, UNIT, inner="人事专用章")
    seals = find_seals(np.asarray(page))
    assert len(seals) == 1
    _close(seals[0], (600, 700), 170, 170)
    x0, y0, x1, y1 = seals[0].bbox
    assert x0 <= 431 and y0 <= 531 and x1 >= 769 and y1 >= 869


def test_finds_rotated_oval_seal() -> None:
    page = text_page(lines=10)
    draw_seal(page, (500, 800), 220, 150, "天津瑞佳讯贸易有限公司", angle=25.0)
    seals = find_seals(np.asarray(page))
    assert len(seals) == 1
    _close(seals[0], (500, 800), 220, 150)
    c = seals[0]
    major = c.angle if c.axes[0] >= c.axes[1] else c.angle + 90.0
    assert abs(((major - 25.0 + 90.0) % 180.0) - 90.0) < 5.0


def test_finds_faint_seals_on_tinted_paper() -> None:
    page = text_page(paper=(222, 218, 205))
    draw_seal(page, (300, 400), 140, 140, UNIT, strength=0.45, seed=1)
    draw_seal(page, (700, 1050), 150, 150, OTHER_UNIT, strength=0.6, angle=-30.0, seed=2)
    seals = sorted(find_seals(np.asarray(page)), key=lambda s: s.center[1])
    assert len(seals) == 2
    _close(seals[0], (300, 400), 140, 140)
    _close(seals[1], (700, 1050), 150, 150)


def test_finds_faint_seal_next_to_strong_one() -> None:
    page = text_page()
    draw_seal(page, (650, 950), 180, 180, UNIT)
    draw_seal(page, (300, 330), 140, 140, OTHER_UNIT, strength=0.35, seed=3)
    seals = sorted(find_seals(np.asarray(page)), key=lambda s: s.center[1])
    assert len(seals) == 2
    _close(seals[0], (300, 330), 140, 140)
    _close(seals[1], (650, 950), 180, 180)


def test_the_ink_cuts_taken_on_a_pool_find_the_same_seals_in_the_same_order() -> None:
    """The faint seal is found only at a lower cut than the strong one: with the cuts after
    the first on other threads, the seals and their order are the same."""
    from concurrent.futures import ThreadPoolExecutor

    page = text_page()
    draw_seal(page, (650, 950), 180, 180, UNIT)
    draw_seal(page, (300, 330), 140, 140, OTHER_UNIT, strength=0.35, seed=3)
    arr = np.asarray(page)
    alone = find_seals(arr)
    with ThreadPoolExecutor(2) as pool:
        assert find_seals(arr, pool) == alone
    # A pool busy with other pages' work: the cuts it has not started are taken by the caller.
    with ThreadPoolExecutor(1) as busy:
        release = threading.Event()
        busy.submit(release.wait, 30)
        try:
            assert find_seals(arr, busy) == alone
        finally:
            release.set()


def test_finds_faint_pink_seal_on_bluish_paper() -> None:
    page = text_page(paper=(236, 242, 247))
    draw_seal(page, (500, 700), 150, 150, UNIT, strength=0.3, seed=4)
    seals = find_seals(np.asarray(page))
    assert len(seals) == 1
    _close(seals[0], (500, 700), 150, 150)


def test_finds_seal_on_greyscale_scan() -> None:
    page = text_page()
    # Stamped ink (not solid): mid-grey once the scan drops colour, lighter than black text.
    draw_seal(page, (500, 700), 160, 160, UNIT, inner="人事专用章", strength=0.75, seed=5)
    grey = np.asarray(page.convert("L").convert("RGB"))
    seals = find_seals(grey)
    assert len(seals) == 1 and seals[0].ink == "grey"
    _close(seals[0], (500, 700), 160, 160)
    assert find_seals(np.asarray(text_page().convert("L").convert("RGB"))) == []


def test_finds_a_fully_inked_seal_on_a_greyscale_scan_between_text_and_paper() -> None:
    """Solid red ink turns dark grey once the scan drops colour (86 of 255 here, under 40%
    of the paper), yet it stays well lighter than the black print (20): it is seal ink."""
    page = text_page()
    draw_seal(page, (500, 700), 160, 160, UNIT, inner="人事专用章")
    grey = np.asarray(page.convert("L").convert("RGB"))
    ring = [grey[round(700 + 156 * math.sin(t)), round(500 + 156 * math.cos(t)), 0]
            for t in np.linspace(0, 2 * math.pi, 90, endpoint=False)]
    assert 80 <= np.median(ring) <= 95, "the ring is dark grey"
    seals = find_seals(grey)
    assert len(seals) == 1 and seals[0].ink == "grey"
    _close(seals[0], (500, 700), 160, 160)


def test_finds_a_solid_grey_seal_beside_a_stamped_one_on_a_greyscale_scan() -> None:
    """A school's stamped seal, mid-grey, found at the fixed cut, and the unit's solid one,
    darker than that cut and crossed by its signature: the darker cut is tried all the same."""
    page = text_page(w=1400, h=1600)
    draw_seal(page, (400, 1300), 140, 140, OTHER_UNIT, strength=0.75, seed=3)
    draw_seal(page, (1100, 700), 160, 160, UNIT, inner="人事专用章")
    ImageDraw.Draw(page).text((900, 680), "新疆维吾尔自治区测绘院", font=_font(32), fill=(0, 0, 0))
    grey = np.asarray(page.convert("L").convert("RGB"))
    found = sorted(find_seals(grey), key=lambda c: c.center[1])
    assert [c.ink for c in found] == ["grey", "grey"]
    _close(found[0], (1100, 700), 160, 160)
    _close(found[1], (400, 1300), 140, 140)


def test_finds_a_low_resolution_grey_seal_whose_darkest_ink_passes_for_print() -> None:
    """A crop of seed 7575's grey labour contract (tests/data, pasted back on a page of its
    size): an oval seal at about 136 dpi over 甲方（盖章）：喀什地区基础测绘院. Its ink runs
    from 84 to 133 of 255, the print's from 90: at the fixed cut (96) the ring's darkest
    pixels count as print, holes open in it, and the text line through them joins it into
    no ring. The second look, at least 15 levels lower, sees the ring whole."""
    (seal,) = _seals_on_page("low_res_grey_seal_over_its_unit.jpg", (1638, 1187), 240,
                             (100, 1080))
    assert seal.ink == "grey"
    assert abs(seal.center[0] - 424) < 8 and abs(seal.center[1] - 1272) < 8
    assert sorted(round(v) for v in seal.axes) == pytest.approx([73, 112], abs=8)


def test_finds_a_washed_out_seal_as_dark_as_the_text() -> None:
    """A grey scan that kept a quarter of the seal's colour, saved as JPEG: its ring stands
    little redder than the paper for how dark it is, which the red cuts take for black
    print's rims, and the JPEG's colour noise lifts the page's reddest ink past what counts
    as no red at all."""
    page = text_page()
    draw_seal(page, (500, 700), 160, 160, UNIT, inner="人事专用章", strength=0.75, seed=5)
    colour = np.asarray(page, dtype=np.float32)
    grey = np.asarray(page.convert("L").convert("RGB"), dtype=np.float32)
    washed = (grey + 0.25 * (colour - grey)).round().astype(np.uint8)
    seals = find_seals(jpeg(washed, 79))
    assert len(seals) == 1
    _close(seals[0], (500, 700), 160, 160)


def test_a_grey_ring_across_most_of_a_greyscale_page_is_no_seal() -> None:
    # An official seal is 4-5 cm across; a "ring" 85% of the page wide is a frame or a table.
    page = text_page()
    draw_seal(page, (500, 700), 420, 420, UNIT, strength=0.75, seed=5)
    grey = np.asarray(page.convert("L").convert("RGB"))
    assert find_seals(grey) == []


def test_finds_nothing_on_black_text() -> None:
    assert find_seals(np.asarray(text_page())) == []


def test_finds_nothing_on_red_title_underline_and_rules() -> None:
    page = text_page()
    d = ImageDraw.Draw(page)
    d.text((200, 10), "专业技术职务任职资格评审表", font=_font(46), fill=(210, 20, 30))
    d.line([(60, 130), (700, 130)], fill=(220, 30, 30), width=3)
    d.rectangle([40, 300, 960, 900], outline=(200, 40, 40), width=2)
    d.ellipse([800, 1000, 840, 1040], outline=(220, 30, 30), width=2)  # a red circled mark
    assert find_seals(np.asarray(page)) == []


@given(st.integers(0, 520), st.integers(0, 360), st.integers(30, 80), st.booleans(),
       st.integers(0, 1))
def test_rings_found_in_the_inks_window_are_those_found_on_the_whole_mask(
        x: int, y: int, r: int, rule: bool, speck: int) -> None:
    # Working pixels: a ring with lettering inside, anywhere (also cut by the page's edge),
    # maybe on a red rule that runs off the page, and maybe a speck far away.
    h, w = 551, 780
    mask = np.zeros((h, w), np.uint8)
    cv2.ellipse(mask, (x + r, y + r), (r, r), 0, 0, 360, 1, 3)
    for i in range(5):
        cv2.rectangle(mask, (x + r // 2 + i * r // 6, y + r - 4), (x + r // 2 + i * r // 6 + 3,
                                                                      y + r + 4), 1, -1)
    if rule:
        cv2.line(mask, (0, y + r + r // 2), (w - 1, y + r + r // 2), 1, 2)
    if speck:
        mask[h - 3:h, 0:3] = 1
    soft = cv2.dilate(mask, np.ones((3, 3), np.uint8))
    k, min_d = 5, 33.0
    windowed = seals_module._line_free_candidates(mask, mask, k, min_d, h, w, soft)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(seals_module, "_ink_window",
                   lambda m, pad: (slice(0, m.shape[0]), slice(0, m.shape[1])))
        whole = seals_module._line_free_candidates(mask, mask, k, min_d, h, w, soft)
    assert windowed == whole


@given(st.integers(0, 2**32 - 1), st.tuples(*[st.floats(120.0, 255.0)] * 3))
def test_redness_on_tinted_paper_is_the_white_balanced_red_excess(
        seed: int, paper_rgb: tuple[float, float, float]) -> None:
    image = np.random.default_rng(seed).integers(0, 256, (23, 31, 3), dtype=np.uint8)
    paper = np.asarray(paper_rgb, np.float32)
    gain = seals_module._white_balance(paper)
    assume(float(gain.max()) > 1.01)  # paper near white is taken as it is
    balanced = np.minimum(image.astype(np.float32) * gain, 255.0).astype(np.int16)
    red = balanced[:, :, 0] - np.maximum(balanced[:, :, 1], balanced[:, :, 2])
    got = seals_module._redness(image, paper)
    assert np.array_equal(got - got[0, 0], red - red[0, 0])


def test_finds_nothing_on_blank_and_grey_pages() -> None:
    assert find_seals(np.full((300, 200, 3), 255, np.uint8)) == []
    assert find_seals(np.full((300, 200, 3), 128, np.uint8)) == []


def _reading(arc: str, inner: Sequence[str] = ()) -> SealReading:
    return SealReading(arc, tuple(inner), 0.9, (0.6, 0.88), (150.0, 390.0))


def test_match_own_unit_high_other_unit_low() -> None:
    units = [UNIT, "测绘院"]
    assert match_seal(_reading(UNIT), units) == pytest.approx(1.0)
    # Curved-text OCR errors: a wrong and a missing character, extra seal text around it.
    assert match_seal(_reading("疆维吾尔白治区测绘院", ["人事专用章"]), units) >= MATCH_THRESHOLD
    assert match_seal(_reading("新疆维吾尔自治区测绘阮6501000123"), units) >= MATCH_THRESHOLD
    # Read from a turned seal: the name wraps around the strip's start.
    assert match_seal(_reading("区测绘院新疆维吾尔自治"), [UNIT]) >= MATCH_THRESHOLD
    assert match_seal(_reading(OTHER_UNIT), [UNIT]) < MATCH_THRESHOLD - 0.1
    assert match_seal(_reading("新疆大学"), [UNIT]) < 0.4
    assert match_seal(_reading("天津瑞佳讯贸易有限公司"), ["天津君和缘商贸有限公司"]) < 0.5
    assert match_seal(_reading("河北省人民政府"), ["阳光省人民政府"]) < MATCH_THRESHOLD
    assert match_seal(_reading(""), [UNIT]) == 0.0
    # A short distinctive part (测绘) found inside another unit's name is not a match.
    assert match_seal(_reading("国家测绘地理信息局"), [UNIT, "自治区测绘院", "新疆测绘院"]) < MATCH_THRESHOLD


class _BlankEngine:
    """Reads nothing: read_seal must still place the band from the ink alone."""

    name = "blank"

    def detect(self, image: np.ndarray, keep_scale: Sequence[Box] = ()) -> list[np.ndarray]:
        return []

    def recognize(self, crops: Sequence[np.ndarray]) -> list[Recognition]:
        return [Recognition("", 0.0) for _ in crops]

    def upside_down(self, crops: Sequence[np.ndarray]) -> list[float]:
        return [0.0 for _ in crops]


def _coverage(page: Image.Image, cand: SealCandidate, reading: SealReading | None,
              chars: np.ndarray) -> tuple[float, float]:
    poly = seal_mask_polygon(cand, reading)
    assert len(poly) >= 64
    filled = np.zeros(chars.shape, np.uint8)
    cv2.fillPoly(filled, [np.round(np.array(poly) * 16).astype(np.int32)], 1, cv2.LINE_8, 4)
    covered = float(filled[chars].mean())
    disc = math.pi * cand.axes[0] * cand.axes[1]
    return covered, float(filled.sum()) / disc


@pytest.mark.parametrize(("a", "b", "angle"), [(170, 170, 0.0), (220, 150, 20.0)])
def test_polygon_covers_arc_text_only(a: float, b: float, angle: float) -> None:
    page = text_page()
    chars = draw_seal(page, (500, 700), a, b, UNIT, angle=angle, inner="人事专用章")
    img = np.asarray(page)
    (cand,) = find_seals(img)
    reading = read_seal(_BlankEngine(), img, cand)
    covered, share = _coverage(page, cand, reading, chars)
    assert covered >= 0.98
    assert share < 0.4


def test_polygon_without_reading_is_an_upper_sector() -> None:
    cand = SealCandidate((100.0, 100.0), (50.0, 50.0), 0.0, (50, 50, 151, 151), 1.0)
    poly = np.array(seal_mask_polygon(cand, None))
    assert poly[:, 1].min() == pytest.approx(100 - 0.96 * 50, abs=1.0)
    assert poly[:, 1].max() < 100 + 0.96 * 50 * math.sin(math.radians(50))


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    from redact.ocr.rapid import RapidOcrEngine

    return RapidOcrEngine()


@pytest.mark.slow
def test_reads_and_masks_drawn_seal(engine) -> None:  # type: ignore[no-untyped-def]
    page = text_page()
    chars = draw_seal(page, (500, 700), 180, 180, UNIT, angle=-15.0, inner="人事专用章")
    img = np.asarray(page)
    (cand,) = find_seals(img)
    reading = read_seal(engine, img, cand)
    assert match_seal(reading, [UNIT]) >= MATCH_THRESHOLD
    assert match_seal(reading, [OTHER_UNIT]) < MATCH_THRESHOLD
    covered, share = _coverage(page, cand, reading, chars)
    assert covered >= 0.98
    assert share < 0.4


@pytest.mark.slow
def test_another_units_seal_read_plainly_is_not_read_again_from_redrawn_strips(
        engine, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import redact.seals as seals_module

    redrawn: list[int] = []
    draw = seals_module._strip_variants

    def counted(strip: np.ndarray) -> list[np.ndarray]:
        redrawn.append(1)
        return draw(strip)

    monkeypatch.setattr(seals_module, "_strip_variants", counted)
    page = text_page()
    draw_seal(page, (500, 700), 180, 180, "新疆维吾尔自治区人力资源和社会保障厅", span=250.0)
    img = np.asarray(page)
    (cand,) = find_seals(img)
    reading = read_seal(engine, img, cand, [UNIT])
    assert match_seal(reading, [UNIT]) < MATCH_THRESHOLD
    assert "人力资源和社会保障厅" in reading.arc_text
    assert (redrawn, reading.alternatives) == ([], ())
    # A name too short to be sure of (five characters) is still read again.
    short = text_page()
    draw_seal(short, (500, 700), 180, 180, "自然资源局", span=200.0)
    img = np.asarray(short)
    (cand,) = find_seals(img)
    read_seal(engine, img, cand, [UNIT])
    assert redrawn


class _Counting:
    """An engine that counts its recognition calls and keeps the width of every crop."""

    def __init__(self, engine) -> None:  # type: ignore[no-untyped-def]
        self.engine = engine
        self.calls: list[int] = []
        self.widths: list[int] = []

    def __getattr__(self, name: str) -> object:
        return getattr(self.engine, name)

    def recognize(self, crops: Sequence[np.ndarray]) -> list[Recognition]:
        self.calls.append(len(crops))
        self.widths += [c.shape[1] for c in crops]
        return self.engine.recognize(crops)


@pytest.mark.slow
def test_the_arc_strip_leaves_out_the_gap_under_the_name(
        engine, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    # The name spans 250 degrees: of the 110 degree gap under it only 8 at each end are read.
    page = text_page()
    draw_seal(page, (500, 700), 180, 180, UNIT, span=250.0)
    img = np.asarray(page)
    (cand,) = find_seals(img)
    trimmed = _Counting(engine)
    reading = read_seal(trimmed, img, cand, [UNIT])  # type: ignore[arg-type]
    whole = _Counting(engine)
    monkeypatch.setattr(seals_module, "STRIP_GAP_KEEP", 360.0)
    read_seal(whole, img, cand, [UNIT])  # type: ignore[arg-type]
    assert match_seal(reading, [UNIT]) >= MATCH_THRESHOLD
    assert trimmed.widths[0] < 0.8 * whole.widths[0]


@pytest.mark.slow
def test_the_units_own_seal_is_read_once_and_its_centre_only_when_the_arc_does_not_decide(
        engine) -> None:  # type: ignore[no-untyped-def]
    """An arc that reads as the applicant's unit decides the seal: its centre line and
    numbers are not read (a third of a seal's cost). Read for no unit, they are."""
    counting = _Counting(engine)
    calls = counting.calls
    page = text_page()
    draw_seal(page, (500, 700), 180, 180, UNIT, angle=-15.0, inner="人事专用章")
    img = np.asarray(page)
    (cand,) = find_seals(img)
    own = read_seal(counting, img, cand, [UNIT])  # type: ignore[arg-type]
    assert match_seal(own, [UNIT]) >= MATCH_THRESHOLD
    assert len(calls) == 1 and (own.inner_texts, own.alternatives) == ((), ())
    calls.clear()
    anyones = read_seal(counting, img, cand)  # type: ignore[arg-type]
    assert len(calls) == 2
    assert any("专用" in t for t in anyones.inner_texts), "the centre line is read"
    assert (anyones.arc_text, anyones.band, anyones.span) == (own.arc_text, own.band, own.span)


@pytest.mark.slow
@pytest.mark.parametrize(("name", "reads"), [
    ("新疆维吾尔自治区人力资源和社会保障厅", 1),  # 厅, not the unit's 院: nothing more to read
    ("新疆维吾尔自治区地质矿产勘查开发院", 2),  # another 院: its centre could still name the unit
    ("自治区测绘地理信息继续教育基地", 1),  # a training base: 基地 is no 院 either
])
def test_a_department_seal_plainly_read_is_not_read_further_but_a_sibling_bodys_is(
        engine, name: str, reads: int) -> None:  # type: ignore[no-untyped-def]
    counting = _Counting(engine)
    page = text_page()
    draw_seal(page, (500, 700), 180, 180, name, span=250.0, inner="专用章")
    img = np.asarray(page)
    (cand,) = find_seals(img)
    reading = read_seal(counting, img, cand, [UNIT])  # type: ignore[arg-type]
    assert _plainly_read(Recognition(reading.arc_text, reading.score, (), ()))
    assert len(counting.calls) == reads
    assert match_seal(reading, [UNIT]) < MATCH_THRESHOLD
    assert bool(reading.inner_texts) == (reads == 2)


def _rec(text: str, scores: Sequence[float]) -> Recognition:
    return Recognition(text, float(np.mean(scores)) if scores else 0.0,
                       tuple(float(i) for i in range(len(text))),
                       tuple(scores))


def test_a_name_read_sure_of_every_character_is_read_plainly() -> None:
    assert _plainly_read(_rec("新疆维吾尔自治区人力资源和社会保障厅", [1.0] * 18))
    # The seal's number read as a stray character or two does not count against it.
    assert _plainly_read(_rec("昌吉州社会保险中心不", [1.0] * 9 + [0.34]))


def test_faint_or_short_readings_are_not_plain() -> None:
    assert not _plainly_read(_rec("新疆维吾尔自治区测绘院", [0.9, 0.5, 0.9, 0.4, 0.9, 0.6, 0.9, 0.5,
                                                    0.9, 0.6, 0.9]))
    assert not _plainly_read(_rec("测绘院", [1.0] * 3))
    assert not _plainly_read(_rec("", []))


@given(st.lists(st.floats(0.0, 1.0), min_size=1, max_size=20))
def test_plain_reading_needs_six_sure_characters_in_a_row(scores: list[float]) -> None:
    text = "测" * len(scores)
    run = longest = 0
    for sc in scores:
        run = run + 1 if sc >= 0.7 else 0
        longest = max(longest, run)
    if _plainly_read(_rec(text, scores)):
        assert longest >= 6 and sum(sc < 0.7 for sc in scores) <= 2


@pytest.mark.slow
def test_reads_oval_seal(engine) -> None:  # type: ignore[no-untyped-def]
    page = text_page(lines=12)
    draw_seal(page, (500, 800), 230, 160, "天津瑞佳讯贸易有限公司", inner="发票专用章")
    img = np.asarray(page)
    (cand,) = find_seals(img)
    reading = read_seal(engine, img, cand)
    assert match_seal(reading, ["天津瑞佳讯贸易有限公司"]) >= MATCH_THRESHOLD
    assert match_seal(reading, ["天津君和缘商贸有限公司"]) < MATCH_THRESHOLD


@pytest.mark.slow
def test_reads_a_washed_out_seal_whose_thin_lettering_lost_its_colour(  # type: ignore[no-untyped-def]
        engine) -> None:
    """A scan that kept a fifth of its colour (fresh set 4391's assessment form): the thick
    ring stays reddish, but JPEG's halved colour resolution leaves the thin lettering of a
    19-character name nearly grey. Read as red ink it was 二, or a few strokes; read again
    as grey ink, it is the unit."""
    from redact.seals import _read_ink

    unit = "中国电建集团西北勘测设计研究院有限公司"
    page = Image.new("RGB", (1000, 1400), (255, 255, 255))
    ImageDraw.Draw(page).text((330, 690), "西北勘测设计研究院（盖章）", font=_font(30),
                              fill=(20, 20, 20))
    draw_seal(page, (500, 700), 150, 150, unit, span=300, strength=0.9, seed=3)
    rgb = np.asarray(page, dtype=np.float32)
    grey = (rgb @ np.array([0.299, 0.587, 0.114], np.float32))[..., None]
    img = jpeg(np.clip(grey + 0.2 * (rgb - grey), 0, 255).astype(np.uint8), 75)
    # Found by its red ring, as on the form (on this drawn page the grey search finds it).
    cand = replace(find_seals(img)[0], ink="red")
    precise = engine.precise()
    red_only, _ = _read_ink(precise, img, cand, [unit])
    assert match_seal(red_only, [unit]) < MATCH_THRESHOLD
    reading = read_seal(precise, img, cand, [unit])
    assert match_seal(reading, [unit]) >= MATCH_THRESHOLD
    assert reading.arc_text == _read_ink(precise, img, replace(cand, ink="grey"), [unit])[0].arc_text


def test_a_seal_read_several_ways_matches_on_its_best_reading() -> None:
    garbled = SealReading("疆生吾公自治院", (), 0.6, (0.6, 0.88), (150.0, 390.0),
                          alternatives=("新疆维吾尔自治区测绘院", "新疆维吾尔自治"))
    assert match_seal(garbled, [UNIT]) == pytest.approx(1.0)
    assert best_arc(garbled, [UNIT])[0] == UNIT
    # Another unit's seal does not become the applicant's by being read three ways.
    other = SealReading(OTHER_UNIT, (), 0.9, (0.6, 0.88), (150.0, 390.0),
                        alternatives=("新疆维吾尔自治区地质调査院", "疆维吾尔自治区地质调查院"))
    assert match_seal(other, [UNIT]) < MATCH_THRESHOLD


arcs = st.tuples(st.floats(0, 359), st.floats(1, 300)).map(lambda t: (t[0], t[0] + t[1]))


@given(arcs, arcs)
@example((152.83365561084378, 412.83365561084375), (200.0, 512.8336556108438))
def test_union_of_two_arcs_covers_both_and_no_more_than_needed(a: tuple[float, float],
                                                               b: tuple[float, float]) -> None:
    lo, hi = _union_span(a, b)
    assert hi > lo and hi - lo <= min(360.0, (a[1] - a[0]) + (b[1] - b[0]) + 360.0)
    for s0, s1 in (a, b):
        for t in np.linspace(s0, s1, 7):
            assert (t - lo) % 360.0 <= (hi - lo) + 1e-6 or hi - lo >= 360.0
    assert hi - lo <= 360.0


def test_whole_band_polygon_covers_the_ink_beyond_the_characters_read() -> None:
    cand = SealCandidate((200.0, 200.0), (100.0, 100.0), 0.0, (100, 100, 301, 301), 1.0)
    read_part = SealReading("测绘院", (), 0.9, (0.6, 0.88), (300.0, 360.0), ink_span=(150.0, 390.0))
    part = np.array(seal_mask_polygon(cand, read_part))
    whole = np.array(seal_mask_polygon(cand, read_part, whole_band=True))
    left_end = cand.points(0.74, np.array([160.0]))[0]  # angle 160: the start of the name
    inside = [cv2.pointPolygonTest(p.astype(np.float32), tuple(map(float, left_end)), False) >= 0
              for p in (part, whole)]
    assert inside == [False, True]


def test_a_seal_read_from_the_names_first_character_to_its_last_is_masked_over_its_reading_only(
        ) -> None:
    """A roster's seal read 中国电建集团业勘测设计系究院有限公司 (garbled between, its ends
    the unit's) over the next row's ID number, its band's ink running on to the bottom
    (fresh set 7628, the ID 15% masked): the characters read span the name, so the mask
    stops there, read well or badly. A reading without the name's last character still
    reaches over the ink after it."""
    from redact.seals import reads_to_both_ends, unread_mask_polygon

    units = ["中国电建集团西北勘测设计研究院有限公司", "西北院"]
    cand = SealCandidate((200.0, 200.0), (100.0, 100.0), 0.0, (100, 100, 301, 301), 1.0)
    whole = SealReading("中国电建集团业勘测设计系究院有限公司", (), 0.93, (0.62, 0.96),
                        (134.5, 398.0), ink_span=(126.5, 437.0))
    short = replace(whole, arc_text="中国电建集团业勘测设计系究院有限公")
    assert reads_to_both_ends(whole, units) and not reads_to_both_ends(short, units)

    def covers(poly: list[tuple[float, float]], theta: float) -> bool:
        # A point of the band past the name's end, toward the bottom.
        at = cand.points(0.8, np.array([theta]))[0]
        return cv2.pointPolygonTest(np.array(poly, np.float32), tuple(map(float, at)), False) >= 0

    assert not covers(seal_mask_polygon(cand, whole, whole_band=True, ends_read=True), 45.0)
    assert not covers(unread_mask_polygon(cand, whole, ends_read=True), 70.0)
    assert covers(seal_mask_polygon(cand, short, whole_band=True), 45.0)
    assert covers(unread_mask_polygon(cand, short), 70.0)


def test_the_units_own_seal_is_masked_out_to_its_outer_ring() -> None:
    """An oval contract seal with a double ring (fresh set 9583): its lettering keeps to the
    thin inner ring, which on the long sides lies nearer the outer ring than the band
    measured round the whole ellipse (0.55-0.70 of the radius) says; 68% of 喀什地区基础测绘院
    was masked. A seal known to be the unit's is masked out to where its outer ring ends; a
    mask of its characters read only is not, nor a round seal's."""
    cand = SealCandidate((300.0, 300.0), (114.0, 166.0), 75.0, (140, 140, 461, 461), 1.0)
    reading = SealReading("喀什地区基础测绘院", (), 0.9, (0.555, 0.70), (151.0, 358.5),
                          ink_span=(155.0, 481.5), ring_in=0.86)
    near_ring = cand.points(0.84, np.array([250.0]))[0]

    def covers(polygon: Sequence[tuple[float, float]]) -> bool:
        return cv2.pointPolygonTest(np.array(polygon, np.float32),
                                    tuple(map(float, near_ring)), False) >= 0

    assert covers(seal_mask_polygon(cand, reading, whole_band=True))
    assert not covers(seal_mask_polygon(cand, reading))
    assert not covers(seal_mask_polygon(cand, replace(reading, ring_in=None), whole_band=True))
    # A round seal's band is the same fraction of its radius all round: it stands.
    round_seal = replace(cand, axes=(140.0, 140.0))
    near_ring = round_seal.points(0.84, np.array([250.0]))[0]
    assert not covers(seal_mask_polygon(round_seal, reading, whole_band=True))


def test_a_parent_authoritys_seal_is_not_the_units_though_it_shares_the_alias() -> None:
    units = [UNIT, "自治区测绘院"]
    for authority in ("新疆维吾尔自治区测绘地理信息局", "国家测绘地理信息局", "自治区测绘地理信息局合同专用章"):
        assert match_seal(_reading(authority), units) < MATCH_THRESHOLD, authority
    # The unit's own seal with its use and number after the name, or a stray mark, still matches.
    for own in ("新疆维吾尔自治区测绘院合同专用章6501", "新疆维吾尔自治区测绘院会", "疆维吾尔白治区测绘院"):
        assert match_seal(_reading(own), units) >= MATCH_THRESHOLD, own


def test_a_seal_read_short_of_its_end_is_not_another_kind_of_body() -> None:
    """A grey seal under a bold title read 新疆维吾尔自治测会 (区 lost, 绘 read 会, 院 lost):
    its 会 is no 学会's but a misread of the name's middle, which goes on past it: close
    enough to the unit for the unit's name signed on it to make it the unit's. A whole name
    that ends in another body's form still says another body."""
    from redact.pipeline import SIGNED_MATCH

    units = [UNIT, "自治区测绘院", "新疆测绘院"]
    assert match_seal(_reading("新疆维吾尔自治测会"), units) >= SIGNED_MATCH
    for other in ("新疆维吾尔自治区测绘学会", "新疆维吾尔自治区测量队", "新疆维吾尔自治区人民政府"):
        assert match_seal(_reading(other), units) < MATCH_THRESHOLD, other


def test_finds_grey_seal_stamped_over_a_bold_title() -> None:
    # The title's black strokes (and their mid-grey rims) cut the grey ring into pieces.
    page = Image.new("RGB", (1000, 1400), (255, 255, 255))
    d = ImageDraw.Draw(page)
    for dx in range(4):  # a bold face: the same line drawn a pixel apart
        d.text((120 + dx, 620), "专业技术职务任职资格评审表", font=_font(56), fill=(10, 10, 10))
    d.text((100, 730), "申请人工作单位意见：同意推荐参加专业技术职称评审，情况属实。", font=_font(26),
           fill=(20, 20, 20))
    assert find_seals(np.asarray(page.convert("L").convert("RGB"))) == []
    draw_seal(page, (500, 700), 150, 150, UNIT, inner="人事专用章", strength=0.75, seed=5)
    seals = find_seals(np.asarray(page.convert("L").convert("RGB")))
    assert len(seals) == 1 and seals[0].ink == "grey"
    _close(seals[0], (500, 700), 150, 150)


def test_finds_a_faint_seal_that_two_lines_of_print_cut_into_arcs() -> None:
    """A blurred 100 dpi roster (fresh set 4391): the title and the 填报单位 line cross a faint
    seal, and its red ink, which leaves dark pixels out, falls into three arcs, none of them
    a ring. Joined over the print, they are one; the page has no other seal."""
    (seal,) = _seals_on_page("faint_seal_cut_by_two_lines.png", (1499, 1060), 253, (100, 0))
    assert seal.ink == "red"
    assert abs(seal.center[0] - 343) < 6 and abs(seal.center[1] - 171) < 6
    assert sorted(seal.axes) == pytest.approx([103, 105], abs=6)


def test_print_is_bridged_only_between_ink_on_both_sides() -> None:
    from redact.seals import _bridged_over_print

    mask = np.zeros((60, 60), np.uint8)
    mask[5:20, 30] = 1
    mask[30:50, 30] = 1  # an arc, cut by a line of print at rows 20-29
    dark = np.zeros((60, 60), np.int16)
    dark[20:30, :] = 200
    out = _bridged_over_print(mask, dark, 3)
    assert out[20:30, 30].all()
    assert not out[20:30, 31:].any() and not out[20:30, :30].any()
    assert not _bridged_over_print(mask, np.zeros_like(dark), 3)[20:30].any()


def _washed_out(page: Image.Image, keep: float = 0.15,
                tint: tuple[int, int, int] = (244, 238, 222)) -> np.ndarray:
    """``page`` scanned nearly grey (``keep`` of its colour left) on tinted paper."""
    rgb = np.asarray(page, dtype=np.float32)
    grey = (rgb @ np.array([0.299, 0.587, 0.114], np.float32))[..., None]
    out = (grey + keep * (rgb - grey)) * (np.array(tint, np.float32) / 255.0)
    return np.clip(out, 0, 255).astype(np.uint8)


def test_finds_grey_seal_on_tinted_partly_desaturated_scan() -> None:
    # Too little red for the red-ink search, too much colour (the tint) for a greyscale page.
    page = text_page()
    draw_seal(page, (500, 700), 160, 160, UNIT, inner="人事专用章", strength=0.75, seed=5)
    seals = find_seals(_washed_out(page))
    assert len(seals) == 1 and seals[0].ink == "grey"
    _close(seals[0], (500, 700), 160, 160)
    assert find_seals(_washed_out(text_page())) == []


def test_an_arc_is_cut_to_the_part_inside_another() -> None:
    from redact.seals import _intersect_span

    upper = (135.0, 405.0)  # lower left, over the top, to lower right
    assert _intersect_span((100.0, 400.0), upper) == (135.0, 400.0)
    assert _intersect_span((-30.0, 60.0), upper) == (330.0, 405.0)
    # round past the start: the longer piece inside is kept
    assert _intersect_span((200.0, 500.0), upper) == (200.0, 405.0)
    assert _intersect_span((50.0, 80.0), upper) is None


@given(st.floats(0, 360), st.floats(1, 359))
def test_the_cut_arc_lies_inside_both_arcs(start: float, extent: float) -> None:
    from redact.seals import _intersect_span

    upper = (135.0, 405.0)
    cut = _intersect_span((start, start + extent), upper)
    if cut is None:
        return
    lo, hi = cut
    assert upper[0] <= lo < hi <= upper[1]
    assert hi - lo <= extent + 1e-6
    mid = (lo + hi) / 2
    assert (mid - start) % 360.0 <= extent + 1e-6


@given(st.floats(-60, 60), st.floats(60, 140), st.floats(20, 120), st.floats(10, 40))
def test_a_seal_mask_stops_short_of_a_name_under_it(dx: float, dy: float, bw: float,
                                                    bh: float) -> None:
    """A box (another person's name) under the ring: no point of the mask lies in it, unless
    drawn in as far as the mask's innermost point; points clear of it do not move."""
    from redact.seals import SealCandidate, _sector, clear_of

    cand = SealCandidate((200.0, 200.0), (100.0, 100.0), 0.0, (100, 100, 300, 300), 0.9, "red")
    polygon = _sector(cand, 0.5, 0.95, 100.0, 440.0, 96)
    box = (200 + dx - bw / 2, 200 + dy, 200 + dx + bw / 2, 200 + dy + bh)
    out = np.asarray(clear_of(polygon, cand.center, [box]))
    reach = np.hypot(*(out - 200.0).T)
    inside = ((out[:, 0] > box[0]) & (out[:, 0] < box[2]) & (out[:, 1] > box[1]) & (out[:, 1] < box[3]))
    # (The inner arc's chords dip a hair inside its radius.)
    assert (reach[inside] <= 50.0 + 1e-6).all()
    assert reach.max() <= 95.0 + 1e-6 and reach.min() >= 50.0 - 0.1
    # Far from the box the outline is where it was (the original vertices are all kept).
    far = [p for p in polygon if p[1] < box[1] - 2]
    dense = {(round(x, 6), round(y, 6)) for x, y in out}
    assert all((round(x, 6), round(y, 6)) in dense for x, y in far)


def test_a_seal_mask_without_names_to_avoid_is_unchanged() -> None:
    from redact.seals import clear_of

    square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
    assert clear_of(square, (5.0, 5.0), []) == square
    # nor with a name elsewhere on the page: the report keeps the outline's own points
    assert clear_of(square, (5.0, 5.0), [(40.0, 40.0, 60.0, 50.0)]) == square


@settings(max_examples=60, deadline=None)
@example(k=1, cx=50.015625, cy=40.0, a=24.0, b=10.0, angle=1.0, theta=1.0)  # session 36
@given(k=st.integers(1, 3), cx=st.floats(50, 250), cy=st.floats(40, 160),
       a=st.floats(10, 40), b=st.floats(10, 40), angle=st.floats(0, 360),
       theta=st.floats(0, 360))
def test_a_seal_turned_with_its_page_keeps_every_ring_point_on_its_ring(
        k: int, cx: float, cy: float, a: float, b: float, angle: float, theta: float) -> None:
    from redact.geometry import rotate_points

    cand = SealCandidate((cx, cy), (a, b), angle, (0, 0, 0, 0), 1.0)
    t = seals_module.turned(cand, k, 300, 200)
    on_ring = rotate_points(cand.points(1.0, np.array([theta])), k, 300, 200)[0]
    assert seals_module._rho_of(t, *on_ring) == pytest.approx(1.0, abs=1e-6)
    tw, th = (200, 300) if k % 2 else (300, 200)
    x0, y0, x1, y1 = t.bbox
    assert 0 <= x0 <= on_ring[0] <= x1 <= tw and 0 <= y0 <= on_ring[1] <= y1 <= th


def test_a_seal_found_on_the_page_as_given_but_not_turned_upright_is_still_read() -> None:
    """Seed 3591's contract, scanned upside down: its faint grey oval seal was found on the
    page as given, not on the page turned upright (the working copy's pixels fall otherwise),
    and went unread and unmasked (38%). It is read where it lies turned; a seal found again
    on the turned page is not read twice."""
    from redact import Applicant, Redactor

    page = np.full((200, 300, 3), 255, np.uint8)
    faint = SealCandidate((100.0, 50.0), (40.0, 30.0), 0.0, (60, 20, 141, 81), 0.5, "grey")
    both = SealCandidate((220.0, 120.0), (30.0, 30.0), 0.0, (190, 90, 251, 151), 1.0)
    read: list[SealCandidate] = []
    redactor = Redactor()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(seals_module, "find_seals",
                   lambda image, pool=None: [seals_module.turned(both, 2, 300, 200)])
        mp.setattr(seals_module, "read_seal", lambda engine, image, cand, units: read.append(cand))
        redactor._read_seals(page, 2, [faint, both], Applicant("王伟", units=["某单位"]))
    assert len(read) == 2
    assert read[0] == seals_module.turned(both, 2, 300, 200)
    assert read[1] == seals_module.turned(faint, 2, 300, 200)
    assert read[1].center == (200.0, 150.0) and read[1].ink == "grey"


def test_a_seal_band_whose_end_lies_over_a_colleagues_name_stops_before_it() -> None:
    """The lettering of seed 2173's roster seal begins (新) over 吕玲飞 in the row below, a
    colleague whose name the applicant's 吕玲 begins: the dent, never deeper than the inner
    arc, left 12% of the name masked. The band now stops where its end meets the name; a
    name under the middle of the band is left to the dent, and a band clear of every name
    comes back as it was."""
    cand = SealCandidate((300.0, 300.0), (100.0, 100.0), 0.0, (200, 200, 401, 401), 1.0)
    sector = seals_module._sector(cand, 0.6, 0.95, 135.0, 405.0, 96)
    name = (180.0, 340.0, 260.0, 380.0)  # lower left, where the band begins
    trimmed = seals_module.trim_sector_ends(sector, [name])
    assert len(trimmed) < len(sector) and len(trimmed) % 2 == 0
    mask = np.zeros((600, 600), np.uint8)
    cv2.fillPoly(mask, [np.round(np.asarray(trimmed)).astype(np.int32)], 1)
    assert not mask[340:381, 180:261].any()
    assert mask[190:220, 280:320].any()  # the top of the band stays
    middle = (280.0, 190.0, 320.0, 215.0)
    assert seals_module.trim_sector_ends(sector, [middle]) == sector
    assert seals_module.trim_sector_ends(sector, [(0.0, 0.0, 10.0, 10.0)]) == sector


def test_finds_a_dark_grey_seal_on_a_blurred_roster_beside_its_table() -> None:
    """A blurred greyscale roster (fresh set 7246, seal and its unit 0%): the seal over
    填报单位 is as dark as the table's small print. The fixed cut's harder cases found only
    a ring as big as the table and a cell, which kept the lower cut from looking; the ring
    too big for a seal hid the real one there as well. The lower cut's harder cases now run
    where no cut found a ring plainly, and a ring bigger than a seal hides none."""
    page = np.asarray(Image.open(DATA / "dark_grey_seal_on_a_blurred_roster.jpg").convert("RGB"))
    found = find_seals(page)
    assert [c.ink for c in found] == ["grey"]
    assert abs(found[0].center[0] - 277) < 8 and abs(found[0].center[1] - 217) < 8
    assert 100 < max(found[0].axes) < 120
