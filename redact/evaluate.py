"""Score the tool from pixels on a generated set with ground truth (``redact eval``).

For every image the masks the pipeline painted are compared with the ground-truth ink
polygons of ``truth.jsonl`` (written by ``redact.synth``):

* recall per kind: an item counts only if the mask covers at least ``FULL`` of its polygon;
* hits on distractors (other people's names, other units, other seals): a distractor is hit
  when the mask covers more than ``HIT`` of its polygon;
* excess: masked pixels outside every item polygon, over the items' own area;
* flag accuracy: ``needs_masking`` against the truth; and seconds per image.
"""

from __future__ import annotations

import json
import statistics
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from .elements import Applicant
from .imageio import load_image
from .pipeline import Redactor

FULL = 0.98
HIT = 0.03


@dataclass
class Tally:
    items: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    distractors: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    item_area: int = 0
    excess_area: int = 0
    flags: list[int] = field(default_factory=lambda: [0, 0])
    #: Pages that show no photo at all, and how many of them got a photo mask anyway.
    photo_free: list[int] = field(default_factory=lambda: [0, 0])
    seconds: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    hits: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        rec = {k: round(v[0] / v[1], 4) for k, v in sorted(self.items.items()) if v[1]}
        text_kinds = [self.items[k] for k in ("name", "id_number", "unit") if self.items[k][1]]
        found = sum(v[0] for v in text_kinds)
        total = sum(v[1] for v in text_kinds)
        return {
            "images": self.flags[1],
            "recall": rec,
            "recall_text_items": round(found / total, 4) if total else None,
            "items": {k: v[1] for k, v in sorted(self.items.items())},
            "distractor_hits": {k: v[0] for k, v in sorted(self.distractors.items())},
            "distractors": {k: v[1] for k, v in sorted(self.distractors.items())},
            "excess_ratio": round(self.excess_area / self.item_area, 4) if self.item_area else 0.0,
            "photo_masks_on_photo_free_pages": self.photo_free[0],
            "photo_free_pages": self.photo_free[1],
            "flag_accuracy": round(self.flags[0] / self.flags[1], 4) if self.flags[1] else None,
            "median_seconds": round(statistics.median(self.seconds), 3) if self.seconds else None,
            "misses": self.misses[:50],
            "hits": self.hits[:50],
        }


#: A seal counts as masked when this much of its text band is; the band is the generator's
#: annulus sector, a little wider than the characters' ink.
SEAL_FULL = 0.9
_SHIFT = 4


def polygon_mask(shape: tuple[int, int], polygon: Sequence[Sequence[float]]) -> np.ndarray:
    """Pixels whose centres lie inside ``polygon`` (pixel ``(i, j)`` covers ``[i, i+1)``)."""
    out = np.zeros(shape, dtype=np.uint8)
    pts = (np.asarray(polygon, dtype=np.float64) - 0.5) * (1 << _SHIFT)
    cv2.fillPoly(out, [np.round(pts).astype(np.int32)], 1, shift=_SHIFT)
    return out.astype(bool)


def _outline(entry: dict[str, Any]) -> Sequence[Sequence[float]]:
    """Seals are scored on their text band, everything else on its polygon."""
    return entry.get("band") or entry["polygon"]


def score_image(mask: np.ndarray, truth: dict[str, Any], needs_masking: bool, tally: Tally,
                label: str, photo_masked: bool = False) -> None:
    """Add one image's outcome to ``tally`` (``photo_masked``: the tool masked a photo)."""
    shape = mask.shape[:2]
    union = np.zeros(shape, dtype=bool)
    for item in truth.get("items", []):
        poly = polygon_mask(shape, _outline(item))
        union |= poly
        area = int(poly.sum())
        if area == 0:
            continue
        cov = float(mask[poly].mean())
        t = tally.items[item["kind"]]
        t[1] += 1
        if cov >= (SEAL_FULL if item["kind"] == "seal" else FULL):
            t[0] += 1
        else:
            tally.misses.append(f"{label}: {item['kind']} {item.get('text', '')!r} covered {cov:.0%}")
    tally.item_area += int(union.sum())
    tally.excess_area += int((mask & ~union).sum())
    for d in truth.get("distractors", []):
        # Where a distractor lies under an item (a school's seal stamped over the photo), the
        # item's mask is right there: only the distractor's other pixels are judged.
        poly = polygon_mask(shape, _outline(d)) & ~union
        area = int(poly.sum())
        if area == 0:
            continue
        cov = float(mask[poly].mean())
        t = tally.distractors[d["kind"]]
        t[1] += 1
        if cov > HIT:
            t[0] += 1
            tally.hits.append(f"{label}: {d['kind']} {d.get('text', '')!r} covered {cov:.0%}")
    if not any(e["kind"] in ("photo", "other_photo")
               for e in [*truth.get("items", []), *truth.get("distractors", [])]):
        tally.photo_free[1] += 1
        if photo_masked:
            tally.photo_free[0] += 1
            tally.hits.append(f"{label}: a photo masked on a page without one")
    tally.flags[1] += 1
    if needs_masking == bool(truth.get("needs_masking", truth.get("items"))):
        tally.flags[0] += 1
    else:
        tally.misses.append(f"{label}: needs_masking={needs_masking}, truth says otherwise")


def load_truth(set_dir: Path) -> list[dict[str, Any]]:
    with (set_dir / "truth.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate(redactor: Redactor, set_dir: Path, splits: Iterable[str] = ("tune", "holdout"),
             progress: bool = False) -> dict[str, Any]:
    """Run the pipeline over ``set_dir`` and score it; one summary per split and overall."""
    records = [r for r in load_truth(set_dir) if r.get("split", "tune") in set(splits)]
    tallies: dict[str, Tally] = defaultdict(Tally)
    for n, rec in enumerate(records, 1):
        path = set_dir / rec["image"]
        applicant = Applicant.from_dict(rec["applicant"])
        t0 = time.perf_counter()
        result = redactor.redact(load_image(path), applicant)
        seconds = time.perf_counter() - t0
        mask = result.mask()
        photo_masked = any(r.kind == "photo" for r in result.regions)
        split = rec.get("split", "tune")
        # Holdout pages are marked, so that tuning can stay clear of them.
        label = rec["image"] + (" [holdout]" if split == "holdout" else "")
        for key in ("all", split):
            score_image(mask, rec, result.needs_masking, tallies[key], label, photo_masked)
            tallies[key].seconds.append(seconds)
        if progress:
            print(f"[{n}/{len(records)}] {rec['image']} {seconds:.2f}s", flush=True)
    return {k: v.summary() for k, v in tallies.items()}


def format_summary(summary: dict[str, Any]) -> str:
    lines = []
    for split in ("all", "tune", "holdout"):
        s = summary.get(split)
        if not s:
            continue
        recall = ", ".join(f"{k} {v:.1%} of {s['items'][k]}" for k, v in s["recall"].items())
        hits = ", ".join(f"{k} {s['distractor_hits'][k]}/{s['distractors'][k]}"
                         for k in s["distractors"])
        lines.append(
            f"{split:8} images {s['images']}: recall {recall}; hits on distractors: {hits or 'none'}; "
            f"masked outside items {s['excess_ratio']:.2f}x item area; "
            f"photo masks on photo-free pages {s['photo_masks_on_photo_free_pages']}/"
            f"{s['photo_free_pages']}; "
            f"flag accuracy {s['flag_accuracy']:.1%}; median {s['median_seconds']} s/image"
        )
    return "\n".join(lines)


@dataclass(frozen=True)
class RealCase:
    """What a real image is known to show (from ``realdata/SOURCES.md``, our own reading)."""

    applicant: Applicant
    seal_unit: str | None = None
    keep: tuple[str, ...] = ()


#: Real public images (never copied into this repository) and whom we pretend applies.
REAL_CASES: dict[str, RealCase] = {
    "xfund_zh_val_0.jpg": RealCase(Applicant("夏艳辰")),
    "xfund_zh_val_21.jpg": RealCase(Applicant("李秀"), keep=("沈杰",)),
    "xfund_zh_val_40.jpg": RealCase(Applicant("赵阳", "430913198201144511"), keep=("苏华",)),
    "xfund_zh_val_42.jpg": RealCase(Applicant("岳欣欣", None, ["大连海事大学"])),
    "idcard_specimen_zhangsan.png": RealCase(Applicant("张三", "513701199507176346")),
    "tsr_resume_form.jpg": RealCase(Applicant("雅资", None, ["杭州科技有限公司"]),
                                    keep=("武汉金地建设公司",)),
    "tsr_class_schedule_teachers.png": RealCase(Applicant("刘燕"), keep=("吕学武", "马丽丽")),
    "tsr_vehicle_request_form.jpg": RealCase(Applicant("刘杨"), keep=("杨周", "合小安")),
    "ppocr_00015504_shareholder_table.jpg": RealCase(
        Applicant("某某", None, ["成都工投资产经营有限公司"]),
        keep=("北京能源集团有限责任公司", "成都交子金融控股集团有限公司")),
    "paddlex_seal_text_det.png": RealCase(Applicant("某某", None, ["天津君和缘商贸有限公司"]),
                                          seal_unit="天津君和缘商贸有限公司"),
    "sealocr_oval_cash_receipt_seal.jpg": RealCase(
        Applicant("某某", None, ["中农舜耕（北京）科技有限公司"]), seal_unit="中农舜耕（北京）科技有限公司"),
    "sealocr_yangguang_gov_seal.jpeg": RealCase(Applicant("某某", None, ["阳光省人民政府"]),
                                                seal_unit="阳光省人民政府"),
    "sealocr_round_seal_4101021694766.jpg": RealCase(
        Applicant("某某", None, ["郑州市市政工程勘测设计研究院"]), seal_unit="郑州市市政工程勘测设计研究院"),
    "sealocr_round_seal_4101021694809.jpg": RealCase(
        Applicant("某某", None, ["郑州市退役军人事务局机关工会委员会"]),
        seal_unit="郑州市退役军人事务局机关工会委员会"),
    "invoice_e_invoice_oval_seal.png": RealCase(
        Applicant("某某", None, ["天津瑞佳讯贸易有限公司"]), seal_unit="天津瑞佳讯贸易有限公司"),
    "rapiddoc_iso_certificate.png": RealCase(Applicant("某某", None, ["厦门恒绿环保工业有限公司"])),
}


def run_realdata(redactor: Redactor, folder: Path) -> str:
    """Run over the real images in ``folder/images`` and say, per image, what was read and
    masked, and whether what is known of the image was honoured."""
    images = folder / "images" if (folder / "images").is_dir() else folder
    out = [f"real images in {images}:"]
    seal_total = seal_ok = 0
    for path in sorted(images.iterdir()):
        case = REAL_CASES.get(path.name, RealCase(Applicant("某某")))
        t0 = time.perf_counter()
        try:
            res = redactor.redact(path, case.applicant)
        except Exception as exc:  # report, and go on with the other images
            out.append(f"- {path.name}: ERROR {exc}")
            continue
        secs = time.perf_counter() - t0
        masked = [f"{r.kind}:{r.text}" for r in res.regions]
        kept = [f"{r.kind}:{r.text}" for r in res.kept]
        verdict = []
        if case.seal_unit is not None:
            seal_total += 1
            got = any(r.kind == "seal" for r in res.regions)
            seal_ok += got
            read = [r.text for r in res.regions + res.kept if r.source == "seal"]
            verdict.append(f"seal {'MATCHED' if got else 'missed'} (read {read})")
        masked_texts = "".join(r.text for r in res.regions)
        leaked = [k for k in case.keep if k in masked_texts]
        if leaked:
            verdict.append(f"masked others: {leaked}")
        out.append(f"- {path.name} ({res.size[0]}x{res.size[1]}, {len(res.lines)} lines, {secs:.1f}s, "
                   f"rotation {res.rotation * 90}): needs_masking={res.needs_masking}; "
                   f"masked {masked or 'nothing'}; kept {kept or 'nothing'}"
                   + (f"; {'; '.join(verdict)}" if verdict else ""))
        for w in res.warnings:
            out.append(f"    warning: {w}")
    if seal_total:
        out.append(f"seals of known units matched: {seal_ok}/{seal_total}")
    return "\n".join(out)


def leak_drill(redactor: Redactor, set_dir: Path, limit: int = 40, seed: int = 5) -> dict[str, Any]:
    """Plant leaks and see whether the verification pass catches them.

    For each image with text items (up to ``limit``), the first pass runs as usual, then one
    of its masked matches, chosen at random, is left unmasked on purpose; the verification
    pass must find it again (cover at least ``FULL`` of its region). Also times the
    verification pass against the first pass.
    """
    import random

    from .render import apply_masks, mask_raster

    rng = random.Random(seed)
    planted = caught = 0
    first_s: list[float] = []
    verify_s: list[float] = []
    missed: list[str] = []
    for rec in load_truth(set_dir):
        if planted >= limit:
            break
        if not any(i["kind"] in ("name", "id_number", "unit") for i in rec["items"]):
            continue
        applicant = Applicant.from_dict(rec["applicant"])
        image = load_image(set_dir / rec["image"])
        h, w = image.shape[:2]
        t0 = time.perf_counter()
        page = redactor.read(image)
        matches = redactor.find_text(page, applicant)
        regions = redactor.text_regions(page, matches, w, h)
        first_s.append(time.perf_counter() - t0)
        masked_matches = [m for m in matches if m.masked]
        if not masked_matches:
            continue
        dropped = rng.choice(masked_matches)
        rest = [m for m in matches if m is not dropped]
        rest_regions = redactor.text_regions(page, rest, w, h)
        leak_regions = [r for r in regions if r not in rest_regions and r.masked]
        masked = apply_masks(image, [r for r in rest_regions if r.masked])
        t0 = time.perf_counter()
        added, _doubts = redactor.verify(masked, page, rest, applicant)
        verify_s.append(time.perf_counter() - t0)
        planted += 1
        found = mask_raster(image.shape, added)
        # Judge on the ground truth: the items the dropped region was hiding must be covered.
        leak = mask_raster(image.shape, leak_regions)
        items = [polygon_mask(leak.shape, _outline(i)) for i in rec["items"]]
        hidden = [m for m in items if m.any() and leak[m].mean() > 0.5]
        if hidden and all(found[m].mean() >= FULL for m in hidden):
            caught += 1
        else:
            missed.append(f"{rec['image']}: {dropped.kind} {dropped.text!r}")
    return {
        "planted": planted, "caught": caught,
        "catch_rate": round(caught / planted, 4) if planted else None,
        "verify_cost_ratio": round(statistics.median(verify_s) / statistics.median(first_s), 3)
        if first_s and verify_s else None,
        "missed": missed,
    }
