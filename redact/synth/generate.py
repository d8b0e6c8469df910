"""Generate a set of synthetic applicant folders with pixel-exact ground truth."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from .degrade import HOLDOUT_PROFILE, TUNE_PROFILE, degrade
from .documents import DOC_TYPES, NO_PHONE, OTHER_PERSON_DOCS, Ctx, Cycle
from .people import APPLICANT_UNITS, Person, make_person
from .render import ITEM_KINDS, Ann, Page

#: name styles handed out in turn, so any set of 5+ applicants has every kind of name
NAME_STYLES = ["han3", "uyghur", "han2", "han4", "kazakh", "han3", "uyghur", "han2"]
MAIN_DOCS = [
    "diploma",
    "title_cert",
    "labour_contract",
    "social_insurance",
    "annual_assessment",
    "assessment_roster",
    "project_report",
    "paper",
    "public_notice",
    "training_cert",
    "qual_cert",
]


def make_applicants(n: int, seed: int) -> list[Person]:
    master = random.Random(f"{seed}:applicants")
    units = master.sample(APPLICANT_UNITS, len(APPLICANT_UNITS))
    offset = master.randrange(len(NAME_STYLES))
    people = []
    for i in range(n):
        rng = random.Random(f"{seed}:a{i + 1:02d}:person")
        style = NAME_STYLES[(i + offset) % len(NAME_STYLES)] if n > 1 else rng.choice(NAME_STYLES)
        want_x = True if i % 3 == 1 else None
        xinjiang = i % 4 != 3
        p = make_person(rng, style, units[i % len(units)], want_x=want_x, xinjiang=xinjiang)
        people.append(p)
    # distinct names
    seen: set[str] = set()
    for i, p in enumerate(people):
        k = 0
        while p.name in seen:
            k += 1
            q = make_person(random.Random(f"{seed}:a{i + 1:02d}:person:{k}"), p.name_style, p.unit)
            p.name = q.name
        seen.add(p.name)
    return people


def docs_for(i: int, n_docs_dropped: int, rng: random.Random) -> list[str]:
    docs = ["id_front", "id_back"] if i % 2 == 0 else ["id_copy"]
    main = list(MAIN_DOCS)
    drop = {main[(i * 3 + j) % len(main)] for j in range(n_docs_dropped)}
    docs += [d for d in main if d not in drop]
    docs.append("regulation" if i % 2 == 0 else "other:" + OTHER_PERSON_DOCS[i // 2 % len(OTHER_PERSON_DOCS)])
    return docs


def _pts(p: np.ndarray) -> list[list[float]]:
    return [[round(float(x), 1), round(float(y), 1)] for x, y in p]


def ann_dict(a: Ann, w: int, h: int) -> dict[str, Any]:
    pts = a.pts.copy()
    pts[:, 0] = np.clip(pts[:, 0], 0, w)
    pts[:, 1] = np.clip(pts[:, 1], 0, h)
    d: dict[str, Any] = {"kind": a.kind, "polygon": _pts(pts), "text": a.text}
    if "part_of" in a.extra:
        d["part_of"] = a.extra["part_of"]
    if "ring" in a.extra:
        d["ring"] = {
            k: round(float(v), 4 if k in ("r_in", "r_out") else 2) for k, v in a.extra["ring"].items()
        }
        band = a.extra["band"].copy()
        band[:, 0] = np.clip(band[:, 0], 0, w)
        band[:, 1] = np.clip(band[:, 1], 0, h)
        d["band"] = _pts(band)
        d["seal_text"] = a.extra.get("seal_text", a.text)
        d["shape"] = a.extra.get("shape", "round")
    return d


TRANSFORM_CASES = {
    "rot": "rotated",
    "skew": "skew",
    "scale": "low_res",
    "noise": "noise",
    "tint": "tint",
    "blur": "blur",
    "grey": "grey",
    "perspective": "phone_photo",
}


def render_document(
    doc_type: str,
    person: Person,
    seed: Any,
    split: str = "tune",
    cycle: Cycle | None = None,
    other: Person | None = None,
    dpi: int | None = None,
) -> Page:
    """Draw one document (no scan effects). ``other``: draw ``other``'s document instead;
    ``dpi``: draw every page at this resolution instead of the usual mix."""
    rng = random.Random(f"{seed}:{doc_type}")
    if other is not None:
        ctx = Ctx(other, rng, split, cycle or Cycle(), other=True, applicant=person,
                  used_names={person.name}, dpi=dpi)
    else:
        ctx = Ctx(person, rng, split, cycle or Cycle(), dpi=dpi)
    return DOC_TYPES[doc_type](ctx)


def finish(
    page: Page, rng: random.Random, split: str, doc_type: str, force: dict | None = None, effects: bool = True
) -> tuple[np.ndarray, list[str], int]:
    img = np.asarray(page.img)
    if not effects:
        return img.copy(), ["jpeg:92"], 92
    prof = HOLDOUT_PROFILE if split == "holdout" else TUNE_PROFILE
    return degrade(img, page.anns, rng, prof, allow_phone=doc_type not in NO_PHONE, force=force)


def record(
    page: Page,
    img: np.ndarray,
    tags: list[str],
    image: str,
    applicant_dir: str,
    person: Person,
    doc_type: str,
    split: str,
) -> dict[str, Any]:
    h, w = img.shape[:2]
    items = [ann_dict(a, w, h) for a in page.anns if a.kind in ITEM_KINDS]
    dis = [ann_dict(a, w, h) for a in page.anns if a.kind not in ITEM_KINDS]
    hard = set(page.hard)
    for t in tags:
        key = t.split(":")[0]
        key = "rot" if key.startswith("rot") else key
        if key in TRANSFORM_CASES:
            hard.add(TRANSFORM_CASES[key])
        if key == "jpeg" and int(t.split(":")[1]) <= 60:
            hard.add("jpeg_low")
    dpi = page.notes.get("dpi")
    if dpi and dpi < 200:
        hard.add("low_res")
    if not items:
        hard.add("no_applicant_data")
    return {
        "image": image,
        "applicant_dir": applicant_dir,
        "applicant": person.applicant_json(),
        "doc_type": doc_type,
        "split": split,
        "needs_masking": bool(items),
        "items": items,
        "distractors": dis,
        "transforms": tags,
        "hard_cases": sorted(hard),
        "width": w,
        "height": h,
        "dpi": dpi,
    }


def generate_set(
    out_dir: Path,
    n_applicants: int = 6,
    seed: int = 0,
    holdout_fraction: float = 0.3,
    *,
    doc_types: Sequence[str] | None = None,
    effects: bool = True,
    dpi: int | None = None,
) -> list[dict]:
    """Write ``n_applicants`` folders of synthetic scans plus ``truth.jsonl``; return the records.

    ``doc_types`` restricts the documents drawn (default: every type, a few dropped per
    applicant in turn); ``effects=False`` skips scan effects (clean renders); ``dpi`` fixes
    every page's resolution (ID cards excepted).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    people = make_applicants(n_applicants, seed)
    master = random.Random(f"{seed}:split")
    n_hold = round(n_applicants * holdout_fraction)
    if holdout_fraction > 0 and n_applicants > 1:
        n_hold = max(1, min(n_applicants - 1, n_hold))
    holdout = set(master.sample(range(n_applicants), n_hold))
    cycle = Cycle()
    records: list[dict] = []
    for i, person in enumerate(people):
        aid = f"a{i + 1:02d}"
        split = "holdout" if i in holdout else "tune"
        adir = out_dir / aid
        adir.mkdir(exist_ok=True)
        (adir / "applicant.json").write_text(
            json.dumps(person.applicant_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        docs = docs_for(i, 2, random.Random(f"{seed}:{aid}:docs"))
        if doc_types is not None:
            docs = [d for d in docs if d.split(":")[-1] in doc_types or d in doc_types]
            for d in doc_types:
                if d not in docs and d in DOC_TYPES:
                    docs.append(d)
        for doc in docs:
            other = None
            name = doc
            if doc.startswith("other:"):
                doc = doc.split(":", 1)[1]
                name = f"other_{doc}"
                orng = random.Random(f"{seed}:{aid}:other")
                ounit = orng.choice([u for u in APPLICANT_UNITS if u != person.unit])
                other = make_person(orng, orng.choice(["han3", "han2", "uyghur"]), ounit)
                while other.name == person.name:
                    other = make_person(orng, "han3", ounit)
            page = render_document(doc, person, f"{seed}:{aid}", split, cycle, other, dpi)
            rng = random.Random(f"{seed}:{aid}:{name}:scan")
            img, tags, q = finish(page, rng, split, doc, effects=effects)
            rel = f"{aid}/{name}.jpg"
            Image.fromarray(img).save(out_dir / rel, quality=q, subsampling=2 if q < 80 else 0)
            rec = record(page, img, tags, rel, aid, person, doc, split)
            if other is not None:
                rec["hard_cases"] = sorted({*rec["hard_cases"], "other_person_document"})
            records.append(rec)
    with (out_dir / "truth.jsonl").open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return records
