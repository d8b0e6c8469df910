"""Decoding every reasonable input upright, refusing the rest clearly, and writing safely."""

from __future__ import annotations

import io
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from redact.errors import ImageLoadError
from redact.imageio import encode_jpeg, load_image, write_atomic


def marker() -> Image.Image:
    """60x40 white image with a black block in its top-left corner (to see orientation)."""
    img = Image.new("RGB", (60, 40), "white")
    img.paste((0, 0, 0), (0, 0, 12, 8))
    return img


def encoded(img: Image.Image, fmt: str, **kw: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format=fmt, **kw)
    return buf.getvalue()


# PIL transposes that, applied to the upright image, give what a camera stores with that tag.
STORED_AS = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


@pytest.mark.parametrize("tag", range(1, 9))
def test_every_exif_orientation_comes_out_upright(tag: int) -> None:
    upright = marker()
    t = STORED_AS[tag]
    stored = upright if t is None else upright.transpose(t)
    exif = Image.Exif()
    exif[0x0112] = tag
    arr = load_image(encoded(stored, "JPEG", exif=exif, quality=95))
    assert arr.shape == (40, 60, 3)
    assert arr[:8, :12].mean() < 60 and arr[30:, 50:].mean() > 200


@pytest.mark.parametrize("mode", ["CMYK", "L", "RGB"])
def test_cmyk_greyscale_and_rgb_jpegs_decode_to_rgb(mode: str) -> None:
    arr = load_image(encoded(marker().convert(mode), "JPEG", quality=95))
    assert arr.shape == (40, 60, 3) and arr.dtype == np.uint8
    assert arr[:8, :12].mean() < 60


def test_sixteen_bit_palette_and_transparent_pngs_decode() -> None:
    grey16 = Image.fromarray(np.asarray(marker().convert("L"), dtype=np.uint16) * 257)
    assert grey16.mode.startswith("I")
    assert load_image(encoded(grey16, "PNG"))[:8, :12].mean() < 60
    assert load_image(encoded(marker().convert("P"), "PNG"))[:8, :12].mean() < 60
    rgba = marker().convert("RGBA")
    rgba.putalpha(Image.new("L", rgba.size, 0))  # fully transparent: paper white
    assert load_image(encoded(rgba, "PNG")).min() == 255


@pytest.mark.parametrize("fmt", ["BMP", "TIFF", "WEBP"])
def test_other_formats_named_explicitly_are_accepted(fmt: str) -> None:
    arr = load_image(encoded(marker(), fmt))
    assert arr.shape == (40, 60, 3)


def test_zero_bytes_text_and_truncated_files_are_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(ImageLoadError, match="empty"):
        load_image(b"")
    with pytest.raises(ImageLoadError, match="not an image"):
        load_image("这不是图片".encode())
    data = encoded(Image.effect_noise((400, 400), 60).convert("RGB"), "JPEG")
    with pytest.raises(ImageLoadError, match="truncated"):
        load_image(data[: len(data) // 2])
    with pytest.raises(ImageLoadError, match="cannot read"):
        load_image(tmp_path / "missing.jpg")


def test_a_decompression_bomb_is_refused_before_decoding() -> None:
    bomb = encoded(Image.new("1", (12000, 9000)), "PNG")  # 108 MP in a few kB
    t0 = time.perf_counter()
    with pytest.raises(ImageLoadError, match="megapixels"):
        load_image(bomb, max_megapixels=80)
    assert time.perf_counter() - t0 < 1.0


def test_a_tiny_image_is_refused() -> None:
    with pytest.raises(ImageLoadError, match="too small"):
        load_image(encoded(Image.new("RGB", (10, 10), "white"), "PNG"))


def test_paths_with_spaces_and_chinese_characters_load(tmp_path: Path) -> None:
    p = tmp_path / "我的 附件" / "身份证 正面.jpg"
    p.parent.mkdir()
    p.write_bytes(encoded(marker(), "JPEG"))
    assert load_image(p).shape == (40, 60, 3)
    link = tmp_path / "link.jpg"
    link.symlink_to(p)
    assert load_image(link).shape == (40, 60, 3)


def test_jpegs_written_carry_no_metadata() -> None:
    data = encode_jpeg(np.asarray(marker()))
    with Image.open(io.BytesIO(data)) as im:
        assert im.format == "JPEG"
        assert not im.getexif()
        assert not ({"exif", "icc_profile", "comment", "xmp"} & set(im.info))


def test_atomic_writes_leave_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "a.jpg"
    write_atomic(target, b"first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in target.parent.iterdir()] == ["a.jpg"]


SEED_JPEG = encoded(Image.effect_noise((64, 48), 40).convert("RGB"), "JPEG", quality=80)


# 300 examples in the normal run; HYPOTHESIS_PROFILE=fuzz raises it to 10,000.
@settings(max_examples=max(300, settings.default.max_examples), deadline=2000,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(SEED_JPEG) - 1), st.integers(0, 255)), max_size=12),
       st.integers(0, len(SEED_JPEG)))
def test_mutated_jpeg_bytes_either_decode_or_raise_image_load_error(
        edits: list[tuple[int, int]], cut: int) -> None:
    data = bytearray(SEED_JPEG[: max(cut, 2)])
    for pos, val in edits:
        if pos < len(data):
            data[pos] = val
    try:
        arr = load_image(bytes(data))
    except ImageLoadError:
        return
    assert arr.ndim == 3 and arr.shape[2] == 3 and arr.dtype == np.uint8


@settings(max_examples=200, deadline=2000)
@given(st.binary(max_size=2000))
def test_random_bytes_never_crash_the_loader(data: bytes) -> None:
    try:
        load_image(data)
    except ImageLoadError:
        pass
