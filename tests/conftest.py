"""Shared pytest configuration."""


def pytest_addoption(parser):
    """``--update-goldens``: rewrite golden files from the current output
    instead of comparing against them (review the diff before committing)."""
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="rewrite tests/goldens/* from the current output")
