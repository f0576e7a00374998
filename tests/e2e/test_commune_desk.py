"""A commune's one-stop desk receives a commune procedure; it reaches the commune only.

The demo has no commune staff, so the test adds a desk officer and a processing officer
to Xã Năng Khả, as the district's administrator would. Every page on the way passes the
accessibility audit.
"""

import pytest
from journeys import Stops

from motcua.accounts.enums import Role
from motcua.accounts.models import User
from motcua.catalog.models import Offering
from motcua.organization.enums import AgencyKind
from motcua.organization.models import Agency

expect = pytest.importorskip("playwright.sync_api").expect

COMMUNE = "Xã Năng Khả"
BIRTH_REGISTRATION = "1.001193"  # Đăng ký khai sinh: a commune-level procedure
PASSWORD = "nang-kha-e2e"
APPLICANT = {
    "name": "Ma Văn Tùng",
    "id_number": "008096004321",
    "phone": "0987001122",
    "address": "Thôn Nà Khà, xã Năng Khả, huyện Nà Hang, tỉnh Tuyên Quang",
}


def commune_member(username: str, role: str, agency: Agency, full_name: str) -> User:
    user = User(username=username, role=role, agency=agency, full_name=full_name)
    user.set_password(PASSWORD)
    user.save()
    return user


def test_commune_desk_sends_birth_registration_to_the_commune_only(demo, ui, screenshot):
    page = ui.page
    stop = Stops("commune", "vi", screenshot)
    desk = Agency.objects.get(unit__name=COMMUNE, kind=AgencyKind.ONE_STOP_DESK)
    committee = Agency.objects.get(unit__name=COMMUNE, kind=AgencyKind.PEOPLES_COMMITTEE)
    assert Offering.objects.filter(
        agency=committee, procedure__code=BIRTH_REGISTRATION, is_active=True
    ).exists()
    commune_member("mc_nangkha", Role.DESK_OFFICER, desk, "Hà Thị Duyên")
    commune_member("tp_nangkha", Role.PROCESSING_OFFICER, committee, "Chẩu Văn Kiên")

    # The commune desk receives the dossier and passes it to the commune committee.
    ui.login("mc_nangkha", PASSWORD)
    page.goto("/staff/tiep-nhan/")
    stop(page, "reception")
    code = ui.receive_walk_in(
        query="dang ky khai sinh", codes={BIRTH_REGISTRATION}, applicant=APPLICANT
    )
    assert code.startswith(f"{desk.identifier}-"), code
    facts = page.locator("main dl.facts").first
    expect(facts).to_contain_text(committee.name)
    expect(facts).to_contain_text(desk.name)
    stop(page, "received", shot=True)
    ui.act("transfer_to_agency")
    stop(page, "transferred")
    ui.logout()

    # The commune's officer has it in the inbox.
    ui.login("tp_nangkha", PASSWORD)
    page.goto("/staff/ho-so/")
    expect(page.locator(f"main table.inbox a:has-text('{code}')")).to_have_count(1)
    stop(page, "inbox", shot=True)
    ui.logout()

    # The district's Phòng Tư pháp neither lists it nor may open it.
    ui.login("head")
    page.goto("/staff/ho-so/")
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator(f"main a:has-text('{code}')")).to_have_count(0)
    stop(page, "district-head-inbox", shot=True)
    response = page.goto(f"/staff/ho-so/{code}/")
    assert response.status == 404, response.status
    stop(page, "district-head-not-found")
