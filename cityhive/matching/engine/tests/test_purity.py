"""The ranking and tagging engines import nothing from Django (STYLE.md, rule 4)."""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

CITYHIVE = Path(__file__).resolve().parents[3]
ENGINES = ("cityhive.matching.engine", "cityhive.sdg.engine", "cityhive.text")
# What each pure package may import of CityHive: itself and the shared text analysis.
ALLOWED = {engine: (engine, "cityhive.text") for engine in ENGINES}


def engine_modules() -> list[str]:
    """Every module of both engine packages, tests excluded (they may use pytest)."""
    names = []
    for package in ENGINES:
        folder = CITYHIVE.parent / package.replace(".", "/")
        for path in sorted(folder.rglob("*.py")):
            parts = path.relative_to(CITYHIVE.parent).with_suffix("").parts
            if "tests" not in parts:
                names.append(".".join(part for part in parts if part != "__init__"))
    return names


def imported_names(path: Path) -> list[str]:
    """Module names a source file imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
    return names


def test_importing_every_engine_module_loads_no_django():
    modules = engine_modules()
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(n for n in sys.modules if n.split('.')[0] == 'django')))\n"
    )
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=CITYHIVE.parent,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert len(modules) >= 12
    assert json.loads(done.stdout) == []


def test_engine_sources_import_neither_django_nor_other_cityhive_code():
    offending = []
    for package in ENGINES:
        for path in sorted((CITYHIVE.parent / package.replace(".", "/")).rglob("*.py")):
            for name in imported_names(path):
                outside = name.startswith("cityhive") and not name.startswith(ALLOWED[package])
                if name.split(".")[0] == "django" or outside:
                    offending.append(f"{path.relative_to(CITYHIVE.parent)}: {name}")
    assert offending == []
