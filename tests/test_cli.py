"""``redact mask`` as applicants run it: outputs, report contract, errors and refusals."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from redact.cli import main
from redact.matching import id_check_digit

from .drawing import Page

ID = "65010219900101123" + id_check_digit("65010219900101123")


def doc(path: Path, lines: list[str]) -> Path:
    p = Page(width=1200, height=120 + 90 * len(lines))
    for i, text in enumerate(lines):
        p.text((60, 60 + 90 * i), text)
    path.parent.mkdir(parents=True, exist_ok=True)
    p.image.save(path, quality=95)
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def report(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "report.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def attachments(tmp_path: Path) -> Path:
    src = tmp_path / "attachments"
    doc(src / "cert.jpg", ["姓名：王伟", f"身份证号：{ID}", "单位：新疆维吾尔自治区测绘院"])
    doc(src / "other.jpg", ["关于职称评审的通知", "李明同志负责联络"])
    doc(src / "sub" / "cert.jpg", ["作者：王伟，李明"])
    return src


@pytest.mark.slow
def test_masks_a_folder_and_writes_one_report_line_per_image(attachments: Path, tmp_path: Path) -> None:
    out = tmp_path / "masked"
    code, stdout, _ = run("mask", str(attachments), "--name", "王伟", "--id-number", ID,
                          "--unit", "新疆维吾尔自治区测绘院", "--out", str(out))
    assert code == 0
    assert "3 images, 2 need masking" in stdout
    rows = {Path(r["input"]).relative_to(attachments).as_posix(): r for r in report(out)}
    assert set(rows) == {"cert.jpg", "other.jpg", "sub/cert.jpg"}
    assert rows["cert.jpg"]["needs_masking"] is True
    assert rows["other.jpg"]["needs_masking"] is False
    assert {r["kind"] for r in rows["cert.jpg"]["regions"]} == {"name", "id_number", "unit"}
    assert all(r["error"] is None for r in rows.values())
    for rel in rows:
        with Image.open(out / rel) as written, Image.open(attachments / rel) as original:
            assert written.format == "JPEG"
            assert written.size == original.size
    # The full ID number is never written to the report.
    assert ID not in (out / "report.jsonl").read_text(encoding="utf-8")


@pytest.mark.slow
def test_reads_the_applicant_from_json_or_toml(attachments: Path, tmp_path: Path) -> None:
    jf = tmp_path / "me.json"
    jf.write_text(json.dumps({"name": "王伟", "id_number": ID, "units": ["新疆维吾尔自治区测绘院"]}),
                  encoding="utf-8")
    tf = tmp_path / "me.toml"
    tf.write_text(f'name = "王伟"\nid_number = "{ID}"\nunits = ["新疆维吾尔自治区测绘院"]\n', encoding="utf-8")
    for f in (jf, tf):
        out = tmp_path / f"out-{f.suffix[1:]}"
        code, _, _ = run("mask", str(attachments / "cert.jpg"), "--applicant", str(f), "--out", str(out))
        assert code == 0
        kinds = {r["kind"] for r in report(out)[0]["regions"]}
        assert kinds == {"name", "id_number", "unit"}


@pytest.mark.slow
def test_a_bad_file_gets_its_own_error_and_the_rest_are_processed(attachments: Path, tmp_path: Path) -> None:
    (attachments / "empty.jpg").write_bytes(b"")
    (attachments / "notes.jpg").write_text("这不是图片", encoding="utf-8")
    good = (attachments / "cert.jpg").read_bytes()
    (attachments / "truncated.jpg").write_bytes(good[: len(good) // 3])
    out = tmp_path / "masked"
    out.mkdir()
    (out / "notes.jpg").write_bytes(b"stale output of an earlier run")
    code, stdout, stderr = run("mask", str(attachments), "--name", "王伟", "--out", str(out))
    assert code == 1
    rows = {Path(r["input"]).name: r for r in report(out) if "sub" not in r["input"]}
    assert "empty file" in rows["empty.jpg"]["error"]
    assert "not an image" in rows["notes.jpg"]["error"]
    assert "truncated" in rows["truncated.jpg"]["error"]
    for bad in ("empty.jpg", "notes.jpg", "truncated.jpg"):
        assert rows[bad]["output"] is None
        assert not (out / bad).exists(), "no image may stand under a failed input's output name"
        assert bad in stderr
    assert rows["cert.jpg"]["error"] is None and (out / "cert.jpg").exists()
    assert "3 errors" in stdout


def test_refuses_to_write_into_the_input_folder(attachments: Path) -> None:
    code, _, stderr = run("mask", str(attachments), "--name", "王伟", "--out", str(attachments / "masked"))
    assert code == 5
    assert "inside the input folder" in stderr
    assert not (attachments / "masked").exists()


def test_refuses_an_empty_or_one_character_name(attachments: Path, tmp_path: Path) -> None:
    code, _, stderr = run("mask", str(attachments), "--name", "", "--out", str(tmp_path / "o"))
    assert code == 2 and "empty" in stderr
    code, _, stderr = run("mask", str(attachments), "--name", "王", "--out", str(tmp_path / "o"))
    assert code == 2 and "one character" in stderr


def test_rejects_a_malformed_applicant_file(attachments: Path, tmp_path: Path) -> None:
    bad = tmp_path / "me.json"
    bad.write_text("{name: 王伟", encoding="utf-8")
    code, _, stderr = run("mask", str(attachments), "--applicant", str(bad), "--out", str(tmp_path / "o"))
    assert code == 2 and "not valid JSON" in stderr


@pytest.mark.slow
def test_warns_about_a_bad_id_checksum_and_still_masks(tmp_path: Path) -> None:
    wrong = ID[:-1] + ("0" if ID[-1] != "0" else "1")
    src = doc(tmp_path / "in" / "id.jpg", [f"公民身份号码 {wrong}"])
    out = tmp_path / "out"
    code, _, stderr = run("mask", str(src), "--name", "王伟", "--id-number", wrong, "--out", str(out))
    assert code == 0
    assert "check digit" in stderr
    assert [r["kind"] for r in report(out)[0]["regions"]] == ["id_number"]


@pytest.mark.slow
def test_the_same_file_twice_is_processed_once_and_equal_names_do_not_collide(
        attachments: Path, tmp_path: Path) -> None:
    out = tmp_path / "masked"
    f = attachments / "cert.jpg"
    code, _, _ = run("mask", str(f), str(f), "--name", "王伟", "--out", str(out))
    assert code == 0
    assert len(report(out)) == 1
    out2 = tmp_path / "masked2"
    other = tmp_path / "more"
    doc(other / "cert.jpg", ["王伟"])
    code, _, _ = run("mask", str(attachments), str(other), "--name", "王伟", "--out", str(out2))
    assert code == 0
    outputs = [r["output"] for r in report(out2)]
    assert len(outputs) == len(set(outputs)) == 4


@pytest.mark.slow
def test_output_jpegs_carry_no_metadata_and_follow_exif_orientation(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    page = Page(width=900, height=300)
    page.text((60, 100), "姓名：王伟", mark={"name": "王伟"})
    # Store the page turned on its side, with an EXIF tag that says how to turn it back.
    stored = page.image.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 CW to display
    exif[0x010E] = "王伟 的身份证"  # ImageDescription: personal data in metadata
    stored.save(src / "side.jpg", exif=exif, quality=95)
    out = tmp_path / "out"
    code, _, _ = run("mask", str(src), "--name", "王伟", "--out", str(out))
    assert code == 0
    with Image.open(out / "side.jpg") as written:
        assert written.size == (900, 300)
        assert not written.getexif()
        assert "exif" not in written.info and "comment" not in written.info
        arr = np.asarray(written.convert("L"))
    rows = report(out)
    x0, y0, x1, y1 = page.marks["name"][0]
    assert arr[y0:y1, x0:x1].mean() < 30, "the name's ink must be under the mask, upright"
    assert rows[0]["regions"][0]["kind"] == "name"


def test_refuses_a_read_only_output_folder_before_any_work(attachments: Path, tmp_path: Path) -> None:
    import os

    if os.geteuid() == 0:
        # root ignores permission bits; a file in the way is unwritable for everyone.
        blocker = tmp_path / "out"
        blocker.write_text("a file, not a folder")
        target = blocker / "masked"
    else:
        target = tmp_path / "ro"
        target.mkdir()
        target.chmod(0o500)
    code, _, stderr = run("mask", str(attachments), "--name", "王伟", "--out", str(target))
    assert code == 5
    assert "cannot write to the output folder" in stderr


def _bad_and_odd_inputs(src: Path) -> dict[str, str | None]:
    """Write every awkward input into ``src``; map each name to the error expected (None: ok)."""
    import io as _io

    good = Page(width=800, height=200)
    good.text((40, 60), "姓名：王伟")
    img = good.image
    (src / "nested" / "a").mkdir(parents=True)
    (src / "nested" / "b").mkdir(parents=True)
    expect: dict[str, str | None] = {}

    def save(rel: str, im: Image.Image, fmt: str = "JPEG", **kw: object) -> None:
        p = src / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        im.save(p, format=fmt, **kw)
        expect[rel] = None

    (src / "zero.jpg").write_bytes(b"")
    expect["zero.jpg"] = "empty file"
    (src / "text.jpg").write_text("not a picture", encoding="utf-8")
    expect["text.jpg"] = "not an image"
    buf = _io.BytesIO()
    img.save(buf, format="JPEG")
    (src / "truncated.jpg").write_bytes(buf.getvalue()[:900])
    expect["truncated.jpg"] = "truncated"
    save("cmyk.jpg", img.convert("CMYK"))
    save("grey.jpg", img.convert("L"))
    save("palette.png", img.convert("P"), "PNG")
    rgba = img.convert("RGBA")
    save("alpha.png", rgba, "PNG")
    save("sixteen.png", Image.fromarray(np.asarray(img.convert("L"), dtype=np.uint16) * 257), "PNG")
    save("bmp inside.png", img, "BMP")  # wrong suffix, real BMP: decoded by content
    save("空格 与 中文/身份证 正面.jpg", img)
    save("nested/a/same.jpg", img)
    save("nested/b/same.jpg", img)
    Image.new("1", (12000, 9000)).save(src / "bomb.png")
    expect["bomb.png"] = "megapixels"
    Image.new("RGB", (10, 10), "white").save(src / "tiny.png")
    expect["tiny.png"] = "too small"
    # A link to a file elsewhere is an input like any other; a link to a file already in
    # the set is the same input given twice and is processed once.
    img.save(src.parent / "elsewhere.jpg")
    (src / "link.jpg").symlink_to(src.parent / "elsewhere.jpg")
    expect["link.jpg"] = None
    (src / "dup-link.jpg").symlink_to(src / "grey.jpg")
    return expect


@pytest.mark.slow
def test_every_awkward_input_gets_its_own_outcome_and_the_batch_goes_on(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    expect = _bad_and_odd_inputs(src)
    out = tmp_path / "out"
    code, stdout, stderr = run("mask", str(src), "--name", "王伟", "--out", str(out), "--no-verify")
    assert code == 1
    rows = {Path(r["input"]).relative_to(src).as_posix(): r for r in report(out)}
    assert set(rows) == set(expect)
    for rel, err in expect.items():
        row = rows[rel]
        if err is None:
            assert row["error"] is None, (rel, row["error"])
            assert Path(row["output"]).exists()
            assert row["needs_masking"] is True, rel
        else:
            assert err in row["error"], (rel, row["error"])
            assert row["output"] is None
            assert rel in stderr
    n_bad = sum(1 for e in expect.values() if e)
    assert f"{n_bad} errors" in stdout
    # Equal names in different folders do not collide.
    assert (out / "nested" / "a" / "same.jpg").exists() and (out / "nested" / "b" / "same.jpg").exists()


@pytest.mark.slow
def test_quiet_prints_only_the_summary_and_verbose_prints_regions(attachments: Path, tmp_path: Path) -> None:
    code, quiet_out, _ = run("mask", str(attachments / "cert.jpg"), "--name", "王伟", "--out",
                             str(tmp_path / "q"), "--quiet")
    assert code == 0
    assert quiet_out.strip().splitlines() == [quiet_out.strip().splitlines()[-1]]
    assert "1 images, 1 need masking" in quiet_out
    code, verbose_out, _ = run("mask", str(attachments / "cert.jpg"), "--name", "王伟", "--out",
                               str(tmp_path / "v"), "--verbose")
    assert code == 0
    assert "name" in verbose_out and "王伟" in verbose_out


def test_an_interrupted_write_leaves_no_file_under_the_output_name(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from redact.imageio import write_atomic

    def boom(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", boom)
    target = tmp_path / "out" / "a.jpg"
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"half-done")
    assert not target.exists()
    assert list((tmp_path / "out").iterdir()) == [], "no temporary file is left either"


@pytest.mark.slow
def test_parallel_jobs_give_the_same_report_in_input_order(attachments: Path, tmp_path: Path) -> None:
    args = ["mask", str(attachments), "--name", "王伟", "--no-verify"]
    code1, _, _ = run(*args, "--out", str(tmp_path / "one"))
    code2, _, _ = run(*args, "--out", str(tmp_path / "two"), "--jobs", "2")
    assert code1 == code2 == 0
    one, two = report(tmp_path / "one"), report(tmp_path / "two")
    assert [r["input"] for r in one] == [r["input"] for r in two]
    assert [r["regions"] for r in one] == [r["regions"] for r in two]
