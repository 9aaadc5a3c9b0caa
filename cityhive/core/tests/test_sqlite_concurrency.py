"""On SQLite, writers wait for the write lock and then succeed, even when another writer (a long
import) holds it for longer than five seconds.

The test database is in memory, where SQLite's locking is not the real one: the scenario runs in a
subprocess on a file database in a fresh data folder, with the settings the site runs with.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
WRITERS = 4
HOLD_SECONDS = 7

SCENARIO = textwrap.dedent(
    f"""
    import json, sqlite3, threading, time

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)
    from cityhive.accounts.models import User
    from cityhive.directory.services import organisation_create
    from cityhive.solutions.services import solution_create
    from cityhive.taxonomy.services import reference_data_load

    reference_data_load()
    user = User.objects.create_user(email="writer@example.org", password="x")
    provider = organisation_create(actor=user, kind="company", name="Acme", country="DE")
    connections.close_all()

    outcomes = []

    def write(index):
        try:
            fields = {{"title": f"Solution {{index}}", "summary": "Written while locked."}}
            solution_create(actor=user, provider=provider, fields=fields)
            outcomes.append("ok")
        except Exception as error:
            outcomes.append(f"{{type(error).__name__}}: {{error}}")
        finally:
            connections.close_all()

    # Another writer (a long import) holds the write lock for longer than five seconds.
    holder = sqlite3.connect(settings.DATABASES["default"]["NAME"], isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    threads = [threading.Thread(target=write, args=(i,)) for i in range({WRITERS})]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep({HOLD_SECONDS})
    holder.execute("COMMIT")
    for thread in threads:
        thread.join()
    from cityhive.solutions.models import Solution

    print(json.dumps({{
        "outcomes": sorted(outcomes),
        "solutions": Solution.objects.count(),
        "waited": time.monotonic() - started,
    }}))
    """
)


@pytest.mark.timeout(240)
def test_writers_wait_for_a_lock_held_longer_than_five_seconds_and_all_succeed(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "CITYHIVE_DATA_DIR")
    }
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.test", "CITYHIVE_DATA_DIR": str(tmp_path)}
    completed = subprocess.run(
        [sys.executable, "-c", SCENARIO],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=220,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    assert result["outcomes"] == ["ok"] * WRITERS
    assert result["solutions"] == WRITERS
    assert result["waited"] >= HOLD_SECONDS
