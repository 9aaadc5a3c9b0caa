"""Background work for engagement."""

from django_tasks import task

from cityhive.engagement.services import interests_expire


@task()
def interests_expire_task() -> int:
    """Expire unanswered requests past their date (safe to run twice: each expires once)."""
    return interests_expire()
