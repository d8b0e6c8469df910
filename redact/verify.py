"""The verification pass: read the masked page again where the applicant's data might still show.

Re-reading the whole page would double the cost, so only *suspicious* lines are read again:
lines whose unmasked text still holds most of the name's characters, a long run of the ID
number's digits, or most of a unit name. Each is cut out of the masked page with room around
it, enlarged, and read from scratch (new detection, new line breaks, new recognition), so an
OCR slip of the first pass is unlikely to repeat. What is found is masked too; what still
looks like the applicant's data but cannot be matched is reported, and the page is marked
unverified.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from rapidfuzz import fuzz

from .elements import Applicant, Region, TextLine, share_inside
from .matching import Match, find_matches, normalize, normalize_name
from .ocr.base import OcrEngine
from .proposal import propose_regions
from .reading import cells_apart, continuations, read_lines_unoriented

#: Enlargement of the re-read windows: a different scale gives the reader a second opinion.
SCALE = 1.5


@dataclass(frozen=True)
class Verification:
    """Regions found on the second reading (pixels of the page given), and what stayed unsure."""

    regions: tuple[Region, ...]
    doubts: tuple[str, ...]
    windows: int


def suspicious(text: str, applicant: Applicant, threshold: float = 0.5) -> str | None:
    """Why ``text`` (with already masked characters removed) may still show an item, or None."""
    norm = normalize(text)[0]
    if not norm:
        return None
    name = "".join(normalize_name(applicant.name))
    if len(name) >= 2:
        present = sum(1 for c in set(name) if c in norm)
        if present >= max(2, round(threshold * len(set(name)) + 0.01)):
            return "name"
    if applicant.id_number:
        digits = "".join(c for c in norm if c.isdigit() or c in "Xx*")
        target = normalize(applicant.id_number)[0]
        if len(digits) >= 8 and _longest_common_run(digits.upper(), target) >= 6:
            return "id_number"
    for unit in applicant.units:
        u = normalize(unit)[0]
        if len(u) >= 4 and fuzz.partial_ratio(u, norm) >= 70:
            return "unit"
    return None


def _longest_common_run(a: str, b: str) -> int:
    best = 0
    for i in range(len(a)):
        for j in range(len(b)):
            k = 0
            while i + k < len(a) and j + k < len(b) and a[i + k] == b[j + k]:
                k += 1
            best = max(best, k)
    return best


def unmasked_text(line: TextLine, spans: Sequence[tuple[int, int]]) -> str:
    """``line.text`` with the characters of masked ``spans`` removed."""
    keep = [True] * len(line.text)
    for s, e in spans:
        for i in range(s, e):
            keep[i] = False
    return "".join(c for c, k in zip(line.text, keep) if k)


def verify_page(engine: OcrEngine, masked: np.ndarray, lines: Sequence[TextLine],
                matches: Sequence[Match], applicant: Applicant, margin_ratio: float = 0.12,
                min_margin: float = 2.0) -> Verification:
    """Re-read the suspicious lines of the upright ``masked`` page; ``lines`` and ``matches``
    are the first reading of that page."""
    h, w = masked.shape[:2]
    masked_spans: dict[int, list[tuple[int, int]]] = {}
    for m in matches:
        if m.masked:
            for sp in m.spans:
                masked_spans.setdefault(sp.line, []).append((sp.start, sp.end))
    windows = []

    def window(line: TextLine) -> tuple[int, int, int, int]:
        x0, y0, x1, y1 = line.box
        pad_y, pad_x = int(0.8 * line.height) + 4, int(1.5 * line.height) + 4
        return max(0, x0 - pad_x), max(0, y0 - pad_y), min(w, x1 + pad_x), min(h, y1 + pad_y)

    visible = [unmasked_text(line, masked_spans.get(i, [])) for i, line in enumerate(lines)]
    for i, line in enumerate(lines):
        if suspicious(visible[i], applicant) is not None:
            windows.append(window(line))
    # A name broken across a line end (薛 | 鹏) shows one character per line: look at the
    # end of each line joined with the start of the line that continues it.
    reach = len(normalize(applicant.name)[0])
    for i, j in continuations(lines):
        if suspicious(visible[i][-reach:] + visible[j][:reach], applicant) == "name":
            a, b = window(lines[i]), window(lines[j])
            windows.append((min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])))
    windows = _merge(windows)
    # Longer names the first reading kept visible on purpose (钟磊雪 for 钟磊): a window that
    # reads one of them a character short (its box cut at the blurred last glyph) does not
    # overturn that reading.
    kept = [lines[sp.line].span_box(sp.start, sp.end) for m in matches
            if not m.masked and m.kind == "other_name" for sp in m.spans]
    # Nor does a match read with slips overturn a line the first reading read surely and
    # found nothing on: 新疆维吾尔自治区地矿局, read so at 1.0 throughout, re-read with 矿
    # unsure, is a sibling of the applicant's 地震局, not it (fresh set 5517, 61%).
    sure = [line.box for i, line in enumerate(lines) if i not in masked_spans
            and line.char_scores and min(line.char_scores) >= SURE_READING]
    exact = _exact_items(applicant)
    regions: list[Region] = []
    doubts: list[str] = []
    for bx0, by0, bx1, by1 in windows:
        crop = masked[by0:by1, bx0:bx1]
        big = cv2.resize(crop, None, fx=SCALE, fy=SCALE, interpolation=cv2.INTER_CUBIC)
        found = read_lines_unoriented(engine, big)
        texts = [ln.text for ln in found]
        confs = [list(ln.char_scores) for ln in found]
        pairs = continuations(found)
        again = find_matches(texts, applicant, pairs, confs, cells_apart(found, pairs))
        for r in propose_regions(found, [m for m in again if m.masked], big.shape[1], big.shape[0],
                                 margin_ratio, min_margin * SCALE):
            r = _back(r, bx0, by0)
            if r.kind == "name" and any(share_inside(r.box, b) >= 0.7 for b in kept):
                continue
            # (A piece of the item read as it is, 计研究院有限公司 after 勘 misread in the
            # cell's first line, is no slip of its own.)
            slipped = r.kind in ("name", "unit") and not any(
                normalize(r.text)[0] in item for item in exact)
            if slipped and any(share_inside(r.box, b) >= 0.7 for b in sure):
                continue
            regions.append(r)
        # Lines with a masked item were handled; lines with a look-alike kept on purpose
        # (王伟东 for 王伟) are not doubts either.
        hit_lines = {sp.line for m in again for sp in m.spans}
        for k, ln in enumerate(found):
            if k in hit_lines:
                continue
            why = suspicious(ln.text, applicant, threshold=1.0)
            if why == "name" and _in_order(normalize(ln.text)[0], "".join(normalize_name(applicant.name))):
                doubts.append(f"text that looks like the applicant's name is still visible near "
                              f"{[bx0, by0, bx1, by1]}: {ln.text!r}")
    return Verification(tuple(regions), tuple(doubts), len(windows))


#: A first reading whose every character scored this much is sure (see ``verify_page``):
#: a glyph misread on a blurred roster scores 0.9 (助 for 勘, fresh set 4391).
SURE_READING = 0.97


def _exact_items(applicant: Applicant) -> set[str]:
    """The applicant's name and units as a match reads them without a slip (normalised)."""
    out = {normalize(u)[0] for u in applicant.units}
    if applicant.name:
        out.add("".join(normalize_name(applicant.name)))
        out.add(normalize(applicant.name)[0])
    return out


def _in_order(text: str, name: str, slack: int = 2) -> bool:
    """All of ``name``'s characters appear in order within ``len(name) + slack`` characters."""
    for start in range(len(text)):
        if text[start] != name[0]:
            continue
        k, i = 1, start + 1
        while k < len(name) and i < len(text) and i - start < len(name) + slack:
            if text[i] == name[k]:
                k += 1
            i += 1
        if k == len(name):
            return True
    return False


def _back(r: Region, dx: int, dy: int) -> Region:
    x0, y0, x1, y1 = r.box
    box = (dx + int(x0 / SCALE), dy + int(y0 / SCALE), dx + int(np.ceil(x1 / SCALE)),
           dy + int(np.ceil(y1 / SCALE)))
    poly = None
    if r.polygon is not None:
        poly = tuple((dx + x / SCALE, dy + y / SCALE) for x, y in r.polygon)
    return Region(r.kind, box, r.text, r.score, poly, "verify", True,
                  f"found on the verification pass: {r.text}")


def _merge(boxes: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Merge overlapping windows so no area is read twice."""
    out: list[tuple[int, int, int, int]] = []
    for b in sorted(boxes):
        for i, o in enumerate(out):
            if b[0] < o[2] and o[0] < b[2] and b[1] < o[3] and o[1] < b[3]:
                out[i] = (min(b[0], o[0]), min(b[1], o[1]), max(b[2], o[2]), max(b[3], o[3]))
                break
        else:
            out.append(b)
    return out
