from django.db import models
from django.utils.translation import pgettext_lazy


class RecordKind(models.TextChoices):
    """What kind of record holding personal data a member of staff opened."""

    DOSSIER = "dossier", pgettext_lazy("record kind", "Dossier")
    FEEDBACK = "feedback", pgettext_lazy("record kind", "Feedback")
    REGISTER = "register", pgettext_lazy("record kind", "Register")


class AccessKind(models.TextChoices):
    """How the record was opened."""

    VIEW = "view", pgettext_lazy("access kind", "Viewed")
    FILE = "file", pgettext_lazy("access kind", "File downloaded")
    SLIP = "slip", pgettext_lazy("access kind", "Slip printed")
    EXPORT = "export", pgettext_lazy("access kind", "Exported")


class PrivacyAction(models.TextChoices):
    DATA_EXPORTED = "data_exported", pgettext_lazy("privacy action", "Own data downloaded")
    ACCOUNT_DELETED = "account_deleted", pgettext_lazy("privacy action", "Account deleted")
    PURGED = "purged", pgettext_lazy("privacy action", "Expired data purged")
