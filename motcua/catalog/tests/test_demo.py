from io import StringIO

import pytest
from django.core.management import call_command

from motcua.catalog.enums import ProcedureLevel
from motcua.catalog.models import Offering, Procedure
from motcua.catalog.selectors import procedure_list_public
from motcua.catalog.services import process_check
from motcua.organization.enums import AgencyKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())


def test_demo_catalogue_posts_at_least_40_procedures_at_both_levels(demo):
    assert procedure_list_public().count() >= 40
    assert procedure_list_public(level=ProcedureLevel.COMMUNE).count() >= 20
    assert procedure_list_public(level=ProcedureLevel.DISTRICT).count() >= 15


def test_demo_catalogue_is_offered_by_every_commune_and_the_district_agencies(demo):
    birth = Procedure.objects.get(code="1.001193")
    kinds = list(birth.offerings.values_list("agency__kind", flat=True))
    assert kinds == [AgencyKind.PEOPLES_COMMITTEE] * 12
    assert Offering.objects.filter(agency__kind=AgencyKind.SPECIALISED).exists()


def test_demo_internal_processes_add_up_to_the_legal_time_limits(demo):
    offerings = Offering.objects.select_related("procedure__current_version").prefetch_related(
        "process", "procedure__current_version__cases"
    )
    for offering in offerings:
        steps = [{"case": s.case_name, "quota": str(s.quota)} for s in offering.process.all()]
        process_check(steps=steps, version=offering.procedure.current_version)


def test_demo_search_without_diacritics_finds_birth_registration(demo):
    names = [p.current_version.name for p in procedure_list_public(query="dang ky khai sinh")]

    assert "Đăng ký khai sinh" in names
