import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _run(args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_a_real_secret(tmp_path):
    result = _run(
        ["check"], DJANGO_SETTINGS_MODULE="config.settings.prod", CITYHIVE_DATA_DIR=str(tmp_path)
    )
    assert result.returncode != 0
    assert "Production needs SECRET_KEY" in result.stderr


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = _run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        CITYHIVE_DATA_DIR=str(tmp_path),
        SECRET_KEY="k" * 20 + "q8Zr!v2#Lm9pXw4@Tn6yBc1$Hd7sFj3&Ke5",
        ALLOWED_HOSTS="cityhive.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_data_folder_comes_from_the_environment(tmp_path):
    result = _run(
        ["check"],
        CITYHIVE_DATA_DIR=str(tmp_path / "here"),
        DJANGO_SETTINGS_MODULE="config.settings.dev",
    )
    assert result.returncode == 0, result.stderr
    assert f"CityHive data folder: {tmp_path / 'here'}" in result.stderr
    assert (tmp_path / "here" / "secret_key").exists()
