import io
import json
import sys

import pytest
from django.core.management import CommandError, call_command

from cityhive.sdg.tagging import sdg_suggest


def classify(lines: str) -> list[dict]:
    out = io.StringIO()
    stdin = io.StringIO(lines)
    old, sys.stdin = sys.stdin, stdin
    try:
        call_command("sdg", "classify", stdout=out)
    finally:
        sys.stdin = old
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_classify_writes_one_exchange_line_per_text():
    rows = classify(
        '{"id": "w", "text": "Safe drinking water and sanitation for every household"}\n'
        '{"id": 7, "text": ""}\n'
    )
    assert [row["id"] for row in rows] == ["w", 7]
    assert rows[0]["sdgs"][0]["goal"] == 6
    assert rows[1] == {"id": 7, "sdgs": [], "targets": []}


def test_a_bad_line_is_named():
    with pytest.raises(CommandError, match="line 2"):
        classify('{"id": 1, "text": "x"}\nnot json\n')


def test_huge_and_foreign_texts_do_not_fail():
    assert sdg_suggest(text="eau potable " * 50_000).as_exchange("x")["id"] == "x"
    assert isinstance(sdg_suggest(text="القضاء على الفقر بجميع أشكاله في كل مكان").goals, list)
