from __future__ import annotations

import pytest

from redact import Redactor


@pytest.fixture(scope="session")
def redactor() -> Redactor:
    """One real engine for the whole run: loading the models once is what users do too."""
    return Redactor()
