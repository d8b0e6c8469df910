"""Turn text matches into tight mask regions that leave every other character visible."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import cv2
import numpy as np

from .elements import Box, Quad, Region, TextLine, box_from_points
from .geometry import as_quad, is_axis_aligned, line_axes, span_quad
from .matching import GARBLED_CONFIDENCE, Match, Span, mask_id


def propose_regions(lines: Sequence[TextLine], matches: Sequence[Match], width: int, height: int,
                    margin_ratio: float = 0.12, min_margin: float = 2.0) -> list[Region]:
    """One region per matched span, in pixels of the image ``lines`` were read from.

    The margin is ``margin_ratio`` of the line's height (at least ``min_margin`` px) around the
    characters' ink, trimmed so it never reaches a neighbouring character. Kept look-alikes
    (``masked=False`` matches) become regions with ``masked=False`` so reviewers see them.
    """
    regions = []
    for m in matches:
        own: list[Region] = []
        for k, span in enumerate(m.spans):
            line = lines[span.line]
            lost = (m.lost[0] if k == 0 else 0, m.lost[1] if k == len(m.spans) - 1 else 0)
            margin = max(min_margin, margin_ratio * line.height)
            near = _nearby_chars(lines, span.line, None if any(lost) else
                                 _span_reach(line, span, line.height + 2.0 * margin + 1.0))
            quad = _span_quad(line, span, margin, near, lost)
            box = box_from_points(quad, width, height)
            if box[2] <= box[0] or box[3] <= box[1]:
                continue
            kind = m.kind
            text = line.text[span.start:span.end]
            if kind == "id_number":
                text = mask_id(text)
            own.append(Region(
                kind=kind, box=box, text=text, score=round(m.score * line.score, 4),
                polygon=None if is_axis_aligned(quad) else quad,
                source="ocr", masked=m.masked, note=m.warning,
            ))
        regions += _bridged(own, lines, m, width, height)
    return regions


def _bridged(regions: list[Region], lines: Sequence[TextLine], m: Match, width: int,
             height: int) -> list[Region]:
    """The two regions of a match the detector cut in two on one row, as one region.

    A starred ID number printed as 652801********839X loses its middle stars to the detector
    (they are small marks, not text to it) and comes back as two lines; masking the two parts
    alone leaves a strip of the item showing between them. They are joined only when both
    are on one row, less than three line heights apart besides any stars read between them
    (or overlapping by less than half a line height: stars printed raised, read as a line of
    their own over the digits' end), with no other character read in between but marks
    read garbled. "Row" and "apart" are taken in the lines'
    reading direction, so a page scanned at 90, 180 or 270 degrees is treated like an
    upright one; on a skewed page (a quad outline) the joined outline is the smallest
    turned rectangle holding the two.
    """
    if len(regions) != 2 or len(m.spans) != 2:
        return regions
    la, lb = (lines[sp.line] for sp in m.spans)
    turn = _quarter_turns(la)
    if turn is None or _quarter_turns(lb) != turn:
        return regions
    to_row = _FRAMES[turn]

    def frame_box(box: Box) -> tuple[float, float, float, float]:
        xs, ys = zip(*(to_row(x, y) for x, y in ((box[0], box[1]), (box[2], box[3]))))
        return min(xs), min(ys), max(xs), max(ys)

    (a, fa), (b, fb) = sorted(((r, frame_box(r.box)) for r in regions), key=lambda t: t[1][0])
    h = max(la.height, lb.height)
    overlap = min(fa[3], fb[3]) - max(fa[1], fb[1])
    gap = fb[0] - fa[2]
    if overlap < 0.5 * min(fa[3] - fa[1], fb[3] - fb[1]) or gap <= -0.5 * h:
        return regions
    y0, y1 = max(fa[1], fb[1]), min(fa[3], fb[3])
    # The gap lies inside the two regions' common box: only lines that reach into it are
    # looked at character by character. Stars read there are the number's own, and so is a
    # mark read garbled from their ink (学员…（身份证号：650* | )***** | 644X）, its 11 stars
    # three pieces; fresh set 7415, 49%); the stars read count as read, not as gap.
    ux0, uy0 = min(a.box[0], b.box[0]), min(a.box[1], b.box[1])
    ux1, uy1 = max(a.box[2], b.box[2]), max(a.box[3], b.box[3])
    stars: list[float] = []
    for line in lines:
        lx0, ly0, lx1, ly1 = line.box
        if lx1 <= ux0 or lx0 >= ux1 or ly1 <= uy0 or ly0 >= uy1:
            continue
        for c in line.chars:
            cx, cy = to_row(sum(p[0] for p in c.quad) / 4, sum(p[1] for p in c.quad) / 4)
            if fa[2] < cx < fb[0] and y0 < cy < y1:
                if c.char not in _STARS and (c.char.isalnum() or c.score >= GARBLED_CONFIDENCE):
                    return regions
                if c.char in _STARS:
                    stars += [to_row(x, y)[0] for x, y in c.quad]
    unread = gap - (max(stars) - min(stars) if stars else 0.0)
    if unread > 3 * h:
        return regions
    box = (min(a.box[0], b.box[0]), min(a.box[1], b.box[1]),
           max(a.box[2], b.box[2]), max(a.box[3], b.box[3]))
    polygon = None
    if a.polygon is not None or b.polygon is not None:
        # One bar along the row, as wide as the taller piece: a hull would cut a corner
        # off where the pieces' heights differ (stars printed raised beside the digits).
        bar = cv2.boxPoints(cv2.minAreaRect(np.asarray(a.outline() + b.outline(), dtype=np.float32)))
        polygon = tuple((float(x), float(y)) for x, y in bar)
        box = box_from_points(polygon, width, height)
    return [Region(kind=a.kind, box=box, text=a.text + b.text, score=min(a.score, b.score),
                   polygon=polygon, source=a.source, masked=a.masked, note=a.note)]


#: Stars printed in an ID number, as read.
_STARS = frozenset("*＊※")


def _quarter_turns(line: TextLine) -> int | None:
    """How many quarter turns clockwise ``line``'s reading direction is from left-to-right
    (0 to 3), or None when it is more than 5 degrees off an image axis."""
    (x0, y0), (x1, y1) = line.quad[0], line.quad[1]
    angle = math.degrees(math.atan2(y1 - y0, x1 - x0))
    if abs(angle - 90 * round(angle / 90)) > 5:
        return None
    return round(angle / 90) % 4


#: Per quarter turn, the map from image pixels to (along the reading direction, across it).
_FRAMES: dict[int, Callable[[float, float], tuple[float, float]]] = {
    0: lambda x, y: (x, y),     # upright
    1: lambda x, y: (y, -x),    # reads downwards
    2: lambda x, y: (-x, -y),   # upside down
    3: lambda x, y: (-y, x),    # reads upwards
}


def _nearby_chars(lines: Sequence[TextLine], i: int,
                  around: tuple[float, float, float, float] | None = None) -> list[Quad]:
    """Characters of the other lines within about a line's height of line ``i`` (of the box
    ``around`` instead, when given).

    Lines more than twice as high are not neighbours: they are a seal's lettering or a box
    the detector drew around several lines, and their "characters" span the whole of it.
    Only lines whose box meets the reach are placed (placing characters is the costly part).
    """
    reach = lines[i].height
    if around is None:
        x0, y0, x1, y1 = lines[i].box
        around = (x0 - reach, y0 - reach, x1 + reach, y1 + reach)
    ax0, ay0, ax1, ay1 = around
    out: list[Quad] = []
    for j, other in enumerate(lines):
        if j == i or other.height > 2.0 * reach:
            continue
        ox0, oy0, ox1, oy1 = other.box
        if ox0 < ax1 and ax0 < ox1 and oy0 < ay1 and ay0 < oy1:
            out.extend(c.quad for c in other.chars)
    return out


def _span_reach(line: TextLine, span: Span, reach: float) -> tuple[float, float, float, float] | None:
    """The box of the span's characters grown by ``reach`` px each way: ``span_quad``'s
    margin stops at the middle of the gap to a neighbour, so a character farther away than
    twice the margin changes nothing (None: no character positions to tell)."""
    chars = line.chars[span.start:span.end] if line.chars else ()
    if not chars:
        return None
    pts = np.concatenate([np.asarray(c.quad, dtype=np.float64) for c in chars])
    (x0, y0), (x1, y1) = pts.min(axis=0), pts.max(axis=0)
    return float(x0 - reach), float(y0 - reach), float(x1 + reach), float(y1 + reach)


def _span_quad(line: TextLine, span: Span, margin: float,
               obstacles: Sequence[Quad] = (), lost: tuple[int, int] = (0, 0)) -> Quad:
    if not line.chars:
        return _proportional(line, span, margin)
    chars = [c.quad for c in line.chars[span.start:span.end] if not c.char.isspace()]
    if not chars:
        chars = [c.quad for c in line.chars[span.start:span.end]]
    before = _neighbour(line, span.start - 1, -1)
    after = _neighbour(line, span.end, +1)
    if any(lost):
        chars = _with_lost(line, chars, lost, before, after, obstacles)
    return span_quad(line.quad, chars, margin, before, after, obstacles)


def _with_lost(line: TextLine, chars: list[Quad], lost: tuple[int, int], before: Quad | None,
               after: Quad | None, obstacles: Sequence[Quad]) -> list[Quad]:
    """``chars`` and cells for the characters lost before and after them, at their pitch
    along the line (a line height for a single character), stopped short of the next read
    character on the line or on the row (another cell's)."""
    u, v = line_axes(line.quad)
    centres = [np.asarray(c, dtype=np.float64).mean(axis=0) @ u for c in chars]
    pitch = (max(centres) - min(centres)) / (len(chars) - 1) if len(chars) > 1 else line.height
    first = np.asarray(chars[int(np.argmin(centres))], dtype=np.float64)
    last = np.asarray(chars[int(np.argmax(centres))], dtype=np.float64)
    lo, hi = first @ u, last @ u
    # Read characters in the way: the line's own neighbours, and other lines' characters
    # that share most of the span's height (a cell beside it on the row).
    pv = np.concatenate([np.asarray(c, dtype=np.float64) @ v for c in chars])
    walls = [np.asarray(w, dtype=np.float64) for w in (before, after) if w is not None]
    walls += [o for o in (np.asarray(ob, dtype=np.float64) for ob in obstacles)
              if min((o @ v).max(), pv.max()) - max((o @ v).min(), pv.min())
              > 0.5 * (pv.max() - pv.min())]
    out = list(chars)
    if lost[0]:
        stop = max([(w @ u).max() for w in walls if (w @ u).max() <= lo.min()], default=-np.inf)
        shift = min(lost[0] * pitch, 0.5 * (lo.min() - stop))
        if shift > 0:
            out.append(as_quad(first - shift * u))
    if lost[1]:
        stop = min([(w @ u).min() for w in walls if (w @ u).min() >= hi.max()], default=np.inf)
        shift = min(lost[1] * pitch, 0.5 * (stop - hi.max()))
        if shift > 0:
            out.append(as_quad(last + shift * u))
    return out


def _neighbour(line: TextLine, i: int, step: int) -> Quad | None:
    while 0 <= i < len(line.chars):
        if not line.chars[i].char.isspace():
            return line.chars[i].quad
        i += step
    return None


def _proportional(line: TextLine, span: Span, margin: float) -> Quad:
    """Without character positions, split the line's quad evenly by character count."""
    q = np.asarray(line.quad, dtype=np.float64)
    n = max(1, len(line.text))
    a, b = span.start / n, span.end / n
    top = q[0] + (q[1] - q[0]) * np.array([[a], [b]])
    bottom = q[3] + (q[2] - q[3]) * np.array([[b], [a]])
    pts = np.vstack([top, bottom])
    return span_quad(line.quad, [as_quad(pts)], margin)
