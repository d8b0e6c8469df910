"""Find portrait photos (ID-card portraits, pasted 1-inch photos, report screenshots) on a page.

The finder is classical and CPU-only:

1. **Faces.** OpenCV's Haar frontal-face cascade runs over a downscaled grey copy of the page
   (short side about ``_WORK_SHORT_SIDE`` px), only around smooth mid-tone patches (skin;
   text and line art have none; a found seal's flat ink is left out), with no neighbour
   threshold and a loose grouping of its own, so it over-generates candidates cheaply
   (``photo_patches``, then ``face_candidates`` once the seals are known).
2. **Verification.** Each candidate is cropped from the full-resolution page, normalised to a
   fixed face size and re-checked by three frontal-face cascades; then tone, colour and
   OCR-text tests reject seals, stars, QR codes, emblems and text that happen to fool a cascade.
3. **Photo rectangle.** Around an accepted face, each side of the photo is looked for as a
   straight edge (photo border, frame line, table rule or photo-versus-paper step) in a band
   where that side of a head-and-shoulders photo can be; sides without such an edge fall back
   to standard portrait proportions (about 2.5 face widths wide, width:height about 0.76).

Coordinates are pixels of the input image; boxes are ``(x0, y0, x1, y1)`` ints, end-exclusive.

Thread safety: ``cv2.CascadeClassifier.detectMultiScale`` is not documented as thread-safe,
so every thread loads its own classifiers once and keeps them in ``_TLS`` (a
``threading.local``). That per-thread cache is the module's only mutable state.
"""

from __future__ import annotations

import itertools
import math
import os
import threading
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import cv2
import numpy as np

from .elements import Box, box_from_points, share_inside
from .errors import RedactError

__all__ = ["FaceCandidates", "PhotoPatches", "PhotoRegion", "confirm_faces", "face_candidates",
           "find_photos", "frame_photos", "photo_patches"]

#: The page pass runs on a grey copy whose short side is about this many px. 540 px puts the
#: smallest face we care about (~60 px on a 200 dpi A4 page, 1654 px wide) at ~20 px, the
#: alt2 cascade's window; a whole-page pass at this size costs ~60-90 ms on two cores.
_WORK_SHORT_SIDE = 540
#: Pyramid steps of the page pass: fine when only small photo-like patches are scanned, coarser
#: (about 35 % cheaper) when most of the page has to be. Coarser steps miss small faces at
#: some positions, so the fine one is used whenever affordable.
_FINE_STEP, _COARSE_STEP = 1.1, 1.15
#: Candidate faces narrower than this (px) are not verified.
_MIN_FACE = 16
#: Verification crops are rescaled so the candidate face is this wide (px).
_VERIFY_FACE = 64
#: A verified face needs this many neighbours in its best verifier (at ``_VERIFY_FACE`` px).
_MIN_NEIGHBOURS = 10
#: An overexposed face may be this much paper-light (the usual limit is 0.4) when all three
#: cascades find it with at least this many neighbours.
_BRIGHT_PAPER = 0.6
_BRIGHT_NEIGHBOURS = 25
#: At most this many page-pass candidates are verified, strongest first (bounds the run time).
_MAX_CANDIDATES = 16
#: A photo grown over its own content is at most this many face-box widths wide.
_MAX_PHOTO_FACES = 2.9
#: A candidate face on a seal's disc with less than this share of other content (darker than
#: the paper, neither the seal's ink nor a text line) is the seal's lettering.
_SEAL_FACE_CONTENT = 0.15
#: A candidate face mostly on a grey seal's disc (no colour tells its ink from a picture's)
#: needs this many neighbours in its best verifier, as a clear face has (the ring's curve,
#: its star and bold lettering fool all three cascades with 10-20).
_GREY_SEAL_NEIGHBOURS = _BRIGHT_NEIGHBOURS

#: A photo's content differs from the paper round it by more than this many grey levels.
_CONTENT_STEP = 28

#: A photo-like patch whose seed pixels lie at least this share on a found seal's disc is
#: taken for the seal's ink: it is scanned for faces once, at the working scale, not again.
_SEAL_PATCH_SHARE = 0.9
#: Photo-like patches this close (pixels of the working copy, about a face's height) are
#: scanned as one.
_ROI_JOIN = 16

#: Primary (page pass) cascade, then the verifiers. alt2 has the best recall/precision balance of
#: the stock Haar cascades; default and alt add independent evidence.
_PRIMARY = "haarcascade_frontalface_alt2.xml"
_VERIFIERS = (
    "haarcascade_frontalface_alt2.xml",
    "haarcascade_frontalface_default.xml",
    "haarcascade_frontalface_alt.xml",
)

_TLS = threading.local()


@dataclass(frozen=True)
class PhotoRegion:
    """A portrait photo found on the page.

    ``box`` is the whole photo rectangle (head, hair, shoulders and the photo's background),
    ``face_box`` the detected face inside it, both in input-image pixels, end-exclusive.
    ``score`` is a 0..1 confidence; ``reason`` says briefly what evidence was used.
    ``quad``: on a skewed page, the photo's four corners (input pixels, clockwise from the
    top left), of which ``box`` is the bounding box; None on a page framed as it lies.
    ``edges``: how many of the photo's four edges were seen (0 where proportions framed it).
    """

    box: Box
    score: float
    face_box: Box
    reason: str
    quad: tuple[tuple[float, float], ...] | None = None
    edges: int = 0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"box": list(self.box), "score": self.score,
                               "face_box": list(self.face_box), "reason": self.reason,
                               "edges": self.edges}
        if self.quad is not None:
            out["quad"] = [list(p) for p in self.quad]
        return out

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> PhotoRegion:
        b, f = d["box"], d["face_box"]
        return cls(box=(int(b[0]), int(b[1]), int(b[2]), int(b[3])), score=float(d["score"]),
                   face_box=(int(f[0]), int(f[1]), int(f[2]), int(f[3])),
                   reason=str(d.get("reason", "")),
                   quad=tuple((float(x), float(y)) for x, y in d["quad"]) if d.get("quad") else None,
                   edges=int(d.get("edges", 0)))


# --------------------------------------------------------------------------- cascades


def _cascade(name: str) -> cv2.CascadeClassifier:
    """This thread's instance of the named stock cascade (loaded on first use)."""
    cache: dict[str, cv2.CascadeClassifier] | None = getattr(_TLS, "cascades", None)
    if cache is None:
        cache = {}
        _TLS.cascades = cache
    clf = cache.get(name)
    if clf is None:
        base = getattr(getattr(cv2, "data", None), "haarcascades", "")
        path = os.path.join(base, name)
        clf = cv2.CascadeClassifier(path)
        if clf.empty():
            raise RedactError(
                f"OpenCV Haar cascade {name} not found at {path!r}; the photo finder needs an "
                "opencv-python(-headless) 4.x wheel, which ships them")
        cache[name] = clf
    return clf


# --------------------------------------------------------------------------- public API


@dataclass(frozen=True)
class PhotoPatches:
    """The page's views for the photo finder and where on it a face can be: the cheapest
    part of the page pass, needing nothing but the image (so it can run while seals are
    still being looked for)."""

    rgb: np.ndarray | None
    grey: np.ndarray
    #: ``grey`` scaled by ``scale`` (short side about ``_WORK_SHORT_SIDE`` px).
    small: np.ndarray
    scale: float
    #: The page's paper grey (95th percentile of ``small``).
    paper: float
    #: Smooth mid-tone patches of ``small`` (boxes in its pixels), or None for "scan it all".
    rois: tuple[Box, ...] | None
    #: The patches' seed pixels (``small``'s size, 0/1), which ``rois`` are grown from.
    seed: np.ndarray | None


@dataclass(frozen=True)
class FaceCandidates:
    """The cheap first stage of ``find_photos`` on one upright page: the face candidates of
    the page pass, with the page's views that ``frame_photos`` checks them on. It needs
    nothing but the image and the page's seals, so it can run before the page's text is read."""

    rgb: np.ndarray | None
    grey: np.ndarray
    #: The page's paper grey (95th percentile of the working copy).
    paper: float
    #: Square face boxes in input pixels, strongest first.
    faces: tuple[Box, ...]
    #: ``_confirm``'s answer for faces already put to the verifier cascades
    #: (``confirm_faces``), which ``frame_photos`` then does not ask again.
    confirmed: Mapping[Box, tuple[int, int, Box]] = field(default_factory=dict, compare=False)


def photo_patches(image: np.ndarray) -> PhotoPatches:
    """The first part of the page pass on an upright RGB (or grey) ``uint8`` page."""
    rgb, grey = _split(image)
    h, w = grey.shape
    if min(h, w) < 24:
        return PhotoPatches(rgb, grey, grey, 1.0, 255.0, (), None)
    scale = min(1.0, _WORK_SHORT_SIDE / min(h, w))
    small = grey if scale >= 1.0 else cv2.resize(
        grey, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    # Paper is the bright bulk of the page; tone tests are relative to it, so grey or yellowed
    # scans behave like white ones.
    paper = float(np.percentile(small, 95))
    rois, seed = _photo_like_rois(small, paper)
    return PhotoPatches(rgb, grey, small, scale, paper,
                        tuple(rois) if rois is not None else None, seed)


def face_candidates(image: np.ndarray | PhotoPatches,
                    seal_boxes: Sequence[Box] = ()) -> FaceCandidates:
    """The page pass of ``find_photos`` on an upright RGB (or grey) ``uint8`` page, or on its
    ``photo_patches``. ``seal_boxes``: the page's seals (input pixels); a patch that is
    nothing but a seal's smooth ink is scanned once, at the working scale, and not again at
    finer scales or with the area above it."""
    patches = image if isinstance(image, PhotoPatches) else photo_patches(image)
    rois = patches.rois
    once: frozenset[Box] = frozenset()
    if rois and seal_boxes and patches.seed is not None:
        once = frozenset(r for r in rois
                         if _seal_only(patches.seed, r, seal_boxes, patches.scale))
    faces = tuple(face for face, _ in _page_candidates(
        patches.grey, patches.small, patches.scale, patches.paper, rois, once))
    return FaceCandidates(patches.rgb, patches.grey, patches.paper, faces)


def confirm_faces(cands: FaceCandidates) -> FaceCandidates:
    """``cands`` with every face that passes the tone tests put to the verifier cascades
    (the costly part of ``frame_photos``, and the part that needs only the image): done
    beside the text reader, it leaves ``frame_photos`` little to do once the text is read.
    ``frame_photos`` gives the same photos either way."""
    confirmed: dict[Box, tuple[int, int, Box]] = {}
    for face in cands.faces:
        if face[2] - face[0] < _MIN_FACE or _tone_gate(cands.rgb, cands.grey, face,
                                                       cands.paper) is None:
            continue
        confirmed[face] = _confirm(cands.grey, face)
    return replace(cands, confirmed=confirmed)


def frame_photos(cands: FaceCandidates,
                 text_boxes: Sequence[tuple[int, int, int, int]] = (),
                 seal_boxes: Sequence[tuple[int, int, int, int]] = (),
                 skew: float = 0.0) -> list[PhotoRegion]:
    """The photos around ``cands`` whose faces survive every check (``find_photos``).
    ``skew``: the page's slope (radians, its text lines' ``atan2(dy, dx)``); from
    MIN_SKEW on, the photos are framed on the page turned level, and each comes with its
    turned frame (``PhotoRegion.quad``)."""
    if not cands.faces:
        return []
    if abs(skew) >= MIN_SKEW:
        return _framed_level(cands, text_boxes, seal_boxes, skew)
    h, w = cands.grey.shape
    text_mask = _text_mask(text_boxes, w, h)
    results: list[PhotoRegion] = []
    for face in cands.faces:
        region = _verify_and_frame(cands.rgb, cands.grey, face, cands.paper, text_mask,
                                   seal_boxes, cands.confirmed.get(face))
        if region is not None:
            results.append(region)
    return _suppress_overlaps(results)


#: A page sloping less than this (radians, half a degree) is framed as it lies: an upright
#: box then takes at most 3-4 px past the corners of a photo 400 px high.
MIN_SKEW = math.radians(0.5)


def _framed_level(cands: FaceCandidates, text_boxes: Sequence[Box], seal_boxes: Sequence[Box],
                  skew: float) -> list[PhotoRegion]:
    """``frame_photos`` on the page turned by ``-skew`` about its centre, its frames turned
    back: on a skewed scan an upright box round a tilted photo takes wedges of the page at
    its corners, where a school's seal is often stamped (4-17% of its band masked)."""
    h, w = cands.grey.shape
    turn = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), math.degrees(skew), 1.0)
    back = cv2.invertAffineTransform(turn)

    def moved(m: np.ndarray, pts: np.ndarray) -> np.ndarray:
        return pts @ m[:, :2].T + m[:, 2]

    def corners_of(m: np.ndarray, b: Sequence[float]) -> np.ndarray:
        # Clockwise from the top left, as PhotoRegion.quad.
        return moved(m, np.array([(b[0], b[1]), (b[2], b[1]), (b[2], b[3]), (b[0], b[3])], float))

    def box_of(m: np.ndarray, b: Sequence[float]) -> Box:
        return box_from_points(corners_of(m, b))

    def square_of(b: Box) -> Box:
        # A face box moves with its centre and keeps its size (the cascades' boxes are square).
        cx, cy = moved(turn, np.array([[(b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0]]))[0]
        half = (b[2] - b[0]) / 2.0
        return (int(round(cx - half)), int(round(cy - half)), int(round(cx + half)),
                int(round(cy + half)))

    paper = int(round(cands.paper))
    level = replace(
        cands,
        rgb=None if cands.rgb is None else cv2.warpAffine(
            cands.rgb, turn, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
            borderValue=(paper, paper, paper)),
        grey=cv2.warpAffine(cands.grey, turn, (w, h), flags=cv2.INTER_LINEAR,
                            borderMode=cv2.BORDER_CONSTANT, borderValue=paper),
        faces=tuple(square_of(f) for f in cands.faces),
        confirmed={square_of(f): (v, n, square_of(r)) for f, (v, n, r) in cands.confirmed.items()})
    found = frame_photos(level, [box_of(turn, b) for b in text_boxes],
                         [box_of(turn, b) for b in seal_boxes])
    out = []
    for ph in found:
        quad = corners_of(back, ph.box)
        out.append(replace(ph, box=box_from_points(quad, w, h), face_box=box_of(back, ph.face_box),
                           quad=tuple((float(x), float(y)) for x, y in quad)))
    return out


def find_photos(image: np.ndarray,
                text_boxes: Sequence[tuple[int, int, int, int]] = (),
                seal_boxes: Sequence[tuple[int, int, int, int]] = ()) -> list[PhotoRegion]:
    """Find portrait photos on an upright page.

    ``image`` is an RGB (or grey) ``uint8`` array, ``text_boxes`` optional OCR text-line boxes
    ``(x0, y0, x1, y1)`` in the same pixels; faces mostly covered by text are rejected.
    ``seal_boxes``: seals found on the page; their ink never makes a photo bigger.
    Returns the photos, best score first; an empty list when the page has none.
    The same as ``frame_photos(face_candidates(image, seal_boxes), text_boxes, seal_boxes)``.
    """
    return frame_photos(face_candidates(image, seal_boxes), text_boxes, seal_boxes)


# --------------------------------------------------------------------------- stages


def _split(image: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
    """(RGB or None for grey input, grey) views of ``image``."""
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8:
        raise TypeError("image must be a uint8 numpy array")
    if image.ndim == 2:
        return None, image
    if image.ndim == 3 and image.shape[2] in (3, 4):
        rgb = np.ascontiguousarray(image[:, :, :3])
        return rgb, cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    raise ValueError(f"unsupported image shape {image.shape}")


def _text_mask(text_boxes: Sequence[tuple[int, int, int, int]], w: int, h: int) -> np.ndarray | None:
    if not text_boxes:
        return None
    mask = np.zeros((h, w), np.uint8)
    for x0, y0, x1, y1 in text_boxes:
        x0, y0 = max(0, int(x0)), max(0, int(y0))
        x1, y1 = min(w, int(x1)), min(h, int(y1))
        if x1 > x0 and y1 > y0:
            mask[y0:y1, x0:x1] = 1
    return mask


def _photo_like_rois(small: np.ndarray, paper: float
                     ) -> tuple[list[Box] | None, np.ndarray | None]:
    """Parts of the working image that may hold a face, or None for "scan it all"; and the
    seed pixels they are grown from.

    Skin is smooth continuous tone; text, rules, stars and QR modules are paper plus sharp ink
    strokes. Scanning only around smooth mid-tone patches makes text-only pages nearly free.
    """
    h, w = small.shape
    blur = cv2.GaussianBlur(small, (3, 3), 0)
    mag = np.abs(cv2.Sobel(blur, cv2.CV_16S, 1, 0)) + np.abs(cv2.Sobel(blur, cv2.CV_16S, 0, 1))
    # Sobel of a full black/white edge is ~1000; 80 is a gentle shading gradient of ~20 grey
    # levels per pixel, well below glyph edges.
    smooth_mid = ((mag < 80) & (blur > 25) & (blur < paper - 22)).astype(np.float32)
    density = cv2.boxFilter(smooth_mid, -1, (15, 15))
    seed = (density > 0.3).astype(np.uint8)
    if not seed.any():
        return [], seed
    # Grow by about one large face so the cascade sees hair, chin and background context.
    grown = cv2.dilate(seed, cv2.getStructuringElement(cv2.MORPH_RECT, (61, 61)))
    if float(grown.mean()) > 0.8:
        return None, seed
    n, _, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    rois: list[Box] = []
    for i in range(1, n):
        x, y, bw, bh = (int(v) for v in stats[i, :4])
        if bw >= 20 and bh >= 20:
            rois.append((x, y, min(w, x + bw), min(h, y + bh)))
    return _joined(rois), seed


def _stacked(a: Box, b: Box) -> bool:
    """Whether patches ``a`` and ``b`` lie one above the other, at most ``_ROI_JOIN`` apart,
    sharing half the narrower one's columns."""
    shared = min(a[2], b[2]) - max(a[0], b[0])
    gap = max(a[1], b[1]) - min(a[3], b[3])
    return 2 * shared >= min(a[2] - a[0], b[2] - b[0]) and gap <= _ROI_JOIN


def _joined(rois: list[Box]) -> list[Box]:
    """``rois`` with patches stacked close one above the other taken as one box. A bright
    face is no smooth mid-tone, so a portrait's hair and its clothes can grow into two
    patches, each of which cuts the face between them off at its edge (fresh set 5050's
    title certificate)."""
    out = list(rois)
    while pair := next(((i, j) for i, j in itertools.combinations(range(len(out)), 2)
                        if _stacked(out[i], out[j])), None):
        i, j = pair
        a, b = out[i], out.pop(j)
        out[i] = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
    return out


def _seal_only(seed: np.ndarray, roi: Box, seal_boxes: Sequence[Box], scale: float) -> bool:
    """Whether patch ``roi`` (pixels of ``seed``, the page scaled by ``scale``) grew from
    seed pixels nearly all on a seal's disc (``seal_boxes``, input pixels).

    A seal's flat ink is a smooth mid-tone patch, and one with no face in it was scanned
    again at twice the scale and above: half the page pass on a page with a seal. A photo
    under a seal shows smooth picture beyond the disc, which keeps its patch; a photo on a
    red background, which the seal finder may take for a ring round the head, lies wholly
    on the disc, so such a patch is still scanned once at the working scale."""
    x0, y0, x1, y1 = roi
    part = seed[y0:y1, x0:x1]
    total = int(np.count_nonzero(part))
    if total == 0:
        return False
    disc = np.zeros_like(part)
    for sx0, sy0, sx1, sy1 in seal_boxes:
        # A little past the found edge: the ring's soft outer rim is still the seal.
        cx, cy = 0.5 * (sx0 + sx1) * scale - x0, 0.5 * (sy0 + sy1) * scale - y0
        ax, ay = (sx1 - sx0) * scale * 1.08, (sy1 - sy0) * scale * 1.08
        if cx + ax / 2 < 0 or cy + ay / 2 < 0 or cx - ax / 2 > x1 - x0 or cy - ay / 2 > y1 - y0:
            continue
        cv2.ellipse(disc, ((cx, cy), (ax, ay), 0.0), 1, -1)
    on_disc = int(np.count_nonzero(part & disc))
    return on_disc >= _SEAL_PATCH_SHARE * total


def _page_candidates(grey: np.ndarray, small: np.ndarray, scale: float, paper: float,
                     rois: Sequence[Box] | None,
                     once: Collection[Box] = ()) -> list[tuple[Box, int]]:
    """Square face candidates in full-resolution pixels with their neighbour counts.

    ``small`` is ``grey`` scaled by ``scale``; ``rois`` its patches to scan (None: all of
    it). Where the page has few photo-like patches, a
    patch in which no face fires twice is scanned again at up to twice that scale (never past
    ``grey``'s own): a face in a low-resolution scan is otherwise only just the cascade's 20 px
    window, and fires too rarely to tell from noise. Patches in ``once`` are scanned at the
    working scale only.
    """
    h, w = grey.shape
    short = min(small.shape)
    # Portraits never fill a page; capping the size skips the coarsest pyramid levels.
    max_face = max(24, int(short * 0.7)) / scale
    if rois is None:
        rois = [(0, 0, small.shape[1], small.shape[0])]
    covered = sum((x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in rois) / small.size
    step = _FINE_STEP if covered <= 0.25 else _COARSE_STEP
    fine = min(1.0, 2.0 * scale) if covered <= 0.25 else scale

    def scan(patch: np.ndarray, s: float, ox: float, oy: float) -> list[list[float]]:
        # Hits as [x, y, size] in full-resolution pixels.
        limit = max(20, int(max_face * s))
        rects = _cascade(_PRIMARY).detectMultiScale(
            patch, scaleFactor=step, minNeighbors=0, minSize=(20, 20), maxSize=(limit, limit))
        return [[x / s + ox, y / s + oy, sz / s] for x, y, sz, _ in
                np.asarray(rects).reshape(-1, 4).tolist()]

    def fired(hits: list[list[float]]) -> bool:
        # A face fires at neighbouring positions or sizes; a lone hit is noise.
        return any(c[3] >= 2 for c in _group(hits))

    raw: list[list[float]] = []
    for x0, y0, x1, y1 in rois:
        hits = scan(small[y0:y1, x0:x1], scale, x0 / scale, y0 / scale)
        if (x0, y0, x1, y1) in once:
            raw += hits
            continue
        if fine > scale and not fired(hits):
            fx0, fy0 = int(x0 / scale), int(y0 / scale)
            fx1, fy1 = min(w, int(np.ceil(x1 / scale))), min(h, int(np.ceil(y1 / scale)))
            patch = grey[fy0:fy1, fx0:fx1]
            if fine < 1.0:
                patch = cv2.resize(patch, (max(1, round(patch.shape[1] * fine)),
                                           max(1, round(patch.shape[0] * fine))),
                                   interpolation=cv2.INTER_AREA)
            hits = scan(patch, fine, float(fx0), float(fy0))
        if y0 > 0 and not fired(hits):
            # The smooth patch may be only the clothes: a small bright face, its hair and
            # eyes busy at this scale, sits above them.
            up = max(0, y0 - (y1 - y0) // 2)
            hits = scan(small[up:y1, x0:x1], scale, x0 / scale, up / scale)
        raw += hits
    found = _clustered(raw, w, h)
    if fine > scale or scale >= 1.0:
        return found
    # A whole page scanned coarsely: a small photo's face, just the cascade's window here,
    # may fire once where the window around the whole photo fires thrice (a 107 x 147 px
    # title-certificate photo at 200 dpi, seed 6135, 0%). Inside the largest such
    # candidates the scan runs again at twice the scale.
    inner: list[list[float]] = []
    twice = min(1.0, 2.0 * scale)
    big = [b for b, _ in found if (b[2] - b[0]) * scale >= _HOLDS_FACE * 20]
    for x0, y0, x1, y1 in sorted(big, key=lambda b: b[0] - b[2])[:_INNER_SCANS]:
        patch = cv2.resize(grey[y0:y1, x0:x1], (max(1, round((x1 - x0) * twice)),
                                                max(1, round((y1 - y0) * twice))),
                           interpolation=cv2.INTER_AREA) if twice < 1.0 else grey[y0:y1, x0:x1]
        limit = max(20, int((x1 - x0) * twice / _HOLDS_FACE))
        rects = _cascade(_PRIMARY).detectMultiScale(
            patch, scaleFactor=_FINE_STEP, minNeighbors=0, minSize=(20, 20),
            maxSize=(limit, limit))
        inner += [[x / twice + x0, y / twice + y0, sz / twice] for x, y, sz, _ in
                  np.asarray(rects).reshape(-1, 4).tolist()]
    extra = [c for c in _clustered(inner, w, h)
             if not any(_iou(c[0], other) > 0.5 for other, _ in found)]
    return (found + extra)[:_MAX_CANDIDATES]


#: A candidate at least this many times the cascade's window across (at the working scale)
#: may hold a smaller face; at most _INNER_SCANS of them, the largest, are scanned inside.
_HOLDS_FACE = 3
_INNER_SCANS = 3


def _clustered(hits: Sequence[Sequence[float]], w: int, h: int) -> list[tuple[Box, int]]:
    """Face candidates (boxes within a ``w`` x ``h`` page, with their hit counts) from cascade
    hits ``[x, y, size]``: clusters of two or more, the most hit first, none overlapping one
    before it by more than half, at most _MAX_CANDIDATES."""
    found: list[tuple[Box, int]] = []
    for sx, sy, ss, n in sorted(_group(hits), key=lambda c: -c[3]):
        if n < 2:
            break  # a lone hit is noise; a real face fires at neighbouring positions or sizes
        mx, my, msz = sx / n, sy / n, ss / n
        box = (max(0, int(mx - msz / 2)), max(0, int(my - msz / 2)),
               min(w, int(mx + msz / 2)), min(h, int(my + msz / 2)))
        if any(_iou(box, other) > 0.5 for other, _ in found):
            continue
        found.append((box, int(n)))
        if len(found) >= _MAX_CANDIDATES:
            break
    return found


def _group(hits: Sequence[Sequence[float]]) -> list[list[float]]:
    """Cascade hits ``[x, y, size]`` grouped as ``[sum cx, sum cy, sum size, count]``.

    Our own grouping: OpenCV's (eps 0.2) keeps hits of neighbouring sizes apart and drops
    small clusters inside bigger ones, which at a coarse pyramid step loses small faces inside
    a photo-sized false hit."""
    clusters: list[list[float]] = []
    for x, y, sz in sorted(hits, key=lambda r: r[2]):
        cx, cy = x + sz / 2, y + sz / 2
        for c in clusters:
            n = c[3]
            csz = c[2] / n
            if (abs(cx - c[0] / n) < 0.3 * csz and abs(cy - c[1] / n) < 0.3 * csz
                    and 0.7 < sz / csz < 1.45):
                c[0] += cx
                c[1] += cy
                c[2] += sz
                c[3] += 1
                break
        else:
            clusters.append([cx, cy, float(sz), 1.0])
    return clusters


def _verify_and_frame(rgb: np.ndarray | None, grey: np.ndarray, face: Box, paper: float,
                      text_mask: np.ndarray | None,
                      seal_boxes: Sequence[Box] = (),
                      confirmed: tuple[int, int, Box] | None = None) -> PhotoRegion | None:
    """The photo around candidate ``face`` if the face survives every check, else None.
    ``confirmed``: ``_confirm(grey, face)``, when already known."""
    fw = face[2] - face[0]
    if fw < _MIN_FACE:
        return None

    # Text check first: it is the cheapest and OCR boxes are strong evidence against a face.
    if text_mask is not None and _share(text_mask, face) > 0.35:
        return None

    # A "face" inside a seal's ring (its lettering and star, a faint seal fooled two cascades)
    # holds little but the seal's ink, the text under it and paper; a photo under a seal
    # still shows its picture between the strokes.
    if rgb is not None and seal_boxes and _seal_lettering(rgb, grey, face, paper, text_mask,
                                                          seal_boxes):
        return None

    # Tone and colour first: they are cheap and reject most seal and text candidates outright.
    # An overexposed photo (a bright face on a photocopied ID card) has half its face as
    # light as the paper: it passes the looser tone test only on the cascades' full say.
    bright = _tone_gate(rgb, grey, face, paper)
    if bright is None:
        return None
    votes, best_n, refined = confirmed if confirmed is not None else _confirm(grey, face)
    # Clear faces collect dozens of neighbours at the normalised size; glyphs and seal parts
    # that fool two cascades rarely reach ten.
    if votes < 2 or best_n < _MIN_NEIGHBOURS:
        return None
    if bright and (votes < 3 or best_n < _BRIGHT_NEIGHBOURS):
        return None
    if best_n < _GREY_SEAL_NEIGHBOURS and seal_boxes and _on_grey_seal(rgb, face, seal_boxes):
        return None
    face = refined
    # Again: the refined box may have moved.
    midtone = _tone_checks(rgb, grey, face, paper, paper_limit=_BRIGHT_PAPER if bright else 0.4)
    if midtone is None:
        return None

    box, sides, pads = _photo_box(grey, face)
    # A seal whose disc holds the whole face is no seal stamped across the photo's edge: it is
    # a red photo background that the seal finder took for a ring round the head (or a seal
    # stamped over the face itself). Either way the photo's own frame is masked whole.
    seal_boxes = [b for b in seal_boxes if not _disc_holds(b, face)]
    # A pad on ink past the seen edge most likely lies on a seal too: one stamped across the
    # photo's edge is often not found (half its ring is on the photo) or found too big (its
    # ink runs into the photo's warm tones), while a photo's rim ends on paper.
    on_seals = _pads_on_seals(box, pads, seal_boxes) if rgb is not None else {}
    box = _unpad(grey, box, {**on_seals, **_pads_on_ink(grey, box, pads, paper)})
    if "bottom" in pads and not {"left", "right"} <= set(pads):
        box = _sides_at_shoulders(grey, rgb, box, face, paper, pads)
    if sides < 4:
        # Three seen edges make a frame to trust; a lone one may be a collar or a hairline.
        box = _grow_to_content(grey, box, face, paper, rgb, seal_boxes,
                               fixed=tuple(pads) if sides >= 3 else ())
    if text_mask is not None and _share(text_mask, box) > 0.5:
        return None

    score = (0.40 * votes / 3 + 0.20 * min(1.0, best_n / 40) + 0.25 * min(1.0, midtone / 0.8)
             + 0.15 * sides / 4)
    how = f"{sides}/4 photo edges" if sides else "head-and-shoulders proportions"
    reason = f"face confirmed by {votes}/3 cascades; {how}"
    return PhotoRegion(box=box, score=round(min(1.0, score), 3), face_box=face, reason=reason,
                       edges=sides)


def _sides_at_shoulders(grey: np.ndarray, rgb: np.ndarray | None, box: Box, face: Box,
                        paper: float, pads: Mapping[str, float]) -> Box:
    """``box`` with its unseen left or right side (not in ``pads``) moved in to where the
    picture's content ends just above the photo's seen bottom edge: a portrait's shoulders
    are cut by the photo's sides, and on a white backdrop they are all that shows where
    the sides are (the proportions' guess put them 15-30 px out, over a school's seal
    stamped there). Only where the shoulders span a portrait's width and stop inside the
    guess."""
    w = grey.shape[1]
    fw = face[2] - face[0]
    cx = (face[0] + face[2]) / 2.0
    pad = _edge_pad(fw)
    x0, y0, x1, y1 = box
    bottom = y1 - pads["bottom"]
    ya, yb = max(0, int(bottom - 0.25 * fw)), max(0, int(bottom - 0.05 * fw))
    xa, xb = max(0, int(x0)), min(w, int(x1))
    if yb - ya < 2 or xb - xa < 2 * fw:
        return box
    content = np.abs(grey[ya:yb, xa:xb].astype(np.int16) - int(paper)) > _CONTENT_STEP
    if rgb is not None:
        # Not a seal's ink stamped there.
        content &= ~_seal_hued(rgb[ya:yb, xa:xb].astype(np.int16))
    cols = content.mean(axis=0) >= 0.5
    at = int(round(cx)) - xa
    if not 0 <= at < len(cols) or not cols[at]:
        return box
    # The run of content columns under the face, bridging gaps up to a sixth of a face (a
    # zip, a badge, a seal's star on the jacket).
    bridged = cv2.morphologyEx(cols.astype(np.uint8)[None, :], cv2.MORPH_CLOSE,
                               np.ones((1, max(5, fw // 6)), np.uint8))[0] > 0
    gaps = np.flatnonzero(~bridged)
    left = int(gaps[gaps < at].max()) + 1 if (gaps < at).any() else 0
    right = int(gaps[gaps > at].min()) - 1 if (gaps > at).any() else len(cols) - 1
    if right - left < 1.6 * fw:
        return box
    out = [float(x0), float(y0), float(x1), float(y1)]
    if "left" not in pads and left > 2:
        out[0] = max(out[0], xa + left - pad)
    if "right" not in pads and right < len(cols) - 3:
        out[2] = min(out[2], xa + right + 1 + pad)
    return (int(round(out[0])), int(y0), int(round(out[2])), int(y1))


def _share(mask: np.ndarray, box: Box) -> float:
    """The share of ``box``'s pixels that are set in ``mask``, over the part of it on the page
    (a face turned level with its page may stick out past an edge); 0 off the page."""
    h, w = mask.shape[:2]
    x0, y0, x1, y1 = max(0, box[0]), max(0, box[1]), min(w, box[2]), min(h, box[3])
    if x1 <= x0 or y1 <= y0:
        return 0.0
    return float(mask[y0:y1, x0:x1].mean())


def _disc_holds(seal: Box, box: Box) -> bool:
    """Whether the ellipse inscribed in ``seal`` holds every corner of ``box``."""
    return all(_in_disc(seal, x, y) for x in (box[0], box[2]) for y in (box[1], box[3]))


def _seal_lettering(rgb: np.ndarray, grey: np.ndarray, face: Box, paper: float,
                    text_mask: np.ndarray | None, seal_boxes: Sequence[Box]) -> bool:
    """Whether candidate ``face`` lies mostly on a found seal's disc and shows almost nothing
    there but the seal's ink, text lines and paper (less than _SEAL_FACE_CONTENT of it darker
    than the paper round it, which on a lit photo of a page is greyer than ``paper``)."""
    _, disc = _seal_ink(rgb, seal_boxes, face)
    if disc.size == 0 or float(disc.mean()) < 0.5:
        return False
    fx0, fy0, fx1, fy1 = face
    window = grey[fy0:fy1, fx0:fx1]
    # Seal ink is red with as much green as blue (215,40,45; faint: 245,205,205); skin is
    # reddish too, but with more green than blue (205,155,125), and must count as content.
    c = rgb[fy0:fy1, fx0:fx1].astype(np.int16)
    g, b = c[:, :, 1], c[:, :, 2]
    ink = ((c[:, :, 0] - np.maximum(g, b)) > 12) & (np.abs(g - b) <= 12) & disc
    ink = np.asarray(cv2.dilate(ink.astype(np.uint8), np.ones((3, 3), np.uint8)), dtype=bool)
    # The paper's own level there: a phone photo of the page is lit unevenly.
    local = min(paper, float(np.percentile(window, 90)))
    content = (window < local - 25) & ~ink
    if text_mask is not None:
        content &= text_mask[fy0:fy1, fx0:fx1] == 0
    return float(content.mean()) < _SEAL_FACE_CONTENT


def _on_grey_seal(rgb: np.ndarray | None, face: Box, seal_boxes: Sequence[Box]) -> bool:
    """Whether candidate ``face`` lies at least half on a found seal's disc whose ink there
    is not red (a grey scan's or photocopy's seal; any seal on a grey page)."""
    ink, disc = (None, _discs(seal_boxes, face)) if rgb is None \
        else _seal_ink(rgb, seal_boxes, face)
    if disc.size == 0 or float(disc.mean()) < 0.5:
        return False
    # A red seal's ink, even a faint one, is a tenth of its disc; a grey one's shows none.
    return ink is None or float(ink[disc].mean()) < 0.02


def _seal_hued(c: np.ndarray) -> np.ndarray:
    """Where the pixels of ``c`` (RGB, signed ints) are in a seal's red: red over the others
    by more than 25 levels, with as much green as blue (within 10; an orange jacket or skin
    has more green)."""
    return ((c[:, :, 0] - np.maximum(c[:, :, 1], c[:, :, 2])) > 25) \
        & (np.abs(c[:, :, 1] - c[:, :, 2]) <= 10)


def _discs(seal_boxes: Sequence[Box], window: Box) -> np.ndarray:
    """Mask (bool, ``window``'s size) of the found seals' discs over ``window`` of the page,
    a little past each found edge: the ring's soft outer rim is still the seal."""
    wx0, wy0, wx1, wy1 = window
    disc = np.zeros((max(0, wy1 - wy0), max(0, wx1 - wx0)), np.uint8)
    for x0, y0, x1, y1 in seal_boxes:
        cv2.ellipse(disc, ((0.5 * (x0 + x1) - wx0, 0.5 * (y0 + y1) - wy0),
                           (float(x1 - x0) + 10.0, float(y1 - y0) + 10.0), 0.0), 1, -1)
    return disc > 0


def _seal_ink(rgb: np.ndarray, seal_boxes: Sequence[Box],
              window: Box) -> tuple[np.ndarray, np.ndarray]:
    """Masks, over ``window`` of the page, of the found seals' ink (reddish, inside a seal's
    ellipse: a faint pink seal is far less red than the ``_grow_to_content`` cut for strong
    red) and of their discs."""
    wx0, wy0, wx1, wy1 = window
    # Two pixels more each side, so the rim's dilation sees ink just outside the window.
    h, w = rgb.shape[:2]
    px0, py0, px1, py1 = max(0, wx0 - 2), max(0, wy0 - 2), min(w, wx1 + 2), min(h, wy1 + 2)
    disc = _discs(seal_boxes, (px0, py0, px1, py1))
    c = rgb[py0:py1, px0:px1].astype(np.int16)
    reddish = (c[:, :, 0] - np.maximum(c[:, :, 1], c[:, :, 2])) > 12
    ink = (disc & reddish).astype(np.uint8)
    # The ink's soft, JPEG-smeared rim is hardly red but still differs from paper.
    rim = np.asarray(cv2.dilate(ink, np.ones((5, 5), np.uint8)), dtype=bool) & disc
    inner = (slice(wy0 - py0, wy1 - py0), slice(wx0 - px0, wx1 - px0))
    return rim[inner], disc[inner]


def _grow_to_content(grey: np.ndarray, box: Box, face: Box, paper: float,
                     rgb: np.ndarray | None = None, seal_boxes: Sequence[Box] = (),
                     fixed: Sequence[str] = ()) -> Box:
    """Extend ``box`` over the picture's own content around the face (hair, shoulders, a
    coloured background) where some frame edges were not found: a photo on paper-white
    background or a skewed one is otherwise cut short at the proportion guess. Sides named
    in ``fixed`` ("left", "top", "right", "bottom") were seen as edges and do not move:
    content past a seen edge is something touching the photo (a grey seal's ring)."""
    h, w = grey.shape
    fx0, fy0, fx1, fy1 = face
    fw = fx1 - fx0
    # Search no further than a generous head-and-shoulders window around the face.
    sx0, sx1 = max(0, fx0 - 2 * fw), min(w, fx1 + 2 * fw)
    sy0, sy1 = max(0, fy0 - fw), min(h, fy1 + 4 * fw)
    # Blurred, and against the paper round the photo: on a speckled grey scan the page-wide
    # paper level and single pixels make the paper itself "content", which then joins the
    # photo to the page's edge and nothing grows.
    win = cv2.medianBlur(np.ascontiguousarray(grey[sy0:sy1, sx0:sx1]), 5)
    local = float(np.percentile(win, 90))
    differs = np.abs(win.astype(np.int16) - int(min(paper, local))) > _CONTENT_STEP
    if rgb is not None:
        # A school's seal stamped across the photo's corner is not part of the photo; its ink
        # is thin strokes, whereas a red photo background or an orange jacket is solid.
        c = rgb[sy0:sy1, sx0:sx1].astype(np.int16)
        red = ((c[:, :, 0] - np.maximum(c[:, :, 1], c[:, :, 2]) > 50) & (c[:, :, 0] > 120))
        solid = cv2.morphologyEx(red.astype(np.uint8), cv2.MORPH_OPEN, np.ones((9, 9), np.uint8))
        differs &= ~(red & (solid == 0))
        # So is the rest of a seal not found (half of it on the photo), in the seal's red (as
        # much green as blue; an orange jacket or skin has more green): its ring's stroke,
        # narrower than a quarter face, and its star, solid but small. A red photo background
        # is that red too, but solid over many faces.
        seal_red = (_seal_hued(c) & (c[:, :, 0] > 120)).astype(np.uint8)
        k = max(9, fw // 4)
        broad = cv2.morphologyEx(seal_red, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
        _, labels, stats, _ = cv2.connectedComponentsWithStats(broad, connectivity=8)
        big = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] >= 0.5 * fw * fw)
        differs &= ~((seal_red > 0) & ~np.isin(labels, big[big > 0]))
    seal_ink = _seal_ink(rgb, seal_boxes, (sx0, sy0, sx1, sy1)) if rgb is not None and seal_boxes else None
    if seal_ink is not None:
        differs &= ~seal_ink[0]
    content = np.asarray(cv2.morphologyEx(differs.astype(np.uint8), cv2.MORPH_CLOSE,
                                          np.ones((5, 5), np.uint8)))

    bx0, by0, bx1, by1 = box

    def photo_component(content: np.ndarray) -> tuple[np.ndarray, np.ndarray, int] | None:
        _, labels, stats, _ = cv2.connectedComponentsWithStats(content, connectivity=8)
        # The photo is the content that most of the face box belongs to (a bright face's
        # own centre may be as light as the paper).
        in_face = labels[max(0, fy0 - sy0):max(0, fy1 - sy0), max(0, fx0 - sx0):max(0, fx1 - sx0)]
        counts = np.bincount(in_face.ravel(), minlength=1)
        counts[0] = 0
        lab = int(np.argmax(counts))
        if lab == 0:
            return None
        x, y, cw, ch, _area = stats[lab]
        # A component reaching the window's edge is the page's text or a table, not the photo.
        if x == 0 or y == 0 or x + cw >= content.shape[1] or y + ch >= content.shape[0]:
            return None
        # Nor is one wider than any portrait round this face (a 1-inch photo is about 2.5
        # face boxes wide): a seal stamped on the photo's corner has joined it.
        if cw > _MAX_PHOTO_FACES * fw:
            return None
        return labels, stats, lab

    found = photo_component(content)
    if found is None:
        # Strokes may tie the photo to the page: a grey seal's ring or a line of text
        # touching it. The photo itself is solid; keep what survives an opening about a
        # sixth of a face wide (a ring's stroke is narrower).
        k = max(9, fw // 6)
        solid_content = cv2.morphologyEx(content, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
        found = photo_component(np.asarray(solid_content))
        if found is None:
            return box
    labels, stats, lab = found
    x, y, cw, ch, _area = stats[lab]
    grown = [min(bx0, sx0 + x), min(by0, sy0 + y), max(bx1, sx0 + x + cw), max(by1, sy0 + y + ch)]
    if seal_ink is not None:
        # A side whose new content lies mostly in a seal's disc grew along the seal (its faint
        # rim, its lettering), not the photo.
        comp = labels == lab
        inside = comp & seal_ink[1]
        strips = [(grown[0], grown[1], bx0, grown[3]), (grown[0], grown[1], grown[2], by0),
                  (bx1, grown[1], grown[2], grown[3]), (grown[0], by1, grown[2], grown[3])]
        keep = [bx0, by0, bx1, by1]
        for i, (x0, y0, x1, y1) in enumerate(strips):
            # Strips in window pixels (the component lies inside the window).
            ys = slice(max(0, y0 - sy0), max(0, y1 - sy0))
            xs = slice(max(0, x0 - sx0), max(0, x1 - sx0))
            new = int(comp[ys, xs].sum())
            if new and int(inside[ys, xs].sum()) > 0.5 * new:
                grown[i] = keep[i]
    for i, side in enumerate(_SIDES):
        if side in fixed:
            grown[i] = box[i]
    if set(fixed) == {"left", "right", "bottom"}:
        grown[1] = _top_of_solid_photo(labels == lab, (sx0, sy0), box, fw, grown[1])
    return (int(grown[0]), int(grown[1]), int(grown[2]), int(grown[3]))


def _top_of_solid_photo(comp: np.ndarray, origin: tuple[int, int], box: Box, fw: int,
                        top: int) -> int:
    """The top for a photo whose other three edges were seen but not its top: a photo's top
    edge may lie closer to the face than the band it is looked for in (a tight crop to the
    hair), or run slanted on a skewed scan, and the head-and-shoulders guess then masks a
    strip of page above it. When the photo's content (``comp``, in window pixels from
    ``origin``) spans the width between the seen sides within a skew's few rows of its top,
    its top is the photo's own; a photo on a background as light as the paper shows only the
    hair there and keeps ``top``."""
    ox, oy = origin
    bx0, _by0, bx1, _by1 = box
    rows = np.flatnonzero(comp.any(axis=1))
    if rows.size == 0:
        return top
    first = int(rows[0])
    xa, xb = max(0, bx0 - ox), min(comp.shape[1], bx1 - ox)
    # The sides came padded; the content between them, well inside.
    pad = _edge_pad(fw)
    inner = comp[:, int(xa + 2 * pad):int(xb - 2 * pad)]
    if inner.shape[1] < 8:
        return top
    # A skew of 3 degrees drops the top edge by 5% of the photo's width from corner to corner.
    slack = int(math.ceil(0.05 * (bx1 - bx0))) + 4
    cover = inner[first:first + slack].mean(axis=1)
    if cover.size == 0 or float(cover.max()) < 0.9:
        return top
    return max(top, int(math.floor(oy + first - pad)))


def _confirm(grey: np.ndarray, face: Box) -> tuple[int, int, Box]:
    """Re-run the verifier cascades on a face-normalised crop around ``face``.

    Returns (number of cascades that agree, their best neighbour count, the face box averaged
    over the agreeing detections, in page pixels).
    """
    h, w = grey.shape
    fx0, fy0, fx1, fy1 = face
    fw = fx1 - fx0
    m = int(round(0.6 * fw))
    cx0, cy0 = max(0, fx0 - m), max(0, fy0 - m)
    cx1, cy1 = min(w, fx1 + m), min(h, fy1 + m)
    k = _VERIFY_FACE / fw
    crop = cv2.resize(grey[cy0:cy1, cx0:cx1], (max(1, round((cx1 - cx0) * k)),
                                               max(1, round((cy1 - cy0) * k))),
                      interpolation=cv2.INTER_AREA if k < 1 else cv2.INTER_LINEAR)
    target = ((fx0 - cx0) * k, (fy0 - cy0) * k, (fx1 - cx0) * k, (fy1 - cy0) * k)
    lo, hi = int(_VERIFY_FACE * 0.75), int(_VERIFY_FACE * 1.35)
    votes, best_n = 0, 0
    agreeing: list[tuple[float, float, float, float]] = []
    for i, name in enumerate(_VERIFIERS):
        if votes + (len(_VERIFIERS) - i) < 2:
            break  # two votes are needed; no point running the rest
        rects, counts = _cascade(name).detectMultiScale2(
            crop, scaleFactor=1.08, minNeighbors=3, minSize=(lo, lo), maxSize=(hi, hi))
        best: tuple[float, int, tuple[float, float, float, float]] | None = None
        for (x, y, s, _), n in zip(np.asarray(rects).reshape(-1, 4).tolist(),
                                   np.asarray(counts).reshape(-1).tolist()):
            r = (float(x), float(y), float(x + s), float(y + s))
            o = _iou(r, target)
            if o >= 0.35 and (best is None or n > best[1]):
                best = (o, int(n), r)
        if best is not None:
            votes += 1
            best_n = max(best_n, best[1])
            agreeing.append(best[2])
    if not agreeing:
        return 0, 0, face
    a = np.mean(np.array(agreeing), axis=0)
    refined = (int(round(cx0 + a[0] / k)), int(round(cy0 + a[1] / k)),
               int(round(cx0 + a[2] / k)), int(round(cy0 + a[3] / k)))
    refined = (max(0, refined[0]), max(0, refined[1]), min(w, refined[2]), min(h, refined[3]))
    return votes, best_n, refined


def _tone_checks(rgb: np.ndarray | None, grey: np.ndarray, face: Box,
                 paper: float, paper_limit: float = 0.4) -> float | None:
    """Mid-tone fraction of the face core, or None if it looks like ink, paper or a seal
    (more than ``paper_limit`` of it as light as the paper, among other tests).

    A photographed face is continuous tone: eyes, cheeks and nose sit between paper white and
    ink black. Text, stars, QR modules and line art are mostly paper plus ink.
    """
    fx0, fy0, fx1, fy1 = face
    fw, fh = fx1 - fx0, fy1 - fy0
    # The core (central 60 %) skips the hair and background corners of the Haar box.
    core = (fx0 + int(0.2 * fw), fy0 + int(0.2 * fh), fx1 - int(0.2 * fw), fy1 - int(0.2 * fh))
    g = grey[core[1]:core[3], core[0]:core[2]]
    if g.size == 0:
        return None
    g = cv2.GaussianBlur(g, (3, 3), 0)
    gf = g.astype(np.float32)
    paper_frac = float((gf >= paper - 18).mean())
    ink_frac = float((gf <= 40).mean())
    midtone = 1.0 - paper_frac - ink_frac
    if midtone < 1.0 - paper_limit - 0.15 or paper_frac > paper_limit:
        return None
    if float(gf.std()) < 6.0:
        return None  # a flat patch (filled shape, blank frame) has no facial features
    if _otsu_separation(g) > 0.84:
        return None  # two clean tone clusters: ink strokes on paper, not shaded skin
    if rgb is not None:
        hsv = cv2.cvtColor(rgb[core[1]:core[3], core[0]:core[2]], cv2.COLOR_RGB2HSV)
        hue, sat, val = hsv[:, :, 0], hsv[:, :, 1], hsv[:, :, 2]
        # Seal red (hue <= 14 deg or >= 320 deg) and stamp blue at high saturation: skin is
        # orange (hue ~10-40 deg) and less saturated, so a face core has almost none of it.
        ink = (sat > 115) & (val > 64) & ((hue <= 7) | (hue >= 160) | ((hue >= 95) & (hue <= 135)))
        if float(ink.mean()) > 0.2:
            return None
    return midtone


def _tone_gate(rgb: np.ndarray | None, grey: np.ndarray, face: Box, paper: float) -> bool | None:
    """None when candidate ``face`` fails the tone tests; else whether it passed only at the
    overexposed limit (``_BRIGHT_PAPER``), which then asks more of the cascades."""
    bright = _tone_checks(rgb, grey, face, paper) is None
    if bright and _tone_checks(rgb, grey, face, paper, paper_limit=_BRIGHT_PAPER) is None:
        return None
    return bright


def _otsu_separation(g: np.ndarray) -> float:
    """Otsu's between-class share of the variance (0..1): near 1 for two-tone ink on paper."""
    flat = g.reshape(-1, 1)
    t, _ = cv2.threshold(flat, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    v = flat.astype(np.float32)
    lo, hi = v[v <= t], v[v > t]
    var = float(v.var())
    if lo.size == 0 or hi.size == 0 or var <= 0:
        return 0.0
    p = lo.size / v.size
    return float(p * (1 - p) * (float(lo.mean()) - float(hi.mean())) ** 2 / var)


def _edge_pad(fw: float) -> float:
    """How far (px) a photo's mask reaches past its edge, for a face box ``fw`` px wide:
    scanned borders are blurred over a few px and an ID-card portrait fades into the card,
    and a mask that stops short leaks the photo's rim."""
    return max(3.0, 0.08 * fw)


#: Grey levels from the paper's within which a row below a photo's top edge is blank paper.
_TOP_PAPER = 10


#: How near the face's centre (in face widths, from its centre and from its top) a photo's
#: side and bottom may be: a face big in its photo put them 0.84 and 1.6 face widths out.
_NEAR_SIDE = 0.72
_NEAR_BOTTOM = 1.45


def _photo_box(grey: np.ndarray, face: Box) -> tuple[Box, int, dict[str, float]]:
    """The photo rectangle around ``face``, how many of its sides came from a seen edge, and
    the safety pad (px) pushed out past each seen edge."""
    h, w = grey.shape
    fx0, fy0, fx1, fy1 = face
    fw = float(fx1 - fx0)
    cx = (fx0 + fx1) / 2.0

    # Head-and-shoulders proportions for a Haar face box: the crown is ~0.6 face widths above
    # the box (plus margin for hair), a 1-inch photo is ~2.4 face widths wide and 0.71-0.8 as
    # wide as tall. Slightly generous, since a too-small mask leaks the face.
    fb = {"left": cx - 1.25 * fw, "right": cx + 1.25 * fw,
          "top": fy0 - 0.85 * fw, "bottom": fy0 + 2.45 * fw}

    # Bands where each side of a portrait can be, and the span along which its edge must run
    # (kept inside the photo, beside or below the face).
    rx0, ry0 = max(0, int(cx - 1.8 * fw)), max(0, int(fy0 - 1.55 * fw))
    rx1, ry1 = min(w, int(cx + 1.8 * fw) + 1), min(h, int(fy0 + 3.5 * fw) + 1)
    roi = cv2.GaussianBlur(grey[ry0:ry1, rx0:rx1], (5, 5), 0).astype(np.int16)
    if roi.shape[0] < 8 or roi.shape[1] < 8:
        return _clip_box(fb, w, h), 0, {}
    # The paper round the photo (the window reaches past it on every side).
    paper = float(np.percentile(roi, 90))
    step = 2
    # Signed steps of >= 14 grey levels across 4 px: faint enough for a pale photo background
    # on white paper, and a real border keeps one sign along its whole length, whereas busy
    # content (hair, collars, patterns) mixes both signs.
    dx = np.zeros_like(roi)
    dx[:, step:-step] = roi[:, 2 * step:] - roi[:, :-2 * step]
    dy = np.zeros_like(roi)
    dy[step:-step, :] = roi[2 * step:, :] - roi[:-2 * step, :]
    # Tolerate a 1-px wobble of scanned straight lines.
    kx, ky = np.ones((1, 3), np.uint8), np.ones((3, 1), np.uint8)
    ex = (cv2.dilate((dx >= 14).astype(np.uint8), kx), cv2.dilate((dx <= -14).astype(np.uint8), kx))
    ey = (cv2.dilate((dy >= 14).astype(np.uint8), ky), cv2.dilate((dy <= -14).astype(np.uint8), ky))

    def col_line(xa: float, xb: float, ya: float, yb: float, nearest_high: bool) -> float | None:
        """x of the best vertical edge in x-band [xa, xb] measured along rows [ya, yb)."""
        xa_i, xb_i = int(max(rx0, xa)) - rx0, int(min(rx1, xb)) - rx0
        ya_i, yb_i = int(max(ry0, ya)) - ry0, int(min(ry1, yb)) - ry0
        if xb_i - xa_i < 2 or yb_i - ya_i < 4:
            return None
        frac = np.maximum(ex[0][ya_i:yb_i, xa_i:xb_i].mean(axis=0),
                          ex[1][ya_i:yb_i, xa_i:xb_i].mean(axis=0))
        return _pick(frac, xa_i, rx0, nearest_high)

    def row_line(ya: float, yb: float, xa: float, xb: float, nearest_high: bool) -> float | None:
        ya_i, yb_i = int(max(ry0, ya)) - ry0, int(min(ry1, yb)) - ry0
        xa_i, xb_i = int(max(rx0, xa)) - rx0, int(min(rx1, xb)) - rx0
        if yb_i - ya_i < 2 or xb_i - xa_i < 4:
            return None
        frac = np.maximum(ey[0][ya_i:yb_i, xa_i:xb_i].mean(axis=1),
                          ey[1][ya_i:yb_i, xa_i:xb_i].mean(axis=1))
        if not nearest_high:
            # The bottom: a photo ends where the page begins. A line across the photo (a
            # helmet's ring, a collar) has more picture below it, not paper; then the bottom
            # is the first row past it from which the page is blank paper across the photo's
            # width (the photo's own edge, skewed, may be too slanted to count as a line).
            rows = np.flatnonzero(frac >= 0.75)
            if rows.size:
                plain = np.mean(np.abs(roi[:, xa_i:xb_i] - paper) <= 20, axis=1) >= 0.8
                first = ya_i + int(rows[0])
                if not plain[first + 4:first + 9].all():
                    for y in range(first + 4, min(len(plain) - 5, yb_i + 8)):
                        if plain[y:y + 5].all():
                            return float(ry0 + y + 1)
        edge = _pick(frac, ya_i, ry0, nearest_high)
        if nearest_high and edge is not None:
            # The top: a photo begins where the page ends. An edge with blank paper right
            # below it across the photo's width is something above the photo (the bottom of
            # a diploma's title, a rule), the photo's own top too pale to show.
            row = int(edge) - ry0 + 2
            below = np.abs(roi[row + 4:row + 9, xa_i:xb_i] - paper) <= _TOP_PAPER
            if below.size and (below.mean(axis=1) >= 0.8).all():
                return None
        return edge

    # Sides first, measured beside the face where a portrait's background is plain.
    span_y = (fy0, fy1 + 0.4 * fw)
    in_band: dict[str, float | None] = {
        "left": col_line(cx - 1.75 * fw, cx - 0.9 * fw, *span_y, nearest_high=True),
        "right": col_line(cx + 0.9 * fw, cx + 1.75 * fw, *span_y, nearest_high=False),
    }

    def seen(near: bool) -> dict[str, float | None]:
        """The photo's seen edges (page px): the sides seen in their bands, then top and
        bottom along the whole width between them, which a real photo edge spans but a
        collar, shoulder line or hairline inside the photo does not. ``near``: a side or
        bottom not seen in its band is looked for nearer the face too (a face big in its
        photo, or off its centre)."""
        found = dict(in_band)
        if near:
            closer = {
                "left": col_line(cx - 0.9 * fw, cx - _NEAR_SIDE * fw, *span_y, nearest_high=True),
                "right": col_line(cx + _NEAR_SIDE * fw, cx + 0.9 * fw, *span_y,
                                  nearest_high=False)}
            # Only with the opposite side seen too, which a hairline that near rarely has.
            for side, other in (("left", "right"), ("right", "left")):
                if found[side] is None and (found[other] is not None
                                            or closer[other] is not None):
                    found[side] = closer[side]
        left, right = found["left"], found["right"]
        span_x = ((left + 4) if left is not None else cx - 0.9 * fw,
                  (right - 4) if right is not None else cx + 0.9 * fw)
        found["top"] = row_line(fy0 - 1.5 * fw, fy0 - 0.25 * fw, *span_x, nearest_high=True)
        found["bottom"] = row_line(fy0 + 1.9 * fw, fy0 + 3.1 * fw, *span_x, nearest_high=False)
        if near and found["bottom"] is None:
            # That near the face a row across the photo may be a collar: the photo's bottom
            # has the page's blank paper right below it.
            bottom = row_line(fy0 + _NEAR_BOTTOM * fw, fy0 + 1.9 * fw, *span_x,
                              nearest_high=False)
            if bottom is not None:
                xa, xb = int(max(rx0, span_x[0])) - rx0, int(min(rx1, span_x[1])) - rx0
                below = roi[int(bottom) - ry0 + 2:int(bottom) - ry0 + 8, xa:xb]
                if below.size and (np.mean(np.abs(below - paper) <= 20, axis=1) >= 0.8).all():
                    found["bottom"] = bottom
        return found

    pad = _edge_pad(fw)
    out = {"left": -pad, "top": -pad, "right": pad, "bottom": pad}

    def framed(found: Mapping[str, float | None]) -> dict[str, float]:
        """The box's sides: each seen edge plus its pad, else the proportions' guess."""
        return {k: (v + out[k] if v is not None else fb[k]) for k, v in found.items()}

    def consistent(sides: Mapping[str, float]) -> bool:
        """Whether ``sides`` make a portrait's proportions (0.65-1.0 as wide as tall)."""
        bw, bh = sides["right"] - sides["left"], sides["bottom"] - sides["top"]
        return bh > 0 and 0.65 <= bw / bh <= 1.0

    found = seen(near=False)
    if None in found.values():
        # A straight edge that near the face is rarely the hair's or a collar's, and is taken
        # only where it makes a portrait's proportions (so a wrong one falls back on them).
        closer = seen(near=True)
        if closer != found and consistent(framed(closer)):
            found = closer
    sides = framed(found)
    n_found = sum(v is not None for v in found.values())
    if not consistent(sides):
        # Inconsistent edges (e.g. a table rule on one side only): trust proportions, but
        # not short of an edge seen beyond them. A pale photo on speckled paper may show only
        # its bottom edge, longer than the guess; stopping at the guess cuts across the
        # chest. At worst this adds paper up to a rule beside or below the photo.
        grown = dict(fb)
        for side, v in found.items():
            if v is not None:
                outward = 1 if side in ("right", "bottom") else -1
                if (sides[side] - fb[side]) * outward > 0:
                    grown[side] = sides[side]
        return _clip_box(grown, w, h), 0, {}
    return _clip_box(sides, w, h), n_found, {k: pad for k, v in found.items() if v is not None}


#: A box's sides in the order of its ``(x0, y0, x1, y1)`` values.
_SIDES = ("left", "top", "right", "bottom")


def _side_strip(box: Box, side: str, depth: float) -> tuple[float, float, float, float]:
    """The strip ``depth`` px deep inside ``box`` along its ``side``, as a box."""
    x0, y0, x1, y1 = box
    return {"left": (x0, y0, x0 + depth, y1), "right": (x1 - depth, y0, x1, y1),
            "top": (x0, y0, x1, y0 + depth), "bottom": (x0, y1 - depth, x1, y1)}[side]


def _pads_on_seals(box: Box, pads: Mapping[str, float],
                   seal_boxes: Sequence[Box]) -> dict[str, float]:
    """The ``pads`` (side: px, reaching ``pad`` inside ``box``'s side) on a found seal."""
    return {side: pad for side, pad in pads.items()
            if any(_strip_meets_disc(_side_strip(box, side, pad), seal) for seal in seal_boxes)}


def _unpad(grey: np.ndarray, box: Box, pads: Mapping[str, float]) -> Box:
    """``box`` with the seen sides of ``pads`` (the ones on a seal, or on ink past the seen
    edge) snapped to the photo's own edge: a school's seal stamped across the photo's corner
    must stay visible past the photo, so there the side moves to the steepest step in grey
    level near the seen edge (its centre, found over the side's rows by median so the seal's
    strokes do not pull it), plus the one blurred pixel beyond it."""
    h, w = grey.shape
    x0, y0, x1, y1 = box
    out = [x0, y0, x1, y1]
    for side, pad in pads.items():
        i = _SIDES.index(side)
        vertical = side in ("left", "right")
        # The seen edge lies ``pad`` inside the box's side.
        seen = box[i] + (pad if i < 2 else -pad)
        lo, hi = int(round(seen - pad - 3)), int(round(seen + pad + 3))
        a, b = (y0, y1) if vertical else (x0, x1)
        a, b = a + (b - a) // 4, b - (b - a) // 4  # the side's middle half: clear of the corners
        lo, hi = max(1, lo), min((w if vertical else h) - 1, hi)
        if hi - lo < 3 or b - a < 4:
            continue
        # Grey steps across two pixels at positions lo..hi-1, along the side's middle half.
        if vertical:
            sub = grey[a:b, lo - 1:hi + 1].astype(np.int16)
            step = np.abs(sub[:, 2:] - sub[:, :-2])
        else:
            sub = grey[lo - 1:hi + 1, a:b].astype(np.int16)
            step = np.abs(sub[2:] - sub[:-2]).T
        centre = lo + int(np.argmax(np.median(step, axis=0)))
        out[i] = max(out[i], centre - 1) if i < 2 else min(out[i], centre + 2)
    return (int(out[0]), int(out[1]), int(out[2]), int(out[3]))


#: Share of a safety pad's outer part (past the seen edge's blur) in ink for the pad to lie
#: on something else than the paper round the photo (a seal's ring or lettering), and how
#: far below the paper's grey level that ink is (a red or grey seal's strokes lie 65-140
#: below it; an ID card's printed pattern, which a portrait fades into, far less).
_PAD_INK = 0.04
_PAD_INK_DARK = 60


def _pads_on_ink(grey: np.ndarray, box: Box, pads: Mapping[str, float],
                 paper: float) -> dict[str, float]:
    """The ``pads`` (side: px) whose strip between the side of ``box`` and the seen edge
    (``pad`` inside it), less four pixels there (its blur, or the photo itself where the
    edge was seen a little inside), holds ink: ``_PAD_INK`` of it ``_PAD_INK_DARK`` or more
    below ``paper`` (grey level)."""
    out = {}
    for side, pad in pads.items():
        inner = int(pad) - 4
        if inner < 2:
            continue
        sx0, sy0, sx1, sy1 = (int(v) for v in _side_strip(box, side, inner))
        strip = grey[sy0:sy1, sx0:sx1]
        if strip.size and float((strip < paper - _PAD_INK_DARK).mean()) >= _PAD_INK:
            out[side] = pad
    return out


def _strip_meets_disc(strip: tuple[float, float, float, float], seal: Box) -> bool:
    """Whether any point of the axis-aligned ``strip`` lies inside the ellipse inscribed in
    ``seal``'s box (checked at the strip's point nearest the ellipse's centre)."""
    cx, cy = (seal[0] + seal[2]) / 2, (seal[1] + seal[3]) / 2
    return _in_disc(seal, min(max(cx, strip[0]), strip[2]), min(max(cy, strip[1]), strip[3]))


def _in_disc(seal: Box, x: float, y: float) -> bool:
    """Whether point ``(x, y)`` lies inside the ellipse inscribed in ``seal``'s box."""
    cx, cy = (seal[0] + seal[2]) / 2, (seal[1] + seal[3]) / 2
    ax, ay = max(1.0, (seal[2] - seal[0]) / 2), max(1.0, (seal[3] - seal[1]) / 2)
    return ((x - cx) / ax) ** 2 + ((y - cy) / ay) ** 2 <= 1.0


def _pick(frac: np.ndarray, offset: int, origin: int, nearest_high: bool) -> float | None:
    """Position (page px) of the straight edge nearest the face in a profile, or None.

    ``frac`` is the fraction of the span on which each position has an edge; a real border runs
    along nearly all of it. Among strong positions the one nearest the face wins, which picks
    the photo's own edge rather than an outer frame or table rule.
    """
    strong = np.flatnonzero(frac >= 0.75)
    if strong.size == 0:
        return None
    i = int(strong[-1] if nearest_high else strong[0])
    # Outer side of the edge: the mask must include the border pixels themselves.
    return float(origin + offset + i + (-2 if nearest_high else 3))


def _clip_box(sides: Mapping[str, float], w: int, h: int) -> Box:
    x0 = max(0, int(np.floor(sides["left"])))
    y0 = max(0, int(np.floor(sides["top"])))
    x1 = min(w, int(np.ceil(sides["right"])))
    y1 = min(h, int(np.ceil(sides["bottom"])))
    return (x0, y0, max(x0 + 1, x1), max(y0 + 1, y1))


def _suppress_overlaps(regions: list[PhotoRegion]) -> list[PhotoRegion]:
    """One region per photo: a portrait holds one face, so overlapping finds are one photo.

    Overlapping finds (a face and a smaller hit on its eyes and mouth, say) are merged into the
    union of their boxes, keeping the best-scored face, because a mask too small leaks more
    than one a little too big; but a photo framed by all four of its seen edges is the
    photo, and a find whose face lies inside it is part of its picture (a "face" in a
    diploma photo's corner, framed out over the school's seal stamped there).
    """
    kept: list[PhotoRegion] = []
    for r in sorted(regions, key=lambda r: -r.score):
        fcx = (r.face_box[0] + r.face_box[2]) / 2
        fcy = (r.face_box[1] + r.face_box[3]) / 2
        for i, k in enumerate(kept):
            kx = (k.face_box[0] + k.face_box[2]) / 2
            ky = (k.face_box[1] + k.face_box[3]) / 2
            r_in_k = k.box[0] <= fcx < k.box[2] and k.box[1] <= fcy < k.box[3]
            k_in_r = r.box[0] <= kx < r.box[2] and r.box[1] <= ky < r.box[3]
            if _iou(r.box, k.box) > 0.3 or r_in_k or k_in_r:
                union = (min(r.box[0], k.box[0]), min(r.box[1], k.box[1]),
                         max(r.box[2], k.box[2]), max(r.box[3], k.box[3]))
                if r_in_k and k.edges == 4:
                    union = k.box
                elif k_in_r and r.edges == 4:
                    union = r.box
                elif _whole_photo_as_face(r, k):
                    union = k.box
                elif _whole_photo_as_face(k, r):
                    union = r.box
                kept[i] = PhotoRegion(box=union, score=k.score, face_box=k.face_box,
                                      reason=k.reason if union == k.box else k.reason + "; merged",
                                      edges=k.edges if union == k.box
                                      else r.edges if union == r.box else 0)
                break
        else:
            kept.append(r)
    return kept


def _whole_photo_as_face(big: PhotoRegion, small: PhotoRegion) -> bool:
    """Whether ``big``'s "face" is ``small``'s whole photo seen as one face (a portrait in a
    dark helmet, 325 px, round a 207 x 283 px photo framed by three of its edges; the
    head-and-shoulders guess round it took half a title certificate, seed 5730): most of
    ``small``'s box lies in ``big``'s face box, and ``small`` saw more of its edges (three
    at least; a hit on a face's eyes or mouth shows no straight edge)."""
    return (small.edges >= 3 and small.edges > big.edges
            and share_inside(small.box, big.face_box) >= 0.75)


def _iou(a: Sequence[float], b: Sequence[float]) -> float:
    ix = min(a[2], b[2]) - max(a[0], b[0])
    iy = min(a[3], b[3]) - max(a[1], b[1])
    if ix <= 0 or iy <= 0:
        return 0.0
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return float(inter / union) if union > 0 else 0.0
