"""Reading the SDG reference texts (the taxonomy CSVs) into plain records; the only file I/O."""

import csv
from dataclasses import dataclass
from pathlib import Path

LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh")


@dataclass(frozen=True)
class RefText:
    """One official or linked text about a goal (and target when it is target-specific)."""

    goal: int
    target: str | None
    lang: str
    text: str
    kind: str  # goal | target | indicator | kpi


@dataclass(frozen=True)
class AuroraLine:
    """One Aurora boolean query line for a target."""

    goal: int
    target: str
    query: str


@dataclass(frozen=True)
class Reference:
    """Everything the tagger is built from."""

    texts: tuple[RefText, ...]
    aurora: tuple[AuroraLine, ...]


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    """A CSV file's rows; none when the file is absent."""
    path = folder / name
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _goal(value: str) -> int | None:
    """A goal number 1..17, or None."""
    return int(value) if value.strip().isdigit() and 1 <= int(value) <= 17 else None


def goal_texts(folder: Path) -> list[RefText]:
    """Goal short names and titles in the six UN languages."""
    return [
        RefText(goal, None, row["lang"], f"{row['short']}. {row['title']}", "goal")
        for row in _rows(folder, "sdg_goals.csv")
        if row["lang"] in LANGUAGES and (goal := _goal(row["goal"]))
    ]


def target_texts(folder: Path) -> list[RefText]:
    """Target titles in the six UN languages."""
    return [
        RefText(goal, row["target"], row["lang"], row["title"], "target")
        for row in _rows(folder, "sdg_targets.csv")
        if row["lang"] in LANGUAGES and (goal := _goal(row["goal"]))
    ]


def indicator_texts(folder: Path) -> list[RefText]:
    """Indicator titles in the six UN languages, filed under their target."""
    return [
        RefText(goal, row["target"], row["lang"], row["title"], "indicator")
        for row in _rows(folder, "sdg_indicators.csv")
        if row["lang"] in LANGUAGES and (goal := _goal(row["goal"]))
    ]


def kpi_texts(folder: Path) -> list[RefText]:
    """U4SSC KPI definitions under each SDG goal and target the KPI is linked to (English)."""
    out: list[RefText] = []
    for row in _rows(folder, "u4ssc_kpis.csv"):
        text = f"{row['category']}. {row['definition']}"
        targets = [code for code in row["sdg_targets"].split(";") if code.strip()]
        for code in targets:
            if goal := _goal(code.split(".")[0]):
                out.append(RefText(goal, code.strip(), "en", text, "kpi"))
        linked = {_goal(code.split(".")[0]) for code in targets}
        for value in row["sdg_goals"].split(";"):
            if (goal := _goal(value)) and goal not in linked:
                out.append(RefText(goal, None, "en", text, "kpi"))
    return out


def aurora_lines(folder: Path) -> list[AuroraLine]:
    """Aurora SDG query lines, one per row."""
    return [
        AuroraLine(goal, row["target"], row["query"])
        for row in _rows(folder, "aurora_sdg_query_lines.csv")
        if (goal := _goal(row["sdg"]))
    ]


def reference_load(folder: str | Path) -> Reference:
    """All reference texts and Aurora lines found in a taxonomy data folder."""
    folder = Path(folder)
    texts = goal_texts(folder) + target_texts(folder) + indicator_texts(folder)
    return Reference(tuple(texts + kpi_texts(folder)), tuple(aurora_lines(folder)))
