from django.db import models
from django.utils.translation import pgettext_lazy

# Time units belong to the calendar; the catalogue re-exports them for its own modules.
from motcua.workdays.enums import TimeUnit  # noqa: F401


class OnlineLevel(models.TextChoices):
    FULL = "full", pgettext_lazy("online level", "Fully online")
    PARTIAL = "partial", pgettext_lazy("online level", "Partly online")
    NONE = "none", pgettext_lazy("online level", "Not online")


class ProcedureStatus(models.TextChoices):
    IN_FORCE = "in_force", pgettext_lazy("procedure status", "In force")
    ABOLISHED = "abolished", pgettext_lazy("procedure status", "Abolished")


class VersionState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("version state", "Draft")
    PUBLISHED = "published", pgettext_lazy("version state", "Published")
    SUPERSEDED = "superseded", pgettext_lazy("version state", "Superseded")


class ProcedureLevel(models.TextChoices):
    PROVINCE = "province", pgettext_lazy("procedure level", "Province")
    DISTRICT = "district", pgettext_lazy("procedure level", "District")
    COMMUNE = "commune", pgettext_lazy("procedure level", "Commune")


class ChannelKind(models.TextChoices):
    DESK = "desk", pgettext_lazy("channel", "At the desk")
    POST = "post", pgettext_lazy("channel", "By public post")
    ONLINE = "online", pgettext_lazy("channel", "Online")


class Performer(models.TextChoices):
    """Who performs a step of an internal process, relative to the offering agency."""

    DESK = "desk", pgettext_lazy("performer", "The unit's one-stop desk")
    AGENCY = "agency", pgettext_lazy("performer", "The offering agency")
    COMMITTEE = "committee", pgettext_lazy("performer", "The unit's People's Committee")
    PARENT_AGENCY = "parent_agency", pgettext_lazy("performer", "An agency of the level above")
    SPECIFIC = "specific", pgettext_lazy("performer", "A named agency")


class PausePolicy(models.TextChoices):
    """What a supplement or payment pause does to the time limit."""

    SHIFT = "shift", pgettext_lazy("pause policy", "Shift the due date by the paused time")
    RESTART = "restart", pgettext_lazy("pause policy", "Restart the full time on resubmission")
