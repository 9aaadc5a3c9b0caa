"""`cityhive serve`: run the site under a production WSGI server (not runserver)."""

import os
import shutil
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

SERVERS = ("granian", "gunicorn")
DEFAULT_SERVER = "gunicorn"  # chosen by bench/servers.py; see docs/adr/0002-wsgi-server.md


def server_argv(server: str, *, host: str, port: int, workers: int) -> list[str]:
    """The command line that starts `server` on host:port with `workers` processes."""
    executable = shutil.which(server) or os.path.join(os.path.dirname(sys.executable), server)
    if server == "granian":
        return [
            executable,
            "--interface",
            "wsgi",
            "--host",
            host,
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--no-ws",
            "config.wsgi:application",
        ]
    return [
        executable,
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        # A write may wait up to 30 s for SQLite's lock (busy_timeout): the worker must outlive it
        # to answer, not be killed at gunicorn's default 30 s.
        "--timeout",
        "60",
        # Instances side by side would share one control socket in the home folder; serve
        # controls its server through signals and needs none.
        "--no-control-socket",
        # Only configured proxies may claim HTTPS (X-Forwarded-Proto): none unless TRUSTED_PROXIES.
        "--forwarded-allow-ips",
        ",".join(settings.TRUSTED_PROXIES),
        "config.wsgi:application",
    ]


class Command(BaseCommand):
    help = "Serve CityHive with a production WSGI server (gunicorn by default, or granian)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("CITYHIVE_HOST", "127.0.0.1"))
        parser.add_argument(
            "--port", type=int, default=int(os.environ.get("CITYHIVE_PORT", "8000"))
        )
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("CITYHIVE_WORKERS", "2"))
        )
        parser.add_argument("--server", choices=SERVERS, default=DEFAULT_SERVER)
        parser.add_argument(
            "--no-migrate", action="store_true", help="Do not apply migrations first."
        )

        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start a background-task worker."
        )

    def handle(self, *args, host, port, workers, server, no_migrate, no_worker, **options):
        if not 1 <= port <= 65535:
            raise CommandError("--port must be between 1 and 65535.")
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE)
        os.environ["CITYHIVE_DATA_DIR"] = str(settings.DATA_DIR)
        shown_host = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host  # noqa: S104
        self.stdout.write(
            f"CityHive is serving at http://{shown_host}:{port}/ ({server}, {workers} workers)"
        )
        sys.stdout.flush()
        processes = [] if no_worker or not uses_database_tasks() else [start_task_worker()]
        processes.append(
            subprocess.Popen(server_argv(server, host=host, port=port, workers=workers))  # noqa: S603
        )
        wait_then_stop(processes)


def uses_database_tasks() -> bool:
    """Whether background tasks go through the database (and so need our worker)."""
    return settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db.")


def start_task_worker() -> subprocess.Popen:
    """Run the database task worker beside the web server."""
    argv = [sys.executable, "-m", "cityhive.cli", "db_worker"]
    return subprocess.Popen(argv)  # noqa: S603


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def wait_then_stop(processes: list[subprocess.Popen]) -> None:
    """Wait for the web server; on Ctrl-C or SIGTERM stop every process we started."""
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        processes[-1].wait()
    except KeyboardInterrupt:
        pass
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
