"""Red official seals: round (unit name on the upper arc, star, bottom line) and oval ones.

The ground truth of a seal is its *text ring band*: the elliptic annulus between ``r_in``
and ``r_out`` (fractions of the seal's outer radii ``rx``/``ry``) that holds the arc text,
restricted to the parametric angles ``t0..t1`` the text covers. ``ring`` uses the
``cv2.ellipse`` convention (image coordinates, y down, ``angle`` in degrees clockwise on
screen), so a point of the band is::

    x = cx + r*rx*cos(t)*cos(a) - r*ry*sin(t)*sin(a)
    y = cy + r*rx*cos(t)*sin(a) + r*ry*sin(t)*cos(a)      r in [r_in, r_out], t in [t0, t1]
"""

from __future__ import annotations

import math
import random

import cv2
import numpy as np
from PIL import Image, ImageDraw

from .render import Ann, Page, advance, get_font, glyph_ink

SEAL_FAMILIES = ("zenhei", "zenhei", "uming", "zenhei_sharp", "microhei")


def seal_color(rng: random.Random) -> tuple[int, int, int]:
    return (rng.randint(200, 235), rng.randint(20, 60), rng.randint(20, 60))


def _glyph_layer(ch: str, family: str, size: int, sx: float, bold: int = 0) -> np.ndarray:
    """A square float layer with ``ch`` centred on its ink, squeezed horizontally by ``sx``."""
    f = get_font(family, size)
    ink = glyph_ink(family, size, ch) or (0, -size, size, 0)
    s = int(size * 2)
    im = Image.new("L", (s, s), 0)
    cx = (ink[0] + ink[2]) / 2
    cy = (ink[1] + ink[3]) / 2
    ImageDraw.Draw(im).text(
        (round(s / 2 - cx), round(s / 2 - cy)),
        ch,
        font=f,
        fill=255,
        anchor="ls",
        stroke_width=bold,
        stroke_fill=255 if bold else None,
    )
    if abs(sx - 1) > 0.02:
        w = max(2, round(s * sx))
        im = im.resize((w, s), Image.Resampling.BICUBIC)
        pad = Image.new("L", (s, s), 0)
        pad.paste(im, ((s - w) // 2, 0))
        im = pad
    return np.asarray(im, dtype=np.float32) / 255.0


def _stamp(mask: np.ndarray, layer: np.ndarray, cx: float, cy: float, rot_ccw: float) -> None:
    """Max-composite ``layer`` rotated ``rot_ccw`` degrees (counter-clockwise) centred at (cx, cy)."""
    h, w = layer.shape
    m = cv2.getRotationMatrix2D((w / 2 - 0.5, h / 2 - 0.5), rot_ccw, 1.0)
    m[0, 2] += cx - w / 2
    m[1, 2] += cy - h / 2
    x0, y0 = int(math.floor(cx - w)), int(math.floor(cy - h))
    x1, y1 = int(math.ceil(cx + w)), int(math.ceil(cy + h))
    x0c, y0c = max(0, x0), max(0, y0)
    x1c, y1c = min(mask.shape[1], x1), min(mask.shape[0], y1)
    if x1c <= x0c or y1c <= y0c:
        return
    m[0, 2] -= x0c
    m[1, 2] -= y0c
    warped = cv2.warpAffine(
        layer,
        m,
        (x1c - x0c, y1c - y0c),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=0,
    )
    np.maximum(mask[y0c:y1c, x0c:x1c], warped, out=mask[y0c:y1c, x0c:x1c])


def _ellipse_pt(t: float, rx: float, ry: float, a: float) -> tuple[float, float]:
    ex, ey = rx * math.cos(t), ry * math.sin(t)
    return ex * math.cos(a) - ey * math.sin(a), ex * math.sin(a) + ey * math.cos(a)


def _arc_params(n: int, rx: float, ry: float, span: float, centre: float = -math.pi / 2) -> list[float]:
    """``n`` parameters on the ellipse with equal arc length, ``span`` radians of arc around ``centre``."""
    ts = np.linspace(centre - math.pi, centre + math.pi, 2001)
    pts = np.stack([rx * np.cos(ts), ry * np.sin(ts)], 1)
    seg = np.hypot(*np.diff(pts, axis=0).T)
    cum = np.concatenate([[0], np.cumsum(seg)])
    mid = np.interp(centre, ts, cum)
    # span measured as an angle on the equivalent circle of the mean radius
    half_len = span / 2 * (rx + ry) / 2
    if n == 1:
        return [centre]
    targets = np.linspace(mid - half_len, mid + half_len, n)
    return list(np.interp(targets, cum, ts))


def draw_seal(
    page: Page,
    cx: float,
    cy: float,
    text: str,
    rng: random.Random,
    *,
    kind: str = "other_seal",
    shape: str = "round",
    diameter_mm: float | None = None,
    bottom: str = "",
    middle: str = "",
    angle: float | None = None,
    color: tuple[int, int, int] | None = None,
    faint: bool | None = None,
    family: str | None = None,
    star: bool | None = None,
) -> Ann:
    """Stamp a seal centred at ``(cx, cy)`` and record its ground truth (``kind``)."""
    color = color or seal_color(rng)
    family = family or rng.choice(SEAL_FAMILIES)
    if angle is None:
        angle = rng.uniform(-30, 30) if rng.random() < 0.7 else rng.uniform(-4, 4)
    a = math.radians(angle)
    if shape == "round":
        d = page.mm(diameter_mm or rng.uniform(38, 45))
        rx = ry = d / 2
    else:
        w = page.mm(diameter_mm or rng.uniform(40, 46))
        rx, ry = w / 2, w / 2 * rng.uniform(0.62, 0.72)
    R = max(rx, ry)
    S = int(2 * R + 12)
    o = S / 2  # local centre inside the layer
    ring = np.zeros((S, S), np.float32)
    text_l = np.zeros((S, S), np.float32)

    # outer ring (and sometimes a thin inner ring)
    thick = max(3, round(page.mm(rng.uniform(1.1, 1.8))))
    tmp = np.zeros((S * 2, S * 2), np.uint8)
    cv2.ellipse(
        tmp,
        (round(o * 2 * 16), round(o * 2 * 16)),
        (round((rx - thick / 2) * 2 * 16), round((ry - thick / 2) * 2 * 16)),
        angle,
        0,
        360,
        255,
        thick * 2,
        cv2.LINE_AA,
        4,
    )
    inner_gap = 0.0
    if shape == "oval" or rng.random() < 0.2:
        inner_gap = page.mm(rng.uniform(0.8, 1.4))
        t2 = max(1, thick // 3)
        cv2.ellipse(
            tmp,
            (round(o * 2 * 16), round(o * 2 * 16)),
            (round((rx - thick - inner_gap) * 2 * 16), round((ry - thick - inner_gap) * 2 * 16)),
            angle,
            0,
            360,
            255,
            t2 * 2,
            cv2.LINE_AA,
            4,
        )
    ring = np.maximum(ring, cv2.resize(tmp, (S, S), interpolation=cv2.INTER_AREA).astype(np.float32) / 255)

    # arc text
    chars = [c for c in text if not c.isspace()]
    n = len(chars)
    ch_h = R * (rng.uniform(0.25, 0.3) if shape == "round" else rng.uniform(0.19, 0.23))
    gap = rng.uniform(0.03, 0.06) * R
    r_c = 1.0 - (thick + inner_gap + gap + ch_h / 2) / R  # centre radius as a fraction
    size = max(8, round(ch_h * 1.08))
    if shape == "round":
        max_span = math.radians(rng.uniform(225, 260) if n > 10 else rng.uniform(170, 230))
    else:
        max_span = math.radians(rng.uniform(180, 210))
    pitch = advance(family, size, "国") * 1.02 / (R * r_c)
    # short names are spread over the arc with gaps, long ones are squeezed
    if bottom and shape == "round":
        max_span = min(max_span, math.radians(rng.uniform(205, 230)))
    span = min(max_span, pitch * (n - 1) * rng.uniform(1.15, 1.5))
    if n > 1 and pitch * (n - 1) > max_span:
        sx = max(0.5, max_span / (pitch * (n - 1)))
    else:
        sx = rng.uniform(0.85, 1.0)
    bold = 1 if rng.random() < 0.7 else 0
    ts = _arc_params(n, rx * r_c, ry * r_c, span)
    for ch, t in zip(chars, ts):
        lx, ly = _ellipse_pt(t, rx * r_c, ry * r_c, a)
        # outward normal of the ellipse at t, turned with the seal
        nx, ny = math.cos(t) / rx, math.sin(t) / ry
        nx, ny = nx * math.cos(a) - ny * math.sin(a), nx * math.sin(a) + ny * math.cos(a)
        rot = math.degrees(math.atan2(-nx, -ny))
        _stamp(text_l, _glyph_layer(ch, family, size, sx, bold), o + lx, o + ly, rot)

    # centre: star, or a horizontal middle line for oval seals
    if star is None:
        star = shape == "round"
    if star:
        sr = R * rng.uniform(0.24, 0.3)
        pts = []
        for k in range(10):
            rr = sr if k % 2 == 0 else sr * 0.382
            th = -math.pi / 2 + k * math.pi / 5
            px, py = rr * math.cos(th), rr * math.sin(th)
            pts.append((o + px * math.cos(a) - py * math.sin(a), o + px * math.sin(a) + py * math.cos(a)))
        tmp = np.zeros((S * 2, S * 2), np.uint8)
        cv2.fillPoly(tmp, [np.round(np.array(pts) * 2 * 16).astype(np.int32)], 255, cv2.LINE_AA, 4)
        ring = np.maximum(
            ring, cv2.resize(tmp, (S, S), interpolation=cv2.INTER_AREA).astype(np.float32) / 255
        )

    def straight(line: str, y_frac: float, h_frac: float, max_w_frac: float) -> None:
        cs = [c for c in line if not c.isspace()]
        if not cs:
            return
        sz = max(8, round(R * h_frac))
        adv = advance(family, sz, "国") if not line.isdigit() else advance(family, sz, "0")
        total = adv * len(cs)
        sqx = min(1.0, (2 * R * max_w_frac) / total) if total else 1.0
        for i, ch in enumerate(cs):
            lx0 = (i - (len(cs) - 1) / 2) * adv * sqx
            ly0 = y_frac * ry
            px, py = lx0 * math.cos(a) - ly0 * math.sin(a), lx0 * math.sin(a) + ly0 * math.cos(a)
            _stamp(ring, _glyph_layer(ch, family, sz, sqx if sqx < 1 else 1.0), o + px, o + py, -angle)

    if middle:
        straight(middle, 0.08 if shape == "oval" else 0.0, 0.2, 0.62)
    if bottom:
        straight(
            bottom,
            0.58 if shape == "round" else 0.55,
            0.15 if not bottom.isdigit() else 0.11,
            0.5 if shape == "round" else 0.55,
        )

    # ---- ground truth from the text layer alone
    ys, xs = np.nonzero(text_l > 0.25)
    qx = (xs + 0.5 - o) * math.cos(a) + (ys + 0.5 - o) * math.sin(a)
    qy = -(xs + 0.5 - o) * math.sin(a) + (ys + 0.5 - o) * math.cos(a)
    rho = np.hypot(qx / rx, qy / ry)
    tt = np.degrees(np.arctan2(qy / ry, qx / rx))
    rel = (tt - 270 + 180) % 360 - 180  # relative to the top of the seal
    r_in, r_out = float(rho.min()) - 0.01, min(1.0, float(rho.max()) + 0.01)
    t0 = 270 + float(rel.min()) - 1.0
    t1 = 270 + float(rel.max()) + 1.0
    lqx0, lqx1, lqy0, lqy1 = qx.min() - 0.5, qx.max() + 0.5, qy.min() - 0.5, qy.max() + 0.5

    # ---- ink effects
    strength = (
        rng.uniform(0.35, 0.6)
        if (faint if faint is not None else rng.random() < 0.2)
        else rng.uniform(0.75, 0.97)
    )
    alpha = np.maximum(ring, text_l) * strength
    low = np.array([[rng.uniform(0.45, 1.15) for _ in range(5)] for _ in range(5)], np.float32)
    alpha *= np.clip(cv2.resize(low, (S, S), interpolation=cv2.INTER_CUBIC), 0.3, 1.15)
    nrng = np.random.default_rng(rng.randrange(1 << 30))
    speck = cv2.GaussianBlur((nrng.random((S, S)) > rng.uniform(0.0, 0.25)).astype(np.float32), (0, 0), 0.8)
    alpha *= 0.55 + 0.45 * speck
    alpha = np.asarray(cv2.GaussianBlur(alpha, (0, 0), page.dpi / 400), np.float64)
    alpha = np.clip(alpha, 0, 1)[..., None]
    col = np.array(color, np.float32) / 255.0
    layer = 1.0 - alpha * (1.0 - col)
    x0, y0 = round(cx - o), round(cy - o)
    page.multiply(layer, x0, y0)
    gx, gy = x0 + o, y0 + o  # exact centre on the page

    def to_page(lx: float, ly: float) -> tuple[float, float]:
        return gx + lx * math.cos(a) - ly * math.sin(a), gy + lx * math.sin(a) + ly * math.cos(a)

    quad = np.array([to_page(lqx0, lqy0), to_page(lqx1, lqy0), to_page(lqx1, lqy1), to_page(lqx0, lqy1)])
    band = band_points(gx, gy, rx, ry, angle, r_in, r_out, t0, t1)
    full = text + (" " + middle if middle else "") + (" " + bottom if bottom else "")
    ann = Ann(
        kind,
        quad,
        text,
        {
            "ring": {
                "cx": gx,
                "cy": gy,
                "rx": rx,
                "ry": ry,
                "angle": angle,
                "r_in": r_in,
                "r_out": r_out,
                "t0": t0,
                "t1": t1,
            },
            "band": band,
            "seal_text": full,
            "shape": shape,
            "strength": strength,
        },
    )
    page.anns.append(ann)
    page.hard.add("seal_oval" if shape == "oval" else "seal_round")
    if strength < 0.65:
        page.hard.add("seal_faint")
    return ann


def band_points(
    cx: float,
    cy: float,
    rx: float,
    ry: float,
    angle: float,
    r_in: float,
    r_out: float,
    t0: float,
    t1: float,
    n: int = 24,
) -> np.ndarray:
    """Polygon of the text band: outer arc t0->t1 then inner arc back."""
    a = math.radians(angle)
    ts = np.radians(np.linspace(t0, t1, n))
    out = []
    for r, seq in ((r_out, ts), (r_in, ts[::-1])):
        for t in seq:
            lx, ly = _ellipse_pt(t, rx * r, ry * r, a)
            out.append((cx + lx, cy + ly))
    return np.array(out)
