"""The catalogue's interchange format: one dict per procedure, checked field by field.

JSON files hold these dicts as they are; Excel workbooks are turned into them by
``spreadsheet.py``. Validation never touches the database except to read which agencies
and fields exist, and reports every problem as (row, field, reason) so an import can be
refused whole with a list the person can fix.
"""

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from motcua.accounts.enums import Role
from motcua.catalog.enums import (
    ChannelKind,
    OnlineLevel,
    PausePolicy,
    Performer,
    ProcedureLevel,
    ProcedureStatus,
    TimeUnit,
)

FORMAT = "motcua-procedures"
VERSION = 1
ORIGIN = "_origin"
# A procedure's own fields besides its code and time limit, in the order staff read them.
PROCEDURE_FIELDS = [
    "name", "name_en", "field", "levels", "implementing_agency", "deciding_agency",
    "applicants", "result", "conditions", "online_level", "status", "pause_policy",
]  # fmt: skip  # where a dict came from in the file: "#3 (1.001193)" or "Steps!7"


@dataclass(frozen=True)
class RowError:
    row: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.row} · {self.field}: {self.reason}"


@dataclass
class Document:
    fields: list[dict[str, Any]]
    procedures: list[dict[str, Any]]
    errors: list[RowError] = field(default_factory=list)


def number(amount: Decimal) -> str:
    """A quantity as people write it: "3", "0.5", never "3.00" or "5E+1"."""
    return str(amount.quantize(1) if amount == amount.to_integral() else amount.normalize())


def parse_json(raw: bytes) -> Document:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return Document([], [], [RowError("-", "-", _("Not a JSON file: %s") % exc)])
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        reason = _("The file is not a procedure catalogue (expected format “%s”).") % FORMAT
        return Document([], [], [RowError("-", "format", reason)])
    if data.get("version") != VERSION:
        reason = _("Unsupported format version %s.") % data.get("version")
        return Document([], [], [RowError("-", "version", reason)])
    fields = data.get("fields") or []
    procedures = data.get("procedures") or []
    if not isinstance(fields, list) or not isinstance(procedures, list):
        return Document([], [], [RowError("-", "-", _("“fields” and “procedures” must be lists."))])
    for i, item in enumerate(fields, start=1):
        if isinstance(item, dict):
            item.setdefault(ORIGIN, f"fields #{i}")
    for i, item in enumerate(procedures, start=1):
        if isinstance(item, dict):
            item.setdefault(ORIGIN, f"#{i} ({item.get('code', '?')})")
    return Document(fields, procedures)


def dump_json(document: Document) -> str:
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "fields": [_public(f) for f in document.fields],
        "procedures": [_public(p) for p in document.procedures],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _public(data: Any) -> Any:
    """Drop bookkeeping keys before writing a dict back out."""
    if isinstance(data, dict):
        return {k: _public(v) for k, v in data.items() if k != ORIGIN}
    if isinstance(data, list):
        return [_public(v) for v in data]
    return data


class Checker:
    """Collects errors while cleaning one document; ``clean_*`` return typed values."""

    def __init__(self, known_agencies: set[str], errors=None, prefix: str = "") -> None:
        self.errors: list[RowError] = [] if errors is None else errors
        self.known_agencies = known_agencies
        self.prefix = prefix

    def scoped(self, prefix: str) -> "Checker":
        """A checker that reports field names under ``prefix`` ("steps[2].")."""
        return Checker(self.known_agencies, self.errors, self.prefix + prefix)

    def fail(self, row: str, name: str, reason: str) -> None:
        self.errors.append(RowError(row, self.prefix + name, reason))

    def text(self, data: dict, row: str, name: str, *, required: bool = True, limit: int = 500):
        value = data.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            value = str(value)
        value = value.strip()
        if "\x00" in value:
            self.fail(row, name, _("Contains a NUL character."))
        elif required and not value:
            self.fail(row, name, _("This field is required."))
        elif limit and len(value) > limit:
            self.fail(row, name, _("At most %d characters.") % limit)
        return value

    def choice(self, data: dict, row: str, name: str, choices: type) -> str:
        value = data.get(name)
        if value not in choices.values:
            allowed = ", ".join(choices.values)
            self.fail(
                row,
                name,
                _("“%(value)s” is not one of: %(allowed)s.") % {"value": value, "allowed": allowed},
            )
        return value

    def integer(self, data: dict, row: str, name: str, *, minimum: int = 0, null: bool = False):
        value = data.get(name)
        if value in (None, "") and null:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(row, name, _("Enter a whole number."))
            return None
        if value < minimum:
            self.fail(row, name, _("Must be at least %d.") % minimum)
        return value

    def boolean(self, data: dict, row: str, name: str) -> bool:
        value = data.get(name)
        if isinstance(value, str) and value.strip().lower() in {"true", "false", "1", "0"}:
            return value.strip().lower() in {"true", "1"}
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        self.fail(row, name, _("Enter true or false."))
        return False

    def decimal(self, value: Any, row: str, name: str) -> Decimal | None:
        try:
            amount = Decimal(str(value).strip().replace(",", "."))
        except (InvalidOperation, ValueError):
            self.fail(row, name, _("Enter a number such as 3 or 0.5."))
            return None
        if not amount.is_finite() or amount < 0 or amount >= 10000 or amount != round(amount, 2):
            self.fail(row, name, _("Enter a number from 0 to 9999 with at most two decimals."))
            return None
        return Decimal(number(amount))

    def time_limit(self, data: dict, row: str, name: str) -> dict | None:
        limit = data.get(name)
        if not isinstance(limit, dict):
            self.fail(row, name, _("A time limit needs an amount and a unit."))
            return None
        sub = self.scoped(f"{name}.")
        unit = sub.choice(limit, row, "unit", TimeUnit)
        amount = sub.decimal(limit.get("amount", ""), row, "amount")
        cutoff = limit.get("cutoff") or None
        if cutoff is not None:
            try:
                cutoff = dt.time.fromisoformat(str(cutoff)).strftime("%H:%M")
            except ValueError:
                sub.fail(row, "cutoff", _("Enter a time as HH:MM."))
        if unit == TimeUnit.SAME_DAY and amount not in (None, Decimal(0)):
            sub.fail(row, "amount", _("A same-day limit has the amount 0."))
        if unit in TimeUnit.values and unit != TimeUnit.SAME_DAY and amount == 0:
            sub.fail(row, "amount", _("The time limit must be more than 0."))
        note = sub.text(limit, row, "note", required=False)
        return {
            "amount": None if amount is None else str(amount),
            "unit": unit,
            "cutoff": cutoff,
            "note": note,
        }

    def items(self, data: dict, row: str, name: str, *, minimum: int = 0) -> list[dict]:
        value = data.get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(row, name, _("Must be a list of entries."))
            return []
        if len(value) < minimum:
            self.fail(row, name, _("At least %d entries are needed.") % minimum)
        return value


def _where(item: dict, row: str, check: Checker, name: str, index: int) -> tuple[str, Checker]:
    """The row to report for a nested entry: its own origin (Excel) or its parent's (JSON)."""
    if ORIGIN in item:
        return item[ORIGIN], check
    return row, check.scoped(f"{name}[{index}].")


def clean_procedure(data: dict, check: Checker, field_codes: set[str]) -> dict:
    row = data.get(ORIGIN, "?")
    out: dict[str, Any] = {"code": check.text(data, row, "code", limit=40)}
    for name, limit in [("name", 500), ("implementing_agency", 500)]:
        out[name] = check.text(data, row, name, limit=limit)
    out["name_en"] = check.text(data, row, "name_en", required=False)
    out["field"] = check.text(data, row, "field", limit=20)
    if out["field"] and out["field"] not in field_codes:
        check.fail(row, "field", _("Unknown field code “%s”.") % out["field"])
    out["levels"] = _clean_levels(data, row, check)
    out["deciding_agency"] = check.text(data, row, "deciding_agency", required=False)
    out["applicants"] = check.text(data, row, "applicants", limit=5000)
    out["result"] = check.text(data, row, "result", limit=5000)
    out["conditions"] = check.text(data, row, "conditions", required=False, limit=5000)
    out["online_level"] = check.choice(data, row, "online_level", OnlineLevel)
    out["status"] = check.choice(data, row, "status", ProcedureStatus)
    data.setdefault("pause_policy", PausePolicy.SHIFT)
    out["pause_policy"] = check.choice(data, row, "pause_policy", PausePolicy)
    out["time_limit"] = check.time_limit(data, row, "time_limit")
    out["steps"] = [_clean_step(s, row, i, check) for i, s in _enum(check, data, row, "steps", 1)]
    out["channels"] = _clean_channels(data, row, check, out["online_level"])
    out["components"] = [
        _clean_component(c, row, i, check) for i, c in _enum(check, data, row, "components", 1)
    ]
    out["fees"] = [_clean_fee(f, row, i, check) for i, f in _enum(check, data, row, "fees", 0)]
    out["cases"] = [_clean_case(c, row, i, check) for i, c in _enum(check, data, row, "cases", 0)]
    out["legal_basis"] = [
        _clean_legal(d, row, i, check) for i, d in _enum(check, data, row, "legal_basis", 1)
    ]
    out["offerings"] = [
        _clean_offering(o, row, i, check) for i, o in _enum(check, data, row, "offerings", 0)
    ]
    return out


def _enum(check: Checker, data: dict, row: str, name: str, minimum: int):
    return enumerate(check.items(data, row, name, minimum=minimum))


def _clean_levels(data: dict, row: str, check: Checker) -> list[str]:
    levels = data.get("levels")
    if isinstance(levels, str):
        levels = [part.strip() for part in levels.split(",") if part.strip()]
    if not isinstance(levels, list) or not levels:
        check.fail(row, "levels", _("Give at least one level."))
        return []
    for level in levels:
        if level not in ProcedureLevel.values:
            check.fail(row, "levels", _("Unknown level “%s”.") % level)
    return [level for level in ProcedureLevel.values if level in levels]


def _clean_step(item: dict, row: str, i: int, check: Checker) -> dict:
    row, check = _where(item, row, check, "steps", i)
    return {
        "title": check.text(item, row, "title", limit=300),
        "description": check.text(item, row, "description", required=False, limit=5000),
    }


def _clean_channels(data: dict, row: str, check: Checker, online_level: str) -> list[dict]:
    channels, seen = [], set()
    for i, item in _enum(check, data, row, "channels", 1):
        where, sub = _where(item, row, check, "channels", i)
        kind = sub.choice(item, where, "kind", ChannelKind)
        if kind in seen:
            sub.fail(where, "kind", _("The channel “%s” is listed twice.") % kind)
        if kind == ChannelKind.ONLINE and online_level == OnlineLevel.NONE:
            sub.fail(where, "kind", _("An online channel needs an online service level."))
        seen.add(kind)
        channels.append(
            {
                "kind": kind,
                "time_limit": sub.time_limit(item, where, "time_limit"),
                "fee": sub.integer(item, where, "fee"),
                "notes": sub.text(item, where, "notes", required=False, limit=5000),
            }
        )
    return channels


def _clean_component(item: dict, row: str, i: int, check: Checker) -> dict:
    row, check = _where(item, row, check, "components", i)
    out = {
        "name": check.text(item, row, "name"),
        "name_en": check.text(item, row, "name_en", required=False),
        "originals": check.integer(item, row, "originals"),
        "certified_copies": check.integer(item, row, "certified_copies"),
        "photocopies": check.integer(item, row, "photocopies"),
        "sets": check.integer(item, row, "sets", minimum=1),
        "required": check.boolean(item, row, "required"),
        "condition": check.text(item, row, "condition", required=False),
        "form": check.text(item, row, "form", required=False, limit=300),
    }
    counts = [out["originals"], out["certified_copies"], out["photocopies"]]
    if all(isinstance(n, int) for n in counts) and sum(counts) == 0:
        check.fail(row, "originals", _("Say how many originals, certified copies or copies."))
    if out["required"] is False and not out["condition"]:
        check.fail(row, "condition", _("Say when a conditional component is needed."))
    return out


def _clean_fee(item: dict, row: str, i: int, check: Checker) -> dict:
    row, check = _where(item, row, check, "fees", i)
    out = {
        "name": check.text(item, row, "name", limit=300),
        "amount": check.integer(item, row, "amount", null=True),
        "basis": check.text(item, row, "basis", required=False),
        "note": check.text(item, row, "note", required=False, limit=5000),
    }
    if out["amount"] is None and not out["note"]:
        check.fail(row, "note", _("Explain a fee whose amount varies."))
    return out


def _clean_case(item: dict, row: str, i: int, check: Checker) -> dict:
    row, check = _where(item, row, check, "cases", i)
    return {
        "name": check.text(item, row, "name"),
        "time_limit": check.time_limit(item, row, "time_limit"),
    }


def _clean_legal(item: dict, row: str, i: int, check: Checker) -> dict:
    row, check = _where(item, row, check, "legal_basis", i)
    issued = item.get("issued_on") or None
    if isinstance(issued, dt.datetime):
        issued = issued.date()
    if issued is not None:
        try:
            issued = dt.date.fromisoformat(str(issued)).isoformat()
        except ValueError:
            check.fail(row, "issued_on", _("Enter a date as YYYY-MM-DD."))
    return {
        "number": check.text(item, row, "number", limit=100),
        "title": check.text(item, row, "title"),
        "issued_on": issued,
        "issuer": check.text(item, row, "issuer", required=False, limit=200),
    }


def _clean_offering(item: dict, row: str, i: int, check: Checker) -> dict:
    row, check = _where(item, row, check, "offerings", i)
    agency = check.text(item, row, "agency", limit=20)
    if agency and agency not in check.known_agencies:
        check.fail(row, "agency", _("No agency has the identifier “%s”.") % agency)
    process = []
    for j, step in enumerate(check.items(item, row, "process")):
        where, sub = _where(step, row, check, "process", j)
        named = step.get("agency") or None
        if named is not None and named not in check.known_agencies:
            sub.fail(where, "agency", _("No agency has the identifier “%s”.") % named)
        performer = sub.choice(step, where, "performer", Performer)
        if performer in (Performer.SPECIFIC, Performer.PARENT_AGENCY) and named is None:
            sub.fail(where, "agency", _("Name the agency that performs this step."))
        quota = sub.decimal(step.get("quota", ""), where, "quota")
        process.append(
            {
                "case": sub.text(step, where, "case", required=False),
                "name": sub.text(step, where, "name", limit=300),
                "role": sub.choice(step, where, "role", Role),
                "performer": performer,
                "agency": named,
                "quota": None if quota is None else str(quota),
            }
        )
    return {"agency": agency, "active": item.get("active", True) is not False, "process": process}


def clean_document(
    document: Document, *, known_agencies: set[str]
) -> tuple[list[dict], list[dict], list[RowError]]:
    """Clean every field and procedure; return them with every problem found."""
    check = Checker(known_agencies)
    check.errors.extend(document.errors)
    fields = []
    for item in document.fields:
        row = item.get(ORIGIN, "?") if isinstance(item, dict) else "?"
        if not isinstance(item, dict):
            check.fail(row, "-", _("Each field must be an object."))
            continue
        fields.append(
            {
                "code": check.text(item, row, "code", limit=20),
                "name": check.text(item, row, "name", limit=200),
                "name_en": check.text(item, row, "name_en", required=False, limit=200),
            }
        )
    field_codes = {f["code"] for f in fields}
    procedures, seen = [], set()
    for item in document.procedures:
        if not isinstance(item, dict):
            check.fail("?", "-", _("Each procedure must be an object."))
            continue
        cleaned = clean_procedure(item, check, field_codes)
        if cleaned["code"] in seen:
            check.fail(item.get(ORIGIN, "?"), "code", _("The code appears twice in the file."))
        seen.add(cleaned["code"])
        procedures.append(cleaned)
    return fields, procedures, check.errors


def procedure_problems(data: dict) -> list[RowError]:
    """What stops one procedure's content (as ``version_to_dict`` gives it) from publishing."""
    check = Checker(known_agencies=set())
    clean_procedure(
        {**data, "offerings": [], ORIGIN: data.get("code", "?")}, check, {data["field"]}
    )
    return check.errors
