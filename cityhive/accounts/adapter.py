"""How allauth's flows hand over to CityHive's services."""

from allauth.account.adapter import DefaultAccountAdapter

from cityhive.accounts.services import user_password_set


class AccountAdapter(DefaultAccountAdapter):
    """Password changes and resets go through `user_password_set` (which revokes API tokens)."""

    def set_password(self, user, password) -> None:
        user_password_set(user=user, password=password)
