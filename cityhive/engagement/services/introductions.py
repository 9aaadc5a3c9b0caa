"""Introductions: two organisations shown to each other, with the contacts each chose and the
conversation they open."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from cityhive.audit.models import ContactAction
from cityhive.core.errors import Forbidden, ValidationFailed
from cityhive.core.permissions import require
from cityhive.directory.models import Membership, Organisation
from cityhive.directory.permissions import organisation_roles
from cityhive.engagement import notify
from cityhive.engagement.contacts import contact_log
from cityhive.engagement.errors import EngagementErrorCode
from cityhive.engagement.models import (
    Conversation,
    Introduction,
    IntroductionContact,
    Participant,
)


def _pair(sides: tuple[Organisation, Organisation]) -> dict:
    first, second = sorted(sides, key=lambda organisation: organisation.pk)
    return {"first_organisation": first, "second_organisation": second}


def row_get_or_create(model, **fields):
    """One row for these fields even when two transactions insert it at the same moment."""
    found = model.objects.filter(**fields).first()
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            return model.objects.create(**fields), True
    except IntegrityError:
        return model.objects.get(**fields), False


def introduction_make(*, actor, sides, contacts, cause=None) -> Introduction:
    """The introduction of two organisations (made once per pair), with `contacts` (organisation,
    member) added as contacts and conversation participants; the contact log and both sides hear
    of a new one."""
    introduction, created = row_get_or_create(Introduction, **_pair(sides))
    conversation, _ = row_get_or_create(Conversation, introduction=introduction)
    for organisation, user in contacts:
        if user is not None and _is_member(user, organisation):
            row_get_or_create(
                IntroductionContact, introduction=introduction, organisation=organisation, user=user
            )
            row_get_or_create(
                Participant, conversation=conversation, organisation=organisation, user=user
            )
    if created:
        contact_log(
            actor=actor,
            action=ContactAction.INTRODUCTION_MADE,
            sides=sides,
            subject=introduction,
            summary=getattr(cause, "subject_label", ""),
        )
        notify.introduction_made(introduction)
    return introduction


def _is_member(user, organisation: Organisation) -> bool:
    # Read from the database, not a cached list: a contact must belong to the side today.
    return Membership.objects.filter(user=user, organisation=organisation).exists()


def own_side(actor, introduction: Introduction) -> Organisation:
    roles = organisation_roles(actor)
    for organisation in (introduction.first_organisation, introduction.second_organisation):
        if organisation.pk in roles:
            return organisation
    raise Forbidden(code=EngagementErrorCode.NOT_A_MEMBER)


def introduction_contacts_set(*, actor, introduction: Introduction, user_ids: list[int]) -> list:
    """Choose your organisation's contacts for an introduction (its admins): members of your
    organisation only; they also take part in the conversation."""
    require(actor, "engagement.add_participant", introduction)
    side = own_side(actor, introduction)
    members = {
        m.user_id: m.user
        for m in Membership.objects.filter(organisation=side, user_id__in=user_ids).select_related(
            "user"
        )
    }
    if not user_ids or set(user_ids) - set(members):
        raise ValidationFailed(
            {"contacts": [gettext("Choose one or more members of your organisation.")]}
        )
    with transaction.atomic():
        IntroductionContact.objects.filter(introduction=introduction, organisation=side).exclude(
            user_id__in=user_ids
        ).delete()
        for user in members.values():
            row_get_or_create(
                IntroductionContact, introduction=introduction, organisation=side, user=user
            )
            row_get_or_create(
                Participant,
                conversation=introduction.conversation,
                organisation=side,
                user=user,
            )
    return list(introduction.contacts.filter(organisation=side))


def participant_add(*, actor, conversation: Conversation, user_id: int) -> Participant:
    """Add a member of your organisation to a conversation (its admins)."""
    introduction = conversation.introduction
    require(actor, "engagement.add_participant", introduction)
    side = own_side(actor, introduction)
    membership = Membership.objects.filter(organisation=side, user_id=user_id).first()
    if membership is None:
        raise ValidationFailed({"user": [gettext("Choose a member of your organisation.")]})
    participant, _ = row_get_or_create(
        Participant, conversation=conversation, organisation=side, user_id=user_id
    )
    return participant
