from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from motcua.core.templatetags.motcua import vnd
from motcua.core.text import fold


@pytest.mark.django_db
def test_project_has_no_pending_migrations():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=StringIO())
    except SystemExit:  # pragma: no cover - only reached when a migration is missing
        pytest.fail(f"Pending migrations:\n{out.getvalue()}")


def test_locale_vietnamese_catalogue_is_compiled_and_used():
    with translation.override("vi"):
        assert translation.gettext("Log in") == "Đăng nhập"
        assert translation.pgettext("role", "Desk officer") == "Công chức Bộ phận Một cửa"


def test_locale_english_keeps_english_text():
    with translation.override("en"):
        assert translation.gettext("Log in") == "Log in"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đăng ký khai sinh", "dang ky khai sinh"),
        ("  CHỨNG   THỰC bản sao ", "chung thuc ban sao"),
        ("đđ ĐĐ", "dd dd"),
        ("Hộ kinh doanh", "ho kinh doanh"),
        ("", ""),
    ],
)
def test_fold_removes_case_and_diacritics(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("amount", "shown"), [(1500000, "1.500.000 đ"), (50000, "50.000 đ"), (8000, "8.000 đ")]
)
def test_vnd_separates_thousands_with_dots(amount, shown):
    assert vnd(amount) == shown


def test_vnd_says_free_for_zero():
    with translation.override("vi"):
        assert vnd(0) == "Miễn phí"
