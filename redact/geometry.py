"""Pure geometry: page rotations, line crops, character placement on ink, and mask quads.

Points are ``(x, y)`` floats in pixels; see ``redact.elements`` for the conventions.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import cv2
import numpy as np

from .elements import Quad

# -- whole-page rotation ---------------------------------------------------------------------
# ``k`` counts quarter turns counter-clockwise, as ``numpy.rot90(image, k)``; ``w``/``h`` are the
# size of the image *before* turning.


def rotate_points(pts: np.ndarray, k: int, w: int, h: int) -> np.ndarray:
    """Map points of a ``w``x``h`` image into ``numpy.rot90(image, k)``."""
    k %= 4
    x, y = pts[..., 0], pts[..., 1]
    if k == 0:
        out = np.stack([x, y], axis=-1)
    elif k == 1:
        out = np.stack([y, w - x], axis=-1)
    elif k == 2:
        out = np.stack([w - x, h - y], axis=-1)
    else:
        out = np.stack([h - y, x], axis=-1)
    return out.astype(np.float64)


def unrotate_points(pts: np.ndarray, k: int, w: int, h: int) -> np.ndarray:
    """Inverse of ``rotate_points``: points of ``numpy.rot90(image, k)`` back to the image."""
    k %= 4
    x, y = pts[..., 0], pts[..., 1]
    if k == 0:
        out = np.stack([x, y], axis=-1)
    elif k == 1:
        out = np.stack([w - y, x], axis=-1)
    elif k == 2:
        out = np.stack([w - x, h - y], axis=-1)
    else:
        out = np.stack([y, h - x], axis=-1)
    return out.astype(np.float64)


def order_quad(q: np.ndarray) -> np.ndarray:
    """Order four points clockwise (in image coordinates, y down) from the top-left one."""
    q = np.asarray(q, dtype=np.float64).reshape(4, 2)
    c = q.mean(axis=0)
    ang = np.arctan2(q[:, 1] - c[1], q[:, 0] - c[0])
    q = q[np.argsort(ang)]
    start = int(np.argmin(q[:, 0] + q[:, 1]))
    return np.roll(q, -start, axis=0)


def as_quad(q: np.ndarray) -> Quad:
    p = [(float(x), float(y)) for x, y in np.asarray(q, dtype=np.float64).reshape(4, 2)]
    return (p[0], p[1], p[2], p[3])


# -- line crops ------------------------------------------------------------------------------

def crop_transform(quad: np.ndarray) -> tuple[np.ndarray, int, int]:
    """Homography from page pixels to a rectified crop of ``quad`` (TL, TR, BR, BL), and its size."""
    q = np.asarray(quad, dtype=np.float32).reshape(4, 2)
    w = int(round(max(np.linalg.norm(q[0] - q[1]), np.linalg.norm(q[3] - q[2]))))
    h = int(round(max(np.linalg.norm(q[0] - q[3]), np.linalg.norm(q[1] - q[2]))))
    w, h = max(w, 2), max(h, 2)
    dst = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    return cv2.getPerspectiveTransform(q, dst), w, h


def warp_crop(image: np.ndarray, m: np.ndarray, w: int, h: int) -> np.ndarray:
    return cv2.warpPerspective(image, m, (w, h), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)


def apply_homography(m: np.ndarray, pts: np.ndarray) -> np.ndarray:
    pts = np.asarray(pts, dtype=np.float64).reshape(-1, 2)
    ones = np.ones((len(pts), 1))
    p = np.hstack([pts, ones]) @ np.asarray(m, dtype=np.float64).T
    return p[:, :2] / p[:, 2:3]


# -- characters on ink -----------------------------------------------------------------------

def grey_levels(gray: np.ndarray, percents: Sequence[float]) -> list[float]:
    """Percentiles of a uint8 image's grey levels from its histogram, without sorting: numpy's
    ``method="lower"`` (the level at the rank, not interpolated between levels)."""
    counts = np.cumsum(np.bincount(gray.ravel(), minlength=256))
    ranks = np.asarray(percents, dtype=np.float64) / 100.0 * (counts[-1] - 1)
    return [float(v) for v in np.searchsorted(counts, ranks, side="right")]


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Dark-on-light ink of a line crop, as a boolean array, without table rules.

    A rule above or below a line in a tight table row (or an underline) would otherwise make
    every character's box as high as the row, and the mask would reach the next row's name.
    A rule is a horizontal run of ink longer than one and a half line heights and than
    half the crop (no glyph has one), or one across nearly the whole crop near its top or
    bottom.
    """
    dark, bg = grey_levels(gray, (3, 90))
    contrast = bg - dark
    if contrast < 12:
        return np.zeros(gray.shape, dtype=bool)
    ink = gray < bg - 0.4 * contrast
    h, w = ink.shape
    u8 = ink.astype(np.uint8)
    rules = np.zeros_like(u8)
    if w >= 2 * h:
        rules = _row_runs(u8, int(max(1.5 * h, 0.5 * w)))
    # In a crop a character or two wide, only a run across nearly all of it in the outer
    # quarters is a rule: 一 spans its cell too, but in the middle.
    edge = max(1, h // 4)
    long_ = max(3, int(0.85 * w))
    rules[:edge] = np.maximum(rules[:edge], _row_runs(u8[:edge], long_))
    rules[h - edge:] = np.maximum(rules[h - edge:], _row_runs(u8[h - edge:], long_))
    if rules.any():
        # The rule's anti-aliased rows go with it.
        ink = ink & ~np.asarray(cv2.dilate(rules, np.ones((3, 1), np.uint8)), dtype=bool)
    return _without_edge_slivers(ink)


#: Ink touching a crop's top or bottom edge and reaching no further into it than this share
#: of its height is the next row's, not the line's.
EDGE_SLIVER = 0.3


def _without_edge_slivers(ink: np.ndarray) -> np.ndarray:
    """``ink`` without the pieces that touch its top or bottom edge and stay within the outer
    EDGE_SLIVER of its height: the ends of the neighbouring rows' glyphs, which a skewed scan
    of a tight table (rows 30 px apart, boxes 40 px high) brings into a line's crop, and
    which made its characters' boxes, and the mask, reach over the neighbours' names."""
    h = ink.shape[0]
    if h < 8 or not (ink[0].any() or ink[-1].any()):
        return ink
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    top, height = stats[:, cv2.CC_STAT_TOP], stats[:, cv2.CC_STAT_HEIGHT]
    reach = EDGE_SLIVER * h
    sliver = ((top == 0) & (height <= reach)) | ((top + height == h) & (top >= h - reach))
    sliver[0] = False
    if not sliver.any():
        return ink
    return ink & ~sliver[labels]


def _row_runs(u8: np.ndarray, length: int) -> np.ndarray:
    """The horizontal runs of ``length`` or more pixels of a 0/1 map (its opening with a
    1 x ``length`` row), worked out only on rows holding enough ink for one: a row's result
    depends on that row alone, and a run that touches the border survives the opening from
    ``length // 2`` pixels on, so no other row can hold any."""
    out = np.zeros_like(u8)
    rows = np.flatnonzero(np.count_nonzero(u8, axis=1) >= length // 2)
    if len(rows):
        out[rows] = cv2.morphologyEx(np.ascontiguousarray(u8[rows]), cv2.MORPH_OPEN,
                                     np.ones((1, length), np.uint8))
    return out


def place_chars(ink: np.ndarray, n: int, centres: Sequence[float],
                text: str = "") -> list[tuple[int, int, int, int]]:
    """Boxes ``(x0, y0, x1, y1)`` in crop pixels, one per character, snapped to the ink.

    ``centres`` are the recogniser's per-character x positions (CTC peaks) or empty. The
    boundary between two characters is an empty ink column between their centres, so one
    wide or narrow glyph (a middle dot, a digit) does not shift the rest. Given the line's
    ``text`` (one character per box), ideographs are also kept near the line's own pitch:
    the gap inside 邹 or 张 can be wider than the one between two characters in a tightly
    set line, and only the pitch tells them apart.
    """
    h, w = ink.shape
    if n == 0:
        return []
    cols = ink.sum(axis=0).astype(np.float64)
    if len(centres) != n:
        centres = _even_centres(cols, n)
    xs = [min(max(float(c), 0.0), w - 1.0) for c in centres]
    cuts = _Cuts(np.where(_stroke_columns(ink), np.maximum(cols, _blank_most(h) + 1.0), cols), h)
    ideograph = [_is_ideograph(c) for c in text] if len(text) == n else [False] * n
    pitch = _ideograph_pitch(xs, ideograph)
    # Without a pitch to keep to, each boundary takes its cheapest cut.
    options = [_cut_options(cuts, a, b, single=pitch is None) for a, b in _between(xs, text)]
    chosen = _choose_cuts(options, ideograph, pitch)
    if any(b <= a for a, b in zip(chosen, chosen[1:])):
        # The widened intervals crossed: each boundary between its own two centres.
        options = [_cut_options(cuts, a, b, single=pitch is None) for a, b in zip(xs, xs[1:])]
        chosen = _choose_cuts(options, ideograph, pitch)
    bounds = [0, *chosen, w]
    if len(text) == n:
        _spaces_blank(bounds, cols, h, text)
    boxes = []
    empty = []
    # Per row, inked columns so far: a cell's inked rows without slicing the crop per cell.
    inked_col = cols > 0
    cum = np.zeros((h, w + 1), np.int32)
    np.cumsum(ink, axis=1, out=cum[:, 1:])
    for i in range(n):
        x0, x1 = bounds[i], max(bounds[i + 1], bounds[i] + 1)
        colhit = np.flatnonzero(inked_col[x0:x1])
        if len(colhit) == 0:
            # No ink (a space, or a glyph whose ink went to its neighbour): a thin cell at its
            # centre, as high as the inked characters beside it (below), else the crop.
            c = int(round(xs[i]))
            boxes.append((max(0, c - 1), 0, min(w, c + 1), h))
            empty.append(i)
            continue
        rowhit = np.flatnonzero(cum[:, min(x1, w)] != cum[:, x0])
        boxes.append((x0 + int(colhit[0]), int(rowhit[0]), x0 + int(colhit[-1]) + 1,
                      int(rowhit[-1]) + 1))
    inked = sorted(set(range(n)) - set(empty))
    for i in empty:
        near = [j for j in (max((j for j in inked if j < i), default=None),
                            min((j for j in inked if j > i), default=None)) if j is not None]
        if near:
            x0, _, x1, _ = boxes[i]
            boxes[i] = (x0, min(boxes[j][1] for j in near), x1, max(boxes[j][3] for j in near))
    # The first and last cells reach to the crop's edges; keep them to ink near the centre.
    boxes[0] = _trim_far_ink(ink, boxes[0], xs[0], side="left")
    boxes[-1] = _trim_far_ink(ink, boxes[-1], xs[-1], side="right")
    return boxes


def _spaces_blank(bounds: list[int], cols: np.ndarray, h: int, text: str) -> None:
    """Give the ink at either end of a space's cell (``bounds[i]:bounds[i + 1]``), up to the
    blank in it, to the character on that side: a space has no ink, and the W of "that WANG
    Wei" lost its first columns to the space before it where a drifted CTC peak put the cut
    inside the W. Ink in the cell's middle, blank on both sides (a table's rule), stays.
    Blank is as ``_blank_runs`` takes it (a speck of noise is no ink)."""
    blank = cols <= _blank_most(h)
    n = len(text)
    for i, ch in enumerate(text):
        x0, x1 = bounds[i], bounds[i + 1]
        if not ch.isspace() or x1 <= x0:
            continue
        gaps = np.flatnonzero(blank[x0:x1])
        if len(gaps) == 0:
            continue
        if i + 1 < n and not blank[x1 - 1]:
            bounds[i + 1] = x0 + int(gaps[-1]) + 1
        if i > 0 and not blank[x0]:
            bounds[i] = x0 + int(gaps[0])


#: Narrow marks whose CTC peak drifts off their small ink onto a neighbour's (a colon's
#: peak at the edge of the name after it).
_MARKS = frozenset("：:，,、。.；;")


def _between(xs: Sequence[float], text: str) -> list[tuple[float, float]]:
    """The interval each boundary's cut is looked for in: between the two characters'
    centres, from halfway back to the centre before a narrow mark (``_MARKS``) after it,
    whose own centre may lie past the gap that ends its ink (姓名:万庆, the colon's peak at
    万). (Not the other way: the cut before a mark stays where it was, as the colon after
    填报单位（盖章） takes in the ink of a name's head lost under a seal, which the mask then
    reaches from.)"""
    out = []
    for k, (a, b) in enumerate(zip(xs, xs[1:])):
        if len(text) == len(xs) and text[k] in _MARKS and k > 0:
            a = (xs[k - 1] + a) / 2
        out.append((a, b))
    return out


def true_runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """Runs of True in a 1-D boolean array as ``(start, end)`` index pairs, end exclusive."""
    d = np.diff(np.concatenate([[0], flags.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(d == 1).tolist(), np.flatnonzero(d == -1).tolist()))


def _blank_most(h: int) -> float:
    """The most ink a column of a crop ``h`` px high holds and still counts as blank: a
    speck of noise is no ink."""
    return max(1.0, 0.02 * h)


#: A horizontal run of ink at least this share of the line's height is a stroke.
STROKE_RUN = 0.15


def _stroke_columns(ink: np.ndarray) -> np.ndarray:
    """Per column of a line crop's ``ink``, whether a horizontal stroke crosses it: however
    thin (a 1 px head stroke of 卡 at 47 px, seed 9261's diploma), it is a glyph's ink, not
    the blank between two glyphs that a speck leaves."""
    h = ink.shape[0]
    return np.asarray(_row_runs(ink.astype(np.uint8), max(3, int(STROKE_RUN * h))).any(axis=0))


def _blank_runs(cols: np.ndarray, h: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per column, the length and the centre of the blank run it lies in (0 where inked);
    and the first and one-past-last column of each blank run."""
    blank = cols <= _blank_most(h)
    length = np.zeros(len(cols))
    centre = np.arange(len(cols), dtype=np.float64)
    edges = np.diff(np.concatenate(([0], blank.astype(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    if len(starts):
        run = (np.cumsum(edges[:-1] == 1) - 1)[blank]  # each blank column's run
        length[blank] = (ends - starts)[run]
        centre[blank] = ((starts + ends - 1) / 2)[run]
    return length, centre, starts, ends


class _Cuts:
    """A line's column profile as ``_cut_options`` weighs it: per column, the cost of a cut
    there before its distance from the middle, and the line's blank runs."""

    __slots__ = ("base", "centre", "ends", "length", "starts")

    def __init__(self, cols: np.ndarray, h: int) -> None:
        self.length, self.centre, self.starts, self.ends = _blank_runs(cols, h)
        full = 0.25 * h
        self.base = 3.0 * cols / max(h, 1) - 2.0 * np.minimum(self.length, full) / full


def _cut_options(cuts: _Cuts, a: float, b: float, single: bool = False) -> list[tuple[int, float]]:
    """Where one glyph may end and the next begin between two character centres ``a < b``,
    as ``(column, cost)``, cheapest first: the centre of each blank run there (gaps between
    glyphs are wider than gaps inside one, so wide runs cost less), and the column with the
    least ink. Centres not far from the middle cost less, but CTC peaks drift by a third of
    a glyph, so the whole interval is searched. ``single``: the cheapest only."""
    lo, hi = int(math.floor(a)) + 1, int(math.ceil(b))
    if hi <= lo:
        return [(max(0, min(len(cuts.base) - 1, int(round((a + b) / 2)))), 0.0)]
    length, centre = cuts.length, cuts.centre
    cost = cuts.base[lo:hi] + np.abs(np.arange(lo, hi) - (a + b) / 2) / max(b - a, 1.0)
    k = int(np.argmin(cost))
    # The cheapest column, at its blank run's centre if it lies in one.
    at = lo + k if length[lo + k] == 0 else int(round(centre[lo + k]))
    best = {at: float(cost[k])}
    if single:
        return list(best.items())
    # Other blank runs: one option each, at its centre, costed at its column nearest the
    # middle (where, blank columns being alike, its cost is least).
    mid = int(round((a + b) / 2))
    # The runs that meet the interval (starts and ends both increase along the line).
    first = int(np.searchsorted(cuts.ends, lo, side="right"))
    last = int(np.searchsorted(cuts.starts, hi, side="left"))
    for j in range(first, last):
        x = max(int(cuts.starts[j]), lo)
        half = (length[x] - 1) / 2
        r0, r1 = max(lo, int(centre[x] - half)), min(hi - 1, int(centre[x] + half))
        at = int(round(centre[x]))
        if at not in best:
            best[at] = float(cost[min(max(mid, r0), r1) - lo])
    if len(best) == 1:
        return list(best.items())
    return sorted(best.items(), key=lambda kv: kv[1])[:_MAX_CUT_OPTIONS]


#: Options weighed per boundary: enough for a glyph's inner gap and the real one beside it.
_MAX_CUT_OPTIONS = 4
#: Weight of an ideograph's cell straying from the line's pitch, per cell, against the cost
#: of a cut (which runs from about -2 in a wide blank run to +3 through ink). At 1.0 the
#: blank inside 叶 (four columns, against two before it) won over cells of 27 and 7 px for a
#: 20 px pitch (fresh set 5791).
_PITCH_WEIGHT = 1.5


def _is_ideograph(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _ideograph_pitch(xs: Sequence[float], ideograph: Sequence[bool]) -> float | None:
    """The line's advance from one ideograph to the next, from the recogniser's centres, or
    ``None`` with fewer than two neighbouring pairs to judge by."""
    steps = [b - a for a, b, i, j in zip(xs, xs[1:], ideograph, ideograph[1:]) if i and j]
    return float(np.median(steps)) if len(steps) >= 2 else None


def _choose_cuts(options: Sequence[list[tuple[int, float]]], ideograph: Sequence[bool],
                 pitch: float | None) -> list[int]:
    """One cut per boundary: the cheapest options, where the cells they leave each inner
    ideograph (both its sides cut) cost ``_PITCH_WEIGHT`` times its squared relative
    straying from ``pitch`` too (capped, so a spaced name's wide cells weigh no more), and
    each cut lies past the one before (two boundaries' widened intervals can share a gap:
    名 | : | 上 both offered the gap before the colon)."""
    if pitch is None or pitch <= 0 or all(len(o) == 1 for o in options):
        return [o[0][0] for o in options]
    # Viterbi over boundaries; cell i lies between boundary i-1 and boundary i.
    total = [c for _, c in options[0]]
    back: list[list[int]] = []
    for i in range(1, len(options)):
        here = options[i]
        prev = options[i - 1]
        row_total, row_back = [], []
        for x, c in here:
            best_k, best_v = 0, math.inf
            for k, (px, _) in enumerate(prev):
                v = total[k] if px < x else math.inf  # cells never cross or vanish
                if ideograph[i]:
                    v += _PITCH_WEIGHT * min(((x - px - pitch) / pitch) ** 2, 1.0)
                if v < best_v:
                    best_k, best_v = k, v
            row_total.append(best_v + c)
            row_back.append(best_k)
        total = row_total
        back.append(row_back)
    k = int(np.argmin(total))
    picks = [k]
    for row in reversed(back):
        k = row[k]
        picks.append(k)
    picks.reverse()
    return [options[i][k][0] for i, k in enumerate(picks)]


def _even_centres(cols: np.ndarray, n: int) -> list[float]:
    hit = np.flatnonzero(cols > 0)
    if len(hit) == 0:
        return [(i + 0.5) * len(cols) / n for i in range(n)]
    a, b = float(hit[0]), float(hit[-1] + 1)
    step = (b - a) / n
    return [a + (i + 0.5) * step for i in range(n)]


def _trim_far_ink(ink: np.ndarray, box: tuple[int, int, int, int], centre: float,
                  side: str) -> tuple[int, int, int, int]:
    """Drop ink separated from the character by a wide gap (crop border noise, a table rule)."""
    x0, _, x1, _ = box
    h = ink.shape[0]
    cols: np.ndarray = np.asarray(ink[:, x0:x1].any(axis=0))
    c = int(round(centre)) - x0
    c = min(max(c, 0), len(cols) - 1)
    gap_limit = max(3, int(0.35 * h))
    if side == "left":
        i, gap, last_ink = c, 0, c
        while i >= 0:
            if cols[i]:
                last_ink, gap = i, 0
            else:
                gap += 1
                if gap > gap_limit:
                    break
            i -= 1
        nx0, nx1 = x0 + last_ink, x1
    else:
        i, gap, last_ink = c, 0, c
        while i < len(cols):
            if cols[i]:
                last_ink, gap = i, 0
            else:
                gap += 1
                if gap > gap_limit:
                    break
            i += 1
        nx0, nx1 = x0, x0 + last_ink + 1
    sub = ink[:, nx0:nx1]
    rows = np.flatnonzero(sub.any(axis=1))
    if len(rows) == 0:
        return box
    return (nx0, int(rows[0]), nx1, int(rows[-1]) + 1)


# -- masks -----------------------------------------------------------------------------------

def line_axes(quad: Quad) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors along a line's reading direction (the mean of its top and bottom edges)
    and across it, downwards for upright text."""
    q = np.asarray(quad, dtype=np.float64)
    u = (q[1] - q[0]) + (q[2] - q[3])
    u /= max(np.linalg.norm(u), 1e-9)
    return u, np.array([-u[1], u[0]])


def span_quad(line_quad: Quad, char_quads: Sequence[Quad], margin: float,
              before: Quad | None = None, after: Quad | None = None,
              obstacles: Sequence[Quad] = ()) -> Quad:
    """A tight rectangle, along the line's direction, around ``char_quads`` plus ``margin`` px.

    The margin along the line never reaches past the middle of the gap to the neighbouring
    characters ``before`` and ``after``, and across it never past the middle of the gap to
    ``obstacles`` (characters of the lines above and below), so a neighbour (another person's
    name, the next row of a roster) stays visible.
    """
    u, v = line_axes(line_quad)
    pts = np.concatenate([np.asarray(q, dtype=np.float64) for q in char_quads])
    pu, pv = pts @ u, pts @ v
    u0, u1 = pu.min() - margin, pu.max() + margin
    v0, v1 = pv.min() - margin, pv.max() + margin
    if before is not None:
        edge = (np.asarray(before, dtype=np.float64) @ u).max()
        u0 = max(u0, min(pu.min(), (edge + pu.min()) / 2))
    if after is not None:
        edge = (np.asarray(after, dtype=np.float64) @ u).min()
        u1 = min(u1, max(pu.max(), (edge + pu.max()) / 2))
    for ob in obstacles:
        q = np.asarray(ob, dtype=np.float64)
        ou, ov = q @ u, q @ v
        if ou.max() <= u0 or ou.min() >= u1:
            continue
        if ov.min() >= pv.max():
            v1 = min(v1, max(pv.max(), (pv.max() + ov.min()) / 2))
        elif ov.max() <= pv.min():
            v0 = max(v0, min(pv.min(), (pv.min() + ov.max()) / 2))
    corners = [u0 * u + v0 * v, u1 * u + v0 * v, u1 * u + v1 * v, u0 * u + v1 * v]
    return as_quad(np.array(corners))


def is_axis_aligned(q: Quad, tol: float = 0.5) -> bool:
    """True when the quad is a rectangle with sides along the image axes, to within ``tol``
    pixels, whichever corner it starts from (text on a turned page starts at another one)."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = q
    return ((abs(y0 - y1) <= tol and abs(y2 - y3) <= tol and abs(x0 - x3) <= tol
             and abs(x1 - x2) <= tol)
            or (abs(x0 - x1) <= tol and abs(x2 - x3) <= tol and abs(y0 - y3) <= tol
                and abs(y1 - y2) <= tol))
