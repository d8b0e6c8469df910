"""The JSONL report: one object per input, a contract other tools rely on.

Fields: ``input``, ``output`` (null when nothing was written), ``needs_masking``,
``needs_review``, ``regions`` (``kind``, ``box`` ``[x0, y0, x1, y1]`` in output pixels,
``text``, ``score``, ``source``, optional ``quad``), ``kept`` (look-alikes deliberately left
visible), ``warnings``, ``error`` (null or a message), ``size``, ``rotation``, ``seconds``, and the
``fill`` and ``quality`` the image was written with.
No full ID number is ever written: region texts are shortened by ``mask_id``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .pipeline import RedactResult

REPORT_NAME = "report.jsonl"


def result_record(input_path: str, output_path: str | None, result: RedactResult,
                  fill: tuple[int, int, int] = (0, 0, 0), quality: int = 92) -> dict[str, Any]:
    """A report line; ``fill`` and ``quality`` let ``redact apply`` re-render identically."""
    return {"input": input_path, "output": output_path, **result.to_dict(), "error": None,
            "fill": list(fill), "quality": quality}


def error_record(input_path: str, message: str) -> dict[str, Any]:
    return {
        "input": input_path, "output": None, "needs_masking": None, "needs_review": True,
        "regions": [], "kept": [], "warnings": [], "error": message,
    }


class ReportWriter:
    """Appends records to ``<path>.partial`` and renames it to ``path`` on ``close()``, so a
    report under the final name is always complete."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._tmp = path.with_name(path.name + ".partial")
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fh: IO[str] | None = self._tmp.open("w", encoding="utf-8")

    def write(self, record: dict[str, Any]) -> None:
        assert self._fh is not None, "report already closed"
        self._fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._fh.flush()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
            os.replace(self._tmp, self.path)

    def __enter__(self) -> ReportWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_report(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)
