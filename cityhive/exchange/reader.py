"""Reading JSON Lines as a stream: one line at a time, with its number, never the whole file."""

import hashlib
import json
import math
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from typing import BinaryIO

LINE_LIMIT = 1 << 20  # 1 MiB: far beyond any valid line, and a bound on memory per line.
COPY_CHUNK = 1 << 16
LONE_SURROGATE = re.compile(rb"\\u[dD][89abAB]|\\u[dD][c-fC-F]")

Progress = Callable[[str, int, int, int], None]  # stage, bytes read, bytes in all, lines read


class Unreadable(ValueError):
    """A line that is not one JSON object."""


def seekable_source(stream: BinaryIO) -> BinaryIO:
    """The stream itself if it can be read twice, else a temporary copy on disk (e.g. stdin)."""
    if stream.seekable():
        return stream
    copy = tempfile.TemporaryFile()  # noqa: SIM115 - the caller closes it with the import
    shutil.copyfileobj(stream, copy, COPY_CHUNK)
    copy.seek(0)
    return copy


def source_size(stream: BinaryIO) -> int:
    """The number of bytes in a seekable stream (it is left at its start)."""
    size = stream.seek(0, 2)
    stream.seek(0)
    return size


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise Unreadable(f"the number {text} is too large")
    return value


def _constant(name: str):
    raise Unreadable(f"{name} is not a JSON number")


def json_parse(raw: bytes):
    """A JSON value from UTF-8 bytes, refusing NUL, NaN, infinities and unpaired surrogates."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Unreadable(f"is not valid UTF-8 (byte {error.start + 1})") from error
    if "\\u0000" in text or "\x00" in text:
        raise Unreadable("contains a NUL character, which is not allowed")
    try:
        value = json.loads(text, parse_float=_finite, parse_constant=_constant)
    except json.JSONDecodeError as error:
        raise Unreadable(f"is not valid JSON ({error.msg} at column {error.colno})") from error
    if LONE_SURROGATE.search(raw) and _has_lone_surrogate(value):
        raise Unreadable("contains an unpaired UTF-16 surrogate (\\ud800-\\udfff)")
    return value


def json_document_parse(raw: bytes) -> dict:
    """One JSON object (a request body), or Unreadable saying why not."""
    value = json_parse(raw)
    if not isinstance(value, dict):
        raise Unreadable("must be a JSON object")
    return value


def line_parse(raw: bytes) -> dict:
    """The JSON object on one line, or Unreadable saying why not."""
    value = json_parse(raw)
    if not isinstance(value, dict):
        raise Unreadable('must be a JSON object with a "type"')
    return value


def _has_lone_surrogate(value) -> bool:
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class LineReader:
    """Iterates (line number, bytes) over the non-blank lines; bytes is None for a line too long.

    It also keeps a digest of everything read, so a second pass can tell the file did not change.
    """

    def __init__(self, stream: BinaryIO, *, stage: str = "", progress: Progress | None = None):
        self.stream = stream
        self.stage = stage
        self.progress = progress
        self.total = source_size(stream)
        self.done = 0
        self.digest = hashlib.blake2b(digest_size=16)

    def __iter__(self) -> Iterator[tuple[int, bytes | None]]:
        number = 0
        while True:
            raw = self._read_line()
            if raw is None:
                break
            number += 1
            if self.progress and number % 1000 == 0:
                self.progress(self.stage, self.done, self.total, number)
            if raw is False:
                yield number, None
            elif raw.strip():
                yield number, raw.removeprefix(b"\xef\xbb\xbf") if number == 1 else raw
        if self.progress:
            self.progress(self.stage, self.done, self.total, number)

    def _read_line(self) -> bytes | bool | None:
        raw = self.stream.readline(LINE_LIMIT + 1)
        self._account(raw)
        if not raw:
            return None
        if len(raw) <= LINE_LIMIT or raw.endswith(b"\n"):
            return raw
        while raw and not raw.endswith(b"\n"):  # skip the rest of an over-long line
            raw = self.stream.readline(COPY_CHUNK)
            self._account(raw)
        return False

    def _account(self, raw: bytes) -> None:
        self.done += len(raw)
        self.digest.update(raw)
