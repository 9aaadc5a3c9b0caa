"""Programme managers run the admin site: they hold every model-level permission."""

from django.contrib.auth.backends import BaseBackend


class ProgrammeManagerBackend(BaseBackend):
    """Grants active staff the model permissions the admin asks for (never object permissions)."""

    def has_perm(self, user_obj, perm, obj=None):
        return obj is None and user_obj.is_active and user_obj.is_staff

    def has_module_perms(self, user_obj, app_label):
        return user_obj.is_active and user_obj.is_staff
