"""`cityhive import` and `cityhive export` on the command line."""

import io
import json
import os
import sys

import pytest
from django.core.management import CommandError, call_command

from cityhive.exchange.progress import Progress
from cityhive.exchange.tests import helpers as h
from cityhive.solutions.models import Solution

pytestmark = pytest.mark.django_db


def test_import_prints_every_error_with_its_line_and_fails(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(
        h.jsonl(
            h.organization("acme"), h.solution("s1", maturity=0), h.solution("s2", provider="x")
        )
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"Nothing was imported: the file has 2 errors\."):
        call_command("import", str(path), "--quiet", stderr=err)
    assert err.getvalue().splitlines() == [
        "line 2: solution.maturity: must be a whole number between 1 and 9",
        "line 3: solution.provider: unknown organization 'x': it is neither in this file nor "
        "on the platform",
    ]
    assert not Solution.objects.exists()


def test_import_prints_a_summary(tmp_path):
    path = tmp_path / "good.jsonl"
    path.write_bytes(h.jsonl(h.organization("acme"), h.solution("s1")))
    out = io.StringIO()
    call_command("import", str(path), "--quiet", stdout=out)
    assert out.getvalue().splitlines() == [
        "Imported 2 lines.",
        "  organization: 1 created, 0 updated, 0 unchanged",
        "  solution: 1 created, 0 updated, 0 unchanged",
    ]


def test_import_reads_standard_input_when_the_file_is_a_dash(monkeypatch):
    read, write = os.pipe()
    os.write(write, h.jsonl(h.organization("acme"), h.solution("s1")))
    os.close(write)
    with os.fdopen(read, "rb") as pipe:  # a pipe cannot be read twice: it is spooled to disk
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(pipe))
        call_command("import", "-", "--quiet", stdout=io.StringIO())
    assert Solution.objects.get().external_id == "s1"


def test_import_of_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match=r"Cannot read .*missing\.jsonl: No such file"):
        call_command("import", str(tmp_path / "missing.jsonl"), "--quiet")


def test_export_writes_the_chosen_types_as_json_lines():
    h.run_import(h.jsonl(h.organization("acme"), h.solution("s1")))
    out = io.StringIO()
    call_command("export", "--types", "solution", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(line["type"], line["id"], line["provider"]) for line in lines] == [
        ("solution", "s1", "acme")
    ]


def test_export_refuses_an_unknown_type():
    with pytest.raises(CommandError, match="unknown type 'invoices'"):
        call_command("export", "--types", "invoices", stdout=io.StringIO())


def test_progress_prints_a_line_every_tenth_when_not_in_a_terminal():
    stream = io.StringIO()
    progress = Progress(stream)
    for done in range(0, 101, 5):
        progress("checking", done * 1000, 100_000, done * 10)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 11
    assert lines[-1].startswith("checking: 1,000 lines, 0.1 of 0.1 MB (100%)")
