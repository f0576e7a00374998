from django.db import models
from django.utils.translation import pgettext_lazy

from motcua.organization.enums import UnitLevel


class Tier(models.TextChoices):
    """The level of government a unit belongs to, as reports group it."""

    PROVINCE = "province", pgettext_lazy("tier", "Provincial level")
    DISTRICT = "district", pgettext_lazy("tier", "District level")
    COMMUNE = "commune", pgettext_lazy("tier", "Commune level")


TIER_OF_LEVEL = {
    UnitLevel.PROVINCE: Tier.PROVINCE,
    UnitLevel.DISTRICT: Tier.DISTRICT,
    UnitLevel.CITY: Tier.DISTRICT,
    UnitLevel.COMMUNE: Tier.COMMUNE,
    UnitLevel.WARD: Tier.COMMUNE,
    UnitLevel.TOWN: Tier.COMMUNE,
}
TIER_ORDER = [Tier.PROVINCE, Tier.DISTRICT, Tier.COMMUNE]
