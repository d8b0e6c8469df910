"""End to end with the real OCR engine: every expected box is fully covered, every distractor
untouched, and masks stay tight. Pages are drawn here, so the ink boxes are known exactly."""

from __future__ import annotations

import math
import os
import sys
import threading
from collections.abc import Sequence
from dataclasses import replace

import cv2
import numpy as np
import pytest

from redact import Applicant, Redactor, RedactResult
from redact.elements import Box, CharBox, Quad, Region, TextLine, share_inside
from redact.matching import id_check_digit, is_cjk
from redact.pipeline import STAMPED_NOTE
from redact.reading import PageText, rows

from .drawing import Page, covered, jpeg, rotate_box

ID = "65010219880808123" + id_check_digit("65010219880808123")
WANG = Applicant("王伟", ID, ["新疆维吾尔自治区测绘院", "自治区测绘院"])


def certificate() -> Page:
    p = Page()
    p.text((120, 80), "专业技术资格证书", size=64, font="hei")
    p.text((120, 220), "姓名：王伟    性别：男    出生年月：1988年8月", mark={"name": "王伟", "label": "姓名："})
    p.text((120, 320), f"身份证号：{ID[:6]} {ID[6:14]} {ID[14:]}", mark={"id": f"{ID[:6]} {ID[6:14]} {ID[14:]}"})
    p.text((120, 420), "工作单位：新疆维吾尔自治区测绘院", mark={"unit": "新疆维吾尔自治区测绘院"})
    p.text((120, 520), "兹证明王伟同志具备工程师任职资格，特发此证。", font="kai",
           mark={"name": "王伟"})
    p.text((120, 620), "同组人员：王伟东、李明、王芳（自治区测绘院）",
           mark={"other": "王伟东", "other2": "李明", "unit": "自治区测绘院"})
    return p


def assert_masked_right(mask: np.ndarray, p: Page, boxes: dict[str, list] | None = None) -> None:
    marks = boxes or p.marks
    for label in ("name", "id", "unit"):
        for box in marks.get(label, []):
            assert covered(mask, box) > 0.99, f"{label} at {box} not fully covered"
    for label in ("other", "other2", "label"):
        for box in marks.get(label, []):
            assert covered(mask, box) == 0.0, f"{label} at {box} was masked"


@pytest.mark.slow
def test_masks_name_id_and_unit_on_a_certificate_and_nothing_else(redactor: Redactor) -> None:
    p = certificate()
    res = redactor.redact(p.array(), WANG)
    assert res.needs_masking
    mask = res.mask()
    assert_masked_right(mask, p)
    kinds = sorted(r.kind for r in res.regions)
    assert kinds == ["id_number", "name", "name", "unit", "unit"]
    assert [r.text for r in res.kept] == ["王伟东"]


@pytest.mark.slow
def test_masks_are_tight(redactor: Redactor) -> None:
    p = certificate()
    res = redactor.redact(p.array(), WANG)
    item_area = sum((b[2] - b[0]) * (b[3] - b[1]) for k in ("name", "id", "unit") for b in p.marks[k])
    assert res.mask().sum() <= 1.5 * item_area


@pytest.mark.slow
@pytest.mark.parametrize("k", [1, 2, 3])
def test_masks_land_on_the_ink_of_a_turned_page(redactor: Redactor, k: int) -> None:
    p = certificate()
    turned = np.ascontiguousarray(np.rot90(p.array(), k))
    res = redactor.redact(turned, WANG)
    assert res.masked.shape == turned.shape
    w, h = p.width, p.height
    boxes = {lab: [rotate_box(b, k, w, h) for b in bs] for lab, bs in p.marks.items()}
    assert_masked_right(res.mask(), p, boxes)


@pytest.mark.slow
def test_survives_skew_low_resolution_and_jpeg_noise(redactor: Redactor) -> None:
    from PIL import Image

    p = certificate()
    half = p.image.resize((p.width // 2, p.height // 2), Image.Resampling.BILINEAR)
    angle = 1.5
    arr = jpeg(np.asarray(half.rotate(angle, fillcolor="white", resample=Image.Resampling.BICUBIC)), 40)
    res = redactor.redact(arr, WANG)
    mask = res.mask()
    h, w = arr.shape[:2]
    for label in ("name", "id", "unit"):
        for box in p.marks[label]:
            poly = skewed_polygon([c / 2 for c in box], angle, w, h)
            assert polygon_coverage(mask, poly) > 0.97, f"{label} at {box} not covered"
    for box in p.marks["other"]:
        poly = skewed_polygon([c / 2 for c in box], angle, w, h)
        assert polygon_coverage(mask, poly) < 0.05
    out_gray = np.asarray(Image.fromarray(res.masked).convert("L"))
    assert (out_gray[mask] == 0).all()


def skewed_polygon(box: list[float], angle: float, w: int, h: int) -> np.ndarray:
    """``box`` after PIL's ``rotate(angle)`` about the image centre (counter-clockwise)."""
    x0, y0, x1, y1 = box
    pts = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=float)
    cx, cy = w / 2, h / 2
    a = np.deg2rad(angle)
    dx, dy = pts[:, 0] - cx, pts[:, 1] - cy
    return np.stack([cx + dx * np.cos(a) + dy * np.sin(a), cy - dx * np.sin(a) + dy * np.cos(a)], axis=1)


def polygon_coverage(mask: np.ndarray, poly: np.ndarray) -> float:
    import cv2

    inside = np.zeros(mask.shape, dtype=np.uint8)
    cv2.fillPoly(inside, [np.round(poly).astype(np.int32)], 1)
    sel = inside.astype(bool)
    return float(mask[sel].mean())


@pytest.mark.slow
def test_uyghur_name_with_a_middle_dot_and_a_spaced_name(redactor: Redactor) -> None:
    p = Page(height=500)
    p.text((100, 100), "作者：阿不都热合曼·买买提，王伟东，张　三", mark={"name": "阿不都热合曼·买买提", "other": "王伟东"})
    res = redactor.redact(p.array(), Applicant("阿不都热合曼·买买提"))
    assert_masked_right(res.mask(), p)
    p2 = Page(height=500)
    p2.text((100, 100), "作者：阿不都热合曼·买买提，王伟东，张　三", mark={"name": "张　三", "other": "王伟东"})
    res2 = redactor.redact(p2.array(), Applicant("张三"))
    assert_masked_right(res2.mask(), p2)


@pytest.mark.slow
def test_name_split_across_two_lines_of_a_paragraph(redactor: Redactor) -> None:
    p = Page(height=500)
    p.text((100, 100), "经单位研究决定，该项目的技术负责人由王", mark={"name": "王"})
    p.text((100, 160), "伟同志担任，李明同志协助。", mark={"name": "伟", "other": "李明"})
    res = redactor.redact(p.array(), WANG)
    assert_masked_right(res.mask(), p)


@pytest.mark.slow
def test_masks_the_name_in_pinyin_and_the_units_english_name_on_a_paper(redactor: Redactor) -> None:
    """A paper's English block: WANG Wei, and the institute's English name, known by the
    postcode of the Chinese affiliation where the unit was found. The co-author WANG Weidong
    and the university's affiliation stay visible."""
    p = Page(height=560)
    p.text((100, 40), "王伟¹，王伟东¹，李明²", size=36, mark={"name": "王伟", "other": "王伟东"})
    p.text((100, 110), "（1. 新疆维吾尔自治区测绘院，新疆 乌鲁木齐 830002；2. 新疆大学，新疆 乌鲁木齐 830046）",
           size=26, mark={"unit": "新疆维吾尔自治区测绘院", "other2": "新疆大学"})
    p.text((100, 220), "WANG Wei1, WANG Weidong1, LI Ming2", size=32, font="hei",
           mark={"name": "WANG Wei", "other": "WANG Weidong"})
    p.text((100, 290), "(1. Xinjiang Institute of Surveying and Mapping, Urumqi 830002, China;", size=28,
           font="hei", mark={"unit": "Xinjiang Institute of Surveying and Mapping"})
    p.text((100, 350), "2. Xinjiang University, Urumqi 830046, China)", size=28, font="hei",
           mark={"other2": "Xinjiang University"})
    p.text((100, 430), "Abstract: the method proposed by Wei Wang et al. is tested in Xinjiang.", size=28,
           font="hei", mark={"name": "Wei Wang"})
    res = redactor.redact(jpeg(p.array(), 80), Applicant("王伟", ID, ["新疆维吾尔自治区测绘院"]))
    assert_masked_right(res.mask(), p)


@pytest.mark.slow
def test_masks_the_affiliation_the_applicants_pinyin_name_points_to(redactor: Redactor) -> None:
    """A paper's English title block printed on its last page, without the Chinese one: the
    affiliation numbered as WANG Wei is the applicant's; the co-author's stays visible."""
    p = Page(height=400)
    p.text((100, 40), "WANG Wei1, LI Ming2", size=32, font="hei", mark={"name": "WANG Wei"})
    p.text((100, 110), "(1. Xinjiang Institute of Surveying and Mapping, Urumqi 830002, China;", size=28,
           font="hei", mark={"unit": "Xinjiang Institute of Surveying and Mapping"})
    p.text((100, 170), "2. School of Geodesy and Geomatics, Wuhan University, Wuhan 430079, China)",
           size=28, font="hei", mark={"other": "School of Geodesy and Geomatics, Wuhan University"})
    res = redactor.redact(jpeg(p.array(), 80), Applicant("王伟", ID, ["新疆维吾尔自治区测绘院"]))
    assert_masked_right(res.mask(), p)


@pytest.mark.slow
def test_masks_an_english_affiliation_wrapped_over_two_lines(redactor: Redactor) -> None:
    """The affiliation numbered as WANG Wei breaks inside the unit's name; the postcode's
    line opens with its end, and the city after it stays visible."""
    p = Page(height=400)
    p.text((100, 40), "WANG Wei1, LI Ming2", size=32, font="hei", mark={"name": "WANG Wei"})
    p.text((100, 110), "(1. Xinjiang Uygur Autonomous Region Institute of", size=28, font="hei",
           mark={"unit": "Xinjiang Uygur Autonomous Region Institute of"})
    p.text((100, 160), "Surveying and Mapping, Urumqi 830002, China;", size=28, font="hei",
           mark={"unit": "Surveying and Mapping", "other": "Urumqi"})
    res = redactor.redact(jpeg(p.array(), 80), Applicant("王伟", ID, ["新疆维吾尔自治区测绘院"]))
    assert_masked_right(res.mask(), p)


@pytest.mark.slow
def test_masks_the_applicant_on_an_english_certificate(redactor: Redactor) -> None:
    """An English training certificate: the name in pinyin, the ID number and the value of
    its work-unit field are the applicant's; the body that trained them stays visible."""
    p = Page(height=560)
    p.text((100, 40), "CERTIFICATE OF TRAINING", size=44, font="hei")
    p.text((100, 120), "This is to certify that WANG Wei has completed the course.", size=30,
           font="hei", mark={"name": "WANG Wei"})
    p.text((100, 190), f"ID No.: {ID}", size=30, font="hei", mark={"id": ID})
    p.text((100, 260), "Work Unit: Xinjiang Institute of Surveying and Mapping", size=30, font="hei",
           mark={"unit": "Xinjiang Institute of Surveying and Mapping"})
    p.text((100, 330), "Training Institution: Wuhan University", size=30, font="hei",
           mark={"other": "Wuhan University"})
    res = redactor.redact(jpeg(p.array(), 80), Applicant("王伟", ID, ["新疆维吾尔自治区测绘院"]))
    assert_masked_right(res.mask(), p)


@pytest.mark.slow
def test_masks_either_name_of_a_unit_listed_with_its_second_name_in_brackets(redactor: Redactor) -> None:
    """新疆维吾尔自治区测绘院（新疆维吾尔自治区地理信息中心） is one body under two signs: a
    page may print either name alone, or a short form of either."""
    p = Page(height=620)
    p.text((100, 60), "工作单位：新疆维吾尔自治区测绘院", mark={"unit": "新疆维吾尔自治区测绘院"})
    p.text((100, 160), "推荐单位：新疆维吾尔自治区地理信息中心", mark={"unit": "新疆维吾尔自治区地理信息中心"})
    p.text((100, 260), "新疆维吾尔自治区测绘院（新疆维吾尔自治区地理信息中心）", size=34,
           mark={"unit": "新疆维吾尔自治区测绘院（新疆维吾尔自治区地理信息中心）"})
    p.text((100, 360), "盖章单位：自治区地理信息中心", mark={"unit": "自治区地理信息中心"})
    p.text((100, 460), "协作单位：新疆维吾尔自治区地震局", mark={"other": "新疆维吾尔自治区地震局"})
    applicant = Applicant("王伟", ID, ["新疆维吾尔自治区测绘院（新疆维吾尔自治区地理信息中心）"])
    assert_masked_right(redactor.redact(p.array(), applicant).mask(), p)


@pytest.mark.slow
def test_masks_the_units_short_forms_the_applicant_did_not_list(redactor: Redactor) -> None:
    """Only the full name given: 新疆测绘院 and 自治区测绘院 are the same unit on a letter.
    A sibling unit's short form stays; with ``short_unit_names=False`` only what is listed
    is masked."""
    from redact import Settings

    p = Page(height=500)
    p.text((100, 100), "工作单位：新疆测绘院", mark={"unit": "新疆测绘院"})
    p.text((100, 200), "推荐单位：自治区测绘院", mark={"unit": "自治区测绘院"})
    p.text((100, 300), "协作单位：新疆地震局", mark={"other": "新疆地震局"})
    applicant = Applicant("王伟", ID, ["新疆维吾尔自治区测绘院"])
    assert_masked_right(redactor.redact(p.array(), applicant).mask(), p)
    listed_only = Redactor(Settings(short_unit_names=False), engine=redactor.engine)
    assert listed_only.redact(p.array(), applicant).regions == ()


@pytest.mark.slow
@pytest.mark.parametrize("font", ["ming", "kai"])
def test_masks_a_dotted_name_and_the_unit_printed_in_columns(redactor: Redactor, font: str) -> None:
    """A vertical honour certificate: its columns make the page read turned, and the name's
    middle dot comes back from the turned column as a doubtful ，or ．."""
    p = Page(height=1200)
    name = "阿不都热合曼·买买提"
    for x, text, mark in ((1400, "荣誉证书", {}), (1280, f"授予{name}同志", {"name": name}),
                          (1160, "二〇二二年度优秀共产党员称号", {}),
                          (1040, "新疆维吾尔自治区测绘院", {"unit": "新疆维吾尔自治区测绘院"}),
                          (920, "推荐人王建军", {"other": "王建军"})):
        p.column((x, 100), text, size=44, font=font, mark=mark)
    res = redactor.redact(jpeg(p.array(), 60), Applicant(name, ID, ["新疆维吾尔自治区测绘院"]))
    assert_masked_right(res.mask(), p)


def watermarked(image: np.ndarray, text: str, grey: tuple[int, int, int], degrees: float,
                size: int) -> np.ndarray:
    """``image`` under ``text`` repeated in rows turned by ``degrees``, in ``grey``, over
    everything (an applicant's "仅供职称申报使用" across a scan)."""
    from PIL import Image, ImageDraw, ImageFont

    from .drawing import FONTS

    h, w = image.shape[:2]
    layer = Image.new("L", (2 * w, 2 * h), 0)
    draw, font = ImageDraw.Draw(layer), ImageFont.truetype(FONTS["hei"], size)
    for row, y in enumerate(range(0, 2 * h, int(3.5 * size))):
        for x in range(0, 2 * w, int(font.getlength(text) + 2 * size)):
            draw.text((x + row % 2 * 3 * size, y), text, font=font, fill=255)
    layer = layer.rotate(degrees, resample=Image.BILINEAR).crop((w // 2, h // 2, w // 2 + w, h // 2 + h))
    alpha = np.asarray(layer, np.float32)[..., None] / 255.0
    return (image * (1 - alpha) + np.array(grey, np.float32) * alpha).astype(np.uint8)


@pytest.mark.slow
@pytest.mark.parametrize("grey, degrees", [((170, 170, 170), -25.0), ((235, 190, 190), 35.0)])
def test_masks_the_applicant_on_a_page_under_a_watermark(
        redactor: Redactor, grey: tuple[int, int, int], degrees: float) -> None:
    """A watermark's turned lines fused with the text they crossed, and the name, ID and unit
    went unread; the page is read again without the watermark's lighter ink."""
    p = certificate()
    image = jpeg(watermarked(p.array(), "仅供职称申报使用", grey, degrees, 60), 70)
    assert_masked_right(redactor.redact(image, WANG).mask(), p)


@pytest.mark.slow
def test_a_page_without_the_applicant_needs_no_masking(redactor: Redactor) -> None:
    p = Page(height=500)
    p.text((100, 100), "关于做好2023年度职称评审工作的通知", size=48, font="hei")
    p.text((100, 200), "各有关单位：现将有关事项通知如下，王伟东同志负责联络。", mark={"other": "王伟东"})
    res = redactor.redact(p.array(), WANG)
    assert not res.needs_masking
    assert res.regions == ()
    assert np.array_equal(res.masked, p.array())


def seal_page() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A page with the applicant's unit seal over text and a school's seal beside it."""
    from .test_seals import OTHER_UNIT, UNIT, draw_seal

    p = Page(width=1654, height=1100)
    p.text((120, 120), "年度考核登记表", size=56, font="hei")
    p.text((120, 700), "单位（盖章）            考核小组（盖章）")
    own = draw_seal(p.image, (420, 720), 170, 170, UNIT, inner="人事专用章")
    other = draw_seal(p.image, (1150, 720), 160, 160, OTHER_UNIT)
    return p.array(), own, other


@pytest.mark.slow
def test_masks_the_unit_signed_under_its_solid_seal_on_a_greyscale_letter(redactor: Redactor) -> None:
    """A greyscale scan of a letter: the unit's seal, stamped solid, turns darker grey than
    the school's beside it and lies over the unit's printed name. The seal is found though
    the school's was found first, and the name is read whole though the seal's blob took
    its head."""
    from .test_seals import OTHER_UNIT, UNIT, draw_seal

    p = Page(width=1654, height=1500)
    p.text((150, 250), "兹证明王伟同志自2010年7月起在我单位从事测绘工作。", size=32)
    p.text((1000, 800), UNIT, size=32, mark={"unit": UNIT})
    p.text((1080, 860), "2023年5月10日", size=32)
    own = draw_seal(p.image, (1216, 840), 159, 159, UNIT, angle=-12, inner="人事专用章")
    draw_seal(p.image, (600, 1150), 140, 140, OTHER_UNIT, strength=0.8, seed=3)
    grey = np.asarray(p.image.convert("L").convert("RGB"))
    mask = redactor.redact(jpeg(grey, 75), WANG).mask()
    assert_masked_right(mask, p)
    assert float(mask[own > 0].mean()) > 0.9


@pytest.mark.slow
def test_masks_the_applicants_unit_seal_text_and_leaves_another_units_seal(redactor: Redactor) -> None:
    image, own, other = seal_page()
    res = redactor.redact(image, WANG)
    mask = res.mask()
    seal_regions = [r for r in res.regions if r.kind == "seal"]
    assert len(seal_regions) == 1
    assert mask[own > 0].mean() > 0.97, "the unit name on the applicant's seal is hidden"
    assert mask[other > 0].mean() == 0.0, "another unit's seal stays visible"
    assert [r.kind for r in res.kept if r.source == "seal"] == ["other_seal"]
    assert res.needs_masking
    # An annulus sector, not a rectangle over the seal.
    x0, y0, x1, y1 = seal_regions[0].box
    assert mask[y0:y1, x0:x1].mean() < 0.6


@pytest.mark.slow
def test_a_seal_whose_owner_cannot_be_told_is_masked_when_the_seal_policy_says_mask(
        redactor: Redactor, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unreadable seal on a page that names another unit too: left for review by
    default, masked (with a note saying why) under ``seal_policy="mask"``."""
    from redact import Settings, seals

    from .test_seals import UNIT, draw_seal

    p = Page(width=1654, height=1100)
    p.text((120, 300), "考核组成员来自新疆大学测绘学院")
    p.text((120, 700), "填报单位（盖章）：新疆维吾尔自治区测绘院")
    ink = draw_seal(p.image, (420, 720), 170, 170, UNIT)
    monkeypatch.setattr(seals, "read_seal", lambda *a, **k: seals.SealReading(
        "口口", (), 0.2, (0.55, 0.9), (135.0, 405.0)))
    masking = Redactor(Settings(seal_policy="mask"), engine=redactor.engine)
    res = masking.redact(p.array(), WANG)
    (seal,) = [r for r in res.regions if r.kind == "seal"]
    assert "masked by policy" in seal.note and not res.needs_review
    assert res.mask()[ink > 0].mean() > 0.5
    assert [r for r in redactor.redact(p.array(), WANG).regions if r.kind == "seal"] == []


@pytest.mark.slow
@pytest.mark.parametrize(("other_unit", "label", "tail"), [
    ("", "填报单位（盖章）：", ""),
    ("考核组成员来自新疆大学测绘学院", "填报单位（盖章）：", ""),
    ("参加自治区测绘地理信息继续教育基地举办的培训", "填报单位（盖章）：", ""),  # a training body
    ("", "编制单住：", ""),   # 单位 as the recogniser often misreads it
    ("", "", "（章)"),        # the stamp's label after the name, its 盖 lost to the seal
])
def test_an_unreadable_seal_on_the_units_signing_line_of_its_own_paper_is_masked(
        redactor: Redactor, monkeypatch: pytest.MonkeyPatch, other_unit: str, label: str,
        tail: str) -> None:
    from redact import seals

    from .test_seals import UNIT, draw_seal

    p = Page(width=1654, height=1100)
    p.text((120, 120), "新疆维吾尔自治区测绘院2022年度考核结果花名册", size=48, font="hei")
    if other_unit:
        p.text((120, 300), other_unit)
    p.text((120, 700), label + "新疆维吾尔自治区测绘院" + tail)
    own = draw_seal(p.image, (420, 720), 170, 170, UNIT)
    # However the ring is drawn, it reads as nothing.
    monkeypatch.setattr(seals, "read_seal", lambda *a, **k: seals.SealReading(
        "口口", (), 0.2, (0.55, 0.9), (135.0, 405.0)))
    res = redactor.redact(p.array(), WANG)
    masked_seals = [r for r in res.regions if r.kind == "seal"]
    if other_unit:
        # Another unit on the page: whose seal it is stays the reviewer's call.
        assert not masked_seals and res.needs_review
        assert [r.kind for r in res.kept if r.source == "seal"] == ["unread_seal"]
    else:
        assert len(masked_seals) == 1 and "stamped on the unit's line" in masked_seals[0].note
        assert res.mask()[own > 0].mean() > 0.97


@pytest.mark.slow
@pytest.mark.parametrize(("reading", "masked"), [
    ("69新疆维次自区国意中心0", True),   # the unit's own seal, read badly (0.34)
    ("乌鲁木齐市第一中学", False),       # read clearly as another body's
])
def test_a_badly_read_seal_on_the_units_signing_line_of_its_own_paper_is_the_units(
        redactor: Redactor, monkeypatch: pytest.MonkeyPatch, reading: str, masked: bool) -> None:
    """A labour contract of the unit, its seal on 甲方（盖章）: read with half its characters
    wrong, the seal is still the unit's; a seal read clearly as another's is kept."""
    from redact import seals

    from .test_seals import draw_seal

    unit = "新疆维吾尔自治区国土资源信息中心"
    applicant = Applicant("古丽娜尔·艾则孜", None, [unit, "国土资源信息中心"])
    p = Page(width=1654, height=1100)
    p.text((120, 120), "劳动合同书", size=48, font="hei")
    p.text((120, 300), "甲方：" + unit)
    p.text((120, 700), "甲方（盖章）：" + unit)
    own = draw_seal(p.image, (420, 720), 170, 170, unit)
    monkeypatch.setattr(seals, "read_seal", lambda *a, **k: seals.SealReading(
        reading, (), 0.9, (0.55, 0.9), (135.0, 405.0)))
    res = redactor.redact(p.array(), applicant)
    if masked:
        (seal,) = [r for r in res.regions if r.kind == "seal"]
        assert "stamped on the unit's line" in seal.note
        assert res.mask()[own > 0].mean() > 0.97
    else:
        assert [r.kind for r in res.kept if r.source == "seal"] == ["other_seal"]


@pytest.mark.slow
@pytest.mark.parametrize(("reading", "sure", "signed", "kept"), [
    ("新疆唯吾尔自区测经", 0.66, "新疆测绘院", None),        # the unit's, garbled by the print
    ("新疆唯吾尔自区测经", 0.66, None, "unread_seal"),      # nothing signed on it: for review
    ("新疆维吾尔自治区地质调查院", 0.9, "新疆测绘院", "other_seal"),  # a sibling body's (0.47)
    ("", 0.0, "新疆测绘院", None),                         # read as nothing, the unit signed on it
    ("", 0.0, None, "unread_seal"),
    ("", 0.0, "协助新疆测绘院", "unread_seal"),             # the unit in words on it: for review
    ("", 0.0, "C治区则绘院", None),     # its alias alone, garbled in places by the seal's ink
    ("", 0.0, "C治区地质院", "unread_seal"),               # another body's word in it
])
def test_a_seal_read_close_to_the_unit_with_the_units_name_signed_on_it_is_the_units(
        redactor: Redactor, monkeypatch: pytest.MonkeyPatch, reading: str, sure: float,
        signed: str | None, kept: str | None) -> None:
    """A project report names several units; the applicant's seal is stamped over 新疆测绘院
    | 2017年8月, whose print garbles the lettering under it (0.56 against the unit, short of
    the 0.6 a seal needs alone). The name signed on the seal says whose it is; on a seal
    read as nothing, only the unit's name signed alone does (fresh set 4949), garbled by the
    ink as it may be (C资派信息中心 for 国土资源信息中心, fresh set 5858)."""
    from redact import seals

    from .test_seals import draw_seal

    applicant = Applicant("叶尔江·别克", None, ["新疆维吾尔自治区测绘院", "自治区测绘院", "新疆测绘院"])
    p = Page(width=1654, height=1300)
    p.text((120, 120), "项目主要参加人员", size=48, font="hei")
    p.text((120, 260), "1 吐尔洪 阿克苏地区自然资源局 工程师")
    p.text((120, 340), "2 叶尔江·别克 新疆测绘院 助理工程师")
    p.text((120, 420), "3 丁师师 新疆维吾尔自治区地质调查院 工程师")
    own = draw_seal(p.image, (1000, 900), 165, 165, "新疆维吾尔自治区测绘院")
    if signed:
        p.text((1180 - 40 * len(signed), 880), signed)
    else:
        p.text((120, 1180), "编制：新疆测绘院")
    p.text((1100, 960), "2017年8月")
    monkeypatch.setattr(seals, "read_seal", lambda *a, **k: seals.SealReading(
        reading, (), sure, (0.55, 0.9), (135.0, 405.0)))
    res = redactor.redact(p.array(), applicant)
    if kept is None:
        (seal,) = [r for r in res.regions if r.kind == "seal"]
        assert "signed on it" in seal.note
        assert res.mask()[own > 0].mean() > 0.97
    else:
        assert [r for r in res.regions if r.kind == "seal"] == []
        assert [r.kind for r in res.kept if r.source == "seal"] == [kept]


def _team_report(unit: str) -> tuple[Page, np.ndarray]:
    """A project report's team page naming other units (so where a seal lies says nothing)
    with ``unit``'s seal at (1000, 900); the seal's ink mask."""
    from .test_seals import draw_seal

    p = Page(width=1654, height=1300)
    p.text((120, 120), "项目主要参加人员", size=48, font="hei")
    p.text((120, 260), "1 金鹏宁 长安大学地质工程与测绘学院 工程师")
    p.text((120, 340), "2 严永 中国地质调查局乌鲁木齐自然资源综合调查中心 工程师")
    return p, draw_seal(p.image, (1000, 900), 165, 165, unit)


def _signed_team_report(redactor: Redactor, monkeypatch: pytest.MonkeyPatch,
                        applicant: Applicant, signed: Sequence[tuple[int, str]], reading: str,
                        score: float) -> tuple[RedactResult, np.ndarray]:
    """``_team_report`` for the applicant's first unit with ``signed`` texts printed on the
    seal at ``(x, 880)`` and a date under them, the seal read as ``reading`` with mean
    confidence ``score``: the result, and the seal's ink mask."""
    from redact import seals

    p, own = _team_report(applicant.units[0])
    for x, text in signed:
        p.text((x, 880), text)
    p.text((1000, 960), "2020年10月")
    monkeypatch.setattr(seals, "read_seal", lambda *a, **k: seals.SealReading(
        reading, (), score, (0.55, 0.9), (135.0, 405.0)))
    return redactor.redact(p.array(), applicant), own


def _masked_as_own_seal(res: RedactResult, own: np.ndarray, note: str,
                        signed: tuple[int, int] | None = None) -> None:
    """The seal is masked as the unit's with ``note``; and the name signed on it at ``x``,
    ``n`` characters of 32 px (``signed``: ``(x, n)``), as the unit."""
    (seal,) = [r for r in res.regions if r.kind == "seal"]
    assert note in seal.note
    assert res.mask()[own > 0].mean() > 0.97
    if signed is not None:
        x, n = signed
        (unit,) = [r for r in res.regions if r.kind == "unit"]
        assert unit.box[0] <= x + 5 and unit.box[2] >= x + n * 32 - 8


@pytest.mark.slow
@pytest.mark.parametrize(("printed", "witnessed"), [
    ("新疆生产建吴团勘旭划开究院", True),    # garbled elsewhere than the arc: together the unit
    ("新疆生产建设兵团第二勘测院", False),   # a sibling's name: the seal stays for review
])
def test_a_seal_and_the_print_on_it_garbled_each_its_own_way_show_the_unit_together(
        redactor: Redactor, monkeypatch: pytest.MonkeyPatch, printed: str, witnessed: bool) -> None:
    """A project report's seal read 新疆三产建设兵生期换规划设计员究展 (a run of three slips,
    which a sibling's word would make too) over its name signed 新疆生产建吴团勘旭划开究院:
    each reading alone is too far from 新疆生产建设兵团勘测规划设计研究院, but together they
    read all of it but two characters (fresh set 4949: seal and name 0%)."""
    applicant = Applicant("阿卜杜拉·阿不都拉", None, ["新疆生产建设兵团勘测规划设计研究院", "兵团勘测院"])
    res, own = _signed_team_report(redactor, monkeypatch, applicant, [(760, printed)],
                                   "新疆三产建设兵生期换规划设计员究展", 0.6)
    if witnessed:
        _masked_as_own_seal(res, own, "together with the print on it", (760, 13))
    else:
        assert [r for r in res.regions if r.kind == "seal"] == []
        assert [r.kind for r in res.kept if r.source == "seal"] == ["unread_seal"]


@pytest.mark.slow
def test_a_seal_read_short_of_the_unit_over_its_name_in_pieces_shows_the_unit_with_them(
        redactor: Redactor, monkeypatch: pytest.MonkeyPatch) -> None:
    """A project report's seal read 新疆维吾尔自治又一给院 (0.46, 第 lost) over its alias signed
    in pieces the ink left, 治区 | 绘院: the row read as one and the seal together show
    自治区第一测绘院 but for 第 and 测 (fresh set 8686: seal and name 0%)."""
    applicant = Applicant("龙荣", None, ["新疆维吾尔自治区第一测绘院", "自治区第一测绘院"])
    res, own = _signed_team_report(redactor, monkeypatch, applicant,
                                   [(880, "治区"), (1040, "绘院")], "新疆维吾尔自治又一给院", 0.5)
    _masked_as_own_seal(res, own, "together with the print on it")


@pytest.mark.slow
@pytest.mark.parametrize(("reading", "signed", "masked"), [
    ("新疆生产建设兵质就退规划设计研究院", "兵測院", True),   # 团勘 lost under the ink
    ("新疆生产建设兵质就退规划设计研究院", "兵团则测院", True),  # 勘 garbled by it (5730)
    ("新疆生产建设兵质就退规划设计研究院", "兵团设计院", False),  # another's word: 设计 for 勘测
    ("新疆生产建设兵团第三规划设计研究院", "兵测院", False),  # a sibling's number in its arc
])
def test_a_seal_read_as_the_unit_but_for_a_run_of_slips_with_its_alias_signed_on_it_is_the_units(
        redactor: Redactor, monkeypatch: pytest.MonkeyPatch, reading: str, signed: str,
        masked: bool) -> None:
    """A project report's seal read 新疆生产建设兵质就退规划设计研究院 (0.80 against the unit,
    but three slips in a row, as a sibling's word would be) over the unit's alias signed
    兵測院, its 团勘 lost under the ink: the seal and the name are the unit's (fresh set 3210,
    both 0%)."""
    applicant = Applicant("上官新志", None, ["新疆生产建设兵团勘测规划设计研究院", "兵团勘测院"])
    # Read with confidence: what the arc says counts (a seal read as nothing with the unit's
    # name signed alone on it is the unit's whatever it says).
    res, own = _signed_team_report(redactor, monkeypatch, applicant, [(940, signed)], reading, 0.8)
    if masked:
        _masked_as_own_seal(res, own, "signed on it", (940, 3))
    else:
        assert [r for r in res.regions if r.kind == "seal"] == []


@pytest.mark.slow
@pytest.mark.parametrize(("reading", "masked"), [
    ("中国国建集团西汇达美设计研究院有限公司", True),   # 北 read as a glyph that is no direction
    ("中国电建集团西南勘测设计研究院有限公司", False),  # a sibling's direction in its arc
])
def test_a_blurred_seal_over_its_unit_signed_in_pieces_is_the_units_whatever_glyph_took_a_direction(
        redactor: Redactor, monkeypatch: pytest.MonkeyPatch, reading: str, masked: bool) -> None:
    """A blurred project report's seal read 中国国建集团西汇达美设计研究院有限公司 (0.81 to the
    unit; 北 read as 汇) over the unit's name signed beneath it, which the ink left in pieces
    中国电建集 | P | 化勘 | 限公司: the seal was kept as another unit's, and the name with it
    (fresh set 8462, both 0%). Here the pieces are 中国电建集 | 限公司."""
    applicant = Applicant("武晨华", None, ["中国电建集团西北勘测设计研究院有限公司", "西北院"])
    res, own = _signed_team_report(redactor, monkeypatch, applicant,
                                   [(870, "中国电建集"), (1110, "限公司")],
                                   reading, 0.8)
    if masked:
        _masked_as_own_seal(res, own, "signed on it")
    else:
        assert [r for r in res.regions if r.kind == "seal"] == []


@pytest.mark.slow
def test_a_seal_that_cannot_be_told_from_a_siblings_over_the_units_head_is_left_for_review(
        redactor: Redactor, monkeypatch: pytest.MonkeyPatch) -> None:
    """A project report's seal read 中国电建集团区加设计研务有限公司 (西北 garbled) over
    中国电建集团, all of the name the ink left, on a page whose team list may name the sibling
    中南院: it stays visible, as neither tells the unit from the sibling, but the page is
    flagged for review (seed 7160: kept without a flag)."""
    applicant = Applicant("武晨华", None, ["中国电建集团西北勘测设计研究院有限公司", "西北院"])
    res, _ = _signed_team_report(redactor, monkeypatch, applicant, [(870, "中国电建集团")],
                                 "中国电建集团区加设计研务有限公司", 0.76)
    assert [r for r in res.regions if r.kind == "seal"] == []
    assert res.needs_review
    assert any("left visible for review" in w for w in res.warnings)


@pytest.mark.slow
def test_a_seal_far_bigger_than_a_seal_is_not_masked_for_where_it_lies(
        redactor: Redactor, monkeypatch: pytest.MonkeyPatch) -> None:
    """A "seal" 1,100 px across beside 40 px text (a frame found as a ring on a grey scan):
    not masked as the unit's for lying on its signing line."""
    from redact import seals

    p = Page(width=1654, height=1600)
    p.text((120, 120), "新疆维吾尔自治区测绘院2022年度考核结果花名册", size=48, font="hei")
    p.text((120, 700), "填报单位（盖章）：新疆维吾尔自治区测绘院")
    giant = seals.SealCandidate((827.0, 800.0), (550.0, 550.0), 0.0, (277, 250, 1377, 1350),
                                0.5, "grey")
    monkeypatch.setattr(seals, "find_seals", lambda *a, **k: [giant])
    monkeypatch.setattr(seals, "read_seal", lambda *a, **k: seals.SealReading(
        "口口", (), 0.2, (0.55, 0.9), (135.0, 405.0)))
    res = redactor.redact(p.array(), WANG)
    assert [r for r in res.regions if r.kind == "seal"] == []
    assert res.mask().mean() < 0.05


@pytest.mark.slow
def test_masks_the_whole_pasted_photo_and_no_photo_on_a_text_page(redactor: Redactor) -> None:
    data = pytest.importorskip("skimage.data")
    from PIL import Image

    face = Image.fromarray(data.astronaut()).crop((120, 0, 300, 240)).resize((210, 280))
    p = certificate()
    p.image.paste(face, (1300, 200))
    res = redactor.redact(p.array(), WANG)
    photos = [r for r in res.regions if r.kind == "photo"]
    assert len(photos) == 1
    assert covered(res.mask(), (1300, 200, 1510, 480)) > 0.99
    x0, y0, x1, y1 = photos[0].box
    # This paste has no frame, so the box comes from head-and-shoulders proportions: allow some slack.
    assert (x1 - x0) * (y1 - y0) <= 2.0 * 210 * 280
    assert not [r for r in redactor.redact(certificate().array(), WANG).regions if r.kind == "photo"]


def _photo_under_a_line(line: TextLine) -> tuple[np.ndarray, PageText]:
    """A certificate with a portrait pasted at (216, 366), 195 x 264 px, four lines of 34 px
    print beside it, and ``line`` (over the face): the page's pixels and its read lines."""
    from PIL import Image

    data = pytest.importorskip("skimage.data")
    face = Image.fromarray(data.astronaut()).crop((120, 0, 300, 240)).resize((195, 264))
    p = certificate()
    p.image.paste(face, (216, 366))
    print_lines = [_line("学生王伟，性别男，一九九零年五月生", 480, 370 + 70 * k, 34, 34)
                   for k in range(4)]
    lines = (*print_lines, line)
    return p.array(), PageText(lines, 0, lines)


@pytest.mark.parametrize("seal, found", [((217, 469, 525, 720), True),
                                         ((900, 900, 1200, 1150), False)])
def test_a_seals_arc_read_as_a_line_across_a_photos_face_does_not_hide_the_photo(
        seal: Box, found: bool) -> None:
    """A school's seal stamped over a diploma photo's corner: its lettering, read as one
    line, spans the arc's chord, twice the print's height, over half the face. A line as
    tall that lies on no seal still rules the face out."""
    from redact import photos

    arc = TextLine("天学", ((263, 464), (500, 464), (500, 538), (263, 538)), 0.6, ())
    image, page = _photo_under_a_line(arc)
    cands = photos.face_candidates(image, [seal])
    assert cands.faces
    got = Redactor._photos(page, cands, [seal])
    assert bool(got) == found
    if found:
        assert share_inside((216, 366, 411, 630), got[0].box) > 0.99


@pytest.mark.parametrize("rise, found", [(55, True), (0, False)])
def test_a_tilted_arc_over_a_face_does_not_hide_the_photo_where_its_seal_was_not_found(
        rise: int, found: bool) -> None:
    """A grey seal over a grey scan's diploma photo, not found: its lettering 海大学 read as
    a line twice the print's height, 13 degrees off the page's level, over the face (seed
    8372, photo 0%). Print runs level; as tall a level line still rules the face out."""
    from redact import photos

    arc = TextLine("海大学", ((263, 464), (500, 464 + rise), (500, 538 + rise), (263, 538)),
                   0.6, ())
    image, page = _photo_under_a_line(arc)
    cands = photos.face_candidates(image, [])
    assert cands.faces
    assert bool(Redactor._photos(page, cands, [])) == found


@pytest.mark.parametrize("read, found", [("U", True), ("天学", False), ("天", False)])
def test_a_lone_letter_read_on_a_face_does_not_hide_the_photo(read: str, found: bool) -> None:
    """A small upside-down photo's mouth and chin read as a line "U", over twice the print's
    height (seed 1346, photo 0%): a lone letter is the detector misfiring on the picture. As
    tall a line of Chinese, even one character, still rules the face out."""
    from redact import photos

    misfire = TextLine(read, ((263, 464), (380, 464), (380, 538), (263, 538)), 0.6, ())
    image, page = _photo_under_a_line(misfire)
    cands = photos.face_candidates(image, [])
    assert cands.faces
    assert bool(Redactor._photos(page, cands, [])) == found


@pytest.mark.slow
@pytest.mark.parametrize("turns", [0, 1])
def test_a_photo_looked_for_beside_the_seals_is_masked_as_one_looked_for_in_turn(
        redactor: Redactor, turns: int) -> None:
    """Face candidates are looked for on the page as given beside the seals; a turned page
    looks again on its upright image. Either way the result is that of one thread."""
    from PIL import Image

    from redact import Settings

    data = pytest.importorskip("skimage.data")
    face = Image.fromarray(data.astronaut()).crop((120, 0, 300, 240)).resize((210, 280))
    p = certificate()
    p.image.paste(face, (1300, 200))
    image = np.ascontiguousarray(np.rot90(p.array(), turns))
    in_turn = Redactor(Settings(threads=1), engine=redactor.engine)
    a, b = redactor.redact(image, WANG), in_turn.redact(image, WANG)
    assert a.rotation == b.rotation == (4 - turns) % 4
    assert (a.regions, a.kept, a.warnings) == (b.regions, b.kept, b.warnings)
    assert [r.kind for r in a.regions].count("photo") == 1


@pytest.mark.slow
def test_leaves_the_photo_on_a_colleagues_certificate_visible(redactor: Redactor) -> None:
    data = pytest.importorskip("skimage.data")
    from PIL import Image

    face = Image.fromarray(data.astronaut()).crop((120, 0, 300, 240)).resize((210, 280))
    p = Page()
    p.text((120, 80), "专业技术资格证书", size=64, font="hei")
    p.text((120, 220), "姓名：严志平    性别：男", mark={"other": "严志平"})
    p.text((120, 320), "工作单位：西北勘测设计研究院")
    p.image.paste(face, (1300, 200))
    res = redactor.redact(p.array(), WANG)
    assert not res.needs_masking and not res.regions
    kept = [r for r in res.kept if r.kind == "other_photo"]
    assert len(kept) == 1 and kept[0].text == "严志平"
    assert any("left visible" in w for w in res.warnings), "the reviewer is told"
    # the applicant's own certificate with the same photo: masked
    mine = certificate()
    mine.image.paste(face, (1300, 200))
    assert [r for r in redactor.redact(mine.array(), WANG).regions if r.kind == "photo"]


def registration_form(holder: str) -> tuple[Page, Box]:
    """A table form: each label in a cell and its value in a wide cell after it, a colleague's
    name as far from its 姓名 label as the value cell is wide; a photo in the last column."""
    data = pytest.importorskip("skimage.data")
    from PIL import Image, ImageDraw

    p = Page(height=1000)
    draw = ImageDraw.Draw(p.image)
    fields = [("姓名", holder), ("性别", "男"), ("出生年月", "1985年3月"),
              ("工作单位", "新疆维吾尔自治区测绘院"), ("职务", "工程师")]
    for k, (label, value) in enumerate(fields):
        y = 200 + 80 * k
        draw.rectangle((120, y, 1100, y + 80), outline="black", width=2)
        draw.line((380, y, 380, y + 80), fill="black", width=2)
        p.text((140, y + 22), label, size=32)
        p.text((400, y + 22), value, size=32)
    face = Image.fromarray(data.astronaut()).crop((120, 0, 300, 240)).resize((200, 280))
    p.image.paste(face, (1200, 260))
    return p, (1200, 260, 1400, 540)


@pytest.mark.slow
def test_leaves_the_photo_on_a_colleagues_form_at_the_applicants_unit_visible(
        redactor: Redactor) -> None:
    """Her form names the applicant's unit, but its 姓名 cell names her: the photo is hers."""
    p, photo = registration_form("李四")
    res = redactor.redact(p.array(), WANG)
    assert covered(res.mask(), photo) == 0.0
    assert [r.text for r in res.kept if r.kind == "other_photo"] == ["李四"]
    mine, photo = registration_form("王伟")
    assert covered(redactor.redact(mine.array(), WANG).mask(), photo) > 0.99


@pytest.mark.slow
def test_verification_pass_finds_an_item_the_first_pass_missed(redactor: Redactor) -> None:
    from redact.reading import read_page
    from redact.verify import verify_page

    p = certificate()
    page = read_page(redactor.engine, p.array())
    # A first pass that found nothing: the whole page is still readable.
    v = verify_page(redactor.engine, p.array(), page.upright_lines, [], WANG)
    kinds = sorted({r.kind for r in v.regions})
    assert kinds == ["id_number", "name", "unit"]
    assert all(r.source == "verify" for r in v.regions)
    from redact.render import mask_raster

    mask = mask_raster(p.array().shape, v.regions)
    for box in p.marks["name"] + p.marks["id"]:
        assert covered(mask, box) > 0.99
    for box in p.marks["other"]:
        assert covered(mask, box) == 0.0


@pytest.mark.slow
def test_verified_page_reports_nothing_left(redactor: Redactor) -> None:
    from redact import Settings

    verifying = Redactor(Settings(verify=True), engine=redactor.engine)
    res = verifying.redact(certificate().array(), WANG)
    assert res.verified is True
    assert not [r for r in res.regions if r.source == "verify"]
    assert res.to_dict()["verified"] is True



def _line(text: str, x0: float, y0: float, pitch: float = 30.0, h: float = 40.0) -> TextLine:
    chars = tuple(CharBox(c, ((x0 + k * pitch, y0), (x0 + (k + 1) * pitch, y0),
                              (x0 + (k + 1) * pitch, y0 + h), (x0 + k * pitch, y0 + h)), 0.9)
                  for k, c in enumerate(text))
    x1 = x0 + len(text) * pitch
    return TextLine(text, ((x0, y0), (x1, y0), (x1, y0 + h), (x0, y0 + h)), 0.9, chars)


def test_a_cells_wrapped_end_continues_it_where_the_next_rows_cell_was_taken_instead() -> None:
    """中国电建集团西北勘测设计研究院有限公 | 司 in a rotated report's table, the cell's 司
    wrapped under its start: the next row's cell, the same unit, was taken for the line's
    continuation, and only the alias inside was masked (seed 5023, 51%)."""
    from redact.reading import PageText

    unit = "中国电建集团西北勘测设计研究院有限公司"
    cell = _line(unit[:-1], 100, 300, pitch=20, h=30)
    below = _line(unit[:-1], 100, 372, pitch=20, h=30)
    tail = _line("司", 100, 336, pitch=20, h=30)
    lines = (cell, below, tail)
    page = PageText(lines, 0, lines)
    assert page.wrapped_tails == [(0, 2)]
    page.__dict__["continuations"] = [(0, 1)]  # as the rotated table's geometry gave it
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    found = redactor.find_text(page, Applicant("某某某", None, [unit, "西北勘测设计研究院"]))
    assert any(m.masked and m.kind == "unit" and [sp.line for sp in m.spans] == [0, 2]
               for m in found)


def test_a_starred_id_whose_middle_stars_were_lost_and_the_unit_wrapped_after_it() -> None:
    """学员黄林（身份证号：652901 | ***929X），工作单位：自治区 / 测绘院，于… on a training
    certificate (seed 6143, ID and unit 0%): the detector dropped five of the eight stars,
    leaving a gap of 2.5 line heights, too wide for the next piece of one row; the row's
    last piece is where the paragraph's next line goes on, the unit wrapped into it."""

    applicant = Applicant("黄林", "65290119900330929X", ["新疆维吾尔自治区测绘院", "自治区测绘院"])
    head = _line("学员黄林（身份证号：652901", 408, 641, pitch=43, h=51)
    tail = _line("***929X），工作单位：自治区", 1237, 641, pitch=43, h=51)
    nxt = _line("测绘院，于2022年2月参加新疆维吾尔自治区人力资源和社会保障厅举办的培训", 336, 717,
                pitch=44, h=51)
    lines = (head, tail, nxt)
    assert _masked_on(applicant, "id_number", *lines) == ["652901***929X"]
    assert _masked_on(applicant, "unit", *lines) == ["自治区测绘院"]
    # Someone else's number, its head not the applicant's, stays as it is.
    other = _line("学员黄林（身份证号：653101", 408, 641, pitch=43, h=51)
    assert _masked_on(applicant, "id_number", other, tail, nxt) == []


def test_the_words_before_the_stamps_mark_under_the_units_seal_are_the_unit_read_short() -> None:
    """台区测 | (盖章) under the unit's own seal for 自治区测绘院（盖章） (seed 1598, 44%): what
    stands before the stamp's mark is the body stamping there, when most of it is the
    unit's characters with two of its name in a row. A label, or another body's words, is
    not."""
    from redact.pipeline import _signed_before_mark

    units = ["新疆维吾尔自治区测绘院", "自治区测绘院"]
    assert _signed_before_mark("台区测(盖章)", units) == (0, 3)
    assert _signed_before_mark("台区测 （盖章）", units) == (0, 3)
    assert _signed_before_mark("填报单位（盖章）", units) is None
    assert _signed_before_mark("人力资源（盖章）", units) is None
    assert _signed_before_mark("区台测(盖章)", units) is None    # no two of its name in a row
    assert _signed_before_mark("台区测", units) is None          # no stamp's mark


def _masked_on(applicant: Applicant, kind: str, *lines: TextLine,
               size: tuple[int, int] = (0, 0)) -> list[str]:
    """The texts of ``kind`` that ``find_text`` masks on an upright page of ``lines``."""
    from redact.reading import PageText

    page = PageText(lines, 0, lines, size)
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    return [m.text for m in redactor.find_text(page, applicant) if m.kind == kind and m.masked]


def test_masks_the_flourish_the_applicant_signed_after_her_name_with_it() -> None:
    """乙方（签字）：上官波林/ on her contract (seed 4730, 86%): the hand's last stroke, read as
    a slash, is the signature's ink. The legal representative's flourish stays his."""
    applicant = Applicant("上官波林")
    own = _line("乙方（签字）：上官波林/", 100, 100)
    assert _masked_on(applicant, "name", own) == ["上官波林/"]
    other = _line("法定代表人（签字）：上官波林/", 100, 100)
    assert _masked_on(applicant, "name", other) == ["上官波林"]


def test_masks_a_two_character_hand_read_as_one_of_its_characters_beside_her_label() -> None:
    """乙方（签字)： | 国, 钟国's hand twice the label's height, so on no row with it (seed
    3607, 0%): one of her name's characters after her own label is her hand, the other
    lost; the mask reaches over it. Another character there is someone else's."""
    from redact.matching import Span
    from redact.reading import PageText

    applicant = Applicant("钟国", "65420119891114483X")
    own = _line("居民身份证号码：65420119891114483X", 100, 100)
    label = _line("乙方（签字)：", 700, 1290, pitch=27, h=50)
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    for read, signed in (("国", True), ("张", False)):
        hand = _line(read, 905, 1270, pitch=120, h=78)
        lines = (own, label, hand)
        names = [m for m in redactor.find_text(PageText(lines, 0, lines), applicant)
                 if m.kind == "name" and m.masked]
        assert bool(names) is signed, read
        if signed:
            (m,) = names
            assert m.spans == (Span(2, 0, 1),) and m.lost == (1, 0)


def test_masks_her_dotted_name_read_to_all_but_its_last_character_on_a_line_of_its_own() -> None:
    """穆合塔尔·吐尔 for 穆合塔尔·吐尔逊 signed under a contract whose 乙方（签字） label the unit's
    name covers (seed 7219, 0%): on her own page, her whole name but its last character,
    alone on a line, is hers. Not within other words, nor another name read whole."""
    applicant = Applicant("穆合塔尔·吐尔逊", "652901198403230797")
    own = _line("居民身份证号码：652901198403230797", 100, 100)
    a4 = (1654, 2339)
    for read, masked in (("穆合塔尔·吐尔", ["穆合塔尔·吐尔"]), ("穆合塔尔·吐尔洪", []),
                         ("同事穆合塔尔·吐尔", [])):
        line = _unsure(_line(read, 1000, 1732), range(len(read)), 0.99)  # read surely
        assert _masked_on(applicant, "name", own, line, size=a4) == masked, read
    assert _masked_on(applicant, "name", _line("穆合塔尔·吐尔", 1000, 1732), size=a4) == []


def test_masks_the_whole_start_of_a_cut_short_unit_where_only_its_alias_was_found() -> None:
    """工作单位中国电建集团西北勘测设计研究院有限 on a title certificate, 公司 under the photo
    (seed 1979, 60%): the alias 西北勘测设计研究院 inside it was found, which left the line
    out of the cut-short search; the whole start read is the unit's."""
    units = ["中国电建集团西北勘测设计研究院有限公司", "西北院", "西北勘测设计研究院"]
    applicant = Applicant("阿依达娜·哈力木", "65420119750425958X", units)
    own = _line("身份证号 65420119750425958X", 100, 150)
    cut = _line("工作单位中国电建集团西北勘测设计研究院有限", 100, 200)
    label = _line("专业", 100, 250)  # the next field, read as what the line runs on into
    assert "中国电建集团西北勘测设计研究院有限" in _masked_on(applicant, "unit", own, cut, label)
    # Not on another person's page.
    assert _masked_on(applicant, "unit", cut, label) == ["西北勘测设计研究院"]


def test_masks_the_name_after_姓名_read_with_a_slip_on_the_applicants_id_card() -> None:
    """姓名沈品 on an ID card at 100 dpi (晶 read as 品), whose ID number is the applicant's:
    the page's only 姓名 field is theirs, so one character wrong there is still their name.
    Not where the page shows no ID of theirs, nor where more than one 姓名 field is on it."""
    applicant = Applicant("沈晶", "650102199001011234")
    name = _line("姓名沈品", 100, 100)
    own_id = _line("公民身份号码650102199001011234", 100, 300)
    assert _masked_on(applicant, "name", name, own_id) == ["沈品"]
    assert _masked_on(applicant, "name", name, _line("公民身份号码110105197103157719", 100, 300)) == []
    assert _masked_on(applicant, "name", name, _line("姓名王五", 100, 200), own_id) == []
    assert _masked_on(applicant, "name", _line("姓名沈品性别女", 100, 100), own_id) == []


def test_leaves_a_colleague_alone_whose_name_and_the_next_cells_unit_spell_the_applicant() -> None:
    """A project report's roster row 苏明 | 新疆维吾尔自治区气象局, the applicant being 苏明新:
    the two boxes are cells of one row, and 新 begins the next cell's unit. The applicant's
    own row (苏明新) is masked, and so is a name spread across its cell (苏明 | 新)."""
    applicant = Applicant("苏明新", None, ["新疆维吾尔自治区地震局"])

    def names_on(*lines: TextLine) -> list[str]:
        return _masked_on(applicant, "name", *lines)

    # Cells 1.5 line heights apart (the report's were 1.8).
    own = (_line("苏明新", 340, 100), _line("新疆维吾尔自治区地震局", 490, 100))
    colleague = (_line("苏明", 340, 180), _line("新疆维吾尔自治区气象局", 460, 180))
    assert names_on(*own, *colleague) == ["苏明新"]
    assert names_on(_line("苏明", 340, 180), _line("新", 480, 180)) == ["苏明新"]


def test_masks_the_whole_name_before_gai_zhang_under_its_seal_not_just_its_readable_tail() -> None:
    """A 100 dpi annual assessment's signing line 新吾尔白测绘院（盖章） under the unit's seal:
    the loose match takes only 尔白测绘院; the words before （盖章） are the whole name."""
    line = _line("新吾尔白测绘院（盖章）", 535, 960, pitch=21, h=32)
    (unit,) = _units_under_seal([line], (487, 884, 659, 1056),
                                ["新疆维吾尔自治区测绘院", "自治区测绘院", "新疆测绘院"], (1000, 1400))
    assert unit.text == "新吾尔白测绘院"
    assert unit.box[0] <= 535 + 2 and unit.box[2] <= 535 + 7 * 21 + 4, "not over （盖章）"


def test_masks_the_unit_across_the_pieces_its_own_seal_split_it_into() -> None:
    """"填报单位：伊犁" | (seal ink) | "力产登记中" read as two lines under the unit's seal."""
    from redact.reading import PageText

    left = _line("填报单位：伊犁", 100, 300)
    right = _line("力产登记中", 420, 302)
    elsewhere = _line("伊犁州不动产登记中心2019年度考核结果花名册", 100, 100)
    lines = (elsewhere, left, right)
    page = PageText(lines, 0, lines)
    seal = Region("seal", (250, 200, 600, 500), "伊犁哈萨克自治州不动产登记中心", 0.9, None, "seal")
    applicant = Applicant("薛鹏", None, ["伊犁哈萨克自治州不动产登记中心", "伊犁州不动产登记中心"])
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    (unit,) = redactor._under_own_seal(page, [], [seal], applicant, 1600, 800)
    x0, y0, x1, y1 = unit.box
    assert x0 <= 250 and x1 >= 420 + 5 * 30, "from 伊犁 through 中, bridging the gap"
    assert x0 >= 250 - 10, "not over 填报单位："
    assert y0 >= 290 and y1 <= 352

    # The same page scanned turned a quarter: the row is worked out upright, the mask lands
    # on the turned page.
    from redact.geometry import unrotate_points
    from redact.reading import _map_line

    k, w, h = 1, 800, 1600  # the input is 800 wide, 1600 high; upright it is 1600 x 800
    turned = tuple(_map_line(ln, lambda p: unrotate_points(p, k, w, h)) for ln in lines)
    seal_pts = unrotate_points(np.array([[250.0, 200.0], [600.0, 500.0]]), k, w, h)
    seal_turned = Region("seal", (int(seal_pts[:, 0].min()), int(seal_pts[:, 1].min()),
                                  int(seal_pts[:, 0].max()), int(seal_pts[:, 1].max())),
                         "伊犁哈萨克自治州不动产登记中心", 0.9, None, "seal")
    (unit_t,) = redactor._under_own_seal(PageText(turned, k, lines), [], [seal_turned], applicant, w, h)
    expected = unrotate_points(np.array([[x0, y0], [x1, y1]], dtype=np.float64), k, w, h)
    ex0, ey0 = expected.min(axis=0)
    ex1, ey1 = expected.max(axis=0)
    assert unit_t.box == pytest.approx((ex0, ey0, ex1, ey1), abs=2)


def test_a_sibling_unit_printed_clear_of_the_seal_on_a_row_it_reaches_stays() -> None:
    """A project report's roster row 新疆维吾尔自治区国土综合整治中 | 心 | 助理工程师, its last
    cell under the applicant's seal (seed 7219, masked whole): five slips in sixteen pass the
    loose match, but 综合整 were read surely, off the seal's ink; that is another body. The
    same slips read unsurely are the unit's name garbled."""
    from redact.reading import PageText

    units = ["新疆维吾尔自治区国土资源信息中心", "自治区国土资源信息中心", "国土资源信息中心"]
    sibling = _unsure(_line("新疆维吾尔自治区国土综合整治中", 100, 300, pitch=30), range(15), 0.99)
    title = _unsure(_line("助理工程师", 560, 302, pitch=30), range(5), 0.99)
    seal = Region("seal", (600, 200, 900, 500), units[0], 0.9, None, "seal")
    redactor = Redactor(engine=object())  # type: ignore[arg-type]

    def sealed(*lines: TextLine) -> list[str]:
        page = PageText(lines, 0, lines)
        return [r.text for r in redactor._under_own_seal(page, [], [seal], Applicant("沙吾列·阿曼", None, units),
                                                          1600, 800)]

    assert sealed(sibling, title) == []
    assert sealed(_unsure(sibling, [10, 11, 12, 13]), title) != []
    # The stamp's label beside the seal names no body (当治区一测绘 | 盖章) on a turned
    # assessment form, seed 4730).
    first = ["新疆维吾尔自治区第一测绘院", "自治区第一测绘院"]
    seal = Region("seal", (600, 200, 900, 500), first[0], 0.9, None, "seal")
    garbled = _line("当治区一测绘", 640, 300, pitch=30)
    label = _unsure(_line("盖章)", 905, 300, pitch=30), range(3), 0.99)
    page = PageText((garbled, label), 0, (garbled, label))
    assert redactor._under_own_seal(page, [], [seal], Applicant("刘杰华", None, first), 1600, 800)


def test_a_glyph_misread_as_kana_before_the_units_garbled_pieces_is_its_lost_head() -> None:
    """填报单位 | 盖章 | が | 维吾尔自 | 区测绘院 under the seal of a vertical roster (seed 7219,
    93%): 新 read as が is no text to stop the lost head's reach at."""
    from redact.reading import PageText

    units = ["新疆维吾尔自治区测绘院", "自治区测绘院", "新疆测绘院"]
    label = _line("填报单位", 100, 300, pitch=35)
    kana = _line("が", 340, 302, pitch=27, h=32)
    pieces = (_line("维吾尔自", 420, 300, pitch=41), _line("区测绘院", 584, 300, pitch=38))
    seal = Region("seal", (300, 180, 700, 560), units[0], 0.9, None, "seal")
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    lines = (label, kana, *pieces)
    (unit,) = redactor._under_own_seal(PageText(lines, 0, lines), [], [seal],
                                       Applicant("某某", None, units), 1600, 800)
    assert unit.box[0] <= 340, "over が"
    assert unit.box[0] >= 100 + 4 * 35, "not over 填报单位"


def test_a_turned_piece_of_the_seals_arc_on_the_units_row_is_no_part_of_it() -> None:
    """維新疆, a piece of the seal's arc turned 22° off the rows (seed 8117's roster), lying on
    the 填报单位 row under the seal: no taller than a text line, it was taken into the row,
    whose mask grew four lines high over the roster's 序号 column and a colleague's name."""
    from redact.reading import PageText

    def turned(line: TextLine, degrees: float) -> TextLine:
        (x0, y0, x1, y1), a = line.box, math.radians(degrees)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2

        def turn(q: Sequence[Sequence[float]]) -> tuple[tuple[float, float], ...]:
            return tuple((cx + (x - cx) * math.cos(a) - (y - cy) * math.sin(a),
                          cy + (x - cx) * math.sin(a) + (y - cy) * math.cos(a)) for x, y in q)
        return TextLine(line.text, turn(line.quad), line.score,  # type: ignore[arg-type]
                        tuple(CharBox(c.char, turn(c.quad), c.score) for c in line.chars))  # type: ignore[arg-type]

    left = _line("填报单位：伊犁", 100, 300)
    right = _line("力产登记中", 420, 302)
    arc = turned(_line("维新疆", 330, 280, pitch=30, h=30), -22.0)
    elsewhere = _line("伊犁州不动产登记中心2019年度考核结果花名册", 100, 100)
    rows_below = [_line(f"{k}", 100, 400 + 50 * k) for k in range(1, 4)]
    lines = (elsewhere, left, arc, right, *rows_below)
    seal = Region("seal", (250, 200, 600, 500), "伊犁哈萨克自治州不动产登记中心", 0.9, None, "seal")
    applicant = Applicant("薛鹏", None, ["伊犁哈萨克自治州不动产登记中心", "伊犁州不动产登记中心"])
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    (unit,) = redactor._under_own_seal(PageText(lines, 0, lines), [], [seal], applicant, 1600, 800)
    assert "维新疆" not in unit.text
    assert unit.box[1] >= 290 and unit.box[3] <= 352, "one text line high"


def test_masks_what_follows_the_unit_label_under_its_own_seal_when_none_of_it_reads() -> None:
    """"甲方（盖" | (grey seal ink over the name) | "院": only the label says what it is."""
    from redact.reading import PageText

    label = _line("甲方（盖", 100, 300)
    tail = _line("院", 520, 304)
    lines = (label, tail)
    page = PageText(lines, 0, lines)
    seal = Region("seal", (250, 200, 600, 500), "", 0.4, None, "seal",
                  note=f"red seal at [250, 200, 600, 500] (read '') {STAMPED_NOTE}")
    applicant = Applicant("薛鹏", None, ["新疆维吾尔自治区第一测绘院", "自治区第一测绘院"])
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    (unit,) = redactor._under_own_seal(page, [], [seal], applicant, 1600, 800)
    x0, _, x1, _ = unit.box
    assert x0 <= 100 + 4 * 30 + 2 and x1 >= 550, "from the label's end through 院"
    assert x0 >= 100 + 4 * 30 - 10, "not over 甲方（盖"
    # with no label on the row, nothing is guessed
    bare = PageText((tail,), 0, (tail,))
    assert redactor._under_own_seal(bare, [], [seal], applicant, 1600, 800) == []


def test_masks_the_unit_whose_line_stops_at_its_own_seal_after_its_first_character() -> None:
    """"甲方（盖章）：新" | (the unit's seal over 疆维吾尔自治区测绘院): the detector's box stops
    where the seal begins. The name runs on under the seal at the line's pitch, up to the
    other party's label on the row, which stays visible."""
    units = ["新疆维吾尔自治区测绘院", "自治区测绘院"]
    lines = [_line("甲方（盖章）：新", 100, 300), _line("乙方（签字）：", 900, 300)]
    (unit,) = _units_under_seal(lines, (300, 200, 600, 500), units, (1600, 800))
    x0, y0, x1, y1 = unit.box
    assert x0 >= 100 + 7 * 30 - 6, "not over 甲方（盖章）："
    assert x1 >= 100 + (7 + 11) * 30, "through the unit's eleventh character"
    assert x1 <= 900, "乙方 stays visible"
    assert y0 >= 290 and y1 <= 350
    # A name read whole needs none of this, and another unit's start is no unit's.
    for text in ("甲方（盖章）：", "甲方（盖章）：乌鲁"):
        assert _units_under_seal([_line(text, 100, 300)], (300, 200, 600, 500), units,
                                 (1600, 800)) == []
    # Nor without the unit's own seal over where the rest would be (it is stamped lower).
    assert _units_under_seal(lines, (300, 560, 600, 860), units, (1600, 1000)) == []


def test_a_piece_of_the_seals_own_lettering_is_no_row_of_text() -> None:
    """A tall box of seal lettering (加设计开) beside the unit's row must not pull the lines
    above and below it into that row."""
    from redact.reading import PageText

    left = _line("新疆生产建设兵团勘测规划", 100, 300)
    lettering = TextLine("加设计开", ((470.0, 200.0), (560.0, 200.0), (560.0, 430.0),
                                     (470.0, 430.0)), 0.6)
    right = _line("究院", 580, 302)
    below = _line("年6月", 600, 390)
    above = _line("新", 520, 215)
    lines = (left, lettering, right, below, above)
    page = PageText(lines, 0, lines)
    seal = Region("seal", (420, 180, 700, 460), "新疆生产建设兵团勘测规划设计研究院", 0.9, None,
                  "seal")
    applicant = Applicant("薛鹏", None, ["新疆生产建设兵团勘测规划设计研究院"])
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    (unit,) = redactor._under_own_seal(page, [], [seal], applicant, 1600, 800)
    x0, y0, x1, y1 = unit.box
    assert x0 <= 100 and x1 >= 580 + 2 * 30, "the whole row, bridged"
    assert y0 >= 290 and y1 <= 352, "not the lines above and below"
    assert unit.text == "新疆生产建设兵团勘测规划究院"


def test_an_arc_of_the_seals_lettering_whose_box_sticks_out_of_the_seal_is_not_masked_as_text() -> None:
    """The detector's turned box round an arc of the seal's lettering (天天市自然 on a page
    read turned, main set) pokes out of the seal's box at its corners, 0.68 of it inside:
    it is still the seal's own lettering, not a row of text to mask whole (with the stamp's
    label beside it, it read as the unit's name garbled)."""
    from redact.matching import Match, Span
    from redact.reading import PageText

    body = [_line("本人遵纪守法，工作认真负责，完成了年度任务。", 100, 20 + 50 * k) for k in range(4)]
    arc = TextLine("天天市自然", ((367.0, 361.0), (744.0, 361.0), (744.0, 581.0),
                                  (367.0, 581.0)), 0.56)
    signing = _line("乌鲁木齐市自然资源局", 410, 520)
    label = _line("(盖章)", 750, 525)
    lines = (*body, arc, signing, label)
    page = PageText(lines, 0, lines)
    seal = Region("seal", (400, 400, 712, 670), "乌鲁木齐市自然资源局", 0.83, None, "seal")
    applicant = Applicant("蒋新宇", None, ["乌鲁木齐市自然资源局", "乌市自然资源局"])
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    signed = Match("unit", (Span(5, 0, 10),), "乌鲁木齐市自然资源局", 1.0, True)
    assert redactor._under_own_seal(page, [signed], [seal], applicant, 1600, 1000) == []


def test_the_flat_top_of_the_seals_arc_read_as_a_line_is_no_row_of_text() -> None:
    """A report's seal whose arc's flat top read as a line 自治区第, 1.9 times the print's
    height, over the rows 审核：夏辉荣 and 编制单位 (fresh set 1583): as a row under the seal
    it read as pieces of the unit and was masked with the colleague's name beside it (67%).
    A line that reads as a stretch of the seal's own reading is its lettering. As tall a line
    that the seal's reading (garbled there) does not hold is a row still."""
    from redact.reading import PageText

    body = [_line("项目负责人：吾斯曼·托乎提", 420, 1315, pitch=40, h=56),
            _line("审核：夏辉荣", 530, 1480, pitch=40, h=56),
            _line("编制单位", 427, 1648, pitch=46, h=54)]
    applicant = Applicant("吾斯曼·托乎提", None, ["新疆维吾尔自治区第一测绘院", "自治区第一测绘院"])
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    arc = TextLine("自治区第", ((643, 1566), (887, 1566), (887, 1674), (643, 1674)), 0.9)
    lines = (*body, arc)
    for reading, row in (("新疆维吾尔自治区第一测绘院", False), ("新疆维吾尔自洛区第一测绘院", True)):
        seal = Region("seal", (639, 1548, 962, 1861), reading, 0.9, None, "seal")
        found = redactor._under_own_seal(PageText(lines, 0, lines), [], [seal], applicant,
                                         1600, 2200)
        assert bool(found) is row, reading


@pytest.mark.slow
def test_verification_pass_finds_a_name_broken_across_a_line_end(redactor: Redactor) -> None:
    from redact.render import mask_raster
    from redact.verify import verify_page

    p = Page(height=500)
    p.text((100, 100), "经单位研究决定，该项目的技术负责人由王", mark={"name": "王"})
    p.text((100, 160), "伟同志担任，李明同志协助。", mark={"name": "伟", "other": "李明"})
    page = redactor.read(p.array())
    # A first pass that missed it: one character of the name on each line.
    v = verify_page(redactor.engine, p.array(), page.upright_lines, [], WANG)
    mask = mask_raster(p.array().shape, v.regions)
    for box in p.marks["name"]:
        assert covered(mask, box) > 0.99
    assert covered(mask, p.marks["other"][0]) == 0.0


def test_a_misread_name_after_the_name_label_on_the_applicants_own_page_is_masked() -> None:
    """A social-insurance header: 姓名 | 史字 (宇 misread) on one row, the applicant's ID number
    on the row above it. A colleague's page, without the ID, keeps the same cell visible."""
    from redact.reading import PageText

    sid = "65400219690625183X"
    id_line = _line("654002***183X", 700, 204)
    label = _line("姓名", 120, 250)
    cell = _line("史字", 280, 250)
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    applicant = Applicant("史宇", sid, [])
    lines = (id_line, label, cell)
    page = PageText(lines, 0, lines)
    names = [m for m in redactor.find_text(page, applicant) if m.kind == "name"]
    assert [(m.spans[0].line, m.text) for m in names] == [(2, "史字")]
    assert "after 姓名" in names[0].warning
    without_id = PageText((label, cell), 0, (label, cell))
    assert [m for m in redactor.find_text(without_id, applicant) if m.kind == "name"] == []
    # Whatever is matched in the line under the cell (here the ID number) changes nothing.
    under = (label, cell, _line("654002***183X", 280, 292))
    names = [m for m in redactor.find_text(PageText(under, 0, under), applicant) if m.kind == "name"]
    assert [(m.spans[0].line, m.text) for m in names] == [(1, "史字")]


def test_a_misread_unit_in_the_work_unit_field_of_the_applicants_own_form_is_masked() -> None:
    """A 70 dpi annual assessment: 姓名 | 吴芳, and 工作单位 | 国土资语信意中心 (two slips, more
    than an 8-character name may have anywhere). The form is hers, so the field is her unit;
    on a form that does not show her, or with a sibling's name in the field, it stays."""
    applicant = Applicant("吴芳", None, ["新疆维吾尔自治区国土资源信息中心", "国土资源信息中心"])

    def units_on(*lines: TextLine) -> list[str]:
        return _masked_on(applicant, "unit", *lines)

    name = (_line("姓名", 100, 100), _line("吴芳", 250, 100))
    field = (_line("工作单位", 100, 160), _line("国土资语信意中心", 250, 160))
    assert units_on(*name, *field) == ["国土资语信意中心"]
    assert units_on(*name, _line("工作单位：国土资语信意中心", 100, 160)) == ["国土资语信意中心"]
    assert units_on(_line("姓名", 100, 100), _line("王芳", 250, 100), *field) == []
    assert units_on(*name, field[0], _line("国土综合整治中心", 250, 160)) == []
    assert units_on(*name, _line("专业", 100, 160), field[1]) == []


def test_the_applicants_name_cut_off_by_the_pages_right_edge_is_masked() -> None:
    """A labour contract's signature 阿不都热合曼·吾守尔 running off the scan's right edge,
    read 阿不都热合曼·吾: the name, cut off. Away from the edge the same text stays."""
    applicant = Applicant("阿不都热合曼·吾守尔", None, ["新疆维吾尔自治区国土资源信息中心"])

    def names_on(line: TextLine, width: int) -> list[str]:
        return _masked_on(applicant, "name", line, size=(width, 2339))

    signature = _line("阿不都热合曼·吾", 1215, 1680, pitch=55, h=60)
    assert names_on(signature, 1654) == ["阿不都热合曼·吾"]
    assert names_on(signature, 2000) == []


def _bilingual_card(name: str, script_name: str | None) -> Page:
    """A Xinjiang ID card's fields: Uyghur labels over the Chinese ones, and the holder's
    name in Uyghur over the Chinese name when ``script_name`` is given."""
    p = Page(1000, 640)
    for text, xy in (("نامى", (60, 88)), ("جىنسى", (60, 205)), ("مىللىتى", (330, 205)),
                     ("كىملىك نومۇرى", (60, 465))):
        p.text(xy, text, 22, "uyghur", mark={"label": text})
    if script_name is not None:
        p.text((190, 78), script_name, 30, "uyghur", mark={"name": script_name})
    p.text((60, 120), "姓名", 28, "hei")
    p.text((190, 118), name, 36, "hei", mark={"name": name})
    p.text((60, 240), "性别", 28, "hei")
    p.text((190, 240), "男", 36, "hei")
    p.text((330, 240), "民族", 28, "hei")
    p.text((450, 240), "维吾尔", 36, "hei")
    p.text((60, 500), "公民身份号码", 28, "hei")
    p.text((330, 500), ID, 36, "hei", mark={"id": ID})
    return p


@pytest.mark.slow
@pytest.mark.parametrize("k", [0, 3])
def test_masks_the_name_printed_in_uyghur_above_the_chinese_on_a_xinjiang_id_card(
        redactor: Redactor, k: int) -> None:
    """A Uyghur holder's card gives the name in Uyghur over the Chinese, a script the reader
    cannot read (it reads nothing, or a few letters). It is masked as the name; the card's
    Uyghur labels stay, though مىللىتى stands right under the name."""
    p = _bilingual_card("阿不都热合曼·买买提", "ئابدۇراخمان مەمەت")
    applicant = Applicant("阿不都热合曼·买买提", ID, ["新疆维吾尔自治区测绘院"])
    res = redactor.redact(np.ascontiguousarray(np.rot90(p.array(), k)), applicant)
    mask = np.ascontiguousarray(np.rot90(res.mask(), -k))
    assert_masked_right(mask, p)
    assert [r.kind for r in res.regions if "another script" in (r.note or "")] == ["name"]


@pytest.mark.slow
def test_a_han_holders_bilingual_card_gets_no_more_than_the_name(redactor: Redactor) -> None:
    """The same card with only its labels in Uyghur: nothing but the name and number."""
    p = _bilingual_card("王伟", None)
    res = redactor.redact(p.array(), WANG)
    assert_masked_right(res.mask(), p)
    assert sorted(r.kind for r in res.regions) == ["id_number", "name"]


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 5, 8])
def test_masks_a_signature_the_reader_cannot_read_after_the_applicants_own_signing_label(
        redactor: Redactor, seed: int) -> None:
    """乙方（签字）： and a hasty hand the reader makes nothing (or a stroke or two) of, on
    the applicant's own contract: the label says whose it is, so its ink is masked. The
    employer's representative's hand after 法定代表人（签字）： stays."""
    p = Page(1400, 700)
    p.text((80, 60), "乙方（劳动者）姓名：王丽娟", 36, "hei", mark={"name": "王丽娟"})
    p.text((80, 300), "乙方（签字）：", 36, "hei")
    p.scribble((340, 270), "王丽娟", seed=seed, mark="name")
    p.text((80, 540), "法定代表人（签字）：", 36, "hei")
    p.scribble((450, 510), "马建国", seed=seed + 1, mark="other")
    applicant = Applicant("王丽娟", None, ["新疆维吾尔自治区测绘院"])
    res = redactor.redact(p.array(), applicant)
    mask = res.mask()
    assert covered(mask, p.marks["name"][1]) > 0.9
    assert covered(mask, p.marks["other"][0]) == 0.0
    (x0, y0, x1, y1), (r0, s0, r1, s1) = p.marks["name"][1], \
        next(r.box for r in res.regions if "unread signature" in (r.note or ""))
    assert r0 >= x0 - 15 and s0 >= y0 - 15 and r1 <= x1 + 15 and s1 <= y1 + 15, "tight"


@pytest.mark.slow
def test_leaves_a_scribble_after_a_signing_label_on_a_page_that_is_not_the_applicants(
        redactor: Redactor) -> None:
    """Another person's contract (the applicant's name and ID nowhere on it): the hand after
    乙方（签字）： is that person's."""
    p = Page(1400, 500)
    p.text((80, 60), "乙方（劳动者）姓名：李秀英", 36, "hei")
    p.text((80, 300), "乙方（签字）：", 36, "hei")
    p.scribble((340, 270), "李秀英", seed=2, mark="other")
    res = redactor.redact(p.array(), Applicant("王丽娟", None, ["新疆维吾尔自治区测绘院"]))
    assert covered(res.mask(), p.marks["other"][0]) == 0.0


def test_a_hand_read_as_a_few_strokes_past_a_labels_run_on_region_is_the_scribble() -> None:
    """乙方（签字）： whose region ran 55 px past its colon, then the hand detected on its own
    and read 奏新 (0.60, 0.84) for 蔡瑶莉 (fresh set 2307, 0%): the seed was the label's
    run-on stretch alone, a colon's ink; it takes in the hand after it, as it takes a region
    read as nothing. A date read surely there is print and stays out."""
    from redact.matching import Match, Span
    from redact.pipeline import _unread_signatures
    from redact.reading import PageText

    own = _line("乙方（劳动者）姓名：蔡瑶莉", 100, 300)
    shown = [Match("name", (Span(0, 10, 13),), "蔡瑶莉", 1.0)]
    label = _line("乙方（签字）：", 1000, 1716, pitch=33, h=49)
    label = replace(label, quad=((1000, 1716), (1286, 1716), (1286, 1765), (1000, 1765)))
    hand = _line("奏新", 1282, 1704, pitch=65, h=60)
    hand = replace(hand, chars=tuple(replace(c, score=k) for c, k in zip(hand.chars, (0.60, 0.84))))
    lines = (own, label, hand)
    ((seed, _),) = _unread_signatures(PageText(lines, 0, lines), shown)
    assert seed[0] >= 1000 + 7 * 33 and seed[2] >= 1282 + 130, seed
    date = _line("2023年5月1日", 1282, 1712, pitch=24, h=40)
    lines = (own, label, date)
    ((seed, _),) = _unread_signatures(PageText(lines, 0, lines), shown)
    assert seed[2] <= 1290, seed


def test_a_hand_read_as_nothing_of_the_name_is_masked_over_its_own_glyphs_only() -> None:
    """乙方（签字）： | 奏新 (0.60, 0.84) for 蔡瑶莉's hand (fresh set 2307): a read that shares
    no character with the name says nothing of which end lost one, so the mask is not run on
    back over the label's colon (52 px of it, when the lost one was put before); a hand read in
    part still runs on over the characters lost at its end."""
    from redact.matching import Match, Span
    from redact.reading import PageText

    own = _line("乙方（劳动者）姓名：蔡瑶莉", 100, 300)
    shown = [Match("name", (Span(0, 10, 13),), "蔡瑶莉", 1.0)]
    label = _line("乙方（签字）：", 900, 1712, pitch=38, h=49)

    def signed(hand: str, scores: tuple[float, ...]) -> list[Match]:
        line = _line(hand, 1170, 1700, pitch=65, h=60)
        line = replace(line, chars=tuple(replace(c, score=k) for c, k in zip(line.chars, scores)))
        lines = (own, label, line)
        return Redactor._signatures_on_own_page(PageText(lines, 0, lines), shown,
                                                Applicant("蔡瑶莉"))

    (hand,) = signed("奏新", (0.60, 0.84))
    assert hand.spans == (Span(2, 0, 2),) and hand.lost == (0, 0)
    (part,) = signed("蔡瑶", (0.99, 0.70))
    assert part.lost == (0, 1)


def test_a_hand_read_as_a_few_unsure_characters_after_the_label_is_a_scribble() -> None:
    """乙方（签字）：满发旁 at 0.5 for 尉迟晨勇's hand (fresh set 7642, 0%): characters read
    unsure are the reader's guesses at strokes, so the stretch after the label is the hand.
    Read surely, they are print (a name, another's or a misread one), and stay the matchers'."""
    from redact.matching import Match, Span
    from redact.pipeline import _unread_signatures
    from redact.reading import PageText

    def signing(scores: float) -> TextLine:
        line = _line("乙方（签字）：满发旁", 760, 1290, pitch=32, h=56)
        chars = tuple(replace(c, score=scores if k >= 7 else 0.99) for k, c in enumerate(line.chars))
        return replace(line, chars=chars)

    own = _line("乙方（劳动者）姓名：尉迟晨勇", 100, 300)
    shown = [Match("name", (Span(0, 10, 14),), "尉迟晨勇", 1.0)]
    guessed = PageText((own, signing(0.5)), 0, (own, signing(0.5)))
    printed = PageText((own, signing(0.95)), 0, (own, signing(0.95)))
    ((seed, reach),) = _unread_signatures(guessed, shown)
    assert seed[0] >= 760 + 7 * 32 - 1 and reach[0] >= 760 + 6 * 32, "not back over the label"
    assert _unread_signatures(printed, shown) == []


def test_a_hand_read_as_a_line_of_its_own_after_the_label_is_a_scribble_too() -> None:
    """乙方（签字）： | 五浦 (0.69, 0.91) for 依明·玉苏甫's hand three line heights long, read
    as a line of its own (fresh set 6094, 0%). A date read surely there is print."""
    from redact.matching import Match, Span
    from redact.pipeline import _unread_signatures
    from redact.reading import PageText

    own = _line("乙方（劳动者）姓名：依明·玉苏甫", 100, 300)
    shown = [Match("name", (Span(0, 10, 16),), "依明·玉苏甫", 1.0)]
    label = _line("乙方（签字）：", 1000, 1716, pitch=33, h=39)
    hand = _line("五浦", 1270, 1701, pitch=101, h=68)
    hand = replace(hand, chars=tuple(replace(c, score=k) for c, k in zip(hand.chars, (0.69, 0.91))))
    date = _line("2023年5月1日", 1270, 1712, pitch=24, h=40)
    lines = (own, label, hand)
    ((seed, _),) = _unread_signatures(PageText(lines, 0, lines), shown)
    assert seed == hand.box
    lines = (own, label, date)
    assert _unread_signatures(PageText(lines, 0, lines), shown) == []


def test_a_hand_read_only_in_part_on_the_labels_line_is_followed_into_its_unread_ink() -> None:
    """乙方（签字）：侯） for 侯强俊, the line's region running on 1.5 line heights past the
    bracket (seed 6813, 75%): the part read is masked as her name, and the rest of the
    region is her hand's unread ink. Where the region ends with what was read, it is done."""
    from redact.matching import Match, Span
    from redact.pipeline import _unread_signatures
    from redact.reading import PageText

    own = _line("乙方（劳动者）姓名：侯强俊", 100, 300)
    shown = [Match("name", (Span(0, 10, 13),), "侯强俊", 1.0)]
    read = _line("乙方（签字）：侯）", 855, 1271, pitch=33, h=56)
    x0, y0 = read.quad[0]
    for run_on, followed in ((1.5 * 56, True), (0.2 * 56, False)):
        x1 = 855 + 9 * 33 + run_on
        line = replace(read, quad=((x0, y0), (x1, y0), (x1, y0 + 56), (x0, y0 + 56)))
        hand = Match("name", (Span(1, 7, 9),), "侯）", 0.7)
        lines = (own, line)
        seeds = _unread_signatures(PageText(lines, 0, lines), [*shown, hand])
        assert bool(seeds) is followed, run_on
        if followed:
            ((seed, _),) = seeds
            assert seed[2] == x1


def test_a_hand_swallowed_by_a_stretched_colons_box_is_followed_back_to_the_bracket() -> None:
    """乙方（签字）： whose colon's box starts where the hand does, the colon's own ink before it
    (seed 3389, 81%): the hand's strokes may be followed back to the bracket, not only to
    where a colon at the box's start would end."""
    from redact.elements import quad_from_box
    from redact.matching import Match, Span
    from redact.pipeline import _unread_signatures
    from redact.reading import PageText

    own = _line("乙方（劳动者）姓名：蒋帅", 100, 300)
    shown = [Match("name", (Span(0, 10, 12),), "蒋帅", 1.0)]
    cells = [(924, 949), (956, 982), (1007, 1009), (1020, 1047), (1051, 1090), (1116, 1120),
             (1164, 1273)]
    chars = tuple(CharBox(c, quad_from_box((a, 1746, b, 1776)), 0.99)
                  for c, (a, b) in zip("乙方（签字）：", cells))
    label = TextLine("乙方（签字）：", quad_from_box((906, 1731, 1287, 1781)), 0.99, chars)
    lines = (own, label)
    ((seed, reach),) = _unread_signatures(PageText(lines, 0, lines), shown)
    assert seed[0] > 1164 and reach[0] <= 1130, "back to just past the bracket"
    assert reach[0] >= 1120


def test_a_hand_after_a_label_whose_region_a_seal_swelled_is_measured_on_the_labels_print() -> None:
    """信息中心乙方（签字）： read as one line with the unit signed under its seal, the region
    116 px high for 18 px characters, and the colon's box stretched over the hand 白蓉 after
    it (seed 1598, 0%): the line's height, taken from the region, made the 60 px hand too
    small to be one and the colon too narrow to be stretched. The label's own print is
    the measure."""
    from redact.elements import quad_from_box
    from redact.matching import Match, Span
    from redact.pipeline import _unread_signatures
    from redact.reading import PageText

    own = _line("乙方（劳动者）姓名：白蓉", 100, 300)
    shown = [Match("name", (Span(0, 10, 12),), "白蓉", 1.0)]
    cells = [(581, 1275, 595, 1293), (596, 1275, 619, 1294), (619, 1275, 636, 1294),
             (638, 1276, 651, 1293), (684, 1276, 701, 1292), (704, 1275, 722, 1294),
             (737, 1278, 740, 1291), (745, 1274, 771, 1292), (771, 1274, 790, 1293),
             (807, 1284, 809, 1291), (848, 1266, 908, 1300)]
    text = "信息中心乙方（签字）："
    chars = tuple(CharBox(c, quad_from_box(b), 0.9) for c, b in zip(text, cells))
    label = TextLine(text, quad_from_box((581, 1206, 936, 1327)), 0.9, chars)
    lines = (own, label)
    ((seed, reach),) = _unread_signatures(PageText(lines, 0, lines), shown)
    assert seed[1] >= 1260 and seed[3] <= 1310, "the label's band, not the seal's"
    assert 809 <= reach[0] <= 848 and seed[2] >= 908, "from the bracket over the whole hand"


def test_a_long_hand_the_detector_caught_the_start_of_is_masked_to_its_end() -> None:
    """米热古丽·司马义's hand after 乙方（签字）：, eight line heights long, its region
    taken with the label for less than four of them (seed 5791, 84%): the mask followed
    its strokes four line heights past the region and stopped short of the last ones."""
    from redact.matching import Match, Span
    from redact.reading import PageText

    h = 50
    page = np.full((400, 1500, 3), 235, np.uint8)
    label = _line("乙方（签字）：", 100, 200, pitch=h, h=h)
    # A region over the label and the hand's first 3 line heights; the hand goes on to 8.5.
    end = 100 + 7 * h
    line = replace(label, quad=((100, 200), (end + 3 * h, 200), (end + 3 * h, 250), (100, 250)))
    xs = np.arange(end + 20, end + int(8.5 * h))
    ys = (225 + 12 * np.sin(xs / 9.0)).astype(np.int32)
    cv2.polylines(page, [np.stack([xs, ys], 1).astype(np.int32)], False, (20, 30, 120), 4)
    own = _line("乙方（劳动者）姓名：米热古丽·司马义", 100, 60)
    shown = [Match("name", (Span(0, 10, 18),), "米热古丽·司马义", 1.0)]
    lines = (own, line)
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    (hand,) = redactor._unread_names(PageText(lines, 0, lines, (1500, 400)), shown, page)
    assert hand.box[0] <= end + 20 and hand.box[2] >= end + int(8.5 * h) - 1


def test_print_right_above_the_name_is_where_its_other_script_goes() -> None:
    """About a line high, just over the name, from near its start and mostly over it."""
    from redact.pipeline import _name_above

    name, h = (190, 120, 520, 160), 40.0
    assert _name_above((188, 82, 400, 116), name, h)          # over the name, left-aligned
    assert _name_above((300, 82, 420, 116), name, h)          # within its span
    assert _name_above((400, 82, 545, 116), name, h)          # its second word, apart
    assert not _name_above((60, 88, 100, 112), name, h)      # the label's, over 姓名
    assert not _name_above((330, 168, 400, 200), name, h)    # the next row's label, below
    assert not _name_above((190, 20, 400, 54), name, h)      # a line and more above
    assert not _name_above((190, 20, 400, 116), name, h)     # a block, not a line
    assert not _name_above((450, 82, 700, 116), name, h)     # mostly past the name's end


@pytest.mark.parametrize("score, masked", [(0.5, True), (0.65, True), (0.9, False)])
def test_a_dense_reading_as_unsure_as_garbled_glyphs_above_the_name_is_its_other_script(
        score: float, masked: bool) -> None:
    """رەيىلە روزى over 热依拉·肉孜 on an ID card read 539) 0), 1.9 characters a line height
    but at 0.29-0.61 bar one (seed 6318, 0%): the recogniser's guess at a script it does
    not know; so is S39 at 0.72, 0.35 and 0.75 over 热依拉·肉孜 (seed 2579, 0%), 0.61 on
    average. As many characters read surely are print it can read."""
    from redact.matching import Match, Span
    from redact.pipeline import _unread_above_names
    from redact.reading import PageText

    name = _line("热依拉·肉孜", 280, 600, pitch=38, h=56)
    above = _unsure(_line("539) 0)", 280, 520, pitch=17, h=38), range(7), score)
    lines = (name, above)
    shown = [Match("name", (Span(0, 0, 6),), "热依拉·肉孜", 1.0)]
    found = _unread_above_names(PageText(lines, 0, lines), shown)
    assert found == ([above.box] if masked else [])


def test_a_name_cell_misread_unsure_on_a_row_with_the_applicants_unit_is_hers() -> None:
    """闫燕瑞 for 闫燕瑶 on a 100 dpi notice's row, beside her unit read with a slip, 瑞 at
    0.81 (seed 6802, 0%). Not read surely (a colleague of the unit), not where her name
    is read right elsewhere on the page, not on another unit's row, not for a name of two."""
    from redact.reading import PageText

    unit = "新疆维吾尔自治区国土资源信息中心"
    applicant = Applicant("闫燕瑶", None, [unit, "国土资源信息中心"])
    redactor = Redactor(engine=object())  # type: ignore[arg-type]

    def names(score: float, *, unit_cell: str = "新疆维春尔自治区国土资源信息中心",
              who: Applicant = applicant, extra: str | None = None,
              cell: str = "闫燕瑞") -> list[str]:
        name = _unsure(_line(cell, 280, 536, pitch=20, h=28), [len(cell) - 1], score)
        lines = [_line("5", 190, 540, pitch=18, h=22), name,
                 _line(unit_cell, 417, 534, pitch=16, h=28),
                 _line("高级工程师", 839, 532, pitch=18, h=28)]
        if extra:
            lines.append(_line(extra, 280, 800, pitch=20, h=28))
        page = PageText(tuple(lines), 0, tuple(lines))
        return [m.text for m in redactor.find_text(page, who) if m.kind == "name" and m.masked]

    assert names(0.81) == ["闫燕瑞"]
    assert names(0.95) == []
    assert names(0.81, unit_cell="中国科学院新疆生态与地理研究所") == []
    assert names(0.81, extra="申报人：闫燕瑶") == ["闫燕瑶"]
    assert names(0.81, who=Applicant("燕瑶", None, [unit]), cell="燕瑞") == []


def test_a_spaced_guess_at_another_script_is_judged_by_its_glyphs_not_its_space() -> None:
    """يېرلان جاھەن over 叶尔兰·加恒 on an ID card read jkab j8ja (seed 5791, 0%): its glyphs
    at 0.56 on average, its space at 0.93 lifting the line's mean to 0.60."""
    from redact.matching import Match, Span
    from redact.pipeline import _unread_above_names
    from redact.reading import PageText

    name = _line("叶尔兰·加恒", 231, 127, pitch=42, h=53)
    line = _line("jkab j8ja", 229, 85, pitch=13, h=49)
    scores = (0.74, 0.41, 0.33, 0.35, 0.93, 0.93, 0.34, 0.67, 0.71)
    above = TextLine(line.text, line.quad, 0.6, tuple(
        CharBox(c.char, c.quad, s) for c, s in zip(line.chars, scores)))
    shown = [Match("name", (Span(0, 0, 6),), "叶尔兰·加恒", 1.0)]
    assert _unread_above_names(PageText((name, above), 0, (name, above)), shown) == [above.box]


def test_an_unread_cell_of_a_roster_column_is_not_the_name_in_another_script() -> None:
    """A 67 dpi roster's column of names (seed 8372): 董燕洁, unread, two rows above the
    applicant's 艾力·艾山 (the detector's boxes taller than the rows' pitch), was masked as
    her name in another script. A cell read between it and the name, or read right above
    it as high and as wide, makes it a cell of the column; a card's Uyghur name has
    neither."""
    from redact.pipeline import _listed, _name_above

    name, h = (400, 488, 463, 507), 19.0
    unread = (413, 459, 452, 476)
    between = (408, 471, 455, 492)    # 吕强军, read
    above = (413, 440, 451, 460)      # 黎海, read
    assert _name_above(unread, name, h)
    assert _listed(unread, name, [between, name])
    assert _listed(unread, name, [above, name])
    assert not _listed(unread, name, [name])
    # A card: the field's label to the left, the next field's line below the name.
    assert not _listed(unread, name, [(300, 459, 380, 476), (400, 530, 470, 549), name])


def test_the_mask_of_a_name_cut_off_by_the_pages_edge_runs_on_to_the_edge() -> None:
    """阿依达娜·叶尔 | 肯: a signature whose last character lies past the scan's edge but for
    a sliver (fresh set 4682, 94%). The mask goes over the sliver, and stops at the edge."""
    from redact.reading import PageText

    applicant = Applicant("阿依达娜·叶尔肯", None, ["新疆维吾尔自治区地震局"])
    signature = _line("阿依达娜·叶尔", 1255, 1690, pitch=64, h=100)   # read ink ends at 1703
    page = PageText((signature,), 0, (signature,), (1738, 2397))
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    regions = redactor.text_regions(page, redactor.find_text(page, applicant), 1738, 2397)
    assert [(r.kind, r.box[2]) for r in regions] == [("name", 1738)]


def test_a_misread_starred_id_in_the_id_field_of_the_applicants_own_form_is_masked() -> None:
    """A blurred social-insurance record: 姓名 | 阿娜尔古丽·加恒 | 公民身份号码 |
    650202*******78X (a star and an 8 lost from 650202********788X). The form is hers, so the
    field is her ID number; on a record of someone else, it stays."""
    applicant = Applicant("阿娜尔古丽·加恒", "65020219880120788X", ["喀什地区基础测绘院"])

    def ids_on(*lines: TextLine) -> list[str]:
        return _masked_on(applicant, "id_number", *lines)

    field = (_line("公民身份号码", 480, 100), _line("650202*******78X", 800, 100, pitch=11))
    assert ids_on(_line("姓名", 160, 100), _line("阿娜尔古丽·加恒", 270, 100, pitch=18),
                  *field) == ["650202*******78X"]
    assert ids_on(_line("姓名", 160, 100), _line("米热古丽·加恒", 270, 100, pitch=18), *field) == []


def test_a_starred_id_whose_x_the_reader_dropped_is_masked_on_over_the_x() -> None:
    """A qualification certificate: 身份证件号码：650**********281 for 650***********281X (a
    star and the X at the line's end read as nothing). On the holder's own form the field is
    her ID number; the mask runs on a character's pitch over the lost X."""
    from redact.reading import PageText

    applicant = Applicant("买买提·玉苏甫", "65010219751217281X", ["新疆维吾尔自治区地震局"])
    lines = (_line("姓名:买买提·玉苏甫", 360, 700), _line("身份证件号码：650**********281", 360, 800))
    page = PageText(lines, 0, lines)
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    matches = redactor.find_text(page, applicant)
    (region,) = [r for r in redactor.text_regions(page, matches, 2000, 2000) if r.kind == "id_number"]
    end = 360 + len(lines[1].text) * 30
    assert region.box[0] >= 360 + 7 * 30 - 6, "not over the label"
    assert region.box[2] >= end + 30 - 6, "over the lost X"
    assert region.box[2] <= end + 30 + 10


def test_the_applicants_signature_read_with_slips_under_her_own_signing_label_is_masked() -> None:
    """A labour contract: 乙方（签字）：努尔妮萨·阿不者, the signature's looser hand read with
    都拉 as 者. The contract is hers (her name is in its head), and 乙方 signs for herself, so
    the signature is her name; a reviewer's signature on the same page, or the same line on
    a contract that is not hers, stays."""
    applicant = Applicant("努尔妮萨·阿不都拉", None, ["新疆维吾尔自治区第一测绘院"])

    def names_on(*lines: TextLine) -> list[str]:
        return _masked_on(applicant, "name", *lines)

    head = _line("乙方（劳动者）姓名努尔妮萨·阿不都拉", 120, 300)
    signed = _line("乙方(签字)：努尔妮萨·阿不者", 460, 830)
    assert names_on(head, signed) == ["努尔妮萨·阿不都拉", "努尔妮萨·阿不者"]
    # The label in a cell of its own, the name in the next.
    assert names_on(head, _line("乙方（签字）：", 300, 830),
                    _line("努尔妮萨·阿不者", 520, 830)) == ["努尔妮萨·阿不都拉", "努尔妮萨·阿不者"]
    assert names_on(head, _line("审核人(签字)：努尔妮萨·阿不者", 460, 830)) == ["努尔妮萨·阿不都拉"]
    assert names_on(_line("乙方（劳动者）姓名米热古丽·托乎提", 120, 300), signed) == []
    # Lost characters at its end are masked on at the read's pitch.
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    from redact.reading import PageText

    cut = _line("乙方(签字)：努尔妮萨·阿不", 460, 830)
    page = PageText((head, cut), 0, (head, cut))
    [m] = [m for m in redactor.find_text(page, applicant) if m.text == "努尔妮萨·阿不"]
    assert m.lost == (0, 2)


def test_a_misread_unit_in_the_affiliations_of_the_applicants_paper_is_masked() -> None:
    """A paper scanned at 100 dpi: the authors 吾斯曼·热合曼，热合木江·热合曼, and under them
    (1. 新疆维春尔自海区测绘院·新疆石河子752432; 3. 新疆大学 …), the unit with two slips.
    The applicant is an author, so the slip of her unit among the affiliations is hers; a
    co-author's unit stays, and so does the line on a paper she did not write."""
    applicant = Applicant("热合木江·热合曼", None, ["新疆维吾尔自治区测绘院", "自治区测绘院"])

    def units_on(*lines: TextLine) -> list[str]:
        return _masked_on(applicant, "unit", *lines)

    authors = _line("吾斯曼·热合曼，谢婷慧，热合木江·热合曼", 240, 100)
    others = _line("吾斯曼·热合曼，谢婷慧", 240, 100)
    affiliations = _line("(1. 新疆维春尔自海区测绘院·新疆石河子752432; 3. 新疆大学·新疆石河子758757)",
                         120, 140)
    assert units_on(authors, affiliations) == ["新疆维春尔自海区测绘院"]
    assert units_on(others, affiliations) == []
    assert units_on(authors, _line("(1. 新疆维吾尔自治区地震局·乌鲁木齐830011)", 120, 140)) == []


def _skewed(line: TextLine, degrees: float) -> TextLine:
    """``line`` turned by ``degrees`` (clockwise on screen) about the page's origin."""
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))

    def turn(q: Quad) -> Quad:
        a, b, d, e = ((x * c - y * s, x * s + y * c) for x, y in q)
        return (a, b, d, e)

    chars = tuple(CharBox(ch.char, turn(ch.quad), ch.score) for ch in line.chars)
    return TextLine(line.text, turn(line.quad), line.score, chars)


def test_on_a_skewed_roster_the_id_number_stays_on_its_own_row() -> None:
    """A roster scanned 3 degrees askew: each row's ID number lies lower than its name by
    more than half a row. It is still the applicant's row that holds it, not the next one,
    whose look-alike 皇甫健新 (one character off) stays visible."""
    from redact.reading import PageText

    sid = "65010219760907989X"
    table = [("皇甫健鹏", "1976.09", sid), ("皇甫健新", "1993.04", "650103****6190"),
            ("侯宁勇", "1972.01", "652901197201124019")]
    lines = []
    for r, (name, born, id_number) in enumerate(table):
        y = 200 + 26 * r
        lines += [_line(str(r + 1), 60, y, 10, 22), _line(name, 140, y, 13, 22),
                  _line(born, 290, y, 7, 22), _line(id_number, 390, y, 7, 22)]
    page_lines = tuple(_skewed(ln, 3.0) for ln in lines)
    page = PageText(page_lines, 0, page_lines)
    assert [[page_lines[k].text for k in row] for row in rows(page_lines, range(12))] == \
        [[str(r + 1), *row] for r, row in enumerate(table)]
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    masked = [m.text for m in redactor.find_text(page, Applicant("皇甫健鹏", sid, []))
              if m.masked and m.kind == "name"]
    assert masked == ["皇甫健鹏"]


def test_a_name_cell_wrapped_on_the_applicants_birth_row_is_masked_with_its_end() -> None:
    """A 100 dpi roster: 米热古丽·吾守 | 尔, her name's end wrapped under its cell's start,
    on the row 女 | 1987.04 that her ID number gives, and the next row's 沙吾列·别克 under
    both. The wrapped end is masked with the name, and the next row's name is not."""
    from redact.reading import PageText

    lines = (_line("11", 82, 540, 16, 31), _line("米热古丽·吾守", 121, 536, 14, 29),
             _line("尔", 120, 551, 28, 26), _line("女", 240, 538, 20, 28),
             _line("1987.04", 300, 538, 10, 28), _line("沙吾列·别克", 121, 580, 15.5, 30),
             _line("女", 240, 582, 20, 28), _line("1985.08", 300, 582, 10, 28))
    page = PageText(lines, 0, lines)
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    applicant = Applicant("米热古丽·吾守尔", "65020219870417174X", [])
    names = [m for m in redactor.find_text(page, applicant) if m.kind == "name" and m.masked]
    assert [[(sp.line, sp.start, sp.end) for sp in m.spans] for m in names] == [[(1, 0, 7), (2, 0, 1)]]


def test_a_garbled_name_on_the_roster_row_of_the_applicants_birth_date_is_masked() -> None:
    """An assessment roster at 70 dpi: 努尔妮萨·托乎提's cell read 尔妮萨·托手 with its 提
    wrapped under it, on the row 女 | 1984.01 that her ID number (born 1984-01-03, a woman)
    gives. A colleague's row of another birth month, and the look-alike 努尔妮萨·别克 on the
    row above, stay visible."""
    from redact.reading import PageText

    applicant = Applicant("努尔妮萨·托乎提", "61011319840103594X", [])
    lines = (_line("努尔妮萨·别克", 80, 150, 10, 20), _line("女", 160, 150, 10, 20),
             _line("1984.05", 190, 150, 7, 20),
             _line("尔妮萨·托手", 80, 222, 10, 15), _line("提", 80, 238, 10, 12),
             _line("女", 160, 225, 10, 20), _line("1984.01", 190, 225, 7, 20),
             _line("尔妮萨·托手提", 80, 300, 10, 20), _line("女", 160, 300, 10, 20),
             _line("1990.01", 190, 300, 7, 20))
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    names = [m for m in redactor.find_text(PageText(lines, 0, lines), applicant)
             if m.kind == "name"]
    assert [[(sp.line, sp.start, sp.end) for sp in m.spans] for m in names] == [
        [(3, 0, 6), (4, 0, 1)]]
    assert "birth date" in names[0].warning
    # The same row of a man's birth date is someone else's.
    man = Applicant("努尔妮萨·托乎提", "610113198401035951", [])
    assert [m for m in redactor.find_text(PageText(lines, 0, lines), man) if m.kind == "name"] == []


def test_leaves_a_colleague_born_the_same_month_alone_when_one_character_differs() -> None:
    """A roster where 李伟 (read surely) shares 王伟's birth month and sex: one slip is half
    of a two-character name, so the row is a colleague's. The same cell read unsure is
    王伟's own, misread."""
    def roster(score: float) -> tuple[TextLine, ...]:
        return (_line("5", 40, 200, 20, 40), _unsure(_line("李伟", 100, 200, 30, 40), [0], score),
                _line("男", 220, 200, 30, 40), _line("1985.03", 300, 200, 14, 40))

    applicant = Applicant("王伟", "650102198503021234", [])
    assert _masked_on(applicant, "name", *roster(0.99)) == []
    assert _masked_on(applicant, "name", *roster(0.55)) == ["李伟"]


def test_a_name_read_with_two_unsure_slips_on_the_applicants_birth_row_is_masked() -> None:
    """A skewed roster: 武晨华's cell read 武辰化, 辰 at 0.84 and 化 at 0.88 (each glyph read as
    a part of itself), on the row 男 | 1975.09 that his ID number gives, between colleagues
    武晨 and 武晨文 (fresh set 8462, 0%). On the birth row one slip more is taken where every
    slip was unsure; read surely, the cell is a colleague's."""
    def roster(score: float) -> tuple[TextLine, ...]:
        return (_line("武晨", 100, 150, 30, 40), _line("男", 220, 150, 30, 40),
                _line("1989.04", 300, 150, 14, 40),
                _unsure(_line("武辰化", 100, 200, 30, 40), [1, 2], score),
                _line("男", 220, 200, 30, 40), _line("1975.09", 300, 200, 14, 40),
                _line("武晨文", 100, 250, 30, 40), _line("男", 220, 250, 30, 40),
                _line("1968.04", 300, 250, 14, 40))

    applicant = Applicant("武晨华", "65010219750909593X", [])
    assert _masked_on(applicant, "name", *roster(0.86)) == ["武辰化"]
    assert _masked_on(applicant, "name", *roster(0.95)) == []
    # Three slips are too many, however unsure.
    three = (_unsure(_line("李辰化", 100, 200, 30, 40), [0, 1, 2], 0.5),
             _line("男", 220, 200, 30, 40), _line("1975.09", 300, 200, 14, 40))
    assert _masked_on(applicant, "name", *three) == []


def test_masks_a_garbled_id_number_in_the_id_field_of_the_applicants_contract() -> None:
    """乙方（劳动者）姓名热依拉·依明 | 增民身份证号码：0020219002249248 (fresh set 5164, 0%):
    on her own contract the ID field's value, garbled where the reader was unsure, is hers."""
    applicant = Applicant("热依拉·依明", "65020219800224924X", [])
    text = "增民身份证号码：0020219002249248"
    field = _unsure(_line(text, 60, 250, 12, 28), [text.index("：") + 1, len(text) - 1], 0.4)
    own = _line("乙方（劳动者）姓名热依拉·依明", 60, 210, 12, 28)
    assert _masked_on(applicant, "id_number", own, field) == ["0020219002249248"]
    assert _masked_on(applicant, "id_number", field) == [], "not on another person's page"


def test_a_name_read_with_two_unsure_slips_right_after_姓名_on_the_applicants_page() -> None:
    """姓名 | 吕梁品 | 公民身份号码 | 6540 0219 7206 0171 82 on a social-insurance record turned
    upside down, 璐 read 梁 at 0.40 and 晶 read 品 at 0.72 (fresh set 3929, 0%): right after
    the label on the applicant's own page, two unsure slips of three are still her name.
    Read surely, after another label, or on a page without her ID number, they are not."""
    applicant = Applicant("吕璐晶", "654002197206017182", [])

    def row(label: str, scores: tuple[float, float], number: str = "6540 0219 7206 0171 82"
            ) -> tuple[TextLine, ...]:
        cell = _unsure(_unsure(_line("吕梁品", 200, 200, 20, 30), [1], scores[0]), [2], scores[1])
        return (_line(label, 100, 200, 20, 30), cell, _line("公民身份号码", 330, 200, 20, 30),
                _line(number, 500, 200, 10, 30))

    assert _masked_on(applicant, "name", *row("姓名", (0.40, 0.72))) == ["吕梁品"]
    assert _masked_on(applicant, "name", *row("姓名", (0.40, 0.95))) == []
    assert _masked_on(applicant, "name", *row("经办人", (0.40, 0.72))) == []
    assert _masked_on(applicant, "name",
                      *row("姓名", (0.40, 0.72), "1101 0519 7103 1577 19")) == []


def test_a_garbled_name_cell_on_the_row_of_the_applicants_id_number_is_masked() -> None:
    """A 69 dpi roster: 阿迪力·吐尔 | 逊, its wrapped end fused into one box read 通力旺尔
    (通 0.59, 旺 0.67), on the row that holds her ID number (fresh set 8806, 0%). The one cell
    of the row with two of the name's characters in order, the other glyphs unsure, is hers;
    on a colleague's row, or read surely, it is not."""
    sid = "652901198505127870"
    applicant = Applicant("阿迪力·吐尔逊", sid, [])

    def row(cell: str, number: str, score: float) -> tuple[TextLine, ...]:
        return (_line("12", 58, 441, 11, 23), _unsure(_line(cell, 74, 433, 18, 40), [0, 2], score),
                _line("男", 142, 441, 22, 24), _line("1985.05", 170, 443, 6, 21),
                _line(number, 221, 447, 5, 14))

    assert _masked_on(applicant, "name", *row("通力旺尔", sid, 0.6)) == ["通力旺尔"]
    assert _masked_on(applicant, "name", *row("通力旺尔", sid, 0.95)) == []
    assert _masked_on(applicant, "name", *row("通力旺尔", "650502197001302178", 0.6)) == []


def test_masks_a_misread_name_on_an_id_copy_whose_name_label_was_lost() -> None:
    """An ID copy at 100 dpi: the pale 姓名 label was not read, and 诸葛超杰 was read 诺葛超杰,
    its 诺 unsure. The page holds the applicant's ID number and no name of theirs, so the
    one line that is their name with a doubtful slip, after what is left of the label if
    anything, is it. Read surely, it is not."""
    sid = "130102196707224572"
    applicant = Applicant("诸葛超杰", sid, [])

    def copy(score: float) -> tuple[TextLine, ...]:
        return (_line("居民身份证", 260, 175, 30, 40),
                _unsure(_line("诺葛超杰", 223, 446, 14, 23), [0], score),
                _line("性", 187, 472, 14, 16), _line("男", 223, 472, 14, 16),
                _line("公民身份号码", 181, 567, 11, 23), _line(sid, 266, 568, 10, 31))

    assert _masked_on(applicant, "name", *copy(0.65)) == ["诺葛超杰"]
    assert _masked_on(applicant, "name", *copy(0.99)) == []
    # Where the page shows the applicant's name, a look-alike line is someone else.
    roster = (*copy(0.65), _line("诸葛超杰", 223, 640, 14, 23))
    assert _masked_on(applicant, "name", *roster) == ["诸葛超杰"]
    # A roster's other ID numbers make its look-alike lines other people's.
    colleague = (*copy(0.65), _line("130102196903154518", 266, 640, 10, 31))
    assert _masked_on(applicant, "name", *colleague) == []
    # What is left of the label may lead the line: 名问亮华 for 姓名 闫亮华.
    sid = "65010419750724413X"
    left = (_unsure(_line("名问亮华", 346, 234, 26, 24), [1], 0.37),
            _line("公民身份号码", 348, 395, 14, 21), _line(sid, 458, 392, 13, 23))
    assert _masked_on(Applicant("闫亮华", sid, []), "name", *left) == ["问亮华"]
    # A copy of both sides: the card's validity period (two dates read as one run of sixteen
    # digits) is no one's number (通丽努尔·艾则孜 for 迪丽努尔·艾则孜; fresh set 6572, 0%).
    sid = "130102196707224572"
    period = (*copy(0.65), _line("2012.09.26 2022.09.26", 347, 778, 7, 25))
    assert _masked_on(applicant, "name", *period) == ["诺葛超杰"]


def test_a_name_garbled_twice_and_wrapped_on_the_row_of_the_applicants_id_and_birth_is_masked(
        ) -> None:
    """A 100 dpi roster: 沙吾列·木拉提 read 沙善列·本拉 with 提 wrapped under it, on the row
    that holds her ID number and the 女 | 1996.02 it gives. The ID makes the row no less hers
    than the birth date does: the birth row's two slips and wrapped end hold there too."""
    from redact.reading import PageText

    applicant = Applicant("沙吾列·木拉提", "650102199602082649", [])
    lines = (_line("沙善列·本拉", 157, 296, 20, 34), _line("提", 161, 323, 26, 26),
             _line("女", 293, 305, 38, 39), _line("1996.02", 345, 305, 13, 34),
             _line("650102199602082649", 443, 302, 12, 33))
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    names = [m for m in redactor.find_text(PageText(lines, 0, lines), applicant)
             if m.kind == "name" and m.masked]
    assert [[(sp.line, sp.start, sp.end) for sp in m.spans] for m in names] == [
        [(0, 0, 6), (1, 0, 1)]]


def test_a_starred_id_split_in_two_on_the_applicants_roster_row_is_masked() -> None:
    """姜帅's row (男 | 1974.01, his name masked) holds 65 | *7598, his starred
    650***********7598 split where its stars were lost (fresh set 9317, 0%). Both pieces are
    his ID; the same pieces on a colleague's row are not."""
    applicant = Applicant("姜帅", "650502197401237598", [])
    own = (_line("姜帅", 220, 1368, 40, 40), _line("男", 337, 1370, 30, 34),
           _line("1974.01", 387, 1368, 13, 34), _line("65", 487, 1370, 40, 28),
           _line("*7598", 637, 1365, 14, 30))
    assert _masked_on(applicant, "id_number", *own) == ["65 | *7598"]
    colleague = (_line("王强", 220, 1368, 40, 40), _line("女", 337, 1370, 30, 34),
                 _line("1980.05", 387, 1368, 13, 34), _line("65", 487, 1370, 40, 28),
                 _line("*7598", 637, 1365, 14, 30))
    assert _masked_on(applicant, "id_number", *colleague) == []


def test_a_starred_id_garbled_on_the_applicants_roster_row_is_masked_and_a_colleagues_is_not(
        ) -> None:
    """A 100 dpi roster read 阿依古丽·卡斯木's starred 650***********0642 as
    650)**事*****()642 on her row (女 | 1975.08, her name masked): the row is hers, so the
    cell is her ID (0% before). The same cell on a colleague's row stays."""
    from redact.reading import PageText

    applicant = Applicant("阿依古丽·卡斯木", "650202197508220642", [])
    lines = (_line("阿依古丽·卡斯木", 126, 757, 14, 27), _line("女", 237, 760, 35, 37),
             _line("1975.08", 283, 763, 11, 28), _line("650)**事*****()642", 369, 762, 10, 30),
             _line("侯璐莉", 145, 837, 22, 33), _line("女", 237, 836, 35, 35),
             _line("1990.02", 284, 838, 10, 28), _line("650)**事*****()642", 369, 836, 10, 30))
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    ids = [m for m in redactor.find_text(PageText(lines, 0, lines), applicant)
           if m.kind == "id_number" and m.masked]
    assert [[(sp.line, sp.start, sp.end) for sp in m.spans] for m in ids] == [[(3, 0, 17)]]


def test_a_unit_cut_short_after_its_label_on_the_applicants_page_is_masked() -> None:
    """工作单位中国电建集团西北勘测设 | (photo) … 公司 on the next line: the detector lost the
    middle. A name that only starts like the unit, continued by other words, stays."""
    from redact.reading import PageText

    unit = "中国电建集团西北勘测设计研究院有限公司"
    applicant = Applicant("公孙璐萍", None, [unit, "西北院"])
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    name = _line("姓名：公孙璐萍", 100, 100)
    head = _line("工作单位中国电建集团西北勘测设", 100, 200)
    tail = _line("公司", 100, 245)
    page = PageText((name, head, tail), 0, (name, head, tail))
    units = [m for m in redactor.find_text(page, applicant) if m.kind == "unit"]
    assert [(sp.line, sp.start) for m in units for sp in m.spans] == [(1, 4), (2, 0)]
    other = _line("其他单位", 100, 245)
    page2 = PageText((name, head, other), 0, (name, head, other))
    assert [m for m in redactor.find_text(page2, applicant) if m.kind == "unit"] == []
    # Not on a page that shows nothing else of the applicant.
    bare = PageText((head, tail), 0, (head, tail))
    assert [m for m in redactor.find_text(bare, applicant) if m.kind == "unit"] == []
    # The tail may be the name's last character alone (…设计研 | (photo) … 司, seed 6741,
    # where the unit's first fourteen characters were left visible, 30%); another stays.
    head = _line("工作单位中国电建集团西北勘测设计研", 100, 200)
    for last, taken in (("司", [(1, 4), (2, 0)]), ("院", [])):
        one = _line(last, 100, 245)
        page3 = PageText((name, head, one), 0, (name, head, one))
        units = [m for m in redactor.find_text(page3, applicant) if m.kind == "unit"]
        assert [(sp.line, sp.start) for m in units for sp in m.spans] == taken, last


def test_a_unit_cut_short_by_the_photo_above_the_next_fields_label_is_masked() -> None:
    """工作单位新疆维吾尔自治区国土资源信息 | (photo), then the row 专业 | 测绘工程: the next
    field's label continues nothing, and its value is no continuation of the unit."""
    from redact.reading import PageText

    unit = "新疆维吾尔自治区国土资源信息中心"
    applicant = Applicant("努尔妮萨·托乎提", None, [unit])
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    lines = (_line("姓名努尔妮萨·托乎提", 265, 310), _line("工作单位新疆维吾尔自治区国土资源信息", 265, 520),
             _line("专业", 262, 591), _line("测绘工程", 415, 586))
    page = PageText(lines, 0, lines)
    units = [m for m in redactor.find_text(page, applicant) if m.kind == "unit"]
    assert [(sp.line, sp.start) for m in units for sp in m.spans] == [(1, 4)]


class _WindowReader:
    """An engine that reads any window as one line ``text`` across its middle."""

    def __init__(self, text: str) -> None:
        self.text = text

    def detect(self, image: np.ndarray, keep_scale: Sequence[Box] = ()) -> list[np.ndarray]:
        h, w = image.shape[:2]
        return [np.array([[0.1 * w, 0.3 * h], [0.9 * w, 0.3 * h], [0.9 * w, 0.7 * h],
                          [0.1 * w, 0.7 * h]], np.float32)]

    def recognize(self, crops: list[np.ndarray]) -> list:
        from redact.ocr.base import Recognition

        out = []
        for c in crops:
            step = c.shape[1] / (len(self.text) + 1)
            out.append(Recognition(self.text, 0.99, tuple(step * (k + 1) for k in range(len(self.text))),
                                   (0.99,) * len(self.text)))
        return out

    def upside_down(self, crops: list[np.ndarray]) -> list[float]:
        return [0.0] * len(crops)


class _PitchReader(_WindowReader):
    """Reads any crop as ``text``, a character every ``pitch`` px from its left edge."""

    def __init__(self, text: str, pitch: float) -> None:
        super().__init__(text)
        self.pitch = pitch

    def recognize(self, crops: list[np.ndarray]) -> list:
        from redact.ocr.base import Recognition

        xs = tuple(self.pitch * (k + 0.5) for k in range(len(self.text)))
        return [Recognition(self.text, 0.95, xs, (0.95,) * len(self.text)) for _ in crops]


def test_a_units_name_the_detector_lost_after_its_label_under_its_seal_is_read_again() -> None:
    """编制单位： under the unit's own grey seal on a greyscale report, and nothing found after
    it: the name's ink fused with the seal's ring (西北院, fresh set 3690, 26%). The row after
    the label is read again from the pixels, and the mask runs from the label to where the
    name read ends. A read of another name leaves the row alone."""
    from redact.reading import PageText

    units = ["中国电建集团西北勘测设计研究院有限公司", "西北院"]
    label = _line("编制单位：", 1012, 2314, pitch=64.6, h=96)
    page = PageText((label,), 0, (label,))
    image = np.full((3000, 2564, 3), 245, np.uint8)
    image[2330:2390, 1345:1525] = 20  # the name's ink, three characters 65 px apart
    seal = Region("seal", (953, 2175, 1425, 2635), units[0], 0.9, None, "seal")

    def under(read: str) -> list[Region]:
        redactor = Redactor(engine=_PitchReader(read, 65.0))  # type: ignore[arg-type]
        return redactor._under_own_seal(page, [], [seal], Applicant("某某", None, units),
                                        2564, 3000, image)

    (unit,) = under("西北院")
    assert "read again" in unit.note
    assert unit.box[0] <= 1335 + 3 and 1525 <= unit.box[2] <= 1560
    assert unit.box[1] <= 2330 and unit.box[3] >= 2390
    assert under("中南院") == []
    # The label may end just short of the seal (填报单位（盖章） | seal, fresh set 4812, 17%).
    seal = Region("seal", (1345, 2175, 1800, 2635), units[0], 0.9, None, "seal")
    (unit,) = under("西北院")
    assert unit.box[0] <= 1338 and unit.box[2] >= 1525
    # Without the pixels nothing is read again.
    redactor = Redactor(engine=_PitchReader("西北院", 65.0))  # type: ignore[arg-type]
    assert redactor._under_own_seal(page, [], [seal], Applicant("某某", None, units),
                                    2564, 3000) == []


def test_the_verification_pass_does_not_mask_a_longer_name_the_first_pass_kept() -> None:
    """钟磊雪 kept visible for the applicant 钟磊; a window that reads it a character short
    (钟磊, its last glyph cut off) does not overturn the first reading."""
    from redact.matching import Match, Span
    from redact.verify import verify_page

    page = np.full((400, 600, 3), 255, np.uint8)
    longer = _line("钟磊雪", 200, 180)
    kept = Match("other_name", (Span(0, 0, 3),), "钟磊雪", 1.0, masked=False)
    engine = _WindowReader("钟磊")
    applicant = Applicant("钟磊")
    v = verify_page(engine, page, [longer], [kept], applicant)  # type: ignore[arg-type]
    assert v.windows == 1 and v.regions == ()
    # Without that first reading, the same window's 钟磊 is masked.
    v = verify_page(engine, page, [longer], [], applicant)  # type: ignore[arg-type]
    assert [r.kind for r in v.regions] == ["name"]


class _UnsureReader(_WindowReader):
    """Reads any window as ``text``, the character at ``unsure`` at 0.4."""

    def __init__(self, text: str, unsure: int) -> None:
        super().__init__(text)
        self.unsure = unsure

    def recognize(self, crops: list[np.ndarray]) -> list:

        scores = tuple(0.4 if k == self.unsure else 0.99 for k in range(len(self.text)))
        return [replace(rec, char_scores=scores) for rec in super().recognize(crops)]


def test_the_verification_pass_does_not_overturn_a_sure_reading_with_a_slip() -> None:
    """新疆维吾尔自治区地矿局, a sibling of the applicant's 地震局, read surely by the first
    pass; a window that reads it again with 矿 unsure (a slip the matcher forgives) does not
    mask it (fresh set 5517, 61%). Over a first reading that was itself unsure (a character
    below 0.97), or read as the applicant's unit exactly, it does."""
    from redact.verify import verify_page

    page = np.full((400, 900, 3), 255, np.uint8)
    applicant = Applicant("玉素甫·亚森", None, ["新疆维吾尔自治区地震局"])
    read = _line("新疆维吾尔自治区地矿局", 200, 180)
    sure = replace(read, chars=tuple(replace(c, score=1.0) for c in read.chars))
    # 助 for 勘 at 0.9 on a blurred roster (fresh set 4391) is no sure reading.
    unsure = replace(read, chars=tuple(replace(c, score=0.9) for c in read.chars))
    slip = _UnsureReader("新疆维吾尔自治区地矿局", unsure=9)
    assert verify_page(slip, page, [sure], [], applicant).regions == ()  # type: ignore[arg-type]
    v = verify_page(slip, page, [unsure], [], applicant)  # type: ignore[arg-type]
    assert [r.kind for r in v.regions] == ["unit"]
    v = verify_page(_WindowReader("新疆维吾尔自治区地震局"), page, [sure], [], applicant)  # type: ignore[arg-type]
    assert [r.kind for r in v.regions] == ["unit"]


def test_the_verification_pass_masks_an_exact_piece_of_a_wrapped_unit_read_surely() -> None:
    """A roster cell 中国电建集团西北助测设 | 计研究院有限公司 (勘 misread at 0.9, fresh set
    4391): the re-read joins the two lines into the unit, one slip in the first. Its second
    line, read surely by the first pass, is a piece of the unit as it is, and is masked too."""
    from redact.ocr.base import Recognition
    from redact.verify import verify_page

    class TwoLines(_WindowReader):
        def detect(self, image: np.ndarray, keep_scale: Sequence[Box] = ()) -> list[np.ndarray]:
            h, w = image.shape[:2]
            return [np.array([[0.1 * w, y0 * h], [0.9 * w, y0 * h], [0.9 * w, (y0 + 0.2) * h],
                              [0.1 * w, (y0 + 0.2) * h]], np.float32) for y0 in (0.3, 0.52)]

        def recognize(self, crops: list[np.ndarray]) -> list:
            texts = ["中国电建集团西北助测设", "计研究院有限公司"][:len(crops)]
            return [Recognition(t, 0.9, tuple(c.shape[1] * (k + 1) / (len(t) + 1) for k in range(len(t))),
                                tuple(0.4 if t[k] == "助" else 0.99 for k in range(len(t))))
                    for t, c in zip(texts, crops)]

    page = np.full((300, 900, 3), 255, np.uint8)
    first = _line("中国电建集团西北助测设", 300, 100, pitch=20, h=26)
    first = replace(first, chars=tuple(replace(c, score=0.9 if c.char == "助" else 1.0)
                                       for c in first.chars))
    second = _line("计研究院有限公司", 300, 128, pitch=20, h=26)
    second = replace(second, chars=tuple(replace(c, score=1.0) for c in second.chars))
    applicant = Applicant("达吾列提·叶尔肯", None, ["中国电建集团西北勘测设计研究院有限公司"])
    v = verify_page(TwoLines(""), page, [first, second], [], applicant)  # type: ignore[arg-type]
    assert sorted(r.text for r in v.regions) == ["中国电建集团西北助测设", "计研究院有限公司"]


def test_a_signing_line_that_runs_on_past_the_seal_is_text_however_tall_its_box() -> None:
    """甲方（盖章）：…测绘院 乙方（签字）：… under the unit's seal: the seal's ink makes the
    line's box three text lines tall, yet it runs far past the seal, so it is a row of text
    and its garbled unit (颖疆维吾尔目治区测绘院, two slips) is matched loosely."""
    from redact.reading import PageText

    title = _line("新疆维吾尔自治区测绘院劳动合同书", 100, 100)
    body = [_line("第十条本合同一式两份，双方各执一份。", 100, 200 + 50 * k) for k in range(4)]
    signing = _line("甲方（盖章）：颖疆维吾尔目治区测绘院乙方（签字）：陶林杰", 100, 500, h=130.0)
    lines = (title, *body, signing)
    page = PageText(lines, 0, lines)
    seal = Region("seal", (230, 420, 560, 750), "新疆维吾尔自治区测绘院", 0.9, None, "seal")
    applicant = Applicant("陶林杰", None, ["新疆维吾尔自治区测绘院"])
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    units = redactor._under_own_seal(page, [], [seal], applicant, 1600, 1000)
    assert [u.text for u in units] == ["颖疆维吾尔目治区测绘院"]


def test_a_signature_blocks_unit_over_its_date_under_the_units_seal_is_matched_loosely() -> None:
    """A project report's 落款 under the seal of 新疆维吾尔自治区第一测绘院, read
    1疆维工白治区-则绘院 over 203年2月 (fresh set 7642, 30%): seven slips in thirteen, too
    many for a loose match alone, but a signature block names the body whose seal is on it.
    The same line with no date under it stays."""
    from redact.reading import PageText

    body = [_line("本报告由项目组编写，经审核后提交。", 100, 200 + 50 * k) for k in range(3)]
    unit = _line("1疆维工白治区-则绘院", 1088, 1399, pitch=34, h=52)
    date = _line("203年2月", 1322, 1456, pitch=20, h=50)
    seal = Region("seal", (1077, 1295, 1363, 1558), "新疆维吾尔自治区第一测绘院", 0.9, None, "seal")
    applicant = Applicant("邱宇", None, ["新疆维吾尔自治区第一测绘院", "自治区第一测绘院"])
    redactor = Redactor(engine=object())  # type: ignore[arg-type]

    def sealed(*lines: TextLine, applicant: Applicant = applicant) -> list[str]:
        page = PageText(lines, 0, lines)
        return [r.text for r in redactor._under_own_seal(page, [], [seal], applicant, 1600, 2000)]

    assert sealed(*body, unit, date) == ["疆维工白治区-则绘院"]
    assert sealed(*body, unit) == []
    # Or ending in the stamp's mark, its 盖 lost: 新疆维自准测绘皇章) for …测绘院（盖章）
    # (fresh set 6094, 37%).
    stamped = _line("新疆维自准测绘皇章)", 1088, 1399, pitch=34, h=52)
    other = Applicant("古丽米拉·沙吾提", None, ["新疆维吾尔自治区测绘院", "自治区测绘院"])
    assert sealed(*body, stamped, applicant=other) == ["新疆维自准测绘皇章"]
    assert sealed(*body, replace(stamped, text="新疆维自准测绘皇章学"), applicant=other) == []
    # A short alias, whole on its row, three slips in five but ending as it does (seed 8117:
    # 略计训绘院 for 喀什测绘院 over 2015年3月). Not where the row holds more than the name.
    kashgar = Applicant("吐尔逊·亚森", None, ["喀什地区基础测绘院", "喀什测绘院"])
    short = _line("略计训绘院", 1100, 1399, pitch=34, h=52)
    under = _line("2015年3月", 1120, 1456, pitch=20, h=50)
    assert sealed(*body, short, under, applicant=kashgar) == ["略计训绘院"]
    assert sealed(*body, short, applicant=kashgar) == []
    assert sealed(*body, _line("略计训绘院项目组", 1100, 1399, pitch=34, h=52), under,
                  applicant=kashgar) == []
    # The date's year lost under the seal's ink too (f物测院 over 年2月 for 兵团勘测院 over
    # 2019年2月; fresh set 3481, 47%). A month alone under it is no date. (The row is the
    # name's length: its f is what the ink left of 兵团.)
    corps = Applicant("韦丽颖", None, ["新疆生产建设兵团勘测规划设计研究院", "兵团勘测院"])
    garbled = _line("f物测院", 1100, 1399, pitch=34, h=52)
    assert sealed(*body, garbled, _line("年2月", 1120, 1456, pitch=20, h=50),
                  applicant=corps) == ["f物测院"]
    assert sealed(*body, garbled, _line("2月", 1120, 1456, pitch=20, h=50),
                  applicant=corps) == []
    # Or its 年 (204 12月 for 2023年12月), over a name whose head was read as letters and
    # digits (F11测院 for 兵团勘测院; fresh set 1593, 45%): the row, whole, is the name.
    head_lost = _line("F11测院", 1100, 1399, pitch=34, h=52)
    assert sealed(*body, head_lost, _line("204 12月", 1120, 1456, pitch=20, h=50),
                  applicant=corps) == ["F11测院"]
    assert sealed(*body, head_lost, _line("20412", 1120, 1456, pitch=20, h=50),
                  applicant=corps) == []


def test_the_reader_asks_the_detector_to_keep_the_pages_scale_over_its_seals() -> None:
    """Text under a seal is where a detector that shrinks large print would lose a line."""
    from redact.reading import read_page

    class Recorder(_WindowReader):
        def __init__(self, text: str) -> None:
            super().__init__(text)
            self.asked: list[list[Box]] = []

        def detect(self, image: np.ndarray, keep_scale: Sequence[Box] = ()) -> list[np.ndarray]:
            self.asked.append(list(keep_scale))
            return super().detect(image, keep_scale)

    engine = Recorder("新疆地震局")
    page = np.full((600, 800, 3), 250, np.uint8)
    seal = (300, 150, 560, 410)
    assert [line.text for line in read_page(engine, page, seal_boxes=[seal]).lines] == ["新疆地震局"]
    assert engine.asked[0] == [seal]
    read_page(engine, page)
    assert engine.asked[-1] == []


def test_an_upright_page_is_settled_by_the_first_piece_of_each_line() -> None:
    """Orientation votes: one 4:1 piece per long line; the rest only when those are unsure."""
    from redact.reading import ORIENTATION_VOTERS, read_page

    class Voter(_WindowReader):
        def __init__(self, flipped: float) -> None:
            super().__init__("第一条很长的文字行内容")
            self.flipped = flipped
            self.votes: list[int] = []

        def detect(self, image: np.ndarray, keep_scale: Sequence[Box] = ()) -> list[np.ndarray]:
            # Eight long lines, 20 px high and 600 px wide (7 pieces of 4:1 each, 3 voting).
            return [np.array([[50, y], [650, y], [650, y + 20], [50, y + 20]], np.float32)
                    for y in range(40, 440, 50)]

        def upside_down(self, crops: list[np.ndarray]) -> list[float]:
            self.votes.append(len(crops))
            return [self.flipped] * len(crops)

    page = np.full((500, 700, 3), 250, np.uint8)
    upright = Voter(0.02)
    read_page(upright, page)
    assert upright.votes == [8] and ORIENTATION_VOTERS >= 8
    unsure = Voter(0.9)
    read_page(unsure, page)
    assert unsure.votes == [8, 16]                  # every line's other two pieces too


def test_a_blob_over_a_seal_is_detected_again_by_the_engines_float_twin() -> None:
    """The int8 detector lost a unit's line inside such a blob (the seal's ring leaves its
    strokes broken), so the second look goes to ``precise()``."""
    from redact.reading import read_page

    class Engine(_WindowReader):
        def __init__(self, precise: bool = False) -> None:
            super().__init__("新疆维吾尔自治区测绘院")
            self.is_precise = precise
            self.windows: list[tuple[int, int]] = []
            self.twin: Engine | None = None

        def precise(self) -> Engine:
            if self.twin is None:
                self.twin = Engine(precise=True)
            return self.twin

        def detect(self, image: np.ndarray, keep_scale: Sequence[Box] = ()) -> list[np.ndarray]:
            if image.shape[:2] != (800, 900):
                self.windows.append(image.shape[:2])
                return super().detect(image, keep_scale)
            # Four ordinary lines, and a blob five lines high over the seal.
            lines = [np.array([[50, y], [850, y], [850, y + 30], [50, y + 30]], np.float32)
                     for y in (60, 120, 180, 240)]
            blob = np.array([[300, 400], [620, 400], [620, 560], [300, 560]], np.float32)
            return [*lines, blob]

    engine = Engine()
    page = np.full((800, 900, 3), 250, np.uint8)
    read_page(engine, page, seal_boxes=[(320, 380, 600, 600)])
    assert engine.windows == []
    assert engine.twin is not None and len(engine.twin.windows) == 1


class _StackedCell(_WindowReader):
    """A page of three 20 px lines and one table cell whose two wrapped lines the detector
    fuses into a region 40 px high, read with ``fused_score`` (a low-confidence jumble by
    default); seen on its own, enlarged, the cell comes apart into its two lines (into one,
    unless ``apart``)."""

    def __init__(self, fused_score: float = 0.1, apart: bool = True) -> None:
        super().__init__("努尔妮萨托乎")
        self.fused_score = fused_score
        self.apart = apart
        self.windows: list[tuple[int, int]] = []

    def detect(self, image: np.ndarray, keep_scale: Sequence[Box] = ()) -> list[np.ndarray]:
        if image.shape[:2] != (400, 700):
            self.windows.append(image.shape[:2])
            h, w = image.shape[:2]
            bands = ((0.3, 0.48), (0.52, 0.7)) if self.apart else ((0.3, 0.7),)
            return [np.array([[0.2 * w, a * h], [0.8 * w, a * h], [0.8 * w, b * h], [0.2 * w, b * h]],
                             np.float32) for a, b in bands]
        lines = [np.array([[50, y], [650, y], [650, y + 20], [50, y + 20]], np.float32)
                 for y in (40, 90, 140)]
        return [*lines, np.array([[50, 200], [250, 200], [250, 240], [50, 240]], np.float32)]

    def recognize(self, crops: list[np.ndarray]) -> list:
        from dataclasses import replace

        out = super().recognize(crops)
        # The fused region is the only crop 40 px high.
        return [replace(r, score=self.fused_score) if c.shape[0] > 30 else r
                for c, r in zip(crops, out)]


def test_a_cell_whose_two_wrapped_lines_the_detector_fused_is_detected_again_enlarged() -> None:
    from redact.reading import read_page

    engine = _StackedCell()
    lines = read_page(engine, np.full((400, 700, 3), 250, np.uint8)).lines
    assert len(engine.windows) == 1
    # The window is the region with a line's height of page round it, enlarged.
    assert engine.windows[0][0] > 80
    cell = [ln for ln in lines if ln.box[1] >= 200 and ln.box[3] <= 240]
    assert len(cell) == 2 and cell[0].box[3] <= cell[1].box[1] + 2
    assert len(lines) == 5


def test_a_tall_region_that_reads_well_is_not_detected_again() -> None:
    from redact.reading import read_page

    engine = _StackedCell(fused_score=0.99)
    lines = read_page(engine, np.full((400, 700, 3), 250, np.uint8)).lines
    assert engine.windows == [] and len(lines) == 4


def test_a_fused_cell_read_unsurely_as_its_upper_line_is_detected_again_enlarged() -> None:
    """达吾列提•努尔 | 兰 in a 100 dpi project report's name column: the fused cell read
    这吾列提|努尔 at 0.78, its second line dropped; enlarged, it comes apart into both."""
    from redact.reading import read_page

    engine = _StackedCell(fused_score=0.78)
    lines = read_page(engine, np.full((400, 700, 3), 250, np.uint8)).lines
    assert len(engine.windows) == 1
    cell = [ln for ln in lines if ln.box[1] >= 200 and ln.box[3] <= 240]
    assert len(cell) == 2 and cell[0].box[3] <= cell[1].box[1] + 2
    assert len(lines) == 5


def test_an_unsure_tall_line_that_stays_one_line_enlarged_keeps_its_reading() -> None:
    from redact.reading import read_page

    engine = _StackedCell(fused_score=0.78, apart=False)
    lines = read_page(engine, np.full((400, 700, 3), 250, np.uint8)).lines
    assert len(engine.windows) == 1 and len(lines) == 4
    assert [ln.score for ln in lines if ln.box[3] - ln.box[1] > 30] == [0.78]


def _unsure(line: TextLine, at: Sequence[int], score: float = 0.3) -> TextLine:
    """``line`` with the characters at ``at`` read with confidence ``score``."""
    chars = tuple(CharBox(c.char, c.quad, score if k in at else c.score)
                  for k, c in enumerate(line.chars))
    return TextLine(line.text, line.quad, line.score, chars)


def test_a_roster_cell_whose_tail_alias_was_found_across_its_wrap_is_masked_whole() -> None:
    """利籍维各尔自游区第一测绘 | 院 in a roster's unit column (a 70 dpi scan): the alias
    自治区第一测绘院 is found across the wrap, read with a slip (游); the cell's garbled head,
    read unsurely, is the rest of the unit's name and is masked with it."""
    from redact.reading import PageText

    units = ["新疆维吾尔自治区第一测绘院", "自治区第一测绘院", "新疆第一测绘院"]
    applicant = Applicant("诸葛颖霞", None, units)
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    clean = _line("新疆维吾尔自治区第一测绘", 444, 100, pitch=12.67, h=20)
    clean_tail = _line("院", 446, 115, pitch=20, h=17)
    read = _line("利籍维各尔自游区第一测绘", 444, 160, pitch=12.67, h=20)
    head = _unsure(read, [0, 1, 3, 6])
    tail = _line("院", 446, 175, pitch=20, h=17)
    lines = (clean, clean_tail, head, tail)
    page = PageText(lines, 0, lines)
    units_found = [m for m in redactor.find_text(page, applicant) if m.kind == "unit"]
    spans = sorted((sp.line, sp.start, sp.end) for m in units_found for sp in m.spans)
    assert (2, 0, 12) in spans and (3, 0, 1) in spans
    # Read surely, the same head is another body's name before the same ending.
    sure = (clean, clean_tail, _unsure(_unsure(read, range(12), 0.99), [6]), tail)
    found = [m for m in redactor.find_text(PageText(sure, 0, sure), applicant) if m.kind == "unit"]
    assert (2, 0, 12) not in sorted((sp.line, sp.start, sp.end) for m in found for sp in m.spans)


def test_leaves_a_colleagues_name_under_the_units_seal_unmasked() -> None:
    """陶辉波 in the roster row the unit's seal is stamped over, the applicant 陶辉: the seal's
    mask stops short of 陶辉波's characters (it covered their top rows)."""
    from redact import seals
    from redact.matching import Match, Span
    from redact.pipeline import _kept_name_boxes
    from redact.reading import PageText

    unit = "伊犁哈萨克自治州不动产登记中心"
    other = _line("陶辉波", 380, 440, pitch=28, h=28)
    page = PageText((other,), 0, (other,))
    kept = Match("other_name", (Span(0, 0, 3),), "陶辉波", 1.0, masked=False)
    protect = _kept_name_boxes(page, [kept])
    assert len(protect) == 3
    cand = seals.SealCandidate((506.0, 298.0), (172.0, 172.0), 0.0, (333, 126, 680, 472), 0.9, "red")
    reading = seals.SealReading(unit, (), 0.95, (0.58, 0.88), (112.0, 380.5),
                                ink_span=(115.0, 377.0))
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    upright = np.full((900, 1000, 3), 250, np.uint8)
    for boxes, overlaps in (((), True), (protect, False)):
        regions, _, _ = redactor._seal_regions(upright, [(cand, reading)],
                                               Applicant("陶辉", None, [unit]),
                                               lambda pts: [(float(x), float(y)) for x, y in pts],
                                               1000, 900, protect=boxes)
        (seal,) = regions
        mask = np.zeros((900, 1000), np.uint8)
        cv2.fillPoly(mask, [np.round(np.asarray(seal.polygon)).astype(np.int32)], 1)
        assert bool(mask[441:468, 381:464].any()) is overlaps
        assert mask.sum() > 30000               # the ring's text band is still masked


def test_colleagues_names_in_the_applicants_name_column_are_kept_clear_of_seal_masks() -> None:
    """A roster's 姓名 column under the unit's seal (seed 8117): 古丽不拉艾则孜, read with a slip
    and no dot, is no look-alike of 古丽米拉·加恒, but it is a name in her column, and the
    seal's mask must leave it (it covered 6%). Cells of other columns, numbers, and her own
    cell are not protected."""
    from redact.matching import Match, Span
    from redact.pipeline import _column_name_boxes
    from redact.reading import PageText

    own = _line("古丽米拉·加恒", 200, 300, pitch=20, h=30)
    other = _line("古丽不拉艾则孜", 200, 340, pitch=20, h=30)
    short = _line("王伟", 250, 380, pitch=20, h=30)
    born = _line("1966.05", 200, 420, pitch=20, h=30)
    unit = _line("新疆维吾尔自治区地震局", 400, 340, pitch=20, h=30)
    # A dotted name whose dot was read as a dash (热依拉·努尔兰 under seed 2579's seal, 10%),
    # its 兰 read as 三, whose box lacks the top of the ink.
    dashed = _line("热依拉-努尔三", 200, 460, pitch=20, h=30)
    lost_top = replace(dashed.chars[-1], quad=((320, 470), (340, 470), (340, 490), (320, 490)))
    dashed = replace(dashed, chars=(*dashed.chars[:-1], lost_top))
    lines = (own, other, short, born, unit, dashed)
    page = PageText(lines, 0, lines)
    name = Match("name", (Span(0, 0, 7),), "古丽米拉·加恒", 1.0)
    boxes = _column_name_boxes(page, [name])
    assert len(boxes) == 7 + 2 + 7
    assert all(y0 >= 300 + 30 and (y1 <= 380 + 30 + 1 or y0 >= 460 - 1) and x1 <= 340 + 1
               for x0, y0, x1, y1 in boxes)
    assert boxes[-1] == (319, 459, 341, 491)  # over the cell's ink rows
    # In a sentence, the name is no cell of a column.
    said = (_line("古丽米拉·加恒同志", 200, 300, pitch=20, h=30), *lines[1:])
    assert _column_name_boxes(PageText(said, 0, said), [name]) == []
    # Nor is the seal's lettering over the column a name in it: 国土资源信, read along its
    # arc 30 degrees off the page's rows (fresh set 1862, the seal's right half left, 70%).
    arc = TextLine("国土资源信", ((214, 254), (274, 289), (252, 325), (193, 290)), 0.9,
                   _line("国土资源信", 200, 260, pitch=14, h=30).chars)
    with_arc = (*lines, arc)
    assert len(_column_name_boxes(PageText(with_arc, 0, with_arc), [name])) == len(boxes)
    # Nor the column's head, the field's label (姓名 under a seal's lettering, fresh set 9264,
    # the seal's band stopped short of 新疆生, 88%).
    with_head = (*lines, _line("姓名", 200, 260, pitch=20, h=30))
    assert len(_column_name_boxes(PageText(with_head, 0, with_head), [name])) == len(boxes)


def test_a_seal_read_as_one_sure_character_on_the_units_signing_line_is_the_units() -> None:
    """A faint oval contract seal crossed by black text read as one sure 司, and another way
    as 中国美税邦司: not read, so stamped on the unit's signing line it is the unit's (it was
    kept as another unit's seal, 36%). Read for real as another unit, it stays."""
    from redact import seals

    unit = "中国电建集团西北勘测设计研究院有限公司"
    cand = seals.SealCandidate((635.0, 1821.0), (110.0, 159.0), 102.0, (477, 1708, 794, 1935),
                               0.9, "red")
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    upright = np.full((2339, 1654, 3), 250, np.uint8)

    def regions(reading: seals.SealReading) -> list[Region]:
        return redactor._seal_regions(upright, [(cand, reading)], Applicant("江军", None, [unit]),
                                      lambda pts: [(float(x), float(y)) for x, y in pts],
                                      1654, 2339, stamp_lines=[(578, 1780, 1170, 1830)],
                                      line_h=40.0)[0]

    misread = seals.SealReading("司", (), 0.985, (0.62, 0.75), (0.5, 36.0),
                                ("中国美税邦司", "中国家很司"), ink_span=(135.0, 388.0))
    assert [(r.kind, r.masked) for r in regions(misread)] == [("seal", True)]
    other = seals.SealReading("兰州市城关区建筑公司", (), 0.93, (0.62, 0.85), (150.0, 390.0))
    assert [(r.kind, r.masked) for r in regions(other)] == [("other_seal", False)]
    # Its arc read as the serial number printed under it (seed 4730's contract, 33%): no
    # unit named, so not read either.
    serial = seals.SealReading("小心06088686", ("专用",), 0.85, (0.62, 0.85), (150.0, 390.0))
    assert [(r.kind, r.masked) for r in regions(serial)] == [("seal", True)]
    # Read as the unit's head and tail, its middle lost (seed 8290's contract, 41%): nothing
    # in it is another's. Another's head before the same tail is not the unit's.
    gapped = seals.SealReading("中国电有限公司", ("中",), 0.87, (0.62, 0.85), (150.0, 390.0))
    assert [(r.kind, r.masked) for r in regions(gapped)] == [("seal", True)]
    sibling = seals.SealReading("兰州电力有限公司", (), 0.87, (0.62, 0.85), (150.0, 390.0))
    assert [(r.kind, r.masked) for r in regions(sibling)] == [("other_seal", False)]


def test_an_unread_seal_over_the_units_name_split_by_its_ink_is_the_units() -> None:
    """A project report's seal read as nothing (bA) over the unit's name signed under it,
    split by the ink into 中国电建集团 | 勤测 | 研究房 | a | 限公司 along one row (fresh set
    4444, seal and name 0%): read together, the pieces are the name garbled in places, so
    the seal is the unit's. A row that reads as another body leaves it for review."""
    from redact import seals

    unit = "中国电建集团西北勘测设计研究院有限公司"
    cand = seals.SealCandidate((500.0, 300.0), (80.0, 80.0), 0.0, (420, 220, 580, 380), 0.9, "red")
    unread = seals.SealReading("bA", (), 0.4, (0.6, 0.85), (150.0, 390.0))
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    upright = np.full((800, 1000, 3), 250, np.uint8)

    def kinds(*row: str) -> list[str]:
        regions, _, _ = redactor._seal_regions(
            upright, [(cand, unread)], Applicant("某某某", None, [unit, "西北院"]),
            lambda pts: [(float(x), float(y)) for x, y in pts], 1000, 800, line_h=30.0,
            pieces_on=lambda box: [list(row)])
        return [r.kind for r in regions if r.masked]

    assert kinds("中国电建集团", "勤测", "研究房", "a", "限公司") == ["seal"]
    assert kinds("中国电建集团勤测研究房a限公司") == ["seal"]
    assert kinds("中国电建集团中南勘测设计研究院有限公司") == []


def test_a_box_the_seals_ink_swelled_into_the_row_above_is_a_row_of_its_own() -> None:
    """年4月 under a grey seal, its box swollen to 67 px by the ring, shared most of the unit's
    name's row (伊犁哈萨克自治州不动) and joined it: the unit's mask took in the date (seed
    9608). Its middle lies below the name's line, so it is a row of its own; a piece of the
    name swollen by the ink, its middle on the line, stays on the row."""
    from redact.pipeline import _by_middle

    name = _line("伊犁哈萨克自治州不动", 696, 1091, pitch=21, h=32)
    piece = _line("动记中心", 887, 1070, pitch=32, h=62)
    date = _line("年4月", 862, 1101, pitch=53, h=96)
    lines = [name, piece, date]
    assert _by_middle(lines, [[0, 2, 1]]) == [[0, 1], [2]]
    assert _by_middle(lines, [[0, 1]]) == [[0, 1]]


def _units_under_seal(lines: Sequence[TextLine], seal_box: Box, units: Sequence[str],
                      size: tuple[int, int] = (1000, 600)) -> list[Region]:
    """The unit regions ``_under_own_seal`` finds on an upright page of ``lines`` under the
    unit's own (matched) seal at ``seal_box``; ``size`` is the page's (width, height)."""
    from redact.reading import PageText

    seal = Region("seal", seal_box, units[0], 0.9, None, "seal")
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    return redactor._under_own_seal(PageText(tuple(lines), 0, tuple(lines)), [], [seal],
                                    Applicant("某某某", None, list(units)), *size)


def test_a_units_front_lost_past_counting_is_masked_over_its_print_not_the_seals_ring() -> None:
    """尔自治绘院 under the unit's pale seal, 4 of 新疆维吾尔自治区测绘院's 11 characters lost
    before it (fresh set 1862, 87%): more than a third, too many to count at a pitch the lost
    middle inflates, so the mask ran only from the read. It now runs over the print's grey
    ink before the read, and stops at the gap before the seal's pink ring."""
    from redact.reading import PageText

    units = ["新疆维吾尔自治区测绘院", "自治区测绘院", "新疆测绘院"]
    line = _line("尔自治绘院", 300, 300, pitch=20, h=30)
    image = np.full((600, 1000, 3), 245, np.uint8)
    for k in range(4):  # 新疆维吾, grey print, 16 px glyphs 20 px apart
        x = 220 + 20 * k
        image[306:324, x + 2:x + 18] = 160
        image[312:318, x:x + 20] = 245  # a glyph's white, not a block
    for k in range(5):
        x = 300 + 20 * k
        image[306:324, x + 2:x + 18] = 160
    image[285:345, 190:210] = (225, 170, 172)  # the ring, 10 px before 新
    seal = Region("seal", (150, 150, 450, 450), units[0], 0.9, None, "seal")
    page = PageText((line,), 0, (line,))
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    applicant = Applicant("某某某", None, units)
    (unit,) = redactor._under_own_seal(page, [], [seal], applicant, 1000, 600, image)
    assert 210 <= unit.box[0] <= 222, unit.box
    # Without the pixels, the read is all that is known.
    (blind,) = redactor._under_own_seal(page, [], [seal], applicant, 1000, 600)
    assert blind.box[0] >= 295


def test_a_units_middle_two_after_its_label_under_its_seal_run_on_at_their_own_pitch() -> None:
    """填报单位（盖章），第一 under the unit's own seal, 新疆 and 测绘院 of 新疆第一测绘院 lost
    in its ink (seed 9518, 46%). The three characters after 一 run on at the read's own pitch,
    not the whole line's, whose label would make it three times as wide."""
    units = ["新疆维吾尔自治区第一测绘院", "自治区第一测绘院", "新疆第一测绘院"]
    line = _line("填报单位（盖章），第一", 37, 96, pitch=15, h=20)
    (unit,) = _units_under_seal([line], (139, 37, 268, 155), units)
    x0, _, x1, _ = unit.box
    assert x0 <= 37 + 9 * 15 and x1 >= 37 + 11 * 15 + 3 * 15 - 2, "第一 and the three after it"
    assert x0 >= 37 + 8 * 15 - 8, "not over the label"
    assert x1 <= 37 + 11 * 15 + 3 * 15 + 8, "not on across the page"


def test_a_unit_after_its_label_under_its_seal_is_masked_to_its_end_however_garbled() -> None:
    """填报单位（盖章）：矛维吾尔：台区测经院 under the unit's own seal: five slips in eleven
    characters, past the loose match, and the label's words cut at the colon the ink made
    of 自治. Only 矛维吾尔 was masked (64%, fresh set 2961); the label ties the rest to the
    unit too."""
    units = ["新疆维吾尔自治区测绘院", "自治区测绘院", "新疆测绘院"]
    line = _line("填报单位（盖章）：矛维吾尔：台区测经院", 100, 300)
    (unit,) = _units_under_seal([line], (300, 200, 600, 460), units, size=(1000, 600))
    assert unit.box[0] <= 100 + 9 * 30 and unit.box[2] >= 100 + 19 * 30


def test_a_units_head_lost_with_its_labels_end_under_its_seal_is_masked_from_where_it_begins(
        ) -> None:
    """甲方（盖章）：新疆维吾尔自治区地震局 under its seal read 甲方（尔自治区地震局, the
    bracket's box taking in the lost ink (fresh set 8563, 94%): the name begins the four
    characters it lacks before 尔, at the read's pitch, and never inside the bracket's cell.
    An alias read whole there lacks nothing."""
    units = ["新疆维吾尔自治区地震局", "自治区地震局"]
    head, name = _line("甲方（", 100, 300), _line("尔自治区地震局", 280, 300)
    # （ from 160, its box to 280 over the lost ink.
    bracket = replace(head.chars[2], quad=((160.0, 300.0), (280.0, 300.0), (280.0, 340.0),
                                           (160.0, 340.0)))
    line = TextLine(head.text + name.text, ((100.0, 300.0), (490.0, 300.0), (490.0, 340.0),
                                            (100.0, 340.0)), 0.9,
                    (*head.chars[:2], bracket, *name.chars))
    (unit,) = _units_under_seal([line], (150, 250, 450, 450), units)
    # 尔 at 280, pitch 30: 新疆维吾 from 160, but not inside the bracket's own cell (160 and
    # a line height of 40).
    assert 196 <= unit.box[0] <= 200 and unit.box[2] >= 490
    # Read whole as the alias, nothing is lacking.
    alias = TextLine("甲方（自治区地震局", line.quad, 0.9, (*head.chars[:2], bracket, *name.chars[1:]))
    (unit,) = _units_under_seal([alias], (150, 250, 450, 450), units)
    assert unit.box[0] >= 310 - 6


def test_a_unit_read_after_a_mark_its_lost_head_left_under_its_seal_is_masked_from_the_mark(
        ) -> None:
    """”地区基绘院 signing a project report under its seal: 喀什 lost to the ink, one of them
    read as a mark, under a seal read 唱什地坐西础测绘踪 that the print witnesses as the unit's.
    The mark's box holds some of the lost head's ink (the unit was 80% covered): the mask
    starts where the two lost characters begin, at the line's pitch from 地, and no farther
    left."""
    from redact.pipeline import WITNESSED_NOTE
    from redact.reading import PageText

    units = ["喀什地区基础测绘院", "喀什测绘院"]
    line = _line("”地区基绘院", 432, 523, pitch=18, h=24)
    seal = Region("seal", (396, 483, 508, 585), "唱什地坐西础测绘踪", 0.66, None, "seal",
                  note=f"red seal {WITNESSED_NOTE}")
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    (unit,) = redactor._under_own_seal(PageText((line,), 0, (line,)), [], [seal],
                                       Applicant("某某某", None, units), 1000, 600)
    assert "read as" in unit.note
    assert 412 <= unit.box[0] <= 416 and unit.box[2] >= 432 + 6 * 18 - 2


@pytest.mark.parametrize("read", ["†地区基础测绘院（盖章）", "C地区基础测绘院（盖章）"])
def test_a_units_head_lost_beyond_its_lines_box_under_its_seal_is_masked_from_where_it_begins(
        read: str) -> None:
    """†地区基础测绘院（盖章） under the unit's own seal: the line's box begins inside 什, whose
    tail was read as †, and 喀 before it was lost with 什's head; the mask fell 13 px short
    of the name (95%, fresh set 7878). The two lost characters are counted at the line's
    pitch from 地, the first read. A Latin letter there is the ink's too (C资派信息中心 for
    国土资源信息中心, fresh set 5858)."""
    units = ["喀什地区基础测绘院", "喀什测绘院"]
    # 地 at 442 at a pitch of 30: 喀什 begin at 382, and the line's box at 427, in 什.
    rest = _line(read[1:], 442, 300)
    mark = CharBox(read[0], ((427, 300), (442, 300), (442, 340), (427, 340)), 0.5)
    line = TextLine(read, ((427, 300), *rest.quad[1:3], (427, 340)), 0.9, (mark, *rest.chars))
    (unit,) = _units_under_seal([line], (380, 200, 620, 460), units, size=(1000, 600))
    # (At the line's own pitch, 315 px over 12 characters, a little short of 30.)
    assert 376 <= unit.box[0] <= 390, "喀什 begin two pitches before 地, not one before †"


def test_a_units_head_read_garbled_under_its_seal_is_masked_with_it() -> None:
    """吸r地区基础测绘院 signing a project report under its seal: 喀什 read garbled (0.35 and
    0.5), one Chinese character and a Latin letter. They are the lost head's ink, so the
    mask covers them (it began at 地, 79%, fresh set 2580). A Chinese character read surely
    there is another word, and the mask keeps to the name."""
    units = ["喀什地区基础测绘院", "喀什测绘院"]
    for score, start in ((0.35, 380), (0.95, 440)):
        line = _unsure(_unsure(_line("吸r地区基础测绘院", 380, 300), [0], score), [1], 0.5)
        (unit,) = _units_under_seal([line], (330, 200, 680, 460), units, size=(1000, 600))
        assert abs(unit.box[0] - start) <= 5, (score, unit.box)


def test_a_unit_read_short_of_its_end_under_its_seal_is_masked_up_to_the_stamps_label() -> None:
    """维吾》 | 台区地 | (盖章) under the unit's seal (新疆维吾尔自治区地震局): 震局 under the
    ink was never detected; the mask runs on to the stamp's label, not over it."""
    title = _line("新疆维吾尔自治区地震局2019年度考核", 100, 100)
    units = ["新疆维吾尔自治区地震局", "自治区地震局", "新疆地震局"]
    row = [_line("维吾》", 300, 300), _line("台区地", 395, 302), _line("(盖章)", 520, 302)]
    (unit,) = _units_under_seal([title, *row], (280, 200, 560, 480), units)
    assert 505 <= unit.box[2] <= 521, "up to (盖章), not over it"
    # A read that ends with the name's closing character stops there.
    row = [_line("维吾》", 300, 300), _line("台区震局", 395, 302), _line("(盖章)", 560, 302)]
    (unit,) = _units_under_seal([title, *row], (280, 200, 600, 480), units)
    assert unit.box[2] <= 395 + 4 * 30 + 8


def test_a_unit_that_lost_its_last_glyphs_under_its_seal_is_masked_on_at_the_reads_pitch() -> None:
    """Under the unit's seal the read lacks the name's last characters: before （盖章） on its
    own line (浙疆维吾尔皇治区测绘 | （盖章）, 院 lost) the mask runs into the bracket's box,
    short of the bracket's own ink; with nothing after it (…国土资源信, 息中心 lost) it runs
    on for the characters lacking, at the read's pitch, short of the row's next text."""
    title = _line("新疆维吾尔自治区测绘院2019年度考核", 100, 100)
    units = ["新疆维吾尔自治区测绘院", "自治区测绘院"]
    signed = _line("浙疆维吾尔皇治区测绘（盖章）", 300, 300)
    (unit,) = _units_under_seal([title, signed], (280, 200, 720, 480), units)
    # 630 is the end of the bracket's box; its ink is the last third of a line height (40).
    assert 630 - 0.35 * 40 <= unit.box[2] <= 630 - 0.2 * 40, "into （'s box, not over its ink"
    units = ["新疆维吾尔自治区国土资源信息中心", "国土资源信息中心"]
    title = _line("新疆维吾尔自治区国土资源信息中心2019年度考核", 100, 100)
    cut = _line("新疆维吾尔自治区国土资源信", 300, 300)
    (unit,) = _units_under_seal([title, cut], (280, 200, 720, 480), units)
    assert 300 + 16 * 30 - 4 <= unit.box[2] <= 300 + 16 * 30 + 8, "three characters on"
    (unit,) = _units_under_seal([title, cut, _line("2019年3月", 720, 300)], (280, 200, 720, 480), units)
    assert unit.box[2] <= 722, "short of the next text on the row"


def test_a_unit_short_of_its_end_before_the_next_signers_bracket_runs_into_the_brackets_box() -> None:
    """A labour contract's 甲方（盖章）：伊犁哈萨克自治州不动产登动中(字）： under the unit's seal:
    心 and the other party's 乙方（签 were lost, 心's ink taken into the bracket's box. The
    mask runs on into that box, short of the bracket's own ink; a read that ends with the
    name's closing character stops there."""
    units = ["伊犁哈萨克自治州不动产登记中心", "伊犁州不动产登记中心"]
    title = _line("伊犁哈萨克自治州不动产登记中心劳动合同", 100, 100)
    signed = _line("甲方（盖章）：伊犁哈萨克自治州不动产登动中(字）：", 100, 300)
    (unit,) = _units_under_seal([title, signed], (300, 200, 560, 480), units, (1600, 800))
    assert 760 - 0.35 * 40 <= unit.box[2] <= 760 - 0.2 * 40, "into (’s box, not over its ink"
    whole = _line("甲方（盖章）：伊犁哈萨克自治州不动产登动中心(字）：", 100, 300)
    (unit,) = _units_under_seal([title, whole], (300, 200, 560, 480), units, (1600, 800))
    assert unit.box[2] <= 760 + 6, "to 心's end only"


def test_a_unit_read_short_under_its_seal_lacks_the_characters_after_its_last_one_read() -> None:
    """How far a read short of the name's end runs on: all the rest after an exact start;
    after a garbled read, what the full name has after the last character read (a mark the
    ink left after it aside: a roster's ·疆测: for 新疆测绘院, 绘院 under the ink), at most a
    third of the name; nothing when the read ends with the closing character."""
    from redact.matching import unit_lacking_at_end

    units = ["新疆维吾尔自治区测绘院", "新疆测绘院"]
    assert unit_lacking_at_end("新疆维吾", units) == 7
    assert unit_lacking_at_end("·疆测:", units) == 2
    assert unit_lacking_at_end("新疆维吾尔自治区测绘院", units) == 0
    assert unit_lacking_at_end("疆", units) == 0, "more than a third of the name"
    assert unit_lacking_at_end("区测", units) == 2


def test_a_units_start_after_its_label_under_its_seal_is_masked_on_for_the_rest_of_the_name() -> None:
    """填报单位 | (盖章) | 伊犁哈 and nothing more read under the unit's seal: 伊犁哈 is exactly
    the start of 伊犁哈萨克自治州不动产登记中心, whose other twelve characters lie under the
    ink; the mask runs on for them at the read's pitch."""
    title = _line("伊犁哈萨克自治州不动产登记中心2017年度考核结果花名册", 100, 100, pitch=20)
    units = ["伊犁哈萨克自治州不动产登记中心", "伊犁州不动产登记中心"]
    row = [_line("填报单位", 100, 300), _line("(盖章)", 225, 300), _line("伊犁哈", 320, 300)]
    (unit,) = _units_under_seal([title, *row], (300, 200, 900, 480), units)
    assert unit.box[2] >= 320 + 15 * 30 - 4, "twelve characters on at 30 px"


def test_a_units_clean_start_then_a_garbled_piece_under_its_seal_is_masked_to_the_names_end(
        ) -> None:
    """甲方（盖章）：喀什地 | 出 under the unit's oval seal: 喀什地 read cleanly, 地's box
    running on over the ink, and 础 read 出 on its own, its 石 under the ink (fresh set 8916,
    90%: the mask stopped at 出 and left 测绘院). From a clean start the name runs on to its
    own length at the start's pitch, neither short of it nor over the ink's width."""
    title = _line("喀什地区基础测绘院劳动合同", 100, 100)
    units = ["喀什地区基础测绘院", "喀什测绘院"]
    signed = _line("甲方（盖章）：喀什地", 100, 300)
    wide = CharBox("地", ((370, 300), (480, 300), (480, 340), (370, 340)), 0.9)
    signed = replace(signed, chars=signed.chars[:-1] + (wide,),
                     quad=((100, 300), (480, 300), (480, 340), (100, 340)))
    piece = _line("出", 462, 302)
    (unit,) = _units_under_seal([title, signed, piece], (300, 200, 800, 420), units)
    assert unit.text == "喀什地出"
    assert 100 + 16 * 30 <= unit.box[2] <= 100 + 16 * 30 + 8, unit.box


def test_a_unit_garbled_past_reading_after_its_label_under_its_seal_is_masked_from_the_colon() -> None:
    """A labour contract's 甲方（盖章）：区全院 under the unit's oval seal: 喀什地区基础测绘院
    read as three characters, two of them the name's own (区…院). What follows the label under
    the unit's own seal is then its name, so the mask runs from the label's colon to the
    line's end; a date there, the other party's field, or words that keep none of the name
    (another body's 乌鲁木齐) are not the unit."""
    title = _line("喀什地区基础测绘院劳动合同", 100, 100)
    units = ["喀什地区基础测绘院", "喀什测绘院"]
    signed = _line("甲方（盖章）：区全院", 100, 300, pitch=32)
    (unit,) = _units_under_seal([title, signed], (300, 200, 560, 420), units)
    assert unit.text == "区全院"
    assert 100 + 6 * 32 <= unit.box[0] <= 100 + 6 * 32 + 20, "from the colon, not the label"
    assert unit.box[2] >= 100 + 10 * 32, "to the line's end"
    for other in ("甲方（盖章）：2020年12月", "甲方（盖章）：乙方签字", "甲方（盖章）：乌鲁木齐"):
        assert _units_under_seal([title, _line(other, 100, 300, pitch=32)], (300, 200, 560, 420),
                                 units) == [], other
    # Not without the unit's seal over it.
    assert _units_under_seal([title, signed], (700, 200, 900, 420), units) == []


def test_a_unit_after_its_label_under_its_seal_is_masked_from_a_margin_inside_the_labels_box(
        ) -> None:
    """填报单位（盖章）： | 制绘院 under a roster's seal (喀什测绘院, 喀什 lost, 测 read 制):
    the mask ran from the label's box, whose end held the first pixels of 喀 (96%, fresh set
    7878). It starts the usual margin inside it, and no farther over the label."""
    units = ["喀什地区基础测绘院", "喀什测绘院"]
    label = _line("填报单位（盖章）：", 100, 300)
    name = _line("制绘院", 432, 302)
    (unit,) = _units_under_seal([label, name], (300, 200, 600, 500), units)
    assert "after its label" in unit.note
    assert 100 + 9 * 30 - 6 <= unit.box[0] <= 100 + 9 * 30 - 3


def test_a_unit_whose_first_glyph_its_labels_wide_colon_took_is_masked_from_the_colons_middle(
        ) -> None:
    """填报单位（(基5)： | 主产建团勘测规划设计研究院 under a roster's seal, 新疆 lost (fresh set
    7415, 96%): the label's colon box, 23 px wide for characters of 18, took in the left half
    of 新, and the mask stopped at the label's box end. The name starts in the colon cell's
    right half (its own ink is in the left); a colon of the characters' width keeps the
    label's box end."""
    units = ["新疆生产建设兵团勘测规划设计研究院", "兵团勘测院", "兵团勘测设计院"]

    def label(colon: float) -> TextLine:
        line = _line("填报单位（(基5)：", 60, 154, pitch=18, h=27)
        x = 60 + 9 * 18
        chars = (*line.chars[:-1], CharBox("：", ((x, 154), (x + colon, 154), (x + colon, 181),
                                                (x, 181)), 0.9))
        end = x + colon
        return TextLine(line.text, ((60, 154), (end, 154), (end, 181), (60, 181)), 0.9, chars)

    name = _line("主产建团勘测规划设计研究院", 261, 155, pitch=21, h=26)
    (unit,) = _units_under_seal([label(23), name], (200, 60, 420, 280), units)
    assert 60 + 9 * 18 + 6 <= unit.box[0] <= 60 + 9 * 18 + 13, unit.box
    (unit,) = _units_under_seal([label(18), name], (200, 60, 420, 280), units)
    assert unit.box[0] >= 60 + 10 * 18 - 5, unit.box


def test_a_unit_whose_ink_the_cells_of_a_few_characters_took_is_masked_to_the_lines_end(
        ) -> None:
    """甲方（盖章）：新疆维吾尔自治区测绘院 under its seal at 100 dpi read 甲方（盖章）会院: the
    bracket's cell took the colon and 新疆维吾尔 (six pitches), 会's 自治区测绘 (73%, fresh set
    3579). From the bracket's ink to the line's end is the name; a line whose few characters
    after the label fill only their own cells is left as read."""
    units = ["新疆维吾尔自治区测绘院", "自治区测绘院", "新疆测绘院"]
    label = _line("甲方（盖章", 100, 300, pitch=16, h=20)
    cells = [(")", 180, 276), ("会", 284, 364), ("院", 364, 380)]
    chars = label.chars + tuple(CharBox(c, ((a, 300), (b, 300), (b, 320), (a, 320)), 0.9)
                                for c, a, b in cells)
    line = TextLine("甲方（盖章）会院", ((100, 300), (386, 300), (386, 320), (100, 320)), 0.9, chars)
    (unit,) = _units_under_seal([line], (200, 240, 360, 400), units)
    assert "mostly not read" in unit.note
    assert 180 <= unit.box[0] <= 190 and unit.box[2] >= 384
    tight = _line("甲方（盖章）会院", 100, 300, pitch=16, h=20)
    assert _units_under_seal([tight], (200, 240, 360, 400), units) == []


def test_a_unit_under_its_seal_ends_where_a_piece_read_again_over_the_same_ink_ends_it() -> None:
    """A roster's title under the unit's seal, read in overlapping pieces: 伊犁州 | 产登记中，
    (the second look at a blob over the seal) | 记中心2022年度考核结果花名册 (the page's own
    reading, from 记 on). The match 伊犁州产登记中 stops short of 心, which the third piece
    holds after repeating 中: the mask runs on to 心's end, not over the rest of the title."""
    units = ["伊犁哈萨克自治州不动产登记中心", "伊犁州不动产登记中心"]
    title = [_line("伊犁州", 350, 200), _line("产登记中，", 590, 200, pitch=36),
             _line("记中心2022年度考核结果花名册", 700, 200)]
    (unit,) = _units_under_seal(title, (400, 150, 720, 450), units, (1600, 1000))
    assert 700 + 3 * 30 - 2 <= unit.box[2] <= 700 + 3 * 30 + 8, "to 心's end"
    # A third piece that does not go on with the name's rest leaves the mask where it was.
    other = [*title[:2], _line("记录2022年度考核结果花名册", 700, 200)]
    (unit,) = _units_under_seal(other, (400, 150, 720, 450), units, (1600, 1000))
    assert unit.box[2] <= 590 + 5 * 36 + 8


def test_a_unit_not_read_at_all_after_its_label_under_its_seal_is_masked_over_the_boxs_rest() -> None:
    """甲方（盖章)： and nothing more read, under the unit's oval seal, while the line's box
    runs on four characters past the colon: the detector saw 新疆测绘院's ink there, which
    the seal's ink left unreadable. The box's rest is masked, as high as the label's ink; a
    box that ends at its colon masks nothing."""
    title = _line("新疆维吾尔自治区测绘院劳动合同", 100, 100)
    units = ["新疆维吾尔自治区测绘院", "自治区测绘院", "新疆测绘院"]
    label = _line("甲方（盖章)：", 100, 300)
    wide = TextLine(label.text, ((100, 300), (400, 300), (400, 340), (100, 340)), 0.8, label.chars)
    (unit,) = _units_under_seal([title, wide], (240, 230, 440, 400), units)
    x0, y0, x1, y1 = unit.box
    assert 100 + 7 * 30 <= x0 <= 100 + 7 * 30 + 4, "from the colon's end, not over the label"
    assert x1 >= 398 and y0 <= 302 and y1 >= 338
    assert _units_under_seal([title, label], (240, 230, 440, 400), units) == []
    assert _units_under_seal([title, wide], (600, 230, 800, 400), units) == [], "no seal over it"


def test_a_unit_that_lost_its_first_glyph_under_its_seal_is_masked_from_the_labels_colon() -> None:
    """填报单位（盖章）：(乌)鲁木齐市：资源局 under the unit's seal: 乌 was lost under the seal's
    ink and its ink went to the colon's box; the mask runs from the colon, not from 鲁."""
    text = "填报单位（盖章）：鲁木齐市：资源局"
    xs = [100 + 30 * k for k in range(8)] + [340, 390] + [420 + 30 * k for k in range(8)]
    ends = xs[1:] + [xs[-1] + 30]
    chars = tuple(CharBox(c, ((x0, 300), (x1, 300), (x1, 340), (x0, 340)), 0.9)
                  for c, x0, x1 in zip(text, xs, ends))
    line = TextLine(text, ((100, 300), (ends[-1], 300), (ends[-1], 340), (100, 340)), 0.9, chars)
    title = _line("乌鲁木齐市自然资源局2021年度考核结果花名册", 100, 100)
    (unit,) = _units_under_seal([title, line], (330, 150, 650, 470),
                                ["乌鲁木齐市自然资源局", "乌市自然资源局"])
    assert 338 <= unit.box[0] <= 362, "from the colon's dots, over the lost 乌, not the label"


def test_a_mark_read_between_the_labels_colon_and_the_unit_under_its_seal_is_its_lost_head(
        ) -> None:
    """甲方（盖章）：「齐市自然局 under the unit's seal (fresh set 6048): 乌鲁木 lost under the
    ink, read as the mark 「. The mask runs from the colon, not from 齐 (91%)."""
    line = _line("甲方（盖章）：「齐市自然局", 100, 300, pitch=22, h=30)
    title = _line("乌鲁木齐市自然资源局", 100, 100, pitch=22, h=30)
    (unit,) = _units_under_seal([title, line], (200, 220, 420, 440),
                                ["乌鲁木齐市自然资源局", "乌市自然资源局"])
    colon = 100 + 6 * 22
    assert colon <= unit.box[0] <= colon + 16, "from the colon's dots, over 「 and the lost head"


def test_a_unit_whose_ending_is_garbled_under_its_seal_is_masked_to_the_lines_end() -> None:
    """填报单位（盖章）：喀什地基础测绘|完: 院 read as two stray marks at the line's end, or
    before the stamp's label (喀什基础测绘”完（盖章）), is still the unit's (the read lacks
    the unit's last character); a line that goes on with more words after a whole name
    stops at the name."""
    title = _line("喀什地区基础测绘院2017年度考核结果花名册", 100, 100)
    units = ["喀什地区基础测绘院", "喀什测绘院"]
    garbled = _line("填报单位（盖章）：喀什地基础测绘|完", 100, 300)
    (unit,) = _units_under_seal([title, garbled], (300, 150, 700, 470), units)
    assert unit.box[2] >= garbled.box[2] - 1
    # The same before the stamp's own label: up to 完, not over （盖章）.
    signed = _line("喀什基础测绘”完（盖章）", 100, 300)
    (unit,) = _units_under_seal([title, signed], (300, 150, 700, 470), units)
    assert 100 + 8 * 30 - 2 <= unit.box[2] <= 100 + 8 * 30 + 8
    whole = _line("填报单位（盖章）：喀什地区基础测绘院甲乙", 100, 300)
    found = _units_under_seal([title, whole], (300, 150, 700, 470), units)
    assert all(u.box[2] <= 100 + 18 * 30 + 8 for u in found)


def test_a_unit_name_signing_a_report_under_its_seal_is_masked_from_what_is_left_of_it() -> None:
    """喀什地区基础测绘院 / 2019年9月 under the unit's seal, read as 区 | 绘院 only: the whole
    name is masked, its three lost first characters at the pieces' pitch; the date stays."""
    title = _line("喀什地区基础测绘院2019年度项目报告", 100, 100)
    qu = _line("区", 994, 959, pitch=21, h=21)
    tail = _line("绘院", 1071, 956, pitch=24, h=32)
    date = _line("2019年9月", 1018, 998, pitch=12.5, h=32)
    (unit,) = _units_under_seal([title, qu, tail, date], (855, 869, 1061, 1019),
                                ["喀什地区基础测绘院", "喀什测绘院"], (1400, 1900))
    x0, y0, x1, y1 = unit.box
    assert y0 >= 940
    assert 925 <= x0 <= 940 and x1 >= 1119 and y1 <= 998 + 4


def test_a_unit_whose_front_was_lost_under_its_seal_is_masked_from_its_lines_start() -> None:
    """(国土)资源信息中心（盖章） under the unit's seal: 国土 was not read, but the line's box
    still starts over it; the mask runs from there. A read that starts with the unit's own
    first character stays where it starts."""
    units = ["新疆维吾尔自治区国土资源信息中心", "自治区国土资源信息中心", "国土资源信息中心"]
    title = _line("新疆维吾尔自治区国土资源信息中心年度考核登记表", 100, 100)
    read = _line("资源信息中心（盖章）", 833, 1469, pitch=16, h=30)
    line = TextLine(read.text, ((794, 1469), (993, 1469), (993, 1499), (794, 1499)), 0.9, read.chars)
    (unit,) = _units_under_seal([title, line], (704, 1363, 937, 1548), units, (1240, 1754))
    assert unit.box[0] <= 796
    whole = _line("国土资源信息中心（盖章）", 833, 1469, pitch=16, h=30)
    line = TextLine(whole.text, ((794, 1469), (1025, 1469), (1025, 1499), (794, 1499)), 0.9, whole.chars)
    assert all(u.box[0] >= 825 for u in _units_under_seal([title, line], (704, 1363, 937, 1548),
                                                          units, (1240, 1754)))


def test_a_unit_whose_first_glyph_was_lost_outside_its_lines_box_is_masked_over_it() -> None:
    """(乌)鲁木齐市自然资源局（盖章） under the unit's seal, the line's box starting at 鲁
    (fresh set 8080's annual assessment, 91%): the lost 乌 is masked at the line's pitch
    before it, and no further than the end of a label read before it on the row."""
    units = ["乌鲁木齐市自然资源局", "乌市自然资源局"]
    title = _line("乌鲁木齐市自然资源局年度考核登记表", 100, 100)
    line = _line("鲁木齐市自然资源局（盖章）", 745, 1195, pitch=18, h=24)
    seal = (630, 1101, 832, 1277)
    (unit,) = _units_under_seal([title, line], seal, units, (1131, 1600))
    assert 745 - 18 - 2 <= unit.box[0] <= 745 - 18 + 2
    label = _line("单位：", 680, 1195, pitch=18, h=24)  # ends at x = 734
    (unit,) = _units_under_seal([title, label, line], seal, units, (1131, 1600))
    assert unit.box[0] >= 734 - 3, "a margin into the colon's blank right half at most"


@pytest.mark.slow
def test_character_boxes_are_placed_only_on_lines_that_need_them(redactor: Redactor) -> None:
    from redact.elements import PlacedChars

    p = certificate()
    page = redactor.read(p.array())
    assert page.lines and all(isinstance(ln.chars, PlacedChars) and not ln.chars.is_placed
                              for ln in page.lines)
    res = redactor.redact(p.array(), WANG)
    placed = [ln.text for ln in res.lines if ln.chars.is_placed]  # type: ignore[attr-defined]
    assert "专业技术资格证书" not in placed           # the title holds nothing to mask
    assert any("王伟" in t for t in placed)


@pytest.mark.slow
def test_a_turned_pages_boxes_placed_late_are_the_upright_boxes_turned_back(
        redactor: Redactor) -> None:
    from redact.geometry import unrotate_points

    img = np.ascontiguousarray(np.rot90(certificate().array(), 1))
    page = redactor.read(img)
    assert page.rotation != 0
    h, w = img.shape[:2]
    for given, up in zip(page.lines, page.upright_lines):
        back = [unrotate_points(np.asarray(c.quad), page.rotation, w, h) for c in up.chars]
        got = [np.asarray(c.quad) for c in given.chars]
        assert len(got) == len(back) == len(given.text)
        assert all(np.allclose(a, b) for a, b in zip(got, back))


@pytest.mark.slow
@pytest.mark.parametrize("turns", [0, 1])
def test_seals_read_beside_the_lines_give_what_they_give_read_in_turn(redactor: Redactor,
                                                                      turns: int) -> None:
    from redact import Settings

    image, _, _ = seal_page()
    image = np.ascontiguousarray(np.rot90(image, turns))
    in_turn = Redactor(Settings(threads=1), engine=redactor.engine)
    assert in_turn._beside is None
    assert redactor._beside is not None or (os.cpu_count() or 1) == 1
    a, b = redactor.redact(image, WANG), in_turn.redact(image, WANG)
    assert (a.regions, a.kept, a.warnings) == (b.regions, b.kept, b.warnings)
    assert [r.kind for r in a.regions].count("seal") == 1
    assert np.array_equal(a.masked, b.masked)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread niceness is Linux's")
def test_work_beside_the_page_runs_nicer_than_the_caller(redactor: Redactor) -> None:
    from redact.pipeline import BESIDE_NICENESS

    if redactor._beside is None:
        pytest.skip("one core: nothing runs beside the page")
    mine = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    beside = redactor._beside.submit(
        lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id())).result()
    assert beside == min(19, mine + BESIDE_NICENESS)
    # The caller's own thread, which runs the page's main work, keeps its priority.
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == mine


def _page_with_photo_and_seal(seal_px: int) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """Black print, an orange photo (most of the page's dark pixels) and a red ring of
    ``seal_px`` across over a line of print."""
    page = Page(width=1400, height=1000)
    for k in range(4):
        page.text((100, 100 + 60 * k), "专业技术资格证书持有人姓名", size=32)
    page.text((700, 500), "新疆维吾尔自治区人力资源厅", size=32)
    img = page.array().copy()
    img[600:950, 100:400] = (230, 110, 50)  # an orange suit
    cx, cy = 900, 520
    cv2.circle(img, (cx, cy), seal_px // 2 - 6, (220, 40, 40), 8)
    half = seal_px // 2
    return img, (cx - half, cy - half, cx + half, cy + half)


@pytest.mark.parametrize("seal_px", [320, 236])
def test_a_photo_does_not_keep_a_fine_scans_seal_from_being_painted_out(seal_px: int) -> None:
    """Down to a seal 236 px across, a scan of about 143 dpi: there the photo kept an
    annual assessment's seal, whose ring fused with the light print under it into a blob
    read as nothing (seed 6802, the unit 19%)."""
    from redact.reading import paint_out_seals

    img, box = _page_with_photo_and_seal(seal_px)
    out = paint_out_seals(img, [box])
    ring = (np.abs(img.astype(int) - (220, 40, 40)).sum(axis=2) < 30)
    assert ring.sum() > 1000
    assert (out[ring] > 200).all()  # the ring is paper now
    assert (out[600:950, 100:400] == img[600:950, 100:400]).all()  # the photo is not touched


def _faded_seal_over_print(paper: tuple[int, int, int],
                           rings: Sequence[tuple[int, tuple[int, int, int], int]],
                           quality: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A seal's faded ``rings`` (radius, colour, thickness) round (200, 200) on ``paper``,
    three lines of black print across them, JPEG at ``quality``: the page, and the masks of
    the rings' ink clear of the print and of the print's core."""
    img = np.full((400, 400, 3), paper, np.uint8)
    ink = np.zeros(img.shape[:2], np.uint8)
    for radius, colour, thickness in rings:
        cv2.circle(img, (200, 200), radius, colour, thickness)
        if thickness > 0:
            cv2.circle(ink, (200, 200), radius, 1, max(1, thickness // 3))
    print_ = np.zeros(img.shape[:2], np.uint8)
    for y in (150, 210, 270):
        cv2.line(img, (20, y), (380, y), (25, 25, 25), 7)
        cv2.line(print_, (20, y), (380, y), 1, 3)
    ink_clear = ink.astype(bool) & ~cv2.dilate(print_, np.ones((9, 9), np.uint8)).astype(bool)
    return jpeg(img, quality), ink_clear, print_.astype(bool)


def test_a_faded_seals_ink_is_painted_out_and_the_black_print_under_it_stays() -> None:
    """A washed-out seal (its ink 17-26 redder than green and blue, a labour contract's in
    fresh set 2468) hid 甲方（盖章）：乌市自然资源局 from the detector when only ink 30 redder
    was painted out. Its light ink goes now, at a third of its reddest level (never below
    12); the black strokes over it stay, JPEG's reddish rims round them notwithstanding."""
    from redact.reading import paint_out_seals

    # The faded ring, 24 redder; its lettering, 22.
    img, ink, print_ = _faded_seal_over_print(
        (236, 235, 233), [(150, (204, 180, 178), 9), (100, (206, 184, 181), 6)], 70)
    out = paint_out_seals(img, [(40, 40, 360, 360)]).astype(int)
    assert (out[ink].min(axis=1) >= 215).mean() > 0.95, "the faded ink is paper now"
    assert (out[print_].mean(axis=1) < 80).all(), "the print is untouched"


def test_a_washed_out_seals_pale_lettering_goes_with_its_redder_star() -> None:
    """A washed-out seal whose star is 48 redder than green and blue but whose lettering only
    about 20 (fresh set 6767's roster): at half the star's level the lettering stayed, and
    the detector merged it with the title and the 填报单位 line into blobs read as nothing.
    A third of the reddest level takes it; the black print over it stays."""
    from redact.reading import paint_out_seals

    # The star's solid ink, 48 redder; the ring and its lettering, 20.
    img, ink, print_ = _faded_seal_over_print(
        (240, 239, 238), [(40, (222, 174, 174), -1), (150, (207, 187, 186), 9),
                          (110, (209, 189, 188), 6)], 80)
    out = paint_out_seals(img, [(40, 40, 360, 360)]).astype(int)
    assert (out[ink].min(axis=1) >= 220).mean() > 0.95, "the pale lettering is paper now"
    assert (out[print_].mean(axis=1) < 80).all(), "the print is untouched"


def test_a_washed_out_seals_nearly_grey_lettering_goes_too() -> None:
    """A scan that kept a fifth of its colour (fresh set 4391): the ring 28 redder than green
    and blue, its thin lettering grey 150 with only 5-10 of red left. Taken at a third of the
    reddest level, the lettering stayed and fused with the unit's name under it into a blob
    read as 北路测设计研究. Every light pixel with a trace of red goes now; the print stays."""
    from redact.reading import paint_out_seals

    img, ink, print_ = _faded_seal_over_print(
        (253, 253, 253), [(150, (178, 150, 150), 9), (110, (158, 150, 151), 3),
                          (100, (156, 149, 150), 3)], 75)
    out = paint_out_seals(img, [(40, 40, 360, 360)]).astype(int)
    assert (out[ink].min(axis=1) >= 215).mean() > 0.95, "the grey lettering is paper now"
    assert (out[print_].mean(axis=1) < 80).all(), "the print is untouched"


def _grey_seal_over_a_contracts_lines(print_grey: int = 25, blur: float = 0.0) -> np.ndarray:
    """A greyscale scan of a labour contract's signing lines with the unit's seal over them."""
    from PIL import Image, ImageDraw

    from .test_seals import _font, draw_seal

    page = Image.new("RGB", (1654, 1200), (255, 255, 255))
    draw = ImageDraw.Draw(page)
    draw.text((200, 500), "甲方（盖章）：新疆维吾尔自治区测绘院    乙方（签字）：", font=_font(40),
              fill=(print_grey,) * 3)
    draw.text((200, 620), "法定代表人或委托代理人（签字）：", font=_font(40), fill=(print_grey,) * 3)
    draw_seal(page, (470, 560), 150, 150, "新疆维吾尔自治区测绘院", inner="合同专用章",
              strength=0.8, seed=2)
    grey = np.asarray(page.convert("L").convert("RGB"))
    if blur:
        grey = cv2.GaussianBlur(grey, (0, 0), blur)
    return jpeg(grey, 85)


@pytest.mark.slow
def test_a_grey_seals_light_ink_is_kept_from_the_reader_and_the_print_under_it_read(
        redactor: Redactor) -> None:
    """On a greyscale scan no colour tells a seal's ink: its ring and lettering fused with
    the lines under them (甲方（盖章）：新疆维吾尔自治区测绘院 乙方（签字）： read as nothing,
    fresh set 7417). Every pixel about as light as the ring's ink, but beside darker
    strokes, is paper for the reader now: the lines are read whole, the lettering not at
    all."""
    from redact import seals
    from redact.reading import read_page

    img = _grey_seal_over_a_contracts_lines()
    (seal,) = seals.find_seals(img)
    assert seal.ink == "grey"
    cut = seals.grey_ink_cut(img, seal)
    assert cut is not None
    printed = ("甲方（盖章）：新疆维吾尔自治区测绘院", "乙方（签字）：", "法定代表人或委托代理人（签字）：")

    def lettering(texts: list[str]) -> int:
        """Chinese characters read outside the printed lines: the seal's lettering."""
        return sum(is_cjk(c) for t in texts if not any(p in t for p in printed) for c in t)

    cleared = [ln.text for ln in read_page(redactor.engine, img, seal_boxes=[seal.bbox],
                                           grey_seals=[(seal.bbox, cut)]).lines]
    assert all(any(p in t for t in cleared) for p in printed), cleared
    assert lettering(cleared) <= 1
    as_is = [ln.text for ln in read_page(redactor.engine, img, seal_boxes=[seal.bbox]).lines]
    assert lettering(as_is) >= 3, "without the cut, the seal's lettering is read as text"


def test_a_grey_seal_over_print_as_grey_as_itself_is_left_to_the_reader() -> None:
    """A blurred low-resolution scan's small print is as grey as the seal's ring: taken as
    its ink it went with it, and the unit under a roster's and a turned assessment's seal
    with it (fresh sets 2023 and 6527)."""
    from redact import seals

    img = _grey_seal_over_a_contracts_lines(print_grey=120, blur=1.5)
    (seal,) = seals.find_seals(img)
    assert seals.grey_ink_cut(img, seal) is None
    assert seals.grey_ink_cut(_grey_seal_over_a_contracts_lines(), seal) is not None


def test_a_coarse_scans_seal_stays_where_a_photo_makes_the_page_count_as_red_printed() -> None:
    from redact.reading import paint_out_seals

    # A seal 200 px across is a scan of about 120 dpi, where black print under the seal
    # comes out dark red and would go with it.
    img, box = _page_with_photo_and_seal(200)
    assert paint_out_seals(img, [box]) is img


def test_masks_the_raised_stars_of_an_id_number_read_as_a_line_of_their_own() -> None:
    """学员熊娜（身份证号：650102******** | 202X）: the starred part printed raised, beside the
    digits, comes out of the detector as a line of stars only; it is masked with the number.
    Stars on another row, or beside a number that is not the applicant's, stay as they are."""
    from redact.reading import PageText

    applicant = Applicant("熊娜", "65010219670420202X", [])
    head = _line("学员熊娜（身份证号：650102", 100, 300)  # ends at x = 580
    stars = _line("********", 586, 292, pitch=20.0, h=24.0)
    tail = _line("202X），于2021年参加培训", 100, 360)
    far = _line("********", 900, 600, pitch=20.0, h=24.0)
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    lines = (head, stars, tail, far)
    ids = [m for m in redactor.find_text(PageText(lines, 0, lines), applicant)
           if m.kind == "id_number" and m.masked]
    assert {sp.line for m in ids for sp in m.spans} == {0, 1, 2}
    assert [m.text for m in ids if 1 in {sp.line for sp in m.spans}] == ["********"]

    # Read with the glyphs nearest a star (seed 4730's 冰米米冰米*米米), they are stars too;
    # words that merely use such glyphs are not.
    for read, masked in (("冰米米冰米*米米", True), ("本中南", False)):
        lines = (head, _line(read, 586, 292, pitch=20.0, h=24.0), tail, far)
        ids = [m for m in redactor.find_text(PageText(lines, 0, lines), applicant)
               if m.kind == "id_number" and m.masked]
        assert (1 in {sp.line for m in ids for sp in m.spans}) is masked, read

    other = Applicant("熊娜", "65290119961212600X", [])
    ids = [m for m in redactor.find_text(PageText(lines, 0, lines), other)
           if m.kind == "id_number" and m.masked]
    assert not ids


def test_masks_the_units_garbled_name_signing_under_its_own_seal_before_the_stamp_label() -> None:
    """西北院（盖章） under the unit's seal read as 正完（盖章） (seed 3030's annual assessment):
    the words signing for the unit's own seal are the unit's, however the ink garbled them.
    A label (单位（盖章）) and a signing line beside the seal stay as they are."""
    from redact.reading import PageText

    applicant = Applicant("艾尔肯·亚森", None, ["中国电建集团西北勘测设计研究院有限公司", "西北院"])
    seal = Region("seal", (800, 1290, 1070, 1510), "中国电建集团西北勘测设计研究院有限公司",
                  0.9, None, "seal")
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    signing = _line("正完（盖章）", 1006, 1400)
    (unit,) = redactor._under_own_seal(PageText((signing,), 0, (signing,)), [], [seal],
                                       applicant, 1700, 2400)
    x0, y0, x1, y1 = unit.box
    assert x0 <= 1006 and x1 >= 1006 + 2 * 30 and x1 < 1006 + 3 * 30, "正完, not （盖章）"
    assert y0 >= 1390 and y1 <= 1450, "the line, not the seal"
    label = _line("单位（盖章）", 1006, 1400)
    assert redactor._under_own_seal(PageText((label,), 0, (label,)), [], [seal],
                                    applicant, 1700, 2400) == []
    beside = _line("正完（盖章）", 1200, 1700)
    assert redactor._under_own_seal(PageText((beside,), 0, (beside,)), [], [seal],
                                    applicant, 1700, 2400) == []
    # A person signs beside the seal (seed 2023's labour contract): not the unit.
    for text in ("法定代表人或委托代理人（签字）", "法定代表人（盖章）"):
        person = _line(text, 1006, 1400)
        assert redactor._under_own_seal(PageText((person,), 0, (person,)), [], [seal],
                                        applicant, 1700, 2400) == [], text


def test_a_page_naming_another_unit_across_a_line_break_is_not_the_units_own() -> None:
    """A training base's certificate names the base in a wrapped sentence (…继续教育基 |
    地举办的…): a seal stamped there is the base's, not the applicant's unit's."""
    from redact.matching import Match, Span
    from redact.pipeline import _whose_page
    from redact.reading import PageText

    applicant = Applicant("吕璐静", units=["喀什地区基础测绘院", "喀什测绘院"])
    first = _line("学员吕璐静，工作单位：喀什测绘院，于2019年参加自治区测绘地理信息继续教育基",
                  100, 100, pitch=20)
    wrapped = _line("地举办的继续教育培训，完成72学时的学习任务。", 60, 150, pitch=20)
    own = Match("unit", (Span(0, 15, 20),), "喀什测绘院", 1.0, True)
    page = PageText((first, wrapped), 0, (first, wrapped))
    assert page.continuations == [(0, 1)]
    assert _whose_page(page, [own], applicant, []) == (None, False)
    # The same sentence kept on one line says the same.
    one = _line(first.text + wrapped.text, 100, 100, pitch=12)
    assert _whose_page(PageText((one,), 0, (one,)), [own], applicant, []) == (None, False)
    # A label and its value beside it make no unit's name (学历 | 大学本科 is no 学历大学).
    cells = (_line("学历", 100, 300), _line("大学本科", 200, 300), alone := _line(
        "学员吕璐静，工作单位：喀什测绘院，特发此证。", 100, 100, pitch=20))
    assert _whose_page(PageText(cells, 0, cells), [own], applicant, []) == (None, True)
    # Nor a column's head and a cell's wrapped end below it (工作单位 | 有限公司).
    company = Applicant("伊力哈木·艾山", units=["中国电建集团西北勘测设计研究院有限公司"])
    title = _line("中国电建集团西北勘测设计研究院有限公司2022年度考核结果花名册", 100, 100)
    head, cell = _line("工作单位", 900, 370), _line("有限公司", 900, 430)
    column = (title, head, cell)
    assert PageText(column, 0, column).continuations_below == [(1, 2)]
    named = Match("unit", (Span(0, 0, 19),), title.text[:19], 1.0, True)
    assert _whose_page(PageText(column, 0, column), [named], company, []) == (None, True)
    # While a page naming only the applicant's unit is the unit's own.
    alone = _line("学员吕璐静，工作单位：喀什测绘院，特发此证。", 100, 100, pitch=20)
    assert _whose_page(PageText((alone,), 0, (alone,)), [own], applicant, []) == (None, True)


def test_a_cells_wrapped_end_read_with_a_slip_as_the_applicants_unit_names_no_other_unit(
        ) -> None:
    """A roster of the unit's own: a cell read 中国电建集团西元勘测设计 | 研宽院有限公司 and
    matched as the unit. Its end alone, 研宽院有限公司, is no other unit that makes the page
    anyone else's (fresh set 1717: the unit's unreadable seal over 填报单位 was left, 55%)."""
    from redact.matching import Match, Span
    from redact.pipeline import _whose_page
    from redact.reading import PageText

    company = Applicant("沙吾列·木拉提", units=["中国电建集团西北勘测设计研究院有限公司"])
    head = _line("工作单位", 700, 250)
    cell = (_line("中国电建集团西元勘测设计", 667, 290, 18, 30), _line("研宽院有限公司", 667, 322, 18, 30))
    lines = (head, *cell)
    page = PageText(lines, 0, lines)
    assert (1, 2) in page.continuations_below
    own = Match("unit", (Span(1, 0, 12), Span(2, 0, 7)), "中国电建集团西元勘测设计研宽院有限公司",
                0.8, True)
    assert _whose_page(page, [own], company, []) == (None, True)
    # The same end, never matched as the unit, is some other body's name.
    other = Match("unit", (Span(1, 0, 12),), "中国电建集团西元勘测设计", 0.8, True)
    assert _whose_page(page, [other], company, []) == (None, False)


def test_masks_the_unit_after_its_stamp_label_in_a_box_the_seals_lettering_swelled() -> None:
    """甲方(盖章) | 产地区基础测绘院 under a grey seal whose lettering touches the name: the
    detector drew the name's box 107 px high for text of 46, like an arc of the seal's own
    lettering, which a row of text leaves out. It is the unit's name, masked as high as its
    label (fresh set 1313's contract had 44% of it visible)."""
    text = [_line("四、甲方实行标准工时制度，乙方每日工作时间不", 185, 1391, pitch=46, h=46),
            _line("超过四十小时。", 185, 1468, pitch=46, h=46)]
    lettering = _line("区基础", 481, 1646, pitch=66, h=100)
    name = _line("产地区基础测绘院", 419, 1683, pitch=44.75, h=107)
    label = _line("甲方(盖章)", 186, 1723, pitch=34, h=58)
    below = _line("法定代表人或委托代理人（签字）", 179, 1804, pitch=37, h=46)
    seal, units, size = (417, 1661, 732, 1977), ["喀什地区基础测绘院", "喀什测绘院"], (1654, 2339)
    (unit,) = _units_under_seal((*text, lettering, name, label, below), seal, units, size)
    x0, y0, x1, y1 = unit.box
    assert x0 <= 419 + 5 and x1 >= 419 + 8 * 44.75 - 5, "the whole name"
    assert y0 >= 1723 - 2 and y1 <= 1781 + 2, "as high as its label, not the lettering's"
    # Without the label beside it, a tall line in the seal is its lettering: left to the seal.
    assert _units_under_seal((*text, lettering, name, below), seal, units, size) == []


def test_a_signing_rows_label_and_the_units_name_in_pieces_after_it_make_the_units_page() -> None:
    """A project report signed 编制单位 | 新疆纤五尔 | 区第一测绘院 under a seal read as
    nothing: the label and the name's pieces are three boxes on one row, so no one line
    named the unit, the page was nobody's, and the unreadable seal and the name under it
    were left (fresh set 6767: 61% of the unit, 11% of the seal)."""
    from redact.pipeline import _whose_page
    from redact.reading import PageText

    applicant = Applicant("阿卜杜拉·吾守尔", None, ["新疆维吾尔自治区第一测绘院", "自治区第一测绘院"])
    title = _line("昌吉州国土变更调查遥感监测成果报告", 100, 100)
    row = (_line("编制单位", 100, 600), _line("新疆纤五尔", 260, 602), _line("区第一测绘院", 430, 600))
    lines = (title, *row)
    assert _whose_page(PageText(lines, 0, lines), [], applicant, []) == (None, True)
    # The same pieces with no signing label on their row say nothing of whose page it is.
    bare = (title, _line("编制人", 100, 600), *row[1:])
    assert _whose_page(PageText(bare, 0, bare), [], applicant, []) == (None, False)


def test_a_seals_lettering_read_along_its_arc_is_no_line_printed_on_it() -> None:
    """Pieces of a seal's lettering read at -31° and 21° on a page at -3° are not print: an
    unread seal of the 人社厅 was taken as the applicant's by its own 尔自治区."""
    from redact.elements import quad_from_box
    from redact.pipeline import _along

    def turned(deg: float) -> TextLine:
        a = math.radians(deg)
        q = ((0.0, 0.0), (100 * math.cos(a), 100 * math.sin(a)),
             (100 * math.cos(a) - 30 * math.sin(a), 100 * math.sin(a) + 30 * math.cos(a)),
             (-30 * math.sin(a), 30 * math.cos(a)))
        return TextLine("尔自治区", q, 0.9)

    skew = math.radians(-3.0)
    assert _along(turned(-3.7), skew) and _along(turned(-10.0), skew)
    assert not _along(turned(-31.3), skew) and not _along(turned(21.0), skew)
    assert _along(TextLine("新疆测绘院", quad_from_box((0, 0, 200, 30)), 0.9), 0.0)


def test_leaves_a_roster_cell_alone_whose_last_character_holds_a_second_glyph() -> None:
    """蔡艳琳 read 蔡艳 at 1.0 on a roster, 琳 lost and 艳 placed over both glyphs, twice 蔡's
    width (fresh set 1296's holdout, the colleague masked whole as 蔡艳): the cell is a
    longer name, someone else's. Her own cell, its characters one pitch each, is masked;
    so is the wide cell read unsure (a hand's flourish widens a glyph too)."""
    from redact.reading import PageText

    applicant = Applicant("蔡艳", "65010319720510432X")

    def cell(widths: tuple[float, float], y0: float, score: float = 1.0) -> TextLine:
        x, chars = 288.0, []
        for c, wd in zip("蔡艳", widths):
            chars.append(CharBox(c, ((x, y0), (x + wd, y0), (x + wd, y0 + 22), (x, y0 + 22)), score))
            x += wd + 2
        return TextLine("蔡艳", ((280, y0 - 8), (360, y0 - 8), (360, y0 + 30), (280, y0 + 30)),
                        score, tuple(chars))

    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    for widths, score, hers in (((21, 42), 1.0, False), ((21, 21), 1.0, True),
                                ((21, 42), 0.8, True)):
        lines = (cell(widths, 294, score),)
        (m,) = [m for m in redactor.find_text(PageText(lines, 0, lines), applicant)
                if m.kind in ("name", "other_name")]
        assert m.masked is hers, (widths, score)


def test_leaves_a_roster_cell_alone_that_ends_in_a_glyph_read_as_an_unsure_mark() -> None:
    """郭娜海 read 郭娜( on a roster, ( at 0.61 with a glyph's width (fresh set 3591's
    holdout, the colleague masked whole as 郭娜): the cell is a longer name. A bracket read
    surely, or a narrow one, is no glyph: the name before it is hers."""
    from redact.reading import PageText

    applicant = Applicant("郭娜", "65400219721209562X")

    def cell(mark_width: float, mark_score: float) -> TextLine:
        chars = [CharBox(c, ((x, 404), (x + 23, 404), (x + 23, 428), (x, 428)), 1.0)
                 for c, x in (("郭", 353.0), ("娜", 378.0))]
        x = 405.0
        chars.append(CharBox("(", ((x, 415), (x + mark_width, 415), (x + mark_width, 429),
                                   (x, 429)), mark_score))
        return TextLine("郭娜(", ((345, 394), (440, 394), (440, 442), (345, 442)), 0.87,
                        tuple(chars))

    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    for width, score, hers in ((23, 0.61, False), (23, 0.95, True), (8, 0.61, True)):
        lines = (cell(width, score),)
        (m,) = [m for m in redactor.find_text(PageText(lines, 0, lines), applicant)
                if m.kind in ("name", "other_name")]
        assert m.masked is hers, (width, score)


def test_masks_the_ink_on_the_name_row_of_her_id_card_when_her_name_was_not_read() -> None:
    """A small, blurred ID card copy whose spaced 林　永 is no line to the detector, its
    sex row read as ka汉 (fresh set 4471, 0%): on the card whose birth date line is hers
    (1986年7月7日 for 650105198607075838's ID, an address line under it, her ID below), the
    name's row is the second row of ink above the birth date's. Not on a card of another
    birth date, nor where her name was read."""
    applicant = Applicant("林永", "65010519860707583X")
    image = np.full((400, 600, 3), 235, np.uint8)
    ink = {"name": (226, 181, 260, 193), "sex": (226, 200, 300, 213), "birth": (224, 226, 300, 238),
           "address": (224, 248, 340, 259), "id": (272, 299, 447, 309)}
    for x0, y0, x1, y1 in ink.values():
        for x in range(x0, x1, 7):  # glyph-like strokes, not one block
            image[y0:y1, x:min(x + 4, x1)] = 40
    image[150:153, 215:345] = 120  # the card's edge above the name

    def rows_read(birth: str, name: bool) -> tuple[TextLine, ...]:
        lines = [_line(birth, 221, 223, pitch=8.4, h=20), _line("新疆乌鲁木齐市", 222, 244, pitch=17, h=20),
                 _line("65010519860707583X", 269, 295, pitch=10, h=17)]
        if name:
            lines.append(_line("林永", 224, 178, pitch=18, h=18))
        return tuple(lines)

    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    for birth, name, row in (("1986≈7373", False, True), ("1986年7月7日", False, True),
                             ("1986年8月7日", False, False), ("1986年7月7日", True, False)):
        lines = rows_read(birth, name)
        page = PageText(lines, 0, lines)
        matches = redactor.find_text(page, applicant)
        found = redactor._unread_names(page, matches, image, applicant.id_number)
        assert bool(found) is row, (birth, name)
        if row:
            (r,) = found
            x0, y0, x1, y1 = r.box
            assert r.kind == "name"
            assert 221 <= x0 <= 226 and 176 <= y0 <= 181 and 260 <= x1 <= 264 and 193 <= y1 <= 198, \
                r.box


def test_a_signing_label_with_its_sign_glyph_misread_still_says_whose_hand_follows() -> None:
    """乙方《董字） for 乙方（签字） on a 75 dpi contract turned on its side, the hand after it
    unread (fresh set 5317, 0%): nothing else in brackets after the party ends in 字, so
    the label is hers and the stretch after it her hand. 乙方（盖章） is no signing label."""
    from redact.matching import Match, Span, is_own_signature_label
    from redact.pipeline import _unread_signatures
    from redact.reading import PageText

    assert is_own_signature_label("乙方《董字）") and is_own_signature_label("乙方（董字）")
    assert not is_own_signature_label("乙方（盖章）")
    own = _line("乙方（劳动者）姓名：罗娜悦", 100, 300)
    shown = [Match("name", (Span(0, 10, 13),), "罗娜悦", 1.0)]
    for label, hers in (("乙方《董字）", True), ("乙方（盖章）", False)):
        lines = (own, _line(label, 170, 574, pitch=15, h=27))
        assert bool(_unread_signatures(PageText(lines, 0, lines), shown)) is hers, label


def test_a_name_that_goes_on_past_the_units_length_under_a_seal_is_not_the_unit_alone() -> None:
    """A training certificate's issuer signed under its own seal, read 自治区测绘地 | 息m教 |
    地 for 自治区测绘地理信息继续教育基地 (fresh set 2591): 自治区测绘地 alone reads as the
    applicant's 自治区测绘院 garbled, but the row goes on in words, so the seal and the
    name were another body's (93% and 100% masked). A stamp's label or a date after the
    name does not make it longer."""
    from redact.pipeline import _unit_alone_in

    units = ["新疆维吾尔自治区测绘院", "自治区测绘院", "新疆测绘院"]
    assert not _unit_alone_in(["自治区测绘地", "息m教", "地"], units)
    assert _unit_alone_in(["自治区测绘地"], units)
    assert _unit_alone_in(["自治区测绘地", "（盖章）"], units)
    assert _unit_alone_in(["自治区测绘地", "2023年3月"], units)
    from redact.pipeline import _goes_on_in_words
    from redact.reading import PageText

    head = _line("自治区测绘地", 481, 352, pitch=15, h=24)
    for after, x0, goes_on in (("息m教", 592, True), ("息m教", 700, False), ("(盖章)", 592, False)):
        lines = (head, _line(after, x0, 352, pitch=23, h=24))
        assert _goes_on_in_words(PageText(lines, 0, lines), 0) is goes_on, (after, x0)


def test_a_spaced_name_whose_last_box_takes_in_the_gap_is_still_hers() -> None:
    """刘　燕 in a real timetable's cell: 燕's box took in the space before it, twice its ink's
    width. On the page it is the ink that is measured, so the cell is 刘燕's; 蔡艳琳 read 蔡艳
    with 艳's box over two glyphs' ink stays another person's."""
    from redact.reading import PageText

    redactor = Redactor(engine=object())  # type: ignore[arg-type]

    def cell(name: str, boxes: Sequence[Box], inked: Sequence[tuple[int, int]]) -> bool:
        image = np.full((360, 420, 3), 250, np.uint8)
        for x0, x1 in inked:
            for x in range(x0, x1, 3):   # strokes, not one block
                image[306:319, x:min(x + 2, x1)] = 30
        chars = tuple(CharBox(c, ((b[0], b[1]), (b[2], b[1]), (b[2], b[3]), (b[0], b[3])), 1.0)
                      for c, b in zip(name, boxes))
        line = TextLine(name, ((325, 298), (383, 298), (383, 326), (325, 326)), 1.0, chars)
        page = PageText((line,), 0, (line,))
        (m,) = [m for m in redactor.find_text(page, Applicant(name), image)
                if m.kind in ("name", "other_name")]
        return m.masked

    spaced = [(333, 306, 345, 319), (350, 306, 375, 320)]
    assert cell("刘燕", spaced, [(333, 345), (362, 375)])
    squeezed = [(333, 306, 346, 319), (348, 306, 375, 320)]
    assert not cell("刘燕", squeezed, [(333, 346), (348, 375)])


def test_a_hand_detected_on_its_own_where_the_labels_region_runs_on_is_followed_into_it() -> None:
    """…信息中心乙方（签字)： with the seal on the unit before it swelling its box to twice the
    text's height, the region running 43 px past the colon, and the hand 段国 detected as a
    region of its own from the region's last pixel, read as nothing (fresh set 8765, 0%):
    the hand's seed takes that region in, at the label's own height. Without such a
    region the seed is the run-on stretch alone."""
    from redact.matching import Match, Span
    from redact.pipeline import _unread_signatures
    from redact.reading import PageText

    own = _line("乙方（劳动者）姓名：段国", 172, 477)
    shown = [Match("name", (Span(0, 10, 12),), "段国", 1.0)]
    label = _line("乙方（签字)：", 735, 1290, pitch=20, h=22)
    label = replace(label, quad=((735.0, 1278.0), (921.0, 1278.0), (921.0, 1345.0), (735.0, 1345.0)))
    hand: Quad = ((907.0, 1273.0), (988.0, 1273.0), (988.0, 1313.0), (907.0, 1313.0))
    lines = (own, label)
    ((seed, _),) = _unread_signatures(PageText(lines, 0, lines, (1240, 1754), (hand,)), shown)
    assert seed[2] >= 988 and seed[1] <= 1273 and seed[3] <= 1320, seed
    ((alone, _),) = _unread_signatures(PageText(lines, 0, lines), shown)
    assert alone[2] == 921


def test_masks_the_small_print_right_above_her_name_on_her_own_id_card() -> None:
    """A bilingual card copy's Uyghur name, 9 px high over 再努尔卡斯木, never detected (fresh
    set 3318, 13% masked): on her own card (the birth date line of her ID under the name),
    the ink right above her name's characters is her name in another script. A bare card,
    the card's edge running across above the name, a pale guilloche or a grey scan's speckle
    there gives nothing (1296's turned copy: 47 x 174 px of speckle masked)."""
    from redact.reading import PageText

    applicant = Applicant("再努尔·卡斯木", "650502196612292023")
    lines = (_line("再努尔卡斯木", 149, 119, pitch=12, h=21),
             _line("1966年12月29日", 146, 162, pitch=9, h=24),
             _line("新疆哈密市伊州区建设路", 146, 184, pitch=11, h=24),
             _line("650502196612292023", 199, 233, pitch=10, h=24))
    page = PageText(lines, 0, lines)
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    matches = redactor.find_text(page, applicant)
    assert any(m.masked and m.kind == "name" for m in matches)

    def found(draw: str) -> list[Region]:
        image = np.full((400, 400, 3), 230, np.uint8)
        for x in range(150, 220, 3):  # the name's own strokes
            image[121:138, x:x + 2] = 40
        if draw in ("script", "pale"):
            for x in range(150, 182, 4):
                image[110:118, x:x + 2] = 60 if draw == "script" else 205
        elif draw == "edge":
            image[104:106, 100:300] = 60
        elif draw == "speckle":  # a grey scan's noise, a pixel at a time
            dots = np.random.default_rng(7).random((19, 75)) < 0.06
            image[100:119, 146:221][dots] = 90
        regions = redactor._unread_names(page, matches, image, applicant.id_number)
        return [r for r in regions if "another script" in r.note]

    (r,) = found("script")
    x0, y0, x1, y1 = r.box
    assert x0 <= 150 and y0 <= 110 and x1 >= 180 and y1 <= 124, r.box
    assert found("bare") == [] and found("edge") == [] and found("pale") == []
    assert found("speckle") == []


def _fused_line(text: str, x0: float, top: float, bottom: float, ink: tuple[float, float],
                fused: int, pitch: float = 32.0) -> TextLine:
    """A line whose box runs from ``top`` to ``bottom`` (fused with a seal's lettering): its
    first ``fused`` characters took in that ink, the rest lie between ``ink``'s rows."""
    def char(k: int, c: str) -> CharBox:
        y0, y1 = (top, bottom) if k < fused else ink
        a, b = x0 + k * pitch, x0 + (k + 1) * pitch
        return CharBox(c, ((a, y0), (b, y0), (b, y1), (a, y1)), 0.9)
    x1 = x0 + len(text) * pitch
    return TextLine(text, ((x0, top), (x1, top), (x1, bottom), (x0, bottom)), 0.9,
                    tuple(char(k, c) for k, c in enumerate(text)))


def test_a_skewed_lines_band_runs_along_its_slope_over_the_whole_mask() -> None:
    """甲方（盖章）中国电建研究院有限公司乙方（签字） on a contract scanned 2.3° askew (fresh
    set 4719): its box is 67 px high for 16 px characters, and one band at their middle's
    height left the first characters' tops out (93%). Along the page's slope the band holds
    the row's ink from the mask's one end to the other, and no more."""
    import math

    from redact.pipeline import _text_band

    slope, x0, ink, pitch = 0.043, 100.0, 16.0, 18.0

    def char(k: int, c: str) -> CharBox:
        a, b = x0 + k * pitch, x0 + (k + 1) * pitch
        top = 920 + slope * (a + b) / 2 - x0 * slope
        return CharBox(c, ((a, top), (b, top), (b, top + ink), (a, top + ink)), 0.9)

    text = "甲方（盖章）中国电建研究院有限公司乙方（签字）"
    x1 = x0 + len(text) * pitch
    quad = ((x0, 906.0), (x1, 906 + slope * (x1 - x0)), (x1, 946 + slope * (x1 - x0)),
            (x0, 946.0))
    line = TextLine(text, quad, 0.9, tuple(char(k, c) for k, c in enumerate(text)))
    skew = math.atan(slope)
    a, b = 100 + 6 * pitch, 100 + 17 * pitch  # 中 … 司
    band = _text_band(line, skew, (a, b))
    assert band is not None
    top, bottom = band
    first_top = 920 + slope * (6.5 * pitch)
    last_bottom = 920 + slope * (16.5 * pitch) + ink
    assert top <= first_top and bottom >= last_bottom, (band, first_top, last_bottom)
    assert bottom - top <= (last_bottom - first_top) + 0.25 * ink * 2 + 1
    # Taken level, one height across at the middle, it leaves the first characters' tops out.
    flat = _text_band(line)
    assert flat is not None and flat[0] > first_top and flat[1] - flat[0] < 1.5 * ink


def test_a_title_fused_with_the_seals_ring_is_masked_on_its_own_band_not_the_labels() -> None:
    """喀什地区基础测绘院2019年度考核结果花名册 over 填报单位（盖章）, its box fused with a
    grey seal's ring from the title down to the label's row (fresh set 1207, 54%): the
    title's band is its characters' own, and the label's row is no band of it."""
    from redact.pipeline import _swollen_signature, _text_band

    unit = "喀什地区基础测绘院"
    title = _fused_line("什地区基础测绘院2019年度考核结果花名册", 189, 50, 183, (103, 134), 4)
    band = _text_band(title)
    assert band is not None
    top, bottom = band
    assert top < 103 and bottom > 134 and bottom - top < 45
    assert _text_band(_line("填报单位（盖章）", 78, 155)) is None, "a line its text's height"
    label = _line("填报单位（盖", 64, 155, pitch=30, h=43)
    lines = (label, title)
    page = PageText(lines, 0, lines)
    assert _swollen_signature(page, 1, [unit], tall=60) is None
    # The stamp's value swollen by the seal over it does take the label's band.
    value = _fused_line("什地区基础测绘院", 250, 100, 200, (160, 193), 3)
    page = PageText((label, value), 0, (label, value))
    assert _swollen_signature(page, 1, [unit], tall=60) == (155, 198)


def test_glyphs_read_garbled_from_lost_ink_before_a_sealed_unit_are_not_the_label() -> None:
    """填报单位（：よ勘测设院 under the unit's seal on a turned roster, 兵团 read as よ at 0.28
    (fresh set 5471, 82%): the label ends at its colon, so the name's mask starts there.
    A kana or Latin letter read surely, or a Chinese character, is text of its own."""
    from redact.pipeline import _before_lost_ink

    assert _before_lost_ink("填报单位（：よ", [1.0, 1.0, 1.0, 1.0, 0.91, 0.5, 0.28]) == "填报单位（："
    assert _before_lost_ink("填报单位（：」よ ", [1.0] * 6 + [0.4, 0.2, 1.0]) == "填报单位（："
    assert _before_lost_ink("填报单位：C", [1.0] * 5 + [0.95]) == "填报单位：C"
    assert _before_lost_ink("填报单位：新", [1.0] * 5 + [0.2]) == "填报单位：新"


def test_a_units_line_before_its_stamp_label_swollen_like_an_arc_piece_is_masked() -> None:
    """伊犁哈萨克自治州不动产登记 | (盖章) under the unit's seal on an annual assessment (fresh
    set 8357, 21%): 中心 lost under the ink, the box 53 px high among lines of 30, and read
    as a stretch of the seal's own arc, it was taken for a piece of the lettering. The stamp
    label right after it says it is the signing line; its mask keeps to the label's band."""
    from redact.reading import PageText

    unit = "伊犁哈萨克自治州不动产登记中心"
    applicant = Applicant("汪萍悦", None, [unit, "伊犁州不动产登记中心"])
    text = [_line("经考核，确定为优秀等次。", 298, 1201 - 80 * k, pitch=20, h=30) for k in range(4)]
    name = _fused_line(unit[:-2], 603, 1269, 1322, (1283, 1305), 0, pitch=22)
    label = _line("(盖章)", 901, 1277, pitch=16, h=29)
    seal = Region("seal", (710, 1205, 888, 1362), unit, 0.9, None, "seal")
    redactor = Redactor(engine=object())  # type: ignore[arg-type]
    lines = (*text, name, label)
    (found,) = redactor._under_own_seal(PageText(lines, 0, lines), [], [seal], applicant,
                                        1240, 1754)
    x0, y0, x1, y1 = found.box
    assert x0 <= 606 and x1 >= 895, "the name read, run on to the label"
    assert y0 >= 1270 and y1 <= 1312, "the label's band, not the swollen box"


def test_the_end_of_the_name_wrapped_under_its_cell_unseen_by_the_detector_is_read_again(
        redactor: Redactor) -> None:
    """热合木江·卡斯 | 木 in a roster's name cell, the detector's box fused over both rows but
    read on the first only (seed 4719, 44%): the place under the cell's start is read again
    and masked where it reads as the name's missing end; a colleague's name ends otherwise."""
    from PIL import ImageDraw

    from redact.matching import Match, Span

    page = Page(width=600, height=260)
    draw = ImageDraw.Draw(page.image)
    draw.rectangle((90, 80, 330, 180), outline="black", width=2)        # the cell
    page.text((100, 92), "热合木江·卡斯", size=24)
    page.text((100, 124), "木", size=24, mark={"tail": "木"})
    image = np.asarray(page.image)
    row = replace(_line("热合木江·卡斯", 100, 94, pitch=24, h=26),
                  quad=((100, 94), (268, 94), (268, 140), (100, 140)))    # fused over 木
    lines = PageText((row,), 0, (row,))
    read = [Match("name", (Span(0, 0, 7),), "热合木江·卡斯", 0.9)]
    (found,) = redactor._wrapped_tail_read_again(image, lines, read, "热合木江·卡斯木")
    box, text = found
    (tail,) = page.marks["tail"]
    assert text == "木"
    assert box[0] <= tail[0] + 1 and box[1] <= tail[1] + 1 and box[2] >= tail[2] - 1 \
        and box[3] >= tail[3] - 1, (box, tail)
    assert box[0] >= tail[0] - 4 and box[2] <= tail[2] + 4, "the glyph, not the cell's rules"
    assert redactor._wrapped_tail_read_again(image, lines, read, "热合木江·卡斯提") == []
    # Nor where the name was read whole.
    assert redactor._wrapped_tail_read_again(image, lines, read, "热合木江·卡斯") == []


def test_the_wrapped_end_of_a_name_after_its_label_is_looked_for_under_the_name(
        redactor: Redactor) -> None:
    from redact.matching import Match, Span

    page = Page(width=600, height=260)
    page.text((100, 92), "姓名：热合木江·卡斯", size=24)
    page.text((172, 124), "木", size=24, mark={"tail": "木"})
    image = np.asarray(page.image)
    row = replace(_line("姓名：热合木江·卡斯", 100, 94, pitch=24, h=26),
                  quad=((100, 94), (340, 94), (340, 140), (100, 140)))
    read = [Match("name", (Span(0, 3, 10),), "热合木江·卡斯", 0.9)]
    (found,) = redactor._wrapped_tail_read_again(image, PageText((row,), 0, (row,)), read,
                                                 "热合木江·卡斯木")
    (tail,) = page.marks["tail"]
    assert found[1] == "木" and found[0][0] <= tail[0] + 1 and found[0][2] >= tail[2] - 1
