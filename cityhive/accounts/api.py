"""The signed-in member's own account over the API."""

from cityhive.accounts.auth import token_auth
from cityhive.accounts.schemas import ApiTokenOut, MeOut
from cityhive.accounts.selectors import api_token_list_for
from cityhive.accounts.services import api_token_revoke
from cityhive.core.api import Router

router = Router(auth=token_auth, tags=["account"])


@router.get("/me", response=MeOut)
def me_get(request):
    """Who am I"""
    user = request.auth
    return MeOut(
        id=user.pk, email=user.email, name=user.name, is_programme_manager=user.is_programme_manager
    )


@router.get("/tokens", response=list[ApiTokenOut])
def api_token_list(request):
    """My API tokens"""
    return list(api_token_list_for(actor=request.auth))


@router.post("/tokens/{token_id}/revoke", response=ApiTokenOut, operation_id="api_token_revoke")
def api_token_revoke_op(request, token_id: int):
    """Revoke one of my API tokens"""
    return api_token_revoke(actor=request.auth, token_id=token_id)
