from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "motcua.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from motcua.accounts.checks import check_otp_required_roles

        checks.register(check_otp_required_roles)
