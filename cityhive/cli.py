"""The `cityhive` console command: Django's management commands with CityHive's defaults."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command (`cityhive serve`, `cityhive demo`, ...)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] not in {"help", "--help", "-h", "--version", "shell_plus"}:
        print(f"CityHive data folder: {settings.DATA_DIR}", file=sys.stderr)
    execute_from_command_line(["cityhive", *args])


if __name__ == "__main__":
    main()
