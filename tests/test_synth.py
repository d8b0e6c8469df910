"""Tests of the synthetic document generator (redact.synth)."""

from __future__ import annotations

import hashlib
import json
import math
import random
from pathlib import Path

import cv2
import numpy as np
import pytest

from redact.synth import generate_set, render_document
from redact.synth.degrade import TUNE_PROFILE, degrade
from redact.synth.documents import Cycle
from redact.synth.generate import make_applicants
from redact.synth.people import (
    APPLICANT_UNITS,
    group_id,
    id_check_char,
    is_valid_id,
    make_id,
    make_person,
    star_id,
)

ITEM_KINDS = {"name", "id_number", "unit", "seal", "photo"}
DISTRACTOR_KINDS = {"other_name", "other_unit", "other_seal", "other_id", "other_photo"}
SMALL_DOCS = ["id_front", "id_back", "labour_contract", "assessment_roster", "regulation", "training_cert"]


def _mask(shape: tuple[int, int], poly) -> np.ndarray:
    m = np.zeros(shape, np.uint8)
    # polygons are in continuous coordinates; fillPoly works on pixel centres
    pts = np.round((np.asarray(poly, np.float64) - 0.5) * 16).astype(np.int32)
    cv2.fillPoly(m, [pts], 1, cv2.LINE_8, 4)
    return m.astype(bool)


def _iou(a: np.ndarray, b: np.ndarray) -> float:
    return float((a & b).sum()) / max(1, float((a | b).sum()))


def _tree_digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.md5(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def small_set(tmp_path_factory) -> tuple[Path, list[dict]]:
    out = tmp_path_factory.mktemp("synth_a")
    recs = generate_set(out, n_applicants=2, seed=7, holdout_fraction=0.5, doc_types=SMALL_DOCS)
    return out, recs


def test_a_term_begun_on_a_leap_day_ends_on_the_28th_in_a_common_year() -> None:
    """Seed 1862's labour contract began on 29 February 2020: its three-year term stopped the
    whole set's generation."""
    from datetime import date

    from redact.synth.documents import years_after

    assert years_after(date(2020, 2, 29), 3) == date(2023, 2, 28)
    assert years_after(date(2012, 2, 29), 20) == date(2032, 2, 29)
    assert years_after(date(2019, 7, 31), 5) == date(2024, 7, 31)


# --------------------------------------------------------------------------- ID numbers


def test_id_check_digit_known_values() -> None:
    # the example of GB 11643-1999
    assert id_check_char("11010519491231002") == "X"
    assert is_valid_id("11010519491231002X")
    assert not is_valid_id("110105194912310021")
    assert is_valid_id("440524188001010014")


def test_generated_ids_are_valid_and_x_can_be_forced() -> None:
    rng = random.Random(1)
    from datetime import date

    for _ in range(200):
        idn = make_id(rng, "650102", date(1990, 1, 2), male=rng.random() < 0.5)
        assert is_valid_id(idn)
        assert idn.startswith("65010219900102")
    x = make_id(rng, "650102", date(1990, 1, 2), True, want_x=True)
    assert x.endswith("X") and is_valid_id(x)
    assert int(x[16]) % 2 == 1  # odd sequence digit for men
    assert group_id("650102199001011234") == "6501 0219 9001 0112 34"
    assert star_id("650102199001011234") == "650102********1234"


def test_applicants_cover_name_styles_and_x() -> None:
    people = make_applicants(6, seed=0)
    names = [p.name for p in people]
    assert len(set(names)) == 6
    assert any("·" in n for n in names)
    han = [n for n in names if "·" not in n]
    assert {2, 3, 4} <= {len(n) for n in han}
    assert any(p.id_number.endswith("X") for p in people)
    assert any(not p.id_number.startswith("65") for p in people)
    for p in people:
        assert is_valid_id(p.id_number)
        aj = p.applicant_json()
        assert aj["units"][0] == p.unit.full and len(aj["units"]) >= 2


# --------------------------------------------------------------------------- generated set


def test_records_schema_and_polygons_inside(small_set) -> None:
    out, recs = small_set
    lines = (out / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x) for x in lines] == recs
    assert recs
    for r in recs:
        img = cv2.imread(str(out / r["image"]))
        assert img is not None
        h, w = img.shape[:2]
        assert (r["width"], r["height"]) == (w, h)
        assert r["needs_masking"] == bool(r["items"])
        assert r["split"] in ("tune", "holdout")
        app = json.loads((out / r["applicant_dir"] / "applicant.json").read_text(encoding="utf-8"))
        assert app == r["applicant"]
        assert is_valid_id(app["id_number"])
        assert any(t.startswith("jpeg:") for t in r["transforms"])
        for a in r["items"]:
            assert a["kind"] in ITEM_KINDS
        for a in r["distractors"]:
            assert a["kind"] in DISTRACTOR_KINDS
        for a in r["items"] + r["distractors"]:
            poly = np.asarray(a["polygon"])
            assert poly.shape == (4, 2)
            assert (poly[:, 0] >= 0).all() and (poly[:, 0] <= w).all()
            assert (poly[:, 1] >= 0).all() and (poly[:, 1] <= h).all()
            # clockwise on screen (y down) means a positive shoelace sum
            x, y = poly[:, 0], poly[:, 1]
            assert 0.5 * np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y) > 0
            if a["kind"] in ("seal", "other_seal"):
                assert set(a["ring"]) >= {"cx", "cy", "rx", "ry", "angle", "r_in", "r_out", "t0", "t1"}
                assert 0 < a["ring"]["r_in"] < a["ring"]["r_out"] <= 1.0
                band = np.asarray(a["band"])
                assert (band[:, 0] >= 0).all() and (band[:, 0] <= w).all()
        # an applicant's ID printed in full is the applicant's ID
        for a in r["items"]:
            if a["kind"] == "id_number" and "*" not in a["text"] and "part_of" not in a:
                assert a["text"].replace(" ", "") == app["id_number"]
    # every applicant folder is one split
    per_dir: dict[str, set[str]] = {}
    for r in recs:
        per_dir.setdefault(r["applicant_dir"], set()).add(r["split"])
    assert all(len(s) == 1 for s in per_dir.values())
    assert {s.pop() for s in per_dir.values()} == {"tune", "holdout"}


def test_pages_without_applicant_data(small_set) -> None:
    _, recs = small_set
    empty = [
        r
        for r in recs
        if r["doc_type"] in ("regulation", "id_back") or "other_person_document" in r["hard_cases"]
    ]
    assert empty, "the small set must include pages without the applicant's data"
    for r in empty:
        assert r["items"] == []
        assert r["needs_masking"] is False
        assert "no_applicant_data" in r["hard_cases"]
    others = [r for r in recs if "other_person_document" in r["hard_cases"]]
    for r in others:
        assert r["distractors"], "someone else's certificate carries distractors"
        assert any(a["kind"] == "other_name" for a in r["distractors"])
    with_items = [r for r in recs if r["doc_type"] in ("labour_contract", "assessment_roster", "id_front")]
    assert with_items and all(r["needs_masking"] for r in with_items)


def test_roster_has_confusable_names(small_set) -> None:
    _, recs = small_set
    rosters = [r for r in recs if r["doc_type"] == "assessment_roster"]
    assert rosters
    for r in rosters:
        me = r["applicant"]["name"]
        others = [a["text"] for a in r["distractors"] if a["kind"] == "other_name"]
        assert len(others) >= 9
        assert me not in others
        if "·" in me:
            given = me.split("·")[0]
            assert any(given in o for o in others)
        else:
            assert any((o in me or me in o) for o in others)
            assert any(o[0] == me[0] for o in others)
        unit_items = [a for a in r["items"] if a["kind"] == "unit" and "part_of" not in a]
        assert len(unit_items) >= 10  # one per row, plus the title and header
        assert all(a["text"] in r["applicant"]["units"] for a in unit_items)
        assert any(a["kind"] == "seal" for a in r["items"])


def test_generation_is_deterministic(small_set, tmp_path) -> None:
    out, recs = small_set
    again = generate_set(tmp_path, n_applicants=2, seed=7, holdout_fraction=0.5, doc_types=SMALL_DOCS)
    assert again == recs
    assert _tree_digest(tmp_path) == _tree_digest(out)


def test_different_seed_differs(tmp_path) -> None:
    a = generate_set(tmp_path / "a", n_applicants=1, seed=1, holdout_fraction=0, doc_types=["id_front"])
    b = generate_set(tmp_path / "b", n_applicants=1, seed=2, holdout_fraction=0, doc_types=["id_front"])
    assert a[0]["applicant"] != b[0]["applicant"]


# --------------------------------------------------------------------------- ink and transforms


def _person():
    return make_person(random.Random(3), "han3", APPLICANT_UNITS[0], want_x=True)


def _dark(img: np.ndarray) -> np.ndarray:
    """Black ink (not red seal ink): the red channel is dark too."""
    return img[..., 0] < 110


def test_text_polygons_are_tight_around_ink() -> None:
    page = render_document("labour_contract", _person(), "tight", "tune", Cycle())
    img = np.asarray(page.img)
    dark = _dark(img)
    texts = [a for a in page.anns if a.kind in ("name", "id_number", "unit", "other_name")]
    assert len(texts) >= 5
    for a in texts:
        x0, y0 = np.floor(a.pts.min(0)).astype(int)
        x1, y1 = np.ceil(a.pts.max(0)).astype(int)
        if a.pts[0, 1] != a.pts[1, 1]:  # rotated signature: check it holds ink
            assert dark[y0:y1, x0:x1].sum() > 20
            continue
        inside = dark[y0:y1, x0:x1]
        assert inside.any(), a.text
        ys, xs = np.nonzero(inside)
        # the ink reaches every side of the box (within 2 px): the box is tight
        assert xs.min() <= 2 and ys.min() <= 2, a.text
        assert xs.max() >= inside.shape[1] - 3 and ys.max() >= inside.shape[0] - 3, a.text


def test_a_uyghur_holders_xinjiang_card_gives_the_name_in_uyghur_above_the_chinese() -> None:
    """Some Xinjiang cards print a Uyghur holder's name in Uyghur over the Chinese: a second
    name item, tight round its ink, right above the first. A Han holder's card has only its
    labels in Uyghur, and no second name."""
    drawn = 0
    for seed in range(12):
        person = make_person(random.Random(seed), "uyghur", APPLICANT_UNITS[0])
        page = render_document("id_front", person, f"script{seed}", "tune", Cycle())
        names = sorted((a for a in page.anns if a.kind == "name"), key=lambda a: a.pts[0, 1])
        if len(names) == 1:
            continue
        drawn += 1
        script, chinese = names
        assert "name_in_script" in page.hard and script.text == person.name
        assert script.pts[2, 1] <= chinese.pts[0, 1] and abs(script.pts[0, 0] - chinese.pts[0, 0]) < 20
        x0, y0 = np.floor(script.pts.min(0)).astype(int)
        x1, y1 = np.ceil(script.pts.max(0)).astype(int)
        ys, xs = np.nonzero(_dark(np.asarray(page.img))[y0:y1, x0:x1])
        assert xs.min() <= 2 and ys.min() <= 2 and xs.max() >= x1 - x0 - 3 and ys.max() >= y1 - y0 - 3
    assert drawn >= 4
    han = render_document("id_front", _person(), "script", "tune", Cycle())
    assert [a.kind for a in han.anns].count("name") == 1


def test_some_contracts_are_signed_in_a_hasty_hand_whose_box_is_tight_on_its_ink() -> None:
    """A scribbled signature after 乙方（签字）：, clear of the unit's name before it: a name
    item whose box holds its ink to the pixel."""
    seen = 0
    for seed in range(40):
        person = make_person(random.Random(seed), "han3", APPLICANT_UNITS[seed % len(APPLICANT_UNITS)])
        page = render_document("labour_contract", person, f"hand{seed}", "tune", Cycle())
        if "name_scribbled" not in page.hard:
            continue
        seen += 1
        sig = max((a for a in page.anns if a.kind == "name"), key=lambda a: a.pts[:, 1].mean())
        x0, y0 = np.floor(sig.pts.min(0)).astype(int)
        x1, y1 = np.ceil(sig.pts.max(0)).astype(int)
        img = np.asarray(page.img).astype(int)
        hand = (img.max(axis=2) < 140)[y0:y1, x0:x1]
        ys, xs = np.nonzero(hand)
        assert sig.text == person.name and len(xs) > 200
        assert xs.min() <= 1 and ys.min() <= 1 and xs.max() >= x1 - x0 - 2 and ys.max() >= y1 - y0 - 2
        units = [a for a in page.anns if a.kind == "unit" and abs(a.pts[:, 1].mean() - sig.pts[:, 1].mean()) < 60]
        assert all(u.pts[:, 0].max() < x0 for u in units), "the label and hand keep clear of the unit"
    assert seen >= 5


@pytest.mark.parametrize("rot", [90, 180, 270])
def test_rotation_moves_polygons_with_the_ink(rot: int) -> None:
    page = render_document("annual_assessment", _person(), f"rot{rot}", "tune", Cycle())
    clean = np.asarray(page.img).copy()
    before = {id(a): a.pts.copy() for a in page.anns}
    force = {
        "tint": False,
        "grey": False,
        "edge": False,
        "phone": False,
        "skew": False,
        "rot": rot,
        "scale": False,
        "blur": False,
        "noise": False,
        "jpeg": 95,
    }
    img, tags, _ = degrade(clean, page.anns, random.Random(0), TUNE_PROFILE, force=force)
    assert f"rot{rot}" in tags
    k = rot // 90
    assert img.shape[:2] == (clean.shape[:2] if k % 2 == 0 else clean.shape[1::-1])
    dark_after = _dark(img)
    checked = 0
    for a in page.anns:
        m0 = _mask(clean.shape[:2], before[id(a)])
        m1 = _mask(img.shape[:2], a.pts)
        # the transformed polygon is the rotated polygon: corner by corner ...
        h0, w0 = clean.shape[:2]
        x, y = before[id(a)][:, 0], before[id(a)][:, 1]
        expect = {1: (h0 - y, x), 2: (w0 - x, h0 - y), 3: (y, w0 - x)}[k]
        assert np.allclose(a.pts, np.stack(expect, 1), atol=1e-6)
        # ... and pixel by pixel (rasterisation differs by at most a one-pixel rim)
        assert _iou(np.rot90(m0, -k), m1) > 0.85
        if a.kind in ("name", "id_number", "unit"):
            # and it still sits on dark ink, much darker than the page around it
            assert dark_after[m1].mean() > 0.08, a.text
            assert dark_after[m1].mean() > 3 * dark_after.mean()
            checked += 1
        # the text's top-left corner turns with the page
        if k == 2:
            assert a.pts[0, 0] >= a.pts[2, 0] - 1e-6 and a.pts[0, 1] >= a.pts[2, 1] - 1e-6
    assert checked >= 3


def test_skew_and_scale_keep_seal_ring_consistent() -> None:
    page = render_document("labour_contract", _person(), "seal", "tune", Cycle())
    force = {
        "tint": False,
        "grey": False,
        "edge": False,
        "phone": False,
        "skew": True,
        "skew_deg": 2.5,
        "rot": 270,
        "scale": True,
        "scale_f": 0.6,
        "blur": False,
        "noise": False,
        "jpeg": 95,
    }
    img, _tags, _ = degrade(
        np.asarray(page.img).copy(), page.anns, random.Random(0), TUNE_PROFILE, force=force
    )
    seals = [a for a in page.anns if a.kind == "seal"]
    assert len(seals) == 1
    ring = seals[0].extra["ring"]
    band = seals[0].extra["band"]
    # every band point lies between r_in and r_out of the transformed ellipse
    ang = math.radians(ring["angle"])
    d = band - [ring["cx"], ring["cy"]]
    qx = d[:, 0] * math.cos(ang) + d[:, 1] * math.sin(ang)
    qy = -d[:, 0] * math.sin(ang) + d[:, 1] * math.cos(ang)
    rho = np.hypot(qx / ring["rx"], qy / ring["ry"])
    assert rho.min() > ring["r_in"] - 0.02 and rho.max() < ring["r_out"] + 0.02
    # and the band holds red seal ink
    m = _mask(img.shape[:2], band)
    f = img.astype(int)
    red = (f[..., 0] - f[..., 1] > 50) & (f[..., 0] > 120)
    assert red[m].mean() > 0.05
    # the seal's text quad covers its text band
    assert _mask(img.shape[:2], seals[0].pts)[m].mean() > 0.9


def test_photo_item_is_the_pasted_photo() -> None:
    page = render_document("id_front", _person(), "photo", "tune", Cycle())
    photos = [a for a in page.anns if a.kind == "photo"]
    assert len(photos) == 1
    img = np.asarray(page.img).astype(int)
    x0, y0 = photos[0].pts.min(0).astype(int)
    x1, y1 = photos[0].pts.max(0).astype(int)
    inside = img[y0:y1, x0:x1]
    # a photo has much more colour variance than the card around it
    assert inside.std() > 30
    assert 0.6 < (x1 - x0) / (y1 - y0) < 0.9
