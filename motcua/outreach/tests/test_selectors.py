import pytest

from motcua.accounts.enums import Role
from motcua.outreach.selectors import (
    post_get_public,
    post_list_for_staff,
    post_list_public,
    post_unit_choices,
)
from motcua.outreach.services import post_unpublish
from motcua.outreach.tests.factories import (
    district_with_commune,
    draft,
    published,
    staff_of,
    vn,
)

pytestmark = pytest.mark.django_db


def test_post_list_public_shows_published_posts_pinned_first_then_newest():
    editor = staff_of(district_with_commune()[0])
    old = published(editor, title="Cũ", at=vn(2026, 1, 5))
    new = published(editor, title="Mới", at=vn(2026, 3, 5))
    pinned = published(editor, title="Ghim", pinned=True, at=vn(2025, 12, 1))
    draft(editor, title="Nháp")
    post_unpublish(post=published(editor, title="Đã gỡ"), actor=editor)

    assert list(post_list_public()) == [pinned, new, old]
    assert list(post_list_public(limit=2)) == [pinned, new]


def test_post_get_public_finds_only_published_posts():
    editor = staff_of(district_with_commune()[0])
    shown = published(editor, title="Công khai")
    hidden = draft(editor, title="Bản nháp")

    assert post_get_public(slug=shown.slug) == shown
    assert post_get_public(slug=hidden.slug) is None
    assert post_get_public(slug="khong-co") is None


def test_post_list_for_staff_covers_the_editors_unit_and_those_below():
    district, commune = district_with_commune()
    district_admin = staff_of(district)
    commune_leader = staff_of(commune, Role.UNIT_LEADER)
    district_post = draft(district_admin, district)
    commune_post = draft(commune_leader, commune)
    elsewhere = draft(staff_of(district_with_commune()[0]))

    assert set(post_list_for_staff(user=district_admin)) == {district_post, commune_post}
    assert list(post_list_for_staff(user=commune_leader)) == [commune_post]
    assert elsewhere not in post_list_for_staff(user=district_admin)


@pytest.mark.parametrize("role", [Role.PROCESSING_OFFICER, Role.AGENCY_HEAD, Role.INSPECTOR])
def test_post_list_for_staff_is_empty_for_staff_who_do_not_edit_news(role):
    district, _ = district_with_commune()
    draft(staff_of(district))

    assert not post_list_for_staff(user=staff_of(district, role)).exists()
    assert not post_unit_choices(user=staff_of(district, role)).exists()


def test_post_unit_choices_are_the_editors_unit_tree():
    district, commune = district_with_commune()

    assert list(post_unit_choices(user=staff_of(district))) == sorted(
        [district, commune], key=lambda u: u.code
    )
    assert list(post_unit_choices(user=staff_of(commune, Role.UNIT_LEADER))) == [commune]
