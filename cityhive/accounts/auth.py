"""How API callers authenticate: a personal API token, or nobody for public reads."""

from django.http import HttpRequest
from ninja.security import HttpBearer

from cityhive.accounts.selectors import user_has_totp
from cityhive.accounts.services import api_token_authenticate
from cityhive.core.api import anonymous


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer chv_...` with a personal API token."""

    openapi_description = "A personal API token, created on your account's API tokens page."

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_authenticate(key=token)
        if user is None or (user.is_staff and not user_has_totp(user)):
            return None
        request.user = user
        return user


token_auth = ApiTokenAuth()
public_auth = [token_auth, anonymous]
