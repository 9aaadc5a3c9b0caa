"""The member's own data across every domain, over the API (the account's tag)."""

from typing import Any

from cityhive.accounts.auth import token_auth
from cityhive.core.api import Router
from cityhive.site.privacy import user_data_export

router = Router(auth=token_auth, tags=["account"])


@router.get(
    "/me/data",
    response=dict[str, Any],
    operation_id="user_data_export",
    description=(
        "The same JSON as the download on the Your data page: the account, email addresses, "
        "memberships, invitations, API tokens (never their keys), authenticators (never their "
        "secrets), organisations verified, implementations confirmed, administration changes "
        "and sessions."
    ),
)
def user_data_export_op(request):
    """Everything CityHive holds about me"""
    return user_data_export(actor=request.auth)
