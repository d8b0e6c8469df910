"""Drawing helpers that keep the exact ink polygon of every string they are asked to track.

Everything is drawn glyph by glyph at integer pixel positions, so the ink of a tracked
string is exactly the union of the ink of its glyphs, each measured once by rendering it
alone on a blank layer (``glyph_ink``). Coordinates are continuous pixel coordinates of the
page: pixel ``(i, j)`` covers ``[i, i+1) x [j, j+1)``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

# --------------------------------------------------------------------------- fonts

_FONT_CANDIDATES: dict[str, list[tuple[str, int]]] = {
    "zenhei": [("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0)],
    "zenhei_sharp": [("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 2)],
    "microhei": [("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0)],
    "uming": [("/usr/share/fonts/truetype/arphic/uming.ttc", 0)],
    "ukai": [("/usr/share/fonts/truetype/arphic/ukai.ttc", 0)],
    "sans": [("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0)],
    "sans_bold": [("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 0)],
    "serif": [("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 0)],
    "mono": [("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", 0)],
}
_UKIJ = "/usr/share/fonts/truetype/fonts-ukij-uyghur"
#: Arabic-script faces (Debian's fonts-ukij-uyghur) for the Uyghur on Xinjiang documents.
SCRIPT_FONTS = {f"ukij_{n.lower()}": f"{_UKIJ}/UKIJ{n}.ttf"
                for n in ("Tuz", "TuT", "Ekran", "Basma", "Ku", "EsN")}
CJK_FAMILIES = ("zenhei", "zenhei_sharp", "microhei", "uming", "ukai")
#: Latin-only families fall back to a CJK family when DejaVu is missing.
_FALLBACK_ORDER = ("uming", "zenhei", "microhei", "ukai", "zenhei_sharp")


class FontsMissing(RuntimeError):
    pass


@cache
def _font_file(family: str) -> tuple[str, int]:
    for path, index in _FONT_CANDIDATES.get(family, []):
        if Path(path).exists():
            return path, index
    for fb in _FALLBACK_ORDER:
        for path, _index in _FONT_CANDIDATES[fb]:
            if Path(path).exists():
                return path, 0
    raise FontsMissing(
        "no CJK font found; install the Debian packages fonts-wqy-zenhei fonts-wqy-microhei "
        "fonts-arphic-uming fonts-arphic-ukai"
    )


def available_families() -> list[str]:
    """CJK families whose own font file is installed (no fallback)."""
    return [f for f in CJK_FAMILIES if any(Path(p).exists() for p, _ in _FONT_CANDIDATES[f])]


@lru_cache(maxsize=512)
def get_font(family: str, size: int) -> ImageFont.FreeTypeFont:
    path, index = _font_file(family)
    return ImageFont.truetype(path, max(4, int(size)), index=index)


@lru_cache(maxsize=200_000)
def advance(family: str, size: int, ch: str) -> float:
    return float(get_font(family, size).getlength(ch))


INK_THRESHOLD = 48  # a pixel is ink when the glyph covers at least ~19 % of it


@lru_cache(maxsize=200_000)
def glyph_ink(family: str, size: int, ch: str, stroke: int = 0) -> tuple[int, int, int, int] | None:
    """Ink box ``(x0, y0, x1, y1)`` of ``ch`` drawn with its baseline-left at ``(0, 0)``."""
    if ch.isspace():
        return None
    f = get_font(family, size)
    left, top, right, bottom = f.getbbox(ch, anchor="ls", stroke_width=stroke)
    pad = 3 + stroke
    w, h = right - left + 2 * pad, bottom - top + 2 * pad
    if w <= 0 or h <= 0:
        return None
    im = Image.new("L", (int(w), int(h)), 0)
    ImageDraw.Draw(im).text(
        (pad - left, pad - top), ch, font=f, fill=255, anchor="ls", stroke_width=stroke, stroke_fill=255
    )
    bb = im.point(lambda v: 255 if v >= INK_THRESHOLD else 0).getbbox()
    if bb is None:
        return None
    ox, oy = int(pad - left), int(pad - top)
    return bb[0] - ox, bb[1] - oy, bb[2] - ox, bb[3] - oy


def text_ink(family: str, size: int, text: str, stroke: int = 0) -> tuple[float, float, float, float]:
    """Ink box of ``text`` laid out glyph by glyph from baseline-left ``(0, 0)``."""
    x = 0.0
    box = None
    for ch in text:
        g = glyph_ink(family, size, ch, stroke)
        if g is not None:
            xi = round(x)
            b = (xi + g[0], g[1], xi + g[2], g[3])
            box = (
                b
                if box is None
                else (min(box[0], b[0]), min(box[1], b[1]), max(box[2], b[2]), max(box[3], b[3]))
            )
        x += advance(family, size, ch)
    return box if box is not None else (0, 0, 0, 0)


def cap_box(family: str, size: int) -> tuple[float, float]:
    """Top and bottom of a typical CJK glyph relative to the baseline (for centring)."""
    g = glyph_ink(family, size, "国") or (0, -int(size * 0.8), size, int(size * 0.1))
    return g[1], g[3]


# --------------------------------------------------------------------------- annotations

ITEM_KINDS = ("name", "id_number", "unit", "seal", "photo")
DISTRACTOR_KINDS = ("other_name", "other_unit", "other_seal", "other_id", "other_photo")


@dataclass
class Ann:
    """One ground-truth region: ``pts`` is a 4x2 quad, clockwise from the text's top-left."""

    kind: str
    pts: np.ndarray
    text: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_item(self) -> bool:
        return self.kind in ITEM_KINDS


def quad_from_box(x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float64)


@dataclass
class Run:
    """A piece of text with its own style; ``kind`` makes it a tracked region."""

    text: str
    kind: str | None = None
    family: str | None = None
    size: int | None = None
    fill: tuple[int, int, int] | None = None
    rise: int = 0
    stroke: int = 0
    label: str | None = None  # ground-truth text, when it differs from what is printed


RunLike = Any  # str, Run, (text, kind), or a sequence of those


def as_runs(runs: RunLike) -> list[Run]:
    if isinstance(runs, (str, Run)):
        runs = [runs]
    elif (
        isinstance(runs, tuple)
        and len(runs) == 2
        and isinstance(runs[0], str)
        and (runs[1] is None or isinstance(runs[1], str))
        and not isinstance(runs, list)
    ):
        # ("text", "kind")
        runs = [runs]
    out = []
    for r in runs:
        if isinstance(r, Run):
            out.append(r)
        elif isinstance(r, str):
            out.append(Run(r))
        else:
            out.append(Run(r[0], r[1]))
    return out


@dataclass
class Glyph:
    ch: str
    family: str
    size: int
    fill: tuple[int, int, int]
    rise: int
    stroke: int
    run: int
    adv: float


OPENING = set("（(《“‘「【〔")
CLOSING = set("，。、；：！？）)》”’」】〕,.;:!?%")


# --------------------------------------------------------------------------- page


class Page:
    """An RGB page being drawn, with the ground truth of what is on it."""

    def __init__(
        self,
        width: int,
        height: int,
        dpi: int = 200,
        bg: tuple[int, int, int] = (255, 255, 255),
        ink: tuple[int, int, int] = (25, 25, 28),
    ):
        self.img = Image.new("RGB", (int(width), int(height)), bg)
        self.draw = ImageDraw.Draw(self.img)
        self.dpi = dpi
        self.ink = ink
        self.anns: list[Ann] = []
        self.hard: set[str] = set()
        self.notes: dict[str, Any] = {}

    @property
    def w(self) -> int:
        return self.img.width

    @property
    def h(self) -> int:
        return self.img.height

    # units
    def mm(self, v: float) -> float:
        return v * self.dpi / 25.4

    def pt(self, v: float) -> int:
        return max(6, round(v * self.dpi / 72))

    # ------------------------------------------------------------------ glyph layout
    def glyphs(
        self,
        runs: Sequence[Run],
        family: str,
        size: int,
        fill: tuple[int, int, int] | None = None,
        stroke: int = 0,
    ) -> list[Glyph]:
        out = []
        for i, r in enumerate(runs):
            fam = r.family or family
            sz = int(r.size or size)
            fl = r.fill or fill or self.ink
            st = r.stroke or stroke
            for ch in r.text:
                out.append(Glyph(ch, fam, sz, fl, r.rise, st, i, advance(fam, sz, ch)))
        return out

    def _draw_glyphs(
        self, glyphs: Sequence[Glyph], xs: Sequence[float], y: float, runs: Sequence[Run]
    ) -> list[tuple[float, float, float, float] | None]:
        """Draw glyphs at x positions (baseline ``y``); return each run's ink box on this line."""
        boxes: dict[int, list[float]] = {}
        yi = round(y)
        for g, x in zip(glyphs, xs):
            if g.ch.isspace():
                continue
            xi = round(x)
            f = get_font(g.family, g.size)
            self.draw.text(
                (xi, yi - g.rise),
                g.ch,
                font=f,
                fill=g.fill,
                anchor="ls",
                stroke_width=g.stroke,
                stroke_fill=g.fill if g.stroke else None,
            )
            ink = glyph_ink(g.family, g.size, g.ch, g.stroke)
            if ink is None:
                continue
            b = [
                float(xi + ink[0]),
                float(yi - g.rise + ink[1]),
                float(xi + ink[2]),
                float(yi - g.rise + ink[3]),
            ]
            if g.run in boxes:
                o = boxes[g.run]
                boxes[g.run] = [min(o[0], b[0]), min(o[1], b[1]), max(o[2], b[2]), max(o[3], b[3])]
            else:
                boxes[g.run] = b
        return [tuple(boxes[i]) if i in boxes else None for i in range(len(runs))]  # type: ignore[misc]

    def _annotate_line(
        self,
        glyphs: Sequence[Glyph],
        runs: Sequence[Run],
        boxes: Sequence[tuple[float, float, float, float] | None],
        split_runs: set[int] | None = None,
    ) -> list[Ann]:
        made = []
        present = sorted({g.run for g in glyphs})
        for ri in present:
            r = runs[ri]
            b = boxes[ri]
            if r.kind is None or b is None:
                continue
            piece = "".join(g.ch for g in glyphs if g.run == ri)
            whole = piece == r.text
            text = (r.label or r.text) if whole else piece
            ann = Ann(r.kind, quad_from_box(*b), text.strip())
            if not whole:
                ann.extra["part_of"] = r.label or r.text
                base = r.kind.replace("other_", "")
                self.hard.add(f"{base}_split_lines" if r.kind in ITEM_KINDS else f"{r.kind}_split_lines")
            self.anns.append(ann)
            made.append(ann)
        return made

    def text(
        self,
        x: float,
        y: float,
        runs: RunLike,
        family: str,
        size: int,
        fill: tuple[int, int, int] | None = None,
        tracking: float = 0.0,
        align: str = "l",
        stroke: int = 0,
        width: float | None = None,
    ) -> tuple[float, float, list[Ann]]:
        """Draw one line with its baseline at ``y``. ``align`` l/c/r refers to ``x``.

        ``width`` spreads the glyphs evenly over that width (e.g. ``姓    名``).
        Returns ``(x_start, x_end, annotations)``.
        """
        rs = as_runs(runs)
        gl = self.glyphs(rs, family, size, fill, stroke)
        if not gl:
            return x, x, []
        if width is not None and len(gl) > 1:
            nat = sum(g.adv for g in gl)
            tracking = (width - nat) / (len(gl) - 1)
        total = sum(g.adv for g in gl) + tracking * (len(gl) - 1)
        if align == "c":
            x = x - total / 2
        elif align == "r":
            x = x - total
        xs = []
        cx = x
        for g in gl:
            xs.append(cx)
            cx += g.adv + tracking
        boxes = self._draw_glyphs(gl, xs, y, rs)
        anns = self._annotate_line(gl, rs, boxes)
        return x, x + total, anns

    def script_text(self, x: float, y: float, text: str, family: str, size: int,
                    fill: tuple[int, int, int] | None = None, kind: str | None = None,
                    label: str | None = None) -> tuple[float, float, float, float] | None:
        """Draw a right-to-left line (Arabic script, shaped whole) from ``x`` with its
        baseline at ``y``; with ``kind``, its ink box becomes a tracked region whose text is
        ``label`` (or ``text``). Returns the ink box, or None when the face is missing."""
        path = SCRIPT_FONTS.get(family)
        if path is None or not Path(path).exists():
            return None
        font = ImageFont.truetype(path, max(4, int(size)))
        left, top, right, bottom = font.getbbox(text, anchor="ls", direction="rtl")
        pad = 4
        layer = Image.new("L", (int(right - left) + 2 * pad, int(bottom - top) + 2 * pad), 0)
        ImageDraw.Draw(layer).text((pad - left, pad - top), text, font=font, fill=255,
                                   anchor="ls", direction="rtl")
        bb = layer.point(lambda v: 255 if v >= INK_THRESHOLD else 0).getbbox()
        if bb is None:
            return None
        self.draw.text((round(x), round(y)), text, font=font, fill=fill or self.ink, anchor="ls",
                       direction="rtl")
        ox, oy = round(x) - (pad - left), round(y) - (pad - top)
        box = (float(ox + bb[0]), float(oy + bb[1]), float(ox + bb[2]), float(oy + bb[3]))
        if kind is not None:
            self.anns.append(Ann(kind, quad_from_box(*box), label or text))
        return box

    def measure(self, runs: RunLike, family: str, size: int, tracking: float = 0.0) -> float:
        gl = self.glyphs(as_runs(runs), family, size)
        return sum(g.adv for g in gl) + tracking * max(0, len(gl) - 1)

    # ------------------------------------------------------------------ paragraphs
    @staticmethod
    def _tokens(gl: Sequence[Glyph]) -> list[list[int]]:
        toks: list[list[int]] = []
        i = 0
        while i < len(gl):
            j = i + 1
            if gl[i].ch.isascii() and gl[i].ch.isalnum():
                while (
                    j < len(gl)
                    and gl[j].ch.isascii()
                    and (gl[j].ch.isalnum() or gl[j].ch in ".-@_")
                    and gl[j].run == gl[i].run
                ):
                    j += 1
            toks.append(list(range(i, j)))
            i = j
        return toks

    def wrap(self, gl: Sequence[Glyph], width: float, indent: float = 0.0) -> list[list[int]]:
        lines: list[list[int]] = [[]]
        cur = indent
        for tok in self._tokens(gl):
            w = sum(gl[k].adv for k in tok)
            first = gl[tok[0]].ch
            if lines[-1] and cur + w > width + 0.01:
                if first in CLOSING and len(tok) == 1:
                    lines[-1].extend(tok)  # hanging punctuation
                    cur += w
                    continue
                # do not end a line with an opening bracket
                carry: list[int] = []
                while lines[-1] and gl[lines[-1][-1]].ch in OPENING:
                    carry.insert(0, lines[-1].pop())
                lines.append(carry)
                cur = sum(gl[k].adv for k in carry)
            lines[-1].extend(tok)
            cur += w
        return [ln for ln in lines if ln]

    def paragraph(
        self,
        x: float,
        y: float,
        width: float,
        runs: RunLike,
        family: str,
        size: int,
        line_h: float,
        indent_chars: float = 2.0,
        fill: tuple[int, int, int] | None = None,
        justify: bool = True,
        force_split: Iterable[str] = (),
        max_shrink_chars: int = 5,
        line_jitter: float = 0.0,
        rng: Any = None,
        alternatives: Sequence[RunLike] = (),
    ) -> float:
        """Draw a wrapped paragraph; the first baseline is ``y``. Returns the baseline after it.

        ``force_split`` names run kinds whose first run must break across two lines. The
        paragraph (and then each of ``alternatives``, other wordings of it) is narrowed by up
        to ``max_shrink_chars`` characters until one does; failing that, the line is broken
        by hand inside the run.
        """
        indent = indent_chars * size
        kinds = set(force_split)
        cands = [as_runs(runs), *[as_runs(a) for a in alternatives]] if kinds else [as_runs(runs)]
        rs = cands[0]
        gl = self.glyphs(rs, family, size, fill)
        if not gl:
            return y
        lines = self.wrap(gl, width, indent)
        use_w = width
        if kinds:
            ok = False
            steps = [width - k * size / 4 for k in range(0, 4 * max_shrink_chars + 1)]
            for cand in cands:
                cgl = self.glyphs(cand, family, size, fill)
                targets = [i for i, r in enumerate(cand) if r.kind in kinds]
                if not targets:
                    continue
                for wtry in steps:
                    ls = self.wrap(cgl, wtry, indent)
                    if all(self._split(ls, cgl, t) for t in targets):
                        rs, gl, lines, use_w, ok = cand, cgl, ls, wtry, True
                        break
                if ok:
                    break
            targets = [i for i, r in enumerate(rs) if r.kind in kinds]
            if not ok and targets:  # break by hand inside the first target
                self.notes["forced_break"] = self.notes.get("forced_break", 0) + 1
                t = targets[0]
                idx = [k for k, g in enumerate(gl) if g.run == t]
                cut = idx[max(1, len(idx) // 2)] if len(idx) > 1 else idx[0]
                ls = self.wrap(gl[:cut], width, indent)
                tail = self.wrap(gl[cut:], width, 0)
                lines = ls + [[k + cut for k in ln] for ln in tail]
        yy = y
        for li, ln in enumerate(lines):
            x0 = x + (indent if li == 0 else 0)
            avail = use_w - (indent if li == 0 else 0)
            nat = sum(gl[k].adv for k in ln)
            gap = 0.0
            last = li == len(lines) - 1
            if justify and not last and len(ln) > 1:
                gap = (avail - nat) / (len(ln) - 1)
                if gap > size * 0.6:
                    gap = 0.0
            xs = []
            cx = x0
            for k in ln:
                xs.append(cx)
                cx += gl[k].adv + gap
            sub = [gl[k] for k in ln]
            boxes = self._draw_glyphs(sub, xs, yy, rs)
            self._annotate_line(sub, rs, boxes)
            jit = rng.uniform(-line_jitter, line_jitter) if (rng is not None and line_jitter) else 0.0
            yy += line_h + jit
        return yy

    @staticmethod
    def _split(lines: Sequence[Sequence[int]], gl: Sequence[Glyph], run: int) -> bool:
        where = {li for li, ln in enumerate(lines) for k in ln if gl[k].run == run and not gl[k].ch.isspace()}
        return len(where) >= 2

    # ------------------------------------------------------------------ shapes
    def line(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        width: int = 2,
        fill: tuple[int, int, int] | None = None,
    ) -> None:
        self.draw.line(
            [(round(x0), round(y0)), (round(x1), round(y1))], fill=fill or self.ink, width=max(1, int(width))
        )

    def rect(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        width: int = 2,
        outline: tuple[int, int, int] | None = None,
        fill: tuple[int, int, int] | None = None,
    ) -> None:
        self.draw.rectangle(
            [round(x0), round(y0), round(x1), round(y1)],
            outline=outline or self.ink if width > 0 else None,
            fill=fill,
            width=max(0, int(width)),
        )

    def paste(
        self,
        im: Image.Image,
        x: float,
        y: float,
        kind: str | None = None,
        text: str = "",
        mask: Image.Image | None = None,
    ) -> Ann | None:
        xi, yi = round(x), round(y)
        self.img.paste(im, (xi, yi), mask)
        if kind:
            a = Ann(kind, quad_from_box(xi, yi, xi + im.width, yi + im.height), text)
            self.anns.append(a)
            return a
        return None

    def multiply(self, layer: np.ndarray, x: int, y: int) -> None:
        """Multiply-blend an RGB float layer (values 0..1, 1 = transparent) at ``(x, y)``."""
        arr = np.asarray(self.img).astype(np.float32)
        h, w = layer.shape[:2]
        x0, y0 = max(0, x), max(0, y)
        x1, y1 = min(self.w, x + w), min(self.h, y + h)
        if x1 <= x0 or y1 <= y0:
            return
        sub = layer[y0 - y : y1 - y, x0 - x : x1 - x]
        arr[y0:y1, x0:x1] *= sub
        self.img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
        self.draw = ImageDraw.Draw(self.img)

    def rotated_text(
        self,
        cx: float,
        cy: float,
        text: str,
        family: str,
        size: int,
        angle: float,
        fill: tuple[int, int, int] | None = None,
        kind: str | None = None,
        label: str | None = None,
        stroke: int = 0,
    ) -> Ann | None:
        """Draw ``text`` centred on ``(cx, cy)`` turned ``angle`` degrees counter-clockwise."""
        fill = fill or self.ink
        box = text_ink(family, size, text, stroke)
        pad = size
        w = int(box[2] - box[0]) + 2 * pad
        h = int(box[3] - box[1]) + 2 * pad
        layer = Image.new("L", (w, h), 0)
        d = ImageDraw.Draw(layer)
        ox, oy = pad - box[0], pad - box[1]
        x = 0.0
        for ch in text:
            if not ch.isspace():
                d.text(
                    (round(ox + round(x)), round(oy)),
                    ch,
                    font=get_font(family, size),
                    fill=255,
                    anchor="ls",
                    stroke_width=stroke,
                    stroke_fill=255 if stroke else None,
                )
            x += advance(family, size, ch)
        rot = layer.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
        px = round(cx - rot.width / 2)
        py = round(cy - rot.height / 2)
        solid = Image.new("RGB", rot.size, fill)
        self.img.paste(solid, (px, py), rot)
        # ink rectangle in layer coordinates, turned like the layer
        corners = np.array(
            [
                [pad, pad],
                [pad + box[2] - box[0], pad],
                [pad + box[2] - box[0], pad + box[3] - box[1]],
                [pad, pad + box[3] - box[1]],
            ],
            dtype=np.float64,
        )
        a = math.radians(angle)
        c, s = math.cos(a), math.sin(a)
        lc = np.array([w / 2, h / 2])
        rel = corners - lc
        # counter-clockwise on screen (y down): x' = x c + y s, y' = -x s + y c
        rr = np.stack([rel[:, 0] * c + rel[:, 1] * s, -rel[:, 0] * s + rel[:, 1] * c], axis=1)
        pts = rr + np.array([px + rot.width / 2, py + rot.height / 2])
        if kind:
            ann = Ann(kind, pts, label or text)
            self.anns.append(ann)
            return ann
        return None


    def scribble(self, x: float, cy: float, text: str, size: int, rng: Any,
                 fill: tuple[int, int, int] | None = None, kind: str | None = None) -> Ann | None:
        """``hasty_hand(text, size, rng)`` drawn from ``x``, centred on ``cy``; its ink box
        becomes a tracked region when ``kind`` is given."""
        ink = hasty_hand(text, size, rng)
        if not ink.any():
            return None
        h, w = ink.shape
        px, py = round(x), round(cy - h / 2)
        self.img.paste(Image.new("RGB", (w, h), fill or self.ink), (px, py),
                       Image.fromarray(ink.astype(np.uint8) * 255))
        if kind is None:
            return None
        ys, xs = np.nonzero(ink)
        ann = Ann(kind, quad_from_box(px + xs.min(), py + ys.min(), px + xs.max() + 1,
                                      py + ys.max() + 1), text)
        self.anns.append(ann)
        return ann


def hasty_hand(text: str, size: int, rng: Any) -> np.ndarray:
    """The ink (boolean, about ``1.6 * size`` high) of ``text`` signed in a hasty hand: kai
    glyphs crowded and slanted, run together by a stroke or three and wobbled, which a reader
    cannot read as text. ``rng``: a ``random.Random``."""
    f = get_font("ukai", size)
    w, h = int(f.getlength(text) * 0.8) + size, int(size * 1.6)
    layer = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(layer)
    cx = size * 0.3
    for ch in text:
        d.text((cx, size * 0.2 + rng.uniform(-0.1, 0.1) * size), ch, font=f, fill=255,
               stroke_width=1, stroke_fill=255)
        cx += f.getlength(ch) * rng.uniform(0.55, 0.75)
    a: np.ndarray = np.asarray(layer).astype(np.float32)
    for _ in range(rng.randint(1, 3)):
        p0 = (int(rng.uniform(0, w)), int(rng.uniform(h * 0.3, h * 0.8)))
        p1 = (int(rng.uniform(0, w)), int(rng.uniform(h * 0.3, h * 0.8)))
        cv2.line(a, p0, p1, 255, max(2, size // 20))
    slant = rng.uniform(0.2, 0.6)
    a = cv2.warpAffine(a, np.array([[1, -slant, slant * h / 2], [0, 1, 0]], np.float32), (w, h))
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    wob = size / 10
    a = cv2.remap(a, xx + wob * np.sin(yy / rng.uniform(6, 12) + rng.uniform(0, 6)),
                  yy + wob * np.sin(xx / rng.uniform(8, 16)), cv2.INTER_LINEAR)
    return np.asarray(a > 100)


def union_quad(anns: Sequence[Ann]) -> np.ndarray:
    pts = np.concatenate([a.pts for a in anns])
    return quad_from_box(pts[:, 0].min(), pts[:, 1].min(), pts[:, 0].max(), pts[:, 1].max())
