"""Writes for solutions and implementations; each checks the actor's permission first."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from cityhive.content.services import ItemWrites, item_store, item_update
from cityhive.core.errors import ValidationFailed
from cityhive.core.events import announce
from cityhive.core.markdown import markdown_render
from cityhive.core.permissions import require
from cityhive.core.storable import instance_storable_require
from cityhive.core.uploads import document_check, image_check, stored_name
from cityhive.directory.models import Organisation, OrganisationKind
from cityhive.solutions.bulk import solution_status_set
from cityhive.solutions.errors import SolutionErrorCode
from cityhive.solutions.events import SolutionsChanged
from cityhive.solutions.models import (
    Implementation,
    Solution,
    SolutionFile,
    SolutionFileKind,
    SolutionStatus,
    SolutionTag,
)
from cityhive.solutions.validation import SOLUTION_FIELDS, implementation_check, solution_check
from cityhive.taxonomy.vocabulary import SDG_SUGGESTED, Vocabulary


def solution_data(solution: Solution) -> dict:
    """A solution's fields in the exchange format's shape."""
    data = {
        field: getattr(solution, field) for field in SOLUTION_FIELDS if field != "population_range"
    }
    has_range = solution.population_min is not None and solution.population_max is not None
    data["population_range"] = (
        [solution.population_min, solution.population_max] if has_range else None
    )
    return data


def solution_apply(solution: Solution, data: dict) -> None:
    """Copy checked exchange-shaped fields onto the model (and render its description)."""
    for field in SOLUTION_FIELDS:
        if field in data and field != "population_range":
            setattr(solution, field, data[field] if data[field] is not None else "")
    if "maturity" in data:
        solution.maturity = data["maturity"]
    if "population_range" in data:
        low_high = data["population_range"] or [None, None]
        solution.population_min, solution.population_max = low_high
    solution.description_html = markdown_render(solution.description)


def _checked(data: dict) -> dict:
    unknown = sorted(set(data) - set(SOLUTION_FIELDS))
    errors = solution_check(data, vocabulary=Vocabulary())
    for field in unknown:
        errors.setdefault(field, []).append(gettext("unknown field"))
    if errors:
        raise ValidationFailed(errors)
    return data


def solution_create(
    *, actor, provider: Organisation, fields: dict, publish: bool = False
) -> Solution:
    """Create a solution for a provider organisation (a draft unless `publish`)."""
    require(actor, "solutions.add_solution_for", provider)
    data = _checked({"summary": "", **fields})
    solution = Solution(provider=provider)
    solution_apply(solution, data)
    if publish:
        solution_status_set(solution, SolutionStatus.PUBLISHED)
    return item_store(solution, writes=WRITES)


def solution_update(*, actor, solution: Solution, version: int, fields: dict) -> Solution:
    """Change a solution; a stale `version` is refused instead of overwriting someone's edit."""
    return item_update(actor=actor, item=solution, version=version, fields=fields, writes=WRITES)


def solution_publish(*, actor, solution: Solution, published: bool = True) -> Solution:
    """Publish a draft (it becomes public) or take a solution back to draft."""
    require(actor, "solutions.change_solution", solution)
    solution_status_set(solution, SolutionStatus.PUBLISHED if published else SolutionStatus.DRAFT)
    solution.version += 1
    with transaction.atomic():
        solution.save(update_fields=["status", "published_at", "version", "updated_at"])
        announce(SolutionsChanged((solution.pk,)))
    return solution


def solution_sdg_suggestions_store(*, solution: Solution, targets: list[str]) -> Solution:
    """Keep the SDG targets the tagger suggests, for the provider to accept or dismiss: the
    tagger's own write (no member acts), and no edit (the version stays)."""
    with transaction.atomic():
        solution.extra = {**solution.extra, SDG_SUGGESTED: sorted(set(targets))}
        solution.save(update_fields=["extra", "updated_at"])
        WRITES.tags_write(solution)
    return solution


def solution_sdg_suggestions_decide(*, actor, solution: Solution, accept: bool) -> Solution:
    """The provider accepts the suggested SDG targets (they join its SDG targets) or dismisses
    them; either way the suggestion is gone."""
    require(actor, "solutions.change_solution", solution)
    suggested = solution.extra.get(SDG_SUGGESTED, [])
    if not suggested:
        return solution
    extra = {key: value for key, value in solution.extra.items() if key != SDG_SUGGESTED}
    if not accept:
        with transaction.atomic():
            solution.extra = extra
            solution.save(update_fields=["extra", "updated_at"])
            WRITES.tags_write(solution)
        return solution
    targets = [*solution.sdg_targets, *(t for t in suggested if t not in solution.sdg_targets)]
    with transaction.atomic():
        solution.extra = extra
        solution.save(update_fields=["extra", "updated_at"])
        return solution_update(
            actor=actor,
            solution=solution,
            version=solution.version,
            fields={"sdg_targets": targets},
        )


def implementation_create(
    *, actor, solution: Solution, city: Organisation, fields: dict
) -> Implementation:
    """Record that a solution was deployed in a city; only that city can later confirm it."""
    require(actor, "solutions.add_implementation", solution)
    errors = implementation_check(fields, vocabulary=Vocabulary())
    if city.kind != OrganisationKind.CITY:
        errors.setdefault("city", []).append(gettext("must be a city organisation"))
    if errors:
        raise ValidationFailed(errors)
    return Implementation.objects.create(
        solution=solution,
        city=city,
        year=fields["year"],
        status=fields["status"],
        summary=fields.get("summary", ""),
        kpi_changes=fields.get("kpi_changes", []),
    )


def implementation_confirm(*, actor, implementation: Implementation, confirmed: bool = True):
    """Give or withdraw the city's confirmation (admins of the implementing city only)."""
    require(actor, "solutions.confirm_implementation", implementation)
    implementation.confirmed_at = timezone.now() if confirmed else None
    implementation.confirmed_by = actor if confirmed else None
    implementation.save(update_fields=["confirmed_at", "confirmed_by", "updated_at"])
    return implementation


MAX_FILES = 20


def solution_file_add(*, actor, solution: Solution, upload, title: str, kind: str) -> SolutionFile:
    """Attach an image (PNG/JPEG/WebP) or a document (PDF or image), checked by its content."""
    require(actor, "solutions.change_solution", solution)
    if kind not in SolutionFileKind.values:
        raise ValidationFailed(
            {
                "kind": [
                    gettext("Choose one of: %(kinds)s.")
                    % {"kinds": ", ".join(SolutionFileKind.values)}
                ]
            }
        )
    if not title.strip() or len(title) > 200:
        raise ValidationFailed(
            {"title": [gettext("Give the file a title of 1 to 200 characters.")]}
        )
    if solution.files.count() >= MAX_FILES:
        raise ValidationFailed({"file": [f"A solution has at most {MAX_FILES} files."]})
    check = image_check if kind == SolutionFileKind.IMAGE else document_check
    checked = check(upload, field="file", max_bytes=settings.SOLUTION_FILE_MAX_BYTES)
    attached = SolutionFile(
        solution=solution,
        kind=kind,
        title=title.strip(),
        content_type=checked.content_type,
        size=upload.size,
    )
    instance_storable_require(attached)
    attached.file.save(stored_name(checked.extension), upload, save=False)
    attached.save()
    return attached


def solution_file_remove(*, actor, solution: Solution, file_id: int) -> None:
    """Remove an attached file (and its stored bytes once the removal is committed)."""
    require(actor, "solutions.change_solution", solution)
    attached = solution.files.filter(pk=file_id).first()
    if attached is None:
        return
    name, storage = attached.file.name, attached.file.storage
    with transaction.atomic():
        attached.delete()
        transaction.on_commit(lambda: storage.delete(name))


# How the content layer stores and edits a solution (solution_create and solution_update above).
WRITES = ItemWrites(
    model=Solution,
    stale_code=SolutionErrorCode.STALE_VERSION,
    data=solution_data,
    check=_checked,
    apply=solution_apply,
    tag_model=SolutionTag,
    changed=SolutionsChanged,
)
