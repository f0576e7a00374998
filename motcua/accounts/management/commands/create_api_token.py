"""Make an API token for an integration and print it once."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from motcua.accounts.enums import TokenScope
from motcua.accounts.models import User
from motcua.accounts.services import api_token_create
from motcua.core.errors import DomainError
from motcua.organization.models import Agency


def agency_for(text: str | None) -> Agency | None:
    """An agency by database id or by its identifier (QCVN 102 code)."""
    if text is None:
        return None
    text = text.strip()
    match = Q(identifier__iexact=text)
    if text.isdigit():
        match |= Q(pk=int(text))
    found = list(Agency.objects.filter(match)[:2])
    if len(found) != 1:
        raise CommandError(_("No single agency has the id or code “%s”.") % text)
    return found[0]


class Command(BaseCommand):
    help = (
        "Make an API token for an integration. The token is printed once: store it in the "
        "integration's secrets; only a digest is kept here."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="who uses it, e.g. the provincial portal")
        parser.add_argument("--scope", required=True, choices=TokenScope.values)
        parser.add_argument("--agency", help="agency id or code the token is limited to")
        parser.add_argument("--user", help="username of the staff account the token acts for")

    def handle(self, *args, name, scope, agency, user, **options):
        account = None
        if user is not None:
            account = User.objects.filter(username=user).select_related("agency").first()
            if account is None:
                raise CommandError(_("No account has the username “%s”.") % user)
        try:
            token, text = api_token_create(
                name=name, scope=scope, agency=agency_for(agency), user=account
            )
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(
            _("Token “%(name)s” (%(key)s) made; it is not shown again:")
            % {"name": token.name, "key": token.key_id}
        )
        self.stdout.write(text)
