import pytest
from django.urls import reverse

from motcua.accounts.enums import Role
from motcua.accounts.tests.factories import UserFactory
from motcua.accounts.tests.otp import login_verified
from motcua.outreach.enums import PostStatus
from motcua.outreach.models import Post
from motcua.outreach.tests.factories import district_with_commune, draft, published, staff_of, vn

pytestmark = pytest.mark.django_db

FORM = {
    "kind": "news",
    "title": "Tập huấn nghiệp vụ",
    "summary": "",
    "body": "Nội dung.",
    "title_en": "",
    "summary_en": "",
    "body_en": "",
}


@pytest.fixture
def district():
    return district_with_commune()[0]


@pytest.fixture
def editor(district):
    return staff_of(district, Role.UNIT_LEADER)


def english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


# Staff screens -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [Role.DESK_OFFICER, Role.PROCESSING_OFFICER, Role.AGENCY_HEAD, Role.INSPECTOR]
)
def test_news_screens_are_forbidden_to_other_staff(client, district, role):
    post = draft(staff_of(district))
    client.force_login(staff_of(district, role))

    for url in [
        reverse("backoffice:news_list"),
        reverse("backoffice:news_create"),
        reverse("backoffice:news_edit", args=[post.pk]),
        reverse("backoffice:news_preview", args=[post.pk]),
    ]:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("backoffice:news_publish", args=[post.pk])).status_code == 403


def test_news_screens_are_forbidden_to_citizens_and_ask_strangers_to_log_in(client):
    assert client.get(reverse("backoffice:news_list"))["Location"].startswith(
        reverse("accounts:login")
    )
    client.force_login(UserFactory(role=Role.CITIZEN))
    assert client.get(reverse("backoffice:news_list")).status_code == 403


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.UNIT_LEADER])
def test_news_list_shows_the_editors_posts(client, district, role):
    draft(staff_of(district), title="Bài của huyện")
    draft(staff_of(district_with_commune()[0]), title="Bài nơi khác")
    login_verified(client, staff_of(district, role))

    page = client.get(reverse("backoffice:news_list"))

    assert page.status_code == 200
    assert "Bài của huyện" in page.text and "Bài nơi khác" not in page.text
    assert "Bản nháp" in page.text


def test_news_create_saves_a_draft_and_shows_its_preview(client, editor, district):
    client.force_login(editor)

    response = client.post(reverse("backoffice:news_create"), {**FORM, "unit": district.pk})

    post = Post.objects.get()
    assert response["Location"] == reverse("backoffice:news_preview", args=[post.pk])
    assert (post.status, post.author, post.slug) == (PostStatus.DRAFT, editor, "tap-huan-nghiep-vu")
    preview = client.get(response["Location"])
    assert "Đã lưu bản nháp. Hãy xem trước rồi đăng lên cổng thông tin." in preview.text
    assert "Xem trước bằng tiếng Việt" in preview.text


def test_news_create_explains_mistakes_in_vietnamese(client, editor, district):
    client.force_login(editor)

    response = client.post(
        reverse("backoffice:news_create"),
        {**FORM, "unit": district.pk, "title": "", "title_en": "Training"},
    )

    assert response.status_code == 400
    assert "Trường này là bắt buộc." in response.text
    assert "Hãy viết cả tiêu đề và nội dung tiếng Anh, hoặc bỏ trống cả hai." in response.text
    assert not Post.objects.exists()


def test_news_create_offers_only_units_of_the_editors_tree(client, district):
    other = district_with_commune()[0]
    login_verified(client, staff_of(district))

    response = client.post(reverse("backoffice:news_create"), {**FORM, "unit": other.pk})

    assert response.status_code == 400
    assert not Post.objects.exists()


def test_news_edit_changes_the_post(client, editor, district):
    post = draft(editor)
    client.force_login(editor)

    form = client.get(reverse("backoffice:news_edit", args=[post.pk]))
    response = client.post(
        reverse("backoffice:news_edit", args=[post.pk]),
        {**FORM, "unit": district.pk, "title": "Tiêu đề đã sửa", "pinned": "on"},
    )

    assert 'value="Đăng ký khai sinh trực tuyến"' in form.text
    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.title, post.pinned) == ("Tiêu đề đã sửa", True)


def test_news_edit_of_a_post_outside_the_tree_is_not_found(client, editor):
    elsewhere = draft(staff_of(district_with_commune()[0]))
    client.force_login(editor)

    assert client.get(reverse("backoffice:news_edit", args=[elsewhere.pk])).status_code == 404


def test_publish_then_withdraw_controls_the_public_page(client, editor):
    post = draft(editor)
    public_url = reverse("portal:news_detail", args=[post.slug])
    client.force_login(editor)

    client.post(reverse("backoffice:news_publish", args=[post.pk]))
    shown = client.get(public_url)
    client.post(reverse("backoffice:news_unpublish", args=[post.pk]))
    withdrawn = client.get(public_url)

    assert shown.status_code == 200
    assert withdrawn.status_code == 404


def test_publishing_twice_says_why_it_was_refused(client, editor):
    post = published(editor)
    client.force_login(editor)

    response = client.post(reverse("backoffice:news_publish", args=[post.pk]), follow=True)

    assert "không còn ở trạng thái" in response.text


# Public pages ------------------------------------------------------------------------------------


def test_public_news_page_lists_published_posts_only(client, editor):
    published(editor, title="Tin đã đăng")
    draft(editor, title="Tin còn nháp")

    page = client.get(reverse("portal:news_list"))

    assert page.status_code == 200
    assert "Tin đã đăng" in page.text and "Tin còn nháp" not in page.text


def test_public_news_page_is_paged(client, editor):
    for day in range(1, 13):
        published(editor, title=f"Tin số {day}", at=vn(2026, 3, day))

    first = client.get(reverse("portal:news_list"))
    second = client.get(reverse("portal:news_list"), {"page": 2})

    assert "Tin số 12" in first.text and "Tin số 2<" not in first.text
    assert "Trang 1 / 2" in first.text
    assert "Tin số 2<" in second.text


def test_draft_is_not_found_publicly(client, editor):
    post = draft(editor)

    assert client.get(reverse("portal:news_detail", args=[post.slug])).status_code == 404


def test_post_text_is_shown_as_paragraphs_never_as_html(client, editor):
    post = published(editor, body="<script>alert(1)</script>\n\nĐoạn hai\ndòng mới")

    text = client.get(reverse("portal:news_detail", args=[post.slug])).text

    assert "<script>alert(1)" not in text
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" in text
    assert "<p>Đoạn hai<br>dòng mới</p>" in text


def test_english_page_shows_the_english_text(client, editor):
    post = published(editor, title_en="Online birth registration", body_en="English text.")
    english(client)

    text = client.get(reverse("portal:news_detail", args=[post.slug])).text

    assert "<h1>Online birth registration</h1>" in text
    assert "English text." in text and "Đoạn thứ nhất." not in text


def test_english_page_falls_back_to_vietnamese_marked_as_such(client, editor):
    post = published(editor)
    english(client)

    text = client.get(reverse("portal:news_detail", args=[post.slug])).text

    assert '<h1 lang="vi">Đăng ký khai sinh trực tuyến</h1>' in text
    assert "This post is available in Vietnamese only." in text


def test_home_shows_the_latest_posts_pinned_first_and_the_lookup_box(client, editor):
    for day in range(1, 6):
        published(editor, title=f"Tin ngày {day}", at=vn(2026, 3, day))
    published(editor, title="Thông báo ghim", pinned=True, at=vn(2026, 1, 1))

    text = client.get(reverse("portal:home")).text

    assert text.index("Thông báo ghim") < text.index("Tin ngày 5") < text.index("Tin ngày 3")
    assert "Tin ngày 2" not in text
    assert 'action="/tra-cuu/"' in text
    assert 'name="code"' in text and 'name="secret"' in text
    assert "Mã hồ sơ" in text and "Mã tra cứu hoặc 4 số cuối điện thoại" in text
    assert "Tìm thủ tục hành chính" in text


def test_nav_links_to_news_and_statistics(client):
    text = client.get(reverse("portal:home")).text

    assert f'href="{reverse("portal:news_list")}"' in text
    assert f'href="{reverse("portal:statistics")}"' in text
    assert ">Tin tức</a>" in text and ">Thống kê</a>" in text
