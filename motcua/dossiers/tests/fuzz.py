"""Hostile form input for the fuzzing tests: what browsers, scripts and typos send.

``posted(client, url, data, field, value)`` sends a form with one field replaced (or
removed) the way a browser would: as multipart when it carries files, urlencoded
otherwise, raw bytes (invalid UTF-8) percent-encoded in the body. ``assert_answered``
states the property every form keeps: an answer below 500, a validation message when the
form is refused, and nothing written then.
"""

from urllib.parse import urlencode

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, currently_in_test_context, note, settings
from hypothesis import strategies as st

from motcua.dossiers.models import Dossier, DossierEvent, DossierFile
from motcua.feedback.models import Feedback, FeedbackFile

FUZZ = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
MISSING = object()

SPECIAL = [
    "",
    " ",
    "\x00",
    "Nguyễn\x00Văn An",
    "\u202eneg.exe",  # right-to-left override
    "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",  # right-to-left text
    "a" + "\u0301" * 500,  # combining marks piled on one letter
    "Nguye\u0302\u0303n",  # decomposed Vietnamese
    "\ufeff\u200b\u200d",
    "\U0001f600\U0010ffff\uffff",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%s%n{0}{{x}}",
    "../../etc/passwd",
    "99999999999999999999999",
    "-1",
    "1e309",
    "NaN",
    "0x1F",
    "31/02/2026",
    "29/02/2025",
    "00/00/0000",
    "31/12/9999",
    "01/01/0001",
    "31/12/9999 23:59",
    "01/01/0001 00:00",
    "2026-02-31T25:61",
    "null",
    "[]",
]


class Long(str):
    """A very long value with a short name in failure reports."""

    def __repr__(self) -> str:
        return f"<{len(self):,} × {self[0]!r}>"


LONG = st.sampled_from([201, 301, 2001, 70_000]).map(lambda n: Long("Ệ" * n)) | st.just(
    Long("a" * 1_000_000)
)
TEXT = st.text(max_size=60)
# Bytes as a browser may send them: lone surrogates (ED A0 80), overlong forms, stray bytes.
RAW = st.binary(max_size=40) | st.sampled_from(
    [b"\xed\xa0\x80", b"\xff\xfe", b"\xc0\xaf", b"Nguy\xe1\xbb", b"\x00\xff"]
)
SCALAR = st.one_of(TEXT, st.sampled_from(SPECIAL), LONG, RAW)
VALUE = st.one_of(
    SCALAR,
    st.lists(TEXT | st.sampled_from(SPECIAL), min_size=2, max_size=3),  # a list for a scalar
    st.just(MISSING),
)


def counts() -> dict[str, int]:
    models = (Dossier, DossierEvent, DossierFile, Feedback, FeedbackFile)
    return {model.__name__: model.objects.count() for model in models}


def changed(data: dict, field: str, value) -> dict:
    data = dict(data)
    if value is MISSING:
        data.pop(field, None)
    else:
        data[field] = value
    return data


def _note(text: str) -> None:
    if currently_in_test_context():  # shown with a failing example
        note(text)


def posted(client, url: str, data: dict, field: str, value):
    _note(f"POST {url} {field}={value!r}")
    data = changed(data, field, value)
    has_raw = any(isinstance(v, bytes) for v in data.values())
    has_files = any(isinstance(v, SimpleUploadedFile) for v in data.values())
    if has_raw or not has_files:
        plain = {k: v for k, v in data.items() if not isinstance(v, SimpleUploadedFile)}
        body = urlencode(plain, doseq=True)
        return client.post(url, body, content_type="application/x-www-form-urlencoded")
    for upload in data.values():
        if isinstance(upload, SimpleUploadedFile):
            upload.seek(0)
    return client.post(url, data)


def got(client, url: str, data: dict, field: str, value):
    _note(f"GET {url} {field}={value!r}")
    data = changed(data, field, value)
    return client.get(f"{url}?{urlencode(data, doseq=True)}")


def assert_answered(response, before: dict, *, success=(302,)) -> None:
    """Below 500; refused with a message shown, and then nothing written."""
    assert response.status_code < 500
    if response.status_code in success:
        return
    assert counts() == before, "a refused form left rows behind"
    if response.status_code in (200, 400):
        text = response.content.decode()
        shown = ('class="field-errors"', 'class="form-errors"', 'class="message message-error"')
        assert any(marker in text for marker in shown), "refused without a message"
