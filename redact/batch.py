"""Masking a set of files into an output folder: input discovery, safe output paths, the report.

Guarantees: inputs are never written; an output image exists only once it is fully masked
(atomic rename); a failed input gets a report line with its error and no output image.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomllib

from .elements import Applicant
from .errors import ApplicantError, OutputError
from .imageio import SUPPORTED_SUFFIXES, write_atomic
from .pipeline import Redactor, RedactResult
from .report import REPORT_NAME, ReportWriter, error_record, result_record


@dataclass(frozen=True)
class Job:
    """One input file and where its masked image goes."""

    source: Path
    output: Path
    label: str  # the input as shown to people and in the report


def load_applicant(path: Path) -> Applicant:
    """Read ``{"name": ..., "id_number": ..., "units": [...]}`` from a JSON or TOML file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ApplicantError(f"cannot read applicant file {path}: {exc.strerror or exc}") from exc
    try:
        data: Any
        if path.suffix.lower() == ".toml":
            data = tomllib.loads(raw.decode("utf-8"))
        else:
            data = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as exc:
        kind = path.suffix[1:].upper() or "JSON"
        raise ApplicantError(f"applicant file {path} is not valid {kind}: {exc}") from exc
    if not isinstance(data, dict):
        raise ApplicantError(f"applicant file {path} must hold an object with a 'name'")
    return Applicant.from_dict(data)


def discover(inputs: Iterable[Path], out_dir: Path) -> tuple[list[Job], list[str]]:
    """Expand files and folders (recursively) into jobs with output paths under ``out_dir``.

    Files named explicitly are always taken (a bad one gets a clear error later); inside
    folders only ``.jpg``, ``.jpeg`` and ``.png`` are. Each input maps to
    ``out_dir/<path relative to the folder given>`` (with a ``.jpg`` suffix); with several
    folders, each folder's name is kept as the first path part so equal names never collide.
    Raises ``OutputError`` when the output folder lies inside an input folder or an output
    would land on an input.
    """
    inputs = list(inputs)
    out_res = out_dir.resolve()
    folders = [p for p in inputs if p.is_dir()]
    notes: list[str] = []
    for folder in folders:
        f = folder.resolve()
        if out_res == f or f in out_res.parents:
            raise OutputError(f"the output folder {out_dir} is inside the input folder {folder}; "
                              "choose a folder outside it")
    found: list[tuple[Path, Path]] = []  # (source, relative output stem)
    seen: set[Path] = set()
    for item in inputs:
        if item.is_dir():
            prefix = Path(item.resolve().name) if len(folders) > 1 else Path()
            for root, dirs, files in os.walk(item, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    p = Path(root) / name
                    if p.suffix.lower() not in SUPPORTED_SUFFIXES or name.startswith("."):
                        continue
                    found.append((p, prefix / p.relative_to(item)))
        elif item.exists() or item.is_symlink():
            found.append((item, Path(item.name)))
        else:
            found.append((item, Path(item.name)))
    jobs: list[Job] = []
    used: set[Path] = set()
    input_files = {p.resolve() for p, _ in found if p.exists()}
    # A link to a file that is itself an input is a duplicate: keep the file's own name.
    real_files = {p.resolve() for p, _ in found if p.exists() and not p.is_symlink()}
    for source, rel in found:
        key = source.resolve() if source.exists() else source.absolute()
        if source.is_symlink() and key in real_files:
            notes.append(f"{source}: a link to another input; processed once, under the file's name")
            continue
        if key in seen:
            notes.append(f"{source}: given more than once; processed once")
            continue
        seen.add(key)
        out = out_dir / rel.with_suffix(".jpg")
        if out in used:
            out = out_dir / rel.with_name(rel.name + ".jpg")
        n = 2
        while out in used:
            out = out_dir / rel.with_name(f"{rel.stem}-{n}.jpg")
            n += 1
        if out.resolve() in input_files:
            raise OutputError(f"writing {out} would overwrite an input; choose another output folder")
        used.add(out)
        jobs.append(Job(source, out, str(source)))
    return jobs, notes


def ensure_writable(out_dir: Path) -> None:
    """Fail early, before any OCR, when ``out_dir`` cannot hold the results."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".probe-", dir=out_dir)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(f"cannot write to the output folder {out_dir}: {exc.strerror or exc}") from exc


def run_jobs(redactor: Redactor, jobs: list[Job], applicant: Applicant, out_dir: Path,
             workers: int = 1, quality: int = 92,
             on_result: Callable[[Job, RedactResult | None, str | None], None] | None = None,
             ) -> list[dict[str, Any]]:
    """Mask every job, write images and ``out_dir/report.jsonl``; return the report records."""
    records: list[dict[str, Any]] = []
    out_dir.mkdir(parents=True, exist_ok=True)
    with ReportWriter(out_dir / REPORT_NAME) as report:
        results = redactor.redact_many((j.source for j in jobs), applicant, workers=workers)
        for job, res in zip(jobs, results):
            error: str | None = None
            record: dict[str, Any]
            if isinstance(res, RedactResult):
                try:
                    write_atomic(job.output, res.to_jpeg(quality))
                    record = result_record(job.label, str(job.output), res,
                                           redactor.settings.fill, quality)
                except OutputError as exc:
                    error = str(exc)
                    record = error_record(job.label, error)
            else:
                error = str(res) or type(res).__name__
                record = error_record(job.label, error)
                _remove_stale(job.output)
            report.write(record)
            records.append(record)
            if on_result is not None:
                on_result(job, res if isinstance(res, RedactResult) else None, error)
    return records


def _remove_stale(path: Path) -> None:
    """A failed input must not leave an older run's image under its output name."""
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError:
        pass
