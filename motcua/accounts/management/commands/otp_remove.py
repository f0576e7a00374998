"""Remove a person's second factor (app and recovery codes) when the phone is lost."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.accounts.otp_services import second_factor_remove


class Command(BaseCommand):
    help = (
        "Remove the authenticator app and recovery codes of an account (lost phone). If the "
        "account requires two-step login, its owner sets up a new app at the next login."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No account has the username “%s”.") % username)
        removed = second_factor_remove(user=user, force=True)
        self.stdout.write(
            _("Removed %(count)d second-factor devices of %(username)s.")
            % {"count": removed, "username": username}
        )
