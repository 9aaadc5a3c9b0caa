"""What the security log listens to: sign-ins, sign-outs, second-factor steps, refused permissions.

A refused permission usually rolls back the transaction it happened in, so during a request its
record waits in a per-request list and is written when the request finishes (outside that
transaction); outside a request it is written at once, or after the surrounding commit.
"""

import ipaddress
import logging
from contextvars import ContextVar

from allauth.mfa import signals as mfa_signals
from django.contrib.auth import get_user_model
from django.contrib.auth import signals as auth_signals
from django.core import signals as request_signals
from django.db import connection, transaction

from cityhive.audit.models import SecurityEventKind
from cityhive.audit.services import security_event_record
from cityhive.core.events import subscribe
from cityhive.core.permissions import AccessDenied

logger = logging.getLogger(__name__)

# The WSGI environ of the request being served (the request's META is the same dict, so the
# address the trusted-proxy middleware settles on is the one read).
_environ: ContextVar[dict | None] = ContextVar("audit_environ", default=None)
_pending: ContextVar[list | None] = ContextVar("audit_pending", default=None)


def _ip(value) -> str | None:
    """The address when it is one (a column of addresses refuses anything else)."""
    try:
        return str(ipaddress.ip_address(str(value).strip()))
    except ValueError:
        return None


def _client(meta: dict | None) -> dict:
    meta = meta or {}
    return {
        "ip": _ip(meta.get("REMOTE_ADDR", "")),
        "user_agent": meta.get("HTTP_USER_AGENT", ""),
        "path": meta.get("PATH_INFO", ""),
    }


def _meta_of(request) -> dict | None:
    return getattr(request, "META", None) or _environ.get()


def on_request_started(sender, environ=None, **kwargs) -> None:
    _environ.set(environ if isinstance(environ, dict) else None)
    _pending.set([])


def on_request_finished(sender, **kwargs) -> None:
    rows, _ = _pending.get() or [], _pending.set(None)
    _environ.set(None)
    for row in rows:
        _record_safely(row)


def _record_safely(row: dict) -> None:
    try:
        with transaction.atomic():  # a failed write must not spoil the caller's transaction
            security_event_record(**row)
    except Exception:  # the log must never turn a finished request into an error
        logger.exception("Could not write a security event: %s", row.get("event"))


def on_access_denied(event: AccessDenied) -> None:
    row = {
        "event": SecurityEventKind.ACCESS_DENIED,
        "user": _user(event.user_id),
        "detail": f"{event.permission} {event.object_label}".strip(),
        **_client(_environ.get()),
    }
    pending = _pending.get()
    if connection.in_atomic_block and pending is not None:
        pending.append(row)
    elif connection.in_atomic_block:
        transaction.on_commit(lambda: _record_safely(row))
    else:
        _record_safely(row)


def _user(user_id):
    if user_id is None:
        return None
    return get_user_model().objects.filter(pk=user_id).first()


def _stored(user):
    """The user when their account still exists (signing out follows an account's deletion)."""
    if user is None or user.pk is None:
        return None
    return user if get_user_model().objects.filter(pk=user.pk).exists() else None


def _auth_event(kind: str, request, user=None, email: str = "", detail: str = "") -> None:
    user = _stored(user)
    email = email or (getattr(user, "email", "") if user else "")
    _record_safely(
        {
            "event": kind,
            "user": user,
            "email": email,
            "detail": detail,
            **_client(_meta_of(request)),
        }
    )


def on_signed_in(sender, request=None, user=None, **kwargs) -> None:
    _auth_event(SecurityEventKind.SIGNED_IN, request, user)


def on_signed_out(sender, request=None, user=None, **kwargs) -> None:
    _auth_event(SecurityEventKind.SIGNED_OUT, request, user)


def on_sign_in_failed(sender, credentials=None, request=None, **kwargs) -> None:
    credentials = credentials or {}
    email = credentials.get("email") or credentials.get("username") or ""
    _auth_event(SecurityEventKind.SIGN_IN_FAILED, request, email=str(email))


def on_second_factor_passed(sender, request=None, user=None, authenticator=None, **kwargs):
    _auth_event(SecurityEventKind.SECOND_FACTOR_PASSED, request, user, detail=_type(authenticator))


def on_second_factor_failed(sender, request=None, user=None, authenticator=None, **kwargs):
    _auth_event(SecurityEventKind.SECOND_FACTOR_FAILED, request, user, detail=_type(authenticator))


def _type(authenticator) -> str:
    return str(getattr(authenticator, "type", "") or "")


def subscribe_all() -> None:
    """Connect the security log to the sign-in signals and to refused permissions."""
    request_signals.request_started.connect(on_request_started, dispatch_uid="audit_started")
    request_signals.request_finished.connect(on_request_finished, dispatch_uid="audit_finished")
    auth_signals.user_logged_in.connect(on_signed_in, dispatch_uid="audit_signed_in")
    auth_signals.user_logged_out.connect(on_signed_out, dispatch_uid="audit_signed_out")
    auth_signals.user_login_failed.connect(on_sign_in_failed, dispatch_uid="audit_sign_in_failed")
    mfa_signals.authenticator_used.connect(on_second_factor_passed, dispatch_uid="audit_mfa_ok")
    mfa_signals.authentication_failed.connect(on_second_factor_failed, dispatch_uid="audit_mfa_no")
    subscribe(AccessDenied, on_access_denied)
