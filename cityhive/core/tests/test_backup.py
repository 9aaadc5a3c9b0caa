"""`cityhive backup` and `cityhive restore`: round trips into an empty data folder, and refusals.

Each test builds its own data folders (and, on PostgreSQL, its own databases) through the `cityhive`
command in a subprocess, so the test database is never touched. Only the tests of the database
under test are collected (a skip would fail CI, where nothing may be skipped).
"""

import io
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.apps import apps
from django.conf import settings
from django.db.migrations.loader import MigrationLoader

from cityhive.core.backup import (
    BackupError,
    BackupErrorCode,
    backup_restore,
    database_vendor,
)

VENDOR = database_vendor(database=settings.DATABASES["default"])
LOGO = bytes(range(256)) * 40
DOCUMENT = b"%PDF-1.7\n" + bytes(range(255, -1, -1))
SEEDED_UPLOADS = {"logos/logo.png": LOGO, "solutions/plan d'été.pdf": DOCUMENT}
SEED = f"""
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from cityhive.accounts.models import User
from cityhive.directory.models import Organisation
from cityhive.taxonomy.services import reference_data_load
reference_data_load()
User.objects.create_user("backup@example.org", "a long enough password")
Organisation.objects.create(
    kind="company", name="Backup GmbH", slug="backup-gmbh", country="DE", languages=["en"],
    logo=ContentFile({LOGO!r}, name="logo.png"),
)
default_storage.save("solutions/plan d'été.pdf", ContentFile({DOCUMENT!r}))
"""


def cityhive(*args: str, data_dir: Path, database_url: str | None = None) -> str:
    """Run `cityhive ARGS` on a data folder (SQLite unless `database_url`); returns its output."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        CITYHIVE_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        MATCHING_SEMANTIC="false",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    argv = [sys.executable, "-m", "cityhive.cli", *args]
    completed = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=180)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def model_tables() -> list[str]:
    """The table of every model that has one (many-to-many tables included; a library's model
    without migrations, like django-tomselect's placeholder, has none)."""
    migrated = MigrationLoader(None, ignore_no_migrations=True).migrated_apps
    models = apps.get_models(include_auto_created=True)
    return sorted({m._meta.db_table for m in models if m._meta.app_label in migrated})


def uploads_of(data_dir: Path) -> dict[str, bytes]:
    """Every uploaded file's bytes by its path under the uploads folder."""
    root = data_dir / "uploads"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def sqlite_row_counts(path: Path) -> dict[str, int]:
    """Rows of every model's table in a SQLite file."""
    with closing(sqlite3.connect(path)) as db:
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in model_tables()}  # noqa: S608


def sqlite_database(data_dir: Path) -> dict:
    """A DATABASES entry for the SQLite file of a data folder."""
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(data_dir / "cityhive.sqlite3")}


def restore_into(target: Path, archive: Path, *, database: dict | None = None, force=False):
    """Restore in this process into a data folder (its SQLite file unless `database`)."""
    return backup_restore(
        archive=archive,
        database=database or sqlite_database(target),
        media_root=target / "uploads",
        data_dir=target,
        force=force,
    )


def rewritten(archive: Path, target: Path, change) -> Path:
    """A copy of an archive whose members' bytes went through `change(name, data)`."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return target


@pytest.fixture(scope="module")
def sqlite_source(tmp_path_factory) -> tuple[Path, Path]:
    """A migrated, seeded data folder and its backup archive."""
    data_dir = tmp_path_factory.mktemp("source")
    cityhive("migrate", "-v0", data_dir=data_dir)
    cityhive("shell", "-c", SEED, data_dir=data_dir)
    out = tmp_path_factory.mktemp("archives")
    printed = cityhive("backup", "--output", str(out), data_dir=data_dir)
    (archive,) = out.glob("cityhive-backup-*.tar.gz")
    assert printed.startswith(f"Backup written to {archive} (")
    assert "SQLite database" in printed
    assert ", 2 uploaded files 10.3 KiB, in " in printed
    return data_dir, archive


class TestSQLite:
    def test_round_trip_into_an_empty_data_folder(self, sqlite_source, tmp_path):
        # given a backup of a seeded data folder, and an empty data folder
        data_dir, archive = sqlite_source
        # when it is restored there
        printed = cityhive("restore", str(archive), data_dir=tmp_path)
        # then every model's table has the same rows, and every upload the same bytes
        assert printed.startswith(f"Restored {archive} (")
        restored = sqlite_row_counts(tmp_path / "cityhive.sqlite3")
        assert restored == sqlite_row_counts(data_dir / "cityhive.sqlite3")
        assert (restored["accounts_user"], restored["directory_organisation"]) == (1, 1)
        assert restored["taxonomy_sdgindicator"] == 251
        assert uploads_of(tmp_path) == uploads_of(data_dir)
        assert uploads_of(tmp_path) == {
            "logos/logo.png": LOGO,
            "solutions/plan d'été.pdf": DOCUMENT,
        }

    def test_damaged_archive_is_refused_and_nothing_is_written(self, sqlite_source, tmp_path):
        # given an archive whose logo lost one byte's worth of truth, and an empty data folder
        _, archive = sqlite_source
        damaged = rewritten(
            archive,
            tmp_path / "damaged.tar.gz",
            lambda name, data: b"X" + data[1:] if name == "uploads/logos/logo.png" else data,
        )
        target = tmp_path / "target"
        target.mkdir()
        # when it is restored, then it is refused and the data folder stays empty
        with pytest.raises(BackupError) as refused:
            restore_into(target, damaged)
        assert refused.value.code == BackupErrorCode.DAMAGED_ARCHIVE
        assert refused.value.message == (
            "The archive is damaged or not a CityHive backup (checksum mismatch for "
            "uploads/logos/logo.png); nothing was changed."
        )
        assert list(target.iterdir()) == []

    def test_truncated_archive_is_refused(self, sqlite_source, tmp_path):
        _, archive = sqlite_source
        truncated = tmp_path / "truncated.tar.gz"
        truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
        target = tmp_path / "target"
        target.mkdir()
        with pytest.raises(BackupError) as refused:
            restore_into(target, truncated)
        assert refused.value.code == BackupErrorCode.DAMAGED_ARCHIVE
        assert list(target.iterdir()) == []

    def test_data_folder_with_data_is_refused_unless_forced(self, sqlite_source, tmp_path):
        # given a data folder that holds a database with a table
        _, archive = sqlite_source
        database = tmp_path / "cityhive.sqlite3"
        with closing(sqlite3.connect(database)) as db:
            db.execute("CREATE TABLE mine (id INTEGER)")
        before = database.read_bytes()
        # when the archive is restored without --force, then it is refused and nothing changed
        with pytest.raises(BackupError) as refused:
            restore_into(tmp_path, archive)
        assert refused.value.code == BackupErrorCode.TARGET_NOT_EMPTY
        assert database.read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["cityhive.sqlite3"]
        # and with --force the archive replaces it, the stale index is dropped
        (tmp_path / "indexes" / "solutions").mkdir(parents=True)
        figures = restore_into(tmp_path, archive, force=True)
        assert (figures.upload_count, figures.vendor) == (2, "sqlite")
        assert sqlite_row_counts(database)["accounts_user"] == 1
        assert sorted(p.name for p in tmp_path.iterdir()) == ["cityhive.sqlite3", "uploads"]

    def test_uploads_alone_make_a_data_folder_non_empty(self, sqlite_source, tmp_path):
        _, archive = sqlite_source
        (tmp_path / "uploads" / "logos").mkdir(parents=True)
        (tmp_path / "uploads" / "logos" / "mine.png").write_bytes(b"mine")
        with pytest.raises(BackupError) as refused:
            restore_into(tmp_path, archive)
        assert refused.value.code == BackupErrorCode.TARGET_NOT_EMPTY
        assert uploads_of(tmp_path) == {"logos/mine.png": b"mine"}

    def test_archive_of_another_vendor_is_refused(self, sqlite_source, tmp_path):
        _, archive = sqlite_source
        postgresql = {"ENGINE": "django.db.backends.postgresql", "NAME": "never-reached"}
        with pytest.raises(BackupError) as refused:
            restore_into(tmp_path, archive, database=postgresql, force=True)
        assert refused.value.code == BackupErrorCode.VENDOR_MISMATCH
        assert refused.value.message.startswith(
            "This archive holds a SQLite database but the target database is PostgreSQL; "
            "nothing was changed."
        )
        assert list(tmp_path.iterdir()) == []


def postgresql_url(name: str) -> str:
    """The test server's DATABASE_URL with another database name."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))


def postgresql_row_counts(url: str) -> dict[str, int]:
    """Rows of every model's table in a PostgreSQL database."""
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as db:
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in model_tables()}  # noqa: S608


@pytest.mark.postgres
class TestPostgreSQL:
    @pytest.fixture
    def databases(self):
        """Two new databases on the test server, dropped afterwards."""
        names = [f"cityhive_backup_{uuid.uuid4().hex[:12]}_{role}" for role in ("from", "to")]
        admin_url = postgresql_url("postgres").replace("postgres://", "postgresql://", 1)
        with psycopg.connect(admin_url, autocommit=True) as admin:
            for name in names:
                admin.execute(f'CREATE DATABASE "{name}"')
            yield [postgresql_url(name) for name in names]
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def test_round_trip_into_an_empty_database_and_data_folder(self, databases, tmp_path):
        # given a migrated, seeded database with uploads, backed up with pg_dump
        source_url, target_url = databases
        source, target, out = tmp_path / "source", tmp_path / "target", tmp_path / "out"
        out.mkdir()
        cityhive("migrate", "-v0", data_dir=source, database_url=source_url)
        cityhive("shell", "-c", SEED, data_dir=source, database_url=source_url)
        printed = cityhive("backup", "--output", str(out), data_dir=source, database_url=source_url)
        (archive,) = out.glob("cityhive-backup-*.tar.gz")
        assert printed.startswith(f"Backup written to {archive} (")
        assert "PostgreSQL database" in printed
        # when it is restored into an empty database and data folder
        cityhive("restore", str(archive), data_dir=target, database_url=target_url)
        # then every model's table has the same rows, and every upload the same bytes
        restored = postgresql_row_counts(target_url)
        assert restored == postgresql_row_counts(source_url)
        assert (restored["accounts_user"], restored["taxonomy_sdgindicator"]) == (1, 251)
        assert uploads_of(target) == SEEDED_UPLOADS
        # and a second restore into what now holds data is refused, changing nothing
        shutil.rmtree(target / "uploads")
        database = {**settings.DATABASES["default"], "NAME": urlsplit(target_url).path[1:]}
        with pytest.raises(BackupError) as refused:
            restore_into(target, archive, database=database)
        assert refused.value.code == BackupErrorCode.TARGET_NOT_EMPTY
        assert not (target / "uploads").exists()


# Collect only the tests of the database under test: in CI a skipped test fails the run.
if VENDOR == "postgresql":
    del TestSQLite
else:
    del TestPostgreSQL
