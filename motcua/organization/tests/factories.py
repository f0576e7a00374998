import factory

from motcua.organization.enums import AgencyKind, UnitLevel
from motcua.organization.models import AdministrativeUnit, Agency


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit

    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    level = UnitLevel.COMMUNE
    code = factory.Sequence(lambda n: f"T{n:05d}")
    identifier = factory.Sequence(lambda n: f"{n % 1000:03d}.{n // 1000 % 100:02d}.99.H99")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"Phòng Thử nghiệm {n}")
    kind = AgencyKind.SPECIALISED
    identifier = factory.Sequence(lambda n: f"{n % 1000:03d}.{n // 1000 % 100:02d}.98.H98")
