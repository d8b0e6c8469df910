"""Result types shared by every stage of the pipeline.

Coordinate convention (the only one in this package):

* Pixels of the **upright input image**: the decoded image with its EXIF orientation
  applied, before any rotation ``redact`` does internally to read a turned page.
* ``Box`` is ``(x0, y0, x1, y1)`` in integer pixels, end-exclusive: ``x0 <= x < x1``.
* ``Quad`` is four ``(x, y)`` float points, clockwise from the text's own top-left
  corner. Quads describe rotated or skewed text; their ``Box`` is the enclosing one.

Every dataclass is frozen and has ``to_dict()``/``from_dict()`` that round-trip losslessly
through JSON.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

Box = tuple[int, int, int, int]
Point = tuple[float, float]
Quad = tuple[Point, Point, Point, Point]

Kind = Literal["name", "id_number", "unit", "seal", "photo"]
KINDS: tuple[Kind, ...] = ("name", "id_number", "unit", "seal", "photo")


def quad_from_box(box: Box) -> Quad:
    """The axis-aligned quad of ``box`` (clockwise from top-left)."""
    x0, y0, x1, y1 = box
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


def box_from_points(points: Iterable[Sequence[float]], width: int | None = None,
                    height: int | None = None) -> Box:
    """The smallest integer box holding ``points``, clipped to the image if its size is given."""
    xs, ys = [], []
    for p in points:
        xs.append(float(p[0]))
        ys.append(float(p[1]))
    if not xs:
        raise ValueError("no points")
    x0, y0 = math.floor(min(xs)), math.floor(min(ys))
    x1, y1 = math.ceil(max(xs)), math.ceil(max(ys))
    if width is not None:
        x0, x1 = max(0, x0), min(width, x1)
    if height is not None:
        y0, y1 = max(0, y0), min(height, y1)
    return (x0, y0, max(x0, x1), max(y0, y1))


def share_inside(a: Sequence[float], b: Sequence[float]) -> float:
    """The share of box ``a``'s area that lies inside box ``b`` (both ``(x0, y0, x1, y1)``,
    pixels or any one unit); 0 for an empty ``a``."""
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    return ix * iy / max(1e-6, (a[2] - a[0]) * (a[3] - a[1]))


def box_area(box: Box) -> int:
    return max(0, box[2] - box[0]) * max(0, box[3] - box[1])


def _quad(value: Sequence[Sequence[float]]) -> Quad:
    if len(value) != 4:
        raise ValueError(f"a quad has 4 points, got {len(value)}")
    p = [(float(x), float(y)) for x, y in value]
    return (p[0], p[1], p[2], p[3])


def _quad_list(q: Quad) -> list[list[float]]:
    return [[round(x, 2), round(y, 2)] for x, y in q]


@dataclass(frozen=True)
class CharBox:
    """One recognised character and where its ink is."""

    char: str
    quad: Quad
    score: float = 1.0

    @property
    def box(self) -> Box:
        return box_from_points(self.quad)

    def to_dict(self) -> dict[str, Any]:
        return {"char": self.char, "quad": _quad_list(self.quad), "score": round(self.score, 4)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> CharBox:
        return cls(char=d["char"], quad=_quad(d["quad"]), score=float(d.get("score", 1.0)))


class PlacedChars(Sequence[CharBox]):
    """A line's character boxes, placed the first time they are asked for.

    Placing characters in the ink is a fifth of the pipeline's own work on a page, and most of
    a page's lines never need it: only the lines that hold a match and their neighbours do.
    The confidences (``scores``) are known without placing anything. ``place`` must return
    ``len(scores)`` boxes and give the same ones every time: two threads that ask at once
    may both run it, and either result is kept.
    """

    __slots__ = ("_boxes", "_place", "scores")

    def __init__(self, scores: Sequence[float], place: Callable[[], tuple[CharBox, ...]]) -> None:
        self.scores = tuple(float(s) for s in scores)
        self._place: Callable[[], tuple[CharBox, ...]] | None = place
        self._boxes: tuple[CharBox, ...] | None = None

    def placed(self) -> tuple[CharBox, ...]:
        """The boxes, placed now if they were not yet."""
        boxes = self._boxes
        if boxes is None:
            place = self._place
            boxes = place() if place is not None else self._boxes or ()
            if len(boxes) != len(self.scores):
                raise ValueError(f"placed {len(boxes)} boxes for {len(self.scores)} characters")
            self._boxes, self._place = boxes, None  # the placer's crop is freed
        return boxes

    @property
    def is_placed(self) -> bool:
        return self._boxes is not None

    def __len__(self) -> int:
        return len(self.scores)

    def __getitem__(self, i: Any) -> Any:
        return self.placed()[i]

    def __iter__(self) -> Iterator[CharBox]:
        return iter(self.placed())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (PlacedChars, tuple)):
            return self.placed() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.placed())

    def __repr__(self) -> str:
        return repr(self._boxes) if self._boxes is not None else f"PlacedChars(<{len(self)} unplaced>)"


@dataclass(frozen=True)
class TextLine:
    """A recognised line of text with one ``CharBox`` per character of ``text``.

    ``chars`` is either empty (an engine that gives no positions) or exactly as long as
    ``text``, so ``text[i]`` is drawn at ``chars[i]``; the reader gives them as
    ``PlacedChars``, placed when first used.
    """

    text: str
    quad: Quad
    score: float = 1.0
    chars: Sequence[CharBox] = ()

    def __post_init__(self) -> None:
        if self.chars and len(self.chars) != len(self.text):
            raise ValueError(f"{len(self.chars)} char boxes for {len(self.text)} characters")

    @property
    def char_scores(self) -> tuple[float, ...]:
        """The recogniser's confidence in each character (none placed to get them)."""
        if isinstance(self.chars, PlacedChars):
            return self.chars.scores
        return tuple(c.score for c in self.chars)

    # Cached: matchers and layout rules ask for a line's box and height thousands of times
    # a page, and the line never changes.
    @cached_property
    def box(self) -> Box:
        return box_from_points(self.quad)

    def span_box(self, start: int, end: int) -> tuple[float, float, float, float]:
        """Bounding box of characters ``start:end`` (the whole line's, without character
        boxes), in the line's pixels."""
        chars = self.chars[start:end] if len(self.chars) == len(self.text) else ()
        pts = [p for c in chars for p in c.quad] or list(self.quad)
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return min(xs), min(ys), max(xs), max(ys)

    @cached_property
    def height(self) -> float:
        """Height of the line across the text direction, in pixels."""
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = self.quad
        return (math.hypot(x3 - x0, y3 - y0) + math.hypot(x2 - x1, y2 - y1)) / 2

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "quad": _quad_list(self.quad),
            "score": round(self.score, 4),
            "chars": [c.to_dict() for c in self.chars],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> TextLine:
        return cls(
            text=d["text"],
            quad=_quad(d["quad"]),
            score=float(d.get("score", 1.0)),
            chars=tuple(CharBox.from_dict(c) for c in d.get("chars", ())),
        )


@dataclass(frozen=True)
class Region:
    """One area to mask (or, with ``masked=False``, one seen and deliberately left visible).

    ``text`` is what was read there; for ``id_number`` it is already shortened so that no
    full ID number ever leaves the library (see ``redact.matching.mask_id``).
    ``polygon`` is set where the masked outline is not the box itself: a quad for rotated or
    skewed text, an annulus sector for a seal's text band.
    """

    kind: str
    box: Box
    text: str = ""
    score: float = 1.0
    polygon: tuple[Point, ...] | None = None
    source: str = "ocr"
    masked: bool = True
    note: str = ""

    def outline(self) -> list[Point]:
        """The outline to fill, in pixels."""
        return list(self.polygon) if self.polygon is not None else list(quad_from_box(self.box))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "kind": self.kind,
            "box": list(self.box),
            "text": self.text,
            "score": round(self.score, 4),
            "source": self.source,
        }
        if self.polygon is not None:
            d["polygon"] = [[round(x, 2), round(y, 2)] for x, y in self.polygon]
        if not self.masked:
            d["masked"] = False
        if self.note:
            d["note"] = self.note
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Region:
        b = d["box"]
        poly = d.get("polygon")
        return cls(
            kind=str(d["kind"]),
            box=(int(b[0]), int(b[1]), int(b[2]), int(b[3])),
            text=str(d.get("text", "")),
            score=float(d.get("score", 1.0)),
            polygon=tuple((float(x), float(y)) for x, y in poly) if poly is not None else None,
            source=str(d.get("source", "ocr")),
            masked=bool(d.get("masked", True)),
            note=str(d.get("note", "")),
        )


@dataclass(frozen=True)
class Applicant:
    """The person whose data is masked.

    ``units`` lists the current work unit's full name first, then its aliases and
    abbreviations. Only ``name`` is required.
    """

    name: str
    id_number: str | None = None
    units: tuple[str, ...] = field(default_factory=tuple)

    def __init__(self, name: str, id_number: str | None = None,
                 units: Iterable[str] = ()) -> None:
        # A custom __init__ so callers may pass any iterable (a list from JSON) for units.
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "id_number", id_number or None)
        object.__setattr__(self, "units", tuple(u for u in units if u and u.strip()))

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "id_number": self.id_number, "units": list(self.units)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Applicant:
        units = d.get("units") or ()
        if isinstance(units, str):
            units = [units]
        return cls(name=str(d.get("name") or ""), id_number=d.get("id_number") or None,
                   units=[str(u) for u in units])
