import pytest

from motcua.accounts.enums import Role
from motcua.outreach.enums import PostKind, PostStatus
from motcua.outreach.models import Post
from motcua.outreach.services import (
    NotAnEditor,
    PostStatusChanged,
    TitleRequired,
    post_create,
    post_publish,
    post_slug,
    post_unpublish,
    post_update,
)
from motcua.outreach.tests.factories import (
    content,
    district_with_commune,
    draft,
    published,
    staff_of,
    vn,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    return district_with_commune()


@pytest.fixture
def editor(units):
    return staff_of(units[0])


def test_post_slug_folds_vietnamese_into_ascii():
    assert post_slug("Điều chỉnh giờ làm việc dịp Tết Nguyên đán!") == (
        "dieu-chinh-gio-lam-viec-dip-tet-nguyen-dan"
    )


def test_post_create_saves_a_draft_written_by_the_editor(editor, units):
    post = draft(editor, units[1], kind=PostKind.ANNOUNCEMENT, title="  Thông báo nghỉ lễ  ")

    stored = Post.objects.get(pk=post.pk)
    assert (stored.status, stored.kind, stored.title, stored.slug) == (
        PostStatus.DRAFT,
        PostKind.ANNOUNCEMENT,
        "Thông báo nghỉ lễ",
        "thong-bao-nghi-le",
    )
    assert (stored.unit, stored.author, stored.updated_by, stored.published_at) == (
        units[1],
        editor,
        editor,
        None,
    )


def test_post_create_gives_a_repeated_title_its_own_address(editor):
    slugs = [draft(editor, title="Lịch tiếp công dân").slug for _ in range(3)]

    assert slugs == ["lich-tiep-cong-dan", "lich-tiep-cong-dan-2", "lich-tiep-cong-dan-3"]


def test_post_create_requires_a_vietnamese_title_and_text(editor):
    with pytest.raises(TitleRequired):
        draft(editor, title="   ")
    with pytest.raises(TitleRequired):
        draft(editor, body="")
    assert not Post.objects.exists()


def test_post_create_refuses_a_unit_outside_the_editors_tree(units):
    commune_leader = staff_of(units[1], Role.UNIT_LEADER)

    with pytest.raises(NotAnEditor) as refused:
        draft(commune_leader, units[0])

    assert str(refused.value) == "Bạn không được viết tin cho Huyện Thử Nghiệm."


@pytest.mark.parametrize(
    "role", [Role.DESK_OFFICER, Role.PROCESSING_OFFICER, Role.AGENCY_HEAD, Role.INSPECTOR]
)
def test_post_create_refuses_staff_who_are_not_editors(units, role):
    with pytest.raises(NotAnEditor):
        post_create(actor=staff_of(units[0], role), unit=units[0], content=content())


def test_post_update_changes_the_texts_and_follows_the_title_while_a_draft(editor, units):
    post = draft(editor)
    other = staff_of(units[0], Role.UNIT_LEADER)

    post_update(
        post=post,
        actor=other,
        unit=units[1],
        content=content(title="Tiêu đề mới", title_en="New title", body_en="Text.", pinned=True),
    )

    stored = Post.objects.get(pk=post.pk)
    assert (stored.title, stored.slug, stored.title_en, stored.body_en, stored.pinned) == (
        "Tiêu đề mới",
        "tieu-de-moi",
        "New title",
        "Text.",
        True,
    )
    assert (stored.unit, stored.author, stored.updated_by) == (units[1], editor, other)


def test_post_update_keeps_the_address_once_published(editor):
    post = published(editor)

    post_update(post=post, actor=editor, content=content(title="Tiêu đề đã sửa"))

    assert Post.objects.get(pk=post.pk).slug == "dang-ky-khai-sinh-truc-tuyen"


def test_post_update_refuses_moving_a_post_out_of_the_editors_tree(units):
    commune_leader = staff_of(units[1], Role.UNIT_LEADER)
    post = draft(commune_leader)

    with pytest.raises(NotAnEditor):
        post_update(post=post, actor=commune_leader, unit=units[0], content=content())


def test_post_publish_records_who_and_when(editor):
    post = post_publish(post=draft(editor), actor=editor, at=vn(2026, 3, 2, 10))

    stored = Post.objects.get(pk=post.pk)
    assert (stored.status, stored.published_at) == (PostStatus.PUBLISHED, vn(2026, 3, 2, 10))
    assert (stored.status_changed_at, stored.status_changed_by) == (vn(2026, 3, 2, 10), editor)


def test_post_publish_again_after_withdrawal_keeps_the_first_date(editor):
    post = published(editor, at=vn(2026, 3, 2))
    post_unpublish(post=post, actor=editor, at=vn(2026, 3, 3))

    post_publish(post=post, actor=editor, at=vn(2026, 3, 4))

    stored = Post.objects.get(pk=post.pk)
    assert (stored.status, stored.published_at, stored.status_changed_at) == (
        PostStatus.PUBLISHED,
        vn(2026, 3, 2),
        vn(2026, 3, 4),
    )


def test_post_publish_refuses_a_post_already_published(editor):
    post = published(editor)
    stale = Post.objects.get(pk=post.pk)
    stale.status = PostStatus.DRAFT  # what another editor's page still shows

    with pytest.raises(PostStatusChanged) as refused:
        post_publish(post=stale, actor=editor)

    assert "không còn ở trạng thái Bản nháp" in str(refused.value)


def test_post_unpublish_withdraws_a_published_post(editor):
    post = post_unpublish(post=published(editor), actor=editor, at=vn(2026, 3, 5))

    stored = Post.objects.get(pk=post.pk)
    assert (stored.status, stored.status_changed_at) == (PostStatus.ARCHIVED, vn(2026, 3, 5))


def test_post_unpublish_refuses_a_draft(editor):
    with pytest.raises(PostStatusChanged):
        post_unpublish(post=draft(editor), actor=editor)


def test_post_publish_refuses_an_editor_of_another_unit(units, editor):
    post = draft(editor, units[0])
    commune_leader = staff_of(units[1], Role.UNIT_LEADER)

    with pytest.raises(NotAnEditor):
        post_publish(post=post, actor=commune_leader)
    assert Post.objects.get(pk=post.pk).status == PostStatus.DRAFT
