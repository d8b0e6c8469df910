"""Read a page: turn it upright, find and read its lines, and place every character on its ink.

The result is a tuple of ``TextLine`` in pixels of the image as given (see
``redact.elements``), whatever the page's orientation: callers never see the rotated frame.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

import cv2
import numpy as np

from .elements import CharBox, PlacedChars, Quad, TextLine, share_inside
from .geometry import (
    apply_homography,
    as_quad,
    crop_transform,
    ink_mask,
    line_axes,
    order_quad,
    place_chars,
    rotate_points,
    unrotate_points,
    warp_crop,
)
from .ocr.base import OcrEngine, Recognition, precise_of

#: How many of the longest lines vote on the page's orientation.
ORIENTATION_VOTERS = 12
#: When the direction classifier's votes for "upside down" pass this share, the recogniser
#: checks them (see ``_page_rotation``).
FLIP_CHECK = 0.3
#: When the first piece of every voting line votes "upside down" for at most this share,
#: the page is upright and the other pieces are not classified.
CLEAR_UPRIGHT = 0.1
#: Orientation votes are cast on pieces this many line heights long, at most this many a line.
VOTE_PIECE_RATIO = 4
VOTE_PIECES = 3
#: A detected region at least this many typical line heights high is detected again on its
#: own (see ``_split_blobs``).
BLOB_LINES = 3.0
#: A region this many typical line heights high (up to BLOB_LINES) that the recogniser
#: cannot read is detected again on its own, enlarged (see ``_reread_stacked``).
STACKED_LINES = 1.6
#: The enlarged window of ``_reread_stacked`` makes the page's typical line this many pixels
#: high.
STACKED_LINE_PX = 32
#: A stacked region read with a mean character score below this is looked at again as well:
#: the recogniser reads the upper of two fused lines, a little less surely, and drops the
#: other (达吾列提•努尔 | 兰 read 这吾列提|努尔 at 0.78).
STACKED_WEAK_SCORE = 0.85
#: A gap this many line heights wide between two boxes of one row parts two table cells.
CELL_GAP = 1.2


@dataclass(frozen=True)
class PageText:
    """What the reader found on one page.

    ``rotation`` is how many quarter turns counter-clockwise (``numpy.rot90``'s ``k``) made the
    page upright; ``upright_lines`` are the same lines in that upright frame (used by the
    photo and seal stages, which work on the upright page).
    """

    lines: tuple[TextLine, ...]
    rotation: int
    upright_lines: tuple[TextLine, ...]
    #: Width and height of the upright page, in pixels ((0, 0) when not known).
    upright_size: tuple[int, int] = (0, 0)
    #: Regions the detector found but the reader could not read (upright page): print in a
    #: script it does not know (the Uyghur on a Xinjiang ID card), a scribbled signature.
    unread: tuple[Quad, ...] = ()

    @cached_property
    def continuations(self) -> list[tuple[int, int]]:
        """``continuations(self.lines)``, worked out once: matching and the page-level
        rules both need it."""
        return continuations(self.lines)

    @cached_property
    def continuations_below(self) -> list[tuple[int, int]]:
        """The continuations whose second line lies below the first (the next line of a
        paragraph, a cell's wrapped text), judged on the upright page."""
        up = self.upright_lines
        return [(i, j) for i, j in self.continuations if up[j].box[1] >= up[i].box[3] - 2]

    @cached_property
    def cells_apart(self) -> set[tuple[int, int]]:
        """``cells_apart`` of the page's continuations, worked out once."""
        return cells_apart(self.lines, self.continuations)

    @cached_property
    def wrapped_tails(self) -> list[tuple[int, int]]:
        """``wrapped_tails(self.upright_lines)``, worked out once."""
        return wrapped_tails(self.upright_lines)

    @cached_property
    def rows(self) -> list[list[int]]:
        """``rows`` of all the page's lines (upright), worked out once."""
        return rows(self.upright_lines, range(len(self.upright_lines)))

    @cached_property
    def skew(self) -> float:
        """``page_skew`` of the page's lines (upright), worked out once: the photo, seal and
        unit stages each ask for it."""
        return page_skew(self.upright_lines)


def read_page(engine: OcrEngine, image: np.ndarray, min_score: float = 0.5,
              seal_boxes: Sequence[tuple[int, int, int, int]] = (),
              on_rotation: Callable[[int], None] | None = None,
              grey_seals: Sequence[tuple[tuple[int, int, int, int], float]] = (),
              grey_blobs: Sequence[tuple[tuple[int, int, int, int], float]] = ()) -> PageText:
    """Detect, orient and recognise every text line of ``image`` (RGB, as given).

    Red ink inside ``seal_boxes`` is ignored, so text under a seal is read like any other,
    and so is a greyscale scan's seal's light ink (``grey_seals``: its box, among
    ``seal_boxes``, and the grey level above which its pixels are its ink); so is a
    watermark's lighter ink (``watermark_cut``) where the detector sees one. ``grey_blobs``:
    grey seals the same way, whose ink is taken away only where the detector fused it with
    the lines under it into a blob (``_split_blobs``). ``on_rotation`` is called with the
    page's quarter turns (``PageText.rotation``) as soon as they are known, before the lines
    are read.
    """
    image = paint_out_seals(image, seal_boxes, grey_seals)
    h, w = image.shape[:2]
    found = [order_quad(q) for q in engine.detect(image, seal_boxes)]
    cut = watermark_cut(image, found)
    if cut is not None:
        # A watermark's diagonal lines fuse with the text they cross: the page is read again
        # without it.
        image = without_watermark(image, cut)
        found = [order_quad(q) for q in engine.detect(image, seal_boxes)]
    quads = _split_blobs(engine, image, found, seal_boxes, grey_blobs)
    k = _page_rotation(engine, image, quads) if quads else 0
    if on_rotation is not None:
        on_rotation(k)
    if not quads:
        return PageText((), 0, ())
    upright = np.ascontiguousarray(np.rot90(image, k)) if k else image
    up_quads = [order_quad(rotate_points(q, k, w, h)) for q in quads] if k else quads
    readings = _read_quads(engine, upright, up_quads, min_score)
    lines_up = _reread_stacked(engine, upright, up_quads, readings, min_score)
    size = (upright.shape[1], upright.shape[0])
    unread = _unread(up_quads, readings, lines_up)
    if k == 0:
        return PageText(lines_up, 0, lines_up, size, unread)
    back = tuple(_map_line(line, lambda p: unrotate_points(p, k, w, h)) for line in lines_up)
    return PageText(back, k, lines_up, size, unread)


def _unread(quads: Sequence[np.ndarray], readings: Sequence[TextLine | None],
            lines: Sequence[TextLine]) -> tuple[Quad, ...]:
    """The ``quads`` that read as nothing, but for those whose centre a line read again
    (``_reread_stacked``) now covers."""
    boxes = [ln.box for ln in lines]
    out = []
    for q, reading in zip(quads, readings):
        if reading is not None:
            continue
        cx, cy = q.mean(axis=0)
        if not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes):
            out.append(as_quad(q))
    return tuple(out)


#: A watermark is at least this many light, turned lines at one angle (a repeated
#: "仅供职称申报使用" across the page); a seal's arcs run at every angle, a pale header level.
WATERMARK_LINES = 4
#: Its lines' turn from the page's text, degrees, and how far they may stray from their median.
_WATERMARK_TURN = (10.0, 80.0)
_WATERMARK_SPREAD = 5.0
#: Pixels (of every other row and column) of print darker than the watermark a page needs.
_WATERMARK_PRINT_PX = 500


def watermark_cut(image: np.ndarray, quads: Sequence[np.ndarray]) -> float | None:
    """The grey level above which ``image`` (RGB) is a watermark's ink, if the detector's
    ``quads`` show one: ``WATERMARK_LINES`` or more lines turned the same way, away from the
    page's text, whose ink is all light (its darkest tenth at least half the paper's level)
    on a page that also has dark print. None otherwise."""
    angles = [math.degrees(math.atan2(q[1][1] - q[0][1], q[1][0] - q[0][0])) for q in quads]
    candidates = [(a, q) for a, q in zip(angles, quads)
                  if _WATERMARK_TURN[0] <= abs(a) <= _WATERMARK_TURN[1]]
    # (Most pages stop here, before any pixel is looked at.)
    if len(candidates) < WATERMARK_LINES:
        return None
    lum = cv2.cvtColor(np.ascontiguousarray(image[:, :, :3]), cv2.COLOR_RGB2GRAY)
    paper = float(np.percentile(lum[::8, ::8], 90))
    turned: list[tuple[float, np.ndarray]] = []
    for angle, q in candidates:
        x0, y0 = (max(0, int(v)) for v in q.min(axis=0))
        x1, y1 = (int(v) + 1 for v in q.max(axis=0))
        crop = lum[y0:y1, x0:x1]
        ink = crop[crop < paper - 25]
        if ink.size >= 50 and np.percentile(ink, 10) >= 0.5 * paper:
            turned.append((angle, ink))
    if len(turned) < WATERMARK_LINES:
        return None
    mid = float(np.median([a for a, _ in turned]))
    same = [ink for a, ink in turned if abs(a - mid) <= _WATERMARK_SPREAD]
    if len(same) < WATERMARK_LINES:
        return None
    # Somewhat darker than the watermark's ink (a tenth of each line's may be print it
    # crosses), and well lighter than the print.
    cut = min(float(np.percentile(ink, 10)) for ink in same) - 20.0
    if np.count_nonzero(lum[::2, ::2] < cut - 60.0) < _WATERMARK_PRINT_PX:
        return None
    return cut


def without_watermark(image: np.ndarray, cut: float) -> np.ndarray:
    """``image`` with every pixel lighter than grey level ``cut`` made paper white: a
    watermark's ink goes, and the print's cores stay (its strokes a pixel thinner)."""
    lum = cv2.cvtColor(np.ascontiguousarray(image[:, :, :3]), cv2.COLOR_RGB2GRAY)
    out = image.copy()
    out[lum > cut] = 255
    return out


def read_lines_unoriented(engine: OcrEngine, image: np.ndarray,
                          min_score: float = 0.5) -> tuple[TextLine, ...]:
    """Read ``image`` taken as upright (no orientation vote): for small windows of a page
    whose orientation is already known."""
    quads = [order_quad(q) for q in engine.detect(image)]
    return _read_lines(engine, image, quads, min_score) if quads else ()


def _split_blobs(engine: OcrEngine, image: np.ndarray, quads: list[np.ndarray],
                 seal_boxes: Sequence[tuple[int, int, int, int]],
                 grey_blobs: Sequence[tuple[tuple[int, int, int, int], float]] = ()
                 ) -> list[np.ndarray]:
    """``quads`` with every blob (a region several lines high) over a seal detected again
    on its own, at the detector's full resolution, by the engine's precise twin.

    At page scale the detector can fuse a seal's remains, a signature and the lines beside
    them into one region, which the recogniser then reads as a stray character or two: a
    unit's name under its seal was lost that way. Blobs elsewhere (a big title, a photo)
    are left as they are. Where a blob is found again over one of ``grey_blobs`` (a grey
    seal's box and the level above which its pixels are its ink, as ``paint_out_seals``
    takes them), that ink is taken away and the window detected once more.
    """
    if not seal_boxes:
        return quads
    line_h = _line_height(quads)
    if line_h is None:
        return quads
    sizes = [_extent(q) for q in quads]
    boxes = [(*q.min(axis=0), *q.max(axis=0)) for q in quads]
    seals = [tuple(float(v) for v in b) for b in seal_boxes]
    blobs = [i for i, e in enumerate(sizes) if min(e) >= BLOB_LINES * line_h
             and any(_covered(boxes[i], b) or _covered(b, boxes[i]) for b in seals)]
    if not blobs:
        return quads
    h, w = image.shape[:2]
    found: list[np.ndarray] = []
    # Page-scale lines that a window found whole, running on into the blob: the page-scale
    # pass had only their end (新疆维吾 lost into a grey seal's blob, 尔自治区测绘院 apart).
    replaced: set[int] = set()
    for i in blobs:
        pad = int(line_h)
        x0, y0 = (max(0, int(v) - pad) for v in boxes[i][:2])
        x1, y1 = min(w, int(boxes[i][2]) + pad), min(h, int(boxes[i][3]) + pad)
        # The engine's float twin, where it has one: an int8 detector lost a unit's line here,
        # under a painted-out seal whose ring left its strokes broken.
        window = np.ascontiguousarray(image[y0:y1, x0:x1])
        sub = [order_quad(s + np.array([x0, y0], dtype=np.float32))
               for s in precise_of(engine).detect(window)]
        grey = [(b, cut) for b, cut in grey_blobs if _covered(boxes[i], b) or _covered(b, boxes[i])]
        if grey and any(min(_extent(s)) >= BLOB_LINES * line_h for s in sub):
            # A grey seal's ring and lettering, too close to the print's grey for the page to
            # lose them (a gap under seals.GREY_PRINT_GAP), fused with its signing row all the same
            # (甲方（盖章）：新疆生产建设兵团… under a mid-grey seal, fresh set 7415, 17%).
            # The row's print is far darker than the ring where that happens, and it stays.
            # (The seal's box in the window's pixels, cut to the window: a negative index
            # would count from the far end.)
            local = [((max(0, bx0 - x0), max(0, by0 - y0), bx1 - x0, by1 - y0), cut)
                     for (bx0, by0, bx1, by1), cut in grey]
            clear = paint_out_seals(window, [b for b, _ in local], local)
            again = [order_quad(s + np.array([x0, y0], dtype=np.float32))
                     for s in precise_of(engine).detect(clear)]
            if again and all(min(_extent(s)) < BLOB_LINES * line_h for s in again):
                sub = again
        # Lines the page-scale pass already has (cut off at the window's edge here) stay
        # as they were found there; but a line found here that holds one of those whole and
        # reaches well past it into the blob is that line's whole.
        kept = []
        for s in sub:
            box = (*s.min(axis=0), *s.max(axis=0))
            cover = [j for j in range(len(quads)) if j != i and _covered(box, boxes[j])]
            ends = [j for j in cover if share_inside(boxes[j], box) >= 0.9
                    and _extent(s)[0] >= 1.2 * _extent(quads[j])[0]]
            if len(ends) == len(cover):
                kept.append(s)
                replaced.update(ends)
        found.extend(kept if kept else [quads[i]])
    return [q for i, q in enumerate(quads) if i not in blobs and i not in replaced] + found


def _line_height(quads: Sequence[np.ndarray]) -> float | None:
    """The page's typical line height: the median short side of the quads more than twice
    as long as they are high (either way round), or None with fewer than three of them."""
    sizes = [_extent(q) for q in quads]
    heights = [min(e) for e in sizes if max(e) > 2.0 * min(e)]
    return float(np.median(heights)) if len(heights) >= 3 else None


def _extent(q: np.ndarray) -> tuple[float, float]:
    """Length of a quad's top edge and of its left edge, in pixels."""
    return float(np.linalg.norm(q[1] - q[0])), float(np.linalg.norm(q[3] - q[0]))


def _covered(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Whether box ``b`` covers at least a third of box ``a``."""
    return share_inside(a, b) >= 1 / 3


def _page_rotation(engine: OcrEngine, image: np.ndarray, quads: list[np.ndarray]) -> int:
    """Quarter turns (counter-clockwise) that make the page's text upright."""
    h, w = image.shape[:2]
    stacked = np.stack(quads)
    dx = np.linalg.norm(stacked[:, 1] - stacked[:, 0], axis=1)
    dy = np.linalg.norm(stacked[:, 3] - stacked[:, 0], axis=1)
    # Single characters are square and say nothing; long boxes say which way text runs.
    across, down = dx > 1.5 * dy, dy > 1.5 * dx
    horiz, vert, n_vert = float(dx[across].sum()), float(dy[down].sum()), int(down.sum())
    # A page is only taken as lying on its side on clear evidence: a seal's arc or a column
    # of vertical table headers yields a few tall boxes on upright pages too.
    base = 1 if vert > 2.0 * horiz and n_vert >= 3 else 0
    # (Quads come ordered: as given they need no ordering again.)
    turned = [order_quad(rotate_points(q, base, w, h)) for q in quads] if base else quads
    tops = [float(np.linalg.norm(q[1] - q[0])) for q in turned]
    longest = sorted(range(len(turned)), key=lambda i: -tops[i])
    voters = [i for i in longest if _is_wide(turned[i])][:ORIENTATION_VOTERS]
    if not voters:
        return base
    page = np.rot90(image, base) if base else image
    crops = []
    for i in voters:
        m, cw, ch = crop_transform(turned[i])
        crops.append(warp_crop(page, m, cw, ch))
    # The classifier sees 192x48 px: a whole long line squeezed 6x into that reads as noise
    # (votes of 0.3-0.7 on upright pages), so it gets pieces of at most 4:1. The first piece
    # of every line votes first; the others only when those votes are not clearly upright.
    per_line = [_vote_pieces(c) for c in crops]
    pieces = [ps[0] for ps in per_line]
    probs = engine.upside_down(pieces)
    if _flipped_share(probs, pieces) > CLEAR_UPRIGHT:
        rest = [p for ps in per_line for p in ps[1:]]
        probs += engine.upside_down(rest)
        pieces += rest
    if _flipped_share(probs, pieces) <= FLIP_CHECK:
        return base
    # The direction classifier is small and fails on blurred low-resolution scans (it
    # turned a whole roster upside down); the recogniser, which reads the lines either way,
    # settles it: upright text reads with far more confidence than text upside down.
    as_is = engine.recognize(crops)
    flipped_read = engine.recognize([np.ascontiguousarray(c[::-1, ::-1]) for c in crops])
    if _reading_strength(flipped_read) > _reading_strength(as_is):
        return (base + 2) % 4
    return base


def _vote_pieces(crop: np.ndarray) -> list[np.ndarray]:
    """Up to VOTE_PIECES consecutive pieces, each VOTE_PIECE_RATIO line heights long, from
    the start of a line crop (the whole crop when it is short)."""
    h, w = crop.shape[:2]
    seg = max(1, VOTE_PIECE_RATIO * h)
    if w <= 1.5 * seg:
        return [crop]
    return [crop[:, x:x + seg] for x in range(0, w - seg // 2, seg)][:VOTE_PIECES]


def _flipped_share(probs: Sequence[float], pieces: Sequence[np.ndarray]) -> float:
    """The share of the pieces' width that votes "upside down"."""
    widths = [float(p.shape[1]) for p in pieces]
    return sum(wd for p, wd in zip(probs, widths) if p > 0.5) / max(1.0, sum(widths))


def _reading_strength(recs: Sequence[Recognition]) -> float:
    """Total confidence of readings: characters read times their mean score."""
    return float(sum(len(r.text) * r.score for r in recs))


def _is_wide(q: np.ndarray) -> bool:
    return bool(np.linalg.norm(q[1] - q[0]) > 2.0 * np.linalg.norm(q[3] - q[0]))


def _reread_stacked(engine: OcrEngine, page: np.ndarray, quads: Sequence[np.ndarray],
                    readings: Sequence[TextLine | None], min_score: float) -> tuple[TextLine, ...]:
    """The lines read from ``quads`` (``readings``, ``None`` where nothing was read), with
    every unread or weakly read (below STACKED_WEAK_SCORE) region STACKED_LINES to BLOB_LINES
    typical lines high, and at least as wide as it is high, detected again on its own in a
    window enlarged so its lines are STACKED_LINE_PX high, and read. A weak reading stays
    unless its region comes apart into two lines or more.

    At low resolution the detector fuses a table cell's two wrapped lines (努尔妮萨·托乎 |
    提) into one region, which the recogniser cannot read as one line: the name was lost.
    Seen larger, the two lines come apart. Only regions that failed are looked at again, so
    a page read well costs nothing more.
    """
    if all(ln is not None and ln.score >= STACKED_WEAK_SCORE for ln in readings):
        return tuple(ln for ln in readings if ln is not None)
    line_h = _line_height([np.asarray(ln.quad, dtype=np.float64) for ln in readings
                           if ln is not None])
    if line_h is None:
        return tuple(ln for ln in readings if ln is not None)
    h, w = page.shape[:2]
    out: list[TextLine] = []
    read_boxes = [ln.box for ln in readings if ln is not None and ln.score >= STACKED_WEAK_SCORE]
    for q, reading in zip(quads, readings):
        top, side = _extent(q)
        if (reading is not None and reading.score >= STACKED_WEAK_SCORE) \
                or not (STACKED_LINES * line_h <= side < BLOB_LINES * line_h and top >= side):
            if reading is not None:
                out.append(reading)
            continue
        bx0, by0 = q.min(axis=0)
        bx1, by1 = q.max(axis=0)
        # A line's height of page round it: a tighter window cut the wrapped lines' ends off.
        pad = line_h
        x0, y0 = max(0, int(bx0 - pad)), max(0, int(by0 - pad))
        x1, y1 = min(w, int(bx1 + pad) + 1), min(h, int(by1 + pad) + 1)
        f = max(1.0, STACKED_LINE_PX / line_h)
        window = cv2.resize(np.ascontiguousarray(page[y0:y1, x0:x1]),
                            (round((x1 - x0) * f), round((y1 - y0) * f)),
                            interpolation=cv2.INTER_CUBIC)
        to_page = _scale_shift(1.0 / f, (x0, y0))
        subs = []
        for sub in read_lines_unoriented(engine, window, min_score):
            sub = _map_line(sub, to_page)
            cx, cy = np.asarray(sub.quad, dtype=np.float64).mean(axis=0)
            # The window's margin shows bits of the neighbouring cells, read already.
            if bx0 <= cx <= bx1 and by0 <= cy <= by1:
                subs.append(sub)
        # A weak reading is replaced only by lines that come apart; one line again is no news.
        if reading is not None and len(subs) < 2:
            out.append(reading)
        else:
            # But a line the region overlapped that was read on its own is not read twice (a
            # unit's name under a grey seal was taken as two pieces of one name; seed 9608).
            out.extend(sub for sub in subs if not any(
                share_inside(sub.box, b) >= 0.8 and share_inside(b, sub.box) >= 0.8
                for b in read_boxes))
    return tuple(out)


def _read_lines(engine: OcrEngine, page: np.ndarray, quads: Sequence[np.ndarray],
                min_score: float) -> tuple[TextLine, ...]:
    return tuple(ln for ln in _read_quads(engine, page, quads, min_score) if ln is not None)


def _read_quads(engine: OcrEngine, page: np.ndarray, quads: Sequence[np.ndarray],
                min_score: float) -> list[TextLine | None]:
    """The line read from each of ``quads``, or ``None`` where it read as nothing or below
    ``min_score``."""
    transforms = []
    crops = []
    for q in quads:
        qq = q
        wq = np.linalg.norm(q[1] - q[0])
        hq = np.linalg.norm(q[3] - q[0])
        if hq > 2.0 * wq:
            # Vertical text on an upright page reads top to bottom: start the crop at the
            # top-right corner so its text runs left to right.
            qq = np.roll(q, -1, axis=0)
        m, cw, ch = crop_transform(qq)
        transforms.append((qq, m, cw, ch))
        crops.append(warp_crop(page, m, cw, ch))
    recs = engine.recognize([drop_seal_ink(c) for c in crops])
    lines: list[TextLine | None] = []
    for (qq, m, _cw, _ch), crop, rec in zip(transforms, crops, recs):
        text = rec.text
        if not text.strip() or rec.score < min_score:
            lines.append(None)
            continue
        scores = rec.char_scores if len(rec.char_scores) == len(text) else (rec.score,) * len(text)
        chars = PlacedChars(scores, _placer(cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY), m, rec,
                                            scores))
        lines.append(TextLine(text, as_quad(qq), float(rec.score), chars))
    return lines


def _placer(gray: np.ndarray, m: np.ndarray, rec: Recognition,
            scores: Sequence[float]) -> Callable[[], tuple[CharBox, ...]]:
    """Places ``rec``'s characters in the ink of its line crop ``gray`` (made with the
    page-to-crop homography ``m``), in page pixels."""

    def place() -> tuple[CharBox, ...]:
        text = rec.text
        boxes = place_chars(ink_mask(gray), len(text), rec.char_x, text)
        if not boxes:
            return ()
        b = np.asarray(boxes, dtype=np.float64)
        corners = np.stack([b[:, [0, 1]], b[:, [2, 1]], b[:, [2, 3]], b[:, [0, 3]]], axis=1)
        pts = apply_homography(np.linalg.inv(m), corners.reshape(-1, 2)).reshape(-1, 4, 2)
        return tuple(CharBox(ch_, as_quad(q), float(sc)) for ch_, q, sc in zip(text, pts, scores))

    return place


def _red_ink(rgb: np.ndarray, strength: int) -> np.ndarray:
    r, g, b = rgb[:, :, 0], rgb[:, :, 1], rgb[:, :, 2]
    return (r - np.maximum(g, b) > strength) & (r > 100)


def _grey(rgb: np.ndarray) -> np.ndarray:
    """The mean of an ``int16`` image's three channels (numpy's ``mean(axis=2)`` is many times
    slower over so short an axis)."""
    return (rgb[:, :, 0] + rgb[:, :, 1] + rgb[:, :, 2]) / 3.0


def _dark_ink(rgb: np.ndarray, red: np.ndarray) -> np.ndarray:
    """Ordinary dark (black or grey) ink that is not part of ``red``."""
    return (_grey(rgb) < 110) & ~red & (np.abs(rgb[:, :, 0] - rgb[:, :, 1]) < 40)


def _to_paper(rgb: np.ndarray, red: np.ndarray) -> np.ndarray:
    """``rgb`` with ``red`` pixels (and their pink anti-aliased rims) set to the paper's grey."""
    grey = _grey(rgb)
    dark = _dark_ink(rgb, red)
    paper = np.percentile(grey[~red], 90) if (~red).any() else 255
    halo = cv2.dilate(red.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool) & ~dark
    out = rgb.astype(np.uint8, copy=True)
    out[halo] = np.uint8(paper)
    return out


def drop_seal_ink(crop: np.ndarray) -> np.ndarray:
    """A line crop with red seal ink turned to paper, where a seal lies over black text.

    A red seal stamped over a line makes the recogniser misread the black characters under
    it. Only crops with both red ink and ordinary dark ink are changed, so a line printed in
    red (a title, the seal's own lettering) is still read as it is.
    """
    # ``_red_ink``'s test on the crop's bytes (OpenCV's difference saturates at 0, which the
    # test's cut is above): most lines hold no red, and skip the int16 copy the rest needs.
    r, g, b = cv2.split(np.ascontiguousarray(crop[:, :, :3]))
    red = (cv2.subtract(r, cv2.max(g, b)) > 45) & (r > 100)
    if red.mean() < 0.02:
        return crop
    rgb = crop.astype(np.int16)
    if _dark_ink(rgb, red).mean() < 0.02:
        return crop
    return _to_paper(rgb, red)


#: Ink runs this long (pixels of a page subsampled 4x, about 2 cm at 200 dpi) are rules or
#: frames, not print.
_RULE_PX = 41
#: An official seal is 40-45 mm across, so its size in pixels tells the scan's resolution:
#: from this many pixels across (about 130 dpi) black print under it stays black (at 143
#: dpi it did, seed 6802; at 105 dpi it came out dark red, seed 9191).
_FINE_SEAL_PX = 220


def _red_printed(image: np.ndarray, boxes: Sequence[tuple[int, int, int, int]],
                 strokes_only: bool = False) -> bool:
    """Whether much of the page's ink outside the seals is red (subsampled for speed).
    ``strokes_only``: solid areas (a photo, a coloured desk round a photographed page) and
    long lines (a certificate's red frame, a table's rules) are no print and are not counted."""
    small = image[::4, ::4].astype(np.int16)
    keep = np.ones(small.shape[:2], dtype=bool)
    for x0, y0, x1, y1 in boxes:
        keep[y0 // 4:(y1 + 3) // 4, x0 // 4:(x1 + 3) // 4] = False
    dark = _grey(small) < 160
    ink = dark & keep
    if strokes_only:
        u8 = dark.astype(np.uint8)
        solid, across, down = (np.asarray(cv2.morphologyEx(u8, cv2.MORPH_OPEN, np.ones(k, np.uint8)))
                               for k in ((5, 5), (1, _RULE_PX), (_RULE_PX, 1)))
        ink &= (solid == 0) & (across == 0) & (down == 0)
    if ink.sum() < 50:
        return False
    red = _red_ink(small, 30) & ink
    return bool(red.sum() > 0.15 * ink.sum())


def paint_out_seals(image: np.ndarray, boxes: Sequence[tuple[int, int, int, int]],
                    grey: Sequence[tuple[tuple[int, int, int, int], float]] = ()) -> np.ndarray:
    """``image`` with the red ink inside each seal box turned to paper, for the text detector:
    a seal over a line of black text otherwise hides that line from the detector. The seals
    themselves are read separately (``redact.seals``). ``grey``: a greyscale scan's seals
    (their boxes, among ``boxes``), where no colour tells the seal's ink, each with the grey
    level above which its pixels are that ink (``seals.grey_ink_cut``): those go, but for
    the rims of darker strokes.

    A grey seal's ring and lettering fused with the lines under it (甲方（盖章）：新疆…测绘院
    乙方（签字）： into one blob read as nothing, fresh set 7417); the print stays."""
    if grey:
        image = image.copy()
        for (x0, y0, x1, y1), cut in grey:
            sub = image[y0:y1, x0:x1]
            if sub.size:
                lum = cv2.cvtColor(np.ascontiguousarray(sub[:, :, :3]), cv2.COLOR_RGB2GRAY)
                # Pixels beside darker ones are the print's rims: its strokes keep them.
                darker = cv2.dilate((lum <= cut).astype(np.uint8), np.ones((3, 3), np.uint8))
                sub[(lum > cut) & (darker == 0)] = np.uint8(np.percentile(lum[::2, ::2], 90))
        grey_boxes = {box for box, _ in grey}
        boxes = [b for b in boxes if b not in grey_boxes]
    if not boxes:
        return image
    # An orange suit in an applicant's photo or a certificate's red frame made a page count
    # as red-printed, its seal stayed for the detector and fused with the lines under it
    # into a blob (looked at again: 0.35 s). On a coarse scan, though, the black strokes
    # under a seal come out dark red and would be painted out with it; there the seal stays.
    fine = min(min(x1 - x0, y1 - y0) for x0, y0, x1, y1 in boxes) >= _FINE_SEAL_PX
    if _red_printed(image, boxes, strokes_only=fine):
        # A form printed in red-brown (an e-invoice): its own text inside the seal's box has
        # the seal's colour and would be erased with it.
        return image
    out = image.copy()
    for x0, y0, x1, y1 in boxes:
        sub = out[y0:y1, x0:x1].astype(np.int16)
        if sub.size == 0:
            continue
        out[y0:y1, x0:x1] = _to_paper(sub, _seal_ink(sub))
    return out


#: Red ink stands this far above its green and blue on a well-inked seal.
_RED_INK = 30
#: A seal whose reddest ink stands at least twice this above its green and blue (and less
#: than twice ``_RED_INK``) is a faded one; below it a "seal" shows no red to go by (a grey
#: scan's), and a lower cut would take JPEG's tint round black print with the ink.
_FADED_INK_FLOOR = 12
#: On a faded seal, light pixels at least this much redder than green and blue are its ink.
_WASHED_TINT = 3


def _seal_ink(rgb: np.ndarray) -> np.ndarray:
    """The seal's ink in ``rgb`` (``int16``, a seal's box): red ink, and on a faded or
    washed-out seal, whose reddest ink stands less than twice ``_RED_INK`` above its green and
    blue (a labour contract's seal at 17-26), every light pixel with a trace of red
    (``_WASHED_TINT``): a roster's seal whose star stood 48 above and its lettering about 20
    (fresh set 6767), and a washed-out stamp's lettering at grey 130-170, 4-22 redder, its
    colour smeared off thin strokes by JPEG (fresh set 4391), each fused with the lines it
    crosses when only ink half or a third as red as its reddest went.
    Dark pixels stay out: they are black print under the seal, whose rims JPEG tints as red as
    such a seal's ink."""
    redness = rgb[:, :, 0] - np.maximum(rgb[:, :, 1], rgb[:, :, 2])
    red = _red_ink(rgb, _RED_INK)
    level = float(np.percentile(redness, 99))
    if level < 2 * _RED_INK and level >= 2 * _FADED_INK_FLOOR:
        red |= (_grey(rgb) >= 110) & (redness >= _WASHED_TINT)
    return red


def _scale_shift(scale: float, offset: tuple[float, float]) -> Callable[[np.ndarray], np.ndarray]:
    """Points times ``scale``, then moved by ``offset`` ``(dx, dy)``."""
    shift = np.asarray(offset, dtype=np.float64)
    return lambda p: p * scale + shift


def _map_line(line: TextLine, f: Callable[[np.ndarray], np.ndarray]) -> TextLine:
    def mq(q: Quad) -> Quad:
        return as_quad(f(np.asarray(q, dtype=np.float64)))

    def chars() -> tuple[CharBox, ...]:
        return tuple(CharBox(c.char, mq(c.quad), c.score) for c in line.chars)

    if isinstance(line.chars, PlacedChars) and not line.chars.is_placed:
        return TextLine(line.text, mq(line.quad), line.score, PlacedChars(line.chars.scores, chars))
    return TextLine(line.text, mq(line.quad), line.score, chars())


def continuations(lines: Sequence[TextLine]) -> list[tuple[int, int]]:
    """Pairs ``(i, j)`` where line ``j`` plausibly continues line ``i``.

    Two cases, both in the lines' own reading frame: the next box on the same row (a table
    cell, or a line the detector cut in two), and the first line of the next row of a
    paragraph (starting near the paragraph's left edge, within about one line of spacing).
    """
    if len(lines) < 2:
        return []
    geo = [_frame(line) for line in lines]
    u = np.array([g[0] for g in geo])
    v = np.array([g[1] for g in geo])
    hgt = np.array([g[2] for g in geo])
    start = np.array([g[3] for g in geo])
    end = np.array([g[4] for g in geo])
    centre = np.array([g[5] for g in geo])
    n = len(lines)
    # Every pair at once: row i of each matrix is line i's view of every line j, in i's
    # reading direction (along u[i], across v[i]). (A loop over i was 6 ms a page.)

    def along(pts: np.ndarray, axes: np.ndarray) -> np.ndarray:
        """[i, j]: point j projected on axis i."""
        return axes[:, None, 0] * pts[None, :, 0] + axes[:, None, 1] * pts[None, :, 1]

    hi, hj = hgt[:, None], hgt[None, :]
    same_way = along(u, u) >= 0.95
    off = ~np.eye(n, dtype=bool)
    ok = (np.abs(hj - hi) <= 0.35 * np.maximum(hj, hi)) & same_way & off
    # Positions of every j along i's reading direction (a) and across it (c).
    start_u, end_u = along(start, u), along(end, u)
    a = start_u - end_u.diagonal()[:, None]
    c_of = along(centre, v)
    c = c_of - c_of.diagonal()[:, None]
    # The detector's boxes for two pieces of one cell may overlap by half a line height
    # (610*** | 本中中本*本本本*301X, a starred ID cut where its stars begin, 0.51 h).
    # A box the detector drew taller than its text (its end ran onto a photo) still goes
    # on in a shorter box centred on its middle (…研究院限公 | 司, 74 and 39 px high).
    # Gaps and overlaps are then judged on the shorter one's height.
    low = np.minimum(hj, hi)
    nested = (same_way & (np.abs(c) < 0.25 * low) & (low >= 0.4 * np.maximum(hj, hi))
              & (a > -0.6 * low) & (a < 2.5 * low) & off)
    row = (ok & (np.abs(c) < 0.5 * hi) & (a > -0.6 * hi) & (a < 2.5 * hi)) | nested
    shift = start_u - start_u.diagonal()[:, None]
    # The next line starts near this one's start (a paragraph), or lies within its extent
    # (a long name wrapped, centred, inside a table cell).
    inside = (shift > -hi) & (end_u - end_u.diagonal()[:, None] < hi)
    # A cell's wrapped line starting where the cell's first line starts may hang closer
    # than a paragraph's next line: the detector draws a tight table's lines taller than
    # their text (努尔买买提 | 阿不都拉, boxes 41 px high, centres 23 px apart).
    stacked = (c > 0.45 * hi) & (np.abs(shift) < 0.5 * hi)
    below = (ok & ~row & ((c > 0.6 * hi) | stacked) & (c < 2.2 * hi)
             & ((np.abs(shift) < 3.0 * hi) | inside))
    pairs: list[tuple[int, int]] = []
    on_row: dict[int, int] = {}
    next_row: dict[int, int] = {}
    for i in range(n):
        if row[i].any():
            on_row[i] = int(np.flatnonzero(row[i])[np.argmin(a[i][row[i]])])
            pairs.append((i, on_row[i]))
        below_i = below[i]
        if not below_i.any():
            continue
        # A line with a line before it on its row, inside this one's extent, is no first line
        # of the next row but that line's value (专业 | 测绘工程 under 工作单位 …).
        below_i = below_i.copy()
        for j in np.flatnonzero(below_i):
            same_row = np.abs(c_of[i] - c_of[i, j]) < 0.5 * hgt[j]
            before = end_u[i] - start_u[i, j] < 0.2 * hgt[j]
            within = shift[i] > -0.5 * hgt[i]
            same_row[[i, j]] = False
            if (same_row & before & within).any():
                below_i[j] = False
        if below_i.any():
            next_row[i] = int(np.flatnonzero(below_i)[np.argmin(c[i][below_i])])
            pairs.append((i, next_row[i]))
    # A paragraph's row the detector cut in pieces (学员王军（…） | 工作单位：伊犁) goes on in
    # the next row's first line from its last piece, not its first, when that line is a full
    # one: it ends about where the row does (a roster's next row starts with a short cell).
    firsts = set(on_row) - set(on_row.values())
    for k in firsts:
        if k not in next_row:
            continue
        first_below, t, seen = next_row[k], k, {k}
        while t in on_row and on_row[t] not in seen:
            t = on_row[t]
            seen.add(t)
        if t != k and t not in next_row and first_below not in seen and \
                abs((end[t] - end[first_below]) @ u[k]) < 1.5 * hgt[k]:
            pairs.append((t, first_below))
    return pairs


def cells_apart(lines: Sequence[TextLine], pairs: Sequence[tuple[int, int]]) -> set[tuple[int, int]]:
    """Of ``pairs`` (``continuations``), those whose boxes stand on one row more than CELL_GAP
    line heights apart: two cells of a table (苏明 | 新疆维吾尔自治区气象局), not one line the
    detector cut in two, nor a paragraph's next line."""
    out = set()
    for i, j in pairs:
        u, v, hi, _, end, centre = _frame(lines[i])
        _, _, hj, start_j, _, centre_j = _frame(lines[j])
        h = min(hi, hj)
        if abs(float((centre_j - centre) @ v)) < 0.5 * h and float((start_j - end) @ u) > CELL_GAP * h:
            out.add((i, j))
    return out


def wrapped_tails(lines: Sequence[TextLine], longest: int = 3) -> list[tuple[int, int]]:
    """Pairs ``(i, j)`` where upright line ``j`` is the last word or two of a table cell's
    text wrapped under line ``i`` (…第一测绘 / 院): at most ``longest`` characters, starting
    under the start of ``i`` and hanging just below it.

    :func:`continuations` misses these on low-resolution scans, where the detector draws the
    blurred cell line much taller than its lone wrapped character and the two boxes overlap.
    """
    pairs = []
    for j, tail in enumerate(lines):
        if not 0 < len(tail.text.strip()) <= longest:
            continue
        tx0, ty0, _, ty1 = tail.box
        tcy, th = (ty0 + ty1) / 2, tail.height
        best: tuple[float, int] | None = None
        for i, line in enumerate(lines):
            if i == j or len(line.text.strip()) <= longest:
                continue
            x0, y0, _, y1 = line.box
            h = line.height
            # The tail may start a little left of the line read above it, whose head the
            # detector lost; and it hangs within a line height of the smaller of the two
            # (the next row's cell, taller than this line, is no tail).
            if not (th >= 0.4 * h and x0 - 0.8 * h <= tx0 <= x0 + 1.5 * th
                    and (y0 + y1) / 2 + 0.3 * h < tcy < y1 + 1.2 * min(th, h)):
                continue
            if best is None or tcy - y1 < best[0]:
                best = (tcy - y1, i)
        if best is not None:
            pairs.append((best[1], j))
    return pairs


def page_skew(lines: Sequence[TextLine]) -> float:
    """The median slope (radians, ``atan2(dy, dx)`` in pixels, y down) of ``lines`` more
    than twice as long as they are high: the page's own skew; 0 with fewer than three."""
    wide = [math.atan2(ln.quad[1][1] - ln.quad[0][1], ln.quad[1][0] - ln.quad[0][0])
            for ln in lines if (ln.box[2] - ln.box[0]) > 2.0 * ln.height]
    return float(np.median(wide)) if len(wide) >= 3 else 0.0


def rows(lines: Sequence[TextLine], which: Sequence[int]) -> list[list[int]]:
    """``which`` (indices into ``lines``, upright) grouped into rows, each ordered left to
    right: lines that share most of their height are on one row.

    Heights are taken across the page's own rows: on a page skewed by its scan, a line's box
    is taller than the line by its slope, and a roster's cell of one row overlapped the next
    row as much as its own (an ID number joined a colleague's name, fresh set 3737). So a
    line running along the page's median slope spans its own height about its centre,
    measured square to that slope; any other line (a vertical header, a seal's arc) spans its
    box."""
    skew = page_skew([lines[k] for k in which])
    sin, cos = math.sin(skew), math.cos(skew)

    def span(k: int) -> tuple[float, float]:
        line = lines[k]
        (x0, y0), (x1, y1) = line.quad[0], line.quad[1]
        if abs(math.atan2(y1 - y0, x1 - x0) - skew) > math.radians(10):
            return float(line.box[1]), float(line.box[3])
        cx = sum(p[0] for p in line.quad) / 4
        cy = sum(p[1] for p in line.quad) / 4
        across = cos * cy - sin * cx
        return across - line.height / 2, across + line.height / 2

    spans = {k: span(k) for k in which}
    found: list[list[int]] = []
    for i in sorted(which, key=lambda k: spans[k][0]):
        y0, y1 = spans[i]
        for row in found:
            r0, r1 = spans[row[0]]
            if min(y1, r1) - max(y0, r0) > 0.4 * min(y1 - y0, r1 - r0):
                row.append(i)
                break
        else:
            found.append([i])
    return [sorted(row, key=lambda k: lines[k].box[0]) for row in found]


def columns(lines: Sequence[TextLine]) -> list[list[int]]:
    """Lines grouped into table columns: upright lines of one height whose centres line up
    (within half a line height) and whose widths agree within a quarter, as a roster's cells
    of one column do. Lines in no column with another are left out.

    Each line is held against the column's last cell above it, not its first: on a scan
    skewed too little for the detector's boxes to turn, a column leans all the same (a
    record's unit column drifted 14 px over 630 px and came apart in two, of which only
    one held a cell read cleanly; fresh set 9034)."""
    groups: list[list[int]] = []
    for i in sorted(range(len(lines)), key=lambda k: lines[k].box[1]):
        x0, _, x1, _ = lines[i].box
        hi = lines[i].height
        for g in groups:
            gx0, _, gx1, _ = lines[g[-1]].box
            gh = lines[g[-1]].height
            if (abs((x0 + x1) - (gx0 + gx1)) / 2 <= 0.5 * max(hi, gh)
                    and abs((x1 - x0) - (gx1 - gx0)) <= 0.25 * max(x1 - x0, gx1 - gx0)
                    and abs(hi - gh) <= 0.35 * max(hi, gh)):
                g.append(i)
                break
        else:
            groups.append([i])
    return [g for g in groups if len(g) > 1]


def _frame(line: TextLine) -> tuple[np.ndarray, np.ndarray, float, np.ndarray, np.ndarray, np.ndarray]:
    q = np.asarray(line.quad, dtype=np.float64)
    u, v = line_axes(line.quad)
    start = (q[0] + q[3]) / 2
    end = (q[1] + q[2]) / 2
    centre = q.mean(axis=0)
    return u, v, line.height, start, end, centre
