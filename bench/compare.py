"""Compare the pipeline's speed in two checkouts of redact on the same pages, side by side.

Usage: ``.venv/bin/python bench/compare.py OTHER_CHECKOUT [--rounds 4] [--kind a4_200dpi]``
(for example ``git worktree add /tmp/old HEAD~5`` first).

Single timings on a shared VM vary up to 2x from one hour to the next, so two benchmark runs
made at different times cannot say whether a change made the pipeline faster. Here each
round runs every page once in a fresh process of each checkout, the one going first
alternating from round to round (use an even number of rounds), and a page's
time is its best over the rounds; both checkouts use this checkout's Python environment and
read the same pages (the benchmark's, drawn once by this checkout). The first page of each
process is run once untimed (model loading); other pages are timed on their first run, as a
web platform would see them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(code: Path, folder: Path, kind: str) -> None:
    sys.path.insert(0, str(code))
    sys.path.insert(1, str(ROOT / "bench"))
    from run import variants

    from redact import Applicant, Redactor

    pages = json.loads((folder / "pages.json").read_text())
    redactor = Redactor()
    times: list[float] = []
    for page, image in zip(pages, variants(folder, pages, kind)):
        applicant = Applicant.from_dict(page["applicant"])
        if not times:
            redactor.redact(image, applicant)
        t = time.perf_counter()
        redactor.redact(image, applicant)
        times.append(time.perf_counter() - t)
    print(json.dumps(times))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("other", type=Path, help="another checkout of redact")
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--kind", default="a4_200dpi",
                    choices=["a4_200dpi", "a4_300dpi", "phone_1280", "a3_300dpi"])
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.folder, args.kind)
        return
    checkouts = {"this": ROOT, "other": args.other.resolve()}
    runs: dict[str, list[list[float]]] = {k: [] for k in checkouts}
    with tempfile.TemporaryDirectory() as tmp:
        # Pages drawn once, by this checkout's generator, so both read the same pixels.
        sys.path.insert(0, str(ROOT / "bench"))
        from run import make_pages

        (Path(tmp) / "pages.json").write_text(json.dumps(make_pages(Path(tmp), 8)))
        for r in range(args.rounds):
            # Which checkout goes first alternates (AB BA AB ...): run first every round, the
            # same code came out 8-13% faster whichever it was (session 16).
            order = list(checkouts.items())
            for label, code in (order if r % 2 == 0 else order[::-1]):
                out = subprocess.run([sys.executable, __file__, str(code), "--child", str(code),
                                      "--folder", tmp, "--kind", args.kind],
                                     capture_output=True, text=True, check=True, cwd=tmp)
                runs[label].append(json.loads(out.stdout.strip().splitlines()[-1]))
    per_page = {label: [min(t) for t in zip(*runs[label])] for label in checkouts}
    print("page  " + "  ".join(f"{label:>6s}" for label in checkouts))
    for i, times in enumerate(zip(*per_page.values())):
        print(f"{i:4d}  " + "  ".join(f"{t:6.2f}" for t in times))
    for label, code in checkouts.items():
        best = per_page[label]
        print(f"{label:6s} {code}: median {statistics.median(best):.2f} s, total {sum(best):.2f} s "
              f"over {len(best)} {args.kind} pages (each page's best of {args.rounds})")


if __name__ == "__main__":
    main()
