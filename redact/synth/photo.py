"""Portrait photos (from scikit-image's sample pictures), emblems, logos and QR-like codes."""

from __future__ import annotations

import math
import random
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from .render import get_font

# head-and-shoulders outline of the astronaut in skimage's astronaut.png (512x512)
_ASTRONAUT_OUTLINE = [
    (225, 12),
    (262, 18),
    (290, 38),
    (300, 70),
    (296, 105),
    (290, 125),
    (276, 140),
    (262, 158),
    (292, 180),
    (305, 225),
    (330, 262),
    (352, 290),
    (362, 330),
    (372, 512),
    (20, 512),
    (22, 330),
    (40, 290),
    (80, 265),
    (112, 230),
    (116, 190),
    (140, 170),
    (168, 150),
    (155, 110),
    (150, 75),
    (163, 40),
    (190, 18),
]
_ASTRONAUT_FACE = (224, 113, 95)  # centre x, centre y, size


def _skimage_data(name: str) -> Path | None:
    try:
        import skimage
    except Exception:  # pragma: no cover - optional dependency
        return None
    p = Path(skimage.__file__).parent / "data" / name
    return p if p.exists() else None


@lru_cache(maxsize=4)
def _source(name: str) -> tuple[np.ndarray, np.ndarray] | None:
    p = _skimage_data(name)
    if p is None:
        return None
    im = np.asarray(Image.open(p).convert("RGB"))
    mask = np.zeros(im.shape[:2], np.uint8)
    if name == "astronaut.png":
        cv2.fillPoly(mask, [np.array(_ASTRONAUT_OUTLINE, np.int32)], 255)
        mask = np.asarray(cv2.GaussianBlur(mask, (0, 0), 1.5), np.uint8)
    else:
        mask[:] = 255
    return im, mask


def _drawn_portrait(w: int, h: int, rng: random.Random) -> tuple[Image.Image, Image.Image]:
    """Fallback portrait when scikit-image is not installed: a plain drawn head and shoulders."""
    im = Image.new("RGB", (w, h), (200, 200, 200))
    m = Image.new("L", (w, h), 0)
    d, dm = ImageDraw.Draw(im), ImageDraw.Draw(m)
    skin = (rng.randint(200, 235), rng.randint(160, 190), rng.randint(130, 160))
    body = (rng.randint(20, 60),) * 3
    for dd, colr in ((d, None), (dm, 255)):
        dd.ellipse([w * 0.05, h * 0.68, w * 0.95, h * 1.4], fill=colr or body)
        dd.rectangle([w * 0.4, h * 0.5, w * 0.6, h * 0.75], fill=colr or skin)
        dd.ellipse([w * 0.27, h * 0.14, w * 0.73, h * 0.62], fill=colr or skin)
        dd.chord([w * 0.25, h * 0.1, w * 0.75, h * 0.45], 180, 360, fill=colr or (30, 25, 20))
    return im, m


BG_COLORS = {"blue": (67, 142, 219), "red": (200, 30, 40), "white": (245, 245, 245), "grey": (190, 195, 200)}


def portrait(
    w: int, h: int, rng: random.Random, source: str = "astronaut.png", bg: str | None = "keep"
) -> Image.Image:
    """A ``w`` x ``h`` ID-style photo. ``bg``: keep / blue / red / white / grey."""
    src = _source(source)
    if src is None:
        im, m = _drawn_portrait(w, h, rng)
        bgc = BG_COLORS.get(bg or "white", BG_COLORS["white"])
        out = Image.new("RGB", (w, h), bgc)
        out.paste(im, (0, 0), m)
        return out
    arr, mask = src
    if source == "astronaut.png":
        fx, fy, fs = _ASTRONAUT_FACE
    else:  # camera.png: the cameraman's head
        fx, fy, fs = 215, 125, 80
    cw = fs * rng.uniform(2.0, 2.7)
    ch = cw * h / w
    x0 = fx - cw / 2 + rng.uniform(-0.12, 0.12) * fs
    y0 = fy - fs * rng.uniform(0.85, 1.25)
    x0 = min(max(0.0, x0), arr.shape[1] - cw)
    y0 = min(max(0.0, y0), arr.shape[0] - ch)
    box = (int(x0), int(y0), int(x0 + cw), int(y0 + ch))
    crop = Image.fromarray(arr).crop(box).resize((w, h), Image.Resampling.LANCZOS)
    mcrop = Image.fromarray(mask).crop(box).resize((w, h), Image.Resampling.BILINEAR)
    if bg and bg != "keep":
        base = Image.new("RGB", (w, h), BG_COLORS[bg])
        # a gentle gradient like a studio backdrop
        g = np.linspace(1.06, 0.94, h)[:, None, None]
        base = Image.fromarray(np.clip(np.asarray(base, np.float32) * g, 0, 255).astype(np.uint8))
        base.paste(crop, (0, 0), mcrop)
        crop = base
    a = np.asarray(crop).astype(np.float32)
    a = a * rng.uniform(0.8, 1.15) + rng.uniform(-18, 18)
    a *= np.array([rng.uniform(0.93, 1.07) for _ in range(3)], np.float32)
    out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    if rng.random() < 0.4:
        out = out.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 1.0)))
    return out


def emblem(size: int, rng: random.Random) -> Image.Image:
    """A national-emblem-like round badge (red disc, gold stars and gate) — not a photo."""
    s = size * 2
    im = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    gold = (226, 180, 60, 255)
    red = (205, 30, 35, 255)
    d.ellipse([0, 0, s - 1, s - 1], fill=gold)
    d.ellipse([s * 0.08, s * 0.08, s * 0.92, s * 0.92], fill=red)

    def star(cx: float, cy: float, r: float) -> None:
        pts = []
        for k in range(10):
            rr = r if k % 2 == 0 else r * 0.382
            th = -math.pi / 2 + k * math.pi / 5
            pts.append((cx + rr * math.cos(th), cy + rr * math.sin(th)))
        d.polygon(pts, fill=gold)

    star(s * 0.5, s * 0.3, s * 0.13)
    for k in range(4):
        th = math.radians(-150 + k * 40)
        star(
            s * 0.5 + s * 0.25 * math.cos(th) * 0.9,
            s * 0.3 + s * 0.2 * math.sin(th) * 0.6 + s * 0.1,
            s * 0.045,
        )
    d.rectangle([s * 0.3, s * 0.55, s * 0.7, s * 0.62], fill=gold)
    d.polygon([(s * 0.27, s * 0.55), (s * 0.5, s * 0.45), (s * 0.73, s * 0.55)], fill=gold)
    for k in range(5):
        x = s * (0.33 + k * 0.085)
        d.rectangle([x, s * 0.62, x + s * 0.03, s * 0.72], fill=gold)
    d.rectangle([s * 0.22, s * 0.72, s * 0.78, s * 0.77], fill=gold)
    for k in range(12):
        th = math.radians(110 + k * 27)
        d.ellipse(
            [
                s / 2 + s * 0.4 * math.cos(th) - s * 0.035,
                s / 2 + s * 0.4 * math.sin(th) - s * 0.05,
                s / 2 + s * 0.4 * math.cos(th) + s * 0.035,
                s / 2 + s * 0.4 * math.sin(th) + s * 0.05,
            ],
            fill=gold,
        )
    return im.resize((size, size), Image.Resampling.LANCZOS)


def school_logo(
    size: int, name: str, rng: random.Random, color: tuple[int, int, int] = (30, 60, 140)
) -> Image.Image:
    """A round school badge: double ring, name on the ring, a book/star glyph in the middle."""
    s = size * 2
    im = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    c = (*color, 255)
    d.ellipse([2, 2, s - 3, s - 3], outline=c, width=max(2, s // 40))
    d.ellipse([s * 0.2, s * 0.2, s * 0.8, s * 0.8], outline=c, width=max(2, s // 60))
    f = get_font("zenhei", max(8, int(s * 0.1)))
    n = len(name)
    for i, ch in enumerate(name):
        th = math.radians(-90 - 120 + 240 * (i + 0.5) / n)
        r = s * 0.4
        g = Image.new("RGBA", (int(s * 0.16), int(s * 0.16)), (0, 0, 0, 0))
        ImageDraw.Draw(g).text((g.width / 2, g.height / 2), ch, font=f, fill=c, anchor="mm")
        g = g.rotate(-math.degrees(th) - 90, resample=Image.Resampling.BICUBIC)
        im.alpha_composite(
            g, (int(s / 2 + r * math.cos(th) - g.width / 2), int(s / 2 + r * math.sin(th) - g.height / 2))
        )
    d.polygon(
        [
            (s * 0.32, s * 0.45),
            (s * 0.5, s * 0.52),
            (s * 0.68, s * 0.45),
            (s * 0.68, s * 0.62),
            (s * 0.5, s * 0.68),
            (s * 0.32, s * 0.62),
        ],
        outline=c,
        width=max(2, s // 80),
    )
    d.line([(s * 0.5, s * 0.52), (s * 0.5, s * 0.68)], fill=c, width=max(2, s // 80))
    d.ellipse([s * 0.45, s * 0.3, s * 0.55, s * 0.4], fill=c)
    return im.resize((size, size), Image.Resampling.LANCZOS)


def qr_code(size: int, rng: random.Random, modules: int = 25) -> Image.Image:
    """A QR-looking pattern (finder squares + random modules) — not decodable, not a photo."""
    grid = np.array([[rng.random() < 0.5 for _ in range(modules)] for _ in range(modules)], bool)

    def finder(r: int, c: int) -> None:
        grid[r : r + 7, c : c + 7] = True
        grid[r + 1 : r + 6, c + 1 : c + 6] = False
        grid[r + 2 : r + 5, c + 2 : c + 5] = True
        # quiet separator
        rr0, rr1 = max(0, r - 1), min(modules, r + 8)
        cc0, cc1 = max(0, c - 1), min(modules, c + 8)
        sub = grid[rr0:rr1, cc0:cc1].copy()
        grid[rr0:rr1, cc0:cc1] = False
        grid[r : r + 7, c : c + 7] = sub[r - rr0 : r - rr0 + 7, c - cc0 : c - cc0 + 7]

    finder(0, 0)
    finder(0, modules - 7)
    finder(modules - 7, 0)
    q = modules + 4
    img = np.full((q, q), 255, np.uint8)
    img[2:-2, 2:-2] = np.where(grid, 0, 255)
    return Image.fromarray(img).resize((size, size), Image.Resampling.NEAREST).convert("RGB")
