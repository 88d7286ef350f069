"""Shared pytest configuration."""

import os

from hypothesis import settings

# The property tests draw the same examples on every run by default, so
# that a run on main passes or fails for the code, not for the draw; set
# HYPOTHESIS_PROFILE=explore to draw new ones (and keep any failure they
# find as an explicit example, as tests/test_hostile_props.py does).
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


def pytest_addoption(parser):
    """``--update-goldens``: rewrite golden files from the current output
    instead of comparing against them (review the diff before committing)."""
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="rewrite tests/goldens/* from the current output")
