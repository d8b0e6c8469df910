"""The review page (``redact preview``) and the corrections it saves (``redact apply``).

No OCR here: report lines are written by hand over drawn originals, exactly in the report's
schema. Run this file as a script for the 300-image timing check::

    .venv/bin/python -m tests.test_preview --timing 300
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from redact.corrections import CorrectionsError, apply_command, apply_corrections
from redact.elements import Region
from redact.imageio import encode_jpeg
from redact.preview import build_preview, preview_command
from redact.render import apply_masks

from .drawing import Page

EVIL = "</script><img src=x onerror=alert(1)>"
W, H = 900, 560


def _record(name: str, regions: list[dict[str, Any]], *, kept: list[dict[str, Any]] | None = None,
            needs: bool | None = None, review: bool = False, warnings: list[str] | None = None,
            error: str | None = None) -> dict[str, Any]:
    if error:
        return {"input": f"attach/{name}", "output": None, "needs_masking": None, "needs_review": True,
                "regions": [], "kept": [], "warnings": [], "error": error}
    return {
        "input": f"attach/{name}", "output": f"masked/{name}",
        "needs_masking": bool(regions) if needs is None else needs, "needs_review": review,
        "size": [W, H], "rotation": 0, "regions": regions, "kept": kept or [],
        "warnings": warnings or [], "seconds": 1.0, "error": None,
    }


def _reg(kind: str, box: tuple[int, int, int, int], text: str = "", score: float = 0.99, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "box": list(box), "text": text, "score": score, "source": "ocr", **extra}


def make_masked_set(root: Path) -> dict[str, Any]:
    """Originals in ``root/attach``, outputs and report in ``root/masked`` (as if masked from ``root``).

    Returns the records by file name plus the ink boxes of interest.
    """
    (root / "attach").mkdir(parents=True)
    (root / "masked").mkdir()
    records: dict[str, dict[str, Any]] = {}
    marks: dict[str, dict[str, list[tuple[int, int, int, int]]]] = {}

    def page(name: str, lines: list[tuple[str, dict[str, str]]]) -> Page:
        p = Page(W, H)
        for i, (text, mark) in enumerate(lines):
            p.text((40, 60 + i * 110), text, size=44, font="hei", mark=mark)
        p.image.save(root / "attach" / name, quality=95)
        marks[name] = p.marks
        return p

    p = page("a_name.jpg", [("姓名：王伟", {"name": "王伟"}), ("身份证号：110101199003078515", {"id": "110101199003078515"}),
                            ("备注：空白区域", {"blank": "空白区域"})])
    records["a_name.jpg"] = _record("a_name.jpg", [_reg("name", p.marks["name"][0], "王伟"),
                                                   _reg("id_number", p.marks["id"][0], "110101********8515")])
    p = page("b_other.jpg", [("证明人：王伟明", {"other": "王伟明"}), ("经办：王伟", {"name": "王伟"})])
    records["b_other.jpg"] = _record(
        "b_other.jpg", [_reg("name", p.marks["name"][0], "王伟", 0.62)],
        kept=[_reg("other_name", p.marks["other"][0], "王伟明", masked=False, note="kept 王伟明: a different name")])
    (root / "attach" / "c_error.jpg").write_bytes(b"not a jpeg")
    records["c_error.jpg"] = _record("c_error.jpg", [], error="corrupt or truncated image: " + EVIL)
    p = page("d_seal.jpg", [("盖章：", {})])
    Image.Image.paste(p.image, (200, 30, 30), (300, 200, 500, 400))
    p.image.save(root / "attach" / "d_seal.jpg", quality=95)
    records["d_seal.jpg"] = _record(
        "d_seal.jpg", [], kept=[_reg("unread_seal", (300, 200, 500, 400), "", 0.4, source="seal", masked=False)],
        needs=False, review=True, warnings=["a red seal could not be read well enough; look at it"])
    p = page("e_evil.jpg", [("单位：某某公司", {"unit": "某某公司"})])
    records["e_evil.jpg"] = _record("e_evil.jpg", [_reg("unit", p.marks["unit"][0], EVIL, 0.95)],
                                    warnings=["seen " + EVIL + " but not masked"])
    page("f_plain.jpg", [("无关内容", {})])
    records["f_plain.jpg"] = _record("f_plain.jpg", [], needs=False)
    page("g_flag.jpg", [("照片页", {})])
    records["g_flag.jpg"] = _record("g_flag.jpg", [], needs=True)
    for name, rec in records.items():
        if rec["output"]:
            original = _pixels(root / "attach" / name).astype(np.uint8)
            regions = [Region.from_dict(d) for d in rec["regions"]]
            (root / "masked" / name).write_bytes(encode_jpeg(apply_masks(original, regions)))
    # Shuffled on purpose: the page must sort, not keep report order.
    order = ["f_plain.jpg", "a_name.jpg", "e_evil.jpg", "g_flag.jpg", "b_other.jpg", "d_seal.jpg", "c_error.jpg"]
    (root / "masked" / "report.jsonl").write_text(
        "".join(json.dumps(records[n], ensure_ascii=False) + "\n" for n in order), encoding="utf-8")
    return {"records": records, "marks": marks, "order": order}


@pytest.fixture()
def masked_set(tmp_path: Path) -> dict[str, Any]:
    return make_masked_set(tmp_path)


def _page_data(html: str) -> dict[str, Any]:
    m = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S)
    assert m is not None
    data: dict[str, Any] = json.loads(m.group(1))
    return data


def _write_corrections(path: Path, images: list[dict[str, Any]], report: str = "report.jsonl") -> Path:
    path.write_text(json.dumps({"version": 1, "report": report, "images": images}, ensure_ascii=False),
                    encoding="utf-8")
    return path


def _pixels(path: Path) -> np.ndarray:
    with Image.open(path) as img:
        return np.asarray(img.convert("RGB")).astype(int)


def _size(path: Path) -> tuple[int, int]:
    with Image.open(path) as img:
        return img.size


def _inner(box: tuple[int, int, int, int] | list[int], pad: int = 3) -> tuple[slice, slice]:
    return slice(box[1] + pad, box[3] - pad), slice(box[0] + pad, box[2] - pad)


# --- the page -------------------------------------------------------------------------------------------


def test_page_shows_every_image_with_the_ones_to_check_first(masked_set: dict[str, Any], tmp_path: Path) -> None:
    html_path = build_preview(tmp_path / "masked")
    assert html_path == tmp_path / "masked" / "preview" / "index.html"
    html = html_path.read_text(encoding="utf-8")
    order = masked_set["order"]
    ids = [int(i) for i in re.findall(r'<article class="card[^"]*" id="img-(\d+)"', html)]
    assert sorted(ids) == list(range(len(order)))
    shown = [order[i] for i in ids]
    assert shown == ["c_error.jpg", "d_seal.jpg", "b_other.jpg", "g_flag.jpg", "e_evil.jpg",
                     "a_name.jpg", "f_plain.jpg"]
    data = _page_data(html)
    assert [im["input"] for im in data["images"]] == [f"attach/{n}" for n in shown]
    for label in ("unreadable seal", "low score", "flagged, no region", "warnings"):
        assert f'<span class="badge b-reason">{label}</span>' in html
    # Lazy, downscaled, self-contained: no URL leaves the folder.
    assert html.count('loading="lazy"') == 2 * (len(order) - 1)  # the corrupt input has no copies
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in html
    for src in re.findall(r'src="([^"]+)"', html):
        assert re.fullmatch(r"img/[0-9a-f]{20}\.jpg", src), src
        assert (html_path.parent / src).is_file()


def test_regions_are_drawn_and_kept_names_styled_apart(masked_set: dict[str, Any], tmp_path: Path) -> None:
    html = build_preview(tmp_path / "masked").read_text(encoding="utf-8")
    box = masked_set["records"]["b_other.jpg"]["kept"][0]["box"]
    assert '<g class="region kept k-other_name" data-kept="0">' in html
    assert f'<rect x="{box[0]}" y="{box[1]}" width="{box[2] - box[0]}" height="{box[3] - box[1]}"/>' in html
    assert "other name (kept) 0.99" in html
    assert '<g class="region k-name low" data-region="0">' in html  # score 0.62
    assert '<g class="region kept k-unread_seal" data-kept="0">' in html
    css = (Path(__file__).parents[1] / "redact" / "static" / "preview.css").read_text()
    assert re.search(r"\.region\.kept rect, \.region\.kept polygon \{ stroke-dasharray", css)
    assert "--c-kept: #1e8a3a" in css


def test_ocr_text_is_escaped_everywhere(masked_set: dict[str, Any], tmp_path: Path) -> None:
    html = build_preview(tmp_path / "masked").read_text(encoding="utf-8")
    assert EVIL not in html
    assert "<img src=x" not in html
    assert html.count("</script>") == 2  # the data block and the page's own script, nothing injected
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html  # shown as text in the list
    data = _page_data(html)
    texts = [r["text"] for im in data["images"] for r in im["regions"]]
    assert EVIL in texts  # and it round-trips through the embedded JSON


def test_preview_copies_are_downscaled_upright_and_reused(tmp_path: Path) -> None:
    (tmp_path / "attach").mkdir()
    (tmp_path / "masked").mkdir()
    big = Image.new("RGB", (3000, 2000), "white")
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways: upright it is 2000 x 3000
    big.save(tmp_path / "attach" / "big.jpg", exif=exif.tobytes())
    Image.new("RGB", (2000, 3000), "white").save(tmp_path / "masked" / "big.jpg")
    rec = _record("big.jpg", [])
    rec["size"] = [2000, 3000]
    (tmp_path / "masked" / "report.jsonl").write_text(json.dumps(rec) + "\n")
    html_path = build_preview(tmp_path / "masked", max_side=1200)
    copies = sorted((html_path.parent / "img").glob("*.jpg"))
    assert len(copies) == 2
    for c in copies:
        assert _size(c) == (800, 1200)
    stamps = [c.stat().st_mtime_ns for c in copies]
    build_preview(tmp_path / "masked", max_side=1200)
    assert [c.stat().st_mtime_ns for c in copies] == stamps


def test_missing_or_transparent_sources_do_not_break_the_page(masked_set: dict[str, Any], tmp_path: Path) -> None:
    (tmp_path / "attach" / "f_plain.jpg").unlink()
    rgba = Image.new("RGBA", (W, H), (0, 0, 0, 0))  # fully transparent: must come out white, like load_image
    rgba.save(tmp_path / "masked" / "g_flag.jpg.png")
    report = tmp_path / "masked" / "report.jsonl"
    report.write_text(report.read_text().replace('"masked/g_flag.jpg"', '"masked/g_flag.jpg.png"'))
    html_path = build_preview(tmp_path / "masked")
    html = html_path.read_text(encoding="utf-8")
    assert "original unavailable: not found: " in html
    f_id = masked_set["order"].index("g_flag.jpg")
    src = re.search(rf'id="img-{f_id}".*?alt="Original.*?<img src="(img/[0-9a-f]+\.jpg)"', html, re.S)
    assert src is not None
    assert _pixels(html_path.parent / src.group(1)).min() > 240


def test_preview_command(masked_set: dict[str, Any], tmp_path: Path) -> None:
    result = CliRunner().invoke(preview_command, [str(tmp_path / "masked")])
    assert result.exit_code == 0, result.output
    assert "index.html" in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(preview_command, [str(empty)])
    assert result.exit_code == 1
    assert "run redact mask first" in result.output


# --- corrections ----------------------------------------------------------------------------------------


def test_apply_rerenders_from_the_original_and_is_idempotent(masked_set: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "masked"
    marks = masked_set["marks"]["a_name.jpg"]
    blank = marks["blank"][0]
    corr = _write_corrections(out / "corrections.json", [{
        "input": "attach/a_name.jpg", "disabled": [1],
        "added": [{"kind": "unit", "box": list(blank)}], "needs_masking": None,
    }])
    outcome = apply_corrections(corr)
    assert outcome.ok and outcome.applied == ["attach/a_name.jpg"]
    first_img = (out / "a_name.jpg").read_bytes()
    first_report = (out / "report.jsonl").read_text(encoding="utf-8")
    px = _pixels(out / "a_name.jpg")
    assert px[_inner(blank)].max() < 40  # the drawn box is filled
    ink = px[_inner(marks["id"][0])]
    assert ink.min() < 80 and ink.max() > 200  # the disabled ID number's ink is visible again
    assert px[_inner(marks["name"][0])].max() < 40  # the kept proposal stays masked
    line = next(json.loads(raw) for raw in first_report.splitlines() if "a_name" in raw)
    assert [r["kind"] for r in line["regions"]] == ["name", "unit"]
    assert line["regions"][1]["source"] == "manual"
    assert [r["kind"] for r in line["proposed_regions"]] == ["name", "id_number"]
    assert line["needs_masking"] is True and line["reviewed"] is True
    assert line["correction"]["disabled"] == [1]

    assert apply_corrections(corr).ok
    assert (out / "a_name.jpg").read_bytes() == first_img
    assert (out / "report.jsonl").read_text(encoding="utf-8") == first_report
    # Other lines are untouched.
    before = {json.loads(r)["input"]: r for r in first_report.splitlines()}
    assert json.loads(before["attach/f_plain.jpg"]) == masked_set["records"]["f_plain.jpg"]


def test_apply_never_reads_the_masked_output(masked_set: dict[str, Any], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import redact.corrections as corrections

    out = tmp_path / "masked"
    (out / "a_name.jpg").write_bytes(b"garbage: the output must only ever be written")
    loaded: list[str] = []
    real = corrections.load_image

    def spy(source: Any, *args: Any, **kwargs: Any) -> np.ndarray:
        loaded.append(str(source))
        return real(source, *args, **kwargs)

    monkeypatch.setattr(corrections, "load_image", spy)
    corr = _write_corrections(out / "c.json", [{"input": "attach/a_name.jpg", "disabled": [0]}])
    assert apply_corrections(corr).ok
    assert loaded == [str(tmp_path / "attach" / "a_name.jpg")]
    px = _pixels(out / "a_name.jpg")
    name = masked_set["marks"]["a_name.jpg"]["name"][0]
    assert px[_inner(name)].max() > 200  # unmasked name, taken from the original
    assert px[_inner(masked_set["marks"]["a_name.jpg"]["id"][0])].max() < 40


def test_missing_original_is_a_per_image_error(masked_set: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "masked"
    (tmp_path / "attach" / "a_name.jpg").unlink()
    before = (out / "a_name.jpg").read_bytes()
    corr = _write_corrections(out / "c.json", [
        {"input": "attach/a_name.jpg", "disabled": [0]},
        {"input": "attach/b_other.jpg", "mask_kept": [0], "needs_masking": False},
        {"input": "attach/nope.jpg", "disabled": []},
    ])
    outcome = apply_corrections(corr)
    assert outcome.applied == ["attach/b_other.jpg"]
    assert "not found" in outcome.errors["attach/a_name.jpg"]
    assert outcome.errors["attach/nope.jpg"] == "not in the report"
    assert (out / "a_name.jpg").read_bytes() == before
    lines = {json.loads(r)["input"]: json.loads(r) for r in (out / "report.jsonl").read_text().splitlines()}
    assert "reviewed" not in lines["attach/a_name.jpg"]
    b = lines["attach/b_other.jpg"]
    assert b["needs_masking"] is False  # the reviewer's flag wins over the masked regions
    assert b["kept"] == [] and [r["kind"] for r in b["regions"]] == ["name", "other_name"]
    other = masked_set["marks"]["b_other.jpg"]["other"][0]
    assert _pixels(out / "b_other.jpg")[_inner(other)].max() < 40

    result = CliRunner().invoke(apply_command, [str(corr)])
    assert result.exit_code == 1
    assert "attach/a_name.jpg: the original input attach/a_name.jpg was not found" in result.output


def test_flag_follows_the_remaining_regions_and_fill_is_kept(masked_set: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "masked"
    corr = _write_corrections(out / "c.json", [{"input": "attach/a_name.jpg", "disabled": [0, 1]}])
    result = CliRunner().invoke(apply_command, [str(corr), "--fill", "white"])
    assert result.exit_code == 0, result.output
    line = next(json.loads(r) for r in (out / "report.jsonl").read_text().splitlines() if "a_name" in r)
    assert line["needs_masking"] is False and line["regions"] == [] and line["fill"] == [255, 255, 255]
    corr = _write_corrections(out / "c.json", [{"input": "attach/a_name.jpg", "disabled": [1]}])
    assert apply_corrections(corr).ok  # no --fill: the recorded white is used
    px = _pixels(out / "a_name.jpg")
    assert px[_inner(masked_set["marks"]["a_name.jpg"]["name"][0])].min() > 215


def test_stale_or_malformed_corrections_are_refused(masked_set: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "masked"
    corr = _write_corrections(out / "c.json", [{"input": "attach/a_name.jpg", "proposal": "0" * 12, "disabled": [0]},
                                               {"input": "attach/b_other.jpg", "disabled": [5]}])
    outcome = apply_corrections(corr)
    assert "report changed" in outcome.errors["attach/a_name.jpg"]
    assert "out of range" in outcome.errors["attach/b_other.jpg"]
    for bad in ({"version": 2, "images": []}, {"version": 1, "images": [{"input": "x", "disabled": ["a"]}]},
                {"version": 1, "images": [{"input": "x", "added": [{"kind": "name", "box": [5, 5, 1, 1]}]}]},
                {"version": 1, "images": [{"input": "x", "added": [{"kind": "face", "box": [0, 0, 1, 1]}]}]}):
        (out / "bad.json").write_text(json.dumps(bad))
        with pytest.raises(CorrectionsError):
            apply_corrections(out / "bad.json")
    result = CliRunner().invoke(apply_command, [str(out / "bad.json")])
    assert result.exit_code == 2 and "face" in result.output


def test_preview_after_apply_shows_the_proposal_and_the_applied_state(masked_set: dict[str, Any],
                                                                        tmp_path: Path) -> None:
    out = tmp_path / "masked"
    html = build_preview(out).read_text(encoding="utf-8")
    fp = next(im for im in _page_data(html)["images"] if im["input"] == "attach/a_name.jpg")["proposal"]
    corr = _write_corrections(out / "c.json", [{"input": "attach/a_name.jpg", "proposal": fp, "disabled": [1],
                                                "added": [{"kind": "name", "box": [10, 10, 60, 40]}]}])
    assert apply_corrections(corr).ok
    html = build_preview(out).read_text(encoding="utf-8")
    im = next(im for im in _page_data(html)["images"] if im["input"] == "attach/a_name.jpg")
    assert im["proposal"] == fp  # indices still refer to the same proposal
    assert [r["kind"] for r in im["regions"]] == ["name", "id_number"]
    assert im["correction"]["disabled"] == [1] and im["correction"]["added"][0]["box"] == [10, 10, 60, 40]
    assert '<span class="badge b-reviewed">reviewed</span>' in html
    assert len(list((out / "preview" / "img").glob("*.jpg"))) == 12  # the stale masked copy is gone


# --- timing (a script, not a timed test) ----------------------------------------------------------------


def _timing(n: int, side: tuple[int, int], keep: Path | None = None) -> float:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        root = keep or Path(tmp)
        (root / "attach").mkdir(parents=True)
        (root / "masked").mkdir()
        base = Page(*side)
        for i in range(20):
            base.text((60, 80 + i * 60), f"第{i}行 姓名：王伟 身份证号：110101199003078515", size=40, font="hei")
        original = base.array()
        lines = []
        for i in range(n):
            name = f"p{i:04d}.jpg"
            img = original.copy()
            img[:40, :40] = (i * 7) % 255  # every file different, as in real use
            data = encode_jpeg(img, 90)
            (root / "attach" / name).write_bytes(data)
            (root / "masked" / name).write_bytes(data)
            rec = _record(name, [_reg("name", (200, 80 + k * 60, 290, 125 + k * 60), "王伟", 0.5 + (i % 5) / 10)
                                 for k in range(4)],
                          kept=[_reg("other_name", (60, 300, 200, 340), "王伟明", masked=False)],
                          warnings=["w"] if i % 10 == 0 else [])
            rec["size"] = list(side)
            lines.append(json.dumps(rec, ensure_ascii=False) + "\n")
        (root / "masked" / "report.jsonl").write_text("".join(lines), encoding="utf-8")
        t0, c0 = time.perf_counter(), time.process_time()
        html = build_preview(root / "masked")
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        size = html.stat().st_size
        t1 = time.perf_counter()
        build_preview(root / "masked")
        again = time.perf_counter() - t1
        print(f"{n} images of {side[0]}x{side[1]}: {seconds:.2f} s wall, {cpu:.2f} s CPU; rebuild {again:.2f} s; "
              f"html {size / 1e6:.2f} MB; digest {hashlib.sha256(html.read_bytes()).hexdigest()[:8]}")
        return seconds


if __name__ == "__main__":
    count = int(sys.argv[sys.argv.index("--timing") + 1]) if "--timing" in sys.argv else 300
    kept = Path(sys.argv[sys.argv.index("--keep") + 1]) if "--keep" in sys.argv else None  # to open the page
    _timing(count, (2480, 3508), kept)  # A4 at 300 dpi
    if kept is None:
        _timing(count, (1240, 1754))  # A4 at 150 dpi
