"""cityhive.embeddings imports no Django and survives usearch's libstdc++ (see __init__).

One module is Django-aware on purpose: `platform` builds the platform's encoder from settings, so
matching and the SDG tagger share it; everything else in the package stays pure.
"""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
PROJECT = PACKAGE.parents[1]
DJANGO_AWARE = {"platform.py"}


def modules() -> list[str]:
    """Every module of cityhive.embeddings but the tests, index (usearch) before encoder."""
    paths = [path for path in PACKAGE.glob("*.py") if path.name not in DJANGO_AWARE]
    names = [f"cityhive.embeddings.{path.stem}" for path in paths]
    return sorted((name for name in names if not name.endswith("__init__")), reverse=True)


def test_importing_every_module_loads_no_django_and_does_not_crash():
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(n for n in sys.modules if n.split('.')[0] == 'django')))\n"
    )
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert modules() == [
        "cityhive.embeddings.store",
        "cityhive.embeddings.samples",
        "cityhive.embeddings.index",
        "cityhive.embeddings.files",
        "cityhive.embeddings.encoder",
    ]
    assert (done.returncode, json.loads(done.stdout or "null")) == (0, [])


def imported_names(path: Path) -> list[str]:
    """Module names a source file imports."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
    return names


def test_sources_import_neither_django_nor_other_cityhive_code():
    offending = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in DJANGO_AWARE:
            continue
        for name in imported_names(path):
            outside = name.startswith("cityhive") and not name.startswith("cityhive.embeddings")
            if name.split(".")[0] == "django" or outside:
                offending.append(f"{path.name}: {name}")

    assert offending == []
