"""The result types: character boxes placed when first asked for."""

from __future__ import annotations

import json

import pytest

from redact.elements import CharBox, PlacedChars, TextLine

QUAD = ((0.0, 0.0), (60.0, 0.0), (60.0, 20.0), (0.0, 20.0))


def _boxes(text: str) -> tuple[CharBox, ...]:
    return tuple(CharBox(ch, ((20.0 * i, 0.0), (20.0 * i + 18, 0.0), (20.0 * i + 18, 20.0),
                              (20.0 * i, 20.0)), 0.9) for i, ch in enumerate(text))


def _lazy(text: str, calls: list[int]) -> PlacedChars:
    def place() -> tuple[CharBox, ...]:
        calls.append(1)
        return _boxes(text)

    return PlacedChars([0.9] * len(text), place)


def test_a_lines_character_boxes_are_placed_only_when_asked_for_and_only_once() -> None:
    calls: list[int] = []
    line = TextLine("王伟东", QUAD, 0.9, _lazy("王伟东", calls))
    assert line.char_scores == (0.9, 0.9, 0.9) and len(line.chars) == 3
    assert calls == []
    assert line.chars[1].char == "伟"
    assert [c.char for c in line.chars[0:2]] == ["王", "伟"]
    assert list(line.chars) == list(_boxes("王伟东"))
    assert calls == [1]


def test_placed_boxes_equal_and_hash_like_the_same_boxes_given_outright() -> None:
    lazy = TextLine("王伟", QUAD, 0.9, _lazy("王伟", []))
    plain = TextLine("王伟", QUAD, 0.9, _boxes("王伟"))
    assert lazy == plain and hash(lazy.chars) == hash(plain.chars)
    assert lazy.char_scores == plain.char_scores


def test_a_line_with_lazy_boxes_round_trips_through_json() -> None:
    line = TextLine("测绘院", QUAD, 0.8, _lazy("测绘院", []))
    again = TextLine.from_dict(json.loads(json.dumps(line.to_dict())))
    assert again == line


def test_a_placer_that_gives_the_wrong_number_of_boxes_is_an_error() -> None:
    chars = PlacedChars([0.9, 0.9, 0.9], lambda: _boxes("王伟"))
    with pytest.raises(ValueError, match="placed 2 boxes for 3 characters"):
        chars.placed()


def test_a_lines_span_box_holds_its_characters_or_the_whole_line_without_them() -> None:
    chars = tuple(CharBox(c, ((10.0 + 20 * k, 5.0), (28.0 + 20 * k, 5.0), (28.0 + 20 * k, 30.0),
                              (10.0 + 20 * k, 30.0)), 0.9) for k, c in enumerate("王伟东"))
    quad = ((8.0, 4.0), (70.0, 4.0), (70.0, 31.0), (8.0, 31.0))
    line = TextLine("王伟东", quad, 0.9, chars)
    assert line.span_box(0, 2) == (10.0, 5.0, 48.0, 30.0)
    assert TextLine("王伟东", quad).span_box(0, 2) == (8.0, 4.0, 70.0, 31.0)
