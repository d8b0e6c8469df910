"""Draw test pages with known ink boxes for chosen substrings (no OCR involved)."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONTS = {
    "ming": "/usr/share/fonts/truetype/arphic/uming.ttc",
    "kai": "/usr/share/fonts/truetype/arphic/ukai.ttc",
    "hei": "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "microhei": "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    # Arabic script (the Uyghur on Xinjiang documents), drawn right to left.
    "uyghur": "/usr/share/fonts/truetype/fonts-ukij-uyghur/UKIJTuz.ttf",
}
RTL = {"uyghur"}


@dataclass
class Page:
    """A white page; ``text`` draws a line and remembers the ink boxes of marked substrings."""

    width: int = 1654
    height: int = 1200
    image: Image.Image = field(init=False)
    marks: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.image = Image.new("RGB", (self.width, self.height), "white")

    def text(self, xy: tuple[int, int], text: str, size: int = 40, font: str = "ming",
             mark: dict[str, str] | None = None) -> None:
        """Draw ``text``; ``mark`` maps a label to a substring whose ink box is recorded (in a
        right-to-left script, only the whole text)."""
        f = ImageFont.truetype(FONTS[font], size)
        draw = ImageDraw.Draw(self.image)
        if font in RTL:
            draw.text(xy, text, font=f, fill="black", direction="rtl")
            for label, sub in (mark or {}).items():
                assert sub == text, "a right-to-left line is marked whole"
                self.marks.setdefault(label, []).append(_ink_box(text, f, xy, "rtl"))
            return
        draw.text(xy, text, font=f, fill="black")
        for label, sub in (mark or {}).items():
            start = text.index(sub)
            x = xy[0] + f.getlength(text[:start])
            self.marks.setdefault(label, []).append(_ink_box(sub, f, (x, xy[1])))

    def column(self, xy: tuple[int, int], text: str, size: int = 40, font: str = "ming",
               mark: dict[str, str] | None = None) -> None:
        """Draw ``text`` top to bottom, one character every 1.15 sizes (vertical print);
        ``mark`` as for ``text``."""
        f = ImageFont.truetype(FONTS[font], size)
        draw = ImageDraw.Draw(self.image)
        at = [(xy[0], xy[1] + round(k * size * 1.15)) for k in range(len(text))]
        for ch, pos in zip(text, at):
            draw.text(pos, ch, font=f, fill="black")
        for label, sub in (mark or {}).items():
            start = text.index(sub)
            boxes = [_ink_box(ch, f, pos) for ch, pos in zip(sub, at[start:]) if ch.strip()]
            self.marks.setdefault(label, []).append(
                (min(b[0] for b in boxes), min(b[1] for b in boxes),
                 max(b[2] for b in boxes), max(b[3] for b in boxes)))

    def scribble(self, xy: tuple[int, int], name: str, size: int = 64, seed: int = 0,
                 mark: str | None = None) -> None:
        """A hasty signature of ``name`` at ``xy`` (the generator's ``hasty_hand``), which
        the reader cannot read. ``mark`` records the box of its ink."""
        from redact.synth.render import hasty_hand

        ink = hasty_hand(name, size, random.Random(seed))
        page = np.asarray(self.image).copy()
        region = page[xy[1]:xy[1] + ink.shape[0], xy[0]:xy[0] + ink.shape[1]]
        region[ink[:region.shape[0], :region.shape[1]]] = (30, 30, 90)
        self.image = Image.fromarray(page)
        if mark is not None:
            ys, xs = np.nonzero(ink)
            self.marks.setdefault(mark, []).append(
                (xy[0] + int(xs.min()), xy[1] + int(ys.min()), xy[0] + int(xs.max()) + 1,
                 xy[1] + int(ys.max()) + 1))

    def array(self) -> np.ndarray:
        return np.asarray(self.image)


def _ink_box(sub: str, f: ImageFont.FreeTypeFont, xy: tuple[float, float],
             direction: str | None = None) -> tuple[int, int, int, int]:
    layer = Image.new("L", (int(xy[0] + f.getlength(sub, direction=direction) + 50),
                            int(xy[1] + f.size * 2)), 0)
    ImageDraw.Draw(layer).text(xy, sub, font=f, fill=255, direction=direction)
    ys, xs = np.nonzero(np.asarray(layer) > 60)
    return (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)


def covered(mask: np.ndarray, box: tuple[int, int, int, int]) -> float:
    """Fraction of ``box`` that ``mask`` covers."""
    x0, y0, x1, y1 = box
    return float(mask[y0:y1, x0:x1].mean())


def rotate_box(box: tuple[int, int, int, int], k: int, w: int, h: int) -> tuple[int, int, int, int]:
    """``box`` of a ``w``x``h`` image, in ``numpy.rot90(image, k)``."""
    from redact.geometry import rotate_points

    x0, y0, x1, y1 = box
    pts = rotate_points(np.array([[x0, y0], [x1, y1]], dtype=float), k, w, h)
    xs, ys = sorted(pts[:, 0]), sorted(pts[:, 1])
    return (int(xs[0]), int(ys[0]), int(xs[1]), int(ys[1]))


def jpeg(image: np.ndarray, quality: int) -> np.ndarray:
    buf = io.BytesIO()
    Image.fromarray(image).save(buf, format="JPEG", quality=quality)
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))
