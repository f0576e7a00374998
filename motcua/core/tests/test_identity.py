import pytest
from django.core.exceptions import ValidationError

from motcua.core.identity import PROVINCE_CODES, clean_id_number, clean_phone, mask


def test_province_codes_are_the_63_provinces():
    assert len(PROVINCE_CODES) == 63
    assert {"001", "008", "031", "048", "079", "096"} <= PROVINCE_CODES


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("008095001234", "008095001234"),
        ("035 199 000 123", "035199000123"),
        ("079-2-05-123456", "079205123456"),
    ],
)
def test_clean_id_number_accepts_twelve_digits_with_a_province_code(raw, clean):
    assert clean_id_number(raw) == clean


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("00809500123", "id_format"),
        ("0080950012345", "id_format"),
        ("00809500123A", "id_format"),
        ("003095001234", "id_province"),
        ("099095001234", "id_province"),
        ("", "id_format"),
    ],
)
def test_clean_id_number_refuses_bad_numbers(raw, code):
    with pytest.raises(ValidationError) as refused:
        clean_id_number(raw)

    assert refused.value.code == code


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("0912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
    ],
)
def test_clean_phone_normalises_vietnamese_numbers(raw, clean):
    assert clean_phone(raw) == clean


@pytest.mark.parametrize("raw", ["912345678", "09123456789", "abc", ""])
def test_clean_phone_refuses_other_shapes(raw):
    with pytest.raises(ValidationError):
        clean_phone(raw)


def test_mask_keeps_only_the_last_digits():
    assert mask("008095001234") == "*********234"
    assert mask("0912345678", keep=2) == "********78"
    assert mask("") == ""
