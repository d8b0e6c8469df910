"""Soak test: a long batch keeps memory flat and writes exactly one report line per image.

Usage: ``.venv/bin/python bench/soak.py [--images 500] [--jobs 1]`` (about 1-2 s per image).
Exit status 1 if the report is short or RSS grows more than 10% from image 50 to the end.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from redact.batch import discover, run_jobs  # noqa: E402
from redact.elements import Applicant  # noqa: E402
from redact.pipeline import Redactor, Settings  # noqa: E402


def rss_mib() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--images", type=int, default=500)
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args()
    samples = sorted((ROOT / "samples").glob("*.jpg"))
    applicant = Applicant.from_dict(json.loads((ROOT / "samples" / "applicant.json").read_text("utf-8")))
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in", Path(tmp) / "out"
        src.mkdir()
        for i in range(args.images):
            shutil.copy(samples[i % len(samples)], src / f"{i:04d}.jpg")
        jobs, _ = discover([src], out)
        redactor = Redactor(Settings(verify=True))
        samples_rss: dict[int, float] = {}
        done = 0
        t0 = time.perf_counter()

        def on_result(*_: object) -> None:
            nonlocal done
            done += 1
            if done in (1, 50) or done % 50 == 0 or done == args.images:
                samples_rss[done] = rss_mib()
                print(f"{done:5d} images  RSS {samples_rss[done]:7.1f} MiB  "
                      f"{(time.perf_counter() - t0) / done:.2f} s/image", flush=True)

        run_jobs(redactor, jobs, applicant, out, workers=args.jobs, on_result=on_result)
        lines = (out / "report.jsonl").read_text("utf-8").splitlines()
    start = samples_rss.get(50, samples_rss[min(samples_rss)])
    growth = samples_rss[args.images] / start - 1
    ok = len(lines) == args.images and growth <= 0.10
    print(f"report lines: {len(lines)} of {args.images}; RSS growth from image 50: {growth:+.1%}; "
          f"{'OK' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
