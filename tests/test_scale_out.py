"""The deployment that outgrows one machine, run for real: two web processes (as two hosts would
run them: `cityhive serve`, each with its own port), one RQ worker (`cityhive rq_worker`), Redis for
tasks and cache, PostgreSQL as the system of record, and one data folder shared by all, where the
versioned vector index lives (README, "Scaling out").

An edit made through one web process must be matchable through the other within 2 s: the solution
is stored in PostgreSQL, its embedding task goes through Redis to the worker, the worker publishes a
new index version in the shared folder, and the other web process picks that version up.
"""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import ExitStack, suppress

import pytest
from django.db import connection

from cityhive.accounts.services import api_token_create
from cityhive.challenges.models import Challenge
from cityhive.matching.tests.test_semantic import open_challenge

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("CITYHIVE_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
MATCHABLE_WITHIN_S = 2.0
START_TIMEOUT_S = 120.0


def _redis_flushed() -> None:
    """An empty Redis database of our own, or a skip (a failure in CI) saying what is missing."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).flushdb()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"Redis is not reachable at {REDIS_URL} ({error}); .ci/run starts it.")


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(data_dir) -> dict:
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER'] or 'postgres'}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": url,
        "CITYHIVE_DATA_DIR": str(data_dir),
        "REDIS_URL": REDIS_URL,
        "TASKS_BACKEND": "django_tasks_rq.RQBackend",
        "MATCHING_SEMANTIC": "true",
    }


def _start(stack: ExitStack, environment: dict, *arguments: str) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "cityhive.cli", *arguments],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )

    def stop():
        with suppress(ProcessLookupError):
            os.killpg(process.pid, 15)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()

    stack.callback(stop)
    return process


def _request(port: int, path: str, *, method="GET", body=None, token=None) -> tuple[int, dict]:
    headers = {"Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=None if body is None else json.dumps(body).encode(),
        headers=headers,
        method=method,
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def _wait_until(condition, *, timeout: float, what: str, process_list=()) -> float:
    """Poll until `condition()` is true; the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        for process in process_list:
            assert process.poll() is None, f"{what}: a process stopped (exit {process.returncode})"
        with suppress(OSError):
            if condition():
                return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"{what}: not within {timeout} s")


def _answers(port: int) -> bool:
    return _request(port, "/healthz")[0] == 200


def _semantic_match(port: int, challenge_id: int, solution_id: int) -> bool:
    status, body = _request(port, f"/api/v1/challenges/{challenge_id}/matches?top=10")
    assert status == 200, body
    for result in body["results"]:
        if result["solution"] == f"solution-{solution_id}":
            return any(reason["factor"] == "semantic" for reason in result["reasons"])
    return False


def test_an_edit_through_one_web_host_is_matchable_through_the_other_within_2_s(world, tmp_path):
    _redis_flushed()
    challenge = open_challenge(
        world,
        "River floods in the old town",
        "Homes and shops flood every rainy season; residents need warning hours before the"
        " river overflows.",
    )
    token = api_token_create(actor=world.member_b, name="scale-out").key
    environment = _environment(tmp_path)
    first, second = _free_port(), _free_port()
    with ExitStack() as stack:
        worker = _start(stack, environment, "rq_worker", "--name", "scale-out-worker")
        web_a = _start(
            stack, environment, "serve", "--no-migrate", "--workers", "1", "--port", str(first)
        )
        _wait_until(lambda: _answers(first), timeout=START_TIMEOUT_S, what="web host A starts")
        web_b = _start(
            stack, environment, "serve", "--no-migrate", "--workers", "1", "--port", str(second)
        )
        processes = (worker, web_a, web_b)
        _wait_until(lambda: _answers(second), timeout=START_TIMEOUT_S, what="web host B starts")
        # The starting worker found no index and no challenge vector, and queued both: once the
        # challenge has its vector, the worker has its model loaded and the index exists.
        _wait_until(
            lambda: Challenge.objects.filter(pk=challenge.pk, vector__isnull=False).exists(),
            timeout=START_TIMEOUT_S,
            what="the worker embeds the open challenge",
            process_list=processes,
        )

        status, created = _request(
            first,
            "/api/v1/solutions",
            method="POST",
            token=token,
            body={
                "provider": world.org_b.slug,
                "title": "Flood early warning for river towns",
                "summary": "Water-level sensors and sirens warn residents hours before a river"
                " overflows.",
                "description": "Sensors along the river send levels every minute; a forecast"
                " sounds sirens and sends text messages to homes and shops at risk of flooding.",
                "publish": True,
            },
        )
        assert status == 201, created

        took = _wait_until(
            lambda: _semantic_match(second, challenge.pk, created["id"]),
            timeout=MATCHABLE_WITHIN_S * 5,
            what="the new solution is matched, with its meaning, through web host B",
            process_list=processes,
        )
        print(f"matchable through the other web host after {took:.2f} s")
        assert took <= MATCHABLE_WITHIN_S
