"""Apply a reviewer's corrections (saved by the preview page) to the masked images and the report.

The corrections file (schema version 1)::

    {
      "version": 1,
      "report": "/abs/path/masked/report.jsonl",   # absolute, or relative to this file
      "images": [
        {
          "input": "attachments/a.jpg",             # the report line's "input", verbatim
          "proposal": "3f2a9c01b7de",               # optional fingerprint of the proposal
          "disabled": [0, 2],                       # indices into the proposed regions
          "mask_kept": [1],                         # indices into the proposed kept list
          "added": [{"kind": "name", "box": [x0, y0, x1, y1]}],
          "needs_masking": true                     # true/false overrides; null = derive
        }
      ]
    }

Boxes are in pixels of the upright original, which are the output's pixels. Indices always
refer to the ORIGINAL proposal: the first apply keeps it in the report line as
``proposed_regions``/``proposed_kept``/``proposed_needs_masking``, so each entry describes
the complete state of an image, and applying a file twice gives the same images and report.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from .elements import KINDS, Region
from .errors import RedactError
from .imageio import encode_jpeg, load_image, write_atomic
from .render import apply_masks
from .report import REPORT_NAME, read_report

SCHEMA_VERSION = 1
#: Kinds whose masked presence makes an image need masking (as in the pipeline).
APPLICANT_KINDS = frozenset(KINDS)


class CorrectionsError(RedactError):
    """The corrections file (or the report it names) is unusable as a whole."""

    exit_code = 2


@dataclass(frozen=True)
class AddedBox:
    """A box the reviewer drew: ``kind`` and ``box`` in upright original pixels."""

    kind: str
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class ImageCorrection:
    """The reviewer's complete decision for one image, relative to the original proposal."""

    input: str
    disabled: tuple[int, ...] = ()
    mask_kept: tuple[int, ...] = ()
    added: tuple[AddedBox, ...] = ()
    needs_masking: bool | None = None
    proposal: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "disabled": list(self.disabled),
            "mask_kept": list(self.mask_kept),
            "added": [{"kind": a.kind, "box": list(a.box)} for a in self.added],
            "needs_masking": self.needs_masking,
        }


@dataclass(frozen=True)
class Corrections:
    report: Path
    images: tuple[ImageCorrection, ...]


@dataclass
class ApplyOutcome:
    """What ``apply_corrections`` did: inputs re-rendered, and a message per input that failed."""

    report: Path
    applied: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def proposal_fingerprint(record: Mapping[str, Any]) -> str:
    """A short hash of a report line's original proposal, so stale corrections are caught."""
    regions = record.get("proposed_regions", record.get("regions") or [])
    kept = record.get("proposed_kept", record.get("kept") or [])
    key = [[r.get("kind"), list(r.get("box", []))] for r in regions]
    key.append(["|"])
    key += [[r.get("kind"), list(r.get("box", []))] for r in kept]
    return hashlib.sha256(json.dumps(key).encode()).hexdigest()[:12]


def load_corrections(path: Path, report: Path | None = None) -> Corrections:
    """Read and validate a corrections file; raise ``CorrectionsError`` with a readable reason."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise CorrectionsError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise CorrectionsError(f"{path} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise CorrectionsError(f"{path}: expected a JSON object")
    if data.get("version") != SCHEMA_VERSION:
        raise CorrectionsError(f"{path}: unsupported version {data.get('version')!r} "
                               f"(this redact reads version {SCHEMA_VERSION})")
    images = data.get("images")
    if not isinstance(images, list):
        raise CorrectionsError(f"{path}: 'images' must be a list")
    parsed = []
    for n, item in enumerate(images):
        try:
            parsed.append(_parse_image(item))
        except (TypeError, ValueError, KeyError) as exc:
            raise CorrectionsError(f"{path}: images[{n}]: {exc}") from exc
    located = report if report is not None else _locate_report(path, data.get("report"))
    return Corrections(report=located, images=tuple(parsed))


def _parse_image(item: Any) -> ImageCorrection:
    if not isinstance(item, dict) or not isinstance(item.get("input"), str):
        raise ValueError("each image needs an 'input' string")
    flag = item.get("needs_masking")
    if flag is not None and not isinstance(flag, bool):
        raise ValueError("'needs_masking' must be true, false or null")
    added = []
    for a in item.get("added") or []:
        kind = a["kind"]
        if kind not in KINDS:
            raise ValueError(f"added box kind {kind!r} is not one of {', '.join(KINDS)}")
        b = [int(v) for v in a["box"]]
        if len(b) != 4 or b[2] <= b[0] or b[3] <= b[1]:
            raise ValueError(f"added box {a['box']!r} is not [x0, y0, x1, y1] with x0 < x1, y0 < y1")
        added.append(AddedBox(kind, (b[0], b[1], b[2], b[3])))
    proposal = item.get("proposal")
    return ImageCorrection(
        input=item["input"],
        disabled=tuple(sorted({_index(i) for i in item.get("disabled") or []})),
        mask_kept=tuple(sorted({_index(i) for i in item.get("mask_kept") or []})),
        added=tuple(added),
        needs_masking=flag,
        proposal=str(proposal) if proposal is not None else None,
    )


def _index(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"region index {value!r} is not a non-negative integer")
    return value


def _locate_report(corrections: Path, named: Any) -> Path:
    candidates: list[Path] = []
    if isinstance(named, str) and named:
        p = Path(named)
        candidates += [p] if p.is_absolute() else [corrections.parent / p, p]
    # A downloaded file moved next to the report still works when the recorded path is stale.
    candidates.append(corrections.parent / REPORT_NAME)
    for c in candidates:
        if c.is_file():
            return c
    raise CorrectionsError(f"cannot find the report {named or REPORT_NAME!r} for {corrections}; "
                           "pass --report")


def locate_input(label: str, report_dir: Path) -> Path:
    """Where the input recorded as ``label`` is now.

    Report paths are as given on the command line, so relative to the folder ``redact mask``
    ran in: try the current folder, then the output folder's parent (the usual place), then
    the output folder itself.
    """
    p = Path(label)
    if p.is_absolute():
        return p
    for base in (Path.cwd(), report_dir.parent, report_dir):
        if (base / p).is_file():
            return base / p
    return p


def locate_output(label: str, report_dir: Path) -> Path:
    """Where the output recorded as ``label`` is: always somewhere under ``report_dir``."""
    p = Path(label)
    if p.is_absolute():
        return p
    root = report_dir.resolve()
    direct = (Path.cwd() / p).resolve()
    if root in direct.parents:
        return direct
    # The report holds "<out as given>/<relative path>": drop leading parts until it fits.
    parts = p.parts
    fallback = None
    for k in range(1, len(parts)):
        cand = root.joinpath(*parts[k:])
        if fallback is None and parts[k - 1] == root.name:
            fallback = cand
        if cand.is_file():
            return cand
    if fallback is not None:
        return fallback
    return root.joinpath(*parts[1:]) if len(parts) > 1 else root / p


def apply_corrections(path: Path, fill: tuple[int, int, int] | None = None, *, quality: int | None = None,
                      report: Path | None = None) -> ApplyOutcome:
    """Re-render the corrected images from their ORIGINAL inputs and rewrite their report lines.

    Masks are the proposed regions minus ``disabled``, plus ``mask_kept`` and ``added``; the
    fill is ``fill``, else the one the report line records, else black (JPEG ``quality``
    likewise, else 92). The masked output is never read. An image that cannot be done
    (unknown input, missing original, stale indices) gets an error in the outcome; the others
    are still applied and the report is rewritten. ``report`` overrides the file's own.
    """
    corr = load_corrections(path, report)
    report_path = corr.report
    try:
        records = list(read_report(report_path))
    except OSError as exc:
        raise CorrectionsError(f"cannot read {report_path}: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise CorrectionsError(f"{report_path} is not a valid report: {exc}") from exc
    by_input = {r.get("input"): n for n, r in enumerate(records)}
    outcome = ApplyOutcome(report=report_path)
    changed = False
    for c in corr.images:
        n = by_input.get(c.input)
        if n is None:
            outcome.errors[c.input] = "not in the report"
            continue
        try:
            records[n] = _apply_one(records[n], c, report_path.parent, fill, quality)
        except RedactError as exc:
            outcome.errors[c.input] = str(exc)
            continue
        outcome.applied.append(c.input)
        changed = True
    if changed:
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        write_atomic(report_path, text.encode("utf-8"))
    return outcome


def _apply_one(record: dict[str, Any], c: ImageCorrection, report_dir: Path,
               fill: tuple[int, int, int] | None, quality: int | None) -> dict[str, Any]:
    if record.get("error") or not record.get("output"):
        raise RedactError(f"masking failed for this image ({record.get('error') or 'no output'}); "
                          "run redact mask on it again")
    if c.proposal is not None and c.proposal != proposal_fingerprint(record):
        raise RedactError("the report changed since the preview was built (different proposal); "
                          "rebuild the preview and review this image again")
    proposed = list(record.get("proposed_regions", record.get("regions") or []))
    proposed_kept = list(record.get("proposed_kept", record.get("kept") or []))
    for what, indices, limit in (("disabled", c.disabled, len(proposed)),
                                 ("mask_kept", c.mask_kept, len(proposed_kept))):
        bad = [i for i in indices if i >= limit]
        if bad:
            raise RedactError(f"{what} index {bad[0]} is out of range ({limit} proposed)")
    source = locate_input(record["input"], report_dir)
    if not source.is_file():
        raise RedactError(f"the original input {record['input']} was not found (looked in the current "
                          f"folder and next to {report_dir}); run redact apply from where redact mask ran")
    image = load_image(source)  # the original: never paint over an already masked output
    h, w = image.shape[:2]
    size = record.get("size")
    if size and [int(size[0]), int(size[1])] != [w, h]:
        raise RedactError(f"the original {source} is now {w}x{h}, but was {size[0]}x{size[1]} "
                          "when masked; it changed since")
    regions = [Region.from_dict(d) for i, d in enumerate(proposed) if i not in c.disabled]
    regions += [_as_masked(Region.from_dict(d)) for i, d in enumerate(proposed_kept) if i in c.mask_kept]
    for a in c.added:
        box = (max(0, a.box[0]), max(0, a.box[1]), min(w, a.box[2]), min(h, a.box[3]))
        if box[2] > box[0] and box[3] > box[1]:
            regions.append(Region(a.kind, box, text="", score=1.0, source="manual"))
    kept = [d for i, d in enumerate(proposed_kept) if i not in c.mask_kept]
    colour = fill or _record_fill(record) or (0, 0, 0)
    masked = apply_masks(image, regions, colour)
    jpeg_quality = quality or int(record.get("quality") or 92)
    target = locate_output(record["output"], report_dir)
    if target.resolve() == source.resolve():
        raise RedactError(f"the output {target} is the original input; refusing to overwrite it")
    write_atomic(target, encode_jpeg(masked, jpeg_quality))
    out = dict(record)
    out.setdefault("proposed_regions", proposed)
    out.setdefault("proposed_kept", proposed_kept)
    out.setdefault("proposed_needs_masking", record.get("needs_masking"))
    out["regions"] = [r.to_dict() for r in regions]
    out["kept"] = kept
    out["needs_masking"] = (c.needs_masking if c.needs_masking is not None
                            else any(r.kind in APPLICANT_KINDS for r in regions))
    out["fill"] = list(colour)
    out["correction"] = c.to_dict()
    out["reviewed"] = True
    return out


def _as_masked(r: Region) -> Region:
    return Region(r.kind, r.box, r.text, r.score, r.polygon, r.source, True, r.note)


def _record_fill(record: Mapping[str, Any]) -> tuple[int, int, int] | None:
    f = record.get("fill")
    if isinstance(f, Sequence) and len(f) == 3:
        return (int(f[0]), int(f[1]), int(f[2]))
    return None


def _parse_fill(_ctx: click.Context, _param: click.Parameter,
                value: str | None) -> tuple[int, int, int] | None:
    if value is None:
        return None
    from .cli import parse_colour  # late: cli imports this module to register the command

    return parse_colour(value)


@click.command("apply")
@click.argument("corrections", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--fill", callback=_parse_fill,
              help="Mask colour (black, #rrggbb or r,g,b); default: the one recorded, else black.")
@click.option("--report", "report", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="The report.jsonl to update (default: the one the corrections file names).")
@click.option("--quality", type=click.IntRange(50, 100),
              help="JPEG quality of the re-rendered images; default: the one recorded, else 92.")
def apply_command(corrections: Path, fill: tuple[int, int, int] | None, report: Path | None,
                  quality: int | None) -> None:
    """Re-render the images named in CORRECTIONS (saved by the preview page) from the originals."""
    try:
        outcome = apply_corrections(corrections, fill, quality=quality, report=report)
    except RedactError as exc:
        click.echo(f"error: {exc}", err=True)
        raise click.exceptions.Exit(exc.exit_code) from exc
    for name in outcome.applied:
        click.echo(f"applied  {name}")
    for name, message in outcome.errors.items():
        click.echo(f"error    {name}: {message}", err=True)
    n = len(outcome.applied)
    click.echo(f"{n} image{'' if n == 1 else 's'} re-rendered, {len(outcome.errors)} errors; "
               f"report: {outcome.report}")
    if outcome.errors:
        raise click.exceptions.Exit(1)


__all__ = ["ApplyOutcome", "CorrectionsError", "apply_command", "apply_corrections", "load_corrections",
           "proposal_fingerprint"]
