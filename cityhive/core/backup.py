"""Backups of one CityHive instance: its database and its uploads in one verified archive.

An archive is a gzipped tar holding `database.sqlite3` (SQLite's online backup API, so a running
site is copied consistently) or `database.pgdump` (`pg_dump --format=custom`), the uploads under
`uploads/`, and last `manifest.json` (format version, CityHive version, database vendor, created
time, every file's size and sha256). The embedding index and the cache are rebuildable and left out.
"""

import hashlib
import importlib.metadata
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import IO, Any

import psycopg

from cityhive.core.errors import DomainError

FORMAT = "cityhive-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
UPLOADS = "uploads"
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
REBUILDABLE = ("indexes", "cache")  # folders of the data folder that describe the database
CHUNK = 1024 * 1024


class BackupErrorCode(StrEnum):
    UNSUPPORTED_DATABASE = "backup_unsupported_database"
    OUTPUT_EXISTS = "backup_output_exists"
    TARGET_NOT_EMPTY = "backup_target_not_empty"
    DAMAGED_ARCHIVE = "backup_damaged_archive"
    UNSUPPORTED_FORMAT = "backup_unsupported_format"
    VENDOR_MISMATCH = "backup_vendor_mismatch"
    TOOL_FAILED = "backup_tool_failed"


class BackupError(DomainError):
    """A backup or restore that was refused or failed; nothing was changed."""


@dataclass(frozen=True)
class ArchiveFigures:
    """What an archive holds, as the commands print it."""

    path: Path
    vendor: str
    created: str
    cityhive_version: str
    database_bytes: int
    upload_count: int
    upload_bytes: int
    archive_bytes: int
    seconds: float

    def summary(self) -> str:
        """One line for people: where, what and how long."""
        return (
            f"{self.path} ({_size(self.archive_bytes)}): {VENDOR_LABELS[self.vendor]} database "
            f"{_size(self.database_bytes)}, {self.upload_count} uploaded "
            f"file{'' if self.upload_count == 1 else 's'} "
            f"{_size(self.upload_bytes)}, in {self.seconds:.1f} s"
        )


def database_vendor(*, database: dict[str, Any]) -> str:
    """`sqlite` or `postgresql` for a Django DATABASES entry; anything else is refused."""
    engine = database["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(
        f"Backups support SQLite and PostgreSQL, not {engine}.",
        code=BackupErrorCode.UNSUPPORTED_DATABASE,
    )


def backup_create(*, output: Path, database: dict[str, Any], media_root: Path) -> ArchiveFigures:
    """Write the database and the uploads to a new archive at `output` (a file or a folder)."""
    started = time.monotonic()
    vendor = database_vendor(database=database)
    created = datetime.now(UTC)
    output = _archive_path(output=output, created=created)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".cityhive-backup-") as staging:
        dump = Path(staging) / DUMP_NAMES[vendor]
        _dump_database(vendor=vendor, database=database, target=dump)
        partial = Path(staging) / "archive.partial"
        manifest = _write_archive(target=partial, dump=dump, media_root=media_root, created=created)
        os.replace(partial, output)  # same folder, so the archive appears whole or not at all
    return _figures(path=output, manifest=manifest, seconds=time.monotonic() - started)


def backup_restore(
    *,
    archive: Path,
    database: dict[str, Any],
    media_root: Path,
    data_dir: Path,
    force: bool = False,
) -> ArchiveFigures:
    """Replace an empty (or, with `force`, any) database and uploads with an archive's contents."""
    started = time.monotonic()
    vendor = database_vendor(database=database)
    if not force and data_folder_has_data(database=database, media_root=media_root):
        raise BackupError(
            "The target already holds data (a database with tables or uploaded files); nothing "
            "was changed. Restore into an empty data folder and database, or pass --force to "
            "replace what is there.",
            code=BackupErrorCode.TARGET_NOT_EMPTY,
        )
    if not archive.is_file():
        raise BackupError(f"There is no archive at {archive}.")
    media_root.parent.mkdir(parents=True, exist_ok=True)
    # Staged beside the uploads, so that putting them in place is a rename.
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".cityhive-restore-") as tmp:
        staging = Path(tmp)
        manifest = _extract_verified(archive=archive, staging=staging)
        _require_vendor(archive_vendor=manifest["database_vendor"], target_vendor=vendor)
        dump = staging / DUMP_NAMES[vendor]
        if vendor == "sqlite":
            _sqlite_check(path=dump)
            database_file = Path(database["NAME"])
            _swap_in(database_file=database_file, dump=dump, staging=staging, media=media_root)
        else:
            _postgresql_restore(database=database, dump=dump, clean=force)
            _replace_folder(new=staging / UPLOADS, current=media_root, staging=staging)
    _drop_rebuildable(data_dir=data_dir)
    return _figures(path=archive, manifest=manifest, seconds=time.monotonic() - started)


def data_folder_has_data(*, database: dict[str, Any], media_root: Path) -> bool:
    """Whether the database has any table or the uploads folder any file."""
    has_upload = media_root.is_dir() and any(p.is_file() for p in media_root.rglob("*"))
    return has_upload or _database_has_tables(database=database)


# Writing an archive


def _archive_path(*, output: Path, created: datetime) -> Path:
    if output.is_dir():
        output = output / f"cityhive-backup-{created:%Y%m%dT%H%M%SZ}.tar.gz"
    if output.exists():
        raise BackupError(
            f"{output} already exists; choose another --output.",
            code=BackupErrorCode.OUTPUT_EXISTS,
        )
    output.parent.mkdir(parents=True, exist_ok=True)
    return output.resolve()


def _dump_database(*, vendor: str, database: dict[str, Any], target: Path) -> None:
    if vendor == "sqlite":
        _sqlite_backup(source=Path(database["NAME"]), target=target)
    else:
        _run_tool(["pg_dump", "--format=custom", f"--file={target}"], database=database)


def _sqlite_backup(*, source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupError(f"There is no SQLite database at {source}.")
    # One step (pages=-1) copies a single snapshot: in WAL mode writers go on meanwhile.
    with closing(_sqlite(source)) as origin, closing(_sqlite(target)) as copy:
        origin.backup(copy, pages=-1)


def _write_archive(
    *, target: Path, dump: Path, media_root: Path, created: datetime
) -> dict[str, Any]:
    """Add the dump, then the uploads (hashed as they are read), then the manifest."""
    files = []
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        files.append(_add_file(tar=tar, source=dump, name=dump.name))
        for path in _upload_files(media_root=media_root):
            name = f"{UPLOADS}/{path.relative_to(media_root).as_posix()}"
            try:
                files.append(_add_file(tar=tar, source=path, name=name))
            except FileNotFoundError:  # deleted since the listing: the database may not know it
                continue
        vendor = next(v for v, n in DUMP_NAMES.items() if n == dump.name)
        manifest = _manifest(vendor=vendor, created=created, files=files)
        _add_bytes(tar=tar, name=MANIFEST, data=json.dumps(manifest, indent=2).encode())
    return manifest


def _upload_files(*, media_root: Path) -> Iterator[Path]:
    if not media_root.is_dir():
        return iter(())
    return (p for p in sorted(media_root.rglob("*")) if p.is_file() and not p.is_symlink())


def _add_file(*, tar: tarfile.TarFile, source: Path, name: str) -> dict[str, Any]:
    with open(source, "rb") as handle:
        info = tar.gettarinfo(arcname=name, fileobj=handle)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        reader = _HashingReader(handle)
        tar.addfile(info, reader)  # a file that changes size meanwhile fails the backup
    return {"path": name, "size": info.size, "sha256": reader.digest.hexdigest()}


def _add_bytes(*, tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
    tar.addfile(info, io.BytesIO(data))


class _HashingReader:
    """A file wrapper that hashes what tarfile reads through it."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _manifest(*, vendor: str, created: datetime, files: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "cityhive_version": _cityhive_version(),
        "database_vendor": vendor,
        "created": created.isoformat(timespec="seconds"),
        "files": files,
    }


def _cityhive_version() -> str:
    try:
        return importlib.metadata.version("cityhive")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


# Reading an archive


def _damaged(reason: str) -> BackupError:
    return BackupError(
        f"The archive is damaged or not a CityHive backup ({reason}); nothing was changed.",
        code=BackupErrorCode.DAMAGED_ARCHIVE,
    )


def _extract_verified(*, archive: Path, staging: Path) -> dict[str, Any]:
    """Extract every member into `staging`, hashing it, then check all against the manifest."""
    seen: dict[str, dict[str, Any]] = {}
    manifest_bytes = None
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                if member.isdir():
                    continue
                name = _safe_name(member)
                source = tar.extractfile(member)
                if name == MANIFEST:
                    manifest_bytes = source.read()
                else:
                    seen[name] = _extract_member(source=source, target=staging / name)
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise _damaged(f"it cannot be read: {error}") from error
    manifest = _parse_manifest(manifest_bytes)
    _compare(listed=manifest["files"], seen=seen)
    return manifest


def _safe_name(member: tarfile.TarInfo) -> str:
    path = PurePosixPath(member.name)
    allowed = member.name == MANIFEST or member.name in DUMP_NAMES.values()
    allowed = allowed or (path.parts[:1] == (UPLOADS,) and len(path.parts) > 1)
    if not member.isfile() or path.is_absolute() or ".." in path.parts or not allowed:
        raise _damaged(f"unexpected member {member.name!r}")
    return member.name


def _extract_member(*, source: IO[bytes], target: Path) -> dict[str, Any]:
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with open(target, "xb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return {"size": size, "sha256": digest.hexdigest()}


def _parse_manifest(data: bytes | None) -> dict[str, Any]:
    if data is None:
        raise _damaged("it has no manifest")
    try:
        manifest = json.loads(data)
    except ValueError as error:
        raise _damaged("its manifest is not JSON") from error
    if manifest.get("format") != FORMAT or manifest.get("database_vendor") not in DUMP_NAMES:
        raise _damaged("its manifest is not a CityHive backup manifest")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"This archive has format version {manifest.get('format_version')}; this CityHive "
            f"({_cityhive_version()}) reads version {FORMAT_VERSION}.",
            code=BackupErrorCode.UNSUPPORTED_FORMAT,
        )
    return manifest


def _compare(*, listed: list[dict[str, Any]], seen: dict[str, dict[str, Any]]) -> None:
    expected = {entry["path"]: entry for entry in listed}
    for name in sorted(expected.keys() | seen.keys()):
        if name not in seen:
            raise _damaged(f"{name} is listed but missing")
        if name not in expected:
            raise _damaged(f"{name} is not listed in the manifest")
        if (seen[name]["size"], seen[name]["sha256"]) != (
            expected[name]["size"],
            expected[name]["sha256"],
        ):
            raise _damaged(f"checksum mismatch for {name}")
    if not any(name in DUMP_NAMES.values() for name in seen):
        raise _damaged("it holds no database")


def _require_vendor(*, archive_vendor: str, target_vendor: str) -> None:
    if archive_vendor != target_vendor:
        raise BackupError(
            f"This archive holds a {VENDOR_LABELS[archive_vendor]} database but the target "
            f"database is {VENDOR_LABELS[target_vendor]}; nothing was changed. Restore it with "
            f"a {VENDOR_LABELS[archive_vendor]} DATABASE_URL, or move data between databases "
            f"with `cityhive export` and `cityhive import`.",
            code=BackupErrorCode.VENDOR_MISMATCH,
        )


def _figures(*, path: Path, manifest: dict[str, Any], seconds: float) -> ArchiveFigures:
    files = manifest["files"]
    uploads = [f for f in files if f["path"].startswith(f"{UPLOADS}/")]
    return ArchiveFigures(
        path=path,
        vendor=manifest["database_vendor"],
        created=manifest["created"],
        cityhive_version=manifest["cityhive_version"],
        database_bytes=sum(f["size"] for f in files) - sum(f["size"] for f in uploads),
        upload_count=len(uploads),
        upload_bytes=sum(f["size"] for f in uploads),
        archive_bytes=path.stat().st_size,
        seconds=seconds,
    )


# Putting a verified archive in place


def _sqlite_check(*, path: Path) -> None:
    with closing(_sqlite(path)) as check:
        result = check.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise _damaged(f"its SQLite database fails the integrity check: {result}")


def _swap_in(*, database_file: Path, dump: Path, staging: Path, media: Path) -> None:
    """Rename the restored database and uploads into place; on failure put the old ones back."""
    database_file.parent.mkdir(parents=True, exist_ok=True)
    new_db = database_file.parent / f".{database_file.name}.restoring"
    shutil.move(dump, new_db)  # a copy if the database lives on another file system
    old = staging / "previous"
    old.mkdir()
    # The old WAL belongs to the old file: left beside the new one it would be replayed into it.
    companions = [Path(f"{database_file}{suffix}") for suffix in ("", "-wal", "-shm")]
    moved: list[tuple[Path, Path]] = []
    placed = False
    try:
        for current in (c for c in companions if c.exists()):
            os.replace(current, old / current.name)
            moved.append((current, old / current.name))
        os.replace(new_db, database_file)
        placed = True
        _replace_folder(new=staging / UPLOADS, current=media, staging=staging)
    except BaseException:
        if placed:
            database_file.unlink()
        for current, kept in moved:
            os.replace(kept, current)
        raise
    finally:
        new_db.unlink(missing_ok=True)


def _replace_folder(*, new: Path, current: Path, staging: Path) -> None:
    new.mkdir(exist_ok=True)
    kept = staging / "previous-uploads"
    if current.exists():
        os.replace(current, kept)
    try:
        os.replace(new, current)
    except BaseException:
        if kept.exists():
            os.replace(kept, current)
        raise


def _drop_rebuildable(*, data_dir: Path) -> None:
    # They described the replaced database: the index is rebuilt (a missing one is never served).
    for name in REBUILDABLE:
        shutil.rmtree(data_dir / name, ignore_errors=True)


def _postgresql_restore(*, database: dict[str, Any], dump: Path, clean: bool) -> None:
    # One transaction: a failed restore leaves the database as it was.
    argv = ["pg_restore", "--single-transaction", "--exit-on-error", "--no-owner", "--no-acl"]
    argv += ["--clean", "--if-exists"] if clean else []
    _run_tool([*argv, str(dump)], database=database)


# Databases


def _sqlite(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=30)


def _database_has_tables(*, database: dict[str, Any]) -> bool:
    if database_vendor(database=database) == "sqlite":
        path = Path(database["NAME"])
        if not path.is_file() or path.stat().st_size == 0:
            return False
        with closing(_sqlite(path)) as connection:
            query = "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            return connection.execute(query).fetchone()[0] > 0
    query = "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
    with psycopg.connect(dbname=database["NAME"], **_pg_settings(database=database)) as pg:
        return pg.execute(query).fetchone()[0] > 0


def _run_tool(argv: list[str], *, database: dict[str, Any]) -> None:
    libpq = {f"PG{key.upper()}": value for key, value in _pg_settings(database=database).items()}
    env = {**os.environ, **libpq}
    command = [*argv, "--dbname", database["NAME"]]
    try:
        completed = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(
            f"{argv[0]} was not found: install the PostgreSQL client tools.",
            code=BackupErrorCode.TOOL_FAILED,
        ) from error
    if completed.returncode != 0:
        raise BackupError(
            f"{argv[0]} failed; nothing was changed: {completed.stderr.strip()}",
            code=BackupErrorCode.TOOL_FAILED,
        )


def _pg_settings(*, database: dict[str, Any]) -> dict[str, str]:
    """Connection settings as libpq keywords (host, port, user, password, sslmode)."""
    values = {
        "host": database.get("HOST"),
        "port": database.get("PORT"),
        "user": database.get("USER"),
        "password": database.get("PASSWORD"),
        "sslmode": (database.get("OPTIONS") or {}).get("sslmode"),
    }
    return {key: str(value) for key, value in values.items() if value}


def _size(count: int) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if count < 1024 or unit == "GiB":
            return f"{count} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1024
    return f"{count} bytes"
