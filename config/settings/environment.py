"""Reading settings from the environment, with the data folder every command shares."""

import os
import secrets
from pathlib import Path

import platformdirs


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated environment variable."""
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def data_dir() -> Path:
    """The folder for the SQLite file, uploads and indexes (CITYHIVE_DATA_DIR)."""
    configured = os.environ.get("CITYHIVE_DATA_DIR")
    path = Path(configured) if configured else Path(platformdirs.user_data_dir("cityhive"))
    path = path.expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def persisted_secret_key(folder: Path) -> str:
    """A secret key kept in the data folder, so a demo site keeps its sessions across restarts."""
    key_file = folder / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()
