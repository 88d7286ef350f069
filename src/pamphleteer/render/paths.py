"""Where the shared templates and styles are (below every renderer)."""

from __future__ import annotations

from pathlib import Path

PROJECT = Path(__file__).resolve().parents[3]
"""The project's folder (templates/, styles/)."""
TEMPLATES = PROJECT / "templates"
"""The shared Jinja2 templates."""
STYLES = PROJECT / "styles"
"""The shared stylesheets and the shipped fonts."""
