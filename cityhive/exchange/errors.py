"""Stable error codes of the exchange import and export, and the import's error list."""

from dataclasses import dataclass
from enum import StrEnum

from cityhive.core.errors import DomainError


class ExchangeErrorCode(StrEnum):
    IMPORT_INVALID = "import_invalid"
    UNKNOWN_TYPE = "unknown_type"


@dataclass(frozen=True, order=True)
class LineError:
    """One problem of an imported file: its line, `<type>.<field path>` and message."""

    line: int
    path: str
    message: str

    def __str__(self) -> str:
        return (
            f"line {self.line}: {self.path}: {self.message}"
            if self.path
            else (f"line {self.line}: {self.message}")
        )

    def as_dict(self) -> dict:
        return {"line": self.line, "path": self.path, "message": self.message}


class ImportInvalid(DomainError):
    """A file was refused: nothing was written; `errors` lists every problem by line."""

    status = 400
    title = "Invalid import file"

    def __init__(self, errors: list[LineError]) -> None:
        count = len(errors)
        super().__init__(
            f"Nothing was imported: the file has {count} error{'s' if count != 1 else ''}.",
            code=ExchangeErrorCode.IMPORT_INVALID,
        )
        self.errors = sorted(errors)
