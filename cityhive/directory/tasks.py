"""Background work for organisations: queued after commit, given ids, safe to run twice."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task

from cityhive.directory.models import Invitation


@task()
def invitation_email_send(invitation_id: int, accept_url: str, language: str = "") -> bool:
    """Mail an invitation's link once, unless it was withdrawn, used or expired meanwhile; in
    `language` (the inviter's interface language: the invitee's is not known yet)."""
    with transaction.atomic():
        # The lock makes a second run (a retry after a lost worker) wait, then see emailed_at.
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("organisation", "invited_by")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or invitation.emailed_at is not None or not invitation.is_pending:
            return False
        context = {"invitation": invitation, "accept_url": accept_url}
        with translation.override(language or settings.LANGUAGE_CODE):
            subject = gettext("[CityHive] Join %(organisation)s") % {
                "organisation": invitation.organisation.name
            }
            message = render_to_string("directory/email/invitation.txt", context)
        send_mail(
            subject=subject, message=message, from_email=None, recipient_list=[invitation.email]
        )
        invitation.emailed_at = timezone.now()
        invitation.save(update_fields=["emailed_at"])
    return True
