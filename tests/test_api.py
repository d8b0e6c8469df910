"""The library API the web platform calls: inputs, outputs, threads, errors, round trips."""

from __future__ import annotations

import io
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import FrozenInstanceError
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from redact import (
    Applicant,
    ApplicantError,
    CharBox,
    ImageLoadError,
    RedactError,
    Redactor,
    Region,
    Settings,
    TextLine,
)
from redact.imageio import load_image

from .drawing import Page

WANG = Applicant("王伟", None, ["自治区测绘院"])


def page_bytes() -> bytes:
    p = Page(width=1000, height=300)
    p.text((60, 60), "姓名：王伟  单位：自治区测绘院")
    buf = io.BytesIO()
    p.image.save(buf, format="JPEG", quality=95)
    return buf.getvalue()


def test_importing_redact_loads_no_model_runtime() -> None:
    code = "import sys, redact; print('onnxruntime' in sys.modules, 'rapidocr' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


@pytest.mark.slow
def test_accepts_bytes_paths_arrays_and_pil_images(redactor: Redactor, tmp_path: Path) -> None:
    data = page_bytes()
    path = tmp_path / "p.jpg"
    path.write_bytes(data)
    arr = load_image(data)
    results = [redactor.redact(x, WANG) for x in (data, path, str(path), arr, Image.fromarray(arr))]
    boxes = {tuple(r.box for r in res.regions) for res in results}
    assert len(boxes) == 1
    assert all(res.needs_masking for res in results)


@pytest.mark.slow
def test_result_gives_a_clean_jpeg_and_a_report_dict(redactor: Redactor) -> None:
    res = redactor.redact(page_bytes(), WANG)
    jpg = res.to_jpeg(quality=90)
    with Image.open(io.BytesIO(jpg)) as im:
        assert im.format == "JPEG" and im.size == res.size
        assert not im.getexif() and "icc_profile" not in im.info
    d = res.to_dict()
    assert d["needs_masking"] is True
    assert {r["kind"] for r in d["regions"]} == {"name", "unit"}
    assert all(Region.from_dict(r) in res.regions for r in d["regions"])


@pytest.mark.slow
def test_one_redactor_serves_many_threads_with_identical_results(redactor: Redactor) -> None:
    data = page_bytes()
    expected = redactor.redact(data, WANG).regions
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: redactor.redact(data, WANG).regions, range(8)))
    assert all(r == expected for r in results)


@pytest.mark.slow
def test_redact_many_keeps_order_and_yields_errors_in_place(redactor: Redactor) -> None:
    data = page_bytes()
    items = [data, b"", data, b"not an image"]
    out = list(redactor.redact_many(items, WANG, workers=2))
    assert [type(o).__name__ for o in out] == ["RedactResult", "ImageLoadError", "RedactResult",
                                               "ImageLoadError"]


@pytest.mark.slow
def test_applicants_do_not_leak_between_calls(redactor: Redactor) -> None:
    data = page_bytes()
    first = redactor.redact(data, WANG)
    other = redactor.redact(data, Applicant("李明"))
    again = redactor.redact(data, WANG)
    assert not other.needs_masking
    assert first.regions == again.regions


def test_bad_applicant_data_raises_before_any_work() -> None:
    r = Redactor.__new__(Redactor)  # no engine needed: the check comes first
    r.settings = Settings()
    with pytest.raises(ApplicantError):
        r.redact(b"", Applicant(""))
    with pytest.raises(ApplicantError):
        r.redact(b"", Applicant("王"))


def test_errors_form_one_hierarchy() -> None:
    assert issubclass(ImageLoadError, RedactError) and issubclass(ApplicantError, RedactError)
    with pytest.raises(ImageLoadError, match="empty"):
        load_image(b"")
    with pytest.raises(ImageLoadError, match="too small"):
        load_image(np.zeros((10, 10, 3), dtype=np.uint8))


def test_settings_are_frozen() -> None:
    s = Settings()
    with pytest.raises(FrozenInstanceError):
        s.fill = (255, 255, 255)  # type: ignore[misc]


coord = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False).map(lambda v: round(v, 2))
quad = st.tuples(*[st.tuples(coord, coord)] * 4)


@given(st.text(min_size=1, max_size=6), quad, st.floats(0, 1).map(lambda v: round(v, 4)))
def test_text_lines_round_trip_through_dicts(text: str, q, score: float) -> None:  # type: ignore[no-untyped-def]
    chars = tuple(CharBox(c, q, score) for c in text)
    line = TextLine(text, q, score, chars)
    assert TextLine.from_dict(line.to_dict()) == line


@given(st.sampled_from(["name", "id_number", "unit", "seal", "photo"]),
       st.tuples(*[st.integers(0, 5000)] * 4), st.text(max_size=8), st.booleans(), st.one_of(st.none(), quad))
def test_regions_round_trip_through_dicts(kind: str, box, text: str, masked: bool, q) -> None:  # type: ignore[no-untyped-def]
    r = Region(kind, box, text, 0.5, q, "ocr", masked)
    assert Region.from_dict(r.to_dict()) == r


def test_applicant_accepts_lists_and_drops_blank_units() -> None:
    a = Applicant.from_dict({"name": "王伟", "id_number": "", "units": ["自治区测绘院", " ", ""]})
    assert a.units == ("自治区测绘院",) and a.id_number is None
    assert Applicant.from_dict(a.to_dict()) == a


@pytest.mark.slow
def test_loads_models_and_masks_with_the_network_blocked(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("redact tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    res = Redactor().redact(page_bytes(), WANG)
    assert res.needs_masking
