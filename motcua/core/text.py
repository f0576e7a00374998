"""Text normalisation: Vietnamese searched with or without diacritics."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case ``text`` and strip Vietnamese diacritics ("Đăng ký" → "dang ky").

    "đ" is a letter of its own in Unicode, not "d" plus a mark, so it is mapped
    explicitly; every other mark disappears under NFD decomposition.
    """
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", text.lower()).strip()
