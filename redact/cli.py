"""Command line: ``redact mask``, ``redact synth``, ``redact eval``.

Exit codes: 0 every input processed; 1 some inputs failed (each listed, the rest written);
2 bad applicant data or usage; 4 the OCR engine is unavailable; 5 the output is unsafe.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import click

from .batch import Job, discover, ensure_writable, load_applicant, run_jobs
from .elements import Applicant
from .errors import RedactError
from .pipeline import Redactor, RedactResult, Settings, check_applicant

_NAMED_COLOURS = {"black": (0, 0, 0), "white": (255, 255, 255), "grey": (128, 128, 128),
                  "gray": (128, 128, 128)}


def parse_colour(value: str) -> tuple[int, int, int]:
    """``black``, ``#1a2b3c`` or ``r,g,b`` to an RGB triple."""
    v = value.strip().lower()
    if v in _NAMED_COLOURS:
        return _NAMED_COLOURS[v]
    try:
        if v.startswith("#") and len(v) == 7:
            return (int(v[1:3], 16), int(v[3:5], 16), int(v[5:7], 16))
        parts = [int(p) for p in v.split(",")]
        if len(parts) == 3 and all(0 <= p <= 255 for p in parts):
            return (parts[0], parts[1], parts[2])
    except ValueError:
        pass
    raise click.BadParameter(f"{value!r} is not a colour (black, #rrggbb or r,g,b)")


@click.group()
@click.version_option(package_name="redact")
def main() -> None:
    """Mask a job applicant's name, ID number, work unit, seal and photo in scanned attachments."""


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Folder for masked images and report.jsonl (not inside an input folder).")
@click.option("--applicant", "applicant_file", type=click.Path(path_type=Path, dir_okay=False),
              help="JSON or TOML file: name, id_number, units (full name first, then aliases).")
@click.option("--name", help="The applicant's name (overrides the file).")
@click.option("--id-number", help="The applicant's 18-character ID number (overrides the file).")
@click.option("--unit", "units", multiple=True,
              help="Work unit: full name first, then aliases; repeat the option (overrides the file).")
@click.option("--fill", default="black", show_default=True, help="Mask colour: black, #rrggbb or r,g,b.")
@click.option("--seal-policy", type=click.Choice(["review", "mask"]), default="review", show_default=True,
              help="A red seal that cannot be read: leave it and flag for review, or mask it.")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Pages processed in parallel.")
@click.option("--quality", default=92, show_default=True, type=click.IntRange(50, 100),
              help="JPEG quality of the masked images.")
@click.option("--engine", default="rapidocr", show_default=True, type=click.Choice(["rapidocr", "paddleocr"]))
@click.option("--paddle-det-dir", type=click.Path(path_type=Path, file_okay=False),
              help="paddleocr engine: local text-detection model folder.")
@click.option("--paddle-rec-dir", type=click.Path(path_type=Path, file_okay=False),
              help="paddleocr engine: local text-recognition model folder.")
@click.option("--verify/--no-verify", default=True, show_default=True,
              help="Re-read each masked page where the applicant's data may still show, and mask "
                   "what is found.")
@click.option("--allow-short-name", is_flag=True, help="Accept a one-character name.")
@click.option("--short-unit-names/--listed-units-only", default=True, show_default=True,
              help="Also mask the units' names with their region shortened (新疆维吾尔自治区测绘院: "
                   "新疆测绘院, 自治区测绘院), listed or not.")
@click.option("--preview", "make_preview", is_flag=True,
              help="Also build OUT/preview/index.html for reviewers (holds downscaled originals).")
@click.option("--quiet", "-q", is_flag=True, help="Only errors and the summary.")
@click.option("--verbose", "-v", is_flag=True, help="Also every region and warning.")
def mask(inputs: tuple[Path, ...], out_dir: Path, applicant_file: Path | None, name: str | None,
         id_number: str | None, units: tuple[str, ...], fill: str, seal_policy: str, jobs: int,
         quality: int, engine: str, paddle_det_dir: Path | None, paddle_rec_dir: Path | None,
         verify: bool, allow_short_name: bool, short_unit_names: bool, make_preview: bool,
         quiet: bool, verbose: bool) -> None:
    """Mask INPUTS (files and folders of .jpg/.jpeg/.png) into OUT, with OUT/report.jsonl."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    colour = parse_colour(fill)
    try:
        applicant = _applicant(applicant_file, name, id_number, units)
        for w in check_applicant(applicant, allow_short_name):
            click.echo(f"warning: {w}", err=True)
        job_list, notes = discover(inputs, out_dir)
        ensure_writable(out_dir)
    except RedactError as exc:
        raise _fail(exc) from exc
    for note in notes:
        if not quiet:
            click.echo(f"note: {note}", err=True)
    if not job_list:
        raise click.UsageError("no .jpg, .jpeg or .png files found in the inputs")
    options: dict[str, object] = {}
    if engine == "paddleocr":
        options = {"det_model_dir": paddle_det_dir, "rec_model_dir": paddle_rec_dir}
    settings = Settings(engine=engine, engine_options=options, fill=colour,
                        seal_policy=seal_policy,  # type: ignore[arg-type]
                        allow_short_name=allow_short_name, verify=verify,
                        short_unit_names=short_unit_names,
                        # Pages side by side use the cores; one page alone spreads over them.
                        threads=1 if jobs > 1 else 0)
    try:
        redactor = Redactor(settings)
    except RedactError as exc:
        raise _fail(exc) from exc

    bar = _progress(len(job_list), quiet)

    def report(job: Job, res: RedactResult | None, error: str | None) -> None:
        if error is not None:
            bar.write(f"error  {job.label}: {error}", file=sys.stderr)
        elif res is not None and not quiet:
            kinds = ", ".join(f"{k}×{n}" for k, n in _count_kinds(res).items())
            flag = "yes" if res.needs_masking else "no "
            review = "  [review]" if res.needs_review else ""
            bar.write(f"{flag}    {job.label}{'  (' + kinds + ')' if kinds else ''}{review}")
            if verbose:
                for r in res.regions:
                    bar.write(f"         {r.kind:9} {list(r.box)} {r.text} ({r.score:.2f})")
                for w in res.warnings:
                    bar.write(f"         warning: {w}")
        bar.update(1)

    if not quiet:
        click.echo("needs masking / input")
    records = run_jobs(redactor, job_list, applicant, out_dir, workers=jobs, quality=quality,
                       on_result=report)
    bar.close()
    if make_preview:
        from .preview import build_preview

        try:
            click.echo(f"preview: {build_preview(out_dir)}")
        except RedactError as exc:
            click.echo(f"warning: the preview page could not be built: {exc}", err=True)
    failed = [r for r in records if r["error"]]
    need = sum(1 for r in records if r.get("needs_masking"))
    review = sum(1 for r in records if r.get("needs_review") and not r["error"])
    click.echo(f"{len(records)} images, {need} need masking, {review} for review, "
               f"{len(failed)} errors; report: {out_dir / 'report.jsonl'}")
    if failed:
        click.echo("failed:", err=True)
        for r in failed:
            click.echo(f"  {r['input']}: {r['error']}", err=True)
        sys.exit(1)


@main.command("eval")
@click.option("--set", "set_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("out/evalset"), show_default=True,
              help="Generated set with truth.jsonl; generated first if it has none.")
@click.option("--applicants", default=8, show_default=True, help="Applicants to generate.")
@click.option("--seed", default=2023, show_default=True, help="Seed for generation.")
@click.option("--split", type=click.Choice(["all", "tune", "holdout"]), default="all", show_default=True)
@click.option("--json", "json_out", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write the summary as JSON here.")
@click.option("--realdata", type=click.Path(path_type=Path, file_okay=False),
              help="Also run over a folder of real images (../shared/realdata) and print per image "
                   "what was read and masked.")
@click.option("--leaks", default=0, show_default=True,
              help="Also plant this many leaks and count how many the verification pass catches.")
@click.option("--verify/--no-verify", default=True, show_default=True,
              help="Score with the verification pass, as redact mask runs by default.")
@click.option("--progress/--no-progress", default=False)
def eval_command(set_dir: Path, applicants: int, seed: int, split: str, json_out: Path | None,
                 realdata: Path | None, leaks: int, verify: bool, progress: bool) -> None:
    """Score the tool from pixels on a generated set: recall, hits on others, excess, flags, speed."""
    import json

    from .evaluate import evaluate, format_summary

    if not (set_dir / "truth.jsonl").exists():
        from .synth import generate_set

        click.echo(f"generating {applicants} applicants into {set_dir} (seed {seed}) ...", err=True)
        generate_set(set_dir, n_applicants=applicants, seed=seed)
    redactor = Redactor(Settings(verify=verify))
    splits = ("tune", "holdout") if split == "all" else (split,)
    summary = evaluate(redactor, set_dir, splits, progress=progress)
    click.echo(format_summary(summary))
    for line in summary.get("all", {}).get("misses", [])[:20]:
        click.echo(f"  miss: {line}")
    for line in summary.get("all", {}).get("hits", [])[:20]:
        click.echo(f"  hit:  {line}")
    if leaks:
        from .evaluate import leak_drill

        drill = leak_drill(redactor, set_dir, leaks)
        summary["leak_drill"] = drill
        click.echo(f"verification pass: caught {drill['caught']}/{drill['planted']} planted leaks; "
                   f"it costs {drill['verify_cost_ratio']}x the first pass (median)")
        for line in drill["missed"][:10]:
            click.echo(f"  not caught: {line}")
    if realdata is not None:
        from .evaluate import run_realdata

        click.echo(run_realdata(redactor, realdata))
    if json_out is not None:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")


def _register_review() -> None:
    from .corrections import apply_command
    from .preview import preview_command

    main.add_command(preview_command, "preview")
    main.add_command(apply_command, "apply")


_register_review()


def _register_synth() -> None:
    try:
        from .synth.main import synth_command
    except ImportError:  # the generator needs the dev extra (scikit-image)
        return
    main.add_command(synth_command, "synth")


_register_synth()


def _applicant(path: Path | None, name: str | None, id_number: str | None,
               units: tuple[str, ...]) -> Applicant:
    base = load_applicant(path) if path is not None else Applicant(name or "")
    return Applicant(
        name=name if name is not None else base.name,
        id_number=id_number if id_number is not None else base.id_number,
        units=units if units else base.units,
    )


def _count_kinds(res: RedactResult) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in res.regions:
        counts[r.kind] = counts.get(r.kind, 0) + 1
    return counts


def _fail(exc: RedactError) -> click.exceptions.Exit:
    click.echo(f"error: {exc}", err=True)
    return click.exceptions.Exit(exc.exit_code)


class _NoBar:
    def write(self, s: str, file: object = None) -> None:
        click.echo(s, err=file is sys.stderr)

    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(total: int, quiet: bool) -> Any:
    """A tqdm bar on a terminal; plain lines otherwise (logs, CI, pipes)."""
    if quiet or not sys.stderr.isatty():
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, unit="img", file=sys.stderr, dynamic_ncols=True)


if __name__ == "__main__":  # pragma: no cover
    main()
