"""One function per document type. Each draws a ``Page`` and records its ground truth.

Every function takes a ``Ctx`` (who the document is about, randomness, the style of the
split) and returns the drawn ``Page``. Kinds go through ``ctx.k`` so the same layout can
show another person's document, where everything becomes a distractor.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from . import texts
from .people import (
    DOTS,
    OTHER_UNITS,
    POSTS,
    Person,
    cn_date,
    cn_num,
    cn_year,
    confusable_names,
    group_id,
    has_dot,
    in_script,
    other_person,
    star_id,
    with_dot,
)
from .photo import emblem, portrait, qr_code, school_logo
from .render import SCRIPT_FONTS, Ann, Page, Run, cap_box
from .seal import draw_seal

A4 = (210.0, 297.0)

BODY_FONTS = {
    "tune": {"uming": 5, "zenhei": 1.5, "microhei": 1.5, "ukai": 1, "zenhei_sharp": 0.5},
    "holdout": {"uming": 2, "ukai": 3, "microhei": 2, "zenhei_sharp": 2, "zenhei": 0.5},
}
TITLE_FONTS = {
    "tune": {"zenhei": 4, "microhei": 2, "uming": 1, "zenhei_sharp": 0.5},
    "holdout": {"zenhei": 1, "microhei": 2, "uming": 1.5, "zenhei_sharp": 2, "ukai": 1},
}
DOT_WEIGHTS = {"tune": (6, 2, 2), "holdout": (3, 3, 4)}
NAME_LABELS = [
    ("姓名：", "name_after_colon_fullwidth"),
    ("姓名:", "name_after_colon_ascii"),
    ("姓名 ", "name_after_space"),
    ("姓名", "name_no_separator"),
]


class Cycle:
    """Round-robin choices shared by all documents of a set, so rare cases are all covered."""

    def __init__(self) -> None:
        self.counters: dict[str, int] = {}

    def __call__(self, key: str, options: list) -> Any:
        i = self.counters.get(key, 0)
        self.counters[key] = i + 1
        return options[i % len(options)]


@dataclass
class Ctx:
    person: Person
    rng: random.Random
    split: str = "tune"
    cycle: Cycle = field(default_factory=Cycle)
    other: bool = False  # True: the document is someone else's (all kinds become distractors)
    applicant: Person | None = None  # the real applicant when ``other`` is set
    used_names: set[str] = field(default_factory=set)
    dpi: int | None = None  # every page at this resolution (the benchmark's fixed 200 dpi)

    # ---- kinds
    def k(self, kind: str) -> str:
        if self.other and not kind.startswith("other_"):
            return "other_" + kind
        return kind

    # ---- style
    def _wpick(self, table: dict[str, dict[str, float]]) -> str:
        d = table[self.split]
        return self.rng.choices(list(d), list(d.values()))[0]

    def body_font(self) -> str:
        return self._wpick(BODY_FONTS)

    def title_font(self) -> str:
        return self._wpick(TITLE_FONTS)

    def variant(self, n: int, holdout_bias: bool = True) -> int:
        """Layout variant ``0..n-1``; holdout favours the later variants."""
        if self.split == "holdout" and holdout_bias:
            w = [1 + 2 * i for i in range(n)]
        else:
            w = [2 * (n - i) for i in range(n)]
        return self.rng.choices(range(n), w)[0]

    def size(self, page: Page, pt: float, jitter: float = 0.06) -> int:
        return page.pt(pt * self.rng.uniform(1 - jitter, 1 + jitter))

    def ink(self) -> tuple[int, int, int]:
        v = self.rng.randint(10, 45)
        return (v, v, v + self.rng.randint(0, 12))

    # ---- how the person's data is printed
    def name(self, page: Page, allow_space: bool = True) -> str:
        n = self.person.name
        if has_dot(n):
            dot = self.rng.choices(DOTS, DOT_WEIGHTS[self.split])[0]
            n = with_dot(n, dot)
            page.hard.add("name_middle_dot")
            if dot != "·":
                page.hard.add("name_dot_variant")
        elif allow_space and len(n) == 2 and self.rng.random() < 0.55:
            sp = self.cycle("space", ["　", " "])
            n = n[0] + sp + n[1]
            page.hard.add("name_fullwidth_space" if sp == "　" else "name_spaced")
        if not self.other:
            page.hard.add("name_dot" if has_dot(self.person.name) else f"name_{len(self.person.name)}char")
        return n

    def name_label(self, page: Page) -> str:
        label, case = self.cycle("name_label", NAME_LABELS)
        if not self.other:
            page.hard.add(case)
        return label

    def id_text(self, page: Page, mode: str | None = None) -> str:
        idn = self.person.id_number
        mode = mode or self.rng.choices(["full", "grouped", "starred"], [6, 1, 1])[0]
        if idn.endswith("X") and not self.other:
            page.hard.add("id_ends_x")
        if mode == "grouped":
            if not self.other:
                page.hard.add("id_grouped")
            return group_id(idn, self.rng.choice([(4, 4, 4, 4, 2), (6, 8, 4), (6, 4, 4, 4)]))
        if mode == "starred":
            if not self.other:
                page.hard.add("id_starred")
            return self.rng.choice([star_id(idn), star_id(idn, 3, 4), star_id(idn, 6, 4, "*")])
        return idn

    def unit(self, page: Page, allow_alias: bool = True) -> str:
        u = self.person.unit
        assert u is not None
        if allow_alias and u.aliases and self.rng.random() < 0.35:
            if not self.other:
                page.hard.add("unit_alias")
            return self.rng.choice(u.aliases)
        return u.full

    def others(self, n: int, confusable: int = 0) -> list[Person]:
        """``n`` other people; the first ``confusable`` have names close to the applicant's."""
        target = (self.applicant or self.person).name
        avoid = {target, *self.used_names}
        out: list[Person] = []
        conf = confusable_names(self.rng, target) if confusable else []
        for nm in conf[:confusable]:
            p = other_person(self.rng, avoid)
            p.name = nm
            avoid.add(nm)
            out.append(p)
        while len(out) < n:
            p = other_person(self.rng, avoid)
            avoid.add(p.name)
            out.append(p)
        return out

    def other_units(self, n: int, similar: int = 0) -> list[str]:
        u = (self.applicant or self.person).unit
        mine = {u.full, *u.aliases} if u else set()
        pool = [x for x in OTHER_UNITS if x not in mine]
        sims = list(u.similar[:similar]) if u else []
        rest = self.rng.sample(pool, min(len(pool), max(0, n - len(sims))))
        return sims + rest


# =========================================================================== helpers


def new_page(
    ctx: Ctx,
    landscape: bool = False,
    dpi: int | None = None,
    size_mm: tuple[float, float] = A4,
    bg: tuple[int, int, int] = (255, 255, 255),
) -> Page:
    if dpi is None:
        dpi = ctx.rng.choices([200, 150, 300], [8, 2, 0.8])[0]
    if ctx.dpi is not None:
        dpi = ctx.dpi  # drawn above all the same, so the rest of the page stays as it was
    w_mm, h_mm = (size_mm[1], size_mm[0]) if landscape else size_mm
    page = Page(round(w_mm * dpi / 25.4), round(h_mm * dpi / 25.4), dpi, bg, ctx.ink())
    page.notes["dpi"] = dpi
    return page


def center_text(
    page: Page,
    y: float,
    runs,
    fam: str,
    size: int,
    tracking: float = 0,
    stroke: int = 0,
    x: float | None = None,
    fill=None,
) -> list[Ann]:
    return page.text(
        page.w / 2 if x is None else x,
        y,
        runs,
        fam,
        size,
        tracking=tracking,
        align="c",
        stroke=stroke,
        fill=fill,
    )[2]


def cell_text(page: Page, rect, runs, fam: str, size: int, align: str = "c", fill=None) -> None:
    x0, y0, x1, y1 = rect
    pad = max(4, size * 0.3)
    avail = x1 - x0 - 2 * pad
    for attempt in range(7):
        top, bot = cap_box(fam, size)
        w = page.measure(runs, fam, size)
        if attempt == 0 and avail < w <= avail * 1.2:
            size = max(6, int(size * avail / w))  # shrink a little before wrapping
            continue
        if w <= avail:
            base = (y0 + y1) / 2 - (top + bot) / 2
            if align == "c":
                page.text((x0 + x1) / 2, base, runs, fam, size, align="c", fill=fill)
            elif align == "r":
                page.text(x1 - pad, base, runs, fam, size, align="r", fill=fill)
            else:
                page.text(x0 + pad, base, runs, fam, size, fill=fill)
            return
        from .render import as_runs

        gl = page.glyphs(as_runs(runs), fam, size, fill)
        n = len(page.wrap(gl, avail))
        lh = size * 1.2
        if n * lh <= (y1 - y0) - pad * 0.5:
            base = (y0 + y1) / 2 - n * lh / 2 + lh / 2 - (top + bot) / 2
            page.paragraph(
                x0 + pad, base, avail, runs, fam, size, lh, indent_chars=0, fill=fill, justify=True
            )
            return
        size = max(6, int(size * 0.88))


def grid(
    page: Page,
    x: float,
    y: float,
    colw: list[float],
    rowh: list[float],
    cells: list[tuple],
    fam: str,
    size: int,
    lw: int = 2,
) -> dict[tuple[int, int], tuple[float, float, float, float]]:
    """Draw a ruled form. ``cells``: ``(row, col, rowspan, colspan, content[, align])``."""
    xs = [x]
    for w in colw:
        xs.append(xs[-1] + w)
    ys = [y]
    for h in rowh:
        ys.append(ys[-1] + h)
    rects = {}
    for c in cells:
        r, col, rs, cs, content = c[:5]
        align = c[5] if len(c) > 5 else "c"
        rect = (xs[col], ys[r], xs[col + cs], ys[r + rs])
        rects[(r, col)] = rect
        page.rect(*rect, width=lw)
        if content is None or content == "PHOTO":
            continue
        cell_text(page, rect, content, fam, size, align)
    page.rect(xs[0], ys[0], xs[-1], ys[-1], width=lw + 1)
    return rects


def table(
    page: Page,
    x: float,
    y: float,
    colw: list[float],
    header: list,
    rows: list[list],
    row_h: float,
    fam: str,
    size: int,
    head_fam: str | None = None,
    head_h: float | None = None,
    lw: int = 2,
    aligns: list[str] | None = None,
) -> float:
    """A regular table; returns the y below it."""
    xs = [x]
    for w in colw:
        xs.append(xs[-1] + w)
    yy = y
    if header:
        hh = head_h or row_h
        for i, htxt in enumerate(header):
            page.rect(xs[i], yy, xs[i + 1], yy + hh, width=lw)
            cell_text(page, (xs[i], yy, xs[i + 1], yy + hh), htxt, head_fam or fam, size)
        yy += hh
    for row in rows:
        for i, content in enumerate(row):
            page.rect(xs[i], yy, xs[i + 1], yy + row_h, width=lw)
            if content:
                cell_text(
                    page, (xs[i], yy, xs[i + 1], yy + row_h), content, fam, size, aligns[i] if aligns else "c"
                )
        yy += row_h
    page.rect(xs[0], y, xs[-1], yy, width=lw + 1)
    return yy


def photo_box(
    ctx: Ctx,
    page: Page,
    x: float,
    y: float,
    w: float,
    h: float,
    bg: str | None = None,
    source: str | None = None,
) -> None:
    bg = bg or ctx.rng.choice(["blue", "red", "white", "keep", "blue", "white"])
    if source is None:
        source = "camera.png" if ctx.other and ctx.rng.random() < 0.6 else "astronaut.png"
    im = portrait(round(w), round(h), ctx.rng, source, bg)
    page.paste(im, x, y, ctx.k("photo"), "")
    page.hard.add("photo")


def decorative_border(page: Page, rng: random.Random, margin: float, color: tuple[int, int, int]) -> None:
    m = margin
    W, H = page.w, page.h
    t = max(3, round(page.mm(1.2)))
    page.rect(m, m, W - m, H - m, width=t, outline=color)
    g = page.mm(rng.uniform(3, 5))
    page.rect(m + g, m + g, W - m - g, H - m - g, width=max(1, t // 3), outline=color)
    # a wave between the two frames
    amp = g / 3
    period = page.mm(4)
    for xa, ya, xb in ((m, m + g / 2, W - m), (m, H - m - g / 2, W - m)):
        pts = [(xa + s, ya + amp * math.sin(2 * math.pi * s / period)) for s in range(0, int(xb - xa), 4)]
        page.draw.line(pts, fill=color, width=max(1, t // 3))
    for xa, ya, yb in ((m + g / 2, m, H - m), (W - m - g / 2, m, H - m)):
        pts = [(xa + amp * math.sin(2 * math.pi * s / period), ya + s) for s in range(0, int(yb - ya), 4)]
        page.draw.line(pts, fill=color, width=max(1, t // 3))
    for cx, cy in (
        (m + g / 2, m + g / 2),
        (W - m - g / 2, m + g / 2),
        (m + g / 2, H - m - g / 2),
        (W - m - g / 2, H - m - g / 2),
    ):
        r = g * 0.9
        page.draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=color, width=max(1, t // 2))


def guilloche(page: Page, rect, rng: random.Random, color: tuple[int, int, int], n: int = 40) -> None:
    x0, y0, x1, y1 = rect
    for i in range(n):
        amp = (y1 - y0) * rng.uniform(0.02, 0.06)
        yb = y0 + amp + (y1 - y0 - 2 * amp) * i / n
        per = (x1 - x0) * rng.uniform(0.1, 0.3)
        ph = rng.uniform(0, 6.28)
        pts = [
            (x, yb + amp * math.sin(2 * math.pi * (x - x0) / per + ph)) for x in range(int(x0), int(x1), 6)
        ]
        page.draw.line(pts, fill=color, width=1)


def underline(page: Page, x0: float, x1: float, y: float) -> None:
    page.line(x0, y + page.mm(1.2), x1, y + page.mm(1.2), width=max(1, round(page.mm(0.2))))


def date_between(rng: random.Random, y0: int, y1: int) -> date:
    return date(y0, 1, 1) + timedelta(days=rng.randrange(0, max(1, (y1 - y0) * 365)))


def years_after(d: date, years: int) -> date:
    """``d`` moved on ``years`` years; 29 February becomes the 28th in a common year (a
    contract begun on a leap day stopped a whole set's generation, seed 1862)."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def fill_lines(
    ctx: Ctx,
    page: Page,
    x: float,
    y: float,
    width: float,
    pool: list[str],
    fam: str,
    size: int,
    y_max: float,
    lh: float,
    k: int = 20,
) -> float:
    for s in texts.pick(ctx.rng, pool, k):
        if y + lh > y_max:
            break
        y = page.paragraph(x, y, width, s, fam, size, lh, rng=ctx.rng, line_jitter=lh * 0.03)
        y += lh * ctx.rng.uniform(0, 0.3)
    return y


# =========================================================================== ID card


def _id_card(ctx: Ctx, page: Page, x: float, y: float, cw: float, front: bool = True) -> None:
    ch = cw * 54 / 85.6
    r = cw * 0.04
    rng = ctx.rng
    base = (rng.randint(232, 246), rng.randint(238, 248), rng.randint(232, 244))
    page.draw.rounded_rectangle([x, y, x + cw, y + ch], radius=r, fill=base, outline=(170, 175, 175), width=2)
    guilloche(
        page, (x + r, y + r, x + cw - r, y + ch - r), rng, (base[0] - 18, base[1] - 10, base[2] - 22), n=28
    )
    P = person = ctx.person
    if not front:
        em = emblem(round(ch * 0.36), rng)
        page.img.paste(em, (round(x + cw * 0.07), round(y + ch * 0.09)), em)
        fam = rng.choice(["zenhei", "zenhei", "uming"])
        page.text(x + cw * 0.34, y + ch * 0.24, "中华人民共和国", fam, round(ch * 0.075), tracking=ch * 0.02)
        page.text(
            x + cw * 0.3, y + ch * 0.47, "居民身份证", fam, round(ch * 0.12), tracking=ch * 0.035, stroke=1
        )
        lab = (40, 40, 40)
        sz = round(ch * 0.052)
        issued = date_between(rng, 2010, 2022)
        exp = years_after(issued, rng.choice([10, 20]))
        page.text(x + cw * 0.2, y + ch * 0.78, "签发机关", "zenhei", sz, fill=lab, tracking=sz * 0.2)
        page.text(x + cw * 0.4, y + ch * 0.78, P.police, "zenhei", sz)
        page.text(x + cw * 0.2, y + ch * 0.9, "有效期限", "zenhei", sz, fill=lab, tracking=sz * 0.2)
        page.text(x + cw * 0.4, y + ch * 0.9, f"{issued:%Y.%m.%d}-{exp:%Y.%m.%d}", "zenhei", sz)
        return
    lab = (60, 110, 165) if rng.random() < 0.8 else (50, 50, 50)
    lsz = round(ch * 0.048)
    vsz = round(ch * 0.06)
    vfam = rng.choice(["zenhei", "zenhei", "microhei", "uming"])
    lx, vx = x + cw * 0.06, x + cw * 0.19
    rows = [0.19, 0.32, 0.45, 0.58]
    page.text(lx, y + ch * rows[0], "姓名", "zenhei", lsz, fill=lab, tracking=lsz * 0.3)
    nm = ctx.name(page)
    page.text(vx, y + ch * rows[0], Run(nm, ctx.k("name")), vfam, round(vsz * 1.08))
    _uyghur_on_card(ctx, page, x, y, cw, lab)
    page.text(lx, y + ch * rows[1], "性别", "zenhei", lsz, fill=lab, tracking=lsz * 0.3)
    page.text(vx, y + ch * rows[1], person.sex, vfam, vsz)
    page.text(x + cw * 0.34, y + ch * rows[1], "民族", "zenhei", lsz, fill=lab, tracking=lsz * 0.3)
    page.text(x + cw * 0.45, y + ch * rows[1], person.ethnic, vfam, vsz)
    page.text(lx, y + ch * rows[2], "出生", "zenhei", lsz, fill=lab, tracking=lsz * 0.3)
    b = person.birth
    page.text(
        vx,
        y + ch * rows[2],
        [
            f"{b.year}",
            Run(" 年 ", None, size=lsz, fill=lab),
            f"{b.month}",
            Run(" 月 ", None, size=lsz, fill=lab),
            f"{b.day}",
            Run(" 日", None, size=lsz, fill=lab),
        ],
        vfam,
        vsz,
    )
    page.text(lx, y + ch * rows[3], "住址", "zenhei", lsz, fill=lab, tracking=lsz * 0.3)
    page.paragraph(
        vx, y + ch * rows[3], cw * 0.43, person.address, vfam, vsz, vsz * 1.25, indent_chars=0, justify=False
    )
    page.text(lx, y + ch * 0.87, "公民身份号码", "zenhei", lsz, fill=lab, tracking=lsz * 0.15)
    idfam = rng.choice(["mono", "sans", "zenhei"])
    page.text(
        x + cw * 0.36,
        y + ch * 0.87,
        Run(person.id_number, ctx.k("id_number")),
        idfam,
        round(ch * 0.07),
        tracking=ch * 0.012,
        stroke=1 if idfam != "zenhei" and rng.random() < 0.5 else 0,
    )
    if person.id_number.endswith("X") and not ctx.other:
        page.hard.add("id_ends_x")
    pw, ph = cw * 0.3, ch * 0.6
    photo_box(ctx, page, x + cw * 0.64, y + ch * 0.12, pw, ph, bg="white")


#: The labels of a Xinjiang ID card's common fields in Uyghur, printed above the Chinese.
_CARD_LABELS = (("نامى", 0.06, 0.19), ("جىنسى", 0.06, 0.32), ("مىللىتى", 0.34, 0.32),
                ("تۇغۇلغان ۋاقتى", 0.06, 0.45), ("ئادرېسى", 0.06, 0.58), ("كىملىك نومۇرى", 0.06, 0.87))


def _uyghur_on_card(ctx: Ctx, page: Page, x: float, y: float, cw: float,
                    lab: tuple[int, int, int]) -> None:
    """A Xinjiang card's Uyghur: its labels above the Chinese ones, and a Uyghur holder's
    name in Arabic script above the Chinese name, which the holder may ask for. Drawn with a
    generator of its own (the card's number seeds it), so the rest of the set is unchanged."""
    person = ctx.person
    if not person.region.startswith("65"):
        return
    rng = random.Random(f"{person.id_number}|script")
    if rng.random() < 0.25:
        return   # an older card, or one from before the labels were printed so
    ch = cw * 54 / 85.6
    fam = rng.choice(sorted(SCRIPT_FONTS))
    size = round(ch * 0.036)
    for text, fx, fy in _CARD_LABELS:
        page.script_text(x + cw * fx, y + ch * (fy - 0.062), text, fam, size, fill=lab)
    script = in_script(person.name)
    if script is not None and rng.random() < 0.7:
        box = page.script_text(x + cw * 0.19, y + ch * (0.19 - 0.078), script, fam,
                               round(ch * 0.05), kind=ctx.k("name"), label=person.name)
        if box is not None:
            page.hard.add("name_in_script")


def id_front(ctx: Ctx) -> Page:
    """The front of an ID card alone: a card-sized scan or photo."""
    rng = ctx.rng
    cw = rng.randint(900, 1100)
    mx, my = rng.randint(10, 90), rng.randint(10, 90)
    ch = cw * 54 / 85.6
    bgc = rng.choice([(250, 250, 250), (235, 235, 232), (60, 62, 65), (200, 200, 198)])
    page = Page(cw + 2 * mx, round(ch) + 2 * my, 300, bgc, ctx.ink())
    page.notes["dpi"] = round(cw / 85.6 * 25.4)
    _id_card(ctx, page, mx, my, cw, True)
    return page


def id_back(ctx: Ctx) -> Page:
    rng = ctx.rng
    cw = rng.randint(900, 1100)
    mx, my = rng.randint(10, 90), rng.randint(10, 90)
    ch = cw * 54 / 85.6
    page = Page(
        cw + 2 * mx, round(ch) + 2 * my, 300, rng.choice([(250, 250, 250), (235, 235, 232)]), ctx.ink()
    )
    _id_card(ctx, page, mx, my, cw, False)
    page.hard.add("emblem_not_photo")
    page.hard.add("no_applicant_data")
    return page


def id_copy(ctx: Ctx) -> Page:
    """A4 photocopy with the front and back of the ID card, often with a 'for title use only' note."""
    rng = ctx.rng
    page = new_page(ctx, dpi=rng.choice([150, 200, 200, 300]))
    cw = page.mm(rng.uniform(85, 105))
    x = (page.w - cw) / 2 + page.mm(rng.uniform(-20, 20))
    y1 = page.mm(rng.uniform(30, 60))
    order = [True, False] if rng.random() < 0.8 else [False, True]
    ys = [y1, y1 + cw * 0.63 + page.mm(rng.uniform(20, 50))]
    for front, yy in zip(order, ys):
        _id_card(ctx, page, x + page.mm(rng.uniform(-5, 5)), yy, cw, front)
    if rng.random() < 0.7:
        note = rng.choice(["此复印件仅供职称申报使用，再复印无效", "仅供职称评审使用", "与原件一致"])
        color = rng.choice([(30, 60, 160), (200, 40, 40), (40, 40, 40)])
        page.rotated_text(
            page.w / 2,
            ys[1] + cw * 0.63 + page.mm(25),
            note,
            "ukai",
            page.pt(rng.uniform(16, 22)),
            rng.uniform(-8, 8),
            fill=color,
        )
        if rng.random() < 0.6 and not ctx.other:
            page.rotated_text(
                page.w / 2 + page.mm(40),
                ys[1] + cw * 0.63 + page.mm(45),
                ctx.person.name,
                "ukai",
                page.pt(rng.uniform(18, 26)),
                rng.uniform(-10, 10),
                fill=color,
                kind=ctx.k("name"),
            )
            page.hard.add("name_signature")
    return page


# =========================================================================== certificates


def diploma(ctx: Ctx) -> Page:
    """毕业证书 / 学士学位证书 with photo, the name in a sentence and the school's seal."""
    rng = ctx.rng
    P = ctx.person
    landscape = rng.random() < 0.6
    page = new_page(ctx, landscape=landscape)
    color = rng.choice([(160, 30, 30), (150, 110, 40), (30, 60, 120), (30, 100, 70)])
    margin = page.mm(rng.uniform(8, 16))
    decorative_border(page, rng, margin, color)
    degree = rng.random() < 0.35
    tfam, bfam = ctx.title_font(), ctx.body_font()
    W, H = page.w, page.h
    title = "学 士 学 位 证 书" if degree else rng.choice(["毕 业 证 书", "毕业证书"])
    ty = margin + page.mm(rng.uniform(28, 40))
    center_text(page, ty, title, tfam, ctx.size(page, 36), tracking=page.mm(3), stroke=1, fill=color)
    if rng.random() < 0.5:
        logo = school_logo(round(page.mm(22)), P.school, rng, color)
        page.img.paste(logo, (round(margin + page.mm(12)), round(margin + page.mm(10))), logo)
        page.hard.add("logo_not_photo")
    pw, ph = page.mm(33), page.mm(45)
    if landscape:
        px, py = margin + page.mm(22), ty + page.mm(18)
        tx, tw = px + pw + page.mm(18), W - (px + pw + page.mm(18)) - margin - page.mm(22)
        ty2 = py + page.mm(6)
    else:
        px, py = (W - pw) / 2, ty + page.mm(16)
        tx, tw = margin + page.mm(25), W - 2 * (margin + page.mm(25))
        ty2 = py + ph + page.mm(22)
    photo_box(ctx, page, px, py, pw, ph)
    size = ctx.size(page, rng.choice([14, 15, 16]))
    lh = size * rng.uniform(1.8, 2.2)
    start = date(P.birth.year + rng.randint(17, 19), 9, 1)
    yrs = 4 if rng.random() < 0.8 else 3
    end = date(start.year + yrs, 7, 1)
    nm = ctx.name(page)
    k = ctx.k("name")
    if degree:
        runs = [
            Run(nm, k),
            f"，{P.sex}，{P.birth.year}年{P.birth.month}月{P.birth.day}日生。在{P.school}"
            f"{P.major}专业完成了本科学习计划，业已毕业，经审核符合《中华人民共和国学位条例》的规定，授予工学学士学位。",
        ]
    else:
        runs = [
            "学生",
            Run(nm, k),
            f"，性别{P.sex}，{P.birth.year}年{P.birth.month}月{P.birth.day}日生，于"
            f"{start.year}年{start.month}月至{end.year}年{end.month}月在本校{P.major}专业{cn_year(yrs)}年制本科学习，"
            "修完教学计划规定的全部课程，成绩合格，准予毕业。",
        ]
    if not ctx.other:
        page.hard.add("name_in_sentence")
    split: list[str] = []  # the name opens the paragraph: splits happen only naturally here
    y = page.paragraph(tx, ty2, tw, runs, bfam, size, lh, force_split=split, rng=ctx.rng)
    oth = ctx.others(1)[0]
    y += lh * 0.6
    sx = tx + tw * rng.uniform(0.35, 0.5)
    page.text(sx, y, ["校    名：", Run(P.school, "other_unit")], bfam, size)
    y += lh
    lead = "学位评定委员会主席：" if degree else "校（院）长："
    page.text(sx, y, [lead, Run(oth.name, "other_name")], bfam, size)
    y += lh
    issued = date(end.year, 6, rng.randint(20, 30))
    page.text(
        sx,
        y,
        cn_date(issued) if rng.random() < 0.6 else f"{issued.year}年{issued.month}月{issued.day}日",
        bfam,
        size,
    )
    y += lh
    no = f"{rng.randint(10000, 19999)}{end.year}{rng.randint(10, 99)}{rng.randint(100000, 999999)}"
    page.text(
        tx if landscape else margin + page.mm(25),
        H - margin - page.mm(12),
        f"证书编号：{no}",
        bfam,
        ctx.size(page, 10),
    )
    if rng.random() < 0.45:  # school seal over the photo corner
        draw_seal(
            page, px + pw * 0.95, py + ph * 0.9, P.school, rng, kind="other_seal", angle=rng.uniform(-20, 20)
        )
        page.hard.add("seal_over_photo")
    draw_seal(page, sx + page.mm(rng.uniform(15, 35)), y - lh * 2.2, P.school, rng, kind="other_seal")
    page.hard.add("seal_over_text")
    return page


def _kv_lines(
    ctx: Ctx,
    page: Page,
    x: float,
    y: float,
    rows: list[tuple[str, Any]],
    fam: str,
    size: int,
    lh: float,
    label_w: float | None = None,
    value_fam: str | None = None,
) -> float:
    for label, value in rows:
        if label_w:
            page.text(x, y, label, fam, size, width=label_w if len(label) > 2 else None)
            page.text(x + label_w + size * 0.5, y, value, value_fam or fam, size)
        else:
            page.text(x, y, [label, value] if isinstance(value, (str, Run)) else [label, *value], fam, size)
        y += lh
    return y


def title_cert(ctx: Ctx) -> Page:
    """职称证书 (专业技术资格证书): booklet spread, photo, 工作单位, issuing authority seal, QR."""
    rng = ctx.rng
    P = ctx.person
    page = new_page(ctx, landscape=True, bg=(255, 255, 255))
    W, H = page.w, page.h
    v = ctx.variant(2)
    tint = rng.choice([(236, 244, 236), (246, 236, 234), (240, 240, 246), (248, 246, 236)])
    bx0, by0 = page.mm(rng.uniform(12, 25)), page.mm(rng.uniform(15, 30))
    bx1, by1 = W - page.mm(rng.uniform(12, 25)), H - page.mm(rng.uniform(15, 30))
    page.rect(bx0, by0, bx1, by1, width=2, outline=(150, 150, 150), fill=tint)
    dark = (max(0, tint[0] - 10), max(0, tint[1] - 10), max(0, tint[2] - 10))
    guilloche(page, (bx0, by0, bx1, by1), rng, dark, n=60)
    mid = (bx0 + bx1) / 2
    page.line(mid, by0, mid, by1, width=2, fill=(190, 190, 190))
    tfam, bfam = ctx.title_font(), ctx.body_font()
    size = ctx.size(page, rng.choice([11, 12, 13]))
    lh = size * rng.uniform(1.9, 2.3)
    k = ctx.k
    # left: photo + fields
    pw, ph = page.mm(25), page.mm(35)
    lx = bx0 + page.mm(rng.uniform(12, 20))
    top = by0 + page.mm(rng.uniform(14, 22))
    if v == 0:
        photo_box(ctx, page, (bx0 + mid) / 2 - pw / 2, top, pw, ph)
        y = top + ph + page.mm(14)
    else:
        photo_box(ctx, page, mid - pw - page.mm(12), top, pw, ph)
        y = top + page.mm(6)
    unit_txt = ctx.unit(page)
    nm = ctx.name(page)
    lab_w = size * 4.2
    rows = [("姓名", Run(nm, k("name"))), ("性别", P.sex), ("出生年月", f"{P.birth.year}年{P.birth.month}月")]
    if rng.random() < 0.4:
        rows.append(("身份证号", Run(ctx.id_text(page, "full"), k("id_number"))))
    y = _kv_lines(ctx, page, lx, y, rows, bfam, size, lh, lab_w)
    page.text(lx, y, "工作单位", bfam, size, width=lab_w)
    vx = lx + lab_w + size * 0.5
    avail = mid - page.mm(8) - vx
    y = (
        page.paragraph(
            vx, y, avail, Run(unit_txt, k("unit")), bfam, size, size * 1.3, indent_chars=0, justify=False
        )
        - size * 1.3
        + lh
    )
    rows = [
        ("专业", P.major),
        ("资格名称", P.title),
        ("评审时间", f"{rng.randint(2012, 2023)}年{rng.randint(1, 12)}月"),
        ("证书编号", f"{rng.choice(['XJ', '65', 'BT'])}{rng.randint(10**9, 10**10 - 1)}"),
    ]
    _kv_lines(ctx, page, lx, y, rows, bfam, size, lh, lab_w)
    # right: authority text, seal, QR
    rx = mid + page.mm(rng.uniform(14, 22))
    rw = bx1 - rx - page.mm(14)
    y = by0 + page.mm(rng.uniform(22, 35))
    center_text(
        page,
        y,
        rng.choice(["专业技术资格证书", "职称证书"]),
        tfam,
        ctx.size(page, 22),
        tracking=page.mm(1.5),
        x=(mid + bx1) / 2,
        stroke=1,
    )
    y += page.mm(18)
    board = f"新疆维吾尔自治区{rng.choice(['测绘', '自然资源', '工程技术'])}专业{P.title}职务评审委员会"
    y = page.paragraph(
        rx,
        y,
        rw,
        ["经", board, "评审通过，具备", P.title, "专业技术资格，特发此证。"],
        bfam,
        size,
        lh,
        rng=rng,
    )
    authority = rng.choice(["新疆维吾尔自治区人力资源和社会保障厅", "新疆维吾尔自治区职称改革领导小组办公室"])
    y += lh
    page.text(rx + rw, y, Run(authority, "other_unit"), bfam, size, align="r")
    d = date_between(rng, 2012, 2023)
    page.text(rx + rw, y + lh, f"{d.year}年{d.month}月{d.day}日", bfam, size, align="r")
    draw_seal(page, rx + rw - page.mm(30), y, authority, rng, kind="other_seal")
    if rng.random() < 0.6:
        q = qr_code(round(page.mm(18)), rng)
        page.img.paste(q, (round(rx), round(by1 - page.mm(30))))
        page.text(rx + page.mm(22), by1 - page.mm(20), "扫码查验", bfam, ctx.size(page, 9))
        page.hard.add("qr_not_photo")
    return page


def qual_cert(ctx: Ctx) -> Page:
    """职业资格证书 (e.g. 注册测绘师): portrait, labelled lines, ID number, photo, two ministry seals."""
    rng = ctx.rng
    P = ctx.person
    page = new_page(ctx, dpi=rng.choice([200, 200, 300, 150]))
    W, H = page.w, page.h
    margin = page.mm(rng.uniform(10, 18))
    color = rng.choice([(20, 90, 60), (150, 30, 30), (30, 60, 130)])
    decorative_border(page, rng, margin, color)
    tfam, bfam = ctx.title_font(), ctx.body_font()
    y = margin + page.mm(35)
    if rng.random() < 0.6:
        em = emblem(round(page.mm(24)), rng)
        page.img.paste(em, (round(W / 2 - em.width / 2), round(margin + page.mm(10))), em)
        page.hard.add("emblem_not_photo")
        y += page.mm(22)
    center_text(page, y, "中华人民共和国", tfam, ctx.size(page, 20), tracking=page.mm(1))
    y += page.mm(16)
    qual = rng.choice(["注册测绘师", "测绘工程师", "注册土地估价师", "一级注册建造师"])
    center_text(
        page, y, f"{qual}资格证书", tfam, ctx.size(page, 28), tracking=page.mm(1.2), stroke=1, fill=color
    )
    y += page.mm(30)
    pw, ph = page.mm(30), page.mm(40)
    photo_box(ctx, page, W - margin - page.mm(30) - pw, y - page.mm(8), pw, ph)
    size = ctx.size(page, rng.choice([12, 13, 14]))
    lh = size * rng.uniform(2.0, 2.4)
    x = margin + page.mm(30)
    label = ctx.name_label(page)
    label_style = ctx.variant(2)
    nm = ctx.name(page)
    k = ctx.k
    if label_style == 0:
        page.text(x, y, [label, Run(nm, k("name"))], bfam, size)
    else:
        page.text(x, y, ["姓　　名：", Run(nm, k("name"))], bfam, size)
    y += lh
    y = _kv_lines(
        ctx,
        page,
        x,
        y,
        [("性　　别：", P.sex), ("出生年月：", f"{P.birth.year}年{P.birth.month}月")],
        bfam,
        size,
        lh,
    )
    page.text(x, y, ["身份证件号码：", Run(ctx.id_text(page), k("id_number"))], bfam, size)
    y += lh
    d = date_between(rng, 2010, 2023)
    y = _kv_lines(
        ctx,
        page,
        x,
        y,
        [
            ("批准日期：", f"{d.year}年{d.month}月"),
            ("管 理 号：", f"{d.year}{rng.randint(10**9, 10**10 - 1)}"),
        ],
        bfam,
        size,
        lh,
    )
    y += lh
    auths = rng.sample(
        ["中华人民共和国人力资源和社会保障部", "中华人民共和国自然资源部", "国家测绘地理信息局"], 2
    )
    y = max(y + page.mm(10), H - margin - page.mm(70))
    for i, a in enumerate(auths):
        cx = W * (0.3 + 0.4 * i)
        page.text(cx, y, Run(a, "other_unit"), bfam, ctx.size(page, 11), align="c")
        draw_seal(
            page,
            cx + page.mm(rng.uniform(-5, 5)),
            y - page.mm(rng.uniform(0, 8)),
            a,
            rng,
            kind="other_seal",
            diameter_mm=rng.uniform(40, 45),
        )
    page.text(W / 2, y + page.mm(25), f"签发日期：{d.year}年{d.month}月{d.day}日", bfam, size, align="c")
    return page


def training_cert(ctx: Ctx) -> Page:
    """继续教育培训合格证书: 学员 name in a sentence, unit (often an alias), organiser seal."""
    rng = ctx.rng
    landscape = rng.random() < 0.5
    page = new_page(ctx, landscape=landscape)
    W, _H = page.w, page.h
    margin = page.mm(rng.uniform(10, 20))
    color = rng.choice([(170, 40, 40), (160, 120, 40), (40, 80, 150)])
    if rng.random() < 0.7:
        decorative_border(page, rng, margin, color)
    tfam, bfam = ctx.title_font(), ctx.body_font()
    y = margin + page.mm(rng.uniform(30, 45))
    center_text(
        page,
        y,
        rng.choice(["继续教育培训合格证书", "培 训 证 书", "结业证书"]),
        tfam,
        ctx.size(page, 30),
        tracking=page.mm(1),
        stroke=1,
        fill=color if rng.random() < 0.5 else None,
    )
    y += page.mm(25)
    no = f"编号：JXJY{rng.randint(2018, 2024)}{rng.randint(10000, 99999)}"
    page.text(W - margin - page.mm(20), y, no, bfam, ctx.size(page, 10), align="r")
    y += page.mm(18)
    size = ctx.size(page, rng.choice([14, 15, 16, 18]))
    lh = size * rng.uniform(1.8, 2.2)
    d = date_between(rng, 2018, 2024)
    k = ctx.k
    nm = ctx.name(page)
    unit_txt = ctx.unit(page)
    org = rng.choice(texts.ORGS)
    course = rng.choice(texts.COURSES)
    id_runs = ["（身份证号：", Run(ctx.id_text(page, rng.choice(["full", "starred"])), k("id_number")), "）"]
    tail = [
        "，工作单位：",
        Run(unit_txt, k("unit")),
        f"，于{d.year}年{d.month}月参加{org}举办的“{course}”继续教育培训，"
        f"完成{rng.choice([24, 32, 40, 48, 72])}"
        "学时的学习任务，经考核合格，特发此证。",
    ]
    with_id = rng.random() < 0.5
    runs: list = ["学员", Run(nm, k("name")), *(id_runs if with_id else []), *tail]
    alts = [
        [pre, Run(nm, k("name")), *(id_runs if with_id else []), *tail]
        for pre in ["兹证明学员", "经审核，学员", "我中心学员", "参训学员", "兹有学员"]
    ]
    if not ctx.other:
        page.hard.add("name_in_sentence")
    split: list[str] = []
    if not ctx.other:
        split = [ctx.cycle("train_split", [[], [k("unit")]])][0]
    x = margin + page.mm(rng.uniform(25, 35))
    y = page.paragraph(x, y, W - 2 * x, runs, bfam, size, lh, force_split=split, rng=rng, alternatives=alts)
    y += lh * 1.5
    page.text(W - x, y, Run(org, "other_unit"), bfam, size, align="r")
    page.text(W - x, y + lh, f"{d.year}年{d.month}月{min(28, d.day + 5)}日", bfam, size, align="r")
    if rng.random() < 0.3:
        draw_seal(
            page,
            W - x - page.mm(25),
            y + lh * 0.3,
            org,
            rng,
            kind="other_seal",
            shape="oval",
            middle="培训专用章",
        )
    else:
        draw_seal(page, W - x - page.mm(25), y + lh * 0.3, org, rng, kind="other_seal")
    return page


# =========================================================================== employment records


def labour_contract(ctx: Ctx) -> Page:
    """劳动合同 / 聘用合同: 甲方 = unit, 乙方 = applicant, ID, clauses, unit seal over the signature."""
    rng = ctx.rng
    P = ctx.person
    U = P.unit
    assert U is not None
    page = new_page(ctx)
    W, H = page.w, page.h
    tfam, bfam = ctx.title_font(), ctx.body_font()
    mx = page.mm(rng.uniform(22, 30))
    y = page.mm(rng.uniform(28, 40))
    center_text(
        page,
        y,
        rng.choice(["劳动合同书", "劳 动 合 同", "事业单位聘用合同"]),
        tfam,
        ctx.size(page, 24),
        tracking=page.mm(0.8),
        stroke=1,
    )
    y += page.mm(20)
    size = ctx.size(page, rng.choice([11, 12, 12, 13]))
    lh = size * rng.uniform(1.7, 2.0)
    k = ctx.k
    full = U.full
    rows: list[list[Any]] = [
        ["甲方（用人单位）：", Run(full, k("unit"))],
        ["法定代表人：", Run(ctx.others(1)[0].name, "other_name")],
        [
            f"地址：{U.city}市{rng.choice(['友好北路', '新华南路', '北京南路', '长江路'])}"
            f"{rng.randint(1, 800)}号"
        ],
        ["乙方（劳动者）", ctx.name_label(page), Run(ctx.name(page), k("name"))],
        [f"性别：{P.sex}　　民族：{P.ethnic}　　出生日期：{P.birth.year}年{P.birth.month}月{P.birth.day}日"],
        ["居民身份证号码：", Run(ctx.id_text(page, rng.choice(["full", "full", "grouped"])), k("id_number"))],
        [f"户籍地址：{P.address}"],
    ]
    for r in rows:
        x0, x1, _ = page.text(mx, y, r, bfam, size)
        if rng.random() < 0.5:
            underline(page, x0 + page.measure(r[0], bfam, size), max(x1, W - mx), y)
        y += lh
    y += lh * 0.3
    start = date_between(rng, 2012, 2022)
    end = years_after(start, rng.choice([3, 5, 10]))
    trial = start + timedelta(days=rng.choice([90, 180]))
    clauses = list(texts.CONTRACT)
    clauses[1] = clauses[1].format(
        start=f"{start.year}年{start.month}月{start.day}日",
        end=f"{end.year}年{end.month}月{end.day}日",
        trial=f"{trial.year}年{trial.month}月{trial.day}日",
    )
    body_end = H - page.mm(75)
    n = 0
    cn = "一二三四五六七八九十"
    for i, c in enumerate(clauses):
        if y > body_end - lh * 3:
            break
        runs: list = [f"{cn[n]}、"]
        if i == 2:
            tail = [
                "甲方",
                Run(full, k("unit")),
                "根据工作需要，安排乙方在",
                rng.choice(["测绘生产部", "技术质量部", "数据处理中心", "地籍测绘所", "遥感中心"]),
                f"从事{rng.choice(POSTS)}工作，乙方",
                Run(ctx.name(page), k("name")),
                "同意服从甲方的工作安排，并按甲方要求履行岗位职责。",
            ]
            alts = [[f"{cn[n]}、", c2, *tail] for c2 in rng.sample(clauses[2:], len(clauses) - 2) if c2 != c]
            runs += [c, *tail]
            split = [k("unit")] if ctx.cycle("contract_split", [True, False]) else [k("name")]
            if ctx.other:
                split = []
        else:
            runs.append(c)
            split = []
            alts = []
        y = page.paragraph(
            mx,
            y,
            W - 2 * mx,
            runs,
            bfam,
            size,
            lh,
            force_split=split,
            rng=rng,
            line_jitter=lh * 0.04,
            alternatives=alts,
        )
        n += 1  # noqa: SIM113 - counts drawn clauses, not loop steps
    # signature block
    y = max(y + lh, body_end)
    sx2 = W / 2 + page.mm(10)
    _, unit_end, _ = page.text(
        mx,
        y,
        ["甲方（盖章）：", Run(U.full if rng.random() < 0.7 else ctx.unit(page), k("unit"))],
        bfam,
        size,
    )
    sig_w = page.measure("乙方（签字）：", bfam, size)
    sig_size = round(size * rng.uniform(1.4, 1.9))
    # A hasty hand no reader can read, on some contracts: drawn from a generator of its own,
    # so the rest of the set is as before. Its label keeps clear of a long unit's name (the
    # pages with a printed signature keep their old overlap, a hard case of its own).
    hand = random.Random(f"{P.id_number}|{ctx.split}|hand")
    scribbled = hand.random() < 0.35
    if scribbled and unit_end + page.mm(4) > sx2:
        sx2 = unit_end + page.mm(6)
        scribbled = sx2 + sig_w + sig_size * len(P.name) * 0.8 < W - page.mm(5)
        if not scribbled:
            sx2 = W / 2 + page.mm(10)
    page.text(sx2, y, "乙方（签字）：", bfam, size)
    gap, angle, ink = rng.uniform(3, 10), rng.uniform(-6, 6), rng.choice([(20, 20, 30), (20, 40, 130)])
    if scribbled:
        page.scribble(sx2 + sig_w + page.mm(gap / 2), y - size * 0.4, P.name, sig_size, hand,
                      fill=ink, kind=k("name"))
        if not ctx.other:
            page.hard.add("name_scribbled")
    else:
        page.rotated_text(
            sx2 + sig_w + page.measure(P.name, "ukai", sig_size) / 2 + page.mm(gap),
            y - size * 0.4,
            P.name,
            "ukai",
            sig_size,
            angle,
            fill=ink,
            kind=k("name"),
        )
    if not ctx.other:
        page.hard.add("name_signature")
    y += lh * 1.6
    page.text(mx, y, "法定代表人或委托代理人（签字）：", bfam, size)
    y += lh * 1.6
    page.text(mx, y, f"{start.year}年{start.month}月{start.day}日", bfam, size)
    page.text(sx2, y, f"{start.year}年{start.month}月{start.day}日", bfam, size)
    if rng.random() < 0.2:
        draw_seal(
            page,
            mx + page.mm(rng.uniform(30, 55)),
            y - lh * rng.uniform(1.5, 2.5),
            U.full,
            rng,
            kind=k("seal"),
            shape="oval",
            middle="合同专用章",
            bottom=f"{rng.randint(10**12, 10**13 - 1)}",
        )
    else:
        draw_seal(
            page,
            mx + page.mm(rng.uniform(30, 55)),
            y - lh * rng.uniform(1.5, 2.5),
            U.full,
            rng,
            kind=k("seal"),
            bottom=rng.choice(["", "", "合同专用章", "人事专用章"]),
        )
    page.hard.add("seal_over_text")
    center_text(page, H - page.mm(12), f"第 {rng.randint(1, 3)} 页", bfam, ctx.size(page, 9))
    return page


def social_insurance(ctx: Ctx) -> Page:
    """社会保险个人缴费记录: header with grouped ID, many rows repeating 单位名称."""
    rng = ctx.rng
    P = ctx.person
    U = P.unit
    assert U is not None
    page = new_page(ctx)
    W, H = page.w, page.h
    tfam, bfam = ctx.title_font(), ctx.body_font()
    mx = page.mm(rng.uniform(12, 20))
    y = page.mm(rng.uniform(20, 30))
    center_text(
        page,
        y,
        rng.choice(
            [
                "社会保险个人参保缴费证明",
                "新疆维吾尔自治区社会保险个人缴费记录",
                "城镇职工基本养老保险个人缴费明细",
            ]
        ),
        tfam,
        ctx.size(page, 18),
        stroke=1,
    )
    y += page.mm(14)
    size = ctx.size(page, rng.choice([9, 9.5, 10]))
    k = ctx.k
    unit_txt = U.full if rng.random() < 0.8 else ctx.unit(page)
    idmode = "grouped" if ctx.cycle("si_id", [True, False]) else rng.choice(["full", "starred"])
    tw = W - 2 * mx
    hrow = size * 2.2
    cw = [tw * f for f in (0.12, 0.2, 0.16, 0.52)]
    grid(
        page,
        mx,
        y,
        cw,
        [hrow, hrow],
        [
            (0, 0, 1, 1, "姓名"),
            (0, 1, 1, 1, Run(ctx.name(page), k("name"))),
            (0, 2, 1, 1, "公民身份号码"),
            (0, 3, 1, 1, Run(ctx.id_text(page, idmode), k("id_number"))),
            (1, 0, 1, 1, "参保单位"),
            (1, 1, 1, 3, Run(unit_txt, k("unit")), "l"),
        ],
        bfam,
        size,
    )
    y += 2 * hrow + page.mm(6)
    cols = ["序号", "缴费年月", "单位名称", "险种", "缴费基数", "个人缴费", "状态"]
    fr = [0.07, 0.12, 0.37, 0.12, 0.11, 0.11, 0.1]
    colw = [tw * f for f in fr]
    nrows = rng.randint(18, 34)
    row_h = size * rng.uniform(1.75, 2.1)
    nrows = min(nrows, int((H - y - page.mm(55)) / row_h) - 1)
    prev_unit = ctx.other_units(1, similar=1)[0] if rng.random() < 0.4 else None
    switch = rng.randint(2, max(3, nrows // 3)) if prev_unit else 0
    ym = date_between(rng, 2014, 2021)
    base = rng.randint(40, 120) * 100
    rows = []
    for i in range(nrows):
        m = (ym.month - 1 + i) % 12 + 1
        yr = ym.year + (ym.month - 1 + i) // 12
        unit_run = Run(prev_unit or "", "other_unit") if i < switch else Run(unit_txt, k("unit"))
        ins = rng.choice(["养老保险", "养老", "医疗保险", "失业保险"]) if rng.random() < 0.3 else "养老保险"
        rows.append([str(i + 1), f"{yr}{m:02d}", unit_run, ins, f"{base:.2f}", f"{base * 0.08:.2f}", "已缴"])
    if prev_unit:
        page.hard.add("similar_unit_distractor")
    y = table(page, mx, y, colw, cols, rows, row_h, bfam, size, head_fam=tfam)
    y += page.mm(8)
    page.text(mx, y, f"打印日期：{date_between(rng, 2022, 2024):%Y-%m-%d}", bfam, size)
    issuer = rng.choice(["乌鲁木齐市社会保险管理局", "新疆维吾尔自治区社会保险管理局", "昌吉州社会保险中心"])
    page.text(W - mx, y, Run(issuer, "other_unit"), bfam, size, align="r")
    draw_seal(
        page,
        W - mx - page.mm(25),
        y - page.mm(5),
        issuer,
        rng,
        kind="other_seal",
        bottom=rng.choice(["业务专用章", "社会保险业务专用章"]),
        shape=rng.choice(["round", "oval"]),
    )
    if rng.random() < 0.5:
        q = qr_code(round(page.mm(20)), rng)
        page.img.paste(q, (round(mx), round(y + page.mm(6))))
        page.text(mx + page.mm(24), y + page.mm(16), "扫描二维码验证真伪", bfam, size)
        page.hard.add("qr_not_photo")
    return page


def annual_assessment(ctx: Ctx) -> Page:
    """年度考核登记表: ruled form with name, unit, comments mentioning the name, unit seal."""
    rng = ctx.rng
    P = ctx.person
    U = P.unit
    assert U is not None
    page = new_page(ctx)
    W, _H = page.w, page.h
    tfam, bfam = ctx.title_font(), ctx.body_font()
    mx = page.mm(rng.uniform(15, 22))
    year = rng.randint(2016, 2023)
    y = page.mm(rng.uniform(22, 32))
    center_text(
        page,
        y,
        rng.choice(["事业单位工作人员年度考核登记表", "年度考核登记表", "专业技术人员年度考核表"]),
        tfam,
        ctx.size(page, 18),
        stroke=1,
    )
    y += page.mm(10)
    center_text(page, y, f"（{year}年度）", bfam, ctx.size(page, 12))
    y += page.mm(8)
    size = ctx.size(page, rng.choice([10.5, 11, 12]))
    k = ctx.k
    tw = W - 2 * mx
    has_photo = rng.random() < (0.6 if ctx.split == "tune" else 0.4)
    colw = [tw * f for f in (0.13, 0.17, 0.1, 0.14, 0.13, 0.15, 0.18)]
    rh = size * 2.6
    unit_txt = ctx.unit(page)
    nm = ctx.name(page)
    cells = [
        (0, 0, 1, 1, "姓名"),
        (0, 1, 1, 1, Run(nm, k("name"))),
        (0, 2, 1, 1, "性别"),
        (0, 3, 1, 1, P.sex),
        (0, 4, 1, 1, "出生年月"),
        (0, 5, 1, 1, f"{P.birth.year}.{P.birth.month:02d}"),
        (1, 0, 1, 1, "政治面貌"),
        (1, 1, 1, 1, rng.choice(["中共党员", "群众", "民盟盟员"])),
        (1, 2, 1, 1, "民族"),
        (1, 3, 1, 1, P.ethnic),
        (1, 4, 1, 1, "学历"),
        (1, 5, 1, 1, rng.choice(["大学本科", "研究生", "大专"])),
        (2, 0, 1, 1, "工作单位"),
        (2, 1, 1, 5, Run(unit_txt, k("unit")), "l"),
        (3, 0, 1, 1, "现任职务"),
        (3, 1, 1, 2, rng.choice(POSTS)),
        (3, 3, 1, 1, "专业技术职务"),
        (3, 4, 1, 3, P.title),
    ]
    if has_photo:
        cells.append((0, 6, 3, 1, "PHOTO"))
    else:
        cells = [c if c[:2] != (2, 1) else (2, 1, 1, 6, c[4], "l") for c in cells]
        cells += [(0, 6, 1, 1, None), (1, 6, 1, 1, None)]
    rects = grid(page, mx, y, colw, [rh] * 4, cells, bfam, size)
    if has_photo:
        x0, y0, x1, y1 = rects[(0, 6)]
        pad = size * 0.4
        photo_box(ctx, page, x0 + pad, y0 + pad, x1 - x0 - 2 * pad, y1 - y0 - 2 * pad)
    y += 4 * rh
    # self summary
    sum_h = page.mm(rng.uniform(60, 80))
    page.rect(mx, y, mx + colw[0], y + sum_h, width=2)
    page.rect(mx + colw[0], y, mx + tw, y + sum_h, width=2)
    cell_text(page, (mx, y, mx + colw[0], y + sum_h), "个人总结", bfam, size)
    lh = size * 1.7
    fill_lines(
        ctx,
        page,
        mx + colw[0] + size,
        y + size * 1.8,
        tw - colw[0] - 2 * size,
        texts.SUMMARY,
        bfam,
        size,
        y + sum_h - size,
        lh,
        k=5,
    )
    y += sum_h
    # leader comment with the name in a sentence
    com_h = page.mm(rng.uniform(45, 60))
    page.rect(mx, y, mx + colw[0], y + com_h, width=2)
    page.rect(mx + colw[0], y, mx + tw, y + com_h, width=2)
    cell_text(page, (mx, y, mx + colw[0], y + com_h), "主管领导评语", bfam, size)
    grade = rng.choice(["优秀", "合格", "合格", "优秀"])
    c0 = texts.COMMENT[0].split("{name}")
    intro = rng.choice(texts.COMMENT_INTRO) + rng.choice(
        ["工作成效明显。", "较好地完成了各项任务。", "得到同事的一致好评。"]
    )
    nm_run = Run(ctx.name(page, allow_space=False), k("name"))
    rest = [
        c0[1],
        texts.COMMENT[1].format(work=rng.choice(["基础测绘项目", "不动产登记工作", "国土调查项目"])),
        texts.COMMENT[2].format(grade=grade),
    ]
    runs = [intro if rng.random() < 0.8 else "", c0[0], nm_run, *rest]
    alts = [
        [a + b, c0[0], nm_run, *rest]
        for a in texts.COMMENT_INTRO
        for b in ["工作成效明显。", "较好地完成了各项任务。", "得到同事的一致好评。", ""]
    ]
    if not ctx.other:
        page.hard.add("name_in_sentence")
    split = [k("name")] if (not ctx.other and ctx.cycle("assess_split", [True, False, False])) else []
    page.paragraph(
        mx + colw[0] + size,
        y + size * 1.8,
        tw - colw[0] - 2 * size,
        runs,
        bfam,
        size,
        lh,
        force_split=split,
        rng=rng,
        alternatives=alts,
    )
    signer = ctx.others(1)[0].name
    sig_w = page.measure(signer, "ukai", round(size * 1.4))
    lab_x = mx + tw - size * 2 - sig_w - size * 3.5
    page.text(lab_x, y + com_h - size * 1.2, "签名：", bfam, size)
    page.rotated_text(
        lab_x + size * 3.5 + sig_w / 2,
        y + com_h - size * 1.6,
        signer,
        "ukai",
        round(size * 1.4),
        rng.uniform(-6, 6),
        kind="other_name",
    )
    y += com_h
    # result + seal
    res_h = page.mm(rng.uniform(40, 50))
    page.rect(mx, y, mx + colw[0], y + res_h, width=2)
    page.rect(mx + colw[0], y, mx + tw, y + res_h, width=2)
    cell_text(page, (mx, y, mx + colw[0], y + res_h), "考核等次", bfam, size)
    page.text(mx + colw[0] + size, y + size * 2, f"经考核，确定为{grade}等次。", bfam, size)
    sy = y + res_h - size * 1.5
    page.text(
        mx + tw - size,
        sy - size * 2,
        [Run(U.full if rng.random() < 0.6 else unit_txt, k("unit")), "（盖章）"],
        bfam,
        size,
        align="r",
    )
    page.text(
        mx + tw - size, sy, f"{year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日", bfam, size, align="r"
    )
    draw_seal(
        page,
        mx + tw - page.mm(rng.uniform(35, 55)),
        sy - size * 2.5,
        U.full,
        rng,
        kind=k("seal"),
        bottom=rng.choice(["", "人事专用章"]),
    )
    page.hard.add("seal_over_text")
    return page


def assessment_roster(ctx: Ctx) -> Page:
    """考核花名册: 10-20 colleagues of the same unit; every unit cell is the applicant's unit."""
    rng = ctx.rng
    P = ctx.person
    U = P.unit
    assert U is not None
    landscape = rng.random() < 0.5
    page = new_page(ctx, landscape=landscape)
    W, H = page.w, page.h
    tfam, bfam = ctx.title_font(), ctx.body_font()
    mx = page.mm(rng.uniform(12, 20))
    year = rng.randint(2016, 2023)
    unit_txt = ctx.unit(page)
    k = ctx.k
    y = page.mm(rng.uniform(20, 30))
    tsize = ctx.size(page, 16)
    center_text(page, y, [Run(unit_txt, k("unit")), f"{year}年度考核结果花名册"], tfam, tsize, stroke=1)
    y += page.mm(12)
    size = ctx.size(page, rng.choice([10, 10.5, 11]))
    page.text(mx, y, ["填报单位（盖章）：", Run(unit_txt, k("unit"))], bfam, size)
    page.text(
        W - mx, y, f"填报日期：{year + 1}年{rng.randint(1, 2)}月{rng.randint(1, 28)}日", bfam, size, align="r"
    )
    seal_at = (mx + page.mm(rng.uniform(35, 60)), y - page.mm(rng.uniform(0, 6)))
    y += page.mm(6)
    n = rng.randint(10, 20)
    others = ctx.others(n - 1, confusable=3)
    me = rng.randrange(n)
    people = others[:me] + [None] + others[me:]
    with_id = rng.random() < 0.45
    cols = ["序号", "姓名", "性别", "出生年月", "工作单位", "岗位", "考核等次"]
    fr = [0.07, 0.14, 0.07, 0.12, 0.32, 0.14, 0.14]
    if with_id:
        cols.insert(4, "身份证号")
        fr = [0.06, 0.12, 0.06, 0.1, 0.22, 0.22, 0.11, 0.11]
    tw = W - 2 * mx
    colw = [tw * f for f in fr]
    row_h = min(size * rng.uniform(2.0, 2.6), (H - y - page.mm(40)) / (n + 1))
    rows = []
    for i, o in enumerate(people):
        if o is None:
            nm = Run(ctx.name(page), k("name"))
            sex, b = P.sex, P.birth
            idr = Run(ctx.id_text(page, rng.choice(["full", "starred"])), k("id_number"))
        else:
            nm = Run(o.name, "other_name")
            sex, b = o.sex, o.birth
            idr = Run(o.id_number if rng.random() < 0.7 else star_id(o.id_number), "other_id")
        row = [
            str(i + 1),
            nm,
            sex,
            f"{b.year}.{b.month:02d}",
            Run(unit_txt, k("unit")),
            rng.choice(POSTS),
            rng.choice(["优秀", "合格", "合格", "合格"]),
        ]
        if with_id:
            row.insert(4, idr)
        rows.append(row)
    if not ctx.other:
        page.hard.update({"contained_name_distractor", "same_surname_distractor"})
    table(page, mx, y, colw, cols, rows, row_h, bfam, size, head_fam=tfam)
    draw_seal(page, *seal_at, U.full, rng, kind=k("seal"))
    page.hard.add("seal_over_text")
    return page


# =========================================================================== reports, papers, notices


def project_report(ctx: Ctx) -> Page:
    """Project report: a cover (负责人, 编制单位, seal) or a participants page."""
    rng = ctx.rng
    P = ctx.person
    U = P.unit
    assert U is not None
    page = new_page(ctx)
    W, _H = page.w, page.h
    tfam, bfam = ctx.title_font(), ctx.body_font()
    k = ctx.k
    place = rng.choice(["乌鲁木齐市", "昌吉州", "伊犁州", "喀什地区", "克拉玛依市", "哈密市"])
    project = f"{place}{rng.choice(texts.PROJECTS)}"
    unit_txt = ctx.unit(page)
    d = date_between(rng, 2015, 2024)
    if ctx.variant(2) == 0:  # cover
        y = page.mm(rng.uniform(60, 85))
        page.paragraph(
            page.mm(30),
            y,
            W - page.mm(60),
            project,
            tfam,
            ctx.size(page, 24),
            ctx.size(page, 24) * 1.6,
            indent_chars=0,
            justify=False,
        )
        y = page.mm(rng.uniform(150, 175))
        size = ctx.size(page, rng.choice([14, 15, 16]))
        lh = size * 2.1
        x = page.mm(rng.uniform(45, 60))
        page.text(x, y, ["项目负责人：", Run(ctx.name(page), k("name"))], bfam, size)
        y += lh
        page.text(x, y, ["技术负责人：", Run(ctx.others(1)[0].name, "other_name")], bfam, size)
        y += lh
        page.text(x, y, ["审　　核：", Run(ctx.others(1)[0].name, "other_name")], bfam, size)
        y += lh * 2
        center_text(page, y, ["编制单位：", Run(unit_txt, k("unit"))], bfam, round(size * 1.1))
        y += lh
        center_text(
            page,
            y,
            cn_date(d)[: -len(cn_date(d).split("月")[1])] if rng.random() < 0.5 else f"{d.year}年{d.month}月",
            bfam,
            round(size * 1.1),
        )
        draw_seal(page, W / 2 + page.mm(rng.uniform(-10, 25)), y - lh * 0.8, U.full, rng, kind=k("seal"))
        page.hard.add("seal_over_text")
        return page
    # participants page
    y = page.mm(rng.uniform(25, 35))
    center_text(page, y, "项目主要参加人员", tfam, ctx.size(page, 18), stroke=1)
    y += page.mm(12)
    size = ctx.size(page, rng.choice([10.5, 11, 12]))
    page.paragraph(
        page.mm(20),
        y,
        W - page.mm(40),
        f"项目名称：{project}",
        bfam,
        size,
        size * 1.6,
        indent_chars=0,
        justify=False,
    )
    y += page.mm(10)
    n = rng.randint(6, 14)
    others = ctx.others(n - 1, confusable=1)
    units = ctx.other_units(3, similar=1)
    me = rng.randrange(min(3, n))
    rows = []
    for i in range(n):
        if i == me:
            nm, un = Run(ctx.name(page), k("name")), Run(unit_txt, k("unit"))
            role = "项目负责人" if i == 0 else rng.choice(["技术负责", "数据处理", "质量检查"])
        else:
            o = others[i - (i > me)]
            nm = Run(o.name, "other_name")
            un = Run(unit_txt, k("unit")) if rng.random() < 0.6 else Run(rng.choice(units), "other_unit")
            role = rng.choice(["外业测量", "内业处理", "质量检查", "报告编写", "数据建库"])
        rows.append([str(i + 1), nm, un, rng.choice(["工程师", "高级工程师", "助理工程师"]), role, ""])
    page.hard.add("similar_unit_distractor")
    tw = W - page.mm(40)
    colw = [tw * f for f in (0.07, 0.15, 0.36, 0.14, 0.14, 0.14)]
    y = table(
        page,
        page.mm(20),
        y,
        colw,
        ["序号", "姓名", "工作单位", "职称", "分工", "签名"],
        rows,
        size * 2.4,
        bfam,
        size,
        head_fam=tfam,
    )
    y += page.mm(15)
    page.text(W - page.mm(25), y, [Run(unit_txt, k("unit"))], bfam, size, align="r")
    page.text(W - page.mm(25), y + size * 2, f"{d.year}年{d.month}月", bfam, size, align="r")
    draw_seal(page, W - page.mm(55), y, U.full, rng, kind=k("seal"))
    return page


def paper(ctx: Ctx) -> Page:
    """First page of a journal paper: authors with superscripts, affiliations, author bio."""
    rng = ctx.rng
    P = ctx.person
    U = P.unit
    assert U is not None
    page = new_page(ctx)
    W, H = page.w, page.h
    tfam, bfam = ctx.title_font(), ctx.body_font()
    k = ctx.k
    mx = page.mm(rng.uniform(18, 24))
    tw = W - 2 * mx
    small = ctx.size(page, 9)
    journal = rng.choice(texts.JOURNALS)
    yr = rng.randint(2015, 2024)
    y = page.mm(15)
    page.text(mx, y, f"第{rng.randint(20, 50)}卷 第{rng.randint(1, 12)}期", bfam, small)
    page.text(W / 2, y, journal, tfam, small, align="c")
    page.text(W - mx, y, f"{yr}年{rng.randint(1, 12)}月", bfam, small, align="r")
    page.line(mx, y + small * 0.6, W - mx, y + small * 0.6, width=2)
    y += page.mm(6)
    page.text(
        mx,
        y,
        [
            "DOI：",
            Run(
                f"10.{rng.randint(11000, 16999)}/j.cnki.{rng.choice(['chtb', 'chkx', 'xjdz'])}.{yr}."
                f"{rng.randint(100, 999)}",
                None,
                family="serif",
            ),
        ],
        bfam,
        small,
    )
    y += page.mm(18)
    title = rng.choice(texts.PAPER_TITLES)
    center_text(page, y, title, tfam, ctx.size(page, 18), stroke=1 if rng.random() < 0.4 else 0)
    y += page.mm(12)
    # authors
    n_auth = rng.randint(2, 5)
    co = ctx.others(n_auth - 1, confusable=1 if rng.random() < 0.5 else 0)
    pos = rng.randrange(n_auth)
    other_units = ctx.other_units(2, similar=1 if rng.random() < 0.5 else 0)
    aff = [U.full] + other_units
    asz = ctx.size(page, 12)
    sup = round(asz * 0.6)
    runs: list = []
    cj = 0
    author_aff = []
    for i in range(n_auth):
        if i:
            runs.append(Run("，", None))
        if i == pos:
            runs.append(Run(ctx.name(page, allow_space=False), k("name")))
            a = 1
        else:
            runs.append(Run(co[cj].name, "other_name"))
            cj += 1
            a = rng.choice([1, 2, 2, 3]) if len(aff) > 2 else rng.choice([1, 2])
        author_aff.append(a)
        runs.append(
            Run(
                str(a) if rng.random() < 0.85 else f"{a},{rng.choice([1, 2])}",
                None,
                family="serif",
                size=sup,
                rise=round(asz * 0.45),
            )
        )
    center_text(page, y, runs, ctx.body_font(), asz)
    page.hard.add("superscript_author")
    y += page.mm(9)
    used = sorted(set(author_aff))
    aff_runs: list = ["（"]
    for j, a in enumerate(used):
        if j:
            aff_runs.append("；")
        u = aff[a - 1]
        aff_runs += [
            f"{j + 1 if a != 1 else 1}. " if False else f"{a}. ",
            Run(u, k("unit") if a == 1 else "other_unit"),
            f"，{rng.choice(['新疆 乌鲁木齐', '湖北 武汉', '陕西 西安', '新疆 石河子'])} "
            f"{rng.randint(710000, 839999)}",
        ]
    aff_runs.append("）")
    y = page.paragraph(
        mx + page.mm(8),
        y,
        tw - page.mm(16),
        aff_runs,
        bfam,
        small,
        small * 1.5,
        indent_chars=0,
        justify=False,
    )
    y += page.mm(4)
    # abstract + keywords
    ab = "".join(texts.pick(rng, texts.TECH, 4))
    y = page.paragraph(
        mx + page.mm(6),
        y,
        tw - page.mm(12),
        [Run("摘要：", None, family=tfam), ab],
        bfam,
        small,
        small * 1.55,
        indent_chars=0,
    )
    y = page.paragraph(
        mx + page.mm(6),
        y + small * 0.4,
        tw - page.mm(12),
        [
            Run("关键词：", None, family=tfam),
            "；".join(
                rng.sample(["实景三维", "倾斜摄影", "精度评定", "北斗", "InSAR", "国土调查", "控制测量"], 4)
            ),
        ],
        bfam,
        small,
        small * 1.55,
        indent_chars=0,
    )
    page.text(
        mx + page.mm(6),
        y + small * 0.5,
        f"中图分类号：P{rng.randint(200, 237)}  文献标志码：A  "
        f"文章编号：{rng.randint(1000, 2999)}-{rng.randint(1000, 9999)}"
        f"（{yr}）{rng.randint(1, 12):02d}-{rng.randint(1, 200):04d}-0{rng.randint(4, 8)}",
        bfam,
        small,
    )
    y += page.mm(10)
    # two-column body, bio footnote in the left column bottom
    colw = (tw - page.mm(8)) / 2
    foot_h = page.mm(30)
    ybot = H - page.mm(20)
    bsz = ctx.size(page, rng.choice([9, 9.5, 10]))
    lh = bsz * rng.uniform(1.45, 1.65)
    for c in range(2):
        x = mx + c * (colw + page.mm(8))
        yy = y
        if c == 0:
            page.text(x, yy, "0  引  言", tfam, round(bsz * 1.1))
            yy += lh * 1.5
        limit = ybot - (foot_h if c == 0 else 0)
        while yy < limit - lh * 2:
            sents = "".join(texts.pick(rng, texts.TECH, rng.randint(2, 4)))
            lines_left = int((limit - yy) / lh)
            from .render import as_runs

            gl = page.glyphs(as_runs(sents), bfam, bsz)
            lines = page.wrap(gl, colw, 2 * bsz)
            if len(lines) > lines_left:
                keep = [i for ln in lines[:lines_left] for i in ln]
                sents = "".join(gl[i].ch for i in keep)
            yy = page.paragraph(x, yy, colw, sents, bfam, bsz, lh)
    # footnote
    fy = ybot - foot_h + small
    page.line(mx, fy - small * 1.2, mx + colw * 0.5, fy - small * 1.2, width=1)
    fy = page.paragraph(
        mx,
        fy,
        colw,
        [
            f"收稿日期：{yr - 1}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}；"
            f"基金项目：自治区自然科学基金（{yr - 2}D01A{rng.randint(10, 99)}）"
        ],
        bfam,
        small,
        small * 1.4,
        indent_chars=0,
        justify=False,
    )
    bio = [
        "作者简介：",
        Run(ctx.name(page, allow_space=False), k("name")),
        f"（{P.birth.year}—），{P.sex}，"
        f"{rng.choice(['新疆乌鲁木齐', '河南郑州', '新疆伊宁', '甘肃天水'])}人，"
        f"{rng.choice(['硕士', '学士', '博士'])}，{P.title}，"
        f"主要从事{rng.choice(['摄影测量与遥感', '大地测量', '地理信息系统', '工程测量'])}"
        f"工作。E-mail：{rng.randint(10**7, 10**9)}@{rng.choice(['qq.com', '163.com', '126.com'])}",
    ]
    if pos != 0:
        bio = [
            "作者简介：",
            Run(co[0].name, "other_name"),
            f"（{co[0].birth.year}—），{co[0].sex}，硕士，工程师，主要从事测绘工作。",
        ]
    page.paragraph(mx, fy, colw, bio, bfam, small, small * 1.4, indent_chars=0, justify=False)
    return page


def public_notice(ctx: Ctx) -> Page:
    """公示: applicants from many units; only the applicant's row is personal data."""
    rng = ctx.rng
    P = ctx.person
    page = new_page(ctx)
    W, H = page.w, page.h
    tfam, bfam = ctx.title_font(), ctx.body_font()
    k = ctx.k
    mx = page.mm(rng.uniform(18, 25))
    tw = W - 2 * mx
    year = rng.randint(2016, 2024)
    title = f"关于{year}年度自治区测绘地理信息专业{P.title}任职资格评审结果的公示"
    tsz = ctx.size(page, 16)
    y = page.mm(rng.uniform(25, 35))
    y = page.paragraph(
        mx + page.mm(10), y, tw - page.mm(20), title, tfam, tsz, tsz * 1.5, indent_chars=0, justify=False
    )
    y += page.mm(5)
    size = ctx.size(page, rng.choice([10.5, 11, 12]))
    lh = size * 1.8
    intro = texts.NOTICE_INTRO.format(
        board="自治区测绘地理信息专业高级职称评审委员会",
        year=year,
        title=P.title,
        days=rng.choice(["五", "七"]),
    )
    y = page.paragraph(mx, y, tw, intro, bfam, size, lh, rng=rng)
    y += lh * 0.5
    n = rng.randint(14, 26)
    others = ctx.others(n - 1, confusable=1 if rng.random() < 0.6 else 0)
    units = ctx.other_units(8, similar=2)
    me = rng.randrange(n)
    rows = []
    unit_txt = ctx.unit(page)
    for i in range(n):
        if i == me:
            rows.append(
                [str(i + 1), Run(ctx.name(page), k("name")), Run(unit_txt, k("unit")), P.major, P.title]
            )
        else:
            o = others[i - (i > me)]
            rows.append(
                [
                    str(i + 1),
                    Run(o.name, "other_name"),
                    Run(rng.choice(units), "other_unit"),
                    rng.choice(["测绘工程", "地理信息", "遥感", "土地管理"]),
                    P.title,
                ]
            )
    page.hard.add("similar_unit_distractor")
    row_h = min(size * 2.2, (H - y - page.mm(60)) / (n + 1))
    colw = [tw * f for f in (0.08, 0.2, 0.42, 0.15, 0.15)]
    y = table(
        page,
        mx,
        y,
        colw,
        ["序号", "姓名", "工作单位", "专业", "资格名称"],
        rows,
        row_h,
        bfam,
        size,
        head_fam=tfam,
    )
    y += lh
    y = page.paragraph(mx, y, tw, f"联系电话：0991-{rng.randint(2000000, 8999999)}", bfam, size, lh)
    issuer = "新疆维吾尔自治区人力资源和社会保障厅"
    y += lh
    page.text(W - mx, y, Run(issuer, "other_unit"), bfam, size, align="r")
    page.text(W - mx, y + lh, f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日", bfam, size, align="r")
    draw_seal(page, W - mx - page.mm(30), y, issuer, rng, kind="other_seal")
    return page


def regulation(ctx: Ctx) -> Page:
    """A page of regulation text: nothing to mask."""
    rng = ctx.rng
    page = new_page(ctx)
    W, H = page.w, page.h
    tfam, bfam = ctx.title_font(), ctx.body_font()
    mx = page.mm(rng.uniform(22, 30))
    y = page.mm(rng.uniform(25, 35))
    tsz = ctx.size(page, 18)
    y = page.paragraph(
        mx,
        y,
        W - 2 * mx,
        rng.choice(
            [
                "新疆维吾尔自治区专业技术职务任职资格评审管理办法",
                "自治区专业技术人员继续教育实施细则",
                "关于做好2023年度职称评审工作的通知",
            ]
        ),
        tfam,
        tsz,
        tsz * 1.5,
        indent_chars=0,
        justify=False,
    )
    y += page.mm(8)
    size = ctx.size(page, rng.choice([11, 12, 14]))
    lh = size * rng.uniform(1.6, 2.0)
    arts = list(texts.REGULATION)
    start = rng.randint(0, 3)
    num = 1
    for a in arts[start:]:
        if y > H - page.mm(30):
            break
        y = page.paragraph(
            mx,
            y,
            W - 2 * mx,
            [
                Run(
                    f"第{cn_num(num)}条",
                    None,
                    family=tfam,
                ),
                "　" + a,
            ],
            bfam,
            size,
            lh,
            rng=rng,
        )
        num += 1
    center_text(page, H - page.mm(12), f"— {rng.randint(1, 9)} —", bfam, ctx.size(page, 10))
    page.hard.add("no_applicant_data")
    return page


DOC_TYPES = {
    "id_front": id_front,
    "id_back": id_back,
    "id_copy": id_copy,
    "diploma": diploma,
    "title_cert": title_cert,
    "qual_cert": qual_cert,
    "training_cert": training_cert,
    "labour_contract": labour_contract,
    "social_insurance": social_insurance,
    "annual_assessment": annual_assessment,
    "assessment_roster": assessment_roster,
    "project_report": project_report,
    "paper": paper,
    "public_notice": public_notice,
    "regulation": regulation,
}
#: documents about someone else (all distractors) — the applicant's folder may hold them by mistake
OTHER_PERSON_DOCS = ("title_cert", "diploma", "training_cert")
#: which documents can reasonably come in rotated / photographed
NO_PHONE = {"id_front", "id_back"}
