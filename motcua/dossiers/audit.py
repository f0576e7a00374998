"""The hash chain of a dossier's events, and its verification.

Each event's hash covers its own content and the previous event's hash, so editing,
deleting, reordering or inserting a row anywhere breaks the chain from that row on. The
dossier row keeps the hash of its last event, so cutting events off the end is caught too.
"""

import hmac
import json
import multiprocessing
import queue
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import groupby
from operator import itemgetter

from django.conf import settings
from django.db import connection, connections, transaction
from django.utils.translation import gettext as _

from motcua.dossiers.models import Dossier, DossierEvent

# The hashed text is the event as a JSON object with sorted keys and no spaces (what
# ``json.dumps(..., sort_keys=True, ensure_ascii=False, separators=(",", ":"))`` gives),
# written field by field: the verifier reads a million rows, a dict per row costs too much.
CONTENT = (
    '{"action":%s,"actor":%s,"actor_name":%s,"at":%s,"code":%s,"from_agency":%s,'
    '"from_status":%s,"from_step":%s,"note":%s,"payload":%s,"seq":%s,"to_agency":%s,'
    '"to_status":%s,"to_step":%s}'
)
_text = json.encoder.c_encode_basestring or json.encoder.py_encode_basestring
_canonical = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode


def _number(value) -> str:
    return "null" if value is None else str(int(value))


def event_content(
    *,
    code: str,
    seq: int,
    action: str,
    at: datetime,
    actor: int | None,
    actor_name: str,
    from_status: int | None,
    to_status: int,
    from_step: str,
    to_step: str,
    from_agency: int | None,
    to_agency: int | None,
    note: str,
    payload: dict,
) -> str:
    return CONTENT % (
        _text(action),
        _number(actor),
        _text(actor_name),
        _text(at.isoformat()),
        _text(code),
        _number(from_agency),
        _number(from_status),
        _text(from_step),
        _text(note),
        _canonical(payload),
        _number(seq),
        _number(to_agency),
        _number(to_status),
        _text(to_step),
    )


def _sign(prev_hash: str, content: str, key: bytes) -> str:
    # Keyed: someone who can write the database but not read the key cannot recompute the
    # chain after rewriting an event.
    return hmac.digest(key, (prev_hash + content).encode(), "sha256").hex()


def event_hash(event: DossierEvent, *, code: str, prev_hash: str) -> str:
    content = event_content(
        code=code,
        seq=event.seq,
        action=event.action,
        at=event.at,
        actor=event.actor_id,
        actor_name=event.actor_name,
        from_status=event.from_status,
        to_status=event.to_status,
        from_step=event.from_step,
        to_step=event.to_step,
        from_agency=event.from_agency_id,
        to_agency=event.to_agency_id,
        note=event.note,
        payload=event.payload,
    )
    return _sign(prev_hash, content, audit_key())


def audit_key() -> bytes:
    return settings.MOTCUA_AUDIT_KEY.encode()


@dataclass(frozen=True)
class BrokenLink:
    code: str
    seq: int | None
    reason: str

    def __str__(self) -> str:
        where = f"#{self.seq}" if self.seq is not None else ""
        return f"{self.code}{where}: {self.reason}"


# What the verifier needs of an event: its place, where the chain says it is, its stored
# hash, and its content to sign as text before the payload, the payload, and text after.
PLACE = "d.id, d.code, d.revision, d.last_event_hash, d.status, e.seq, e.to_status"
LINK = "e.prev_hash, e.hash"
PYTHON_COLUMNS = (  # on other databases Python writes that text from these
    "e.action, e.at, e.actor_id, e.actor_name, e.from_status, e.from_step, e.to_step, "
    "e.from_agency_id, e.to_agency_id, e.note, e.payload"
)


def _json(column: str) -> str:
    return f"to_json({column})::text"


def _null(column: str) -> str:
    return f"coalesce({column}::text, 'null')"


# On PostgreSQL the text around the payload is written by the database (CONTENT in SQL),
# which runs beside this process: the verifier then only signs and compares.
_AT = (
    "to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || CASE WHEN "
    "extract(microseconds FROM e.at)::bigint % 1000000 = 0 THEN '' "
    "ELSE to_char(e.at AT TIME ZONE 'UTC', '.US') END || '+00:00'"
)
SQL_COLUMNS = (
    f"""'{{"action":' || {_json("e.action")} || ',"actor":' || {_null("e.actor_id")}"""
    f""" || ',"actor_name":' || {_json("e.actor_name")} || ',"at":"' || {_AT}"""
    f""" || '","code":' || {_json("d.code")} || ',"from_agency":' || {_null("e.from_agency_id")}"""
    f""" || ',"from_status":' || {_null("e.from_status")}"""
    f""" || ',"from_step":' || {_json("e.from_step")} || ',"note":' || {_json("e.note")}"""
    """ || ',"payload":', e.payload::text,"""
    """ ',"seq":' || e.seq || ',"to_agency":' || """
    f"""{_null("e.to_agency_id")} || ',"to_status":' || e.to_status"""
    f""" || ',"to_step":' || {_json("e.to_step")} || '}}'"""
)


def _check_rows(code, revision, last_hash, status, events, key, load):
    """The first broken link of one dossier's events: rows of (seq, to_status, prev_hash,
    hash, text before the payload, payload, text after), ordered by seq."""
    prev, count, last_status = "", 0, None
    for seq, to_status, prev_hash, stored, head, payload, tail in events:
        count += 1
        if seq != count:
            return BrokenLink(code, seq, _("an event is missing or out of order"))
        if prev_hash != prev:
            return BrokenLink(code, seq, _("the link to the previous event is broken"))
        body = "{}" if payload == "{}" else _canonical(load(payload))
        if hmac.digest(key, f"{prev}{head}{body}{tail}".encode(), "sha256").hex() != stored:
            return BrokenLink(code, seq, _("the event was changed after it was written"))
        prev, last_status = stored, to_status
    if prev != last_hash or count != revision:
        return BrokenLink(code, None, _("events were removed from the end of the trail"))
    if count and last_status != status:
        return BrokenLink(code, None, _("the status was changed without an event"))
    return None


def _parts(code: str, seq: int, to_status: int, fields: tuple, at) -> tuple[str, str]:
    """Python's text before and after the payload (where the database does not write it)."""
    action, when, actor, actor_name, from_status, from_step, to_step, from_agency = fields[:8]
    to_agency, note = fields[8:10]
    content = CONTENT % (
        _text(action),
        _number(actor),
        _text(actor_name),
        _text(at(when)),
        _text(code),
        _number(from_agency),
        _number(from_status),
        _text(from_step),
        _text(note),
        "\0",
        _number(seq),
        _number(to_agency),
        _number(to_status),
        _text(to_step),
    )
    head, tail = content.split('"payload":\0', 1)
    return head + '"payload":', tail


def _at_aware(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def _at_sqlite(value: datetime | str) -> str:
    """SQLite gives back the UTC time it stored, without its zone."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC).isoformat()


def _check_dossier(dossier: Dossier, events: list[DossierEvent]) -> BrokenLink | None:
    """One dossier and its events as model instances (for callers that hold them)."""
    rows = []
    for e in events:
        fields = (e.action, e.at, e.actor_id, e.actor_name, e.from_status, e.from_step)
        fields += (e.to_step, e.from_agency_id, e.to_agency_id, e.note)
        head, tail = _parts(dossier.code, e.seq, e.to_status, fields, _at_aware)
        rows.append((e.seq, e.to_status, e.prev_hash, e.hash, head, _canonical(e.payload), tail))
    fields = (dossier.code, dossier.revision, dossier.last_event_hash, dossier.status)
    return _check_rows(*fields, rows, audit_key(), json.loads)


def audit_verify(*, chunk: int = 5000, jobs: int = 1) -> Iterator[BrokenLink]:
    """Every dossier's first broken link, dossier by dossier.

    One ordered pass over the dossiers joined to their events, read through a server-side
    cursor on PostgreSQL (memory stays flat however many events there are). It holds a
    transaction open: read it to the end, or close it (``contextlib.closing``).

    ``jobs`` above 1 splits the dossiers into that many ranges of ids checked by as many
    processes, each with its own connection (PostgreSQL, outside a transaction only: the
    processes see only what is committed); the links still come in dossier order.
    """
    postgres = connection.vendor == "postgresql"
    if jobs > 1 and postgres and not connection.in_atomic_block:
        yield from _verify_parallel(chunk, jobs)
    else:
        yield from _verify_range(chunk, postgres)


def _verify_range(
    chunk: int, postgres: bool, ids: tuple[int, int] | None = None
) -> Iterator[BrokenLink]:
    """``audit_verify`` over the dossiers whose id is within ``ids`` (all when None)."""
    key, load = audit_key(), json.loads
    with transaction.atomic():  # a server-side cursor streams only inside a transaction
        rows = _joined_rows(chunk, postgres, ids)
        try:
            for dossier, group in groupby(rows, key=itemgetter(0, 1, 2, 3, 4)):
                _pk, code, revision, last_hash, status = dossier
                events = (row[5:] for row in group if row[5] is not None)
                if not postgres:
                    events = (_from_python(code, row) for row in events)
                broken = _check_rows(code, revision, last_hash, status, events, key, load)
                if broken is not None:
                    yield broken
        finally:
            rows.close()  # the cursor and its reading thread end before the transaction


def _verify_parallel(chunk: int, jobs: int) -> Iterator[BrokenLink]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM dossiers_dossier")
        low, high = cursor.fetchone()
    if low is None:
        return
    size = (high - low) // jobs + 1
    ranges = [(low + n * size, min(high, low + (n + 1) * size - 1)) for n in range(jobs)]
    # Forked processes must not share this process's connection: they open their own.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    # An executor, not a Pool: a process that dies (killed, out of memory) fails the run
    # with BrokenProcessPool instead of leaving it waiting for ever.
    with ProcessPoolExecutor(jobs, mp_context=context) as pool:
        for links in pool.map(_verify_part, [(chunk, ids) for ids in ranges]):
            yield from links


def _verify_part(task: tuple[int, tuple[int, int]]) -> list[BrokenLink]:
    chunk, ids = task
    try:
        return list(_verify_range(chunk, True, ids))
    finally:
        connections.close_all()


def _from_python(code: str, row: tuple) -> tuple:
    seq, to_status, prev_hash, stored, *fields = row
    head, tail = _parts(code, seq, to_status, fields, _at_sqlite)
    return seq, to_status, prev_hash, stored, head, fields[-1], tail


def _joined_rows(chunk: int, postgres: bool, ids: tuple[int, int] | None = None) -> Iterable[tuple]:
    content = SQL_COLUMNS if postgres else PYTHON_COLUMNS
    # Two integers of our own (the SQL's own % stays unparameterised).
    within = f"WHERE d.id BETWEEN {int(ids[0])} AND {int(ids[1])} " if ids else ""
    sql = (
        f"SELECT {PLACE}, {LINK}, {content} FROM dossiers_dossier d "  # noqa: S608 - constants
        f"LEFT JOIN dossiers_dossierevent e ON e.dossier_id = d.id {within}ORDER BY d.id, e.seq"
    )
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql)
        chunks = _prefetched(cursor.cursor, chunk) if postgres else _fetched(cursor, chunk)
        for rows in chunks:
            yield from rows


def _fetched(cursor, chunk: int) -> Iterator[list]:
    while rows := cursor.fetchmany(chunk):
        yield rows


def _prefetched(cursor, chunk: int) -> Iterator[list]:
    """Chunks fetched by a thread while this one checks the previous chunk: the database
    writes the rows on one core while Python signs them on the other."""
    chunks: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def fetch():
        try:
            while not stop.is_set() and (rows := cursor.fetchmany(chunk)):
                chunks.put(rows)
        except Exception as error:  # handed over to the reading thread
            chunks.put(error)
        chunks.put(None)

    fetcher = threading.Thread(target=fetch, name="audit-verify-fetch", daemon=True)
    fetcher.start()
    try:
        while (rows := chunks.get()) is not None:
            if isinstance(rows, Exception):
                raise rows
            yield rows
    finally:
        stop.set()
        while fetcher.is_alive():  # let a blocked put() finish, then the thread ends
            try:
                chunks.get(timeout=0.1)
            except queue.Empty:
                pass
        fetcher.join()
