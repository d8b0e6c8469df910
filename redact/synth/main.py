"""``redact synth``: write synthetic applicant folders and their ground truth."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import click

from .generate import generate_set


@click.command("synth")
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write <applicant>/ folders and truth.jsonl into.",
)
@click.option(
    "--applicants", type=click.IntRange(1, 200), default=6, show_default=True, help="How many applicants."
)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed (same seed, same files).")
@click.option(
    "--holdout",
    "holdout",
    type=click.FloatRange(0, 1),
    default=0.3,
    show_default=True,
    help="Fraction of applicants marked as the holdout split.",
)
def synth_command(out: Path, applicants: int, seed: int, holdout: float) -> None:
    """Generate synthetic scanned attachments with ground truth."""
    t = time.perf_counter()
    recs = generate_set(out, n_applicants=applicants, seed=seed, holdout_fraction=holdout)
    splits = Counter(r["split"] for r in recs)
    n_items = sum(len(r["items"]) for r in recs)
    click.echo(
        f"wrote {len(recs)} images for {applicants} applicants to {out} "
        f"({splits.get('tune', 0)} tune, {splits.get('holdout', 0)} holdout, {n_items} items) "
        f"in {time.perf_counter() - t:.1f} s"
    )
