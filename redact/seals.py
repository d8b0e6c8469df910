"""Red official seals (公章): find them, read their text, match them to a unit, mask the name.

Geometry convention. A seal is an ellipse (a circle is the special case) given by its centre,
its two semi-axes and the direction of the first axis. A point of the seal is addressed by

* ``theta``: the direction from the centre in degrees, measured in image coordinates (x right,
  y down), so increasing ``theta`` turns **clockwise on screen**; 0 is right, 90 is down, 270
  (or -90) is up;
* ``rho``: the distance from the centre as a fraction of the ellipse boundary's distance in that
  direction, so ``rho = 1`` is the outer edge of the seal's ring.

All coordinates are pixels of the page image the caller passed, as float ``(x, y)``; boxes are
``(x0, y0, x1, y1)`` ints with the end excluded.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, replace

import cv2
import numpy as np
from rapidfuzz.distance import Levenshtein

from .geometry import rotate_points, true_runs
from .matching import ORG_FORM, TRAD_TO_SIMP, seal_reading_fits
from .ocr.base import OcrEngine, Recognition

# match_seal() scores at or above this mean "this is the applicant's unit's seal". Calibrated on
# synthetic and real seals: own-unit readings with two or three OCR errors on the distinctive part
# of the name stay above it, while another unit sharing the region prefix and the legal-form
# suffix (新疆维吾尔自治区测绘院 vs 新疆维吾尔自治区地质调查院) stays below ~0.5.
MATCH_THRESHOLD = 0.6

#: ``_plainly_read``: a name read without doubt, which redrawn strips would not change.
PLAIN_NAME = 6
PLAIN_SCORE = 0.7
PLAIN_STRAYS = 2

#: Degrees of the blank gap kept at each end of a seal's unrolled arc strip.
STRIP_GAP_KEEP = 8.0

_WORK_MAX_SIDE = 1000  # find_seals works on the page scaled so its longer side is at most this
_READ_RADIUS = 200  # read_seal resamples the seal so its larger semi-axis is about this long
_INK_FLOOR = 22.0  # the usual lowest redness (0-255 scale, above paper) taken as seal ink
_INK_LOW = 14.0  # the cut for faint seals (grown from it, never below half of it)
_GREY_CHROMA = 12  # a page whose 99.9th percentile chroma is at most this is a greyscale scan
#: Largest diameter of a grey seal, as a share of the page's short side.
_GREY_MAX_DIAMETER = 0.45
#: See ``_darker_seal_cut``.
_GREY_SEAL_FROM_CORE = 0.25
#: The second grey cut lies at least this many grey levels below the first.
_GREY_RETRY_STEP = 15.0
_WASHED_CHROMA = 40  # ... and one without red, at most this once white-balanced, nearly one
#: A page with no red seal found whose reddest ink (99.9th percentile, above paper) is under
#: this, and with little colour (``_WASHED_CHROMA``), is looked at for grey seals too: a
#: washed-out seal (131,111,110 on white, at most 25 redder than paper) is as dark as the
#: text round it, and its ring fails the red cuts' test that dark ink be clearly red.
_WASHED_TOP = 2 * _INK_FLOOR


@dataclass(frozen=True)
class SealCandidate:
    """A red seal found on a page.

    ``center`` is ``(x, y)``; ``axes`` the two semi-axes in pixels (the first along ``angle``);
    ``angle`` the direction of the first axis in degrees (image coordinates, clockwise on screen);
    ``bbox`` the seal's box clipped to the image; ``redness`` 0..1, how red and complete the ring is.
    ``ink``: ``"red"``, or ``"grey"`` for a seal found on a greyscale scan (mid-grey ink).
    """

    center: tuple[float, float]
    axes: tuple[float, float]
    angle: float
    bbox: tuple[int, int, int, int]
    redness: float
    ink: str = "red"

    def radius_at(self, theta: np.ndarray | float) -> np.ndarray:
        """Distance in pixels from the centre to the ellipse in direction ``theta`` (degrees)."""
        a, b = self.axes
        d = np.radians(np.asarray(theta, dtype=np.float64) - self.angle)
        return np.asarray(a * b / np.sqrt((b * np.cos(d)) ** 2 + (a * np.sin(d)) ** 2))

    def points(self, rho: np.ndarray | float, theta: np.ndarray | float) -> np.ndarray:
        """Image points ``(..., 2)`` of seal coordinates ``rho`` (fraction) and ``theta`` (deg)."""
        rho_a = np.asarray(rho, dtype=np.float64)
        th = np.asarray(theta, dtype=np.float64)
        r = rho_a * self.radius_at(th)
        t = np.radians(th)
        return np.stack([self.center[0] + r * np.cos(t), self.center[1] + r * np.sin(t)], axis=-1)


@dataclass(frozen=True)
class SealReading:
    """What ``read_seal`` read in one seal.

    ``arc_text``: the text along the ring (normally the unit name), in reading order.
    ``inner_texts``: other text found in the seal (straight centre lines, bottom arc numbers).
    ``score``: the recogniser's mean character confidence of ``arc_text``, 0..1.
    ``band``: ``(rho_in, rho_out)``, the arc text's radial extent as fractions of the ring radius.
    ``span``: ``(theta_start, theta_end)`` in degrees, ``theta_end > theta_start``, the angular
    extent of the arc text's ink, clockwise on screen from the first character to the last.
    ``alternatives``: other readings of the same arc (contrast-stretched, widened), which
    ``match_seal`` also tries: faint or squeezed seal text reads differently each way.
    """

    arc_text: str
    inner_texts: tuple[str, ...]
    score: float
    band: tuple[float, float]
    span: tuple[float, float]
    alternatives: tuple[str, ...] = ()
    #: The band's whole inked extent (degrees, as ``span``): every angle but the widest gap.
    ink_span: tuple[float, float] | None = None
    #: Where the ring (the outer of double rings) ends inwards, as a fraction of its radius.
    ring_in: float | None = None

    @property
    def arcs(self) -> tuple[str, ...]:
        """Every reading of the arc, the chosen one first."""
        return (self.arc_text, *self.alternatives)


# ---------------------------------------------------------------------------------------------
# Red ink
# ---------------------------------------------------------------------------------------------
def _paper(image: np.ndarray) -> np.ndarray:
    """The page's paper colour (float32 RGB): the median pixel, as on any document."""
    step_y = max(1, image.shape[0] // 200)
    step_x = max(1, image.shape[1] // 200)
    sample = image[::step_y, ::step_x, :3].reshape(-1, 3)
    return np.median(sample, axis=0).astype(np.float32)


def _white_balance(paper: np.ndarray) -> np.ndarray:
    """Per-channel gains (RGB) that turn ``paper`` white; only boosts, so black text stays on
    the floor."""
    gain = 255.0 / np.clip(paper, 150.0, 255.0)
    return gain / float(gain.min())


def _redness(image: np.ndarray, paper: np.ndarray | None = None) -> np.ndarray:
    """Per pixel, red minus the larger of green and blue, relative to the paper (int16).

    Tinted paper multiplies every colour: the page is white-balanced on its paper colour first
    (a faint pink seal on bluish paper stays pink), then the paper's own redness is taken off.
    """
    paper = _paper(image) if paper is None else paper
    gain = _white_balance(paper)
    if float(gain.max()) > 1.01:
        # The same float32 products, looked up per channel value (a tenth of the time).
        lut = np.minimum(np.arange(256, dtype=np.float32)[:, None] * gain[None, :], 255.0)
        img = cv2.LUT(np.ascontiguousarray(image[:, :, :3]),
                      lut.astype(np.uint8).reshape(256, 1, 3)).astype(np.int16)
    else:
        img = image[:, :, :3].astype(np.int16)
    red = img[:, :, 0] - np.maximum(img[:, :, 1], img[:, :, 2])
    sample = red[:: max(1, red.shape[0] // 200), :: max(1, red.shape[1] // 200)]
    bg = int(np.median(sample))
    return red - bg


def _ink_threshold(rel: np.ndarray, top: float | None = None) -> float:
    """Redness above which a pixel is seal ink, adapted to how strong the page's red is
    (``top``: the 99.9th percentile of ``rel``, when already known)."""
    top = float(np.percentile(rel, 99.9)) if top is None else top
    # Strong seals allow a high cut that drops JPEG colour fringes; faint scans need a low one,
    # but never so low that the chroma noise of black text gets in.
    return float(np.clip(0.33 * top, _INK_FLOOR, 60.0))


def _darkness(image: np.ndarray) -> np.ndarray:
    """255 minus the luminance (int16)."""
    lum = cv2.cvtColor(np.ascontiguousarray(image[:, :, :3]), cv2.COLOR_RGB2GRAY)
    return 255 - lum.astype(np.int16)


def _soft_ink(image: np.ndarray, paper: np.ndarray | None = None) -> np.ndarray:
    """Seal-ink strength 0..1 (float32) of a crop holding one seal; black text maps to 0.
    ``paper``: the page's paper colour (the crop's median when not given)."""
    rel = _redness(image, paper).astype(np.float32)
    thr = _ink_threshold(rel)
    inked = rel[rel >= thr]
    hi = float(np.percentile(inked, 60)) if inked.size > 50 else thr * 2.5
    lo = 0.5 * thr
    hi = max(hi, lo + 10.0)
    return np.clip((rel - lo) / (hi - lo), 0.0, 1.0)


def _soft_grey_ink(image: np.ndarray, paper: np.ndarray | None = None) -> np.ndarray:
    """Seal-ink strength 0..1 (float32) of a greyscale crop: mid-grey is seal ink, black text
    (and its anti-aliased rim) maps to 0."""
    lum = cv2.cvtColor(np.ascontiguousarray(image[:, :, :3]), cv2.COLOR_RGB2GRAY)
    p, light, dark = _grey_levels(lum)
    if paper is not None:
        p = float(np.mean(paper))
        light, dark = p - max(18.0, 0.1 * p), 0.4 * p
    d = (p - lum.astype(np.float32))
    blk = cv2.dilate((lum < dark).astype(np.uint8), np.ones((3, 3), np.uint8))
    lo = p - light
    inked = d[(d >= lo) & (blk == 0)]
    hi = float(np.percentile(inked, 60)) if inked.size > 50 else 2.5 * lo
    hi = max(hi, 1.5 * lo + 10.0)
    out = np.clip((d - 0.5 * lo) / (hi - 0.5 * lo), 0.0, 1.0)
    out[blk > 0] = 0.0
    return out


# ---------------------------------------------------------------------------------------------
# Finding seals
# ---------------------------------------------------------------------------------------------
def _sample_polar(img: np.ndarray, cand: SealCandidate, rhos: np.ndarray,
                  thetas: np.ndarray, border: float = 0.0) -> np.ndarray:
    """``img`` sampled at seal coordinates: rows are ``rhos``, columns ``thetas``."""
    pts = cand.points(rhos[:, None], thetas[None, :]).astype(np.float32)
    return cv2.remap(img, pts[..., 0], pts[..., 1], cv2.INTER_LINEAR,
                     borderMode=cv2.BORDER_CONSTANT, borderValue=border)


def _fit(points: np.ndarray) -> tuple[tuple[float, float], tuple[float, float], float] | None:
    if len(points) < 6:
        return None
    (cx, cy), (d1, d2), ang = cv2.fitEllipse(points.astype(np.float32))
    if not (np.isfinite([cx, cy, d1, d2, ang]).all() and d1 > 2 and d2 > 2):
        return None
    return (cx, cy), (d1 / 2.0, d2 / 2.0), float(ang)


def _robust_ring(mask: np.ndarray, hull_pts: np.ndarray, shape: tuple[int, int],
                 init: SealCandidate | None = None) -> SealCandidate | None:
    """Fit the ring's outer edge: the outermost ink along rays, refit without outliers.

    The first guess is the ellipse through ``hull_pts``, or ``init`` when given."""
    h, w = shape
    if init is None:
        inside = ((hull_pts[:, 0] > 1) & (hull_pts[:, 0] < w - 2)
                  & (hull_pts[:, 1] > 1) & (hull_pts[:, 1] < h - 2))
        fit = _fit(hull_pts[inside])
        if fit is None:
            return None
        cand = SealCandidate(fit[0], fit[1], fit[2], (0, 0, w, h), 0.0)
    else:
        cand = init
    # Cheap early exit: most blobs (characters, lines) show no ring along their hull at all.
    probe = _sample_polar(mask, cand, np.linspace(0.8, 1.03, 24), np.arange(0.0, 360.0, 6.0))
    if (probe > 0.5).any(axis=0).mean() < 0.6:
        return None
    thetas = np.arange(0.0, 360.0, 2.0)
    rhos = np.linspace(0.0, 1.35, 100)
    for _ in range(3):
        polar = _sample_polar(mask, cand, rhos, thetas)
        hit = polar > 0.5
        has = hit.any(axis=0)
        last = len(rhos) - 1 - np.argmax(hit[::-1], axis=0)
        rho_edge = rhos[last]
        pts = cand.points(rho_edge, thetas)
        ok = (has & (pts[:, 0] > 1) & (pts[:, 0] < w - 2) & (pts[:, 1] > 1)
              & (pts[:, 1] < h - 2) & (rho_edge < 1.34))
        if ok.sum() < 12:
            return None
        med = float(np.median(rho_edge[ok]))
        mad = float(np.median(np.abs(rho_edge[ok] - med))) + 1e-3
        keep = ok & (np.abs(rho_edge - med) <= max(0.06, 3.0 * mad))
        fit = _fit(pts[keep])
        if fit is None:
            return None
        cand = SealCandidate(fit[0], fit[1], fit[2], (0, 0, w, h), 0.0)
    return cand


def _ring_evidence(mask: np.ndarray, cand: SealCandidate, clean: np.ndarray | None = None,
                   soft: np.ndarray | None = None) -> dict[str, float]:
    """Measures telling a seal's ring from other red ink, over the visible part of the ellipse.

    ``clean`` is ``mask`` without long straight lines, used for the ink just outside the ring
    (a seal may sit on a red table rule); ``soft`` a mask taken at a lower cut, used for the
    ink inside (a seal's lettering is often fainter and thinner than its ring).
    """
    h, w = mask.shape
    thetas = np.arange(0.0, 360.0, 2.0)
    edge = cand.points(1.0, thetas)
    visible = ((edge[:, 0] >= 0) & (edge[:, 0] < w) & (edge[:, 1] >= 0) & (edge[:, 1] < h))
    ev = {"visible": float(visible.mean()), "cover": 0.0, "ring": 0.0, "inner": 0.0,
          "outside": 1.0, "gap": 360.0}
    if visible.mean() < 0.4:
        return ev
    ring = _sample_polar(mask, cand, np.linspace(0.88, 1.01, 8), thetas)[:, visible] > 0.5
    out_rhos = np.linspace(1.08, 1.25, 10)
    outside = _sample_polar(mask if clean is None else clean, cand, out_rhos, thetas)
    outside = outside[:, visible] > 0.5
    inner = _sample_polar(mask if soft is None else soft, cand, np.linspace(0.2, 0.8, 30),
                          thetas)[:, visible] > 0.5
    hit = ring.any(axis=0)
    # Longest run of angles without ring ink (circular only when the whole ring is visible).
    seq = np.concatenate([hit, hit]) if visible.all() else hit
    run = best = 0
    for v in np.asarray(seq, dtype=bool).ravel():
        run = 0 if v else run + 1
        best = max(best, run)
    ev.update(cover=float(hit.mean()), ring=float(ring.mean()), inner=float(inner.mean()),
              outside=float(outside.mean()), gap=float(min(best, hit.size) * 2.0))
    return ev


def _ring_candidates(full: np.ndarray, mask: np.ndarray, k: int, min_d: float,
                     soft: np.ndarray | None = None, inner_min: float = 0.03,
                     outside_max: float = 0.08,
                     ransac: bool = False) -> list[tuple[SealCandidate, float]]:
    """Seal-like ellipses among the merged blobs of ``mask`` (working pixels), with a score.

    ``full`` is the whole red mask; ``mask`` may lack long lines, and is what blobs come from;
    ``soft`` the ink at a lower cut (see ``_ring_evidence``); ``inner_min`` the least share of
    it inside the ring (a hand-drawn circle round black text has next to none); ``outside_max``
    the most ink just outside it. ``ransac``: when the blob's hull gives no seal, also start
    from the circle that most of its outline follows (a ring merged with a text line or title).
    """
    h, w = mask.shape
    found: list[tuple[SealCandidate, float]] = []
    window = _ink_window(mask, 2 * k + 2)
    if window is None:
        return found
    ys, xs = window
    merged = cv2.morphologyEx(mask[ys, xs], cv2.MORPH_CLOSE,
                              cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    merged = cv2.dilate(merged, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(merged, connectivity=8)
    for i in range(1, n):
        x, y, bw, bh, _area = (int(v) for v in stats[i])
        if min(bw, bh) < min_d or max(bw, bh) > 2.8 * min(bw, bh) + k * 2:
            continue
        comp = (labels[y:y + bh, x:x + bw] == i).astype(np.uint8)
        x, y = x + xs.start, y + ys.start
        contours, _ = cv2.findContours(comp, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
        if not contours:
            continue
        pts = np.concatenate(contours).reshape(-1, 2).astype(np.float64) + (x, y)
        hull = cv2.convexHull(pts.astype(np.float32)).reshape(-1, 2).astype(np.float64)
        if len(hull) < 6:
            hull = pts
        # Only this blob's ink: neighbouring seals or text must not pull the fit.
        own = np.zeros_like(mask)
        own[y:y + bh, x:x + bw] = mask[y:y + bh, x:x + bw] * comp
        tries: list[tuple[SealCandidate | None, np.ndarray]] = [(None, own)]
        if ransac:
            circle = _ransac_circle(pts, 0.5 * min_d, 0.5 * max(bw, bh))
            if circle is not None:
                (cx, cy), r = circle
                circ = SealCandidate((cx, cy), (r, r), 0.0, (0, 0, w, h), 0.0)
                # Also all the ink around the circle: a removed rule may have cut the ring.
                tries += [(circ, own), (circ, full)]
        for start, ink in tries:
            hit = _accept_ring(full, mask, soft, ink, hull, start, min_d, inner_min, outside_max)
            if hit is not None:
                found.append(hit)
                break
    return found


def _accept_ring(full: np.ndarray, mask: np.ndarray, soft: np.ndarray | None, own: np.ndarray,
                 hull: np.ndarray, init: SealCandidate | None, min_d: float, inner_min: float,
                 outside_max: float) -> tuple[SealCandidate, float] | None:
    """The ring fitted to one blob's ink (see ``_robust_ring``) with its score, if seal-like."""
    cand = _robust_ring(own, hull, mask.shape[:2], init)
    if cand is None:
        return None
    a, b = cand.axes
    if min(a, b) * 2 < min_d or max(a, b) > 2.2 * min(a, b):
        return None
    ev = _ring_evidence(full, cand, mask, soft)
    # A closed thin ring denser than the inside, red ink inside but not a solid blob, and
    # little red just outside (so the fitted edge really is the outer edge).
    if (ev["cover"] < 0.75 or ev["gap"] > 45.0 or ev["outside"] > outside_max
            or not inner_min <= ev["inner"] <= 0.55):
        return None
    return cand, float(np.clip(ev["cover"] * (1.0 - 4.0 * ev["outside"]), 0.0, 1.0))


def _ransac_circle(pts: np.ndarray, r_min: float, r_max: float,
                   tries: int = 120) -> tuple[tuple[float, float], float] | None:
    """The circle that the outline ``pts`` follows over the widest angle (at least 140 degrees),
    from circles through random point triples; seeded, so the same page gives the same seals."""
    if r_max < r_min or len(pts) < 12:
        return None
    p = pts[:: len(pts) // 300 + 1]
    rng = np.random.default_rng(0)
    a, b, c = (p[rng.integers(0, len(p), tries)] for _ in range(3))
    d = 2.0 * (a[:, 0] * (b[:, 1] - c[:, 1]) + b[:, 0] * (c[:, 1] - a[:, 1])
               + c[:, 0] * (a[:, 1] - b[:, 1]))
    d = np.where(np.abs(d) < 1e-6, np.nan, d)
    sa, sb, sc = (q[:, 0] ** 2 + q[:, 1] ** 2 for q in (a, b, c))
    ux = (sa * (b[:, 1] - c[:, 1]) + sb * (c[:, 1] - a[:, 1]) + sc * (a[:, 1] - b[:, 1])) / d
    uy = (sa * (c[:, 0] - b[:, 0]) + sb * (a[:, 0] - c[:, 0]) + sc * (b[:, 0] - a[:, 0])) / d
    r = np.hypot(a[:, 0] - ux, a[:, 1] - uy)
    ok = np.isfinite(r) & (r >= r_min) & (r <= r_max)
    if not ok.any():
        return None
    ux, uy, r = ux[ok], uy[ok], r[ok]
    dx = p[None, :, 0] - ux[:, None]
    dy = p[None, :, 1] - uy[:, None]
    near = np.abs(np.hypot(dx, dy) - r[:, None]) <= np.maximum(1.5, 0.04 * r)[:, None]
    # Angular coverage, not the point count: a long straight edge fits a huge circle closely.
    bins = ((np.arctan2(dy, dx) + np.pi) * (36 / (2 * np.pi))).astype(np.int32) % 36
    occupied = np.zeros((len(r), 36), bool)
    rows = np.broadcast_to(np.arange(len(r))[:, None], near.shape)
    occupied[rows[near], bins[near]] = True
    cover = occupied.sum(axis=1)
    best = int(np.argmax(cover))
    if cover[best] < 14:
        return None
    return (float(ux[best]), float(uy[best])), float(r[best])


def find_seals(image: np.ndarray, pool: Executor | None = None) -> list[SealCandidate]:
    """Red round and oval seals on an upright RGB ``uint8`` page, in pixels of ``image``.

    Works on a red-ink mask of the page scaled to at most 1000 px: ink blobs are merged, their
    outer edge is fitted with an ellipse robustly, and a blob counts as a seal only if a ring
    surrounds most of it, red ink fills part (not all) of its inside and little red lies just
    outside. Sorted by size, largest first. ``pool``: threads that may take the ink cuts
    other than the first (the same seals either way).
    """
    if image.ndim != 3 or image.shape[2] < 3:
        return []
    H, W = image.shape[:2]
    # An integer shrink factor keeps cv2's fast box-filter path (and thin rings survive it).
    f = max(1, math.ceil(max(H, W) / _WORK_MAX_SIDE))
    small = np.ascontiguousarray(image[:, :, :3])
    if f > 1:
        small = cv2.resize(small, None, fx=1.0 / f, fy=1.0 / f, interpolation=cv2.INTER_AREA)
    s = small.shape[1] / W
    h, w = small.shape[:2]
    k = max(3, int(round(0.006 * max(h, w))) | 1)
    min_d = max(14.0, 0.06 * min(h, w))
    found: list[tuple[SealCandidate, float]] = []
    grey = _is_grey(small)
    if grey:
        # A greyscale scan: seals are mid-grey rings among black text.
        found = _grey_candidates(image, f, (h, w), k, min_d)
    else:
        paper = _paper(small)
        rel = _redness(small, paper)
        dark = _darkness(small)
        top = float(np.percentile(rel, 99.9))
        thr = _ink_threshold(rel, top)
        ratio = 3.0 * float(np.clip(120.0 / max(top, 1.0), 1.0, 4.0))
        # The page-adapted cut suits the strongest red; a faint seal next to a strong one needs
        # the floor cut as well, and faint seals the low one. Each cut grows its ink into
        # neighbouring pixels at half the cut (hysteresis): a faint ring stays in one piece,
        # while chroma noise along black text, not touching real ink, stays out.
        # What every cut asks of a pixel besides its redness: chroma in proportion to its
        # darkness (dark pixels with a little redness are black text edges, not red ink; a
        # faint pink stroke is light, and all its darkness is red), and for the ink inside a
        # ring clear redness (``ratio`` is higher on a washed-out, nearly grey scan, where even
        # seal ink is mostly grey).
        chroma = rel * 6 >= dark
        clearly_red = rel * ratio >= dark

        def at_cut(t: float) -> tuple[list[tuple[SealCandidate, float]], np.ndarray, np.ndarray]:
            """The cut's ring candidates, with its ink and soft ink masks."""
            mask, soft = _hysteresis(rel, t, chroma, clearly_red)
            if mask.sum() < 30:
                return [], mask, soft
            return _line_free_candidates(mask, mask, k, min_d, h, w, soft), mask, soft

        cuts = sorted({thr, _INK_FLOOR, _INK_LOW}, reverse=True)
        # The cuts are independent, and mostly OpenCV and numpy, which run beside each other;
        # their candidates are taken in the cuts' order all the same.
        if pool is None:
            at_cuts = [at_cut(t) for t in cuts]
        else:
            later = [pool.submit(at_cut, t) for t in cuts[1:]]
            at_cuts = [at_cut(cuts[0])]
            for job, t in zip(later, cuts[1:]):
                # A cut the pool has not started (its threads busy with other pages) is
                # taken here rather than waited for.
                at_cuts.append(at_cut(t) if job.cancel() else job.result())
        for cands, _, _ in at_cuts:
            found += cands
        if not found and top < _WASHED_TOP and _chroma(small, paper) <= _WASHED_CHROMA:
            # Little red and hardly any colour at all: a greyscale scan that kept a trace of
            # colour (tinted paper, partly desaturated), or a washed-out seal, still shows its
            # seal mid-grey.
            found = _grey_candidates(image, f, (h, w), k, min_d)
            grey = bool(found)
        if not grey and top >= _INK_LOW:
            # A faint seal that lines of black print cross (its unit's name signed under it,
            # a roster's title) is cut into arcs there, the red cuts leaving dark pixels out:
            # joined over the print at the lowest cut, its arcs are one ring. Only where red
            # ink lies outside the seals found (a seal found is found again, and dropped below
            # as the same seal).
            _, mask, soft = at_cuts[-1]
            if _ink_outside(mask, [c for c, _ in found]) >= _ARC_PX:
                found += _ring_candidates(mask, _bridged_over_print(mask, dark, k), k, min_d,
                                          soft)

    seals: list[SealCandidate] = []
    found.sort(key=lambda cs: -cs[0].axes[0] * cs[0].axes[1])
    for cand, score in found:
        cx, cy = cand.center
        # A star or centre text fitted on its own lies inside a bigger seal: drop it.
        if any(_rho_of(o, cx, cy) < 0.9 for o in seals):  # also the same seal found twice
            continue
        seals.append(SealCandidate(cand.center, cand.axes, cand.angle, (0, 0, 0, 0), score,
                                   "grey" if grey else "red"))
    out_list = []
    for c in seals:
        cx, cy = c.center[0] / s, c.center[1] / s
        a, b = c.axes[0] / s, c.axes[1] / s
        tmp = SealCandidate((cx, cy), (a, b), c.angle, (0, 0, W, H), c.redness, c.ink)
        out_list.append(SealCandidate((cx, cy), (a, b), c.angle, _bbox(tmp, W, H), c.redness,
                                      c.ink))
    return out_list


#: Red ink pixels (working scale) outside the seals found that may be a seal's arcs.
_ARC_PX = 150


def _ink_outside(mask: np.ndarray, cands: Sequence[SealCandidate]) -> int:
    """Pixels of ``mask`` outside every candidate's ellipse (grown by a tenth)."""
    if not cands:
        return int(np.count_nonzero(mask))
    covered = np.zeros_like(mask)
    for c in cands:
        cv2.ellipse(covered, (round(c.center[0]), round(c.center[1])),
                    (round(1.1 * c.axes[0]) + 2, round(1.1 * c.axes[1]) + 2), c.angle, 0, 360,
                    1, -1)
    return int(np.count_nonzero(mask & (1 - covered)))


#: Print that ``_bridged_over_print`` bridges: at least this dark (255 minus luminance).
_PRINT_DARKNESS = 100


def _bridged_over_print(mask: np.ndarray, dark: np.ndarray, k: int) -> np.ndarray:
    """``mask`` with its gaps across dark print (a line of text over a seal) filled, where ink
    lies on both sides within four times ``k`` working pixels (a title's height)."""
    span = 4 * k + 1
    window = _ink_window(mask, span + 1)
    if window is None:
        return mask
    part = mask[window]
    print_px = (dark[window] >= _PRINT_DARKNESS).astype(np.uint8)
    across = cv2.bitwise_or(
        cv2.morphologyEx(part, cv2.MORPH_CLOSE, np.ones((span, 1), np.uint8)),
        cv2.morphologyEx(part, cv2.MORPH_CLOSE, np.ones((1, span), np.uint8)))
    out = mask.copy()
    out[window] = cv2.bitwise_or(part, cv2.bitwise_and(across, print_px))
    return out


def _grey_seal_sized(cand: SealCandidate, h: int, w: int) -> bool:
    """Whether a grey ring found on an ``h`` x ``w`` page is no bigger than a seal: on a
    greyscale page a "ring" across most of it is a table's or a frame's outline; an official
    seal is 4-5 cm, under a quarter of an A4 page's width."""
    return 2.0 * max(cand.axes) <= _GREY_MAX_DIAMETER * min(h, w)


def _hysteresis(rel: np.ndarray, t: float, chroma: np.ndarray, clearly_red: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
    """Red ink at cut ``t`` grown through connected pixels down to ``t / 2``; and all the ink
    at ``t / 2`` that is ``clearly_red``. ``chroma``: pixels red enough for their darkness
    (the same at every cut, so the caller makes it once)."""
    low = (rel >= 0.5 * t) & chroma
    high = low & (rel >= t)
    # For the ink inside a ring: only clearly red pixels (chroma noise along black text is not).
    soft = (low & clearly_red).astype(np.uint8)
    if not high.any():
        return high.astype(np.uint8), soft
    n, labels = cv2.connectedComponents(low.astype(np.uint8), connectivity=8)
    keep = np.zeros(n, np.uint8)
    keep[labels[high]] = 1
    keep[0] = 0
    return np.take(keep, np.asarray(labels)), soft


def _line_free_candidates(full: np.ndarray, mask: np.ndarray, k: int, min_d: float, h: int,
                          w: int, soft: np.ndarray | None = None, inner_min: float = 0.03,
                          outside_max: float = 0.08, ransac: bool = False,
                          skewed: bool = False) -> list[tuple[SealCandidate, float]]:
    """Ring candidates of ``mask``, and again without long straight runs: red table rules and
    underlines tie seals to each other and to text (not only so: a big seal's flattest arc
    looks straight). ``skewed``: also take thin rules off a skewed scan, which no run of one
    pixel row or column follows far; ``outside_max``, ``ransac``: see ``_ring_candidates``."""
    found = _ring_candidates(full, mask, k, min_d, soft, inner_min, outside_max, ransac)
    line_len = max(40, int(0.08 * max(h, w)))
    window = _ink_window(mask, line_len + 2)
    if window is None:
        return found
    ys, xs = window
    part = mask[ys, xs]
    src_h = src_v = part
    if skewed:
        # Thickened across its direction, a rule skewed by up to ~3 degrees holds a straight run.
        src_h = cv2.dilate(part, np.ones((3, 1), np.uint8))
        src_v = cv2.dilate(part, np.ones((1, 3), np.uint8))
    lines = cv2.bitwise_or(
        cv2.morphologyEx(src_h, cv2.MORPH_OPEN, np.ones((1, line_len), np.uint8)),
        cv2.morphologyEx(src_v, cv2.MORPH_OPEN, np.ones((line_len, 1), np.uint8)))
    if lines.any():
        clean = np.zeros_like(mask)
        clean[ys, xs] = part & (1 - cv2.dilate(lines, np.ones((3, 3), np.uint8)))
        found += _ring_candidates(full, clean, k, min_d, soft, inner_min, outside_max, ransac)
    return found


def _ink_window(mask: np.ndarray, pad: int) -> tuple[slice, slice] | None:
    """Rows and columns of ``mask`` round its ink, ``pad`` pixels wider on every side (clipped),
    or ``None`` when it holds none. Morphology within ``pad`` of the ink gives what it gives
    on the whole mask (the window's edges stay blank); on most pages the seal is all the red,
    so the window is a tenth of the page."""
    x, y, bw, bh = cv2.boundingRect(mask)
    if bw == 0 or bh == 0:
        return None
    h, w = mask.shape[:2]
    return (slice(max(0, y - pad), min(h, y + bh + pad)),
            slice(max(0, x - pad), min(w, x + bw + pad)))


def _grey_candidates(image: np.ndarray, f: int, shape: tuple[int, int], k: int,
                     min_d: float) -> list[tuple[SealCandidate, float]]:
    """Seal rings of mid-grey ink on a page without colour (working pixels), with a score."""
    h, w = shape
    lum = cv2.cvtColor(np.ascontiguousarray(image[:, :, :3]), cv2.COLOR_RGB2GRAY)
    paper, light, dark = _grey_levels(lum)
    found: list[tuple[SealCandidate, float]] = []

    def cuts() -> Iterator[float]:
        yield dark
        # At least _GREY_RETRY_STEP below the fixed cut: a low-resolution scan's seal ink
        # reaches just below that cut (84 against 96), and its darkest pixels, taken for
        # black print, cut holes in the ring that a text line through it then joins. Tried
        # also where the fixed cut found a seal: a solid seal beside a fainter one turns
        # darker than that cut (the unit's over its signature, a school's seal found).
        lower = _darker_seal_cut(lum, paper, light)
        if lower is not None:
            yield min(lower, dark - _GREY_RETRY_STEP)

    plain = False  # whether a seal kept was found without the harder cases' help
    for cut in cuts():
        mask, black = _grey_ink_mask(lum, f, shape, light, cut)
        if mask.sum() < 30:
            continue
        # Black text through the lettering takes its rim of mid-grey with it: less is left.
        at_cut = _line_free_candidates(mask, mask, k, min_d, h, w, None, 0.012)
        harder = not at_cut and not plain
        if harder:
            # Harder cases, tried only while no seal was found plainly (the page is no
            # slower otherwise); at the lower cut too where the fixed cut's harder cases
            # found only a table's outline or a cell (a blurred scan's dark grey seal over a
            # roster's 填报单位, fresh set 7246, 0%). A bold title or text line through the
            # ring breaks it into pieces, which a wider merge joins; a blurred scan has no
            # black core in its small text and thin rules, so the ring merges with them
            # (rules skewed, text by its outline) and some of that text lies just outside
            # the ring.
            at_cut = _line_free_candidates(mask, mask, 2 * k + 1, min_d, h, w, None, 0.012)
            if not at_cut:
                at_cut = _line_free_candidates(mask, mask, k, min_d, h, w, None, 0.012,
                                               outside_max=0.12, ransac=True, skewed=True)
        # A seal found at the fixed cut is kept as found there. (A ring bigger than a seal,
        # a table's outline, is none, and hides none found at the lower cut.)
        kept = [(cand, score) for cand, score in at_cut if not _dark_emblem(black, cand)
                and _grey_seal_sized(cand, h, w)
                and not any(_rho_of(c, *cand.center) < 1.0 or _rho_of(cand, *c.center) < 1.0
                            for c, _ in found)]
        found += kept
        plain = plain or (bool(kept) and not harder)
    return found


def _dark_emblem(black: np.ndarray, cand: SealCandidate) -> bool:
    """Whether a grey ring's inside is mostly ``black`` print: a dark emblem (the national
    emblem on an ID card), no seal, whose inside is mostly paper and mid-grey ink with at
    most some black text."""
    inside = _sample_polar(black, cand, np.linspace(0.1, 0.85, 16), np.arange(0.0, 360.0, 5.0))
    return float((inside > 0.5).mean()) > 0.25


def _is_grey(small: np.ndarray) -> bool:
    """A page without colour (a greyscale scan): not even a faint seal shows any chroma."""
    return _chroma(small) <= _GREY_CHROMA


def _chroma(small: np.ndarray, paper: np.ndarray | None = None) -> float:
    """The page's 99.9th percentile chroma, white-balanced on its ``paper`` colour when given
    (so a tinted greyscale scan has next to none)."""
    img: np.ndarray = small[:: max(1, small.shape[0] // 300), :: max(1, small.shape[1] // 300), :3]
    if paper is not None:
        img = np.minimum(img.astype(np.float32) * _white_balance(paper)[None, None, :], 255.0)
    # Channel by channel: numpy's reductions over a last axis of three are 25x slower.
    r, g, b = img[:, :, 0], img[:, :, 1], img[:, :, 2]
    return float(np.percentile(np.maximum(np.maximum(r, g), b) - np.minimum(np.minimum(r, g), b),
                               99.9))


#: A grey seal's ring must be this many grey levels lighter than the print round it for
#: ``grey_ink_cut`` to tell them apart; its cut lies this far below the ring's darker ink.
GREY_PRINT_GAP = 40
_GREY_INK_SLACK = 10
#: Pixels this much darker than the paper round a seal are print (or a seal's darkest ink).
_PRINT_BELOW_PAPER = 80


def grey_ink_levels(image: np.ndarray, cand: SealCandidate) -> tuple[float, float] | None:
    """For ``cand``, a greyscale scan's seal on RGB ``image``: the grey level above which
    pixels in its box are the seal's ink rather than print, a little below the ring's darker
    ink (its darkest tenth); and how many levels that ink is lighter than the print round
    the seal (the median of its pixels within half the seal's size of its box). None with
    too little print round it to tell."""
    x0, y0, x1, y1 = cand.bbox
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    h, w = image.shape[:2]
    dx, dy = (x1 - x0) // 2, (y1 - y0) // 2
    ax0, ay0, ax1, ay1 = max(0, x0 - dx), max(0, y0 - dy), min(w, x1 + dx), min(h, y1 + dy)
    # Only the seal's surroundings are turned grey (the seal lies inside them, ring and all).
    window = image[ay0:ay1, ax0:ax1]
    lum = cv2.cvtColor(np.ascontiguousarray(window[:, :, :3]), cv2.COLOR_RGB2GRAY) \
        if window.ndim == 3 else window
    around = np.ones(lum.shape, bool)
    around[y0 - ay0:y1 - ay0, x0 - ax0:x1 - ax0] = False
    near = lum[around]
    if near.size == 0:
        return None
    printed = near[near < float(np.percentile(near, 90)) - _PRINT_BELOW_PAPER]
    if printed.size < 100:
        return None
    local = replace(cand, center=(cand.center[0] - ax0, cand.center[1] - ay0))
    ring = _sample_polar(lum, local, np.linspace(0.88, 1.0, 7), np.arange(0.0, 360.0, 1.0),
                         border=255.0)
    ring_ink = float(np.percentile(ring, 10))
    return ring_ink - _GREY_INK_SLACK, ring_ink - float(np.median(printed))


def grey_ink_cut(image: np.ndarray, cand: SealCandidate) -> float | None:
    """``grey_ink_levels``' cut, where the ring's ink is at least GREY_PRINT_GAP levels
    lighter than the print round the seal; None otherwise: on a blurred low-resolution scan
    small print is as grey as the seal, and would go with it."""
    levels = grey_ink_levels(image, cand)
    return None if levels is None or levels[1] < GREY_PRINT_GAP else levels[0]


def _grey_levels(lum: np.ndarray) -> tuple[float, float, float]:
    """(paper, lightest ink, darkest seal ink) grey levels of a greyscale page or crop."""
    paper = float(np.median(lum[:: max(1, lum.shape[0] // 200), :: max(1, lum.shape[1] // 200)]))
    return paper, paper - max(18.0, 0.1 * paper), 0.4 * paper


def _darker_seal_cut(lum: np.ndarray, paper: float, light: float) -> float | None:
    """A cut between seal ink and black print a quarter of the way from the print's core to
    the paper, for a page where no seal was found under ``_grey_levels``' fixed cut: solid
    red turns dark grey once a scan drops colour (a ring at 80-100 of 255 beside text at
    20), darker than that cut, and was taken for text. None without enough print to tell."""
    sub = lum[:: max(1, lum.shape[0] // 200), :: max(1, lum.shape[1] // 200)]
    inked = sub[sub < light]
    if inked.size < 50:
        return None
    core = float(np.percentile(inked, 2))
    return core + _GREY_SEAL_FROM_CORE * (paper - core)


def _grey_ink_mask(lum: np.ndarray, f: int, shape: tuple[int, int], light: float,
                   dark: float) -> tuple[np.ndarray, np.ndarray]:
    """Seal ink on a greyscale page (``lum``, its grey levels), in working pixels: pixels
    between ``light`` and ``dark`` (at full resolution) away from black text (whose
    anti-aliased edges are mid-grey too); and the black pixels."""
    r = max(1, int(round(lum.shape[1] / 800)))
    disk = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))
    # 0/255 maps made by OpenCV at full resolution (numpy's comparisons and casts took twice
    # as long); grey levels are integers, so ``lum < t`` is ``lum <= ceil(t) - 1``.
    _, black = cv2.threshold(lum, math.ceil(dark) - 1, 255, cv2.THRESH_BINARY_INV)
    _, lit = cv2.threshold(lum, math.ceil(light) - 1, 255, cv2.THRESH_BINARY_INV)
    mid = cv2.subtract(lit, cv2.dilate(black, disk))
    if f > 1:
        mid = cv2.resize(mid, (shape[1], shape[0]), interpolation=cv2.INTER_AREA)
        black = cv2.resize(black, (shape[1], shape[0]), interpolation=cv2.INTER_AREA)
        return (mid >= 100).astype(np.uint8), (black >= 128).astype(np.uint8)
    return (mid > 0).astype(np.uint8), (black > 0).astype(np.uint8)


def _rho_of(cand: SealCandidate, x: float, y: float) -> float:
    dx, dy = x - cand.center[0], y - cand.center[1]
    d = math.hypot(dx, dy)
    if d == 0:
        return 0.0
    return d / float(cand.radius_at(math.degrees(math.atan2(dy, dx))))


def turned(cand: SealCandidate, k: int, w: int, h: int) -> SealCandidate:
    """``cand``, found on a ``w`` x ``h`` page, as it lies on ``numpy.rot90(page, k)``."""
    k %= 4
    if k == 0:
        return cand
    (x, y), = rotate_points(np.array([cand.center], dtype=np.float64), k, w, h).tolist()
    tw, th = (h, w) if k % 2 else (w, h)
    # rot90 turns the page a quarter counter-clockwise on screen: directions measured
    # clockwise from +x lose 90 degrees a turn.
    moved = replace(cand, center=(x, y), angle=(cand.angle - 90.0 * k) % 360.0)
    return replace(moved, bbox=_bbox(moved, tw, th))


def same_seal(a: SealCandidate, b: SealCandidate) -> bool:
    """Whether either seal's centre lies inside the other's ring."""
    return _rho_of(a, *b.center) < 1.0 or _rho_of(b, *a.center) < 1.0


def _bbox(cand: SealCandidate, w: int, h: int) -> tuple[int, int, int, int]:
    """The ring's box on a ``w`` x ``h`` page, from the ellipse's exact extent (its ring
    sampled every 2 degrees fell short of a tilted ring's extreme by a hundredth of a pixel,
    enough to leave a ring point outside the box when it crossed a whole pixel; a property
    test's draw)."""
    a, b = cand.axes
    phi = math.radians(cand.angle)
    hx = math.hypot(a * math.cos(phi), b * math.sin(phi))
    hy = math.hypot(a * math.sin(phi), b * math.cos(phi))
    cx, cy = cand.center
    x0 = max(0, int(math.floor(cx - hx)))
    y0 = max(0, int(math.floor(cy - hy)))
    x1 = min(w, int(math.ceil(cx + hx)) + 1)
    y1 = min(h, int(math.ceil(cy + hy)) + 1)
    return x0, y0, x1, y1


# ---------------------------------------------------------------------------------------------
# Reading seals
# ---------------------------------------------------------------------------------------------
def _local_seal(image: np.ndarray, cand: SealCandidate,
                paper: np.ndarray | None = None) -> tuple[np.ndarray, SealCandidate]:
    """The seal's surroundings as soft ink, scaled so its larger semi-axis is ``_READ_RADIUS``,
    with the candidate in the pixels of that crop."""
    H, W = image.shape[:2]
    big = max(cand.axes)
    pad = 0.12 * big
    x0 = max(0, int(cand.center[0] - big - pad))
    y0 = max(0, int(cand.center[1] - big - pad))
    x1 = min(W, int(math.ceil(cand.center[0] + big + pad)))
    y1 = min(H, int(math.ceil(cand.center[1] + big + pad)))
    crop = image[y0:y1, x0:x1, :3]
    s = _READ_RADIUS / big
    size = (max(1, round(crop.shape[1] * s)), max(1, round(crop.shape[0] * s)))
    crop = cv2.resize(crop, size, interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_CUBIC)
    sx, sy = size[0] / (x1 - x0), size[1] / (y1 - y0)
    local = SealCandidate(((cand.center[0] - x0) * sx, (cand.center[1] - y0) * sy),
                          (cand.axes[0] * s, cand.axes[1] * s), cand.angle,
                          (0, 0, size[0], size[1]), cand.redness, cand.ink)
    if cand.ink == "grey":
        return _soft_grey_ink(crop, paper), local
    return _soft_ink(crop, paper), local


def _smooth(prof: np.ndarray, k: int, circular: bool = False) -> np.ndarray:
    if k <= 1:
        return prof
    if circular:
        ext = np.concatenate([prof[-k:], prof, prof[:k]])
        return np.convolve(ext, np.ones(k) / k, "same")[k:-k]
    return np.convolve(prof, np.ones(k) / k, "same")


def _ring_inner_edge(prof: np.ndarray, rhos: np.ndarray, outer: bool = False) -> float:
    """rho where the ring (or the innermost of double rings) ends and the gap to the text
    begins; ``outer``: where the outer ring of double rings ends."""
    ring_zone = np.flatnonzero((rhos >= 0.84) & (rhos <= 1.03))
    peak = int(ring_zone[np.argmax(prof[ring_zone])])
    level = 0.4 * float(prof[peak])
    i = peak
    while True:
        while i > 0 and prof[i] > level:
            i -= 1
        if outer:
            break
        # A second, thinner ring just inside (double-ring seals): step over it as well.
        nxt = np.flatnonzero((rhos >= rhos[i] - 0.06) & (rhos < rhos[i]) & (prof > level))
        if nxt.size == 0 or rhos[i] < 0.84:
            break
        i = int(nxt[-1])
    return float(rhos[i])


def _text_band(prof: np.ndarray, rhos: np.ndarray, ring_in: float) -> tuple[float, float]:
    """(rho_in, rho_out) of the arc text from an ink profile over ``rhos``."""
    sm = _smooth(prof, 3)
    # Start from the emptiest rho just inside the ring: smoothing smears the ring inwards.
    near = np.flatnonzero((rhos >= ring_in - 0.1) & (rhos <= ring_in))
    gap = float(rhos[near[np.argmin(prof[near])]]) if near.size else ring_in
    zone = np.flatnonzero((rhos >= gap - 0.4) & (rhos <= gap))
    if zone.size < 4 or sm[zone].max() <= 0:
        return max(0.2, gap - 0.3), gap
    level = float(sm[zone].max())
    # Outer edge: the outermost rho inside the ring gap carrying real ink.
    hits = zone[sm[zone] > 0.3 * level]
    top = int(hits[-1])
    # Inner edge: going inwards from the text's outer part, the first (nearly) empty rho.
    body = zone[(rhos[zone] <= rhos[top]) & (rhos[zone] >= rhos[top] - 0.1)]
    text_level = float(np.median(sm[body])) if body.size else level
    j = top
    limit = rhos[top] - 0.42
    while j > 0 and rhos[j] > limit and (rhos[top] - rhos[j] < 0.1 or sm[j] > 0.2 * text_level):
        j -= 1
    rho_out, rho_in = float(rhos[top]), float(rhos[j])
    if rho_out - rho_in > 0.4:
        rho_in = rho_out - 0.32
    return max(0.15, rho_in), rho_out


def _gaps(prof: np.ndarray, step: float) -> list[tuple[float, float]]:
    """Ink-free stretches along the band as (centre, width) in degrees, widest first."""
    sm = _smooth(prof, max(1, int(round(2.0 / step))), circular=True)
    thr = max(0.01, 0.08 * float(np.percentile(sm, 90)))
    inked = sm > thr
    if inked.all():
        return []
    if not inked.any():
        return [(90.0, 360.0)]
    # Roll so the array starts where a gap starts: then no gap wraps around the end.
    start = int(np.flatnonzero(~inked & np.roll(inked, 1))[0])
    rolled = np.roll(inked, -start)
    out = [(((s + e) / 2 + start) * step % 360.0, (e - s) * step) for s, e in true_runs(~rolled)]
    return sorted(out, key=lambda g: -g[1])


def _strip(ink: np.ndarray, cand: SealCandidate, band: tuple[float, float],
           span: tuple[float, float], outer_up: bool) -> tuple[np.ndarray, np.ndarray]:
    """The band over ``span`` unrolled into a horizontal RGB line, ink dark on white.

    Columns are spaced evenly along the arc so characters keep their width on ovals.
    ``outer_up``: text whose tops face outwards (the upper arc, read clockwise); otherwise tops
    face the centre (the lower arc, read counter-clockwise). Also returns each column's theta.
    """
    rho_in, rho_out = band
    mid = 0.5 * (rho_in + rho_out)
    dense = np.arange(span[0], span[1], 0.1)
    pts = cand.points(mid, dense)
    seg = np.hypot(*np.diff(pts, axis=0).T)
    cum = np.concatenate([[0.0], np.cumsum(seg)])
    ncols = max(8, int(round(cum[-1])))
    cols = np.interp(np.linspace(0.0, cum[-1], ncols), cum, dense)
    mean_r = float(np.mean(cand.radius_at(cols)))
    nrows = max(8, int(round((rho_out - rho_in) * mean_r)))
    rows = np.linspace(rho_out, rho_in, nrows)
    if not outer_up:
        rows, cols = rows[::-1], cols[::-1]
    vals = _sample_polar(ink, cand, rows, cols)
    gray = (255.0 * (1.0 - vals)).astype(np.uint8)
    return np.ascontiguousarray(np.repeat(gray[:, :, None], 3, axis=2)), cols


def _inner_lines(ink: np.ndarray, cand: SealCandidate, rho_max: float,
                 up: float) -> list[np.ndarray]:
    """Straight lines of text inside the band, seal turned so ``up`` (degrees) points up."""
    r = float(min(cand.axes))
    big = float(max(cand.axes))
    size = int(2 * big)
    u, v = np.meshgrid(np.arange(size) - big, np.arange(size) - big)
    t = math.radians(up)
    upv = np.array([math.cos(t), math.sin(t)])
    right = np.array([-upv[1], upv[0]])  # up turned 90 degrees clockwise on screen
    sx = cand.center[0] + u * right[0] - v * upv[0]
    sy = cand.center[1] + u * right[1] - v * upv[1]
    img = cv2.remap(ink, sx.astype(np.float32), sy.astype(np.float32), cv2.INTER_LINEAR,
                    borderMode=cv2.BORDER_CONSTANT, borderValue=0.0)
    dx, dy = sx - cand.center[0], sy - cand.center[1]
    rho = np.hypot(dx, dy) / np.maximum(cand.radius_at(np.degrees(np.arctan2(dy, dx))), 1e-6)
    img = np.where(rho < rho_max, img, 0.0)
    rows = img.sum(axis=1)
    on = rows > max(0.5, 0.02 * r)
    crops = []
    for s, e in true_runs(on):
        if (e - s) < 0.08 * r:
            continue
        colp = img[s:e].sum(axis=0) > 0.3
        xs = np.flatnonzero(colp)
        if xs.size == 0:
            continue
        m = int(0.25 * (e - s)) + 2
        y0, y1 = max(0, s - m), min(size, e + m)
        x0, x1 = max(0, xs[0] - m), min(size, xs[-1] + 1 + m)
        if (x1 - x0) < 1.3 * (y1 - y0):
            continue  # a star or a lone blob, not a line of text
        gray = (255.0 * (1.0 - img[y0:y1, x0:x1])).astype(np.uint8)
        crops.append(np.ascontiguousarray(np.repeat(gray[:, :, None], 3, axis=2)))
    return crops


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _quality(rec: Recognition) -> float:
    """How much confident unit-name text a reading holds: long and sure beats short or unsure,
    and CJK characters count more than digits and symbols (seal numbers are not names)."""
    scores = rec.char_scores or tuple(rec.score for _ in rec.text)
    return float(sum(max(0.0, c - 0.4) * (1.0 if _is_cjk(ch) else 0.25)
                     for ch, c in zip(rec.text, scores)))


def _plainly_read(rec: Recognition) -> bool:
    """Whether a reading is a name read without doubt: at least PLAIN_NAME CJK characters in a
    row read with PLAIN_SCORE or more, and at most PLAIN_STRAYS other characters (the seal's
    number, read as a stray character or two, or a doubtful one)."""
    scores = rec.char_scores or tuple(rec.score for _ in rec.text)
    sure = [_is_cjk(ch) and sc >= PLAIN_SCORE for ch, sc in zip(rec.text, scores)]
    run = longest = 0
    for s in sure:
        run = run + 1 if s else 0
        longest = max(longest, run)
    return longest >= PLAIN_NAME and len(sure) - sum(sure) <= PLAIN_STRAYS


def _char_span(rec: Recognition, cols: np.ndarray, width: int) -> tuple[float, float] | None:
    """Angular extent (deg) of a reading's confident CJK characters, from their CTC columns."""
    if not rec.char_x or len(rec.char_x) != len(rec.text):
        return None
    xs = [x for ch, x, c in zip(rec.text, rec.char_x, rec.char_scores or (1.0,) * len(rec.text))
          if _is_cjk(ch) and c >= 0.3]
    if not xs:
        return None
    pitch = (max(xs) - min(xs)) / max(1, len(xs) - 1) if len(xs) > 1 else 0.1 * width
    idx = np.arange(cols.size)
    lo = float(np.interp(max(0.0, min(xs) - 0.6 * pitch), idx, cols))
    hi = float(np.interp(min(width - 1.0, max(xs) + 0.6 * pitch), idx, cols))
    return (lo, hi) if hi > lo else (hi, lo)


def _snap_span(span: tuple[float, float], prof: np.ndarray, step: float,
               limit: float) -> tuple[float, float]:
    """Widen ``span`` (deg) to the ink's own ends: the nearest empty angles, at most ``limit``
    degrees further, so no stroke of the first or last character is left out."""
    n = prof.size
    sm = _smooth(prof, max(1, int(round(1.0 / step))), circular=True)
    empty = sm <= max(0.01, 0.05 * float(np.percentile(sm, 90)))
    lo, hi = span
    for direction in (-1, 1):
        t = lo if direction < 0 else hi
        i0 = int(round(t / step))
        for k in range(int(limit / step) + 1):
            if empty[(i0 + direction * k) % n]:
                break
        t = (i0 + direction * k) * step
        if direction < 0:
            lo = t
        else:
            hi = t
    return lo, hi


def read_seal(engine: OcrEngine, image: np.ndarray, cand: SealCandidate,
              units: Sequence[str] = ()) -> SealReading:
    """Read the arc text (and straight inner text) of the seal ``cand`` on RGB ``image``
    (``_read_ink``). A red seal read neither as one of ``units`` (``reads_as_unit``) nor
    plainly as some other name (``_plainly_read``) is read again as grey ink.

    A washed-out stamp keeps its colour in the thick ring, but JPEG's halved colour
    resolution leaves its thin lettering nearly grey: the red ink map held only a few
    strokes of a 19-character name (read as 二) that its grey levels show whole. The
    grey reading is taken when it names one of ``units``, or holds more confident text.
    """
    reading, arc = _read_ink(engine, image, cand, units)
    if cand.ink != "red" or not units or reads_as_unit(reading, units) or _plainly_read(arc):
        return reading
    grey, grey_arc = _read_ink(engine, image, replace(cand, ink="grey"), units)
    if reads_as_unit(grey, units) or _quality(grey_arc) > _quality(arc):
        # Its text band, measured on grey ink with the print's rims in it, reaches out to the
        # ring: on an oval contract seal read as the unit only in grey, the band measured
        # fell short of its lettering's outer edge at the sides (84% masked).
        return replace(grey, band=(grey.band[0], max(grey.band[1], _GREY_BAND_OUT)))
    return reading


#: How far out (rho) the text band of a red seal read as grey ink reaches at least.
_GREY_BAND_OUT = 0.96


def reads_as_unit(reading: SealReading, units: Sequence[str]) -> bool:
    """Whether the seal read is one of ``units`` (``reads_as``, on its best reading)."""
    text, score = best_arc(reading, units)
    return reads_as(score, fits_unit(text, reading.inner_texts, units))


def reads_as(score: float, fits: bool) -> bool:
    """Whether a seal whose best reading matches one of the units this well (``best_arc``)
    and fits it rather than a sibling unit (``fits_unit``) is that unit's."""
    return score >= MATCH_THRESHOLD and fits


def _read_ink(engine: OcrEngine, image: np.ndarray, cand: SealCandidate,
              units: Sequence[str] = ()) -> tuple[SealReading, Recognition]:
    """``read_seal`` in the seal's own ink (``cand.ink``), with the recogniser's reading of
    the arc chosen.

    The ring band is unrolled along the ellipse into horizontal strips of seal ink only (black
    text under the seal drops out). Whole-circle strips starting at the widest gaps between
    characters are read; the one with the most confident CJK text is the arc text (ties go to
    the start nearest the bottom, as on an upright seal). When the arc reads as one of
    ``units``, or plainly (``_plainly_read``) as another kind of body than each of them,
    that decides the seal and nothing more is read. Otherwise a counter-clockwise
    strip reads text along the lower arc (numbers), straight lines inside are read after
    turning the seal upright (``SealReading.inner_texts``), and the arc is read twice more
    from redrawn strips (``SealReading.alternatives``), unless it plainly reads as another
    name (``_plainly_read``).
    """
    ink, local = _local_seal(image, cand, _paper(image))
    step = 0.5
    thetas = np.arange(0.0, 360.0, step)
    rhos = np.linspace(0.15, 1.05, 181)
    polar = _sample_polar(ink, local, rhos, thetas)
    ring_in = _ring_inner_edge(polar.mean(axis=1), rhos)
    band = _text_band(polar.mean(axis=1), rhos, ring_in)
    rows = (rhos >= band[0]) & (rhos <= band[1])
    if not rows.any():
        # A band thinner than the radial sampling step: take the nearest sampled radius.
        rows = np.abs(rhos - 0.5 * (band[0] + band[1])) == np.abs(rhos - 0.5 * (band[0] + band[1])).min()
    ang_prof = polar[rows].mean(axis=0)
    gaps = _gaps(ang_prof, step)
    cut = gaps[:2]
    lower = [g for g in gaps if 20.0 <= g[0] <= 160.0]
    if lower and lower[0] not in cut:
        cut.append(lower[0])
    if gaps and gaps[0][1] >= 25.0:
        # One clearly widest gap is the gap under the seal's name: no need to try others.
        cut = cut[:1]
    starts = [g[0] for g in cut] or [90.0]
    widths = [g[1] for g in cut] or [0.0]
    pad = 0.2 * (band[1] - band[0])
    read_band = (max(0.12, band[0] - pad), min(ring_in, band[1] + pad))
    # Each strip runs clockwise once round the circle, from one gap back to the same gap,
    # leaving out all of the gap but STRIP_GAP_KEEP degrees at each end: the gap under a
    # seal's name is a quarter of the circle, blank columns the recogniser would read too.
    trims = [max(0.0, wd / 2.0 - STRIP_GAP_KEEP) for wd in widths]
    strips = [_strip(ink, local, read_band, (st - 360.0 + tr, st - tr), True)
              for st, tr in zip(starts, trims)]
    recs = engine.recognize([im for im, _ in strips])
    quals = [_quality(r) for r in recs]
    top = max(quals)

    def bottomness(i: int) -> float:
        return -abs(((starts[i] - 90.0 + 180.0) % 360.0) - 180.0)

    best = max((i for i in range(len(recs)) if quals[i] >= 0.85 * top), key=bottomness)
    arc = recs[best]
    cols = strips[best][1]
    span = _char_span(arc, cols, strips[best][0].shape[1])
    if span is None:
        # No character positions from the engine: all the band's ink but the widest gap.
        c, wd = gaps[0] if gaps else (90.0, 0.0)
        span = (c + wd / 2.0 - 360.0, c - wd / 2.0) if wd > 0 else (float(cols[0]),
                                                                      float(cols[-1]))
    span = _snap_span(span, ang_prof, step, 8.0)
    # Refine the band on the arc text's own angles: the circle-wide profile mixes in numbers.
    sel = _angle_mask(thetas, span)
    if sel.any():
        band = _text_band(polar[:, sel].mean(axis=1), rhos, ring_in)
    others: list[str] = []
    alternatives: tuple[str, ...] = ()
    # Redrawn strips only when the first reading is not already one of ``units`` (they cost
    # two more recognitions, and a match cannot get better than a match).
    matched = (bool(units) and _match_arc(arc.text, (), units) >= MATCH_THRESHOLD
               and fits_unit(arc.text, (), units))
    # Nor is the rest of the seal's text (numbers, centre lines) read then: it only adds
    # readings for the unit to be found in, and it has been. A third of a seal's reading.
    # Nor when the arc plainly names another kind of body than every unit (a department's
    # …保障厅 on the certificate of a …测绘院): no other reading can make it the unit's.
    plain = bool(units) and _plainly_read(arc)
    if not matched and not (plain and _never_the_units(arc.text, units)):
        up = 0.5 * (span[0] + span[1])
        low_strip, _ = _strip(ink, local, read_band, (up - 360.0 + 30.0, up - 30.0), False)
        lines = _inner_lines(ink, local, read_band[0] - 0.02, up)[:4]
        # Nor redrawn strips when it is plainly another unit's name: they rescue faint or
        # squeezed lettering, and they were most of the time spent on the seals of schools and
        # departments on certificates.
        variants = [] if plain else _strip_variants(strips[best][0])
        recs = engine.recognize([*variants, low_strip, *lines])
        alternatives = tuple(dict.fromkeys(r.text for r in recs[:len(variants)]
                                           if r.text.strip() and r.text != arc.text))
        for rec in recs[len(variants):]:
            if rec.score >= 0.6 and rec.text.strip():
                others.append(rec.text)
    start = span[0] % 360.0
    ink_span = None
    if gaps:
        c, wd = gaps[0]
        lo = (c + wd / 2.0) % 360.0
        ink_span = (float(lo), float(lo + 360.0 - wd))
    reading = SealReading(arc.text, tuple(others), float(arc.score), band,
                          (float(start), float(start + span[1] - span[0])), alternatives,
                          ink_span, _ring_inner_edge(polar.mean(axis=1), rhos, outer=True))
    return reading, arc


def _strip_variants(strip: np.ndarray) -> list[np.ndarray]:
    """The arc strip redrawn two more ways: ink contrast stretched to the strip's own strokes
    (uneven or faint ink next to a strong ring), and that 1.4x wider (narrow seal fonts)."""
    ink = 1.0 - strip[:, :, 0].astype(np.float32) / 255.0
    strokes = ink[ink > 0.03]
    top = float(np.percentile(strokes, 90)) if strokes.size > 50 else 1.0
    ink = np.sqrt(np.clip(ink / max(top, 0.2), 0.0, 1.0))
    wide = cv2.resize(ink, (round(ink.shape[1] * 1.4), ink.shape[0]), interpolation=cv2.INTER_LINEAR)
    return [np.ascontiguousarray(np.repeat((255.0 * (1.0 - v)).astype(np.uint8)[:, :, None], 3, axis=2))
            for v in (ink, wide)]


def _angle_mask(thetas: np.ndarray, span: tuple[float, float]) -> np.ndarray:
    rel = (thetas - span[0]) % 360.0
    return rel <= (span[1] - span[0])


# ---------------------------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------------------------
_REGION = re.compile(
    r"^(?:.{2,8}?(?:省|自治区|特别行政区|市))?(?:.{1,6}?(?:市|地区|自治州|盟))?"
    r"(?:.{1,6}?(?:县|区|旗))?")
_GENERIC_WEIGHT = 0.3
_INSERT_COST = 0.5
_WHOLE_NAME_SLACK = 0.25  # match_seal: the score is at most the unweighted match plus this


def _normalize(text: str) -> str:
    """NFKC, simplified forms, and only letters and digits (brackets and spaces vary)."""
    t = unicodedata.normalize("NFKC", text).translate(TRAD_TO_SIMP)
    return "".join(ch for ch in t if ch.isalnum()).upper()


def _weights(unit: str) -> list[float]:
    """Per character of ``unit``, how much it tells this unit from others.

    The region prefix (新疆维吾尔自治区…) and the legal-form suffix (…有限公司, …院) are shared
    by many units and count little, unless nothing else is left (阳光省人民政府).
    """
    n = len(unit)
    pre = _REGION.match(unit)
    p = pre.end() if pre else 0
    suf = ORG_FORM.search(unit[p:])
    q = n - (len(suf.group(0)) if suf else 0)
    if q - p < 2:
        # Almost nothing distinctive in the middle: the region is what tells units apart.
        p = 0
    n_generic = n - (q - p)
    # Shared parts together weigh at most half the distinctive part, or a long region prefix
    # would let a different unit of the same region through.
    wg = min(_GENERIC_WEIGHT, 0.5 * (q - p) / n_generic) if n_generic else _GENERIC_WEIGHT
    return [1.0 if p <= i < q else wg for i in range(n)]


def _unit_in_text(unit: str, text: str, uniform: bool = False) -> float:
    """1 - (weighted edit cost of the best match of all of ``unit`` against any substring of
    ``text``) / (weight of ``unit``), in 0..1. ``uniform``: every character weighs 1."""
    w = [1.0] * len(unit) if uniform else _weights(unit)
    total = sum(w)
    if not text or total <= 0:
        return 0.0
    m = len(text)
    # prev[j]: cost of matching unit[:i] ending at text[:j]; the substring may start anywhere.
    prev = [0.0] * (m + 1)
    for i, uc in enumerate(unit):
        cur = [prev[0] + w[i]] + [0.0] * m
        for j in range(1, m + 1):
            sub = prev[j - 1] + (0.0 if text[j - 1] == uc else w[i])
            cur[j] = min(sub, prev[j] + w[i], cur[j - 1] + _INSERT_COST)
        prev = cur
    return max(0.0, 1.0 - min(prev) / total)


def match_seal(reading: SealReading, units: Sequence[str]) -> float:
    """How well the seal's text matches any of ``units`` (full name first, then aliases), 0..1.

    The whole unit name must be found in the seal's text (extra text such as 财务专用章 or a
    seal number is free), with OCR errors costing by how distinctive the missed character is.
    The arc reading is a full circle, so it is searched cyclically (seals may be turned). Use
    ``MATCH_THRESHOLD`` (0.6) as the cut: the applicant's own seal read with a few errors scores
    about 0.7-1.0; a different unit with the same region and legal form stays below ~0.5.
    """
    return best_arc(reading, units)[1]


def best_arc(reading: SealReading, units: Sequence[str]) -> tuple[str, float]:
    """The reading of the arc that matches ``units`` best (the chosen one on ties), with its
    score (``match_seal``)."""
    scored = [(arc, _match_arc(arc, reading.inner_texts, units)) for arc in reading.arcs]
    return max(scored, key=lambda t: t[1])


def fits_unit(arc_text: str, inner_texts: Sequence[str], units: Sequence[str],
              garbled: bool = False) -> bool:
    """Whether a seal reading can be one of ``units`` rather than a sibling unit
    (``matching.seal_reading_fits`` on the arc with the seal's other text; ``garbled``:
    taking runs of slips as the ink's)."""
    return any(seal_reading_fits(" ".join((arc_text, *inner_texts)), u, garbled) for u in units)


#: What follows the unit's name on a seal: its use (合同专用章) and number.
_SEAL_USE = re.compile(r"(?:合同|财务|人事|业务|行政|发票|党委|公章|专用|章|印|\d)+$")


def _body_form(arc: str) -> str:
    """The legal-form ending of a confidently whole arc reading (局 in …信息局合同专用章), or ""."""
    name = _SEAL_USE.sub("", arc)
    m = ORG_FORM.search(name)
    return m.group(0) if m and len(name) >= 6 else ""


def _another_body(arc: str, body: str, unit: str) -> bool:
    """Whether the normalised arc reading ``arc``, whose legal form is ``body``
    (``_body_form``), names another kind of body than the normalised ``unit`` (…测绘地理信息局
    for …测绘院): a sibling or parent authority, however much of the name it shares."""
    form = ORG_FORM.search(unit)
    return bool(body and form and form.group(0) not in arc
                and not (body.endswith(form.group(0)) or form.group(0).endswith(body))
                and not _cut_short(arc[:len(arc) - len(body)], body, unit))


def _cut_short(head: str, body: str, unit: str) -> bool:
    """Whether an arc reading ``head`` + ``body`` is ``unit`` read short of its end, ``body``
    a misread of one of its middle characters: ``head`` is the unit's start with at most a
    slip per six characters, ending on one of the unit's own characters read right, and the
    unit goes on past ``body`` (新疆维吾尔自治测会 for 新疆维吾尔自治区测绘院: 区 lost, 绘
    read 会, 院 lost under a title's ink; but 新疆维吾尔自治区测量队 is a sibling's). A form
    of one character only; 人民政府 is never a misread."""
    if len(body) != 1 or len(head) < 4:
        return False
    slips = max(1, len(unit) // 6)
    return any(head[-1] == unit[k - 1] and Levenshtein.distance(head, unit[:k]) <= slips
               for k in range(max(1, len(head) - slips), len(unit) - 1))


def _never_the_units(arc_text: str, units: Sequence[str]) -> bool:
    """Whether an arc reading names another kind of body than every one of ``units``: then
    ``_match_arc`` scores it 0 whatever else the seal says."""
    arc = _normalize(arc_text)
    body = _body_form(arc)
    return all(_another_body(arc, body, u) for u in map(_normalize, units) if len(u) >= 2)


def _match_arc(arc_text: str, inner_texts: Sequence[str], units: Sequence[str]) -> float:
    arc = _normalize(arc_text)
    inner = [_normalize(t) for t in inner_texts]
    texts = [arc + arc, *inner, arc + "".join(inner)]
    body = _body_form(arc)
    best = 0.0
    for unit in units:
        u = _normalize(unit)
        if len(u) < 2 or _another_body(arc, body, u):
            continue
        for t in texts:
            score = _unit_in_text(u, t)
            if score > best:
                # The distinctive part alone is not enough: a short one (测绘 in 自治区测绘院) turns
                # up in other names (国家测绘地理信息局), so most of the whole name must be there.
                score = min(score, _unit_in_text(u, t, uniform=True) + _WHOLE_NAME_SLACK)
            best = max(best, score)
    return best


# ---------------------------------------------------------------------------------------------
# Masking
# ---------------------------------------------------------------------------------------------
_DEFAULT_BAND = (0.5, 0.92)
_DEFAULT_SPAN = (135.0, 405.0)  # lower left, over the top, to lower right


def _union_span(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    """The shorter arc (degrees, start < end) covering both arcs ``a`` and ``b``."""
    arcs = []
    for start in (a[0], b[0]):
        extent = min(360.0, max((s0 - start) % 360.0 + (s1 - s0) for s0, s1 in (a, b)))
        end = start + extent
        # (Rounded so the span is no longer than the extent: 152.83… + 360 spans 360.00000000000006.)
        while end - start > extent:
            end = math.nextafter(end, start)
        arcs.append((start, end))
    return min(arcs, key=lambda arc: arc[1] - arc[0])


def _intersect_span(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float] | None:
    """The part of arc ``a`` inside arc ``b`` (degrees, start < end), if one piece."""
    s0 = b[0] + (a[0] - b[0]) % 360.0
    s1 = s0 + (a[1] - a[0])
    # ``a`` as it lies in ``b``'s turn of the circle, and the part of it that wraps round
    # past ``b``'s start; the longer piece inside ``b`` is kept.
    pieces = [(max(s0, b[0]), min(s1, b[1])), (b[0], min(s1 - 360.0, b[1]))]
    lo, hi = max(pieces, key=lambda p: p[1] - p[0])
    return (lo, hi) if hi > lo else None


#: A seal whose long axis is at least this times its short one is an oval (a contract's).
_OVAL = 1.15


#: Degrees a mask reaches past either end of the characters read along a seal's arc.
_SPAN_MARGIN = 3.0


def reads_to_both_ends(reading: SealReading, units: Sequence[str]) -> bool:
    """Whether the seal's arc as read begins with the first character of one of ``units`` and
    ends with its last, with most of it between: its span is then the name's whole extent."""
    arc = _normalize(reading.arc_text)
    return any(len(u) >= 4 and len(arc) >= 0.8 * len(u) and arc[0] == u[0] and arc[-1] == u[-1]
               for u in (_normalize(unit) for unit in units))


def seal_mask_polygon(cand: SealCandidate, reading: SealReading | None,
                      vertices: int = 96, whole_band: bool = False,
                      ends_read: bool = False) -> list[tuple[float, float]]:
    """An annulus sector covering the seal's arc text, as ``(x, y)`` pixels of the page.

    Radially it spans the reading's text band with a small margin (not the ring, not the
    centre); angularly the characters' span plus ~3 degrees each side. Without a reading it
    covers the usual place of a unit name: rho 0.5-0.92 over the upper 270 degrees. ``vertices``
    points are used along each of the two arcs. ``whole_band``: cover all the band's ink but
    its widest gap, for a seal known to be the applicant's (the characters read may be only
    part of its name), unless ``ends_read`` (``reads_to_both_ends``): then the band's ink past
    the characters read is what the seal is stamped over.
    """
    band = reading.band if reading is not None else _DEFAULT_BAND
    span = reading.span if reading is not None else _DEFAULT_SPAN
    if whole_band and not ends_read and reading is not None and reading.ink_span is not None:
        # The ink's extent within the upper 270 degrees, where a unit's name runs: below,
        # the band's "ink" is often the black text the seal is stamped over.
        ink = _intersect_span(reading.ink_span, _DEFAULT_SPAN)
        if ink is not None:
            span = _union_span(span, ink)
    rho_in = max(0.0, band[0] - 0.05)
    rho_out = min(1.0, band[1] + 0.04)
    if whole_band and reading is not None and reading.ring_in is not None \
            and max(cand.axes) >= _OVAL * min(cand.axes):
        # Out to the ring on an oval: the lettering keeps to a double ring's thin inner ring,
        # which lies at a fixed width inside the outer one, so at a larger fraction of the
        # radius on the long sides than the band measured round the whole ellipse says
        # (喀什地区基础测绘院, 68%, fresh set 9583). On a round seal the fraction is the same
        # all round, and the band measured stands (a colleague's name under a roster's seal
        # stays clear of it).
        rho_out = max(rho_out, min(1.0, reading.ring_in))
    t0, t1 = span[0] - _SPAN_MARGIN, span[1] + _SPAN_MARGIN
    if t1 - t0 >= 360.0:
        t0, t1 = span[0], span[0] + 360.0  # a full ring: the seam is a zero-width slit
    return _sector(cand, rho_in, rho_out, t0, t1, vertices)


def unread_mask_polygon(cand: SealCandidate, reading: SealReading,
                        vertices: int = 96, ends_read: bool = False) -> list[tuple[float, float]]:
    """The mask of a seal known to be the applicant's unit's without being read.

    The band and extent found from a failed reading are not to be trusted, nor is the fitted
    ring of a seal that faint: the mask covers them and the usual place of a unit name
    (rho 0.45 out to the ring, the upper 270 degrees), but not past the ring or the span's
    ends, where the seal lies over the lines below it (in a roster, other people's names).
    With ``ends_read`` (``reads_to_both_ends``: the reading, garbled between, holds the name's
    first and last characters) the span read is the name's, as in ``seal_mask_polygon``.
    """
    rho_in = max(0.0, min(reading.band[0], _DEFAULT_BAND[0]) - 0.05)
    if ends_read:
        t0, t1 = reading.span[0] - _SPAN_MARGIN, reading.span[1] + _SPAN_MARGIN
    else:
        span = reading.ink_span if reading.ink_span is not None else reading.span
        t0, t1 = _union_span(span, _DEFAULT_SPAN)
    return _sector(cand, rho_in, 1.0, t0, min(t1, t0 + 360.0), vertices)


def _in_any_box(points: np.ndarray, bx: np.ndarray) -> bool:
    """Whether any of ``points`` ``(n, 2)`` lies in any of the boxes ``bx`` ``(m, 4)``
    ``(x0, y0, x1, y1)``, edges included."""
    x, y = points[:, None, 0], points[:, None, 1]
    return bool(((bx[None, :, 0] <= x) & (x <= bx[None, :, 2])
                 & (bx[None, :, 1] <= y) & (y <= bx[None, :, 3])).any())


def trim_sector_ends(sector: Sequence[tuple[float, float]],
                     boxes: Sequence[tuple[float, float, float, float]],
                     spacing: float = 2.0) -> list[tuple[float, float]]:
    """``sector`` (``_sector``'s outline: its outer arc, then its inner arc back) without the
    steps at either end whose radial segment meets one of ``boxes`` ``(x0, y0, x1, y1)``:
    where the lettering begins or ends over another person's name (新 of a roster's seal over
    the colleague 吕玲飞 in the row below, seed 2173), the band stops before it, which
    ``clear_of``'s dents, never deeper than the inner arc, cannot do. A sector wholly over
    boxes, or an outline of odd length, comes back as given."""
    pts = np.asarray(sector, dtype=np.float64)
    if not boxes or len(pts) < 4 or len(pts) % 2:
        return list(sector)
    n = len(pts) // 2
    outer, inner = pts[:n], pts[n:][::-1]
    bx = np.asarray(boxes, dtype=np.float64)

    def blocked(k: int) -> bool:
        steps = max(2, int(np.ceil(np.hypot(*(outer[k] - inner[k])) / spacing)) + 1)
        return _in_any_box(inner[k] + (outer[k] - inner[k])
                           * np.linspace(0.0, 1.0, steps)[:, None], bx)

    lo, hi = 0, n - 1
    while lo < hi and blocked(lo):
        lo += 1
    while hi > lo and blocked(hi):
        hi -= 1
    if hi - lo < 1:
        return list(sector)
    if lo == 0 and hi == n - 1:
        return list(sector)
    kept = np.concatenate([outer[lo:hi + 1], inner[lo:hi + 1][::-1]])
    return [(float(x), float(y)) for x, y in kept]


def clear_of(polygon: Sequence[tuple[float, float]], centre: tuple[float, float],
             boxes: Sequence[tuple[float, float, float, float]],
             spacing: float = 2.0) -> list[tuple[float, float]]:
    """``polygon`` (a seal's mask, pixels) drawn in towards ``centre`` wherever it would
    reach into one of ``boxes`` ``(x0, y0, x1, y1)``: a seal stamped over the top of another
    person's name (a roster row under the unit's seal) stops short of that name's characters.

    The outline is first resampled every ``spacing`` pixels, so the dent follows the box;
    no point moves closer to the centre than the outline's nearest point was. An outline
    that meets no box comes back as given (not resampled: its points go into the report).
    """
    if not boxes or len(polygon) < 3:
        return list(polygon)
    pts = np.asarray(polygon, dtype=np.float64)
    closed = np.vstack([pts, pts[:1]])
    dense = []
    for a, b in zip(closed[:-1], closed[1:]):
        n = max(1, int(np.ceil(np.hypot(*(b - a)) / spacing)))
        dense.append(a + (b - a) * (np.arange(n)[:, None] / n))
    out = np.concatenate(dense)
    c = np.asarray(centre, dtype=np.float64)
    reach = np.hypot(*(out - c).T)
    floor = float(reach.min())
    bx = np.asarray(boxes, dtype=np.float64)

    def inside(q: np.ndarray) -> bool:
        return _in_any_box(q[None], bx)

    moved = False
    for k, q in enumerate(out):
        if not inside(q):
            continue
        moved = True
        r = reach[k]
        u = (q - c) / max(r, 1e-9)
        # Inwards a pixel at a time until clear of every box (or at the floor).
        while r > floor and inside(c + u * r):
            r -= 1.0
        out[k] = c + u * max(r, floor)
    if not moved:
        return list(polygon)
    return [(float(x), float(y)) for x, y in out]


def _sector(cand: SealCandidate, rho_in: float, rho_out: float, t0: float, t1: float,
            vertices: int) -> list[tuple[float, float]]:
    """The annulus sector ``rho_in..rho_out`` (fractions of the ring) over ``t0..t1``
    (degrees), as page pixels: ``vertices`` points along each of its two arcs."""
    thetas = np.linspace(t0, t1, max(16, int(vertices)))
    outer = cand.points(rho_out, thetas)
    inner = cand.points(rho_in, thetas[::-1])
    return [(float(x), float(y)) for x, y in np.concatenate([outer, inner])]
