"""The library entry point: ``Redactor`` reads a page, finds the applicant's items and masks them.

Thread safety: a ``Redactor`` holds only read-only state after construction (settings and
loaded models; onnxruntime sessions may be run from many threads at once), so one instance
can serve any number of threads. Every call's options are arguments, never stored.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import cv2
import numpy as np

from . import photos, seals
from .elements import Applicant, Box, CharBox, Region, TextLine, box_from_points, share_inside
from .english import authors_affiliations, english_affiliations, english_unit_field
from .errors import ApplicantError, RedactError
from .geometry import grey_levels, ink_mask, unrotate_points
from .imageio import DEFAULT_MAX_MEGAPIXELS, ImageInput, encode_jpeg, load_image
from .matching import (
    GARBLED_CONFIDENCE,
    MISREAD_CONFIDENCE,
    STAMP_LABEL_TAIL,
    STAMP_PLACE,
    STAR_GLYPHS,
    Match,
    Span,
    birth_row_edits,
    born_on_row,
    bracketed_unit_names,
    column_unit_matches,
    document_holder,
    ends_at_stamp_label,
    ends_in_id_head,
    find_matches,
    garbled_head_before,
    garbled_name_cell,
    garbled_stamped_value,
    garbled_starred_id,
    garbled_unit_alone,
    id_number_problems,
    inner_unit_alias,
    is_cjk,
    is_form_label,
    is_id_field_label,
    is_own_signature_label,
    is_unit_field_label,
    labelled_unit_span,
    loose_unit_span,
    lost_name_ends,
    lost_unit_head,
    misread_affiliations,
    misread_glyphs_only,
    misread_id_field,
    misread_signature,
    misread_unit_field,
    name_cut_at_end,
    name_unread_after_dot,
    near_name_span,
    normalize,
    normalize_name,
    other_units,
    own_signature_label_end,
    page_unit_slips,
    read_to_last_char,
    short_unit_names,
    signature_flourish_end,
    signed_with_losses,
    split_starred_id,
    stamped_unit_head,
    swallowed_stamped_value,
    truncated_unit_span,
    unit_end_in_next,
    unit_fragments,
    unit_in_pieces,
    unit_lacking_at_end,
    unit_lacking_at_start,
    unit_rest_after,
    unit_with_a_slip,
    witnessed_unit,
)
from .ocr import OcrEngine, create_engine, precise_of
from .proposal import propose_regions
from .reading import PageText, columns, drop_seal_ink, read_page, rows
from .render import apply_masks, mask_raster
from .verify import SURE_READING, verify_page

APPLICANT_KINDS = frozenset({"name", "id_number", "unit", "seal", "photo"})
#: A seal read with at least this mean character confidence (and 4+ Chinese characters) is
#: taken as read: if it does not match the applicant's unit, it is another unit's seal and stays.
SEAL_READABLE_SCORE = 0.75
#: Degrees off the page's rows beyond which a line within a seal is a piece of its arc.
LETTERING_TURN = 15.0
#: Threads shared by all calls of one ``Redactor`` for the work done beside the page's own
#: (face candidates beside the seals, seal rings beside the lines).
BESIDE_THREADS = 4

#: Lines this many times the page's median line height are no text a photo's face can be
#: under: the detector misfired on a picture.
TALL_LINE = 2.5
#: Lines this many times the median height, mostly on a seal, are its lettering's arc.
SEAL_ARC_LINE = 1.5
#: Degrees off the page's slope from which such a line is a seal's arc, not print.
ARC_TILT = 8.0
#: A label's colon whose box is this many times as wide as its characters' took in the
#: next glyph's ink.
COLON_SWALLOWED = 1.2
#: A grey seal's ring this many grey levels lighter than the print round it (less than the
#: page-wide ``seals.GREY_PRINT_GAP``) is taken away where it made a blob with the lines
#: under it (``reading.read_page``'s ``grey_blobs``).
_GREY_BLOB_GAP = 15.0
#: How much nicer than the caller the threads beside the page's main work run (Linux).
BESIDE_NICENESS = 19


def _yield_to_page() -> None:
    """Lower the calling thread's scheduling priority by BESIDE_NICENESS (Linux only).

    Work beside the page's main work is waited for only after the lines are read: run at the
    page's own priority it slowed the model runs the page waits for, while a niced thread
    takes the cores those runs leave idle (ratio to the raw engine 1.25 -> 1.20-1.22 on the
    benchmark's A4 pages interleaved in one process; within the spread of ``./dev bench``).
    """
    # Elsewhere a thread's id is no process id, and setpriority would renice some process.
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            tid = threading.get_native_id()
            os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid)
                           + BESIDE_NICENESS)


#: A page's seals (upright page), each with what ``seals.read_seal`` read in it.
SealReadings = list[tuple[seals.SealCandidate, seals.SealReading]]


@dataclass(frozen=True)
class Settings:
    """Every option of a ``Redactor``; frozen, so a shared instance cannot drift.

    Margins are in pixels relative to the text height; sizes are pixels of the input.
    """

    engine: str = "rapidocr"
    engine_options: Mapping[str, Any] = field(default_factory=dict)
    #: RGB colour of the solid mask fill.
    fill: tuple[int, int, int] = (0, 0, 0)
    #: Mask margin around the ink, as a fraction of the line height, and its floor in pixels.
    margin_ratio: float = 0.12
    min_margin: float = 2.0
    #: What to do with a red seal whose text cannot be read well enough to decide whose it is.
    seal_policy: Literal["review", "mask"] = "review"
    seals: bool = True
    photos: bool = True
    #: Inputs above this many megapixels are refused before decoding.
    max_megapixels: float = DEFAULT_MAX_MEGAPIXELS
    #: The text detector sees the page scaled to at most this many pixels on its longer side.
    det_max_side: int = 1600
    #: CPU threads one call may use (0: one per core, at most four). With more than one, the
    #: recogniser reads its batches side by side and the seals are read beside the lines;
    #: with 1, a call stays on its caller's thread (N workers of ``redact_many``: N cores).
    threads: int = 0
    #: Detect and read page lines with the int8 models (rapidocr; seal reading, blobs over
    #: seals and the verification pass stay float).
    quantized: bool = True
    #: Lines the recogniser is less sure of than this are ignored.
    min_line_score: float = 0.5
    #: Allow a one-character name (it would match almost everywhere).
    allow_short_name: bool = False
    #: Re-read the masked page where the applicant's data may still show (``redact.verify``).
    verify: bool = False
    #: Also mask the short forms of the units' names with their region's name shortened
    #: (新疆维吾尔自治区测绘院: 新疆测绘院, 自治区测绘院), listed or not.
    short_unit_names: bool = True


@dataclass(frozen=True)
class RedactResult:
    """The outcome for one image. Boxes are in pixels of ``masked`` (the upright input)."""

    masked: np.ndarray
    regions: tuple[Region, ...]
    kept: tuple[Region, ...]
    needs_masking: bool
    needs_review: bool
    warnings: tuple[str, ...]
    rotation: int
    lines: tuple[TextLine, ...]
    seconds: float
    #: True: the verification pass found nothing left; False: it did (see warnings);
    #: None: it was not run.
    verified: bool | None = None

    @property
    def size(self) -> tuple[int, int]:
        """``(width, height)`` in pixels."""
        return (int(self.masked.shape[1]), int(self.masked.shape[0]))

    def mask(self) -> np.ndarray:
        """Boolean ``(height, width)`` array of the masked pixels."""
        return mask_raster(self.masked.shape, self.regions)

    def to_jpeg(self, quality: int = 92) -> bytes:
        """The masked image as JPEG bytes with no metadata."""
        return encode_jpeg(self.masked, quality)

    def to_dict(self) -> dict[str, Any]:
        """The report fields of this result (``input``/``output`` are added by the caller)."""
        return {
            "needs_masking": self.needs_masking,
            "needs_review": self.needs_review,
            "size": list(self.size),
            "rotation": (self.rotation * 90) % 360,
            "regions": [r.to_dict() for r in self.regions],
            "kept": [r.to_dict() for r in self.kept],
            "warnings": list(self.warnings),
            "verified": self.verified,
            "seconds": round(self.seconds, 3),
        }


#: A line a unit signs on: its label (填报单位, 甲方) or the stamp's place (盖章).
_STAMP_LINE = re.compile(r"单[位住]|甲方|盖章|公章|章[)）]")  # 单住: 单位 misread; 章): its 盖 lost


def _label_at_end(*words: str) -> re.Pattern[str]:
    """One of ``words`` at a line's end, maybe in brackets: （盖章）, (公章), 签字."""
    return re.compile(r"[（(]?\s*(?:" + "|".join(words) + r")\s*[）)]?\s*$")


#: The stamp's place written after the unit's name, to the line's end: （盖章）, (公章).
_STAMP_LABEL = _label_at_end("盖章", "公章", "签章", "签字")
#: The seal's own label at a signing line's end: （盖章）, (公章); not a person's （签字）.
_SEAL_LABEL = _label_at_end("盖章", "公章")
#: A label's place in brackets right after a read, however read: (签字）, （盖章）, (字）.
_BRACKET_LABEL = re.compile(r"\s*" + STAMP_PLACE.pattern)
#: How far, in line heights, a full-width bracket's ink reaches into its box from the box's
#: right edge: （ is a thin arc at the right of its cell. Half a line height left the last
#: 4 px of 喀什测绘院's lost 院 visible on an assessment form (fresh set 6161).
BRACKET_INK = 0.3
#: A seal masked for where it is stamped (not for its reading) is at most this many text
#: line heights across.
SEAL_MAX_LINES = 20
#: Characters' worth of ink, beyond the characters read, that the cells after a signing
#: label must hold for ``swallowed_stamped_value``'s read to be what is left of the name.
SWALLOWED_UNREAD = 3
#: A name label at a line's start, the name (if any) after it on the same line.
_NAME_LABEL_HEAD = re.compile(r"\s*姓\s*名\s*[:：]?\s*")
#: A line that ends in a label whose value is the unit (编制单位：, 甲方（盖章）), normalised.
_VALUE_LABEL_END = re.compile(r"(?:单[位住](?:名称)?|(?:盖章|公章)\))\s*:?$")
#: Marks the recogniser makes of a glyph's remains under a seal's ink.
_INK_MARKS = "「」『』“”‘’\"'`|丨!！.,，、·-—_~^"
#: Ten digits or stars in a row: what is left of an ID number, starred or misread.
_NUMBER_RUN = re.compile(r"[0-9*]{10,}")
#: A date printed with separators (2012.09.26, 2012-09-26): an ID card's validity period is
#: two of them, which read without the space between make a run of sixteen digits.
_DOTTED_DATE = re.compile(r"(?:19|20)[0-9]{2}([.\-/])[01]?[0-9]\1[0-3]?[0-9]")
#: What the recogniser may leave of a name label at a line's start (possibly nothing).
_LABEL_LEFT = re.compile(r"\s*(?:姓\s*名|姓|名)?\s*[:：]?\s*")
#: The note of a seal taken as the unit's from where it is stamped, not from its reading.
STAMPED_NOTE = ("is stamped on the unit's line of a page that names no other unit: "
                "masked as the unit's seal")
#: A seal stamped so (see ``STAMPED_NOTE``) is the unit's if its reading matches the unit at
#: least this well (``seals.MATCH_THRESHOLD`` elsewhere), or it cannot be read at all. A
#: labour contract's own seal read 69新疆维次自区国意中心0 scores 0.34. What guards against
#: another body's seal is the page naming no other unit: a sibling of the same form scores
#: more (…遥感中心 0.33, …测绘信息中心 0.56), one of another form (…局) 0.
STAMPED_MATCH = 0.3
#: Characters of a stamped seal's reading, all the unit's in its order (``unit_fragments``),
#: that make it the unit's however low it scores.
STAMPED_FRAGMENT = 4
#: The note of a seal taken as the unit's because the unit's name is signed on it.
SIGNED_NOTE = "has the unit's name signed on it: masked as the unit's seal"
#: The note of a seal whose reading and the print on it show the unit together.
WITNESSED_NOTE = ("reads as the unit together with the print on it, each garbled in its own "
                  "way: masked as the unit's seal")
#: A seal that fits the unit (``seals.fits_unit``) is the unit's if it reads this close to
#: it and a line of text height on it reads as the unit with at most one slip. The black
#: print over a seal garbles the lettering it covers: 新疆唯吾尔自区测经 (0.56) under
#: 新疆则绘院 | 2017年8月, fresh set 2468's project report. So is one that reads this close
#: and, with the print on it, shows the unit (``WITNESSED_NOTE``): 新疆维吾尔自治又一给院
#: (0.46) over 治区T | 绘院, fresh set 8686's.
SIGNED_MATCH = 0.45


def _whose_page(page: PageText, matches: Sequence[Match], applicant: Applicant,
                found_seals: Sequence[seals.SealCandidate]) -> tuple[str | None, bool]:
    """What the page says about whose paper it is: another person's name if it is their
    document (``document_holder``; only when nothing of the applicant shows), and whether it
    is the applicant's unit's own paper (it names the unit and, outside its seals, whose ink
    garbles the text under them, no other unit)."""
    texts = [ln.text for ln in page.lines]
    own_page = _shows_applicant(matches)
    # A form's label cell and its value may stand further apart than a line's continuation
    # (姓名 | 李四 across a wide cell): each line's neighbour on its row counts too.
    beside = [(r[k], r[k + 1]) for r in page.rows for k in range(len(r) - 1)]
    holder = None if own_page else document_holder(
        texts, applicant.name, dict.fromkeys([*page.continuations, *beside]))
    if not applicant.units:
        return holder, False
    apart = [not any(_overlaps(ln.box, c.bbox) for c in found_seals) for ln in page.lines]
    # What was matched as the applicant's unit, read with slips or not, names no other unit
    # (研宽院有限公司, the wrapped end of a roster's cell read as the unit).
    own = [list(ln.text) for ln in page.lines]
    for m in matches:
        if m.masked and m.kind == "unit":
            for sp in m.spans:
                own[sp.line][sp.start:sp.end] = ["，"] * (sp.end - sp.start)
    rest = ["".join(chars) for chars in own]
    clear = [t for t, ok in zip(rest, apart) if ok]
    # A unit named in a sentence wraps like any word: …继续教育基 | 地举办的… (Lines below
    # only, under no field label: a label and its value make no name, 学历 | 大学本科 no
    # 学历大学, nor does a column's head and a wrapped cell, 工作单位 | 有限公司.)
    clear += [rest[i] + rest[j] for i, j in page.continuations_below
              if apart[i] and apart[j] and not is_form_label(page.lines[i].text)]
    # A signing line's label and its name may be apart on their row (编制单位 | 新疆纤五尔 |
    # 区第一测绘院 under the seal): the row is read as one line too.
    signing = [t for t in texts if _STAMP_LINE.search(t)]
    signing += ["".join(texts[i] for i in row) for row in page.rows if len(row) > 1
                and any(_STAMP_LINE.search(texts[i]) for i in row)]
    names_unit = (any(m.masked and m.kind == "unit" for m in matches)
                  or any(labelled_unit_span(t, applicant.units) for t in signing))
    return holder, names_unit and not other_units(clear, applicant.units)


def _kept_name_boxes(page: PageText, matches: Sequence[Match]) -> list[tuple[float, float, float, float]]:
    """The ink boxes (upright page, pixels, a pixel of margin) of the characters of other
    people's names seen beside the applicant's (王伟东 for 王伟): no seal mask covers them."""
    return [box for m in matches if not m.masked and m.kind == "other_name" for sp in m.spans
            for box in _char_boxes(page.upright_lines[sp.line].chars[sp.start:sp.end])]


def _char_boxes(chars: Sequence[CharBox]) -> list[tuple[float, float, float, float]]:
    """The boxes of ``chars`` with a pixel of margin: what a seal mask keeps clear of."""
    out = []
    for c in chars:
        x0, y0, x1, y1 = box_from_points(c.quad)
        out.append((x0 - 1.0, y0 - 1.0, x1 + 1.0, y1 + 1.0))
    return out


#: A roster cell that reads as a person's name: Chinese, with a name's dots (or a dot read as
#: a dash: 热依拉-努尔三 under a roster's seal, seed 2579), 2-12 long.
_NAME_CELL = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff·•・.\-‐—_~]{1,11}")


def _column_name_boxes(page: PageText, matches: Sequence[Match]) -> list[tuple[float, float, float, float]]:
    """The ink boxes (upright page, pixels, a pixel of margin) of the cells under or over the
    applicant's name cell in a roster's column that read as names: other people's, which a
    seal stamped across the column must leave (古丽不拉艾则孜 under the seal of seed 8117's
    roster, its dot and a slip keeping it from reading as a look-alike of 古丽米拉·加恒)."""
    up = page.upright_lines
    masked = {sp.line for m in matches if m.masked for sp in m.spans}
    cells = [up[sp.line] for m in matches if m.masked and m.kind == "name" for sp in m.spans
             if sp.start == 0 and not up[sp.line].text[sp.end:].strip()]
    boxes = []
    skew = page.skew if cells else 0.0
    for cell in cells:
        x0, _, x1, _ = cell.box
        for j, line in enumerate(up):
            lx0, _, lx1, _ = line.box
            # (A cell runs level with the page; a piece of the seal's own lettering read at
            # its arc's angle does not: 国土资源信 over the column's head, fresh set 1862, hid
            # the seal's right half from its mask, 70%.)
            # (Nor is the column's head, 姓名, the field's label: a seal's band over it stopped
            # short of 新疆生 of its lettering; fresh set 9264, 88%.)
            if (j in masked or not _NAME_CELL.fullmatch("".join(line.text.split()))
                    or is_form_label(line.text) or not _along(line, skew, ARC_TILT)
                    or abs(line.height - cell.height) > 0.35 * max(line.height, cell.height)
                    or min(x1, lx1) - max(x0, lx0) < 0.5 * min(x1 - x0, lx1 - lx0)):
                continue
            # Each character's box over the cell's ink rows: a glyph misread has the box of
            # what was read (三, its top dots lost, for the 兰 of 热依拉·努尔兰, 5%).
            chars = _char_boxes(line.chars)
            top, bottom = min(b[1] for b in chars), max(b[3] for b in chars)
            boxes += [(x0, top, x1, bottom) for x0, _, x1, _ in chars]
    return boxes


def _id_tails(page: PageText, id_number: str) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``: line ``i`` ends in an ID label and the first digits of ``id_number``,
    and line ``j``, after it on its row, opens with digits or stars (a starred number whose
    stars the detector dropped, all or some of them). Digits stand lower than the label's
    characters, so such a tail is too short a box to pass for the next cell of the row
    (``reading.continuations``); and the stars it dropped leave a gap as wide as they were
    (学员黄林（身份证号：652901 | ***929X），工作单位：自治区, five stars lost, 2.5 line heights).

    Where the head's row goes on in the next row of its paragraph, so does the tail: the
    row's last piece is the one a wrapped unit name begins in (…工作单位：自治区 | 测绘院，…).
    """
    up = page.upright_lines
    heads = [i for i, ln in enumerate(up) if ends_in_id_head(normalize(ln.text)[0], id_number)]
    pairs = []
    below = dict(reversed(page.continuations_below))
    length = len(normalize(id_number)[0])
    for i in heads:
        _x0, y0, x1, y1 = up[i].box
        h, cy = up[i].height, (y0 + y1) / 2
        text = up[i].text.rstrip()
        shown = len(text) - len(text.rstrip("0123456789*"))
        after = []
        for j, ln in enumerate(up):
            opens = len(ln.text) - len(ln.text.lstrip("*"))
            if j == i or not ln.text[opens:opens + 1].isdigit() \
                    or abs((ln.box[1] + ln.box[3]) / 2 - cy) >= 0.5 * h:
                continue
            lost = max(0, length - shown - opens - 4)
            # A lost star or digit is about half a line height wide.
            if -0.2 * h < ln.box[0] - x1 < (1.5 + 0.6 * lost) * h:
                after.append(j)
        if not after:
            continue
        j = min(after, key=lambda j: up[j].box[0])
        pairs.append((i, j))
        k = below.get(i)
        if k is not None and k != j and not any(a == j for a, _ in page.continuations) \
                and abs(up[j].box[2] - up[k].box[2]) < 1.5 * h:
            pairs.append((j, k))
    return pairs


#: What a run of printed stars reads as on a line of its own: star glyphs, mostly the
#: nearest ones (冰米米冰米*米米 for ******** on seed 4730's training certificate).
_STAR_RUN = frozenset("*＊※米")
_STAR_LIKE = frozenset(STAR_GLYPHS + "＊※冰")


def _star_run(text: str) -> bool:
    """Whether ``text`` (stripped) reads as a run of printed stars: two or more star
    glyphs, at least half of them the nearest ones."""
    return (len(text) >= 2 and set(text) <= _STAR_LIKE
            and 2 * sum(c in _STAR_RUN for c in text) >= len(text))


def _stars_beside_ids(page: PageText, matches: Sequence[Match]) -> list[Match]:
    """Lines of stars only that continue a masked ID number on its row: the starred part of
    ``650102********202X`` printed raised, which the detector took as a line of its own
    beside the digits (seed 3030's training certificate). The stars hide nothing, but they
    are printed as part of the number, and a mask that stops at the digits shows where the
    number runs on."""
    up = page.upright_lines
    taken = {sp.line for m in matches for sp in m.spans}
    found: list[Match] = []
    for m in matches:
        if not (m.masked and m.kind == "id_number"):
            continue
        for sp in m.spans:
            line = up[sp.line]
            x0, y0, x1, y1 = line.box
            h, cy = line.height, (y0 + y1) / 2
            at_end = not line.text[sp.end:].strip()
            at_start = not line.text[:sp.start].strip()
            for j, other in enumerate(up):
                text = other.text.strip()
                if j in taken or not _star_run(text):
                    continue
                ox0, oy0, ox1, oy1 = other.box
                if abs((oy0 + oy1) / 2 - cy) >= 0.6 * h:
                    continue
                if (at_end and -0.5 * h < ox0 - x1 < 1.5 * h) or (
                        at_start and -0.5 * h < x0 - ox1 < 1.5 * h):
                    taken.add(j)
                    # With the digits beside them, so the two masks join as one bar.
                    stars = Span(j, 0, len(page.lines[j].text))
                    found.append(Match("id_number", (sp, stars) if at_end else (stars, sp),
                                       page.lines[j].text, 0.8, True,
                                       "stars printed beside the ID number's digits"))
    return found


#: Who else signs on such a line: a person in a role, a party, a date.
_SIGNER_ROLE = re.compile(r"代表人|代理人|负责人|经办人|签字|日期|[甲乙丙]方")


def _signing_head(text: str, longest: int) -> int | None:
    """Where the name signing for a seal ends on a signing line (``name（盖章）``): the end of
    the words before the seal's label, when they are one to ``longest`` + 2 characters
    and no label or role of their own (单位, 甲方, 法定代表人, …); else None."""
    label = _SEAL_LABEL.search(text)
    if label is None:
        return None
    head = text[:label.start()].rstrip()
    norm = normalize(head)[0]
    if (not 1 <= len(norm) <= longest + 2 or _STAMP_LINE.search(head) or _SIGNER_ROLE.search(head)
            or is_form_label(head)):
        return None
    return len(head)


def _tall_cell_after(up: Sequence[TextLine], i: int) -> int | None:
    """The line right after line ``i`` (upright) whose box holds its middle height and is
    taller than it, within four of its line heights: a hand signed after a label, too tall
    to share a row with it."""
    _x0, y0, x1, y1 = up[i].box
    h, cy = up[i].height, (y0 + y1) / 2
    after = [j for j, ln in enumerate(up) if j != i and ln.height > h
             and ln.box[1] <= cy <= ln.box[3] and -0.3 * h <= ln.box[0] - x1 <= 4 * h]
    return min(after, key=lambda j: up[j].box[0]) if after else None


def _field_values(page: PageText, matches: Sequence[Match], kind: str,
                  is_label: Callable[[str], bool],
                  misread: Callable[[str, bool, Sequence[float]], tuple[int, ...] | None],
                  what: str, field_name: str, tall_values: bool = False) -> list[Match]:
    """The values of a form's fields that ``misread`` takes as the applicant's item, on lines
    no masked match holds yet: every line (its label at its start), then every cell right
    after a label cell (``is_label``) on its row, with ``labelled`` set; ``misread`` is also
    given the line's character confidences. It gives ``(start, end)``, or ``(start, end,
    lost)`` with the item's characters lost after it. ``tall_values``: also the cell right
    of a label too tall to share its row (``_tall_cell_after``: a hand signed after its
    label, 乙方（签字)： | 国 for 钟国, seed 3607)."""
    texts = [ln.text for ln in page.lines]
    fields = [(i, False) for i in range(len(texts))]
    for row in page.rows:
        fields += [(j, True) for i, j in zip(row, row[1:]) if is_label(texts[i])]
    if tall_values:
        tall = (_tall_cell_after(page.upright_lines, i) for i in range(len(texts))
                if is_label(texts[i]))
        fields += [(j, True) for j in tall if j is not None]
    taken = {sp.line for m in matches if m.masked for sp in m.spans}
    found = []
    for i, labelled in fields:
        span = None if i in taken else misread(texts[i], labelled, page.lines[i].char_scores)
        if span is None:
            continue
        taken.add(i)
        read = texts[i][span[0]:span[1]]
        found.append(Match(kind, (Span(i, span[0], span[1]),), read, 0.7, True,
                           f"{what} read as {read} in the form's {field_name} field; masked as "
                           "the applicant's", lost=(0, span[2] if len(span) > 2 else 0)))
    return found


#: A signing line's region running on this many line heights past the hand read in it
#: holds more of the hand, unread.
SIGNATURE_RUN_ON = 0.5
#: Most characters a line height that a reading of no Chinese may hold to be taken for the
#: recogniser's guess at a script it does not know (``_unread_above_names``).
SCRIPT_GUESS = 0.8


def _name_boxes(page: PageText, matches: Sequence[Match]) -> list[tuple[Box, float]]:
    """The upright boxes of the applicant's masked names' spans, each with its line's
    height."""
    out = []
    for m in matches:
        if m.kind != "name" or not m.masked:
            continue
        for sp in m.spans:
            line = page.upright_lines[sp.line]
            x0, y0, x1, y1 = line.span_box(sp.start, sp.end)
            out.append((box_from_points([(x0, y0), (x1, y1)]), line.height))
    return out


def _name_above(box: Sequence[float], name: Sequence[float], height: float) -> bool:
    """Whether ``box`` (upright) sits right above the name's box ``name`` as the name in
    another script would (or a word of it, detected apart): about a line high, its bottom
    within a line height above the name's top, starting over the name or just before it,
    and lying mostly over it. (A card's labels stand over their Chinese labels, to the
    name's left; the next row's over the rows below.)"""
    bx0, by0, bx1, by1 = box
    nx0, ny0, nx1, _ = name
    if not (0.4 * height <= by1 - by0 <= 1.6 * height):
        return False
    if not (ny0 - 1.0 * height <= by1 <= ny0 + 0.3 * height):
        return False
    if not nx0 - 1.5 * height <= bx0 <= nx1:
        return False
    over = min(bx1, nx1 + height) - max(bx0, nx0 - height)
    return over >= 0.8 * (bx1 - bx0)


def _unread_above_names(page: PageText, matches: Sequence[Match]) -> list[Box]:
    """Upright boxes of the applicant's name in a script the reader does not know, printed
    right above their name as read (``_name_above``): a detected region the reader made
    nothing of, or only a few Latin letters or marks (ئابلەت ئىمىن read ``j``). A Xinjiang
    ID card may give a Uyghur holder's name in Uyghur above the Chinese (a bilingual card's
    labels sit over their Chinese ones, not over the name)."""
    names = _name_boxes(page, matches)
    if not names:
        return []
    taken = {sp.line for m in matches if m.masked for sp in m.spans}
    # The recogniser's guess at a script it does not know is a few letters or digits for a
    # long stretch of ink (S9 over five line heights); print it can read has about two a
    # line height.
    # Or a few more, read as unsure as garbled glyphs are (539) 0) for رەيىلە روزى at
    # 0.29-0.61 but one, 1.9 a line height; seed 6318, 0%). A space's confidence says
    # nothing of the glyphs (jkab j8ja for يېرلان جاھەن, 0.60 with its space at 0.93 and 0.56
    # without; seed 5791, 0%).
    guessed = [line.box for i, line in enumerate(page.upright_lines) if i not in taken
               and not any(is_cjk(c) for c in line.text)
               and (len("".join(line.text.split()))
                    <= SCRIPT_GUESS * (line.box[2] - line.box[0]) / max(1.0, line.height)
                    or _glyphs_unsure(line))]
    read = [line.box for line in page.upright_lines if line.text.strip()]
    return [box for box in (*(box_from_points(q) for q in page.unread), *guessed)
            if any(_name_above(box, name, height) and not _listed(box, name, read)
                   for name, height in names)]


#: Below this mean confidence a reading of no Chinese is the recogniser's guess at a script
#: it does not know: the Latin letters and digits it can read come out at 0.9 and more, and
#: its guesses at a card's Uyghur name at 0.56-0.61 (539) 0), jkab j8ja, S39 at 0.72, 0.35,
#: 0.75; seeds 6318, 5791, 2579).
SCRIPT_GUESS_CONFIDENCE = 0.8


#: A name's last character placed this many times as wide as it is tall, and as the name's
#: other characters, holds two glyphs' ink: one more character was printed there, unread.
LOST_GLYPH_WIDTH = 1.7
#: ... read at least this surely (a hand's flourish, read unsure, widens a glyph too).
LOST_GLYPH_SURE = 0.95
#: A mark after a name read below this, as wide as the name's glyphs, is a glyph misread.
MISREAD_MARK = 0.8


def _glyph_lost_after(line: TextLine, m: Match,
                      ink_width: Callable[[Box], float] | None = None) -> bool:
    """Whether the name ``m``, read surely, is a roster cell (``line``, upright) to itself
    whose next glyph was lost or misread, so a longer name: its last character's box holds
    a second glyph's ink (蔡艳琳 read 蔡艳 at 1.0, 艳 placed twice 蔡's width; fresh set
    1296), or a mark read unsure as wide as a glyph ends the cell (郭娜海 read 郭娜(, ( at
    0.61; fresh set 3591). Both colleagues were masked whole as the applicant.
    ``ink_width``: the width of the ink in a box (upright pixels), where the page is known;
    a box may take in a spaced name's gap (刘　燕, 燕's box twice its ink, on a real
    timetable), so it is the ink that is measured, else the box."""
    (sp,) = m.spans
    if line.text[:sp.start].strip():
        return False
    chars = [c for c in line.chars[sp.start:sp.end] if not c.char.isspace()]
    if len(chars) < 2 or min(c.score for c in chars) < LOST_GLYPH_SURE:
        return False
    boxes = [box_from_points(c.quad) for c in chars]
    measure = ink_width or (lambda b: float(b[2] - b[0]))
    widths = [measure(b) for b in boxes]
    rest = [c for c in line.chars[sp.end:] if not c.char.isspace()]
    if not rest:
        last_height = boxes[-1][3] - boxes[-1][1]
        return widths[-1] >= LOST_GLYPH_WIDTH * max(last_height, float(np.median(widths[:-1])))
    if len(rest) != 1 or is_cjk(rest[0].char) or rest[0].score >= MISREAD_MARK:
        return False
    return measure(box_from_points(rest[0].quad)) >= 0.8 * float(np.median(widths))


def _crop(image: np.ndarray, box: Box) -> tuple[np.ndarray, int, int]:
    """``box`` of ``image`` (pixels, clipped to it; possibly empty) and its top-left corner."""
    x0, y0, x1, y1 = (max(0, int(box[0])), max(0, int(box[1])),
                      min(image.shape[1], int(math.ceil(box[2]))),
                      min(image.shape[0], int(math.ceil(box[3]))))
    return np.ascontiguousarray(image[y0:y1, x0:x1]), x0, y0


#: How much redder than green and blue (0-255) a pixel of a seal's ink is, at the least.
_SEAL_RED = 8


def _label_end(line: TextLine) -> float:
    """Where ``line``'s text ends (x, px, upright): its box's end, or, where it ends in a colon
    whose box is wider than its characters' (COLON_SWALLOWED), the middle of that colon's
    cell, whose own ink is in its left half: the rest is the next glyph's ink the box took
    in (填报单位（(基5)： | 主产建团…, half of 新 inside a colon 23 px wide for characters of
    18; fresh set 7415, 96%)."""
    said = line.text.rstrip()
    widths = [c.box[2] - c.box[0] for c in line.chars if is_cjk(c.char)]
    if said[-1:] not in "：:" or len(line.chars) != len(line.text) or not widths:
        return float(line.box[2])
    cx0, _, cx1, _ = box_from_points(line.chars[len(said) - 1].quad)
    if cx1 - cx0 <= COLON_SWALLOWED * float(np.median(widths)):
        return float(line.box[2])
    return min(float(line.box[2]), cx0 + 0.5 * line.height)


def _text_ending_before(page: PageText, i: int, x: float, tall: float) -> list[float]:
    """The right ends (px, upright) of the lines that end before ``x`` on upright line
    ``i``'s row, sharing half its height: text a lost head of ``i`` stops short of. Not
    lines taller than ``tall`` (a seal's lettering), nor a piece read as misread glyphs only
    (が for the lost 新 of a vertical roster's 新疆维吾尔…, seed 7219)."""
    head = page.upright_lines[i]
    return [_label_end(ln) for j, ln in enumerate(page.upright_lines)
            if j != i and ln.box[2] <= x and ln.height <= tall
            and not misread_glyphs_only(ln.text)
            and min(ln.box[3], head.box[3]) - max(ln.box[1], head.box[1]) >= 0.5 * head.height]


def _print_run_start(upright: np.ndarray, box: Box, glyph: float) -> float:
    """Where the print's ink that runs on leftwards from ``box``'s right edge begins (x, px,
    upright page), within ``box``: red seal ink and rules left out, gaps narrower than
    ``glyph`` (the glyphs' height, px) bridged. ``box[2]`` when there is none."""
    crop, cx, _ = _crop(upright, box)
    if crop.size == 0:
        return float(box[2])
    ink = _ink_of(crop)
    if crop.ndim == 3:
        # (Pale print beside a pale seal: the ring's pink is as dark as the print's grey, but
        # redder by a quarter of its depth or more; print over the seal's red is far deeper.)
        rgb = crop.astype(np.int16)
        rest = np.maximum(rgb[:, :, 1], rgb[:, :, 2])
        red = rgb[:, :, 0] - rest
        ink &= (red <= _SEAL_RED) | (red <= 0.25 * (255 - rest))
    ink = _glyph_ink(ink, glyph)
    cols = np.flatnonzero(ink.sum(axis=0) >= 2)
    start = crop.shape[1]
    for c in cols[::-1]:
        if start - c > glyph:
            break
        start = int(c)
    return float(cx + start)


def _ink_of(crop: np.ndarray) -> np.ndarray:
    """``ink_mask`` of a crop in colour or grey."""
    return ink_mask(cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY) if crop.ndim == 3 else crop)


def _glyph_ink(ink: np.ndarray, glyph: float) -> np.ndarray:
    """``ink`` (a crop's) without the pieces that are rules, not glyphs (``glyph``: the
    glyphs' height, px): thinner than a fifth of a glyph one way and, the other, longer than
    two glyphs or running across the crop."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    ch, cw = ink.shape[:2]
    keep = np.zeros(n, bool)
    for j in range(1, n):
        w, h = stats[j, cv2.CC_STAT_WIDTH], stats[j, cv2.CC_STAT_HEIGHT]
        keep[j] = not ((w >= min(2 * glyph, 0.9 * cw) and h < 0.2 * glyph)
                       or (h >= min(2 * glyph, 0.9 * ch) and w < 0.2 * glyph))
    return keep[labels]


def _ink_width(upright: np.ndarray, box: Box) -> float:
    """The width (pixels) of the ink in ``box`` of the upright page ``upright``."""
    crop, _, _ = _crop(upright, box)
    if crop.size == 0:
        return 0.0
    cols = np.flatnonzero(_ink_of(crop).any(axis=0))
    return float(cols[-1] - cols[0] + 1) if len(cols) else 0.0


def _names_with_a_glyph_lost(page: PageText, matches: Sequence[Match],
                             upright: np.ndarray | None = None) -> list[Match]:
    """``matches`` with each name that ``_glyph_lost_after`` finds a longer name kept visible
    as another person's (``upright``: the page, whose ink is measured when given)."""
    up = page.upright_lines
    width = None if upright is None else functools.partial(_ink_width, upright)
    return [Match("other_name", m.spans, m.text, m.score, False,
                  f"kept {m.text}: a cell whose next glyph was lost or misread")
            if m.masked and m.kind == "name" and len(m.spans) == 1
            and len(up[m.spans[0].line].chars) == len(up[m.spans[0].line].text)
            and _glyph_lost_after(up[m.spans[0].line], m, width) else m for m in matches]


def _card_birth_line(page: PageText, matches: Sequence[Match], id_number: str) -> int | None:
    """The line (upright) of an ID card's front that gives the birth date of ``id_number``,
    found on the page: its year, month and day in order (1986 年 7 月 7 日, its 年 and 月
    misread as they may be), above the ID's line and over an address line aligned with it."""
    if len(id_number) < 14 or not id_number[6:14].isdigit():
        return None
    year, month, day = id_number[6:10], str(int(id_number[10:12])), str(int(id_number[12:14]))
    up = page.upright_lines
    ids = [up[sp.line].box for m in matches if m.masked and m.kind == "id_number"
           for sp in m.spans]
    if not ids:
        return None  # (most pages: no line of theirs is looked at)
    for j, line in enumerate(up):
        digits = re.sub(r"\D", "", line.text)
        at = digits.find(year)
        if at < 0 or len(line.text.strip()) > 16:
            continue
        rest = digits[at + 4:]
        after_month = rest.find(month)
        if after_month < 0 or day not in rest[after_month + len(month):]:
            continue
        x0, _, _, y1 = line.box
        lh = line.height
        for box in ids:
            if not 0 <= box[1] - y1 <= 8 * lh:
                continue
            if any(y1 - 0.3 * lh <= other.box[1] and other.box[3] <= box[1] + 0.3 * lh
                   and abs(other.box[0] - x0) <= 0.6 * lh for other in up if other is not line):
                return j
    return None


#: Rows of ink in an ID card's value column: the name's is the second above the birth date's
#: (the sex and ethnicity's between).
_CARD_ROWS_UP = 2


def _card_name_row(upright: np.ndarray, page: PageText, matches: Sequence[Match],
                   id_number: str) -> Box | None:
    """The upright box of the ink on the name's row of the applicant's ID card (a copy on the
    page whose birth date line ``_card_birth_line`` finds), for a page where their name was
    not found: a small, blurred card's spaced 林　永 is no line to the detector (fresh set
    4471, 0%). The card's value column holds name, sex and birth date one row each, so the
    name's row is the second row of ink above the birth date's, from the column's left
    (the labels stand before it) to the address's right (the photo stands after it)."""
    j = _card_birth_line(page, matches, id_number)
    if j is None:
        return None
    up = page.upright_lines
    birth = up[j]
    x0, y0, _, y1 = birth.box
    lh = birth.height
    column = [ln.box for ln in up if y0 - 0.3 * lh <= ln.box[1] <= y1 + 6 * lh
              and abs(ln.box[0] - x0) <= 0.6 * lh]
    left = int(max(0, x0 - 0.3 * lh))
    right = int(min(upright.shape[1], max(b[2] for b in column)))
    top = int(max(0, y0 - 4.5 * lh))
    bottom = int((y0 + y1) / 2)
    if right - left < 2 * lh or bottom - top < 2 * lh:
        return None
    ink = _ink_of(np.ascontiguousarray(upright[top:bottom, left:right]))
    rows = np.flatnonzero(ink.sum(axis=1) >= 2)
    if not len(rows):
        return None
    # Runs of inked rows, bottom up; a row's strokes may leave a pixel's gap.
    runs: list[list[int]] = []
    for y in rows[::-1]:
        if runs and runs[-1][0] - y <= 2:
            runs[-1][0] = int(y)
        else:
            runs.append([int(y), int(y)])
    # The birth date's own row is the run centred in its line's box.
    above = [r for r in runs if (r[0] + r[1]) / 2 < y0 - top]
    if len(above) < _CARD_ROWS_UP:
        return None
    ry0, ry1 = above[_CARD_ROWS_UP - 1]
    sex0, sex1 = above[_CARD_ROWS_UP - 2]
    # Both rows are print about a line's glyphs high, not the card's edge or a speck.
    if not (0.3 * lh <= ry1 - ry0 + 1 <= 1.5 * lh and 0.3 * lh <= sex1 - sex0 + 1 <= 1.5 * lh):
        return None
    xs = np.flatnonzero(ink[ry0:ry1 + 1].any(axis=0))
    if xs.max() - xs.min() + 1 < 0.5 * (ry1 - ry0 + 1):
        return None
    return (left + int(xs.min()), top + ry0, left + int(xs.max()) + 1, top + ry1 + 1)


def _card_script_above(upright: np.ndarray, page: PageText, matches: Sequence[Match],
                       id_number: str) -> Box | None:
    """The upright box of the ink right above the applicant's name on their own ID card (a
    card whose birth date line ``_card_birth_line`` finds, the name's line above it): a
    bilingual card prints the name in Uyghur there, small enough for the detector to miss
    (再努尔·卡斯木's, 9 px high over a 75 dpi copy's name; fresh set 3318, 13%). Only over
    the name's own characters and within a line height above their tops, where no label or
    other row stands; None without ink there."""
    j = _card_birth_line(page, matches, id_number)
    if j is None:
        return None
    up = page.upright_lines
    birth = up[j].box
    for m in matches:
        if not (m.masked and m.kind == "name" and len(m.spans) == 1):
            continue
        sp = m.spans[0]
        line = up[sp.line]
        chars = line.chars[sp.start:sp.end] if len(line.chars) == len(line.text) else ()
        if not chars or not (0 < birth[1] - line.box[3] <= 4 * line.height
                             and abs(line.box[0] - birth[0]) <= line.height):
            continue
        h = line.height
        boxes = [box_from_points(c.quad) for c in chars if not c.char.isspace()]
        top = min(b[1] for b in boxes)
        x0 = int(max(0, min(b[0] for b in boxes) - 0.2 * h))
        x1 = int(min(upright.shape[1], max(b[2] for b in boxes)))
        y0, y1 = int(max(0, top - 0.9 * h)), int(top)
        if x1 - x0 < h or y1 - y0 < 0.3 * h:
            continue
        # The band and the name's own characters under it, in grey.
        crop = np.ascontiguousarray(upright[y0:int(max(b[3] for b in boxes)) + 1, x0:x1])
        grey = cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY) if crop.ndim == 3 else crop
        # Ink nearly as dark as the name's own: a card's pale guilloche (a real specimen's,
        # all round its name, at 207 where the name is 2 on paper of 244) is no print; a
        # blurred copy's small Uyghur, at 151-172 where the name is 122 on 223, is.
        dark, paper = grey_levels(np.ascontiguousarray(grey[y1 - y0:]), (3, 90))
        if paper - dark < 40:
            continue
        band = np.ascontiguousarray(grey[:y1 - y0])
        ink = ((band < paper - 0.3 * (paper - dark)) & ink_mask(band)).astype(np.uint8)
        # Strokes, not a grey scan's speckle (one to three pixels each, all over a rotated
        # copy's card; fresh set 1296): pieces a third of a line height long or more.
        n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
        keep = np.zeros(n, bool)
        keep[1:] = np.maximum(stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]) >= 0.3 * h
        ys, xs = np.nonzero(keep[labels])
        if len(xs) < 0.05 * h * h or np.ptp(xs) < 0.5 * h:
            continue
        # With a little paper round it, for the mask to find the ink in again.
        pad = int(math.ceil(0.15 * h))
        return (max(0, x0 + int(xs.min()) - pad), max(0, y0 + int(ys.min()) - pad),
                min(upright.shape[1], x0 + int(xs.max()) + 1 + pad), y1)
    return None


def _glyphs_unsure(line: TextLine) -> bool:
    """Whether ``line``'s characters, spaces aside, were read on average below
    SCRIPT_GUESS_CONFIDENCE."""
    scores = [s for c, s in zip(line.text, line.char_scores) if not c.isspace()]
    return bool(scores) and float(np.mean(scores)) < SCRIPT_GUESS_CONFIDENCE


def _listed(box: Sequence[float], name: Sequence[float], read: Sequence[Sequence[float]]
            ) -> bool:
    """Whether the unread ``box`` above the name's box ``name`` is rather a cell of a list or
    a column of names: a line read between the two (the detector draws a tight roster's
    rows taller than their pitch, so a cell two rows up still stands "right above"), or a
    line read right above ``box`` as high and as wide as it, the cell before it in the
    column (a 67 dpi roster's 董燕洁, unread, masked above the applicant's row; seed 8372).
    A card's name in another script has neither: it is the first line of its field."""
    bx0, by0, bx1, by1 = box
    bh, bw = by1 - by0, bx1 - bx0
    mid_box, mid_name = (by0 + by1) / 2, (name[1] + name[3]) / 2
    for x0, y0, x1, y1 in read:
        over = min(x1, bx1) - max(x0, bx0)
        if over <= 0.5 * min(x1 - x0, bw):
            continue
        mid = (y0 + y1) / 2
        if mid_box + 0.25 * bh < mid < mid_name - 0.25 * (name[3] - name[1]):
            return True
        if (0.6 * bh <= y1 - y0 <= 1.6 * bh and 0.5 * bw <= x1 - x0 <= 2.0 * bw
                and by0 - 1.0 * bh <= y1 <= by0 + 0.5 * bh and mid < mid_box - 0.5 * bh):
            return True
    return False


def _names_on_unit_rows(page: PageText, matches: Sequence[Match], applicant: Applicant,
                        taken: set[int]) -> list[Match]:
    """On a list whose rows give each person's unit, where the applicant's name is nowhere
    on the page, the one cell of a row holding their unit that is their name (three
    characters or more) with one character misread and read unsure (below
    MISREAD_CONFIDENCE): 闫燕瑞 for 闫燕瑶 beside 新疆维春尔自治区国土资源信息中心 on a 100 dpi
    notice, 瑞 at 0.81 (seed 6802, 0%). A colleague's name that differs from theirs is
    read surely in print the reader reads at all; with their name read right on the page,
    the look-alike is another person."""
    if len("".join(normalize_name(applicant.name))) < 3 or any(
            m.masked and m.kind == "name" for m in matches):
        return []
    units = {sp.line for m in matches if m.masked and m.kind == "unit" for sp in m.spans}
    texts = [ln.text for ln in page.lines]
    near = [(i, span) for row in page.rows if units.intersection(row) for i in row
            if i not in taken and (span := near_name_span(
                texts[i], applicant.name, conf=page.lines[i].char_scores,
                sure=MISREAD_CONFIDENCE)) is not None]
    if len(near) != 1:
        return []
    (i, (a, b)), = near
    read = texts[i][a:b]
    return [Match("name", (Span(i, a, b),), read, 0.6, True,
                  f"name read as {read} on a row with the applicant's unit; masked as the "
                  "applicant's")]


#: Line heights an unread signature may start past its label's end, and how high it may be.
SIGNATURE_GAP = 4.0
SIGNATURE_HEIGHT = (0.5, 3.5)
#: Line heights past its detected region a signature's strokes may reach: across the row
#: (the detector took a scribble's start with the label and lost the rest; a long name's
#: hand runs a line height a character, 8 for 米热古丽·司马义, seed 5791), and up or down.
SIGNATURE_REACH = (8.0, 1.0)
#: Most characters a line height (letters, digits or Chinese read at SIGNATURE_PRINT or
#: more; not marks) that a reading after a signing label may hold to be a few strokes of a
#: scribble read (王> for 王丽娟's whole hand, 3 line heights long; 满发旁 at 0.5 for
#: 尉迟晨勇's).
SIGNATURE_READ = 0.5
SIGNATURE_PRINT = 0.8
#: Ink pixels below which an unread stretch is a speck, not writing; and, in line heights
#: squared, what a signature needs where the detector found nothing.
UNREAD_INK_PX = 30
HAND_INK = 0.1


def _strokes_from(crop: np.ndarray, seed: tuple[int, int, int, int]) -> np.ndarray:
    """The ink of ``crop`` (a window, RGB or grey uint8) in strokes that reach into box
    ``seed`` (window pixels): dark as the seed's own darkest ink (a sparse hand's: the 1st
    percentile, halfway to the paper), not red (a seal's), strokes a pixel or two apart
    counting as one (a hasty hand's breaks), without a table's rules (straight runs two seed
    heights long), which would join the hand to the whole table."""
    grey = cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY) if crop.ndim == 3 else crop
    x0, y0, x1, y1 = max(0, seed[0]), max(0, seed[1]), seed[2], seed[3]
    if x1 <= x0 or y1 <= y0:
        return np.zeros(grey.shape, dtype=bool)
    dark, paper = grey_levels(np.ascontiguousarray(grey[y0:y1, x0:x1]), (1, 90))
    if paper - dark < 40:
        return np.zeros(grey.shape, dtype=bool)
    ink = (grey < paper - 0.5 * (paper - dark)).astype(np.uint8)
    if crop.ndim == 3:
        c = crop.astype(np.int16)
        ink[(c[:, :, 0] - np.maximum(c[:, :, 1], c[:, :, 2])) > 40] = 0
    run = max(3, 2 * (y1 - y0))
    rules = np.maximum(cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, run), np.uint8)),
                       cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((run, 1), np.uint8)))
    ink &= cv2.dilate(rules, np.ones((3, 3), np.uint8)) == 0
    near = cv2.dilate(ink, np.ones((5, 5), np.uint8))
    n, labels = cv2.connectedComponents(near, connectivity=8)
    held = np.zeros(n, bool)
    held[np.unique(labels[y0:y1, x0:x1])] = True
    held[0] = False
    return (ink > 0) & held[labels]


def _strokes_read(text: str, conf: Sequence[float]) -> int:
    """The letters, digits and Chinese of ``text`` read surely (SIGNATURE_PRINT): marks, and
    guesses, are a hand's strokes read."""
    return sum(c.isalnum() and k >= SIGNATURE_PRINT for c, k in zip(text, conf))


def _with_flourish(m: Match, texts: Sequence[str]) -> Match:
    """``m`` reaching over the flourish after a name signed on the applicant's own signing
    line (``signature_flourish_end``)."""
    if not (m.masked and m.kind == "name"):
        return m
    last = m.spans[-1]
    end = signature_flourish_end(texts[last.line], last.end)
    if end == last.end:
        return m
    return replace(m, spans=(*m.spans[:-1], Span(last.line, last.start, end)),
                   text=m.text + texts[last.line][last.end:end])


#: How many times its characters' ink a line of print is high, as the detector draws it.
INK_TO_LINE = 1.25


def _swollen_ink(line: TextLine, boxes: Sequence[Box], least: int) -> float | None:
    """The median ink height (px) of ``boxes``, characters of ``line``, where there are
    ``least`` or more and the line's box is far taller than a line of them (1.8 times
    INK_TO_LINE); None otherwise."""
    if len(boxes) < least:
        return None
    ink = float(np.median([b[3] - b[1] for b in boxes]))
    return None if ink <= 0 or line.height <= 1.8 * INK_TO_LINE * ink else ink


def _label_band(line: TextLine, label: int) -> tuple[float, float, float] | None:
    """``(top, bottom, line height)`` of the signing label ending at ``label`` in ``line``,
    measured on its own characters' ink, where the line's region is far taller than they
    are: the detector drew it round the seal stamped on the unit before the label too
    (…信息中心乙方（签字）：, 116 px high for 18 px characters; seed 1598, the hand after
    it 0%). None for a region of the label's own height."""
    boxes = [c.box for c in line.chars[max(0, label - 6):label] if is_cjk(c.char)]
    ink = _swollen_ink(line, boxes, 2)
    if ink is None:
        return None
    h = INK_TO_LINE * ink
    pad = 0.5 * (h - ink)
    return min(b[1] for b in boxes) - pad, max(b[3] for b in boxes) + pad, h


def _label_end_band(line: TextLine, label: int) -> tuple[float, float, float] | None:
    """``(top, bottom, line height)`` about the last characters of the signing label ending
    at ``label`` in a ``line`` whose box is far taller than its text (swollen by a seal on
    the unit signed before the label, or skewed): at the label's end the band is the text's
    own, not the box's (…信息中心乙方（签字)：, its box 67 px high for a line of 33; the hand
    after it was judged against the box's height and taken for specks; fresh set 8765, 0%).
    None for a line about as high as its box."""
    if line.box[3] - line.box[1] <= 1.5 * line.height:
        return None
    boxes = [c.box for c in line.chars[max(0, label - 4):label] if is_cjk(c.char)]
    if not boxes:
        return None
    mid = 0.5 * (min(b[1] for b in boxes) + max(b[3] for b in boxes))
    return mid - 0.5 * line.height, mid + 0.5 * line.height, line.height


def _unread_signatures(page: PageText, matches: Sequence[Match]) -> list[tuple[Box, Box]]:
    """Upright boxes of a signature the reader could not read after the applicant's own
    signing label (乙方（签字）：, 本人签名：; ``own_signature_label_end``) on its line: the
    stretch of the line past the label, where the detector took the scribble into the
    label's region and the recogniser read nothing of it, or a few strokes of it (at most
    ``SIGNATURE_READ`` characters a line height: 王 for a hand 2.5 line heights long); else
    the first unread region after a label that ends its line. For the applicant's own page
    only (the label says whose signature it is); a signature read as a name is
    ``misread_signature``'s. Each with the box its strokes may reach (``SIGNATURE_REACH``),
    never back over the label."""
    # Lines with something masked after the label (the name signed, read) are done, unless
    # the line's region runs on well past what was masked: a hand read only in part (侯）
    # for 侯强俊, the rest of its ink unread in the region; seed 6813). The unit masked
    # before it (甲方（盖章）：… 乙方（签字）：) is not the signature.
    signed = [(sp.line, sp.end) for m in matches if m.masked for sp in m.spans]
    signed_lines = {j for j, _ in signed}
    seeds: list[tuple[Box, float, float]] = []
    # Regions read as nothing, or as a few strokes (五浦 at 0.69 and 0.91 for 依明·玉苏甫's
    # hand over three line heights, fresh set 6094): worked out once, on a page with a label.
    strokes: list[tuple[int, Box]] | None = None
    for i, line in enumerate(page.upright_lines):
        # (Every signing label holds 签, or its 字 after a 签 misread: most lines stop here,
        # before normalising.)
        label = own_signature_label_end(line.text) \
            if "签" in line.text or "字" in line.text else None
        if label is None or len(line.chars) != len(line.text) or any(
                j == i and end > label and line.box[2] - max(p[0] for p in line.chars[end - 1].quad)
                < SIGNATURE_RUN_ON * line.height for j, end in signed):
            continue
        x1 = line.box[2]
        y0, y1, h = _label_band(line, label) or _label_end_band(line, label) \
            or (float(line.box[1]), float(line.box[3]), line.height)
        # The label's last character's box may take in the scribble's ink after it (a
        # colon's stretched over it): it ends a character's width after the one before,
        # and a colon stretched wider than a character, which is narrow, less than half a
        # line height after its start.
        ends = [max(p[0] for p in c.quad) for c in line.chars[:label]]
        end = min(ends[-1], ends[-2] + h) if len(ends) > 1 else ends[-1]
        start = min(p[0] for p in line.chars[label - 1].quad)
        # How far back the hand's strokes may be followed: to the label's end, or, past a
        # stretched colon, whose own ink may lie anywhere before the hand (3389's colon box
        # began where the hand does), to the character before it.
        floor = end
        if line.text[label - 1] in "：:" and ends[-1] - start > h:
            end = min(end, start + 0.4 * h)
            floor = min(end, ends[-2] + 0.1 * h) if len(ends) > 1 else end
        read = _strokes_read(line.text[label:], line.char_scores[label:])
        if read and read > SIGNATURE_READ * (x1 - end) / h:
            continue   # print after the label, or a signature read: not a scribble
        if strokes is None:
            strokes = [(j, ln.box) for j, ln in enumerate(page.upright_lines)
                       if j not in signed_lines
                       and _strokes_read(ln.text, ln.char_scores) <= SIGNATURE_READ * (
                           ln.box[2] - ln.box[0]) / max(1.0, ln.height)]
        hands = [box_from_points(q) for q in page.unread] + [b for j, b in strokes if j != i]
        if x1 - end > h:
            # The line's region runs on past the label: the scribble. Or only part of it,
            # the hand detected as a region of its own from there on, read as nothing or as a
            # few strokes (乙方(签字)： | unread, the label's region 43 px past its colon, the
            # hand from its last pixel on; fresh set 8765, 0%): the seed takes that region in.
            sx1, sy0, sy1 = float(x1), y0, y1
            for b in hands:
                if end <= b[0] <= x1 + 0.3 * h and y0 - 0.5 * h <= (b[1] + b[3]) / 2 <= y1 + 0.5 * h:
                    sx1, sy0, sy1 = max(sx1, b[2]), min(sy0, b[1]), max(sy1, b[3])
            seeds.append(((int(end + 0.2 * h), int(sy0), math.ceil(sx1), math.ceil(sy1)),
                          floor, h))
            continue
        if read:
            continue
        after = [b for b in hands
                 if end - 0.3 * h <= b[0] <= end + SIGNATURE_GAP * h
                 and SIGNATURE_HEIGHT[0] * h <= b[3] - b[1] <= SIGNATURE_HEIGHT[1] * h
                 and y0 - 0.8 * h <= (b[1] + b[3]) / 2 <= y1 + 0.8 * h]
        # Nothing else read between the label and it (the next field's label or value).
        between = [ln.box for j, ln in enumerate(page.upright_lines) if j != i
                   and ln.box not in after
                   and ln.box[0] >= end - 0.3 * h and y0 - 0.5 * h <= (ln.box[1] + ln.box[3]) / 2
                   <= y1 + 0.5 * h]
        first = min(after, key=lambda b: b[0]) if after else None
        if first is not None and not any(b[0] < first[0] for b in between):
            seeds.append((first, end, h))
        elif first is None:
            # The detector found nothing there: the stretch up to what is read next on the
            # row (``_unread_names`` takes only a hand's worth of ink from it).
            stop = min([b[0] for b in between], default=end + SIGNATURE_GAP * h)
            if stop - end > h:
                seeds.append(((int(end + 0.2 * h), int(y0 - 0.3 * h), int(stop),
                               int(y1 + 0.3 * h)), end, h))
    out = []
    for seed, end, h in seeds:
        across, up = SIGNATURE_REACH[0] * h, SIGNATURE_REACH[1] * h
        # Not back over the label, nor on to what is read further along the row.
        stop = min([ln.box[0] for ln in page.upright_lines
                    if ln.box[0] >= seed[2] and ln.box[1] < seed[3] and ln.box[3] > seed[1]],
                   default=seed[2] + across)
        reach = (int(max(seed[0] - up, end)), int(seed[1] - up),
                 int(min(seed[2] + across, stop)), int(seed[3] + up))
        out.append((seed, reach))
    return out


def _pitch_on(page: PageText, first: int, last: int, read: str, lost: int,
              start: int = 0) -> float:
    """Where ``lost`` more characters end after a read spanning upright lines ``first`` (from
    its character ``start``) to ``last``, at the read's own pitch (its width over its
    characters)."""
    chars = page.upright_lines[first].chars
    # A read after a label on its line (填报单位（盖章），第一) is not as wide as the line.
    x0 = box_from_points(chars[start].quad)[0] if 0 < start < len(chars) \
        else page.upright_lines[first].box[0]
    x1 = page.upright_lines[last].box[2]
    return x1 + lost * (x1 - x0) / len(normalize(read)[0])


def _name_end_from_start(page: PageText, span: Span, units: Sequence[str]) -> float | None:
    """Where the longest of ``units`` ends (upright page, px) when ``span`` of its line reads
    exactly its start, three or more characters, at that start's own pitch (from its glyphs'
    left edges: the last one's box took in the ink after it); else None."""
    line = page.upright_lines[span.line]
    head = page.lines[span.line].text[span.start:span.end]
    rest, n = unit_rest_after(head, units), len(head)
    if len(normalize(head)[0]) < 3 or not rest or len(line.chars) < span.end:
        return None
    x0 = box_from_points(line.chars[span.start].quad)[0]
    pitch = (box_from_points(line.chars[span.end - 1].quad)[0] - x0) / (n - 1)
    return x0 + (n + rest) * pitch


def _rest_read_again(page: PageText, row: Sequence[int], last: int, read: str,
                     units: Sequence[str]) -> float | None:
    """Where a unit read short of its end on upright line ``last`` of ``row`` ends in the
    next piece of the row that overlaps it (the same ink read twice, once by the page's
    detector and once by the second look at a blob over a seal), as ``unit_end_in_next``
    finds it there: the right edge of its last character, or None."""
    at = row.index(last)
    if at + 1 == len(row):
        return None
    nxt = page.upright_lines[row[at + 1]]
    if nxt.box[0] >= page.upright_lines[last].box[2] or not nxt.chars:
        return None
    span = unit_end_in_next(read, nxt.text, units)
    return None if span is None else float(box_from_points(nxt.chars[span[1] - 1].quad)[2])


def _swollen_signature(page: PageText, i: int, units: Sequence[str],
                       tall: float) -> tuple[float, float] | None:
    """The top and bottom (upright page, px) of the stamp label whose unit name line ``i``,
    taller than text (``tall``, px), is, its box swollen by the seal's lettering touching it
    (甲方(盖章) | 产地区基础测绘院, 107 px high for text of 46): it reads as the unit and starts
    just after a label of text's height, or ends just before one, on that label's row.
    None if it is no such line."""
    up = page.upright_lines
    x0, y0, x1, y1 = up[i].box
    if loose_unit_span(page.lines[i].text, units) is None:
        return None
    for j, label in enumerate(up):
        if j == i or label.height > tall or not _STAMP_LINE.search(label.text):
            continue
        lx0, ly0, lx1, ly1 = label.box
        # The label before the name, or its bracket right after it (伊犁哈萨克自治州不动产登记
        # | (盖章), 中心 lost under the seal and the box 53 px high for text of 29; fresh set
        # 8357, 21%).
        beside = -2 * label.height <= x0 - lx1 <= label.height \
            or -label.height <= lx0 - x1 <= 2 * label.height
        if y0 <= 0.5 * (ly0 + ly1) <= y1 and beside and _text_middle_within(up[i], ly0, ly1):
            return ly0, ly1
    return None


def _text_middle_within(line: TextLine, top: float, bottom: float) -> bool:
    """Whether the middle of ``line``'s text (``_text_band``) lies between ``top`` and
    ``bottom``; true for a line about as high as its box. A box swollen over a title above
    the stamp's label holds the title's characters, not the label's row (喀什地区基础测绘院
    2019年度考核结果花名册 fused with the seal's ring over 填报单位（盖章）; fresh set 1207,
    its mask put on the label's row)."""
    band = _text_band(line)
    return band is None or top <= 0.5 * (band[0] + band[1]) <= bottom


def _text_band(line: TextLine, skew: float = 0.0,
               across: tuple[float, float] | None = None) -> tuple[float, float] | None:
    """Top and bottom (px) of a line of print's band, measured on its characters' ink where
    the line's box is far taller than they are (fused with a seal's lettering, or skewed):
    about the middle of the characters of the usual height (the others took in the seal's
    ink), a line high (INK_TO_LINE). On a page of slope ``skew`` (radians) the middle runs
    along it, and the band spans it from ``across[0]`` to ``across[1]`` (x, px), or at the
    characters' middle without. None for a box of its text's own height."""
    boxes = [c.box for c in line.chars if is_cjk(c.char)]
    ink = _swollen_ink(line, boxes, 3)
    if ink is None:
        return None
    h = INK_TO_LINE * ink
    slope = math.tan(skew)
    typical = [b for b in boxes if b[3] - b[1] <= 1.3 * ink]
    # Each middle taken back along the slope to x = 0, so the median is of one row.
    mids = sorted(0.5 * (b[1] + b[3] - slope * (b[0] + b[2])) for b in typical)
    xs = [0.5 * (b[0] + b[2]) for b in typical]
    ends = across or (float(np.median(xs)),) * 2
    at = [mids[len(mids) // 2] + slope * x for x in ends]
    return min(at) - 0.5 * h, max(at) + 0.5 * h


def _words_after(text: str) -> bool:
    """Whether ``text``, the piece after a name on its row, holds Chinese that is neither a
    stamp's label nor a date: the name goes on into a longer one."""
    text = "".join(text.split())
    return any(is_cjk(c) for c in text) and not _STAMP_LINE.search(text) \
        and not _DATE_LINE.search(text)


def _goes_on_in_words(page: PageText, i: int) -> bool:
    """Whether the next piece on line ``i``'s row (upright) begins within a line height and a
    half after it and goes on in words (``_words_after``)."""
    up = page.upright_lines
    row = next((r for r in page.rows if i in r), [i])
    k = row.index(i)
    return k + 1 < len(row) and up[row[k + 1]].box[0] - up[i].box[2] <= 1.5 * up[i].height \
        and _words_after(up[row[k + 1]].text)


def _unit_alone_in(pieces: Sequence[str], units: Sequence[str]) -> bool:
    """Whether a row's ``pieces`` (left to right) read together, or one of them, as one of
    ``units`` alone garbled by a seal's ink (``garbled_unit_alone``); a piece only where the
    next does not go on in words (``_words_after``): 自治区测绘地 | 息m教 | 地 under a training
    centre's seal is 自治区测绘地理信息继续教育基地, not 自治区测绘院 garbled (fresh set 2591,
    the centre's seal and name masked as the applicant's)."""
    if len(pieces) > 1 and garbled_unit_alone("".join(pieces), units):
        return True
    return any(garbled_unit_alone(t, units) and not (k + 1 < len(pieces)
                                                    and _words_after(pieces[k + 1]))
               for k, t in enumerate(pieces))


def _shows_applicant(matches: Sequence[Match]) -> bool:
    """Whether the page shows the applicant themselves: their name or ID number is masked."""
    return any(m.masked and m.kind in ("name", "id_number") for m in matches)


#: Degrees a line of print may run off the page's own slope (a seal's lettering runs along
#: its arc, at every angle).
_ALONG_PAGE = 12.0


def _along(line: TextLine, skew: float, within: float = _ALONG_PAGE) -> bool:
    """Whether ``line`` (upright) runs along the page's slope ``skew`` (radians), within
    ``within`` degrees."""
    (x0, y0), (x1, y1) = line.quad[0], line.quad[1]
    turn = math.degrees(math.atan2(y1 - y0, x1 - x0) - skew)
    return abs((turn + 180.0) % 360.0 - 180.0) <= within


def _widened(box: tuple[int, int, int, int], by: float = 0.5) -> tuple[int, int, int, int]:
    """``box`` grown by ``by`` times its size on every side."""
    x0, y0, x1, y1 = box
    dx, dy = int((x1 - x0) * by), int((y1 - y0) * by)
    return x0 - dx, y0 - dy, x1 + dx, y1 + dy


def _overlaps(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _english_units(texts: Sequence[str], matches: Sequence[Match],
                   continuations: Sequence[tuple[int, int]] = ()) -> list[Match]:
    """The English names of the applicant's unit, where no match covers them already: beside
    the Chinese affiliations where it was found (``english_affiliations``), the affiliation
    their name in pinyin points to (``authors_affiliations``), and on the applicant's own
    page after an English work-unit label (``english_unit_field``). ``continuations``: the
    page's (``reading.continuations``), for an affiliation wrapped over two lines."""
    taken = [(sp.line, sp.start, sp.end) for m in matches if m.masked for sp in m.spans]
    own = [(sp.line, sp.start, sp.end) for m in matches if m.masked and m.kind == "unit"
           for sp in m.spans]
    previous = {j: i for i, j in continuations}
    found = [(li, a, b, "the unit's English name, known by the postcode of its Chinese one")
             for li, a, b in english_affiliations(texts, own, previous)]
    spelt = [(sp.line, sp.start, sp.end) for m in matches if m.masked and m.kind == "name"
             and any(c.isascii() and c.isalpha() for c in m.text) for sp in m.spans]
    found += [(li, a, b, "the English affiliation numbered as the applicant's name in pinyin")
              for li, a, b in authors_affiliations(texts, spelt, previous)]
    if _shows_applicant(matches):
        fields = ((li, english_unit_field(text)) for li, text in enumerate(texts))
        found += [(li, *span, "the value of an English work-unit field on the applicant's page")
                  for li, span in fields if span is not None]
    out: list[Match] = []
    for li, a, b, note in found:
        if not any(sl == li and ss < b and a < se for sl, ss, se in taken):
            taken.append((li, a, b))
            out.append(Match("unit", (Span(li, a, b),), texts[li][a:b], 0.8, True, note))
    return out


def check_applicant(applicant: Applicant, allow_short_name: bool = False) -> list[str]:
    """Refuse unusable applicant data; return warnings about suspicious but usable data."""
    parts = normalize_name(applicant.name or "")
    if not parts:
        raise ApplicantError("the applicant's name is empty")
    if sum(len(p) for p in parts) < 2 and not allow_short_name:
        raise ApplicantError(
            f"the name {applicant.name!r} has one character and would match almost everywhere; "
            "pass allow_short_name (CLI: --allow-short-name) if that is really the name"
        )
    return id_number_problems(applicant.id_number) if applicant.id_number else []


@dataclass(frozen=True)
class _SealScene:
    """Where ``Redactor._under_own_seal`` looks for the unit: the applicant's own seals on an
    upright page and the lines under and beside them (indices into ``page.lines``)."""

    page: PageText
    applicant: Applicant
    #: The applicant's own seals' regions.
    seals_own: tuple[Region, ...]
    #: Characters in the unit's longest name.
    longest: int
    #: The unit's matches found before, in every line.
    unit_spans: tuple[Span, ...]
    #: Lines higher than this (px) within a seal are pieces of its lettering.
    tall: float
    #: Signing lines whose box the seal's lettering swelled: the top and bottom of their label.
    swollen: Mapping[int, tuple[float, float]]
    #: Rows of text under a seal, and under or just beside one.
    under: frozenset[int]
    near: frozenset[int]


@dataclass(frozen=True)
class _SealedUnit:
    """The unit found under its own seal, and how far its mask reaches past what was read
    (x and y in pixels of the upright page)."""

    match: Match
    #: Where the label before the name ends: the mask starts there.
    label_end: float | None = None
    #: ``label_end`` is the end of the label's own box (not the middle of its colon's cell).
    label_box: bool = False
    #: For pieces only: the unit's name, and its characters lost before and after them.
    lost: tuple[str, int, int] | None = None
    #: Where the rest of a name read only in part ends.
    run_on: float | None = None
    #: For a name not read after its label: where the label ends, and its ink's top and bottom
    #: (the match holds only the label's colon).
    unread: tuple[float, float, float] | None = None
    #: For a name read again after its label from the pixels: where it ends.
    reread: float | None = None


def _seal_scene(page: PageText, matches: Sequence[Match], image_regions: Sequence[Region],
                applicant: Applicant) -> _SealScene | None:
    """The applicant's own masked seals among ``image_regions`` and the rows of text under
    them, or None when there are none."""
    seals_own = tuple(r for r in image_regions if r.kind == "seal" and r.masked
                      and (r.note == "" or r.note.endswith((STAMPED_NOTE, SIGNED_NOTE,
                                                            WITNESSED_NOTE))))
    own = [r.box for r in seals_own]
    if not own or not page.lines:
        return None
    # Lines where the unit's full name was matched; an alias alone (国土资源信息中心) may have
    # lost the full name's garbled front (新疆维吾…) under the seal.
    longest = max(len(normalize(u)[0]) for u in applicant.units)
    done = {sp.line for m in matches if m.masked and m.kind == "unit"
            and len(normalize(m.text)[0]) >= longest for sp in m.spans}
    unit_spans = tuple(sp for m in matches if m.masked and m.kind == "unit" for sp in m.spans)
    # Lines far taller than text lines, lying within the seal, are pieces of its own lettering:
    # no row of text, and as a row's anchor they would pull in every line beside the seal. (A
    # signing line that runs on past the seal is text, however tall the seal's ink makes its
    # box.) The detector's box round an arc of the lettering is a turned rectangle, whose
    # corners stick out of the seal's box (天天市自然, 0.68 inside it): the seal's box is
    # taken a little wider for this.
    tall = 2.0 * float(np.median([ln.height for ln in page.upright_lines]))
    # Except a signing line's name whose box the lettering swelled: a row of text still,
    # masked as high as its label. (Swelled as much as an arc's piece is, too: it reads as a
    # stretch of the arc, being the unit's name.)
    swollen = {i: band for i, ln in enumerate(page.upright_lines)
               if ln.height > SEAL_ARC_LINE * tall / 2.0
               and (band := _swollen_signature(page, i, applicant.units, tall)) is not None}
    # So are lines turned well off the page's rows, within it: the detector's piece of an
    # arc (維新疆 at 22° over a roster's 填报单位 row at 3°, seed 8117), which no taller than a
    # text line, would make the row's mask four lines wide.
    skew = page.skew
    # And so are lines, if only half again as tall as text, that read as a stretch of what the
    # seal's own arc reads: the flat top of its arc (自治区第, 108 px high among lines of 56,
    # read as a row under a report's seal, and masked with the row of the name it lay over;
    # fresh set 1583, another person's name 67%).
    arcs = [normalize(r.text)[0] for r in seals_own]
    arc_line = SEAL_ARC_LINE * tall / 2.0

    def lettering(i: int, ln: TextLine) -> bool:
        (ax, ay), (bx, by) = ln.quad[0], ln.quad[1]
        # (A piece of a character or two has no direction to go by.)
        turned = math.hypot(bx - ax, by - ay) > 1.5 * ln.height and not _along(
            ln, skew, LETTERING_TURN)
        piece = normalize(page.lines[i].text)[0]
        arc_piece = ln.height > arc_line and len(piece) >= 2 and any(
            piece in arc and len(piece) < len(arc) for arc in arcs)
        return (ln.height > tall or turned or arc_piece) and any(
            share_inside(page.lines[i].box, _widened(b, 0.15)) >= 0.7 for b in own)

    rows_of_text = [i for i, ln in enumerate(page.upright_lines)
                    if i not in done and (not lettering(i, ln) or i in swollen)]
    under = frozenset(i for i in rows_of_text
                      if any(_overlaps(page.lines[i].box, b) for b in own))
    # A line's label may stand just outside the seal ("填报单位（盖章）" | the name).
    near = frozenset(i for i in rows_of_text
                     if any(_overlaps(page.lines[i].box, _widened(b)) for b in own))
    return _SealScene(page, applicant, seals_own, longest, unit_spans, tall, swollen, under,
                      near)


def _by_middle(lines: Sequence[TextLine], found: Sequence[list[int]]) -> list[list[int]]:
    """``found`` rows (indices into ``lines``, upright, left to right) with each row's lines
    whose middle lies outside its longest read line's height moved to a row of their own:
    the seal's ink swells a box under it into the row above (年4月 under a grey seal, 67 px
    high, joined 伊犁哈萨克自治州不动 on its row, and the mask took in the date; seed 9608)."""
    out = []
    for row in found:
        ref = lines[max(row, key=lambda i: len(lines[i].text))].box
        mid = [i for i in row if ref[1] <= (lines[i].box[1] + lines[i].box[3]) / 2 <= ref[3]]
        out.append(mid)
        if len(mid) < len(row):
            out.append([i for i in row if i not in mid])
    return out


def _loose_sealed_span(scene: _SealScene, text: str,
                       signing: bool = False) -> tuple[int, int] | None:
    """Where in a row's ``text`` under the seal the unit's name lies, by a loose match or
    after a label that ties it to the unit. ``signing``: the row is a signature block's
    (落款: right above a date alone, or ending in the stamp's mark, …（盖章）), which names
    the body whose seal is on it."""
    units = scene.applicant.units
    loose = loose_unit_span(text, units)
    if loose is None and signing:
        # As garbled as a label's words may be (1疆维工白治区-则绘院 over 203年2月, fresh set
        # 7642; 新疆维自准测绘皇章) for …测绘院（盖章）, 6094).
        loose = loose_unit_span(text, units, max_ratio=0.5)
    if loose is None and signing and _signs_as_unit(text, units):
        # A row that is all one name the length of the unit's, ending as it does, read with
        # up to three slips in five (略计训绘院 for 喀什测绘院 over 2015年3月, seed 8117).
        loose = loose_unit_span(text, units, max_ratio=0.6)
        if loose is not None and not any(is_cjk(c) for c in text[:loose[0]]):
            # Its head read as letters and digits, which no loose match takes (F11测院 for
            # 兵团勘测院 over 2023年12月, fresh set 1593, 45%): the row, whole, is the name.
            loose = (len(text) - len(text.lstrip()), loose[1])
    if loose is None and any(witnessed_unit((text, r.text), units)
                             for r in scene.seals_own if r.note.endswith(WITNESSED_NOTE)):
        # Too garbled for the loose match, but with the seal's own reading it shows the unit
        # (新疆生产建吴团勘旭划开究院 under …兵生期换规划设计员究展).
        loose = loose_unit_span(text, units, max_ratio=0.5)
    if loose is None and signing:
        loose = _signed_before_mark(text, units)
    labelled = labelled_unit_span(text, units)
    if loose is None and labelled is not None:
        # A unit's label ties the words after it to the unit: they may be as garbled as a
        # witnessed reading's (填报单位（盖章）：矛维吾尔：台区测经院, its label's span cut
        # at the colon the seal's ink made of 自治, fresh set 2961).
        after = loose_unit_span(text[labelled[0]:], units, max_ratio=0.5)
        if after is not None:
            loose = (labelled[0] + after[0], labelled[0] + after[1])
    if loose and labelled and labelled[0] < loose[0] < labelled[1]:
        # The words the label ties to the unit begin before the loose match, with the name's
        # head too garbled for it (新吾 | 尔白测绘院（盖章）): the name starts there.
        return labelled[0], loose[1]
    return loose or labelled


def _signed_before_mark(text: str, units: Sequence[str]) -> tuple[int, int] | None:
    """Where the words before the stamp's mark ending a signature block's row under the
    unit's own seal (…（盖章）) lie, when they are mostly the unit's characters with two of
    its name in a row: that is the body stamping there, read short under the seal's ink
    (台区测 | (盖章) for 自治区测绘院（盖章）, 绘院 unseen; seed 1598, 44%)."""
    mark = STAMP_LABEL_TAIL.search(text)
    if mark is None:
        return None
    before = text[:mark.start()].rstrip()
    start = len(before) - len(before.lstrip())
    norm = normalize(before)[0]
    if len(norm) < 2:
        return None
    for u in (normalize(x)[0] for x in units):
        pairs = {u[k:k + 2] for k in range(len(u) - 1)}
        if 2 * sum(c in u for c in norm) >= len(norm) and any(
                norm[k:k + 2] in pairs for k in range(len(norm) - 1)):
            return start, len(before)
    return None


def _signs_as_unit(text: str, units: Sequence[str]) -> bool:
    """Whether a signature block's row ``text`` is, whole, as long as one of ``units``
    (within a character) and ends in that name's last two characters."""
    norm = normalize(text)[0]
    return any(abs(len(norm) - len(u)) <= 1 and norm.endswith(u[-2:])
               for u in (normalize(x)[0] for x in units) if len(u) >= 4)


#: The stamp's mark ending a signature block's unit, its 盖 often lost (…测绘院（盖章）).
_STAMP_MARK_END = re.compile(r"章\s*[)）]\s*$")
#: A date as a signature block gives it, as the reader may garble it (203年2月 for 2023年2月),
#: or its year lost under the seal's ink (年2月 for 2019年2月, fresh set 3481), or its 年
#: (204 12月 for 2023年12月, fresh set 1593).
_DATE_LINE = re.compile(
    r"(?:(?:[0-9OoIlZ]{2,4})?年|[0-9OoIlZ]{2,4})[0-9OoIl]{1,2}月(?:[0-9OoIl]{1,2}日)?")


def _above_a_date(page: PageText, row: Sequence[int]) -> bool:
    """Whether a line that is a date alone lies right below ``row`` (upright), within a
    line height and a half, beside or under its span."""
    up = page.upright_lines
    x0 = min(up[i].box[0] for i in row)
    x1 = max(up[i].box[2] for i in row)
    bottom = max(up[i].box[3] for i in row)
    h = max(up[i].height for i in row)
    return any(_DATE_LINE.fullmatch("".join(line.text.split()))
               and bottom - 0.3 * h <= line.box[1] <= bottom + 1.5 * h
               and line.box[0] < x1 and line.box[2] > x0
               for j, line in enumerate(up) if j not in row)


def _tied_after_label(page: PageText, label_line: int, tied: Sequence[int],
                      units: Sequence[str]) -> _SealedUnit:
    """Nothing readable left of the name, but a label on the row (``label_line``) says the
    pieces after it under the seal (``tied``) are the unit (甲方（盖章）： … 院)."""
    # The label's own line may have taken the name's first characters (甲方（盖章）：新 | 小日而
    # | 院): the name starts there, not at the line's end.
    name_head = stamped_unit_head(page.lines[label_line].text, units)
    pieces = tuple(Span(i, 0, len(page.lines[i].text)) for i in tied)
    if name_head is not None:
        pieces = (Span(label_line, name_head[0], len(page.lines[label_line].text)), *pieces)
    read = "".join(page.lines[sp.line].text[sp.start:sp.end] for sp in pieces)
    # Read short of the unit's end (伊犁哈 | …, exactly its start; ·疆测:): the rest lies on
    # under the ink, at the read's pitch.
    lacking = unit_lacking_at_end(read, units)
    match = Match("unit", pieces, read, 0.5, True,
                  f"unit under its own seal after its label, read as {read}")
    return _SealedUnit(
        match, label_end=page.upright_lines[label_line].box[2] if name_head is None else None,
        label_box=name_head is None,
        run_on=_pitch_on(page, tied[0], tied[-1], read, lacking) if lacking else None)


def _on_stamp_label_line(page: PageText, i: int, units: Sequence[str]) -> _SealedUnit | None:
    """The unit on the stamp label's own line ``i``, under the seal, where the name after the
    label was cut short, garbled, swallowed or not read at all."""
    up = page.upright_lines[i]
    text = page.lines[i].text
    # The line stops where the seal begins, only the name's first characters read after the
    # label (甲方（盖章）：新): the rest, at the line's pitch, lies under the seal.
    begun = stamped_unit_head(text, units)
    if begun is not None:
        start, lost_chars = begun
        pitch = (up.box[2] - up.box[0]) / max(1, len(text))
        read = text[start:]
        return _SealedUnit(Match("unit", (Span(i, start, len(text)),), read, 0.5, True,
                                 f"unit under its own seal after its label, only its start "
                                 f"read: {read}"),
                           run_on=up.box[2] + lost_chars * pitch)
    # Or the words after the label are all garbled by the seal's ink (甲方（盖章）：区全院 for
    # 喀什地区基础测绘院): from the label's colon to the line's end they are the unit's name.
    value = garbled_stamped_value(text, units)
    if value is not None:
        colon, start = value
        label_end = None
        if up.chars:
            # A colon's own ink is in its cell's left half.
            cx0, _, cx1, _ = box_from_points(up.chars[colon].quad)
            label_end = min(cx1, cx0 + 0.5 * up.height)
        read = text[start:]
        return _SealedUnit(Match("unit", (Span(i, start, len(text)),), read, 0.4, True,
                                 f"unit under its own seal after its label, read as {read}"),
                           label_end=label_end)
    if not up.chars:
        return None
    boxes = [box_from_points(c.quad) for c in up.chars]
    # Or the name's ink taken, with the label's colon, into the cells of the few characters
    # read after the label (甲方（盖章）会院 for 甲方（盖章）：新疆维吾尔自治区测绘院 at 100
    # dpi: the bracket's cell six pitches wide, 会's five): from the bracket's ink to the
    # line's end.
    swallowed = swallowed_stamped_value(text, units)
    if swallowed is not None:
        bracket, start = swallowed
        cells = [b[2] - b[0] for b, c in zip(boxes[:bracket], text) if is_cjk(c)]
        pitch = float(np.median(cells)) if cells else up.height
        # A closing bracket's ink is in its cell's left half.
        ink_end = min(boxes[bracket][2], boxes[bracket][0] + 0.5 * pitch)
        if up.box[2] - ink_end >= (len(text) - start + SWALLOWED_UNREAD) * pitch:
            read = text[start:]
            return _SealedUnit(Match("unit", (Span(i, start, len(text)),), read, 0.4, True,
                                     f"unit under its own seal after its label, mostly not "
                                     f"read: {read}"),
                               unread=(ink_end, min(b[1] for b in boxes),
                                       max(b[3] for b in boxes)))
    # Or nothing read after the label's colon, while the line's box runs on past it for a
    # character or more (甲方（盖章)： over 新疆测绘院 in the seal's middle): the detector saw
    # the name's ink there, which the seal's ink left unreadable. The colon and the box's rest
    # are masked.
    if ends_at_stamp_label(text):
        pitch = (boxes[-1][2] - boxes[0][0]) / len(boxes)
        if up.box[2] - boxes[-1][2] >= pitch:
            return _SealedUnit(Match("unit", (Span(i, len(text) - 1, len(text)),), "", 0.4, True,
                                     "unit under its own seal after its label, not read"),
                               unread=(boxes[-1][2], min(b[1] for b in boxes),
                                       max(b[3] for b in boxes)))
    return None


def _clear_of_the_seal_as_another(scene: _SealScene, spans: Sequence[Span]) -> bool:
    """Whether the loose match's characters on lines only beside the seal (clear of its
    ink) hold two or more read surely that none of the unit's names has: a sibling body's
    name printed clearly in the row the seal reaches (新疆维吾尔自治区国土综合整治中 | 心 in a
    project report's roster, the row's last cell under the seal; seed 7219), which a loose
    match takes for the unit's garbled by ink that is not on it."""
    page = scene.page
    # (The stamp's label 盖章 may end the match: it names no body.)
    own = set("".join(normalize(u)[0] for u in scene.applicant.units)) | set("盖章")
    sure = 0
    for sp in spans:
        if sp.line in scene.under:
            continue
        line = page.lines[sp.line]
        sure += sum(1 for c, k in zip(line.text[sp.start:sp.end], line.char_scores[sp.start:sp.end])
                    if is_cjk(c) and c not in own and k >= SURE_READING)
    return sure >= 2


def _sealed_from_span(scene: _SealScene, row: Sequence[int], text: str,
                      span: tuple[int, int]) -> _SealedUnit | None:
    """The unit at ``span`` of a row's ``text`` under the seal, cut back into the row's lines,
    with what its mask needs beyond: the label before it, the name's end lost under the ink.
    None where it lies on no line under the seal or was already matched whole."""
    page, units = scene.page, scene.applicant.units
    # The tail read, the head before it garbled by the seal's ink (亲盖维吾年：| 台区测绘院):
    # the name starts at the head.
    span = (garbled_head_before(text, span, units), span[1])
    spans = []
    offset = 0
    for i in row:
        n = len(page.lines[i].text)
        a, b = max(span[0], offset), min(span[1], offset + n)
        if a < b:
            spans.append(Span(i, a - offset, b - offset))
        offset += n
    if not any(sp.line in scene.under for sp in spans):
        return None
    if _clear_of_the_seal_as_another(scene, spans):
        return None
    if all(any(u.line == sp.line and u.start <= sp.start and sp.end <= u.end
               for u in scene.unit_spans) for sp in spans):
        return None  # the alias already matched there, and nothing in front of it
    label_end: float | None = None
    label_box = False
    run_on: float | None = None
    first = row.index(spans[0].line)
    before = page.lines[spans[0].line].text[:spans[0].start].rstrip()
    # What ends the label, past any marks the lost glyphs' ink was read as.
    label_part = _before_lost_ink(before, page.lines[spans[0].line].char_scores)
    chars = page.upright_lines[spans[0].line].chars
    if first > 0 and _STAMP_LINE.search(page.lines[row[first - 1]].text):
        # Between the row's unit label and the name there is only the name's front, lost
        # under the seal's ink (填报单位 | (新疆维) | 吾尔自治区…).
        label_end = _label_end(page.upright_lines[row[first - 1]])
        label_box = True
    elif _STAMP_LINE.search(before) and label_part[-1:] in "：:）)" and chars:
        # The same within one line: 填报单位（盖章）：(乌)鲁木齐市… runs from the colon, whose
        # box took in the lost glyph's ink (a colon's own is in its cell's left half); marks
        # between are that ink read (甲方（盖章）：「齐市自然局, 乌鲁木 lost, fresh set 6048).
        cx0, _, cx1, _ = box_from_points(chars[len(label_part) - 1].quad)
        height = page.upright_lines[spans[0].line].height
        label_end = min(cx1, cx0 + 0.5 * height)
    elif _STAMP_LINE.search(before) and label_part[-1:] in "（(" and chars \
            and (lacking := unit_lacking_at_start(text[span[0]:span[1]], units)):
        # The label's end lost under the seal with the name's head (甲方（ | 尔自治区地震局
        # for 甲方（盖章）：新疆维吾尔自治区地震局, fresh set 8563): the name starts as many
        # characters before the read as it lacks, at the read's pitch, and after the bracket.
        first_x = box_from_points(chars[spans[0].start].quad)[0]
        # (The bracket's box took in the lost ink after it: its own cell is a line height.)
        bracket = box_from_points(chars[len(label_part) - 1].quad)[0] \
            + page.upright_lines[spans[0].line].height
        read_x1 = box_from_points(chars[spans[0].end - 1].quad)[2] if len(spans) == 1 \
            else page.upright_lines[spans[0].line].box[2]
        pitch = (read_x1 - first_x) / max(1, spans[0].end - spans[0].start)
        label_end = max(bracket, first_x - lacking * pitch)
    read = text[span[0]:span[1]]
    # Read short of the name's closing character, before the stamp's label on its row
    # (维吾》台区地 | (盖章)): the rest lies under the seal's ink, unseen by the detector.
    end_line = page.upright_lines[spans[-1].line]
    seen = read_to_last_char(read)
    short = bool(seen) and seen[-1] not in {normalize(u)[0][-1:] for u in units}
    label = STAMP_LABEL_TAIL.search(end_line.text, spans[-1].end)
    if label is None or end_line.text[spans[-1].end:label.start()].strip():
        # Or the next signer's label, its words before the bracket lost with the name's end
        # (…登动中(字）： for …登记中心 乙方（签字）：).
        label = _BRACKET_LABEL.match(end_line.text, spans[-1].end)
    if short and label is not None and end_line.chars:
        # The stamp's label right after it on its line (浙疆维吾尔皇治区测绘 | （盖章）): the
        # name runs on to the label, its closing character lost under the ink, whose strokes
        # the bracket's box took in (the bracket's own ink lies in the last BRACKET_INK line
        # heights of that box).
        bx0, _, bx1, _ = box_from_points(
            end_line.chars[label.start() + len(label.group()) - len(label.group().lstrip())].quad)
        run_on = max(bx0, bx1 - BRACKET_INK * end_line.height)
    elif short and (cont := _rest_read_again(page, row, spans[-1].line, read,
                                             units)) is not None:
        # The rest read in a piece detected again over the same ink (伊犁州 | 产登记中，|
        # 记中心2022年…): the mask runs on to the end of its last character.
        run_on = cont
    elif short and spans[-1].end == len(end_line.text):
        (whole_row,) = (r for r in page.rows if spans[-1].line in r)
        after = sorted((page.upright_lines[j].box[0], j) for j in whole_row
                       if page.upright_lines[j].box[0] >= end_line.box[2])
        if after and _STAMP_LINE.search(page.lines[after[0][1]].text) \
                and after[0][0] - end_line.box[2] < 3.0 * end_line.height:
            run_on = after[0][0]
        else:
            # Or as many characters as the name has after the last one read, at the read's
            # pitch (…区国源信 | 息中心; a third of the name at most), or all the rest when the
            # read is exactly its start.
            lacking = unit_lacking_at_end(read, units)
            if lacking:
                run_on = _pitch_on(page, spans[0].line, spans[-1].line, read, lacking,
                                   spans[0].start)
            else:
                # Or a clean start, then a piece of the rest garbled (喀什地 | 出, 础 with its
                # 石 under the ink; fresh set 8916, 90%): the name runs on from its start.
                run_on = _name_end_from_start(page, spans[0], units)
    return _SealedUnit(Match("unit", tuple(spans), read, 0.6, True,
                             f"unit under its own seal, read as {read}"),
                       label_end=label_end, label_box=label_box, run_on=run_on)


def _before_lost_ink(text: str, scores: Sequence[float]) -> str:
    """``text`` (a line's start, ``scores`` its characters' confidences) without the marks
    that lost glyphs' ink under a seal was read as at its end: ``_INK_MARKS``, and any other
    glyph that is no Chinese character, digit or bracket, read garbled (填报单位（：よ勘测设院
    for 填报单位（盖章）：兵团勘测设计院, よ at 0.28 for 兵团; fresh set 5471, 82%)."""
    k = len(text)
    while k and (text[k - 1] in _INK_MARKS or text[k - 1].isspace() or (
            not is_cjk(text[k - 1]) and not text[k - 1].isdigit()
            and text[k - 1] not in "：:（()）" and k - 1 < len(scores)
            and scores[k - 1] < GARBLED_CONFIDENCE)):
        k -= 1
    return text[:k]


def _cjk_count(text: str) -> int:
    return sum(is_cjk(c) for c in text)


class Redactor:
    """Masks one applicant's items in images. Load once, call from any number of threads.

    >>> redactor = Redactor()                                    # doctest: +SKIP
    >>> result = redactor.redact("id.jpg", Applicant("张三"))     # doctest: +SKIP
    """

    def __init__(self, settings: Settings | None = None, engine: OcrEngine | None = None) -> None:
        self.settings = settings or Settings()
        if engine is None:
            options = dict(self.settings.engine_options)
            if self.settings.engine == "rapidocr":
                options.setdefault("det_max_side", self.settings.det_max_side)
                options.setdefault("threads", self.settings.threads)
                options.setdefault("quantized", self.settings.quantized)
            engine = create_engine(self.settings.engine, **options)
        self.engine = engine
        # Seal rings and the verification pass are few crops where a misread costs most, so
        # they get the engine's most accurate models when it has faster default ones.
        self.precise_engine: OcrEngine = precise_of(engine)
        # Where one call may use more than one core, face candidates and seal rings are
        # looked at on threads of their own beside the page's main work (``redact``); with
        # ``threads=1`` everything stays on the caller's thread, so N workers use N cores.
        self._beside = ThreadPoolExecutor(BESIDE_THREADS, thread_name_prefix="redact-beside",
                                          initializer=_yield_to_page) \
            if self.settings.threads != 1 and (os.cpu_count() or 1) > 1 else None

    def redact(self, source: ImageInput, applicant: Applicant) -> RedactResult:
        """Mask ``applicant``'s items in one image (bytes, path, numpy array or PIL image).

        Raises ``ImageLoadError`` for undecodable input and ``ApplicantError`` for unusable
        applicant data; never returns a partly masked image.
        """
        t0 = time.perf_counter()
        s = self.settings
        warnings = check_applicant(applicant, s.allow_short_name)
        # A unit listed with its second name in brackets is printed under either name alone.
        if two_names := bracketed_unit_names(applicant.units):
            applicant = replace(applicant, units=applicant.units + two_names)
        if s.short_unit_names and (shorter := short_unit_names(applicant.units)):
            applicant = replace(applicant, units=applicant.units + shorter)
        image = load_image(source, s.max_megapixels)
        h, w = image.shape[:2]
        # Most pages come upright: their photo-like patches (which need only the image) are
        # looked for beside the seals, while the second core would otherwise idle, and their
        # faces once the seals are known (a seal's flat ink is such a patch, and scanning it
        # cost more than the rest of the page pass). A turned page looks again once its turn
        # is known.
        patches_job: Future[photos.PhotoPatches] | None = None
        if self._beside is not None and s.photos:
            patches_job = self._beside.submit(photos.photo_patches, image)
        # Seals are round, so they are found the same on a turned page; their red ink is kept
        # away from the text reader, which otherwise loses the black text under them.
        found_seals = seals.find_seals(image, self._beside) if s.seals else []
        # The seals the photo finder keeps clear of, as ``_image_regions`` does: those found
        # where the seal stage runs.
        seal_boxes = [c.bbox for c in found_seals] if applicant.units else []
        faces_job: Future[photos.FaceCandidates] | None = None
        if self._beside is not None and patches_job is not None:
            # Submitted after ``patches_job`` to the same pool, so that job is running or done
            # when this one waits for it.
            done_patches = patches_job
            # The faces are put to the verifier cascades here too, while the page is read: done
            # when the text is known, that was most of the photo framing the page waits for.
            faces_job = self._beside.submit(lambda: photos.confirm_faces(
                photos.face_candidates(done_patches.result(), seal_boxes)))
        # The seals' rings are read beside the page's lines once the page's turn is known:
        # on two cores that hides most of their cost (they wait for nothing the lines give).
        seal_job: Future[SealReadings] | None = None

        def read_seals_beside(k: int) -> None:
            nonlocal seal_job
            if self._beside is not None and s.seals and applicant.units:
                seal_job = self._beside.submit(self._read_seals, image, k, found_seals, applicant)

        page = self.read(image, found_seals, on_rotation=read_seals_beside)
        # The photos are framed beside the page's matching, while the second core would
        # otherwise idle; the job is given finished inputs, so it never waits on the pool.
        # (On a page read as given, the seals read are the seals found.)
        framed: Future[list[photos.PhotoRegion]] | None = None
        if self._beside is not None and faces_job is not None and page.rotation == 0:
            framed = self._beside.submit(self._photos, page, faces_job.result(), seal_boxes)
        k = page.rotation
        matches = self.find_text(page, applicant, np.rot90(image, k) if k else image)
        regions = self.text_regions(page, matches, w, h)
        regions += self._unread_names(page, matches, image, applicant.id_number or "",
                                      applicant.name)
        holder, unit_page = _whose_page(page, matches, applicant, found_seals)
        extra, extra_warnings, review = self._image_regions(
            image, page, applicant, found_seals, holder, unit_page,
            _kept_name_boxes(page, matches) + _column_name_boxes(page, matches),
            seal_readings=seal_job.result() if seal_job is not None else None,
            framed=framed.result() if framed is not None else None)
        regions += self._under_own_seal(page, matches, extra, applicant, w, h, image)
        regions += extra
        warnings += extra_warnings
        masked_regions = [r for r in regions if r.masked]
        masked = apply_masks(image, masked_regions, s.fill)
        verified: bool | None = None
        if s.verify:
            found, doubts = self.verify(masked, page, matches, applicant)
            if found:
                masked_regions += found
                masked = apply_masks(masked, found, s.fill)
            warnings += doubts
            verified = not doubts
        kept = tuple(r for r in regions if not r.masked)
        warnings += [r.note for r in masked_regions if r.note]
        needs = any(r.kind in APPLICANT_KINDS for r in masked_regions)
        return RedactResult(
            masked=masked, regions=tuple(masked_regions), kept=kept, needs_masking=needs,
            needs_review=review or verified is False, warnings=tuple(dict.fromkeys(warnings)),
            rotation=page.rotation, lines=page.lines, seconds=time.perf_counter() - t0,
            verified=verified,
        )

    # -- the stages of ``redact``, public for the evaluation's leak drill and for tools -------
    def read(self, image: np.ndarray,
             found_seals: Sequence[seals.SealCandidate] | None = None,
             on_rotation: Callable[[int], None] | None = None) -> PageText:
        """Every text line of ``image`` (RGB, as given), read with seal ink kept away.
        ``found_seals``: the page's seals if already found (they are found here otherwise).
        ``on_rotation``: called with the page's quarter turns as soon as they are known."""
        if found_seals is None:
            found_seals = seals.find_seals(image) if self.settings.seals else []
        levels = [(c.bbox, lv) for c in found_seals
                  if c.ink == "grey" and (lv := seals.grey_ink_levels(image, c)) is not None]
        grey = [(box, cut) for box, (cut, gap) in levels if gap >= seals.GREY_PRINT_GAP]
        # The rest of the grey seals, for a blob they make with the lines under them.
        blobs = [(box, cut) for box, (cut, gap) in levels
                 if _GREY_BLOB_GAP <= gap < seals.GREY_PRINT_GAP]
        return read_page(self.engine, image, self.settings.min_line_score,
                         [c.bbox for c in found_seals], on_rotation, grey, blobs)

    def _read_seals(self, image: np.ndarray, k: int, found_seals: Sequence[seals.SealCandidate],
                    applicant: Applicant) -> SealReadings:
        """The seals of ``image`` turned upright by ``k`` quarter turns, each with its reading."""
        upright = np.ascontiguousarray(np.rot90(image, k)) if k else image
        # Seals found on the page as given serve when it was already upright.
        cands = list(found_seals) if k == 0 else seals.find_seals(upright)
        if k:
            # And those not found again on the page turned, where they lie turned: a faint
            # grey ring, found or not as its working copy's pixels fall (seed 3591's turned
            # contract, 38%).
            h, w = image.shape[:2]
            again = list(cands)
            cands += [t for t in (seals.turned(c, k, w, h) for c in found_seals)
                      if not any(seals.same_seal(t, c) for c in again)]
        return [(c, seals.read_seal(self.precise_engine, upright, c, applicant.units))
                for c in cands]

    def find_text(self, page: PageText, applicant: Applicant,
                  upright: np.ndarray | None = None) -> list[Match]:
        """The applicant's name, ID number and unit in the page's lines (and kept look-alikes).
        ``upright``: the page turned upright, where its ink may settle what the boxes leave
        open."""
        lines = page.lines
        texts = [ln.text for ln in lines]
        confidences = [list(ln.char_scores) for ln in lines]
        # A cell's wrapped end stacked under its start continues it too, where the next row's
        # cell was taken for its continuation (…研究院有限公 | 司 in a rotated report's
        # table, the next row's …有限公 the pair; seed 5023, 51%).
        pairs = page.continuations + [p for p in page.wrapped_tails if p not in page.continuations]
        if applicant.id_number:
            pairs = pairs + [p for p in _id_tails(page, applicant.id_number) if p not in pairs]
        matches = find_matches(texts, applicant, pairs, confidences, page.cells_apart)
        matches = _names_with_a_glyph_lost(page, matches, upright)
        if applicant.units:
            own = [m for m in matches if m.masked and m.kind == "unit"]
            units = [sp.line for m in own for sp in m.spans]
            # Lines where only an alias inside the full name was found (the rest garbled),
            # also one read with a slip or wrapped in its cell (的微维各尔自游区第一测绘 | 院;
            # 中国电建第团西北勒测设计研究院有限公司, its 西北勒测设计研究院 found; fresh set 7390).
            full = normalize(applicant.units[0])[0]
            whole = {sp.line for m in own if normalize(m.text)[0] == full for sp in m.spans}
            tails = [m for m in own if not whole.intersection(sp.line for sp in m.spans)
                     and inner_unit_alias(m.text, applicant.units)]
            partial = {sp.line for m in tails for sp in m.spans}
            taken = {sp.line for m in matches if m.masked for sp in m.spans} - partial
            # Cells below a cell, within it (a wrapped unit name), as continuations give them.
            up = page.upright_lines
            below = page.continuations_below
            below = below + [p for p in page.wrapped_tails if p not in below]
            extra = column_unit_matches(texts, columns(up), applicant.units,
                                        units, below, confidences, partial)
            extra = [m for m in extra if not taken.intersection(sp.line for sp in m.spans)]
            # The whole name found on a partial line replaces the alias found there.
            redone = {sp.line for m in extra for sp in m.spans}
            matches = [m for m in matches if not (m in tails and m.spans[0].line in redone)] + extra
            matches += self._units_cut_short(page, matches, applicant)
        matches += _stars_beside_ids(page, matches)
        matches += self._names_on_own_rows(page, matches, applicant)
        matches += self._ids_on_own_rows(page, matches, applicant)
        matches += self._names_cut_at_edge(page, matches, applicant)
        matches += self._id_fields_on_own_page(page, matches, applicant)
        matches += self._signatures_on_own_page(page, matches, applicant)
        matches += self._unit_fields_on_own_page(page, matches, applicant)
        matches = [_with_flourish(m, texts) for m in matches]
        return matches + _english_units(texts, matches, page.continuations)

    @staticmethod
    def _units_cut_short(page: PageText, matches: Sequence[Match],
                         applicant: Applicant) -> list[Match]:
        """On the applicant's own page (their name or ID number shows), the start of their
        unit after a unit label, where the line was cut short and nothing continues it."""
        if not _shows_applicant(matches):
            return []
        taken = {sp.line for m in matches if m.masked for sp in m.spans}
        # A line where only the unit's shorter alias inside the cut-short name was found
        # (西北勘测设计研究院 in …西北勘测设计研究院有限, 公司 under a photo; seed 1979) is
        # looked at too: the name's whole read start holds it.
        aliases = {sp.line: sp for m in matches if m.masked and m.kind == "unit"
                   for sp in m.spans if len(m.spans) == 1}
        units = [normalize(u)[0] for u in applicant.units]
        found = []
        for i, line in enumerate(page.lines):
            alias = aliases.get(i)
            if i in taken and alias is None:
                continue
            span = truncated_unit_span(line.text, applicant.units, line.char_scores)
            if span is None:
                continue
            if alias is not None:
                # Only where the alias is all that was masked on the line, and inside the span.
                alone = sum(sp.line == i for m in matches if m.masked for sp in m.spans) == 1
                if not (alone and span[0] <= alias.start and alias.end <= span[1]
                        and span[1] - span[0] > alias.end - alias.start):
                    continue
            spans = [Span(i, *span)]
            # A line that continues it must be the unit's own ending (…西北勘测设 | 公司, the
            # middle lost): anything else is another name that only starts like the unit's.
            # The next field's label (专业) continues nothing.
            tails = [j for a, j in page.continuations
                     if a == i and not is_form_label(page.lines[j].text)]
            if tails:
                j = tails[0]
                tail = normalize(page.lines[j].text)[0]
                # (One character will do where it ends the name the line starts: 司 of
                # …有限公司, 有限公 lost under a photo; seed 6741.)
                head = normalize(line.text[span[0]:span[1]])[0]
                ends = units if len(tail) > 1 else [
                    u for u in units if len(u) > len(head)
                    and sum(a != b for a, b in zip(head, u)) <= 2]
                if not tail or j in taken or not any(u.endswith(tail) for u in ends):
                    continue
                spans.append(Span(j, 0, len(page.lines[j].text)))
            read = line.text[span[0]:span[1]]
            found.append(Match("unit", tuple(spans), read, 0.7, True,
                               f"unit cut short at the line's end ({read}); masked as the "
                               "applicant's"))
        return found

    @staticmethod
    def _names_cut_at_edge(page: PageText, matches: Sequence[Match],
                           applicant: Applicant) -> list[Match]:
        """The applicant's name cut off by the page's right edge (a signature that runs off
        the scan: 阿不都热合曼·吾 for 阿不都热合曼·吾守尔), as ``name_cut_at_end`` takes it, on a
        line whose upright box reaches within half a line height of that edge; and on their
        own page, their dotted name's first part and dot with the rest unread
        (``name_unread_after_dot``)."""
        width = page.upright_size[0]
        if not width or not applicant.name:
            return []
        taken = {sp.line for m in matches if m.masked and m.kind == "name" for sp in m.spans}
        parts = normalize_name(applicant.name)
        # Lines a Chinese line goes on from, for a dotted name read to its dot (below).
        goes_on = {i for i, j in [*page.continuations, *page.wrapped_tails]
                   if is_cjk(page.lines[j].text.strip()[:1] or " ")} \
            if _shows_applicant(matches) and len(parts) > 1 else None
        # Only a dotted name whose last part has three or more characters is taken short of
        # its last one (吐尔 of 吐尔逊 is no one's whole part; 上官波 of 上官波林 is a name).
        short_by_one = len(parts) >= 2 and len(parts[-1]) >= 3
        found = []
        for i, line in enumerate(page.upright_lines):
            if i in taken:
                continue
            if line.box[2] >= width - 0.5 * line.height:
                cut = name_cut_at_end(line.text, applicant.name)
                if cut is not None:
                    start, end, lost = cut
                    read = line.text[start:end]
                    # The mask runs on over the rest to the edge: a sliver of the next
                    # character may show there (阿依达娜·叶尔 | 肯, fresh set 4682).
                    found.append(Match("name", (Span(i, start, end),), read, 0.7, True,
                                       f"name cut off at the page's edge, read as {read}",
                                       lost=(0, lost)))
                    continue
            # On their own page, a line ending in the first part of their dotted name and its
            # dot, the rest unread (a signature's 阿木提 lost): the mask reaches over the rest.
            # Not where a line goes on from it (阿不都热合曼· | 玉苏甫, a colleague wrapped in
            # her cell): there the rest was read, and it is not theirs.
            own_line = goes_on is not None and i not in goes_on
            cut = name_unread_after_dot(line.text, applicant.name) if own_line else None
            if cut is None and own_line and short_by_one:
                # Or the whole name but its last character, a line to itself: a signature's
                # closing stroke lost (穆合塔尔·吐尔 for 穆合塔尔·吐尔逊, its 乙方（签字） label
                # under the unit's name; seed 7219).
                cut = name_cut_at_end(line.text, applicant.name)
                if cut is not None and (cut[2] != 1 or line.text[:cut[0]].strip()):
                    cut = None
            if cut is not None:
                start, end, lost = cut
                read = line.text[start:end]
                found.append(Match("name", (Span(i, start, end),), read, 0.7, True,
                                   f"name read as {read}, the rest unread; masked as the "
                                   "applicant's", lost=(0, lost)))
        return found

    def _unread_names(self, page: PageText, matches: Sequence[Match],
                      image: np.ndarray, applicant_id: str = "",
                      applicant_name: str = "") -> list[Region]:
        """The applicant's name where the reader could not read it: in another script right
        above their name (``_unread_above_names``, or on their ID card, undetected,
        ``_card_script_above``), signed by hand after their own signing label
        (``_unread_signatures``), on the name's row of their ID card when it was not found
        at all (``_card_name_row``; ``applicant_id``: their ID number), or the end of their
        name wrapped under its cell's start where the detector saw no line
        (``_wrapped_tail_read_again``). Each is masked to its ink, since what was read (if
        anything) says nothing of where the ink lies (``image``: the page as given)."""
        found = [(box, box, "unread print right above the applicant's name: their name in "
                  "another script") for box in _unread_above_names(page, matches)]
        if _shows_applicant(matches):
            # A hand's strokes leave the detector's region (a flourish under the name, a
            # stroke run wide): the mask takes the ink they join, up to a few line heights on.
            found += [(seed, reach, "unread signature after the applicant's own signing label")
                      for seed, reach in _unread_signatures(page, matches)]
        h, w = image.shape[:2]
        k = page.rotation
        upright = np.rot90(image, k) if k else image
        if applicant_id and not any(m.masked and m.kind == "name" for m in matches):
            row = _card_name_row(upright, page, matches, applicant_id)
            if row is not None:
                found.append((row, row, "the name's row of the applicant's ID card, unread"))
        elif applicant_id and not found:
            above = _card_script_above(upright, page, matches, applicant_id)
            if above is not None:
                found.append((above, above, "ink right above the applicant's name on their ID "
                              "card: their name in another script"))
        if applicant_name:
            found += [(tail, tail, f"the end of the applicant's name wrapped under its cell, "
                       f"read again: {text}")
                      for tail, text in self._wrapped_tail_read_again(upright, page, matches,
                                                                      applicant_name)]
        if not found:
            return []
        regions = []
        for seed, reach, note in found:
            crop, x0, y0 = _crop(upright, reach)
            if crop.size == 0:
                continue
            y1 = y0 + crop.shape[0]
            if seed == reach:
                ink = _ink_of(crop)
            else:
                at = (int(seed[0]) - x0, int(seed[1]) - y0, int(seed[2]) - x0, int(seed[3]) - y0)
                ink = _strokes_from(crop, at)
            ys, xs = np.nonzero(ink)
            # A hand's worth of ink: at least a tenth of a line height squared, as high as
            # half a line and as wide as one (not specks of a noisy scan's paper).
            lh = min(y1, seed[3]) - max(y0, seed[1])
            if len(xs) < UNREAD_INK_PX or (seed != reach and (
                    len(xs) < HAND_INK * lh * lh or np.ptp(ys) < 0.3 * lh or np.ptp(xs) < 0.6 * lh)):
                continue
            pad = max(self.settings.min_margin, self.settings.margin_ratio * lh)
            tight = [(x0 + xs.min() - pad, y0 + ys.min() - pad),
                     (x0 + xs.max() + 1 + pad, y0 + ys.max() + 1 + pad)]
            pts = unrotate_points(np.asarray(tight, dtype=np.float64), k, w, h) if k \
                else np.asarray(tight)
            regions.append(Region("name", box_from_points(pts, w, h), "", 0.6, None, "ocr", True,
                                  note))
        return regions

    def _wrapped_tail_read_again(self, upright: np.ndarray, page: PageText,
                                 matches: Sequence[Match],
                                 name: str) -> list[tuple[Box, str]]:
        """Where the applicant's name, masked read without its last one or two characters at
        the end of its line, has them wrapped under the line's start, unseen by the detector
        (热合木江·卡斯 | 木 in a roster's cell, the box fused over both rows but read on the
        first; seed 4719, 44%). The place under the start is read again from the pixels, and
        taken only when it reads exactly as the missing characters. As the tail's ink box on
        the upright page and what was read."""
        want = normalize(name)[0]
        out: list[tuple[Box, str]] = []
        for m in matches:
            if not (m.masked and m.kind == "name"):
                continue
            last = m.spans[-1]
            line = page.upright_lines[last.line]
            read = normalize(m.text)[0]
            tail = want[len(read):]
            if line.text[last.end:].strip() or not want.startswith(read) or len(read) < 2 \
                    or not 1 <= len(tail) <= 2:
                continue
            glyphs = [c.box for c in line.chars if is_cjk(c.char)]
            if len(glyphs) < 2:
                continue
            top = float(np.median([b[1] for b in glyphs]))
            bottom = float(np.median([b[3] for b in glyphs]))
            gh = bottom - top
            if gh <= 0:
                continue
            # Under the name's own start, which may follow a label on its line.
            first = page.upright_lines[m.spans[0].line]
            x0 = first.chars[m.spans[0].start].box[0] if m.spans[0].start < len(first.chars) \
                else first.box[0]
            reach = (int(x0 - 0.3 * gh), int(bottom + 0.1 * gh),
                     int(np.ceil(x0 + (len(tail) + 0.6) * 1.1 * gh)), int(np.ceil(bottom + 1.5 * gh)))
            # A line the detector did find there is the wrapped tail's own business.
            if any(j != last.line and _overlaps(ln.box, reach)
                   for j, ln in enumerate(page.upright_lines)):
                continue
            crop, cx0, cy0 = _crop(upright, reach)
            if crop.size == 0:
                continue
            (rec,) = self.precise_engine.recognize([crop])
            if normalize(rec.text)[0] != tail:
                continue
            ink = _glyph_ink(_ink_of(crop), gh)
            ys, xs = np.nonzero(ink)
            if len(xs):
                out.append(((cx0 + int(xs.min()), cy0 + int(ys.min()), cx0 + int(xs.max()) + 1,
                             cy0 + int(ys.max()) + 1), rec.text))
        return out

    @staticmethod
    def _ids_on_own_rows(page: PageText, matches: Sequence[Match],
                         applicant: Applicant) -> list[Match]:
        """On a roster row that is the applicant's (their name is masked on it, or it gives
        their birth date and sex), a cell read as their starred ID number with the stars
        garbled (650)**事*****()642 for 650***********0642, ``garbled_starred_id``): the row
        holds one ID number, theirs."""
        if not applicant.id_number:
            return []
        named = {sp.line for m in matches if m.masked and m.kind == "name" for sp in m.spans}
        taken = {sp.line for m in matches if m.masked and m.kind == "id_number" for sp in m.spans}
        texts = [ln.text for ln in page.lines]
        found = []
        for row in page.rows:
            if taken.intersection(row) or not (
                    named.intersection(row)
                    or born_on_row([texts[i] for i in row], applicant.id_number)):
                continue
            for i in row:
                span = garbled_starred_id(texts[i], applicant.id_number)
                if span is not None:
                    read = texts[i][span[0]:span[1]]
                    found.append(Match("id_number", (Span(i, *span),), read, 0.6, True,
                                       f"ID number read as {read} on the applicant's roster "
                                       "row; masked as theirs"))
            # Or in two pieces, its stars lost between them (65 | *7598, fresh set 9317).
            for i, j in zip(row, row[1:]):
                if split_starred_id(texts[i], texts[j], applicant.id_number):
                    read = f"{texts[i]} | {texts[j]}"
                    found.append(Match("id_number", (Span(i, 0, len(texts[i])),
                                                     Span(j, 0, len(texts[j]))), read, 0.6,
                                       True, f"ID number read as {read} on the applicant's "
                                       "roster row; masked as theirs"))
        return found

    @staticmethod
    def _id_fields_on_own_page(page: PageText, matches: Sequence[Match],
                               applicant: Applicant) -> list[Match]:
        """On the applicant's own form (their name shows), the value of its ID-number field
        read starred with a slip in its shown tail (650202*******78X for 650202********788X
        after 公民身份号码, on a blurred social-insurance record): the field is the holder's,
        so it is their ID number if it reads as one (``misread_id_field``)."""
        if not applicant.id_number or not any(m.masked and m.kind == "name" for m in matches):
            return []
        id_number = applicant.id_number
        return _field_values(page, matches, "id_number", is_id_field_label,
                             lambda text, labelled, conf: misread_id_field(text, id_number,
                                                                           labelled, conf),
                             "ID number", "ID")

    @staticmethod
    def _signatures_on_own_page(page: PageText, matches: Sequence[Match],
                                applicant: Applicant) -> list[Match]:
        """On the applicant's own document (their name or ID number shows), the name signed
        after their own signing label (乙方（签字）：) read with slips, or starting right and
        garbled after (``misread_signature``): the label says whose signature it is. The
        mask runs on over characters lost at its ends, where the read shares one with the
        name to place it by (a hand read as nothing of it says nothing of where it lost one)."""
        if not _shows_applicant(matches):
            return []
        name = applicant.name
        found = _field_values(page, matches, "name", is_own_signature_label,
                              lambda text, labelled, conf: misread_signature(text, name, labelled,
                                                                             conf),
                              "name", "signature", tall_values=True)
        letters = set(name)
        return [replace(m, lost=lost_name_ends(m.text, name)) if letters.intersection(m.text)
                else m for m in found]

    @staticmethod
    def _unit_fields_on_own_page(page: PageText, matches: Sequence[Match],
                                 applicant: Applicant) -> list[Match]:
        """On the applicant's own form (their name or ID number shows), the value of its
        work-unit field read with slips too many for a unit found anywhere (国土资语信意中心
        for 国土资源信息中心 after 工作单位, on a low-resolution annual assessment): the field
        is the holder's, so it is their unit if it reads as one (``misread_unit_field``), with
        the slips the page's own copies of the unit show (``page_unit_slips``). So too a
        paper's affiliations (``misread_affiliations``), when the applicant is among
        its authors."""
        if not applicant.units or not _shows_applicant(matches):
            return []
        units = applicant.units
        slips = page_unit_slips([m.text for m in matches if m.masked and m.kind == "unit"], units)
        found = _field_values(page, matches, "unit", is_unit_field_label,
                              lambda text, labelled, conf: misread_unit_field(text, units, labelled,
                                                                              conf, slips),
                              "unit", "work-unit")
        texts = [ln.text for ln in page.lines]
        # A paper's affiliation line holds its authors' units, the applicant's among them.
        spans = [sp for m in matches if m.masked for sp in m.spans]
        for i, text in enumerate(texts):
            for start, end in misread_affiliations(text, applicant.units,
                                                   page.lines[i].char_scores):
                if any(sp.line == i and sp.start < end and start < sp.end for sp in spans):
                    continue
                read = text[start:end]
                found.append(Match("unit", (Span(i, start, end),), read, 0.7, True,
                                   f"unit read as {read} in the paper's affiliations; masked as "
                                   "the applicant's"))
        return found

    @staticmethod
    def _names_on_own_rows(page: PageText, matches: Sequence[Match],
                           applicant: Applicant) -> list[Match]:
        """A name cell misread on a row that is the applicant's, as ``near_name_span`` allows:
        the roster row that holds their ID number (one character wrong), the row that gives
        their birth date and sex (``born_on_row``: a long name's cell may lose or garble two,
        and may wrap onto a second line), or the cell after a 姓名 label on a page that holds
        their ID number. The row is theirs, so the cell is their name, not a colleague's."""
        id_lines = {sp.line for m in matches if m.masked and m.kind == "id_number" for sp in m.spans}
        taken = {sp.line for m in matches for sp in m.spans}
        # A name cell's wrapped end under it (…托手 / 提) is read with it: the short end
        # hanging under the cell's start first, then the line that continues it below (which
        # may be the next row's name: 米热古丽·吾守 | 尔, with 沙吾列·别克 under both).
        below: dict[int, list[int]] = {}
        for i, j in [*page.wrapped_tails, *page.continuations_below]:
            below.setdefault(i, []).append(j)
        texts = [ln.text for ln in page.lines]
        scores = [ln.char_scores for ln in page.lines]
        loose = birth_row_edits(applicant.name)
        short = len("".join(normalize_name(applicant.name))) <= 2
        found = []
        for row in page.rows:
            edits, same_length, sure, born = 1, True, False, False
            after_label = {j for i, j in zip(row, row[1:])
                           if normalize(texts[i])[0].rstrip(":：") in ("姓名", "名字")}
            # The birth row's looser reading goes for a row that holds the ID number too
            # (沙善列·本拉 | 提 beside 650102199602082649 and 1996.02).
            if applicant.id_number and born_on_row([texts[i] for i in row], applicant.id_number):
                cells, where = row, "on the row of the applicant's birth date"
                # A colleague may share the birth month and sex: one slip is half of a
                # two-character name (李伟 for 王伟), so there it must be a doubtful reading.
                edits, same_length, sure, born = loose, False, short, True
            elif id_lines.intersection(row):
                cells, where = row, "on the row of the applicant's ID number"
            elif id_lines:
                # On the applicant's own page (their ID is on it), the cell right after a
                # 姓名 label cell is theirs too, where the form puts the ID on another row.
                cells = sorted(after_label, key=row.index)
                where = "after 姓名 on a page with the applicant's ID number"
            else:
                continue
            for i in cells:
                if i in taken:
                    continue
                spans: tuple[Span, ...] | None = None
                for j in [] if same_length else below.get(i, []):
                    if j in taken:
                        continue
                    span = near_name_span(texts[i] + texts[j], applicant.name, edits,
                                          same_length, exact=True,
                                          conf=[*scores[i], *scores[j]] if sure else None)
                    n = len(texts[i])
                    if span is not None and span[1] > n:
                        spans = (Span(i, span[0], n), Span(j, 0, span[1] - n))
                        break
                if spans is None:
                    span = near_name_span(texts[i], applicant.name, edits, same_length,
                                          conf=scores[i] if sure else None)
                    if span is None and not short and (born or (i in after_label and id_lines)):
                        # One slip more where every slip was read unsure: glyphs read as a
                        # part of themselves (武辰化 for 武晨华, 辰 at 0.84 and 化 at 0.88, on
                        # a skewed roster's row beside 武晨 and 武晨文, seed 8462); so right
                        # after a 姓名 label on the applicant's own page (吕梁品 for 吕璐晶, 梁
                        # at 0.40 and 品 at 0.72, on a social-insurance record turned upside
                        # down; fresh set 3929, 0%).
                        span = near_name_span(texts[i], applicant.name, edits + 1,
                                              conf=scores[i], sure=MISREAD_CONFIDENCE)
                    spans = None if span is None else (Span(i, *span),)
                if spans is not None:
                    read = " | ".join(texts[sp.line][sp.start:sp.end] for sp in spans)
                    lost = (0, 0) if same_length else lost_name_ends(
                        "".join(texts[sp.line][sp.start:sp.end] for sp in spans), applicant.name)
                    found.append(Match("name", spans, read, 0.6, True,
                                       f"name read as {read} {where}; masked as the "
                                       "applicant's", lost))
            if id_lines.intersection(row) and not any(
                    sp.line in row for m in found for sp in m.spans):
                # On the row of the applicant's ID number, the one cell that holds two or more
                # of the name's characters in order, every other glyph unsure (通力旺尔 for
                # 阿迪力·吐尔逊 at 69 dpi, its wrapped 逊 fused in; seed 8806, 0%).
                garbled = [(i, span) for i in row if i not in taken and (
                    span := garbled_name_cell(texts[i], applicant.name, scores[i])) is not None]
                if len(garbled) == 1:
                    i, (a, b) = garbled[0]
                    found.append(Match("name", (Span(i, a, b),), texts[i][a:b], 0.5, True,
                                       f"name read as {texts[i][a:b]} on the row of the "
                                       "applicant's ID number; masked as the applicant's"))
        # The same where the page's only 姓名 label holds the name on its own line (姓名沈品
        # for 沈晶 on an ID card at 100 dpi, 晶 read as 品): one character wrong.
        labelled = [(i, m.end()) for i, text in enumerate(texts)
                    if (m := _NAME_LABEL_HEAD.match(text)) is not None]
        if id_lines and len(labelled) == 1:
            i, start = labelled[0]
            span = near_name_span(texts[i][start:], applicant.name) \
                if i not in taken and start < len(texts[i]) else None
            if span is not None:
                at = Span(i, start + span[0], start + span[1])
                read = texts[i][at.start:at.end]
                found.append(Match("name", (at,), read, 0.6, True,
                                   f"name read as {read} after 姓名 on a page with the "
                                   "applicant's ID number; masked as the applicant's"))
        # Where the page holds their ID number but their name is nowhere on it, the one line
        # that is all of the name read with a slip the recogniser was unsure of, after what
        # is left of a pale 姓名 label if anything (ID copies: 诺葛超杰 for 诸葛超杰, 名问亮华
        # for 姓名 闫亮华).
        # Not on a roster or a form of several people: there the lines that hold other
        # people's ID numbers or 姓名 fields are theirs, and may be a look-alike read unsure.
        # (A card's validity period, 2012.09.26 2022.09.26, is no one's number: 通丽努尔·艾则孜
        # for 迪丽努尔·艾则孜 on an ID copy showing both sides; fresh set 6572, 0%.)
        if id_lines and len(labelled) <= 1 and not found and not any(
                m.masked and m.kind == "name" for m in matches) and sum(
                bool(_NUMBER_RUN.search(normalize(_DOTTED_DATE.sub(" ", t))[0]))
                for t in texts) == 1:
            near = []
            for i, text in enumerate(texts):
                left = _LABEL_LEFT.match(text)
                start = left.end() if left else 0
                if i not in taken and (span := near_name_span(
                        text[start:], applicant.name, conf=scores[i][start:])):
                    near.append((i, start + span[0], start + span[1]))
            if len(near) == 1:
                i, a, b = near[0]
                found.append(Match("name", (Span(i, a, b),), texts[i][a:b], 0.6, True,
                                   f"name read as {texts[i][a:b]} on a page with the "
                                   "applicant's ID number; masked as the applicant's"))
        # (A name found here is the applicant's on the page: no look-alike is then hers.)
        return found or _names_on_unit_rows(page, matches, applicant, taken)

    def text_regions(self, page: PageText, matches: Sequence[Match], w: int,
                     h: int) -> list[Region]:
        """Tight mask regions for ``matches`` on a ``w`` x ``h`` image (pixels as given)."""
        return propose_regions(page.lines, matches, w, h, self.settings.margin_ratio,
                               self.settings.min_margin)

    def verify(self, masked: np.ndarray, page: PageText, matches: Sequence[Match],
               applicant: Applicant) -> tuple[list[Region], list[str]]:
        """The verification pass over ``masked`` (pixels as given): regions it adds, mapped
        back to those pixels, and doubts that call for a reviewer."""
        h, w = masked.shape[:2]
        k = page.rotation
        upright = np.ascontiguousarray(np.rot90(masked, k)) if k else masked
        v = verify_page(self.precise_engine, upright, page.upright_lines, list(matches), applicant,
                        self.settings.margin_ratio, self.settings.min_margin)
        if not k:
            return list(v.regions), list(v.doubts)
        out = []
        for r in v.regions:
            pts = unrotate_points(np.asarray(r.outline(), dtype=np.float64), k, w, h)
            poly = tuple((float(x), float(y)) for x, y in pts)
            out.append(Region(r.kind, box_from_points(poly, w, h), r.text, r.score, poly,
                              r.source, True, r.note))
        return out, list(v.doubts)

    def _under_own_seal(self, page: PageText, matches: list[Match], image_regions: list[Region],
                        applicant: Applicant, w: int, h: int,
                        image: np.ndarray | None = None) -> list[Region]:
        """The unit's name printed under the unit's own seal ("甲方（盖章）：…").

        The seal's ink garbles the line beneath it, so the strict matcher misses the name;
        once the seal itself matched the applicant's unit, a looser match on the lines it
        covers is safe. ``image``: the page as given (``w`` x ``h``), for a label's value the
        detector lost under the seal, which is read again from the pixels.
        """
        scene = _seal_scene(page, matches, image_regions, applicant)
        if scene is None:
            return []
        found: list[_SealedUnit] = []
        # The seal's ink also splits a line into pieces ("填报单位：伊犁" | "力产登记中"): the
        # pieces on one row are read as one text, then the match is cut back into its pieces.
        for row in _by_middle(page.upright_lines,
                              rows(page.upright_lines, sorted(scene.under | scene.near))):
            text = "".join(page.lines[i].text for i in row)
            span = _loose_sealed_span(scene, text, _STAMP_MARK_END.search(text) is not None
                                      or _above_a_date(page, row))
            if span is None:
                found += self._sealed_without_span(scene, row, image)
            elif (sealed := _sealed_from_span(scene, row, text, span)) is not None:
                found.append(sealed)
        upright = None if image is None else np.rot90(image, page.rotation) \
            if page.rotation else image
        regions = [self._sealed_region(scene, s, w, h, upright) for s in found]
        return [r for r in regions if r is not None]

    def _sealed_without_span(self, scene: _SealScene, row: Sequence[int],
                             image: np.ndarray | None) -> list[_SealedUnit]:
        """The unit on a row under the seal that no loose match finds: after the stamp's
        label, in pieces, or signing for the seal."""
        page, units = scene.page, scene.applicant.units
        labels = [k for k, i in enumerate(row) if _STAMP_LINE.search(page.lines[i].text)]
        tied = [i for i in row[labels[0] + 1:] if i in scene.under] if labels else []
        if tied:
            return [_tied_after_label(page, row[labels[0]], tied, units)]
        # The rest is about the label's own line under the seal.
        i = row[labels[0]] if labels else -1
        if i >= 0 and i in scene.under \
                and (sealed := _on_stamp_label_line(page, i, units)) is not None:
            return [sealed]
        # Or the detector found nothing after the label at all, the name's ink fused with the
        # seal's (a grey seal, which cannot be painted out; 编制单位：西北院 on a greyscale
        # report, fresh set 3690): the row after the label is read again from the pixels, up
        # to the next text on it, as far as the unit's longest name. (The label itself may end
        # just short of the seal: 填报单位（盖章） | seal.)
        lab = page.upright_lines[i] if i >= 0 and i in scene.near else None
        again = self._value_read_again(page, i, image, units) \
            if lab is not None and image is not None and lab.chars \
            and _VALUE_LABEL_END.search(normalize(lab.text)[0]) else None
        if again is not None and lab is not None:
            read, read_end, top, bottom = again
            boxes = [box_from_points(c.quad) for c in lab.chars]
            n_lab = len(lab.text)
            return [_SealedUnit(
                Match("unit", (Span(i, n_lab - 1, n_lab),), read, 0.4, True,
                      f"unit under its own seal after its label, read again: {read}"),
                unread=(lab.box[2], min(top, *(b[1] for b in boxes)),
                        max(bottom, *(b[3] for b in boxes))),
                reread=read_end)]
        # No label: the row may be the unit's name alone, signing a report under its seal,
        # with only pieces of it read (区 | 绘院 of 喀什地区基础测绘院).
        frag = unit_fragments([page.lines[i].text for i in row], units)
        if frag is not None and any(i in scene.under for i in row):
            read = "".join(page.lines[i].text for i in row)
            spans = [Span(i, 0, len(page.lines[i].text)) for i in row]
            # The stamp's label after the name stays visible (…刘绘了 | 盖章)).
            label = STAMP_LABEL_TAIL.search(page.lines[row[-1]].text)
            if label is not None and label.start() > 0:
                spans[-1] = Span(row[-1], 0, label.start())
            return [_SealedUnit(Match("unit", tuple(spans), read, 0.5, True,
                                      f"unit under its own seal, only pieces read: {read}"),
                                lost=frag)]
        # Or a signing line under the seal whose name, before the stamp's label, the seal's
        # ink garbled past reading (正完（盖章） for 西北院（盖章）): the words that sign for
        # the seal are the unit's.
        signing = []
        for i in row:
            end = _signing_head(page.lines[i].text, scene.longest) if i in scene.under else None
            if end is not None:
                read = page.lines[i].text[:end]
                signing.append(_SealedUnit(Match("unit", (Span(i, 0, end),), read, 0.4, True,
                                                 f"unit signing under its own seal, read as "
                                                 f"{read}")))
        return signing

    def _sealed_region(self, scene: _SealScene, sealed: _SealedUnit, w: int,
                       h: int, upright: np.ndarray | None = None) -> Region | None:
        """The mask of one unit found under the seal: its characters read, reaching over
        what ``sealed`` says was lost (page as given, ``w`` x ``h``; ``upright``: the page
        turned upright, where the lost characters' ink is looked for)."""
        page, units, m = scene.page, scene.applicant.units, sealed.match
        k = page.rotation
        uw, uh = (h, w) if k % 2 else (w, h)
        # Worked out on the upright page, where the row runs left to right.
        parts = propose_regions(page.upright_lines, [m], uw, uh, self.settings.margin_ratio,
                                self.settings.min_margin)
        if not parts:
            return None
        # Pieces of one row: the characters between them were lost under the seal's ink, so
        # the mask bridges the gap; a name read to the end of its line may have lost its last
        # characters the same way, so it runs to the line's end.
        x0, y0, x1, y1 = box_from_points([p for r in parts for p in r.outline()], uw, uh)
        if sealed.label_end is not None:
            x0 = min(x0, int(sealed.label_end))
            if sealed.label_box:
                # With the margin every mask has: the name's first glyph may begin a pixel or
                # three inside the label's box (喀 of 填报单位（盖章）： | (喀什)制绘院, 96%; its
                # colon's ink is in the left half of its cell).
                x0 = min(x0, int(sealed.label_end - max(
                    self.settings.min_margin,
                    self.settings.margin_ratio * page.upright_lines[m.spans[0].line].height)))
        if sealed.unread is not None:
            x0 = int(sealed.unread[0])
        if sealed.reread is not None:
            x1 = max(x1, min(uw, int(np.ceil(sealed.reread))))
        if sealed.lost is not None:
            # The lost characters at the read ones' pitch (the pieces' span over the unit's
            # characters it holds, or one piece's width over its own).
            name, lost_head, lost_tail = sealed.lost
            boxes = [page.upright_lines[sp.line].box for sp in m.spans]
            held = len(name) - lost_head - lost_tail
            px0, px1 = min(b[0] for b in boxes), max(b[2] for b in boxes)
            pitch = (px1 - px0) / (held if len(boxes) > 1 else max(1, len(normalize(m.text)[0])))
            x0 = max(0, min(x0, int(px0 - lost_head * pitch)))
            x1 = min(uw, max(x1, int(np.ceil(px1 + lost_tail * pitch))))
        if sealed.run_on is not None:
            # Up to the next text on the row (the other party's label), if that is nearer.
            at = m.spans[-1].line
            (whole_row,) = (r for r in page.rows if at in r)
            # (Not a box of the seal's own lettering, lines high, that the row took in.)
            line_h = page.upright_lines[at].height
            starts = [page.upright_lines[j].box[0] for j in whole_row
                      if page.upright_lines[j].height <= 2.0 * line_h]
            nxt = [x for x in starts if x >= page.upright_lines[at].box[2]]
            x1 = min(uw, max(x1, int(np.ceil(min([sealed.run_on, *nxt])))))
        first_span = m.spans[0]
        head = page.upright_lines[first_span.line]
        # Its front lost under the seal's ink with nothing read before it on its line but marks
        # the ink left ((国土)资源信息中心（盖章）, ”地区基绘院 for 喀什地区基础测绘院): the
        # line's box may still hold the lost characters, or begin at the first one read
        # ((乌)鲁木齐市自然资源局（盖章）); the lost ones are masked at the line's pitch before
        # that, short of any text before them. (A Latin letter there is such a mark too:
        # C资派信息中心, 国土 read as C, fresh set 5858; and so is a Chinese character read
        # garbled, one for each lost, 吸r地区基础测绘院, fresh set 2580.)
        scores = head.char_scores
        garbled_at = [j for j in range(first_span.start)
                      if is_cjk(head.text[j]) and scores[j] < GARBLED_CONFIDENCE]
        lead = lost_unit_head(m.text, units)
        if (not any((is_cjk(c) and j not in garbled_at) or c.isdigit()
                    for j, c in enumerate(head.text[:first_span.start]))
                and len(garbled_at) <= lead
                and sealed.lost is None and not any(
                normalize(m.text)[0].startswith(normalize(u)[0][:1]) for u in units)):
            x0 = max(0, min(x0, int(head.box[0])))
            # (Marks read before the name are the lost characters' ink: the box holds them.
            # They may be only part of it, the rest cut off with the line's box: 什's tail read
            # as † and 喀 lost with its head, †地区基础测绘院, 95%. So the lost head is counted,
            # at the line's pitch, from the first Chinese character read.)
            first_cjk = next((j for j, c in enumerate(head.text)
                              if is_cjk(c) and j not in garbled_at), None)
            if lead and head.chars and first_cjk is not None and first_cjk >= first_span.start:
                pitch = (head.box[2] - head.box[0]) / max(1, len(head.text))
                lost_first = lead if first_cjk == first_span.start else lost_unit_head(
                    m.text[first_cjk - first_span.start:], units)
                lost_from = box_from_points(head.chars[first_cjk].quad)[0] - lost_first * pitch
                if first_span.start == 0:
                    lost_from = min(lost_from,
                                    box_from_points(head.chars[0].quad)[0] - lead * pitch)
                text_before = _text_ending_before(page, first_span.line, head.box[0],
                                                  scene.tall)
                x0 = max(0, min(x0, int(max([lost_from, *text_before]))))
            elif (upright is not None and head.chars and first_span.start == 0
                  and (deep := lost_unit_head(m.text, units, share=0.5))):
                # More of its front lost than the line's pitch can count (4 of
                # 新疆维吾尔自治区测绘院's 11 before 尔自治绘院, its middle lost too, its first
                # box swollen over the lost ink; fresh set 1862, 87%): the lost characters
                # are the print's ink that runs on leftwards from the read, gaps under a
                # glyph bridged, reaching no further than a line height for each.
                start = box_from_points(head.chars[0].quad)[0]
                farthest = max([start - deep * head.height,
                                *_text_ending_before(page, first_span.line, start, scene.tall)])
                run = _print_run_start(upright, (int(farthest), head.box[1], int(start),
                                                 head.box[3]), head.height)
                x0 = max(0, min(x0, int(run - max(
                    self.settings.min_margin, self.settings.margin_ratio * head.height))))
        last = m.spans[-1]
        line = page.upright_lines[last.line]
        rest = line.text[last.end:]
        # So may one read without the unit's last character, its ending garbled into a stray
        # mark or two at the line's end, or before the stamp's own label (…基础测绘|完,
        # …基础测绘”完（盖章） for …基础测绘院).
        label = _STAMP_LABEL.search(rest)
        garbled = rest[:label.start()] if label else rest
        if not rest.strip():
            x1 = max(x1, min(uw, line.box[2]))
        elif 0 < len(garbled.strip()) <= 2 and not any(
                normalize(m.text)[0].endswith(normalize(u)[0][-1:]) for u in units):
            end = last.end + len(garbled.rstrip())
            x1 = max(x1, min(uw, line.box[2] if end >= len(line.text) or not line.chars
                             else box_from_points(line.chars[end - 1].quad)[2]))
        # On a skewed page the band is the row's from the mask's one end to its other (a
        # contract's 甲方（盖章）中国电建…有限公司 sloping 14 px over the name; fresh set 4719,
        # its first characters' tops left out at one height across, 93%).
        skew = page.skew
        bands = [b for sp in m.spans if (b := scene.swollen.get(sp.line) or _text_band(
            page.upright_lines[sp.line], skew, (x0, x1))) is not None]
        if bands:
            # The swollen box's ink above and below the name is the seal's lettering (a
            # title fused with the seal's ring, too: its band is its characters' own).
            y0 = max(y0, int(min(b[0] for b in bands)))
            y1 = min(y1, int(np.ceil(max(b[1] for b in bands))))
        if sealed.unread is not None:
            _, top, bottom = (int(v) for v in sealed.unread)
            y0, y1 = min(y0, top), max(y1, bottom)
        corners = np.array([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], dtype=np.float64)
        poly = tuple((float(x), float(y)) for x, y in
                     (unrotate_points(corners, k, w, h) if k else corners))
        return Region("unit", box_from_points(poly, w, h), m.text, m.score,
                      poly if k else None, parts[0].source, True, m.warning)

    def _value_read_again(self, page: PageText, i: int, image: np.ndarray,
                          units: Sequence[str]) -> tuple[str, float, float, float] | None:
        """The unit read again from the pixels after the label that ends upright line ``i``
        (the page as given is ``image``), where the detector found nothing: the label's
        height and a quarter more each way, from its end to the next text on its row or as
        far as the longest of ``units`` and a character, a character a line height (or the
        label's pitch, if wider). The read (one of ``units`` as it is, else its loose
        match, ``loose_unit_span``, as under the unit's seal), where it ends and its ink's top
        and bottom on the upright page, or None."""
        up = page.upright_lines[i]
        upright = np.rot90(image, page.rotation) if page.rotation else image
        uh, uw = upright.shape[:2]
        pitch = (up.box[2] - up.box[0]) / max(1, len(up.text))
        longest = max(len(normalize(u)[0]) for u in units)
        x0 = int(up.box[2])
        # The value may be set larger than its label: its characters a line height apart.
        x1 = min(uw, int(x0 + (longest + 1) * max(pitch, up.height)))
        for j, ln in enumerate(page.upright_lines):
            overlap = min(ln.box[3], up.box[3]) - max(ln.box[1], up.box[1])
            if j != i and ln.box[0] >= x0 and overlap >= 0.5 * min(ln.height, up.height):
                x1 = min(x1, int(ln.box[0]))
        # A little above and below the label's box: a larger value's glyphs reach past it.
        pad = 0.25 * up.height
        y0, y1 = max(0, int(up.box[1] - pad)), min(uh, int(np.ceil(up.box[3] + pad)))
        if x1 - x0 < 2 * pitch or y1 <= y0:
            return None
        crop = drop_seal_ink(np.ascontiguousarray(upright[y0:y1, x0:x1]))
        (rec,) = self.precise_engine.recognize([crop])
        # One of the unit's names as it is, however short (西北院), else a loose match.
        norm, index = normalize(rec.text)
        exact = [(norm.find(u), len(u)) for u in sorted((normalize(u)[0] for u in units),
                                                       key=len, reverse=True) if u]
        at_name = next(((k, k + n) for k, n in exact if k >= 0), None)
        span = (index[at_name[0]], index[at_name[1] - 1] + 1) if at_name is not None \
            else loose_unit_span(rec.text, units)
        if span is None:
            return None
        start, end = span
        at = rec.char_x[end - 1] if len(rec.char_x) == len(rec.text) else end * pitch
        stop = min(crop.shape[1], int(at + 0.6 * pitch))
        # The value's own ink, top to bottom, up to where it ends.
        ink_rows = np.flatnonzero((ink_mask(cv2.cvtColor(crop[:, :stop], cv2.COLOR_RGB2GRAY))
                                   .sum(axis=1)) >= 2)
        top, bottom = (y0 + int(ink_rows[0]), y0 + int(ink_rows[-1]) + 1) if len(ink_rows) \
            else (up.box[1], up.box[3])
        return rec.text[start:end], x0 + stop, top, bottom

    def _image_regions(self, image: np.ndarray, page: PageText, applicant: Applicant,
                       found_seals: Sequence[seals.SealCandidate] = (),
                       holder: str | None = None, unit_page: bool = False,
                       protect: Sequence[tuple[float, float, float, float]] = (),
                       seal_readings: SealReadings | None = None,
                       framed: Sequence[photos.PhotoRegion] | None = None,
                       ) -> tuple[list[Region], list[str], bool]:
        """Seal and photo regions, found on the upright page and mapped back to the input.
        ``holder``: another person the page belongs to, whose photo is kept visible.
        ``unit_page``: the page is the applicant's unit's own (see ``redact``).
        ``protect``: boxes (upright page) of other people's names, which seal masks avoid.
        ``seal_readings``: ``_read_seals`` for this page, if already done; ``framed``:
        ``_photos`` of the page, if already done."""
        h, w = image.shape[:2]
        k = page.rotation
        upright = np.ascontiguousarray(np.rot90(image, k)) if k else image

        def back(points: Sequence[Sequence[float]]) -> list[tuple[float, float]]:
            pts = unrotate_points(np.asarray(points, dtype=np.float64), k, w, h)
            return [(float(x), float(y)) for x, y in pts]

        regions: list[Region] = []
        warnings: list[str] = []
        review = False
        cands: list[seals.SealCandidate] | None = None
        if self.settings.seals and applicant.units:
            if seal_readings is None:
                seal_readings = self._read_seals(image, k, found_seals, applicant)
            cands = [c for c, _ in seal_readings]
            stamp_lines = ([ln.box for ln in page.upright_lines if _STAMP_LINE.search(ln.text)]
                           if unit_page else [])
            line_h = float(np.median([ln.height for ln in page.upright_lines])) if page.lines else 0.0
            # Printed text runs along the page's slope; a seal's own lettering, read in pieces
            # along its arc (尔自治区 at -31° on a page at -3°), is no line signed on it.
            # (Worked out only for a seal that asks, as the lines signed on it are.)
            @functools.cache
            def printed() -> list[int]:
                skew = page.skew
                return [i for i, ln in enumerate(page.upright_lines)
                        if ln.height <= 2.0 * line_h and _along(ln, skew)]

            @functools.cache
            def signed_lines() -> list[tuple[Box, bool]]:
                # 10 ms on a page of 200 lines: looked for only for a seal that needs them.
                out = []
                for i in printed():
                    ln = page.upright_lines[i]
                    if (span := unit_with_a_slip(ln.text, applicant.units)) is not None:
                        rest = ln.text[:span[0]] + ln.text[span[1]:]
                        out.append((ln.box, not any(c.isalnum() for c in rest)))
                    elif garbled_unit_alone(ln.text, applicant.units) \
                            and not _goes_on_in_words(page, i):
                        out.append((ln.box, True))
                return out

            def pieces_on(box: Box) -> list[list[str]]:
                # Each row's lines, left to right (pieces the seal's ink split: 治区T | 绘院).
                on = [i for i in printed() if _overlaps(page.upright_lines[i].box, box)]
                return [[page.upright_lines[i].text for i in row]
                        for row in rows(page.upright_lines, on)]

            def printed_on(box: Box) -> list[str]:
                # Each line, and each row of pieces read as one.
                on = pieces_on(box)
                return [text for pieces in on for text in pieces] + [
                    "".join(pieces) for pieces in on if len(pieces) > 1]

            r, wn, review = self._seal_regions(upright, seal_readings, applicant, back, w, h,
                                               stamp_lines, line_h, protect, signed_lines,
                                               printed_on, pieces_on)
            regions += r
            warnings += wn
        if self.settings.photos:
            if framed is None:
                seal_boxes = [c.bbox for c in cands] if cands is not None else []
                framed = self._photos(page, photos.face_candidates(upright, seal_boxes),
                                      seal_boxes)
            for ph in framed:
                x0, y0, x1, y1 = ph.box
                box = box_from_points(back([(x0, y0), (x1, y1)]), w, h)
                # A photo framed on the page turned level is masked as the tilted frame it is.
                quad = tuple(back(ph.quad)) if ph.quad is not None else None
                if holder is not None:
                    note = f"the photo of {holder}, whose document this is"
                    regions.append(Region("other_photo", box, holder, round(ph.score, 4), None,
                                          "photo", masked=False, note=note))
                    # Left visible on the page's word alone: the reviewer should see it.
                    warnings.append(f"photo at {list(box)} left visible: {note}")
                    continue
                regions.append(Region("photo", box, "", round(ph.score, 4), quad, "photo",
                                      note="" if ph.score >= 0.5 else f"uncertain photo: {ph.reason}"))
        return regions, warnings, review

    @staticmethod
    def _photos(page: PageText, faces: photos.FaceCandidates,
                seal_boxes: Sequence[Box]) -> list[photos.PhotoRegion]:
        """The photos framed round ``faces`` (upright page), clear of the page's text lines
        and of ``seal_boxes`` (upright page), on the page turned level if its lines slope."""
        # A "line" far taller than the page's text is the detector misfiring on a picture
        # (a photo read as "8"); it must not hide that photo's face as if it were text.
        heights = [line.height for line in page.upright_lines]
        typical = float(np.median(heights)) if heights else 0.0
        # Nor may a seal's arc of lettering, read as one line whose box spans the arc's
        # chord, hide the face of a photo the seal is stamped across (a diploma's school
        # seal over its corner; fresh set 1717). Print under a seal is of the page's height.
        # Nor may a lone letter, well taller than the page's text, read on a face (a small
        # upside-down photo's mouth and chin read "U", 2.3 lines high; seed 1346, 0%).
        # Nor such an arc where its seal was not found (a grey seal over a grey scan's photo,
        # 海大学 read tilted 13 degrees over the face; seed 8372, 0%): print runs level with
        # the page, an arc's chord at its own angle.
        skew = page.skew
        text_boxes = [line.box for line in page.upright_lines
                      if line.height <= TALL_LINE * typical
                      and not (line.height > SEAL_ARC_LINE * typical and (
                          any(share_inside(line.box, s) >= 0.5 for s in seal_boxes)
                          or not _along(line, skew, ARC_TILT)
                          or (len(line.text.strip()) == 1 and not is_cjk(line.text.strip()))))]
        return photos.frame_photos(faces, text_boxes, seal_boxes, skew)

    def _seal_regions(self, upright: np.ndarray, seal_readings: SealReadings,
                      applicant: Applicant,
                      back: Callable[[Sequence[Sequence[float]]], list[tuple[float, float]]],
                      w: int, h: int, stamp_lines: Sequence[tuple[int, int, int, int]] = (),
                      line_h: float = 0.0,
                      protect: Sequence[tuple[float, float, float, float]] = (),
                      signed_lines: Callable[[], Sequence[tuple[Box, bool]]] = tuple,
                      printed_on: Callable[[Box], Sequence[str]] = lambda _: (),
                      pieces_on: Callable[[Box], Sequence[Sequence[str]]] = lambda _: (),
                      ) -> tuple[list[Region], list[str], bool]:
        """``seal_readings``: the page's seals with their readings (``_read_seals``).
        ``stamp_lines``: boxes (upright) of the unit's signing lines on its own paper; an
        unreadable seal stamped on one is the unit's, if it is seal-sized beside the page's
        text (``line_h``: median text line height, pixels). ``protect``: boxes (upright) no
        seal mask reaches into. ``signed_lines``: gives the boxes (upright) of text lines that
        read as the unit with at most one slip, each with whether the unit is all the line
        holds, asked only for a seal that fits the unit and reads close to it
        (``SIGNED_MATCH``), which is the unit's if one lies on it, and for a seal read as
        nothing, which is the unit's if the unit's name alone is signed on it.
        ``printed_on``: the texts of the lines of text height on a box (upright), for a seal
        that reads close to the unit but with a run of slips (``WITNESSED_NOTE``);
        ``pieces_on``: the same lines' rows, each as its lines' texts."""
        regions: list[Region] = []
        warnings: list[str] = []
        review = False
        for cand, reading in seal_readings:
            text, score = seals.best_arc(reading, applicant.units)

            def own(sector: Sequence[tuple[float, float]], note: str = "",
                    cand: seals.SealCandidate = cand, text: str = text,
                    score: float = score) -> None:
                """Mask ``sector`` (upright) as the unit's seal, clear of ``protect``."""
                polygon = back(seals.clear_of(seals.trim_sector_ends(sector, protect),
                                              cand.center, protect))
                regions.append(Region("seal", box_from_points(polygon, w, h), text,
                                      round(score, 4), tuple(polygon), "seal", note=note))

            fits = seals.fits_unit(text, reading.inner_texts, applicant.units)
            ends = seals.reads_to_both_ends(reading, applicant.units)
            if seals.reads_as(score, fits):
                own(seals.seal_mask_polygon(cand, reading, whole_band=True, ends_read=ends))
                continue
            polygon = back(seals.seal_mask_polygon(cand, reading))
            box = box_from_points(polygon, w, h)
            # ``reading.score`` is the chosen reading's: a seal read as one sure 司 is no
            # readable seal because another way of reading it gave 中国美税邦司. Nor is one
            # whose arc came back as its serial number (小心06088686, seed 4730): a seal's arc
            # names its unit in characters.
            readable = (reading.score >= SEAL_READABLE_SCORE and _cjk_count(text) >= 4
                        and _cjk_count(reading.arc_text) >= 4)
            where = f"red seal at {list(box)} (read {text!r})"
            if score >= SIGNED_MATCH and fits and any(_overlaps(cand.bbox, b)
                                                      for b, _ in signed_lines()):
                own(seals.seal_mask_polygon(cand, reading, whole_band=True, ends_read=ends),
                    f"{where} {SIGNED_NOTE}")
                continue
            if score >= SIGNED_MATCH and any(witnessed_unit((text, t), applicant.units)
                                             for t in printed_on(cand.bbox)):
                # Read that badly, its band and span are not to be trusted either.
                # (Unless it reads from the name's first character to its last: a roster's
                # next row's ID number, 15% masked under a seal read 中国电建集团业勘测设计
                # 系究院有限公司, from where its ink ran on; fresh set 7628.)
                own(seals.unread_mask_polygon(cand, reading, ends_read=ends),
                    f"{where} {WITNESSED_NOTE}")
                continue
            if score >= seals.MATCH_THRESHOLD and seals.fits_unit(
                    text, reading.inner_texts, applicant.units, garbled=True) and (any(
                    signed_with_losses(t, applicant.units)
                    or garbled_unit_alone(t, applicant.units) for t in printed_on(cand.bbox))
                    or any(unit_in_pieces(row, applicant.units) for row in pieces_on(cand.bbox))):
                # Read as the unit but for a run of slips (新疆生产建设兵质就退规划设计研究院),
                # with one of the unit's names signed on it, some of its characters lost under
                # the ink and none read as another's (兵測院 for 兵团勘测院), or garbled only
                # where the name has a place for them (冶区 | 则绘院, fresh set 5730), or in
                # pieces that are all its own (中国电建集 | P | 化勘 | 限公司 under 中国国建集团
                # 西汇达美设计研究院有限公司, fresh set 8462): the unit's.
                own(seals.unread_mask_polygon(cand, reading), f"{where} {SIGNED_NOTE}")
                continue
            # Stamped on the unit's signing line of its own paper, a seal that reads close to
            # the unit (乌鲁木齐市自然名海局), or not at all, is the unit's.
            # An official seal is 4-5 cm across, about a dozen lines of body text: a "seal"
            # far bigger than that (a frame found as a ring) is no seal to mask by location.
            seal_sized = 2.0 * max(cand.axes) <= SEAL_MAX_LINES * line_h
            stamped = seal_sized and any(_overlaps(_widened(cand.bbox), b) for b in stamp_lines)
            # (Or read as the unit's head and tail with its middle lost, 中国电有限公司 for
            # 中国电建集团西北勘测设计研究院有限公司 at 0.26: nothing in it is another's.)
            if stamped and (score >= STAMPED_MATCH or not readable
                            or unit_fragments([text], applicant.units, STAMPED_FRAGMENT)):
                own(seals.unread_mask_polygon(cand, reading), f"{where} {STAMPED_NOTE}")
                continue
            # Read as nothing, with the unit's name alone signed on it: the unit signs where it
            # stamps (a project report's 乌市自然源局 | 2016年2月 under its washed-out seal, on a
            # page that names the team's other units too; fresh set 4949, 9%).
            # (Or split by the ink into pieces along one row, 中国电建集团 | 勤测 | 研究房 | 限公司,
            # which read together as the name garbled in places; fresh set 4444.)
            if not readable and seal_sized and (any(
                    alone and _overlaps(cand.bbox, b) for b, alone in signed_lines())
                    or any(_unit_alone_in(row, applicant.units) for row in pieces_on(cand.bbox))):
                own(seals.unread_mask_polygon(cand, reading), f"{where} {SIGNED_NOTE}")
                continue
            if readable:
                regions.append(Region("other_seal", box, text, round(score, 4), None, "seal",
                                      masked=False, note="a seal of another unit"))
                if score >= seals.MATCH_THRESHOLD and any(
                        unit_fragments([t], applicant.units) for t in printed_on(cand.bbox)):
                    # Read close to the unit, over what may be the unit's name (its pieces in
                    # order) but cannot be told from a sibling's (西北 garbled in both, on a
                    # page that names 中南院; seed 7160): a reviewer decides.
                    review = True
                    warnings.append(f"{where} reads close to the unit over what may be its "
                                    "name, but not surely: left visible for review")
                continue
            if self.settings.seal_policy == "mask":
                own(seals.seal_mask_polygon(cand, None), f"{where} could not be read; masked by policy")
            else:
                review = True
                warnings.append(f"{where} could not be read well enough to tell whose it is; "
                                "left visible for review")
                regions.append(Region("unread_seal", box, text, round(score, 4), None, "seal",
                                      masked=False, note="unreadable seal, left for review"))
        return regions, warnings, review

    def redact_many(self, items: Iterable[ImageInput], applicant: Applicant,
                    workers: int = 1) -> Iterator[RedactResult | RedactError]:
        """Redact ``items`` in order, streaming; a failed item yields its ``RedactError``.

        With ``workers > 1`` pages run on that many threads (the models release the GIL);
        at most ``2 * workers`` pages are in flight, so memory stays flat on long batches.
        """

        def one(item: ImageInput) -> RedactResult | RedactError:
            try:
                return self.redact(item, applicant)
            except RedactError as exc:
                return exc
            except Exception as exc:  # a bug on one page must not lose the rest of the batch
                return RedactError(f"internal error: {type(exc).__name__}: {exc}")

        if workers <= 1:
            for item in items:
                yield one(item)
            return
        with ThreadPoolExecutor(max_workers=workers) as pool:
            pending = []
            for item in items:
                pending.append(pool.submit(one, item))
                if len(pending) >= 2 * workers:
                    yield pending.pop(0).result()
            for fut in pending:
                yield fut.result()
