"""Sessions as the sign-in leaves them, for tests that are not about signing in.

Tests of signing in itself go through the forms (accounts/tests/test_mfa.py).
"""

import time

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.internal.flows.login import _AUTHENTICATION_METHODS_USER_SESSION_KEY
from allauth.mfa.models import Authenticator


def sign_in(client, user) -> None:
    """Sign the member in with their password and, when they have one, their authenticator."""
    client.force_login(user)
    session = client.session
    records = [{"method": "password", "at": time.time(), "email": user.email}]
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is not None:
        records.append({"method": "mfa", "at": time.time(), "id": authenticator.pk, "type": "totp"})
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()
