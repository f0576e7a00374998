"""Vietnamese identity numbers and phone numbers (DOMAIN.md §9)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Province codes of the 12-digit personal identification number (63 provinces before 2025),
# positions 1–3: the province where the birth was registered.
PROVINCE_CODES = frozenset(
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 "
    "035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 "
    "070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096".split()
)
_ID = re.compile(r"^\d{12}$")
_PHONE = re.compile(r"^0\d{9}$")


def clean_id_number(value: str) -> str:
    """A 12-digit personal identification number with a known province code."""
    number = re.sub(r"[\s.-]", "", value or "")
    if not _ID.match(number):
        raise ValidationError(_("An ID number has exactly 12 digits."), code="id_format")
    if number[:3] not in PROVINCE_CODES:
        raise ValidationError(
            _("%(code)s is not a province code: check the first three digits."),
            code="id_province",
            params={"code": number[:3]},
        )
    return number


def clean_phone(value: str) -> str:
    """A Vietnamese phone number written with 10 digits, starting with 0 (or +84)."""
    number = re.sub(r"[\s.()-]", "", value or "")
    if number.startswith("+84"):
        number = "0" + number[3:]
    if not _PHONE.match(number):
        raise ValidationError(
            _("Enter a phone number of 10 digits starting with 0, e.g. 0912345678."),
            code="phone_format",
        )
    return number


def mask(value: str, *, keep: int = 3) -> str:
    """Hide all but the last ``keep`` characters: 008123456789 → *********789."""
    if not value:
        return ""
    return "*" * max(len(value) - keep, 0) + value[-keep:]
