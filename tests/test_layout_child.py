"""Each segment is laid out in a child the worker forks for it, so that
what WeasyPrint's C libraries keep after a layout is not carried to the
next (``segment_job._in_child``).  The outcome, value or error, comes back
to the worker; a child that dies is an error naming the segment."""

from __future__ import annotations

import os
import signal
from types import SimpleNamespace

import pytest

from pamphleteer.errors import RenderError
from pamphleteer.render import segment_job

LEFT_BEHIND: list[bytes] = []


class _Queue:
    def put(self, item: object) -> None:  # the child's early report
        pass


@pytest.fixture
def worker(monkeypatch):
    monkeypatch.setattr(segment_job, "_QUEUE", _Queue())
    return SimpleNamespace(name="the-reply")


def test_the_childs_result_comes_back_and_its_memory_stays_behind(
        worker, monkeypatch):
    def lay_out(job, report):
        LEFT_BEHIND.append(b"x" * (64 << 20))  # what a layout would leak
        return {"name": job.name, "pid": os.getpid()}

    monkeypatch.setattr(segment_job, "lay_out_segment", lay_out)
    got = segment_job._in_child(worker)
    assert got["name"] == "the-reply"
    assert got["pid"] != os.getpid()
    assert LEFT_BEHIND == []  # the child's allocations went with it


def test_an_error_in_the_child_is_raised_in_the_worker(worker, monkeypatch):
    def lay_out(job, report):
        raise RenderError("could not write the PDF (no fonts)")

    monkeypatch.setattr(segment_job, "lay_out_segment", lay_out)
    with pytest.raises(RenderError, match="no fonts"):
        segment_job._in_child(worker)


def test_an_error_that_does_not_pickle_still_arrives(worker, monkeypatch):
    class Odd(Exception):
        def __reduce__(self):
            raise TypeError("cannot pickle")

    def lay_out(job, report):
        raise Odd("strange")

    monkeypatch.setattr(segment_job, "lay_out_segment", lay_out)
    with pytest.raises(RenderError, match="Odd: strange"):
        segment_job._in_child(worker)


def test_a_child_that_dies_is_an_error_naming_the_segment(
        worker, monkeypatch):
    def lay_out(job, report):
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(segment_job, "lay_out_segment", lay_out)
    with pytest.raises(RenderError, match="'the-reply' ended without"):
        segment_job._in_child(worker)
