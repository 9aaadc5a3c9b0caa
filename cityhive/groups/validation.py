"""The checks a group's fields pass, from a form, the API or a script: one message per field."""

from django.utils.translation import gettext as _

from cityhive.core.checks import FieldErrors, add_error
from cityhive.core.storable import storable_check
from cityhive.groups.models import Group, GroupKind, GroupVisibility
from cityhive.taxonomy.vocabulary import Vocabulary

GROUP_FIELDS = ("title", "kind", "purpose", "visibility", "categories", "sdg_targets", "kpis")
CODE_LISTS = (("categories", "category"), ("sdg_targets", "sdg_target"), ("kpis", "kpi"))


def group_check(data: dict, *, vocabulary: Vocabulary) -> FieldErrors:
    """Problems of a group's fields (every field of a new group; the changed ones otherwise)."""
    errors = storable_check(Group, {k: v for k, v in data.items() if k in GROUP_FIELDS})
    for field in sorted(set(data) - set(GROUP_FIELDS)):
        add_error(errors, field, _("unknown field"))
    for field, facet in CODE_LISTS:
        if field in data:
            vocabulary.check_codes(data[field], facet=facet, field=field, errors=errors)
    for field, choices in (("kind", GroupKind), ("visibility", GroupVisibility)):
        if field in data and data[field] not in choices.values:
            add_error(errors, field, _("Choose one of the listed options."))
    if "title" in data and not str(data["title"] or "").strip():
        add_error(errors, "title", _("This field is required."))
    return errors


def post_check(body: str) -> FieldErrors:
    """A post needs some text, at most 10,000 characters."""
    errors = storable_check(Group, {})
    text = (body or "").strip()
    if not text:
        add_error(errors, "body", _("Write something first."))
    elif len(text) > 10_000:
        add_error(errors, "body", _("At most 10,000 characters."))
    elif "\x00" in text:
        add_error(errors, "body", _("must not contain the NUL character"))
    return errors
