"""The signed-in member's own account over the API."""

from ninja import Router

from cityhive.accounts.auth import token_auth
from cityhive.accounts.schemas import ApiTokenOut, MeOut
from cityhive.accounts.selectors import api_token_list_for
from cityhive.accounts.services import api_token_revoke

router = Router(auth=token_auth, tags=["account"])


@router.get("/me", response=MeOut, summary="Who am I")
def me_get(request):
    user = request.auth
    return MeOut(
        id=user.pk, email=user.email, name=user.name, is_programme_manager=user.is_programme_manager
    )


@router.get(
    "/tokens",
    response=list[ApiTokenOut],
    summary="My API tokens",
)
def api_token_list(request):
    return list(api_token_list_for(actor=request.auth))


@router.post(
    "/tokens/{token_id}/revoke",
    response=ApiTokenOut,
    operation_id="api_token_revoke",
    summary="Revoke one of my API tokens",
)
def api_token_revoke_op(request, token_id: int):
    return api_token_revoke(actor=request.auth, token_id=token_id)
