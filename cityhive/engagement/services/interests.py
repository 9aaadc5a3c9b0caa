"""Interests: sent from a match, answered by the other side, and turned into an introduction
when both sides want it."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from cityhive.audit.models import ContactAction
from cityhive.core.errors import Conflict, Forbidden, ValidationFailed
from cityhive.core.permissions import require
from cityhive.core.storable import instance_storable_require
from cityhive.directory.models import Organisation
from cityhive.directory.permissions import organisation_roles
from cityhive.engagement import notify
from cityhive.engagement.contacts import contact_log
from cityhive.engagement.errors import EngagementErrorCode
from cityhive.engagement.feedback import feedback_record
from cityhive.engagement.matches import MatchItem, match_key
from cityhive.engagement.models import (
    DeclineReason,
    Interest,
    InterestStatus,
    ProgrammeSettings,
)
from cityhive.engagement.permissions import introductions_locked_reason
from cityhive.engagement.selectors import interest_items
from cityhive.engagement.services.introductions import introduction_make

QUOTA_WINDOW = timedelta(days=7)
MESSAGE_MAX = 1000


def programme_settings_get() -> ProgrammeSettings:
    """The programme's request rules (the defaults until a manager changes them)."""
    found, _ = ProgrammeSettings.objects.get_or_create(pk=1)
    return found


def _sides(actor, subject: MatchItem, candidate: MatchItem, as_organisation):
    """The sender and recipient organisations: the actor's side first."""
    roles = organisation_roles(actor)
    owners = [subject.owner, candidate.owner]
    if as_organisation is not None:
        owners.sort(key=lambda owner: owner.pk != as_organisation.pk)
    mine = [owner for owner in owners if owner.pk in roles]
    if not mine or (as_organisation is not None and mine[0].pk != as_organisation.pk):
        raise Forbidden(
            gettext("You can express interest only for an organisation you belong to."),
            code=EngagementErrorCode.NOT_A_SIDE,
        )
    sender = mine[0]
    recipient = owners[1] if owners[0].pk == sender.pk else owners[0]
    if sender.pk == recipient.pk:
        raise ValidationFailed(
            {"candidate": [gettext("Both sides of this match belong to your organisation.")]}
        )
    return sender, recipient


def _introductions_check(actor, sender: Organisation) -> None:
    """Asking for an introduction is the programme's to open: a partner company whose tier
    unlocks introductions, or a verified organisation of another kind."""
    try:
        require(actor, "engagement.request_introduction", sender)
    except Forbidden as error:
        raise Forbidden(
            introductions_locked_reason(sender), code=EngagementErrorCode.INTRODUCTIONS_LOCKED
        ) from error


def quota_used(*, sender) -> int:
    """Requests the member sent in the last 7 days that count against the weekly limit:
    waiting or answered ones; expired and withdrawn requests give their place back."""
    now = timezone.now()
    sent = Interest.objects.filter(sender=sender, created_at__gt=now - QUOTA_WINDOW)
    answered = sent.filter(status__in=[InterestStatus.ACCEPTED, InterestStatus.DECLINED]).count()
    waiting = sent.filter(status=InterestStatus.PENDING, expires_at__gt=now).count()
    return answered + waiting


def _quota_check(actor, settings: ProgrammeSettings) -> None:
    # Serialise one member's requests so that two at once cannot both take the last place.
    get_user_model().objects.select_for_update(of=("self",)).filter(pk=actor.pk).first()
    if quota_used(sender=actor) >= settings.weekly_request_limit:
        raise Conflict(
            gettext(
                "You have sent %(limit)s requests in the last 7 days, the programme's limit. "
                "Try again when an earlier request is answered or expires."
            )
            % {"limit": settings.weekly_request_limit},
            code=EngagementErrorCode.QUOTA_EXCEEDED,
        )


def _message_check(message: str) -> str:
    message = message.strip()
    if len(message) > MESSAGE_MAX:
        raise ValidationFailed(
            {"message": [gettext("Keep the message to %(max)s characters.") % {"max": MESSAGE_MAX}]}
        )
    return message


def interest_create(
    *,
    actor,
    subject: MatchItem,
    candidate: MatchItem,
    message: str = "",
    as_organisation: Organisation | None = None,
) -> Interest:
    """Express interest in a match to its other side; when that side already asked about the same
    match, both are accepted and the two organisations are introduced."""
    sender, recipient = _sides(actor, subject, candidate, as_organisation)
    _introductions_check(actor, sender)
    key = match_key(subject, candidate)
    settings = programme_settings_get()
    now = timezone.now()
    interest = Interest(
        sender_organisation=sender,
        recipient_organisation=recipient,
        sender=actor,
        subject_kind=subject.kind,
        subject_id=subject.item.pk,
        subject_label=subject.label,
        candidate_kind=candidate.kind,
        candidate_id=candidate.item.pk,
        candidate_label=candidate.label,
        match_key=key,
        message=_message_check(message),
        expires_at=now + timedelta(days=settings.request_expiry_days),
    )
    instance_storable_require(interest)
    with transaction.atomic():
        # Both sides asking at the same moment must see each other's request: one at a time
        # per pair of organisations.
        list(
            Organisation.objects.select_for_update(of=("self",))
            .filter(pk__in=[sender.pk, recipient.pk])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        _expire_due(Interest.objects.filter(match_key=key))
        if Interest.objects.filter(
            sender_organisation=sender,
            recipient_organisation=recipient,
            match_key=key,
            status=InterestStatus.PENDING,
        ).exists():
            raise Conflict(
                gettext("Your organisation already asked about this match."),
                code=EngagementErrorCode.DUPLICATE_INTEREST,
            )
        _quota_check(actor, settings)
        try:
            with transaction.atomic():
                interest.save()
        except IntegrityError as error:  # the same request from a second click, at once
            raise Conflict(
                gettext("Your organisation already asked about this match."),
                code=EngagementErrorCode.DUPLICATE_INTEREST,
            ) from error
        _interest_sent(actor, interest, subject, candidate)
        mutual = (
            Interest.objects.select_for_update(of=("self",))
            .filter(
                sender_organisation=recipient,
                recipient_organisation=sender,
                match_key=key,
                status=InterestStatus.PENDING,
            )
            .first()
        )
        if mutual is not None:
            _accept(actor, mutual)
            _mark_accepted(interest, actor=None, introduction=mutual.introduction)
    return interest


def _interest_sent(actor, interest: Interest, subject: MatchItem, candidate: MatchItem) -> None:
    contact_log(
        actor=actor,
        action=ContactAction.INTEREST_SENT,
        sides=(interest.sender_organisation, interest.recipient_organisation),
        subject=interest,
        summary=interest.subject_label,
        metadata={"match": interest.match_key},
    )
    feedback_record(
        actor=actor,
        organisation=interest.sender_organisation,
        subject=subject.item,
        candidate=candidate.item,
        signal="interest",
    )
    notify.interest_received(interest)


def _locked(interest: Interest) -> Interest:
    return (
        Interest.objects.select_for_update(of=("self",))
        .select_related("sender_organisation", "recipient_organisation", "sender")
        .get(pk=interest.pk)
    )


def _require_pending(interest: Interest) -> None:
    status = interest.effective_status
    if status == InterestStatus.EXPIRED:
        raise Conflict(
            gettext("This request has expired and can no longer be answered."),
            code=EngagementErrorCode.INTEREST_EXPIRED,
        )
    if status != InterestStatus.PENDING:
        raise Conflict(
            gettext("This request was already %(status)s.")
            % {"status": InterestStatus(status).label.lower()},
            code=EngagementErrorCode.INTEREST_ANSWERED,
        )


def _mark_accepted(interest: Interest, *, actor, introduction) -> None:
    interest.status = InterestStatus.ACCEPTED
    interest.answered_at = timezone.now()
    interest.answered_by = actor
    interest.introduction = introduction
    interest.save(
        update_fields=["status", "answered_at", "answered_by", "introduction", "updated_at"]
    )


def _accept(actor, interest: Interest) -> Interest:
    introduction = introduction_make(
        actor=actor,
        sides=(interest.sender_organisation, interest.recipient_organisation),
        contacts=[
            (interest.sender_organisation, interest.sender),
            (interest.recipient_organisation, actor),
        ],
        cause=interest,
    )
    _mark_accepted(interest, actor=actor, introduction=introduction)
    contact_log(
        actor=actor,
        action=ContactAction.INTEREST_ACCEPTED,
        sides=(interest.recipient_organisation, interest.sender_organisation),
        subject=interest,
        summary=interest.subject_label,
    )
    _feedback(actor, interest, "accepted")
    notify.interest_answered(interest)
    return interest


def interest_accept(*, actor, interest: Interest) -> Interest:
    """Accept a request your organisation received: the two organisations are introduced (once,
    however many clicks or members accept at the same time)."""
    require(actor, "engagement.answer_interest", interest)
    with transaction.atomic():
        interest = _locked(interest)
        if interest.status == InterestStatus.ACCEPTED:
            return interest  # a second click, or a colleague at the same moment: one introduction
        _require_pending(interest)
        return _accept(actor, interest)


def interest_decline(*, actor, interest: Interest, reason: str = "", note: str = "") -> Interest:
    """Decline a request your organisation received, with an optional reason."""
    require(actor, "engagement.answer_interest", interest)
    if reason and reason not in DeclineReason.values:
        raise ValidationFailed({"reason": [gettext("Choose one of the listed reasons.")]})
    with transaction.atomic():
        interest = _locked(interest)
        _require_pending(interest)
        interest.status = InterestStatus.DECLINED
        interest.answered_at = timezone.now()
        interest.answered_by = actor
        interest.decline_reason = reason
        interest.decline_note = note.strip()
        instance_storable_require(interest)
        interest.save(
            update_fields=[
                "status",
                "answered_at",
                "answered_by",
                "decline_reason",
                "decline_note",
                "updated_at",
            ]
        )
        contact_log(
            actor=actor,
            action=ContactAction.INTEREST_DECLINED,
            sides=(interest.recipient_organisation, interest.sender_organisation),
            subject=interest,
            summary=interest.subject_label,
            metadata={"reason": reason},
        )
        signal = "not_relevant" if reason == DeclineReason.NOT_RELEVANT else "declined"
        _feedback(actor, interest, signal)
        notify.interest_answered(interest)
    return interest


def interest_withdraw(*, actor, interest: Interest) -> Interest:
    """Take back a request your organisation sent that is still waiting for an answer."""
    require(actor, "engagement.withdraw_interest", interest)
    with transaction.atomic():
        interest = _locked(interest)
        _require_pending(interest)
        interest.status = InterestStatus.WITHDRAWN
        interest.save(update_fields=["status", "updated_at"])
        contact_log(
            actor=actor,
            action=ContactAction.INTEREST_WITHDRAWN,
            sides=(interest.sender_organisation, interest.recipient_organisation),
            subject=interest,
            summary=interest.subject_label,
        )
        notify.interest_withdrawn(interest)
    return interest


def _feedback(actor, interest: Interest, signal: str) -> None:
    """What the answering side did with the match, for its organisation's later matches."""
    subject, candidate = interest_items(interest)
    if subject is None or candidate is None:
        return  # one side of the match was deleted since; nothing to learn from
    feedback_record(
        actor=actor,
        organisation=interest.recipient_organisation,
        subject=subject,
        candidate=candidate,
        signal=signal,
    )


def _expire_due(queryset) -> int:
    """Mark pending requests past their date as expired, each once, with a contact log entry."""
    now = timezone.now()
    expired = 0
    due = queryset.select_for_update(of=("self",)).filter(
        status=InterestStatus.PENDING, expires_at__lte=now
    )
    for interest in due.select_related("sender_organisation", "recipient_organisation"):
        interest.status = InterestStatus.EXPIRED
        interest.save(update_fields=["status", "updated_at"])
        contact_log(
            actor=None,
            action=ContactAction.INTEREST_EXPIRED,
            sides=(interest.sender_organisation, interest.recipient_organisation),
            subject=interest,
            summary=interest.subject_label,
        )
        notify.interest_expired(interest)
        expired += 1
    return expired


def interests_expire() -> int:
    """Expire every pending request past its date (safe to run again: each expires once)."""
    with transaction.atomic():
        return _expire_due(Interest.objects.all())


def match_not_relevant(*, actor, subject: MatchItem, candidate: MatchItem) -> None:
    """The "Not relevant" button on a match: matching hears it for the actor's organisation."""
    sender, _ = _sides(actor, subject, candidate, None)
    feedback_record(
        actor=actor,
        organisation=sender,
        subject=subject.item,
        candidate=candidate.item,
        signal="not_relevant",
    )


def programme_settings_update(
    *, actor, request_expiry_days: int, weekly_request_limit: int
) -> ProgrammeSettings:
    """Change the programme's request rules (programme managers); new requests follow them."""
    require(actor, "engagement.change_settings")
    found = programme_settings_get()
    found.request_expiry_days = request_expiry_days
    found.weekly_request_limit = weekly_request_limit
    try:
        found.full_clean()
    except DjangoValidationError as error:
        raise ValidationFailed.from_django(error) from error
    found.save()
    return found
