from __future__ import annotations

import os

import pytest
from hypothesis import settings

from redact import Redactor

# HYPOTHESIS_PROFILE=fuzz runs the property tests with 10,000 examples each (slow; not in CI).
settings.register_profile("fuzz", max_examples=10_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def redactor() -> Redactor:
    """One real engine for the whole run: loading the models once is what users do too."""
    return Redactor()
