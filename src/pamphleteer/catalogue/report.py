"""The run's report: every text built, cached or failed (with why), as
``report.json`` for programs and ``report.html`` for people."""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

from .. import __version__
from ..files import atomic_write, json_text
from ..render.views import environment


def report_data(cat: Any, out: Path, result: Any) -> dict[str, Any]:
    """The content of ``report.json``."""
    built = [o for o in result.outcomes if o.status == "built"]
    seconds = [o.seconds for o in built if o.seconds]
    cpu = [o.cpu_seconds for o in built if o.cpu_seconds]
    rss = [o.peak_rss_mib for o in result.outcomes if o.peak_rss_mib]
    texts = []
    for o in sorted(result.outcomes, key=lambda o: (
            {"failed": 0, "built": 1, "cached": 2}[o.status], o.id)):
        m = o.marker or {}
        texts.append({
            "id": o.id, "source": o.source, "status": o.status,
            "why": o.why, "title": m.get("title", ""),
            "authors": m.get("authors", []), "language": m.get("language", ""),
            "reader": m.get("reader", ""), "pages": m.get("pages", 0),
            "seconds": o.seconds, "cpu_seconds": o.cpu_seconds, "at": o.at,
            "peak_rss_mib": o.peak_rss_mib,
            "worker": o.worker,
            "warnings": m.get("warnings", []) if o.status != "failed" else [],
            "files": [f["name"] for f in m.get("files", [])
                      if f["kind"] != "web-part"]})
    return {
        "catalogue": cat.meta.title,
        "source": str(cat.origin or cat.root),
        "generator": f"pamphleteer {__version__}",
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                 time.gmtime(result.started)),
        "seconds": result.seconds,
        "cluster": result.cluster,
        "counts": {"texts": len(result.outcomes),
                   "built": result.count("built"),
                   "cached": result.count("cached"),
                   "failed": result.count("failed"),
                   "skipped": len(result.skipped),
                   "removed": len(result.removed)},
        "figures": {
            "texts_per_minute": round(len(built) / result.seconds * 60, 2)
            if built and result.seconds else 0,
            "seconds_per_text_median": round(statistics.median(seconds), 2)
            if seconds else 0,
            "seconds_per_text_max": max(seconds, default=0),
            "cpu_seconds_per_text_median": round(statistics.median(cpu), 2)
            if cpu else 0,
            "peak_rss_mib_per_worker_max": max(rss, default=0),
            "peak_rss_mib_per_worker_median": round(statistics.median(rss), 1)
            if rss else 0},
        "texts": texts,
        "skipped": [{"path": s.path, "why": s.why} for s in result.skipped],
        "removed": result.removed,
    }


def write_report(cat: Any, out: Path, result: Any) -> Path:
    """Write ``report.json`` and ``report.html``; return the HTML."""
    data = report_data(cat, out, result)
    atomic_write(out / "report.json", json_text(data))
    reads = {}
    for t in data["texts"]:
        folder = f"texts/{t['id']}/"
        reads[t["id"]] = next((folder + f for f in t["files"]
                               if f.endswith("-web/index.html")), "")
    html = environment(None).get_template("web-report.html.j2").render(
        data=data, reads=reads, language="en")
    target = out / "report.html"
    atomic_write(target, html)
    return target
