"""A static review page for a masked folder: ``OUT/preview/index.html`` built from ``OUT/report.jsonl``.

The page works from ``file://`` with no server and no network: the CSS and JS are inlined,
the report data is embedded as JSON in a ``<script type="application/json">`` tag, and the
images are downscaled copies written to ``preview/img/`` (named by number, so no input name
ever becomes a path or a URL). The copies of the ORIGINALS are unmasked: the preview folder
is as sensitive as the inputs and must not be handed on with the masked images.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import warnings
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from jinja2 import Environment, FileSystemLoader, select_autoescape
from PIL import Image

from .corrections import locate_input, locate_output, proposal_fingerprint
from .elements import KINDS
from .errors import RedactError
from .imageio import write_atomic
from .report import REPORT_NAME, read_report

PREVIEW_DIR = "preview"
#: Longest side of the preview copies: enough to judge a mask, light enough for 300 pages.
MAX_SIDE = 1200
#: A region scored below this deserves a look.
LOW_SCORE = 0.8

_HERE = Path(__file__).parent
KIND_LABELS: dict[str, str] = {
    "name": "name", "id_number": "ID number", "unit": "unit", "seal": "seal", "photo": "photo",
    "other_name": "other name", "other_seal": "other seal", "other_photo": "other person's photo",
    "unread_seal": "unreadable seal",
}
#: Why an image is shown early, most urgent first (the index is the sort rank).
REASONS: tuple[tuple[str, str], ...] = (
    ("error", "error"),
    ("unread_seal", "unreadable seal"),
    ("review", "needs review"),
    ("low_score", "low score"),
    ("flag_no_region", "flagged, no region"),
    ("warnings", "warnings"),
)
_RANK_YES, _RANK_NO = len(REASONS), len(REASONS) + 1
#: EXIF orientation to the transpose that makes the image upright (as ``ImageOps.exif_transpose``).
_EXIF_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


@dataclass(frozen=True)
class _Copy:
    """A preview copy: its file name under ``img/`` and the upright size of its source."""

    name: str | None
    size: tuple[int, int] | None
    problem: str | None = None


def build_preview(out_dir: Path, *, max_side: int = MAX_SIDE, workers: int = 2) -> Path:
    """Write ``out_dir/preview/index.html`` (plus downscaled images) from ``out_dir/report.jsonl``.

    Returns the HTML path. Copies of unchanged files are reused, so rebuilding after
    ``redact apply`` only redoes the re-rendered images. Raises ``RedactError`` without a report.
    """
    report_path = out_dir / REPORT_NAME
    if not report_path.is_file():
        raise RedactError(f"no {REPORT_NAME} in {out_dir}: run redact mask first")
    records = list(read_report(report_path))
    page_dir = out_dir / PREVIEW_DIR
    img_dir = page_dir / "img"
    img_dir.mkdir(parents=True, exist_ok=True)

    sources: list[Path | None] = []
    for rec in records:
        sources.append(locate_input(str(rec["input"]), out_dir) if rec.get("input") else None)
        sources.append(locate_output(str(rec["output"]), out_dir) if rec.get("output") else None)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        # PIL releases the GIL while decoding and resizing, so threads use both cores.
        copies = list(pool.map(lambda src: _preview_copy(src, img_dir, max_side), sources))
    used = {c.name for c in copies if c.name}
    for stale in img_dir.glob("*.jpg"):
        if stale.name not in used:
            stale.unlink(missing_ok=True)

    items = [_item(n, rec, copies[2 * n], copies[2 * n + 1]) for n, rec in enumerate(records)]
    items.sort(key=lambda it: (it["rank"], it["input"]))
    html = _render(items, report_path)
    html_path = page_dir / "index.html"
    write_atomic(html_path, html.encode("utf-8"))
    return html_path


def _preview_copy(src: Path | None, img_dir: Path, max_side: int) -> _Copy:
    """Write a downscaled upright copy of ``src`` into ``img_dir`` unless an identical one exists."""
    if src is None:
        return _Copy(None, None, "no file")
    try:
        st = src.stat()
        # Named by a hash of the source's identity: a cached copy is reused only for the very same
        # file version, and no input name ever becomes a path or a URL on the page.
        key = f"{src.resolve()}|{st.st_size}|{st.st_mtime_ns}|{max_side}"
        dst = img_dir / (hashlib.sha256(key.encode()).hexdigest()[:20] + ".jpg")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(src) as opened:
                orientation = opened.getexif().get(0x0112, 1)
                w, h = opened.size
                size = (h, w) if orientation in (5, 6, 7, 8) else (w, h)
                if dst.is_file():
                    return _Copy(dst.name, size)
                # JPEG draft mode decodes at 1/2..1/8 scale directly: most of the speed on big scans.
                opened.draft("RGB", (max_side, max_side))
                opened.load()
                img: Image.Image = opened
                if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
                    # As load_image does: transparent parts are paper, so white.
                    rgba = img.convert("RGBA")
                    img = Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba)
                if img.mode != "RGB":
                    img = img.convert("RGB")
                scale = min(1.0, max_side / max(img.size))
                if scale < 1.0:
                    # BOX (area average) antialiases well at these ratios and is a third faster than BILINEAR.
                    target = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
                    img = img.resize(target, Image.Resampling.BOX)
                # Turned upright after shrinking: the same result as load_image's, on far fewer pixels.
                method = _EXIF_TRANSPOSE.get(orientation)
                if method is not None:
                    img = img.transpose(method)
                tmp = dst.with_name(f".{dst.name}.{os.getpid()}.tmp")
                img.save(tmp, format="JPEG", quality=80)
                os.replace(tmp, dst)
                return _Copy(dst.name, size)
    except FileNotFoundError:
        return _Copy(None, None, f"not found: {src}")
    except Exception as exc:  # any unreadable image: the page says so instead of failing whole
        return _Copy(None, None, f"cannot read {src}: {exc}")


def _num(v: Any) -> float:
    return round(float(v), 2)


def _region(d: Mapping[str, Any], index: int) -> dict[str, Any]:
    """A region as the page shows it: numbers coerced, so no report text reaches an attribute raw."""
    b = [int(v) for v in d.get("box", (0, 0, 0, 0))]
    poly = d.get("polygon")
    kind = str(d.get("kind", ""))
    return {
        "i": index,
        "kind": kind,
        "label": KIND_LABELS.get(kind, kind),
        "css": kind if kind in KIND_LABELS else "unknown",
        "box": b,
        "points": " ".join(f"{_num(x)},{_num(y)}" for x, y in poly) if poly else None,
        "text": str(d.get("text", "")),
        "score": float(d.get("score", 1.0)),
        "source": str(d.get("source", "")),
        "note": str(d.get("note", "")),
    }


def _item(n: int, rec: Mapping[str, Any], orig: _Copy, masked: _Copy) -> dict[str, Any]:
    regions = [_region(d, i) for i, d in enumerate(rec.get("proposed_regions", rec.get("regions") or []))]
    kept = [_region(d, i) for i, d in enumerate(rec.get("proposed_kept", rec.get("kept") or []))]
    size = rec.get("size") or orig.size or masked.size or (1000, 1000)
    error = rec.get("error")
    flag = rec.get("proposed_needs_masking", rec.get("needs_masking"))
    warns = [str(w) for w in rec.get("warnings") or []]
    reasons = []
    if error:
        reasons.append("error")
    if any(k["kind"] == "unread_seal" for k in kept):
        reasons.append("unread_seal")
    elif rec.get("needs_review") and not error:
        reasons.append("review")
    if any(r["score"] < LOW_SCORE for r in regions):
        reasons.append("low_score")
    if flag and not regions:
        reasons.append("flag_no_region")
    if warns:
        reasons.append("warnings")
    codes = [c for c, _ in REASONS]
    rank = min((codes.index(r) for r in reasons), default=_RANK_YES if flag else _RANK_NO)
    reviewed = bool(rec.get("reviewed"))
    if reviewed and not error:
        rank = max(rank, _RANK_YES)  # a reviewer already looked: no longer urgent
    kinds = sorted({r["kind"] for r in regions} | {k["kind"] for k in kept})
    return {
        "id": n,
        "input": str(rec.get("input", "")),
        "output": rec.get("output"),
        "w": int(size[0]),
        "h": int(size[1]),
        "orig": orig.name,
        "orig_problem": orig.problem,
        "masked": masked.name,
        "masked_problem": masked.problem if rec.get("output") else None,
        "needs_masking": flag,
        "current_needs_masking": rec.get("needs_masking"),
        "needs_review": bool(rec.get("needs_review")),
        "error": str(error) if error else None,
        "warnings": warns,
        "regions": regions,
        "kept": kept,
        "kinds": kinds,
        "reasons": reasons,
        "rank": rank,
        "reviewed": reviewed,
        "correction": rec.get("correction"),
        "proposal": proposal_fingerprint(rec),
    }


def script_json(data: Any) -> str:
    """JSON safe inside a ``<script>`` element: ``<``, ``>`` and ``&`` never appear literally."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _render(items: Sequence[dict[str, Any]], report_path: Path) -> str:
    env = Environment(loader=FileSystemLoader(_HERE / "templates"),
                      autoescape=select_autoescape(["html", "j2"], default=True),
                      trim_blocks=True, lstrip_blocks=True)
    report_abs = report_path.resolve()
    token = hashlib.sha256(report_path.read_bytes()).hexdigest()[:16]
    page_data = {
        "report": str(report_abs),
        "token": token,
        "kinds": list(KINDS),
        "images": [{k: it[k] for k in ("id", "input", "w", "h", "needs_masking", "regions", "kept",
                                        "correction", "proposal")} for it in items],
    }
    counts = {
        "total": len(items),
        "yes": sum(1 for it in items if it["current_needs_masking"] is True),
        "no": sum(1 for it in items if it["current_needs_masking"] is False),
        "errors": sum(1 for it in items if it["error"]),
        "attention": sum(1 for it in items if it["rank"] < _RANK_YES),
    }
    present = sorted({k for it in items for k in it["kinds"]},
                     key=lambda k: (list(KIND_LABELS).index(k) if k in KIND_LABELS else 99, k))
    return env.get_template("preview.html.j2").render(
        items=items,
        counts=counts,
        kinds=KINDS,
        kind_labels=KIND_LABELS,
        present_kinds=present,
        reasons=dict(REASONS),
        rank_attention=_RANK_YES,
        low_score=LOW_SCORE,
        report_name=str(report_abs),
        built=time.strftime("%Y-%m-%d %H:%M"),
        data_json=script_json(page_data),
        css=(_HERE / "static" / "preview.css").read_text(encoding="utf-8"),
        js=(_HERE / "static" / "preview.js").read_text(encoding="utf-8"),
    )


@click.command("preview")
@click.argument("out_dir", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--max-side", default=MAX_SIDE, show_default=True, type=click.IntRange(200, 4000),
              help="Longest side of the preview copies, in pixels.")
def preview_command(out_dir: Path, max_side: int) -> None:
    """(Re)build OUT_DIR/preview/index.html from OUT_DIR/report.jsonl for review in a browser."""
    t0 = time.perf_counter()
    try:
        path = build_preview(out_dir, max_side=max_side)
    except RedactError as exc:
        click.echo(f"error: {exc}", err=True)
        raise click.exceptions.Exit(exc.exit_code) from exc
    click.echo(f"preview: {path} ({time.perf_counter() - t0:.1f} s); it holds unmasked copies of the "
               "originals: do not pass the preview folder on")


__all__ = ["KIND_LABELS", "LOW_SCORE", "build_preview", "preview_command", "script_json"]
