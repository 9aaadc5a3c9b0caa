"""Demo members: verified email addresses; programme managers get an authenticator app."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from cityhive.accounts.models import User

DEMO_PASSWORD = "cityhive-demo"  # noqa: S105 - printed for the demo on purpose
DEMO_DOMAIN = "demo.cityhive.example"
# A fixed base32 secret so the demo's programme manager can add it to an authenticator app.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPCITYHIVEDEMO2345"  # noqa: S105 - demo only, printed


def demo_user_ensure(*, email: str, name: str, staff: bool = False) -> User:
    """Create (or refresh) a demo member with a verified address; idempotent."""
    user, _ = User.objects.get_or_create(email=email, defaults={"name": name})
    user.name = name
    user.is_staff = staff
    user.set_password(DEMO_PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if staff and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user
