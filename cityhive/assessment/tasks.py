"""Background work for assessments: queued after commit, given ids, safe to run twice."""

from django_tasks import task

from cityhive.assessment.derivation import needs_derive
from cityhive.directory.models import Organisation


@task()
def derived_needs_refresh(city_ids: list[int]) -> int:
    """Recompute the suggested needs of these cities (after targets changed their bands)."""
    cities = Organisation.objects.filter(pk__in=city_ids)
    for city in cities:
        needs_derive(city=city)
    return len(city_ids)
