"""The README's library example runs as written, and its Quick start is the documented two commands."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_quick_start_holds_exactly_the_two_commands_that_ci_runs() -> None:
    section = README.split("## Quick start", 1)[1]
    block = re.search(r"```\n(.*?)```", section, re.S)
    assert block is not None
    commands = [ln for ln in block.group(1).splitlines() if ln.strip()]
    assert commands == ["./dev demo", "./dev test"]
    assert "./dev test" in (ROOT / ".ci" / "run").read_text()


@pytest.mark.slow
def test_library_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    code = re.search(r"## Library\n\n```python\n(.*?)```", README, re.S)
    assert code is not None
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        exec(compile(code.group(1), "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("True [('name'")
    assert out[-2:] == ["RedactResult", "ImageLoadError"]
