import pytest
from django.urls import reverse

from motcua.accounts.tests.factories import PASSWORD, StaffFactory, UserFactory
from motcua.accounts.tests.otp import login_verified
from motcua.organization.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_home_is_vietnamese_by_default(client):
    response = client.get("/")

    assert response.status_code == 200
    assert '<html lang="vi">' in response.text
    assert "Đăng nhập" in response.text


def test_home_is_vietnamese_even_for_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert '<html lang="vi">' in response.text


def test_language_switch_to_english_is_remembered(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response.cookies["motcua_language"].value == "en"
    page = client.get("/")
    assert '<html lang="en">' in page.text
    assert "Log in" in page.text
    assert "Đăng nhập" not in page.text


def test_language_switch_names_each_language_in_itself(client):
    text = client.get("/").text

    assert 'class="current">Tiếng Việt</button>' in text
    assert 'lang="en">English</button>' in text


def test_language_switch_is_on_every_page(client):
    for url in ["/", reverse("accounts:login"), reverse("accounts:password_reset")]:
        text = client.get(url).text
        assert 'name="language" value="vi"' in text, url
        assert 'name="language" value="en"' in text, url


def test_unknown_page_is_a_translated_404(client):
    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.text


def test_login_takes_staff_to_their_workspace(client):
    staff = StaffFactory()

    response = client.post(
        reverse("accounts:login"), {"username": staff.username, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:home")


def test_login_with_wrong_password_says_so_in_vietnamese(client):
    staff = StaffFactory()

    response = client.post(
        reverse("accounts:login"), {"username": staff.username, "password": "wrong"}
    )

    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.text


def test_workspace_lists_only_agencies_in_scope(client):
    staff = StaffFactory()
    other = AgencyFactory()
    client.force_login(staff)

    response = client.get(reverse("backoffice:home"))

    assert response.status_code == 200
    assert staff.agency.name in response.text
    assert other.name not in response.text


def test_workspace_sends_anonymous_visitors_to_login(client):
    response = client.get(reverse("backoffice:home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_workspace_sends_citizens_to_their_own_dossiers(client):
    client.force_login(UserFactory())

    response = client.get(reverse("backoffice:home"))

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:my_dossiers")


def test_password_reset_does_not_reveal_whether_an_account_exists(client, mailoutbox):
    UserFactory(email="known@example.org")

    known = client.post(reverse("accounts:password_reset"), {"email": "known@example.org"})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["known@example.org"]


def test_admin_lists_units_for_an_administrator(client, admin_user):
    login_verified(client, admin_user)

    response = client.get(reverse("admin:organization_administrativeunit_changelist"))

    assert response.status_code == 200
