"""Introductions with their contacts, and conversation threads (refreshed by htmx)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from cityhive.core.errors import DomainError
from cityhive.core.forms import apply_errors
from cityhive.core.views import action_run
from cityhive.directory.models import MembershipRole
from cityhive.directory.permissions import organisation_roles
from cityhive.engagement import selectors, services
from cityhive.engagement.files import attachment_response
from cityhive.engagement.forms import ContactsForm, MessageForm, ParticipantForm


def _own_side(user, introduction):
    roles = organisation_roles(user)
    for organisation in (introduction.first_organisation, introduction.second_organisation):
        if organisation.pk in roles:
            return organisation, roles[organisation.pk] == MembershipRole.ADMIN
    return None, False


def _members(organisation):
    return [m.user for m in organisation.memberships.select_related("user").order_by("user__email")]


@login_required
def introduction_detail(request, introduction_id: int):
    introduction = selectors.introduction_get_visible_to(
        actor=request.user, introduction_id=introduction_id
    )
    side, is_admin = _own_side(request.user, introduction)
    members = _members(side) if is_admin else []
    contacts = selectors.introduction_contacts(introduction)
    form = ContactsForm(
        request.POST or None,
        members=members,
        initial={"contacts": [u.pk for u in contacts.get(getattr(side, "pk", None), [])]},
    )
    if request.method == "POST":
        if not is_admin:
            raise Http404()
        if form.is_valid():
            try:
                services.introduction_contacts_set(
                    actor=request.user,
                    introduction=introduction,
                    user_ids=form.cleaned_data["contacts"],
                )
            except DomainError as error:
                apply_errors(form, error)
            else:
                messages.success(request, gettext("Your contacts were saved."))
                return redirect("introduction_detail", introduction_id=introduction.pk)
    sides = [
        {"organisation": organisation, "contacts": contacts.get(organisation.pk, [])}
        for organisation in (introduction.first_organisation, introduction.second_organisation)
    ]
    context = {
        "introduction": introduction,
        "sides": sides,
        "form": form if is_admin else None,
        "interests": introduction.interests.select_related(
            "sender_organisation", "recipient_organisation"
        ),
    }
    status = 400 if form.errors else 200
    return render(request, "engagement/introduction_detail.html", context, status=status)


def _thread_context(request, conversation) -> dict:
    side, is_admin = _own_side(request.user, conversation.introduction)
    participants = list(selectors.participant_list(conversation=conversation))
    taking_part = {p.user_id for p in participants}
    addable = [u for u in _members(side) if u.pk not in taking_part] if is_admin else []
    return {
        "conversation": conversation,
        "introduction": conversation.introduction,
        "thread": selectors.message_list(conversation=conversation),
        "participants": participants,
        "participant_form": ParticipantForm(members=addable) if addable else None,
    }


@login_required
def conversation_detail(request, conversation_id: int):
    conversation = selectors.conversation_get_visible_to(
        actor=request.user, conversation_id=conversation_id
    )
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_post(
                actor=request.user,
                conversation=conversation,
                body=form.cleaned_data["body"],
                uploads=form.cleaned_data["files"],
            )
        except DomainError as error:
            apply_errors(form, error)
        else:
            if request.htmx:
                form = MessageForm()
            else:
                return redirect("conversation_detail", conversation_id=conversation.pk)
    services.conversation_mark_read(actor=request.user, conversation=conversation)
    context = {**_thread_context(request, conversation), "form": form}
    if request.htmx and request.method == "POST":  # the form's own htmx post: its part only
        return render(request, "engagement/_conversation_body.html", context)
    status = 400 if form.errors else 200
    return render(request, "engagement/conversation_detail.html", context, status=status)


@login_required
def conversation_messages(request, conversation_id: int):
    """The thread alone, for htmx to refresh every few seconds."""
    conversation = selectors.conversation_get_visible_to(
        actor=request.user, conversation_id=conversation_id
    )
    services.conversation_mark_read(actor=request.user, conversation=conversation)
    context = {
        "conversation": conversation,
        "thread": selectors.message_list(conversation=conversation),
    }
    return render(request, "engagement/_thread.html", context)


@login_required
@require_POST
def participant_add(request, conversation_id: int):
    conversation = selectors.conversation_get_visible_to(
        actor=request.user, conversation_id=conversation_id
    )
    user_id = request.POST.get("user", "")
    action_run(
        request,
        lambda: services.participant_add(
            actor=request.user,
            conversation=conversation,
            user_id=int(user_id) if user_id.isdigit() and len(user_id) < 12 else 0,
        ),
        gettext("The member now takes part in the conversation."),
    )
    return redirect("conversation_detail", conversation_id=conversation.pk)


@login_required
def message_attachment_download(request, message_file_id: int):
    attachment = selectors.message_attachment_get_visible_to(
        actor=request.user, attachment_id=message_file_id
    )
    return attachment_response(attachment, name="message-attachment")
