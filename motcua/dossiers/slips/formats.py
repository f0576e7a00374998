"""How the forms write places, dates and moments.

Vietnamese administrative documents write dates in words with two-digit days and the
months January and February as "01" and "02" (Decree 30/2020/NĐ-CP, Appendix I), and
moments as the forms print them: "08 giờ 15 phút, ngày 25 tháng 11 năm 2026". These are
the form's wording, not labels, so they are written here per language rather than
translated; English keeps the day-first numbers of ``config/formats/en``.
"""

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import get_language

from motcua.workdays.calendar import VIETNAM

# Level words that begin a unit's name; the place line of a document drops them.
LEVEL_PREFIXES = (
    "thành phố",
    "thị trấn",
    "thị xã",
    "đặc khu",
    "huyện",
    "quận",
    "phường",
    "xã",
    "tỉnh",
)


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


def local(moment: datetime | None) -> datetime | None:
    return None if moment is None else timezone.localtime(moment, VIETNAM)


def place_name(unit_name: str) -> str:
    """ "Huyện Nà Hang" → "Nà Hang", "Thị trấn Nà Hang" → "Nà Hang"."""
    lowered = unit_name.lower()
    for prefix in LEVEL_PREFIXES:
        if lowered.startswith(prefix + " "):
            return unit_name[len(prefix) + 1 :].strip()
    return unit_name


def day_words(day: date) -> str:
    """ "ngày 05 tháng 02 năm 2026", "ngày 25 tháng 11 năm 2026"."""
    if _english():
        return f"{day:%d/%m/%Y}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def moment_words(moment: datetime | None) -> str:
    """ "08 giờ 15 phút, ngày 25 tháng 11 năm 2026" in Vietnam's time."""
    at = local(moment)
    if at is None:
        return ""
    if _english():
        return f"{at:%H:%M}, {day_words(at.date())}"
    return f"{at:%H} giờ {at:%M} phút, {day_words(at.date())}"


def date_line(unit_name: str, moment: datetime | None) -> str:
    """The place and date under the national motto: "Nà Hang, ngày 25 tháng 11 năm 2026"."""
    at = local(moment) or local(timezone.now())
    return f"{place_name(unit_name)}, {day_words(at.date())}"


def short_date(moment: datetime | None) -> str:
    at = local(moment)
    return "" if at is None else f"{at:%d/%m/%Y}"


def short_moment(moment: datetime | None) -> str:
    at = local(moment)
    return "" if at is None else f"{at:%H:%M %d/%m/%Y}"
