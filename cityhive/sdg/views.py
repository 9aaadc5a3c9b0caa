"""SDG suggestions for the editing forms: the goals and targets a text addresses, to tick."""

from django.shortcuts import render
from django.views.decorators.http import require_POST

from cityhive.content.catalogue import Taxonomy
from cityhive.sdg.engine.tagger import TagResult
from cityhive.sdg.tagging import MAX_TEXT, sdg_suggest

TEXT_FIELDS = ("title", "summary", "description")
TOP_TARGETS = 8
FRAGMENT = "sdg/_suggestions.html"


@require_POST
def suggest(request):
    text = _text(request.POST)
    if len(text) > MAX_TEXT:
        return render(request, FRAGMENT, {"too_long": True, "max_text": MAX_TEXT}, status=400)
    chosen = set(request.POST.getlist("sdg_targets"))
    goals = suggestion_display(sdg_suggest(text=text), Taxonomy(), chosen=chosen) if text else []
    return render(request, FRAGMENT, {"text": text, "goals": goals})


def _text(post) -> str:
    parts = (post.get(name, "").strip() for name in TEXT_FIELDS)
    return "\n\n".join(part for part in parts if part)


def suggestion_display(result: TagResult, taxonomy: Taxonomy, *, chosen: set[str]) -> list[dict]:
    """The asserted goals (title, score), each with its share of the best suggested targets."""
    labels = dict(taxonomy.targets)
    ranked = sorted((t for t in result.targets if t[0] in labels), key=lambda t: -t[1])
    top = ranked[:TOP_TARGETS]
    return [
        {
            "number": goal,
            "label": taxonomy.label("sdg_goal", goal),
            "score": score,
            "targets": [
                {"code": code, "label": labels[code], "score": value, "chosen": code in chosen}
                for code, value in top
                if code.split(".", 1)[0] == str(goal)
            ],
        }
        for goal, score, asserted in result.goals
        if asserted
    ]
