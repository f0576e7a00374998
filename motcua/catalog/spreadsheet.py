"""Excel (.xlsx) form of the interchange format: one sheet per list, keyed by procedure code.

The first row of each sheet holds the column keys; every later row is one entry. Rows are
read back into the same dicts as a JSON file, each remembering its sheet and row number so
a refused import can point at the exact cell row.
"""

import datetime as dt
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from motcua.catalog.interchange import ORIGIN, PROCEDURE_FIELDS, Document, RowError

TIME = ["time_amount", "time_unit", "cutoff", "time_note"]
PROCEDURE_COLUMNS = ["code", *PROCEDURE_FIELDS, *TIME]
# sheet name → (list key in the procedure dict, columns after "procedure")
LISTS = {
    "Steps": ("steps", ["title", "description"]),
    "Channels": ("channels", ["kind", *TIME, "fee", "notes"]),
    "Components": (
        "components",
        [
            "name",
            "name_en",
            "originals",
            "certified_copies",
            "photocopies",
            "sets",
            "required",
            "condition",
            "form",
        ],
    ),
    "Fees": ("fees", ["name", "amount", "basis", "note"]),
    "Cases": ("cases", ["name", *TIME]),
    "LegalBasis": ("legal_basis", ["number", "title", "issued_on", "issuer"]),
    "Offerings": ("offerings", ["agency", "active"]),
}
PROCESS_COLUMNS = ["offering", "case", "name", "role", "performer", "agency", "quota"]
HEADER = Font(bold=True)
FILL = PatternFill("solid", fgColor="DDE4EE")


def _flatten_time(item: dict) -> dict:
    limit = item.get("time_limit") or {}
    amount = limit.get("amount")
    return {
        "time_amount": float(amount) if amount not in (None, "None") else None,
        "time_unit": limit.get("unit"),
        "cutoff": limit.get("cutoff"),
        "time_note": limit.get("note"),
    }


def _row_values(item: dict, columns: list[str]) -> list[Any]:
    flat = {**item, **_flatten_time(item)}
    if isinstance(flat.get("levels"), list):
        flat["levels"] = ",".join(flat["levels"])
    if flat.get("issued_on"):
        flat["issued_on"] = dt.date.fromisoformat(flat["issued_on"])
    return [flat.get(column) for column in columns]


def _sheet(workbook: Workbook, title: str, columns: list[str]):
    sheet = workbook.create_sheet(title)
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font, cell.fill = HEADER, FILL
    sheet.freeze_panes = "A2"
    return sheet


def dump_xlsx(document: Document) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    fields = _sheet(workbook, "Fields", ["code", "name", "name_en"])
    for item in document.fields:
        fields.append([item["code"], item["name"], item["name_en"]])
    procedures = _sheet(workbook, "Procedures", PROCEDURE_COLUMNS)
    lists = {
        name: _sheet(workbook, name, ["procedure", *cols]) for name, (_k, cols) in LISTS.items()
    }
    process = _sheet(workbook, "Process", ["procedure", *PROCESS_COLUMNS])
    for proc in document.procedures:
        procedures.append(_row_values(proc, PROCEDURE_COLUMNS))
        for name, (key, columns) in LISTS.items():
            for item in proc.get(key, []):
                lists[name].append([proc["code"], *_row_values(item, columns)])
        for offering in proc.get("offerings", []):
            for step in offering["process"]:
                process.append(
                    [proc["code"], offering["agency"], *_row_values(step, PROCESS_COLUMNS[1:])]
                )
    for sheet in workbook.worksheets:
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 24
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _read_rows(workbook, title: str) -> list[tuple[str, dict]]:
    if title not in workbook.sheetnames:
        return []
    rows = workbook[title].iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    found = []
    for number, values in enumerate(rows, start=2):
        if values is None or all(v in (None, "") for v in values):
            continue
        found.append((f"{title}!{number}", dict(zip(header, values, strict=False))))
    return found


def _nest_time(row: dict) -> dict:
    amount = row.pop("time_amount", None)
    row["time_limit"] = {
        "amount": "" if amount is None else str(amount),
        "unit": row.pop("time_unit", None),
        "cutoff": _time_text(row.pop("cutoff", None)),
        "note": row.pop("time_note", None) or "",
    }
    return row


def _time_text(value: Any) -> str | None:
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return value or None


def parse_xlsx(raw: bytes) -> Document:
    try:
        workbook = load_workbook(BytesIO(raw), read_only=True, data_only=True)
    except (InvalidFileException, KeyError, ValueError, OSError) as exc:
        return Document([], [], [RowError("-", "-", _("Not an Excel (.xlsx) file: %s") % exc)])
    if "Procedures" not in workbook.sheetnames:
        return Document([], [], [RowError("-", "-", _("The workbook has no “Procedures” sheet."))])
    fields = [{**row, ORIGIN: origin} for origin, row in _read_rows(workbook, "Fields")]
    procedures, by_code, errors = [], {}, []
    for origin, row in _read_rows(workbook, "Procedures"):
        row = _nest_time({**row, ORIGIN: origin})
        row["code"] = str(row.get("code") or "").strip()
        for key, _columns in LISTS.values():
            row[key] = []
        procedures.append(row)
        by_code.setdefault(row["code"], row)
    for name, (key, _columns) in LISTS.items():
        for origin, row in _read_rows(workbook, name):
            owner = by_code.get(str(row.pop("procedure", "") or "").strip())
            if owner is None:
                errors.append(
                    RowError(origin, "procedure", _("No procedure with this code in the file."))
                )
                continue
            if "time_unit" in row:
                row = _nest_time(row)
            if key == "offerings":
                row["process"] = []
            owner[key].append({**row, ORIGIN: origin})
    for origin, row in _read_rows(workbook, "Process"):
        owner = by_code.get(str(row.pop("procedure", "") or "").strip())
        agency = row.pop("offering", None)
        offering = next(
            (o for o in (owner or {}).get("offerings", []) if o.get("agency") == agency), None
        )
        if offering is None:
            errors.append(
                RowError(
                    origin, "offering", _("No offering of this procedure by agency “%s”.") % agency
                )
            )
            continue
        offering["process"].append({**row, "case": row.get("case") or "", ORIGIN: origin})
    workbook.close()
    return Document(fields, procedures, errors)
