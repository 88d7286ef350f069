"""Plain-data (JSON) form of the model, for the stage cache.

Only the model's own classes can be rebuilt, by name, from a fixed table:
loading a cache entry never runs code (unlike pickle), so a foreign or
corrupt entry can at worst fail to load, and is then rebuilt.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Any

from . import model
from .cleaned import CleanResult
from .report import Change, CleaningReport, Problem, Removal

_CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (model.Source, model.Text, model.Emph, model.Strong, model.Sup,
                model.SmallCaps, model.Code, model.LineBreak, model.NoteRef,
                model.CiteItem, model.Citation, model.Link, model.IndexMark,
                model.Heading, model.Paragraph, model.BlockQuote,
                model.BulletList, model.OrderedList, model.ThematicBreak,
                model.Lacuna, model.Division, model.TableCell,
                model.Table, model.Note, model.Metadata,
                model.Document, Removal, Change, Problem)
}


class SerialError(ValueError):
    """Data that is not a serialised model."""


def to_data(obj: Any) -> Any:
    """JSON-ready data for a model object."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        name = type(obj).__name__
        if name not in _CLASSES:
            raise SerialError(f"not a model class: {name}")
        data = {"_": name}
        for f in dataclasses.fields(obj):
            data[f.name] = to_data(getattr(obj, f.name))
        return data
    if isinstance(obj, (tuple, list)):
        return [to_data(x) for x in obj]
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    raise SerialError(f"cannot serialise {type(obj).__name__}")


def from_data(data: Any) -> Any:
    """Rebuild a model object from :func:`to_data`'s output."""
    if isinstance(data, dict):
        name = data.get("_")
        cls = _CLASSES.get(name) if isinstance(name, str) else None
        if cls is None:
            raise SerialError(f"unknown class {name!r}")
        kwargs = {}
        for f in dataclasses.fields(cls):
            if f.name in data:
                kwargs[f.name] = from_data(data[f.name])
        try:
            return cls(**kwargs)
        except TypeError as e:
            raise SerialError(str(e)) from None
    if isinstance(data, list):
        return tuple(from_data(x) for x in data)
    if data is None or isinstance(data, (str, int, float, bool)):
        return data
    raise SerialError(f"unexpected {type(data).__name__}")


def result_to_data(result: CleanResult) -> dict[str, Any]:
    """A cleaning result as data."""
    r = result.report
    return {
        "document": to_data(result.document),
        "report": {
            "cleaner": r.cleaner, "file": r.file,
            "counts": dict(r.counts),
            "removals": to_data(r.removals), "changes": to_data(r.changes),
            "problems": to_data(r.problems),
            "conservation": r.conservation,
        },
    }


def result_from_data(data: dict[str, Any]) -> CleanResult:
    """Rebuild a cleaning result; raise SerialError on anything odd."""
    try:
        doc = from_data(data["document"])
        rd = data["report"]
        report = CleaningReport(
            cleaner=str(rd["cleaner"]), file=str(rd["file"]),
            counts=Counter({str(k): int(v) for k, v in rd["counts"].items()}),
            removals=list(from_data(rd["removals"])),
            changes=list(from_data(rd["changes"])),
            problems=list(from_data(rd["problems"])),
            conservation=dict(rd["conservation"]))
    except (KeyError, TypeError, AttributeError, ValueError) as e:
        raise SerialError(f"bad cleaning result: {e}") from None
    if not isinstance(doc, model.Document):
        raise SerialError("not a document")
    return CleanResult(doc, report)
