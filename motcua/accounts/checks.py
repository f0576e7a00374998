"""Start-up checks of the accounts' settings."""

from django.conf import settings
from django.core.checks import Error

from motcua.accounts.enums import STAFF_ROLES


def check_otp_required_roles(app_configs, **kwargs) -> list[Error]:
    """``MOTCUA_OTP_REQUIRED_ROLES`` names staff roles only: a typo would leave an
    account without the second factor it was meant to have."""
    unknown = sorted(set(settings.MOTCUA_OTP_REQUIRED_ROLES) - {r.value for r in STAFF_ROLES})
    if not unknown:
        return []
    return [
        Error(
            f"MOTCUA_OTP_REQUIRED_ROLES names roles that are not staff roles: {unknown}.",
            hint="Use values of motcua.accounts.enums.Role, e.g. administrator,unit_leader.",
            id="motcua.accounts.E001",
        )
    ]
