"""The actor of trusted operator tools (the command line): it may see and do everything."""

from django.contrib.auth.models import AnonymousUser


class SystemActor(AnonymousUser):
    """Used by management commands run by the platform's operators, never by a web request."""

    is_active = True
    is_staff = True

    @property
    def is_authenticated(self) -> bool:
        return True

    def has_perm(self, perm, obj=None) -> bool:
        return True

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()
