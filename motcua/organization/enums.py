from django.db import models
from django.utils.translation import pgettext_lazy


class UnitLevel(models.TextChoices):
    PROVINCE = "province", pgettext_lazy("unit level", "Province")
    CITY = "city", pgettext_lazy("unit level", "Provincial city")
    DISTRICT = "district", pgettext_lazy("unit level", "District")
    COMMUNE = "commune", pgettext_lazy("unit level", "Commune")
    WARD = "ward", pgettext_lazy("unit level", "Ward")
    TOWN = "town", pgettext_lazy("unit level", "Town")


class UnitClass(models.TextChoices):
    I = "I", pgettext_lazy("unit class", "Class I")  # noqa: E741
    II = "II", pgettext_lazy("unit class", "Class II")
    III = "III", pgettext_lazy("unit class", "Class III")


class AgencyKind(models.TextChoices):
    PEOPLES_COMMITTEE = "committee", pgettext_lazy("agency kind", "People's Committee")
    SPECIALISED = "specialised", pgettext_lazy("agency kind", "Specialised agency")
    PUBLIC_SERVICE = "public_service", pgettext_lazy("agency kind", "Public service unit")
    ONE_STOP_DESK = "one_stop_desk", pgettext_lazy("agency kind", "One-stop desk")
    SERVICE_CENTRE = (
        "service_centre",
        pgettext_lazy("agency kind", "Public administration service centre"),
    )
    OTHER = "other", pgettext_lazy("agency kind", "Other")


# Kinds whose staff receive dossiers from the public.
RECEPTION_KINDS = frozenset({AgencyKind.ONE_STOP_DESK, AgencyKind.SERVICE_CENTRE})
