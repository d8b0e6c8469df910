"""Scan effects and geometric transforms that carry the ground truth along.

Geometry is tracked as 3x3 matrices on *continuous* pixel coordinates (pixel ``(i, j)``
covers ``[i, i+1) x [j, j+1)``); every ground-truth point goes through the same matrix as
the page. Rotations are named by how the page content turned on screen: ``rot90`` is a
quarter turn clockwise.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import cv2
import numpy as np

from .render import Ann

# --------------------------------------------------------------------------- geometry


def _t(dx: float, dy: float) -> np.ndarray:
    return np.array([[1, 0, dx], [0, 1, dy], [0, 0, 1]], np.float64)


def to_cv(m: np.ndarray) -> np.ndarray:
    """Continuous-coordinate matrix -> the pixel-centre matrix OpenCV expects."""
    return _t(-0.5, -0.5) @ m @ _t(0.5, 0.5)


def apply_h(m: np.ndarray, pts: np.ndarray) -> np.ndarray:
    p = np.asarray(pts, np.float64).reshape(-1, 2)
    hom = np.concatenate([p, np.ones((len(p), 1))], 1) @ m.T
    return hom[:, :2] / hom[:, 2:3]


def transform_ann(a: Ann, m: np.ndarray) -> None:
    a.pts = apply_h(m, a.pts)
    if "band" in a.extra:
        a.extra["band"] = apply_h(m, a.extra["band"])
    ring = a.extra.get("ring")
    if ring:
        c = np.array([ring["cx"], ring["cy"]])
        eps = 1.0
        p0 = apply_h(m, c)[0]
        jx = (apply_h(m, c + [eps, 0])[0] - p0) / eps
        jy = (apply_h(m, c + [0, eps])[0] - p0) / eps
        jac = np.stack([jx, jy], 1)
        ang = math.radians(ring["angle"])
        v1 = jac @ np.array([math.cos(ang), math.sin(ang)]) * ring["rx"]
        v2 = jac @ np.array([-math.sin(ang), math.cos(ang)]) * ring["ry"]
        ring.update(
            cx=float(p0[0]),
            cy=float(p0[1]),
            rx=float(np.hypot(*v1)),
            ry=float(np.hypot(*v2)),
            angle=float(math.degrees(math.atan2(v1[1], v1[0]))),
        )


def rot90(img: np.ndarray, quarter_turns_cw: int) -> tuple[np.ndarray, np.ndarray]:
    k = quarter_turns_cw % 4
    h, w = img.shape[:2]
    if k == 0:
        return img, np.eye(3)
    out = np.ascontiguousarray(np.rot90(img, -k))
    if k == 1:  # (x, y) -> (h - y, x)
        m = np.array([[0, -1, h], [1, 0, 0], [0, 0, 1]], np.float64)
    elif k == 2:
        m = np.array([[-1, 0, w], [0, -1, h], [0, 0, 1]], np.float64)
    else:  # (x, y) -> (y, w - x)
        m = np.array([[0, 1, 0], [-1, 0, w], [0, 0, 1]], np.float64)
    return out, m


def rotate_small(
    img: np.ndarray, deg_ccw: float, fill: tuple[int, int, int]
) -> tuple[np.ndarray, np.ndarray]:
    """Rotate by a small angle (counter-clockwise on screen), growing the canvas to keep every corner."""
    h, w = img.shape[:2]
    a = math.radians(deg_ccw)
    c, s = math.cos(a), math.sin(a)
    nw = int(math.ceil(abs(w * c) + abs(h * s)))
    nh = int(math.ceil(abs(w * s) + abs(h * c)))
    # screen-CCW rotation with y down: x' = c x + s y, y' = -s x + c y
    rot = np.array([[c, s, 0], [-s, c, 0], [0, 0, 1]], np.float64)
    m = _t(nw / 2, nh / 2) @ rot @ _t(-w / 2, -h / 2)
    out = cv2.warpAffine(
        img,
        to_cv(m)[:2],
        (nw, nh),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=tuple(int(v) for v in fill),
    )
    return out, m


def rescale(img: np.ndarray, f: float) -> tuple[np.ndarray, np.ndarray]:
    h, w = img.shape[:2]
    nw, nh = max(16, round(w * f)), max(16, round(h * f))
    interp = cv2.INTER_AREA if f < 1 else cv2.INTER_CUBIC
    out = cv2.resize(img, (nw, nh), interpolation=interp)
    return out, np.diag([nw / w, nh / h, 1.0])


def phone_photo(img: np.ndarray, rng: random.Random) -> tuple[np.ndarray, np.ndarray]:
    """The page photographed on a desk: perspective, background, uneven light, smaller size."""
    h, w = img.shape[:2]
    long_side = rng.randint(1400, 2000)
    f = long_side / max(w, h) / 1.12
    cw, ch = round(w * f * 1.12), round(h * f * 1.12)
    mx, my = (cw - w * f) / 2, (ch - h * f) / 2
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    dst = []
    for x, y in ((mx, my), (cw - mx, my), (cw - mx, ch - my), (mx, ch - my)):
        dst.append((x + rng.uniform(-0.7, 0.7) * mx, y + rng.uniform(-0.7, 0.7) * my))
    m = cv2.getPerspectiveTransform(src, np.array(dst, np.float32)).astype(np.float64)
    desk = np.array([rng.randint(60, 170), rng.randint(50, 150), rng.randint(40, 130)], np.float32)
    warped = cv2.warpPerspective(
        img, to_cv(m), (cw, ch), flags=cv2.INTER_AREA, borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0)
    )
    cover = cv2.warpPerspective(np.ones((h, w), np.float32), to_cv(m), (cw, ch), flags=cv2.INTER_LINEAR)
    bg = np.ones((ch, cw, 3), np.float32) * desk
    out = warped.astype(np.float32) * cover[..., None] + bg * (1 - cover[..., None])
    yy, xx = np.mgrid[0:ch, 0:cw].astype(np.float32)
    lx, ly = rng.uniform(0, cw), rng.uniform(0, ch)
    light = 1.0 - rng.uniform(0.12, 0.3) * np.hypot(xx - lx, yy - ly) / math.hypot(cw, ch)
    out *= light[..., None]
    return np.clip(out, 0, 255).astype(np.uint8), m


# --------------------------------------------------------------------------- photometric


TINTS = [
    (252, 249, 240),
    (246, 242, 228),
    (240, 240, 240),
    (236, 236, 236),
    (244, 238, 222),
    (238, 243, 246),
    (248, 244, 236),
    (228, 228, 226),
]


def smooth_noise(shape: tuple[int, int], rng: np.random.Generator, cells: int = 8) -> np.ndarray:
    h, w = shape
    low = rng.standard_normal((cells, max(2, round(cells * w / h)))).astype(np.float32)
    return cv2.resize(low, (w, h), interpolation=cv2.INTER_CUBIC)


def paper(
    img: np.ndarray,
    rng: random.Random,
    nrng: np.random.Generator,
    tint: tuple[int, int, int] | None,
    texture: float,
) -> np.ndarray:
    f = img.astype(np.float32)
    h, w = f.shape[:2]
    tex = 1.0 + texture * smooth_noise((h, w), nrng, rng.randint(5, 14))
    if tint is not None:
        f *= (np.array(tint, np.float32) / 255.0)[None, None, :]
    f *= tex[..., None]
    return np.clip(f, 0, 255).astype(np.uint8)


def to_grey(img: np.ndarray, keep_colour: float) -> np.ndarray:
    f = img.astype(np.float32)
    g = f @ np.array([0.299, 0.587, 0.114], np.float32)
    out = g[..., None] + keep_colour * (f - g[..., None])
    return np.clip(out, 0, 255).astype(np.uint8)


def add_noise(img: np.ndarray, nrng: np.random.Generator, sigma: float) -> np.ndarray:
    n = nrng.standard_normal(img.shape[:2]).astype(np.float32) * sigma
    return np.clip(img.astype(np.float32) + n[..., None], 0, 255).astype(np.uint8)


def scanner_edge(img: np.ndarray, rng: random.Random) -> np.ndarray:
    """A grey shadow band along one edge, as from a lid not fully closed."""
    h, w = img.shape[:2]
    f = img.astype(np.float32)
    side = rng.choice("lrtb")
    width = rng.randint(8, max(10, min(h, w) // 40))
    ramp = np.linspace(rng.uniform(0.45, 0.8), 1.0, width, dtype=np.float32)
    if side == "l":
        f[:, :width] *= ramp[None, :, None]
    elif side == "r":
        f[:, -width:] *= ramp[::-1][None, :, None]
    elif side == "t":
        f[:width] *= ramp[:, None, None]
    else:
        f[-width:] *= ramp[::-1][:, None, None]
    return f.astype(np.uint8)


# --------------------------------------------------------------------------- pipeline


@dataclass
class Profile:
    """Probabilities of each effect; holdout uses a shifted profile."""

    tint: float = 0.5
    grey: float = 0.2
    skew: float = 0.5
    rotate: float = 0.14
    scale: float = 0.3
    phone: float = 0.07
    blur: float = 0.3
    noise: float = 0.4
    low_jpeg: float = 0.35
    edge: float = 0.15
    rot_weights: tuple[float, float, float] = (0.45, 0.2, 0.35)


TUNE_PROFILE = Profile()
HOLDOUT_PROFILE = Profile(
    tint=0.6,
    grey=0.3,
    skew=0.6,
    rotate=0.18,
    scale=0.35,
    phone=0.1,
    blur=0.4,
    noise=0.5,
    low_jpeg=0.45,
    edge=0.2,
    rot_weights=(0.3, 0.3, 0.4),
)


def degrade(
    img: np.ndarray,
    anns: list[Ann],
    rng: random.Random,
    profile: Profile,
    allow_phone: bool = True,
    allow_rotate: bool = True,
    force: dict | None = None,
) -> tuple[np.ndarray, list[str], int]:
    """Apply scan effects in place on ``anns``; return the image, transform tags and JPEG quality.

    ``force`` overrides the random choices (keys: tint, grey, skew, rot, scale, phone, blur,
    noise, jpeg), mainly for tests.
    """
    force = force or {}
    tags: list[str] = []
    nrng = np.random.default_rng(rng.randrange(1 << 31))

    def want(key: str, p: float) -> bool:
        if key in force:
            return bool(force[key])
        return rng.random() < p

    tint = rng.choice(TINTS) if want("tint", profile.tint) else None
    img = paper(img, rng, nrng, tint, rng.uniform(0.002, 0.008))
    if tint is not None:
        tags.append("tint")
    phone = allow_phone and want("phone", profile.phone)
    if want("grey", profile.grey) and not phone:
        img = to_grey(img, rng.choice([0.0, 0.0, rng.uniform(0.15, 0.4)]))
        tags.append("grey")
    if want("edge", profile.edge):
        img = scanner_edge(img, rng)
    total = np.eye(3)
    if want("skew", profile.skew) and not phone:
        deg = force.get("skew_deg") or rng.choice([-1, 1]) * rng.uniform(0.5, 3.0)
        med = np.median(img[::50, ::50].reshape(-1, 3), axis=0)
        fill = (int(med[0]), int(med[1]), int(med[2]))
        if rng.random() < 0.3:
            fill = (255, 255, 255)
        img, m = rotate_small(img, deg, fill)
        total = m @ total
        tags.append(f"skew:{deg:.1f}")
    if "rot" in force:
        k = int(force["rot"]) // 90
    elif allow_rotate and rng.random() < profile.rotate:
        k = rng.choices([1, 2, 3], profile.rot_weights)[0]
    else:
        k = 0
    if k:
        img, m = rot90(img, k)
        total = m @ total
        tags.append(f"rot{90 * k}")
    if phone:
        img, m = phone_photo(img, rng)
        total = m @ total
        tags.append("perspective")
    elif want("scale", profile.scale):
        f = force.get("scale_f") or rng.uniform(0.45, 0.75)
        img, m = rescale(img, f)
        total = m @ total
        tags.append(f"scale:{f:.2f}")
    if want("blur", profile.blur):
        s = rng.uniform(0.5, 1.2)
        img = cv2.GaussianBlur(img, (0, 0), s)
        tags.append(f"blur:{s:.1f}")
    if want("noise", profile.noise):
        img = add_noise(img, nrng, rng.uniform(3, 10))
        tags.append("noise")
    if "jpeg" in force:
        q = int(force["jpeg"])
    else:
        q = rng.randint(30, 60) if rng.random() < profile.low_jpeg else rng.randint(70, 92)
    tags.append(f"jpeg:{q}")
    for a in anns:
        transform_ann(a, total)
    return img, tags, q
