"""The rows of a dossier import file, read and checked (the format is in docs/import.md).

Reading never touches the database; checking reads only which agencies, procedures and
desks exist. Every problem is reported as (row, column, reason) with the row number a
spreadsheet shows (the header is row 1), so a refused file can be fixed in one pass.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from motcua.catalog.enums import ChannelKind
from motcua.catalog.interchange import RowError
from motcua.dossiers.enums import ApplicantKind, DossierStatus, ResultKind, ReturnMethod
from motcua.dossiers.services.import_lookup import Known

S = DossierStatus
REQUIRED = ["code", "procedure", "agency", "applicant_name", "status", "received_at"]
OPTIONAL = [
    "desk", "case", "channel", "content", "applicant_kind", "applicant_id_number",
    "applicant_phone", "applicant_email", "applicant_address", "representative_name",
    "representative_id_number", "submitted_at", "due_at", "decided_at", "result",
    "result_document", "result_reason", "returned_at", "return_method", "returned_to",
    "ended_at", "fee_amount", "fee_receipt", "lookup_secret",
]  # fmt: skip
COLUMNS = REQUIRED + OPTIONAL
# The dossier fields an import writes, in this order; the writers add the constant ones.
FIELDS = [
    "code", "status", "status_changed_at", "procedure_version_id", "case_name", "channel",
    "desk_id", "agency_id", "content", "applicant_kind", "applicant_name",
    "applicant_id_number", "applicant_phone", "applicant_email", "applicant_address",
    "representative_name", "representative_id_number", "submitted_at", "received_at",
    "due_at", "decided_at", "returned_at", "holder_agency_id", "result", "result_document",
    "result_reason", "return_method", "returned_to", "fee_amount", "fee_receipt",
    "lookup_secret",
]  # fmt: skip
# Historical dossiers are finished, or decided and waiting at the desk: status → the dates
# it needs, the dates it cannot have, and the date its status was reached.
STATUSES = {
    S.REFUSED: ((), ("decided_at", "returned_at", "ended_at"), "received_at"),
    S.WITHDRAWN: (("ended_at",), ("decided_at", "returned_at"), "ended_at"),
    S.STOPPED: (("ended_at",), ("decided_at", "returned_at"), "ended_at"),
    S.PROCESSED: (("decided_at", "result"), ("returned_at", "ended_at"), "decided_at"),
    S.RETURNED: (("decided_at", "result", "returned_at"), ("ended_at",), "returned_at"),
}
# Which dates may not come before which.
ORDER = [
    ("received_at", "submitted_at"),
    ("due_at", "received_at"),
    ("decided_at", "received_at"),
    ("returned_at", "decided_at"),
    ("ended_at", "received_at"),
]
DATES = ("submitted_at", "received_at", "due_at", "decided_at", "returned_at", "ended_at")
LIMITS = {
    "case": 500, "content": 5000, "applicant_name": 200, "applicant_id_number": 20,
    "applicant_phone": 20, "applicant_email": 254, "applicant_address": 300,
    "representative_name": 200, "representative_id_number": 20, "result_document": 300,
    "result_reason": 5000, "returned_to": 200, "fee_receipt": 60, "lookup_secret": 16,
}  # fmt: skip
# Written as given, once checked for length and NUL characters.
FREE_TEXT = [
    "content", "applicant_name", "applicant_id_number", "applicant_phone",
    "applicant_address", "representative_name", "representative_id_number",
    "result_document", "result_reason", "returned_to", "fee_receipt",
]  # fmt: skip
CODE = re.compile(r"[A-Z0-9][A-Z0-9._/-]{0,39}")
DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
HM_DMY = re.compile(r"(\d{1,2}):(\d{2}) (\d{1,2})/(\d{1,2})/(\d{4})")
SECRET = re.compile(r"[A-Z0-9]{4,16}")
# Looked up for every row: sets made once (``Choices.values`` builds a list on each use).
VALUES = {c: frozenset(c.values) for c in (ChannelKind, ApplicantKind, ResultKind, ReturnMethod)}


@dataclass
class Sheet:
    """The header and the rows of a file, each row with its number as a spreadsheet shows it."""

    header: list[str]
    rows: list[tuple[int, list]]
    errors: list[RowError] = field(default_factory=list)


def read_csv(raw: bytes) -> Sheet:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Sheet([], [], [RowError("-", "-", _("The file is not UTF-8 text: %s") % exc)])
    try:
        # A comma or a semicolon, whichever the header uses (spreadsheets in Vietnamese
        # settings save CSV with semicolons).
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = next(reader, [])
        rows = [(line, row) for line, row in enumerate(reader, start=2) if any(row)]
    except csv.Error as exc:
        return Sheet([], [], [RowError("-", "-", _("The file is not valid CSV: %s") % exc)])
    return Sheet([h.strip() for h in header], rows)


def read_xlsx(raw: bytes) -> Sheet:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        return Sheet([], [], [RowError("-", "-", _("Not an Excel file: %s") % exc)])
    sheet = workbook.worksheets[0]
    found = sheet.iter_rows(values_only=True)
    header = [str(h or "").strip() for h in next(found, ())]
    rows = [
        (line, ["" if v is None else v for v in row])
        for line, row in enumerate(found, start=2)
        if any(v not in (None, "") for v in row)
    ]
    workbook.close()
    return Sheet(header, rows)


def check_header(header: list[str]) -> list[RowError]:
    errors = [
        RowError("1", name, _("Required column “%s” is missing.") % name)
        for name in REQUIRED
        if name not in header
    ]
    errors += [
        RowError("1", name, _("Unknown column “%s”.") % name)
        for name in header
        if name and name not in COLUMNS
    ]
    seen = set()
    for name in header:
        if name in seen:
            errors.append(RowError("1", name, _("The column “%s” appears twice.") % name))
        seen.add(name)
    return errors


class Moments:
    """Dates and times as people type them, read once each (files repeat them a lot)."""

    def __init__(self) -> None:
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.seen: dict[object, datetime | None] = {}

    def __call__(self, value) -> datetime | None:
        found = self.seen.get(value, False)
        if found is False:
            found = self.seen[value] = self._read(value)
        return found

    def _read(self, value) -> datetime | None:
        if isinstance(value, datetime):  # an Excel cell: a wall-clock time
            return value.replace(tzinfo=self.zone) if value.tzinfo is None else value
        text = str(value).strip()
        try:
            if m := DMY.fullmatch(text):
                d, mo, y, h, mi, s = (int(g or 0) for g in m.groups())
                moment = datetime(y, mo, d, h, mi, s)  # noqa: DTZ001 — zone set below
            elif m := HM_DMY.fullmatch(text):
                h, mi, d, mo, y = (int(g) for g in m.groups())
                moment = datetime(y, mo, d, h, mi)  # noqa: DTZ001
            elif len(text) >= 10 and text[4] == "-":
                moment = datetime.fromisoformat(text)
            else:
                return None
        except ValueError:
            return None
        return moment.replace(tzinfo=self.zone) if moment.tzinfo is None else moment


class RowChecker:
    """Cleans rows one at a time into tuples of ``FIELDS``; collects what is wrong."""

    def __init__(self, known: Known, *, now: datetime, limit: int = 1000) -> None:
        self.known, self.now, self.limit = known, now, limit
        self.errors: list[RowError] = []
        self.error_count = 0
        self.moment = Moments()
        self.codes: dict[str, int] = {}

    def fail(self, line: int, name: str, reason: str) -> None:
        self.error_count += 1
        if len(self.errors) < self.limit:
            self.errors.append(RowError(str(line), name, reason))

    def text(self, data: dict, line: int, name: str) -> str:
        value = data.get(name)
        if value is None:
            return ""
        value = value.strip() if value.__class__ is str else str(value).strip()
        if len(value) > LIMITS.get(name, 40):
            self.fail(line, name, _("At most %d characters.") % LIMITS.get(name, 40))
        elif "\x00" in value:
            self.fail(line, name, _("Contains a NUL character."))
        return value

    def choice(self, data: dict, line: int, name: str, choices, default: str) -> str:
        value = self.text(data, line, name) or default
        if value not in VALUES[choices]:
            allowed = ", ".join(choices.values)
            reason = _("“%(value)s” is not one of: %(allowed)s.")
            self.fail(line, name, reason % {"value": value, "allowed": allowed})
        return value

    def clean(self, line: int, data: dict) -> tuple | None:
        """The row as a tuple of ``FIELDS``, or None if anything in it is wrong."""
        before = self.error_count
        text = self.text
        for name in REQUIRED:
            if data.get(name) is None or not str(data[name]).strip():
                self.fail(line, name, _("This field is required."))
        code = self._code(data, line)
        status = self._status(data, line)
        agency, desk, version = self.known.resolve(self, data, line)
        dates = self._dates(data, line, status)
        channel = self.choice(data, line, "channel", ChannelKind, ChannelKind.DESK)
        kind = self.choice(data, line, "applicant_kind", ApplicantKind, ApplicantKind.PERSON)
        result = self._result(data, line)
        method = self.text(data, line, "return_method")
        if method or status == S.RETURNED:
            method = self.choice(data, line, "return_method", ReturnMethod, ReturnMethod.DESK)
        email = text(data, line, "applicant_email")
        if email:
            try:
                validate_email(email)
            except ValidationError as exc:
                self.fail(line, "applicant_email", exc.messages[0])
        fee = self._fee(data, line)
        secret = "".join(text(data, line, "lookup_secret").split()).upper()
        if secret and not SECRET.fullmatch(secret):
            self.fail(line, "lookup_secret", _("4 to 16 letters and digits."))
        case = text(data, line, "case")
        free = [text(data, line, name) for name in FREE_TEXT]
        if self.error_count > before:
            return None
        if case and case not in self.known.cases(version):
            self.fail(line, "case", _("This case does not belong to the procedure."))
            return None
        if status != S.REFUSED and dates["due_at"] is None:
            dates["due_at"] = self.known.due(version, channel, case, desk, dates["received_at"])
        changed = dates[STATUSES[status][2]]
        received = None if status == S.REFUSED else dates["received_at"]
        content, name, id_number, phone, address, representative, representative_id = free[:7]
        document, reason, returned_to, receipt = free[7:]
        return (
            code, status, changed, version.id, case, channel, desk.id, agency.id,
            content or version.name, kind, name, id_number, phone, email, address,
            representative, representative_id, dates["submitted_at"], received,
            None if status == S.REFUSED else dates["due_at"], dates["decided_at"],
            dates["returned_at"], desk.id if status == S.PROCESSED else None, result,
            document, reason, method if status == S.RETURNED else "", returned_to, fee,
            receipt, secret,
        )  # fmt: skip

    def _code(self, data: dict, line: int) -> str:
        code = str(data.get("code") or "").strip().upper()
        if not code:
            return code
        if not CODE.fullmatch(code):
            reason = _("A code has at most 40 letters, digits and the signs . - _ /")
            self.fail(line, "code", reason)
        elif (first := self.codes.setdefault(code, line)) != line:
            reason = _("The code appears twice in the file (first on row %d).")
            self.fail(line, "code", reason % first)
        return code

    def _status(self, data: dict, line: int) -> int | None:
        value = str(data.get("status") or "").strip()
        if not value:
            return None
        if value.isdigit() and int(value) in STATUSES:
            return int(value)
        allowed = ", ".join(str(int(s)) for s in STATUSES)
        reason = _("Status “%(value)s” cannot be imported; allowed: %(allowed)s.")
        self.fail(line, "status", reason % {"value": value, "allowed": allowed})
        return None

    def _dates(self, data: dict, line: int, status: int | None) -> dict:
        dates = {}
        for name in DATES:
            value = data.get(name)
            if value is None or value == "":
                dates[name] = None
                continue
            moment = dates[name] = self.moment(value)
            if moment is None:
                reason = _("Enter a date as dd/mm/yyyy, dd/mm/yyyy HH:MM or yyyy-mm-dd.")
                self.fail(line, name, reason)
            elif moment > self.now:
                self.fail(line, name, _("A historical date cannot be in the future."))
        if status is not None:
            needed, forbidden, _changed = STATUSES[status]
            for name in needed:
                if name in dates and dates[name] is None:
                    reason = _("Required for a dossier that is “%s”.")
                    self.fail(line, name, reason % DossierStatus(status).label)
            for name in forbidden:
                if dates[name] is not None:
                    reason = _("Must be empty for a dossier that is “%s”.")
                    self.fail(line, name, reason % DossierStatus(status).label)
        for later, earlier in ORDER:
            if dates[later] and dates[earlier] and dates[later] < dates[earlier]:
                self.fail(line, later, _("Must not be before %s.") % earlier)
        return dates

    def _result(self, data: dict, line: int) -> str:
        value = self.text(data, line, "result")
        if value:
            return self.choice(data, line, "result", ResultKind, "")
        if str(data.get("status") or "").strip() in ("9", "10"):  # decided
            label = DossierStatus(int(data["status"])).label
            self.fail(line, "result", _("Required for a dossier that is “%s”.") % label)
        return ""

    def _fee(self, data: dict, line: int) -> int:
        value = data.get("fee_amount")
        if isinstance(value, int | float) and value == int(value):  # an Excel number
            value = int(value)
        value = str(value or "").strip().replace(".", "")  # "100.000" as VND are written
        if not value:
            return 0
        if not value.isdigit() or len(value) > 15:
            self.fail(line, "fee_amount", _("Enter a whole number."))
            return 0
        return int(value)
