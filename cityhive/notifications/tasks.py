"""Background work for notifications: queued after commit, given ids, safe to run twice."""

from django_tasks import default_task_backend, task

from cityhive.notifications.digests import digests_make
from cityhive.notifications.emails import deliveries_due, delivery_send
from cityhive.notifications.models import EmailDelivery, EmailStatus


def _retry_schedule(delivery_id: int) -> None:
    """Queue the next try at its time when the task backend can wait; otherwise the
    `cityhive notifications send` command (run every few minutes) picks it up."""
    delivery = EmailDelivery.objects.filter(pk=delivery_id, status=EmailStatus.RETRYING).first()
    if delivery is None or not default_task_backend.supports_defer:
        return
    email_delivery_send.using(run_after=delivery.next_attempt_at).enqueue(delivery_id)


@task()
def email_delivery_send(delivery_id: int) -> bool:
    """Send one notification or digest email unless it was sent already."""
    sent = delivery_send(delivery_id)
    if not sent:
        _retry_schedule(delivery_id)
    return sent


@task()
def emails_due_send() -> int:
    """Send every email whose time has come; how many were sent."""
    return sum(delivery_send(delivery_id) for delivery_id in deliveries_due())


@task()
def digests_send(period: str) -> int:
    """Make and send this period's digests; how many were sent."""
    return sum(delivery_send(delivery_id) for delivery_id in digests_make(period=period))
