"""The editor's loop: doubtful and unresolved citations out as YAML, the
editor's answers back in.

``pamphleteer cite review`` writes a file such as::

    citations:
      - chapter: anarchy-works
        citation: "Op. Cit., p. 116"
        occurrence: 2            # the 2nd time these words cite in the chapter
        status: doubtful         # or unresolved
        reason: "the sentence names Peirats: ..."
        context: "... To quote Peirats again:"
        taken: afaq-322          # what the build took (doubtful only)
        candidates:
          - "afaq-322: The CNT in the Spanish Revolution (peirats, 2001)"
          - "afaq-6: The Anarchist Collectives (dolgoff, 1974)"
        work:                    # your answer: a works-file id, or none

The editor answers ``work:`` with an id (pin the work) or ``none`` (not a
citation: an editor's insertion in brackets).  With ``back.citations:``
naming the file in the manifest, the next build reads the answers; running
``cite review`` again keeps them and adds what is new.  Like the index's
file, it is the editor's and is never overwritten without its answers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping, Sequence

import yaml

from ..errors import ManifestError
from .match import Candidate

NOT_A_CITATION = "none"

_HEADER = """\
# Citations the bibliography is unsure of (pamphleteer cite review).
# Answer `work:` with the id of a works-file entry to pin the work, or with
# `none` when the brackets are not a citation. Leave it empty to decide
# later. The next build reads the answers when the manifest names this file
# under `back:` as `citations: {name}`.
"""


def answer_key(chapter: str, raw: str, occurrence: int) -> tuple:
    """Key of an answer: chapter, the citation's words, and which of the
    chapter's citations with these words it is (0: all of them)."""
    return chapter, " ".join(raw.split()), occurrence


def load_answers(path: Path, shown: str | None = None) -> dict:
    """Read a review file: answer key -> work id or ``none``.  A missing
    file has no answers; a malformed one is refused with its line."""
    path = Path(path)
    shown = shown or str(path)
    if not path.exists():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text) or {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{shown}:1: cannot read the citation review "
                            f"file ({exc})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ManifestError(f"{shown}:{mark.line + 1 if mark else 1}: "
                            "invalid YAML in the citation review file; fix "
                            "the syntax or delete the file and run "
                            "`pamphleteer cite review` again") from None
    rows = data.get("citations") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise ManifestError(f"{shown}:1: the citation review file must hold "
                            "`citations:`, a list (written by `pamphleteer "
                            "cite review`)")
    lines = [i + 1 for i, ln in enumerate(text.splitlines())
             if ln.lstrip().startswith("- chapter:")]
    answers: dict = {}
    problems = []
    for i, row in enumerate(rows):
        line = lines[i] if i < len(lines) else 1
        if not isinstance(row, dict) or not isinstance(
                row.get("chapter"), str) or not isinstance(
                row.get("citation"), str):
            problems.append(f"{shown}:{line}: each item needs `chapter:` "
                            "and `citation:` as written by `cite review`")
            continue
        work = row.get("work")
        if work in (None, "", "?"):
            continue
        if not isinstance(work, str):
            problems.append(f"{shown}:{line}: `work:` must be a works-file "
                            "id or `none`")
            continue
        occurrence = row.get("occurrence", 0)
        if not isinstance(occurrence, int) or occurrence < 0:
            problems.append(f"{shown}:{line}: `occurrence:` must be a whole "
                            "number (0 for every occurrence)")
            continue
        work = work.strip()
        answers[answer_key(row["chapter"], row["citation"], occurrence)] = (
            NOT_A_CITATION if work.lower() == NOT_A_CITATION else work)
    if problems:
        raise ManifestError(f"{shown}: invalid citation review file",
                            problems=problems)
    return answers


def review_yaml(citations: Sequence[Mapping], works: Sequence[Mapping],
                answers: Mapping, name: str = "cite-review.yaml") -> str:
    """The review file for a book's citations (``citations_json`` rows):
    every doubtful or unresolved citation, and every one already answered
    (with its answer kept)."""
    by_id = {w["id"]: w for w in works}
    seen: dict[tuple, int] = {}
    rows = []
    for c in citations:
        base = (c["chapter"], " ".join(c["raw"].split()))
        seen[base] = seen.get(base, 0) + 1
        key = answer_key(c["chapter"], c["raw"], seen[base])
        answer = answers.get(key, answers.get(answer_key(
            c["chapter"], c["raw"], 0)))
        doubtful = bool(c.get("doubt"))
        unresolved = not c.get("work") and c.get("method") != "editor"
        if not (doubtful or unresolved or answer):
            continue
        row: dict = {"chapter": c["chapter"], "citation": base[1],
                     "occurrence": seen[base]}
        if c.get("note"):
            row["note"] = c["note"]
        row["status"] = ("answered" if answer else
                         "doubtful" if doubtful else "unresolved")
        if c.get("doubt") or c.get("problem"):
            row["reason"] = c.get("doubt") or c.get("problem")
        if c.get("context"):
            row["context"] = "… " + c["context"][-200:]
        if doubtful and c.get("work"):
            row["taken"] = c["work"]
        cands = [Candidate(i, 0, "").describe(by_id[i])
                 for i in c.get("candidates", ()) if i in by_id]
        if cands:
            row["candidates"] = cands
        row["work"] = answer
        rows.append(row)
    body = yaml.safe_dump({"citations": rows}, allow_unicode=True,
                          sort_keys=False, width=78)
    return _HEADER.format(name=name) + body
