"""The build's date, one rule for every stage that stamps it.

Below the assembly and the build: the check that a build has nothing to do
reads it (the date is part of the build's key), and must import neither.
"""

from __future__ import annotations

import datetime as _dt
import os

from .errors import ManifestError


def build_date(epoch: str | None = None) -> _dt.datetime:
    """The build time: SOURCE_DATE_EPOCH when given, else now (UTC)."""
    epoch = epoch if epoch is not None else os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc)
        except ValueError:
            raise ManifestError(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole "
                                "number of seconds since 1970") from None
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
