from django.db import models
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    CITIZEN = "citizen", pgettext_lazy("role", "Citizen")
    DESK_OFFICER = "desk_officer", pgettext_lazy("role", "Desk officer")
    PROCESSING_OFFICER = "processing_officer", pgettext_lazy("role", "Processing officer")
    AGENCY_HEAD = "agency_head", pgettext_lazy("role", "Agency head")
    UNIT_LEADER = "unit_leader", pgettext_lazy("role", "Unit leader")
    ADMINISTRATOR = "administrator", pgettext_lazy("role", "Administrator")
    INSPECTOR = "inspector", pgettext_lazy("role", "Inspector")


STAFF_ROLES = frozenset(set(Role) - {Role.CITIZEN})
# Roles that see every agency of their unit and of the units below it.
UNIT_WIDE_ROLES = frozenset({Role.UNIT_LEADER, Role.ADMINISTRATOR, Role.INSPECTOR})
# Roles that may change nothing.
READ_ONLY_ROLES = frozenset({Role.INSPECTOR, Role.CITIZEN})


class TokenScope(models.TextChoices):
    """What an integration's API token may do: read, or read and write."""

    READ = "read", pgettext_lazy("token scope", "Read")
    WRITE = "write", pgettext_lazy("token scope", "Read and write")
