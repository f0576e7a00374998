"""Bulk import of historical dossiers from an earlier system (the format: docs/import.md).

No dossier is written before every row is checked; then all rows go in one transaction
or none do. The dossier code is the natural key: a code already stored with the same content
is counted and skipped, so importing a file twice adds nothing; stored with different
content it is a conflict, reported and never overwritten. On PostgreSQL the rows are
loaded with COPY into a temporary table and inserted with one ``INSERT … ON CONFLICT (code)
DO NOTHING`` (Python checks the next rows while PostgreSQL takes in the previous ones);
other databases take the slower ``bulk_create`` path.

Imported dossiers have no events (revision 0, an empty hash chain): the ``DossierImport``
row records the file's SHA-256, who imported it, when and the counts, and every dossier
it added links to it. The added dossiers are listed for the statistics counters
(``RollupChange``) in the same transaction, so the report counts them at once.
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts.models import User
from motcua.catalog.interchange import RowError
from motcua.core.errors import DomainError
from motcua.dossiers.models import CodeCounter, Dossier, DossierImport
from motcua.dossiers.services.import_lookup import Known
from motcua.dossiers.services.import_rows import (
    FIELDS,
    RowChecker,
    Sheet,
    check_header,
    read_csv,
    read_xlsx,
)
from motcua.organization.models import AdministrativeUnit
from motcua.reports.models import RollupChange

# Conflicts are looked for in these fields: all the file gives, as stored.
COMPARED = [f for f in FIELDS if f != "code"]
BATCH = 2000


class ImportRejected(DomainError):
    code = "import_rejected"
    message = gettext_lazy("Nothing was imported: %(count)s problems were found.")

    def __init__(self, errors: list[RowError], count: int | None = None) -> None:
        self.errors = errors
        super().__init__(count=len(errors) if count is None else count)


@dataclass
class ImportResult:
    rows: int
    created: int
    existing: int
    batch: DossierImport | None  # None after a dry run


def read_sheet(*, name: str, raw: bytes) -> Sheet:
    if name.lower().endswith(".xlsx"):
        return read_xlsx(raw)
    return read_csv(raw)


def dossier_import(
    *,
    raw: bytes,
    file_name: str,
    actor: User | None = None,
    unit: AdministrativeUnit | None = None,
    dry_run: bool = False,
    at: datetime | None = None,
) -> ImportResult:
    """Check every row of the file, then import all of them or, if anything is wrong, none.

    ``unit`` refuses rows whose agencies are outside it. ``dry_run`` checks and counts
    (conflicts included) and writes nothing.
    """
    at = (at or timezone.now()).astimezone(UTC)
    sheet = read_sheet(name=file_name, raw=raw)
    if sheet.errors:
        raise ImportRejected(sheet.errors)
    if errors := check_header(sheet.header):
        raise ImportRejected(errors)
    cleaned = Cleaned(sheet, Known(unit=unit), at)
    with transaction.atomic():
        batch = DossierImport.objects.create(
            file_name=file_name[-200:],
            sha256=hashlib.sha256(raw).hexdigest(),
            actor=actor,
            actor_name=str(actor) if actor else "",
            unit=unit,
            at=at,
        )
        write = _write_copy if connection.vendor == "postgresql" else _write_orm
        created = write(cleaned, batch)
        rows = cleaned.rows
        batch.rows, batch.created, batch.existing = len(rows), created, len(rows) - created
        batch.save(update_fields=["rows", "created", "existing"])
        _advance_counters(rows, at)
        if dry_run:
            transaction.set_rollback(True)
    return ImportResult(len(rows), created, len(rows) - created, None if dry_run else batch)


class Cleaned:
    """The file's rows as tuples of (line, *FIELDS), checked one by one as they are read.

    Iterating yields the good rows (the PostgreSQL writer sends them to COPY while the
    next ones are checked); ``finish()`` then refuses the whole file if any row was wrong.
    """

    def __init__(self, sheet: Sheet, known: Known, at: datetime) -> None:
        self.sheet, self.check = sheet, RowChecker(known, now=at)
        self.rows: list[tuple] = []

    def __iter__(self):
        header, clean, keep = self.sheet.header, self.check.clean, self.rows.append
        for line, values in self.sheet.rows:
            row = clean(line, dict(zip(header, values, strict=False)))
            if row is not None:
                row = (line, *row)
                keep(row)
                yield row

    def finish(self) -> list[tuple]:
        if self.check.error_count:
            raise ImportRejected(self.check.errors, self.check.error_count)
        if not self.rows:
            raise ImportRejected([RowError("-", "-", _("The file has no dossiers."))])
        return self.rows


def _conflict(line: int, code: str, fields: list[str]) -> RowError:
    reason = _("Dossier %(code)s is already stored with different %(fields)s; not changed.")
    return RowError(str(line), "code", reason % {"code": code, "fields": ", ".join(fields)})


# --- PostgreSQL: COPY into a temporary table, one INSERT … SELECT -------------------------

STAGE = "motcua_dossier_import"


def _write_copy(cleaned: Cleaned, batch: DossierImport) -> int:
    columns = ", ".join(FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
        # The dossier table's own column types, none of its constraints or indexes.
        cursor.execute(
            f"CREATE TEMPORARY TABLE {STAGE} ON COMMIT DROP AS "  # noqa: S608 - constants
            f"SELECT 0 AS line, {columns} FROM dossiers_dossier WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY {STAGE} (line, {columns}) FROM STDIN") as copy:
            for row in cleaned:
                copy.write_row(row)
        cleaned.finish()  # a wrong row rolls the staged ones back with the rest
        cursor.execute(f"ANALYZE {STAGE}")
        different = " OR ".join(f"s.{f} IS DISTINCT FROM d.{f}" for f in COMPARED)
        which = ", ".join(
            f"CASE WHEN s.{f} IS DISTINCT FROM d.{f} THEN '{f}' END" for f in COMPARED
        )
        cursor.execute(
            f"SELECT s.line, s.code, array_remove(ARRAY[{which}], NULL) FROM {STAGE} s "  # noqa: S608
            f"JOIN dossiers_dossier d ON d.code = s.code WHERE {different} ORDER BY s.line "
            "LIMIT 1000"
        )
        conflicts = [_conflict(*found) for found in cursor.fetchall()]
        if conflicts:
            raise ImportRejected(conflicts)
        # The added dossiers are listed for the statistics counters in the same statement,
        # as the transition writer lists the dossiers it changes.
        cursor.execute(
            "WITH added AS ("  # noqa: S608 - constants
            f"INSERT INTO dossiers_dossier ({columns}, revision, phase, original_due_at, "
            "paused_at, last_event_hash, imported_in_id) "
            f"SELECT {columns}, 0, '', NULL, NULL, '', %s FROM {STAGE} "
            "ON CONFLICT (code) DO NOTHING RETURNING id) "
            f"INSERT INTO {RollupChange._meta.db_table} (dossier_id) SELECT id FROM added",
            [batch.pk],
        )
        created = cursor.rowcount
        cursor.execute(f"DROP TABLE {STAGE}")
    return created


# --- other databases: compare in Python, bulk_create -------------------------------------


def _write_orm(cleaned: Cleaned, batch: DossierImport) -> int:
    list(cleaned)
    rows = cleaned.finish()
    new, conflicts = [], []
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        stored = Dossier.objects.filter(code__in=[r[1] for r in chunk]).values("code", *COMPARED)
        stored = {s["code"]: s for s in stored}
        for line, *values in chunk:
            found = stored.get(values[0])
            if found is None:
                new.append(values)
                continue
            wanted = dict(zip(FIELDS, values, strict=True))
            changed = [f for f in COMPARED if found[f] != wanted[f]]
            if changed:
                conflicts.append(_conflict(line, values[0], changed))
    if conflicts:
        raise ImportRejected(conflicts[:1000], len(conflicts))
    created = Dossier.objects.bulk_create(
        (
            Dossier(**dict(zip(FIELDS, values, strict=True)), imported_in=batch, revision=0)
            for values in new
        ),
        batch_size=500,
        ignore_conflicts=True,
    )
    added = Dossier.objects.filter(imported_in=batch).values_list("pk", flat=True)
    RollupChange.objects.bulk_create(
        (RollupChange(dossier_id=pk) for pk in added.iterator()), batch_size=BATCH
    )
    return len(created)


def _advance_counters(rows: list[tuple], at: datetime) -> None:
    """Keep today's code sequences past codes imported for today, so none is given twice."""
    today = timezone.localtime(at).date()
    middle = f"-{today:%y%m%d}-"
    highest: dict[int, int] = {}
    desk_at = 1 + FIELDS.index("desk_id")
    for row in rows:
        code = row[1]
        if middle in code and code.rsplit("-", 1)[-1].isdigit():
            number = int(code.rsplit("-", 1)[-1])
            highest[row[desk_at]] = max(highest.get(row[desk_at], 0), number)
    for desk_id, number in highest.items():
        counter, _created = CodeCounter.objects.get_or_create(agency_id=desk_id, day=today)
        if counter.last < number:
            CodeCounter.objects.filter(pk=counter.pk).update(last=number)
