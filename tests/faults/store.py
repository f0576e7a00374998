"""The Django side of the HTTP scenarios, run in a process of its own on DATABASE_URL.

    python tests/faults/store.py setup               → JSON: API token, submission body
    python tests/faults/store.py verify FILE PREFIX  → checks what was acknowledged

``setup`` makes a district desk, an agency offering a procedure online and a write token
for the API. ``verify`` reads FILE (JSON: Idempotency-Key → dossier code of every
acknowledged submission whose key starts with PREFIX) and checks the store: each one
exactly once, none half-written (its first audit event, its documents, its files), no
uploaded file without its row or row without its file, every audit chain intact. Prints
its figures as JSON on the last line; exits non-zero when a property does not hold.
"""

import base64
import json
import os
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

from tests.faults.common import PDF, check  # noqa: E402

NOTIFY = "motcua.dossiers.notifications.notify_applicant"


def setup() -> dict:
    from motcua.accounts.services import api_token_create
    from motcua.catalog.models import Offering
    from motcua.dossiers.tests.factories import build_world

    offering = Offering.objects.filter(is_active=True).select_related("agency", "procedure")
    offering = offering.order_by("pk").first()  # the world of scenario 1, if it ran
    if offering is None:
        world = build_world()
        version, agency = world.version, world.agency
    else:
        version, agency = offering.procedure.current_version, offering.agency
    _token, text = api_token_create(name="faults", scope="write", agency=None, user=None)
    documents = [
        {"component_id": c.pk, "name": "giay-to.pdf", "content_base64": "PDF"}
        for c in version.components.all()
        if c.required and not c.condition.strip()
    ]
    body = {
        "procedure": version.procedure.code,
        "agency": agency.identifier,
        "applicant": {
            "name": "Ma Thị Hoa",
            "id_number": "008195001122",
            "phone": "0912345678",
            "email": "hoa@example.org",
        },
        "documents": documents,
        "consent": True,
    }
    pdf = base64.b64encode(PDF).decode()
    text_body = json.dumps(body, ensure_ascii=False).replace('"PDF"', json.dumps(pdf))
    return {"token": text, "body": text_body, "documents": len(documents)}


def _orphans() -> tuple[int, int]:
    """Uploaded files without their row, and rows without their file."""
    from django.conf import settings

    from motcua.dossiers.models import DossierFile

    stored = {
        str(Path(settings.MEDIA_ROOT) / name)
        for name in DossierFile.objects.values_list("file", flat=True)
    }
    folder = Path(settings.MEDIA_ROOT) / "dossiers"
    on_disk = {str(p) for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()
    return len(on_disk - stored), len(stored - on_disk)


def _without_notification(dossiers) -> list[str]:
    """Dossiers whose "submitted" message to the applicant was never queued."""
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.filter(task_path=NOTIFY).values_list("args_kwargs", flat=True)
    notified = {task["args"][0] for task in queued}
    return [d.code for d in dossiers if d.pk not in notified]


def verify(acknowledged: dict[str, str], prefix: str, documents: int) -> dict:
    from django.db.models import Count, Min

    from motcua.dossiers.audit import audit_verify
    from motcua.dossiers.enums import Action
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.services.sweep import dossier_uploads_sweep

    mine = Dossier.objects.filter(idempotency_key__contains=f":{prefix}").annotate(
        events_n=Count("events", distinct=True),
        first_seq=Min("events__seq"),
        files_n=Count("files", distinct=True),
        components_n=Count("components", distinct=True),
    )
    rows = {d.idempotency_key.rsplit(":", 1)[1]: d for d in mine}
    lost = [key for key, code in acknowledged.items() if key not in rows or rows[key].code != code]
    codes = [d.code for d in rows.values()]
    duplicates = len(codes) - len(set(codes))
    check(not lost, f"{len(acknowledged)} acknowledged submissions all stored {lost[:5] or ''}")
    check(duplicates == 0, "each stored once (one dossier per key, unique codes)")
    half = [
        d.code
        for d in rows.values()
        if d.first_seq != 1 or d.files_n != documents or d.components_n < documents
    ]
    check(not half, f"no dossier half-written: first event, documents and files {half[:5]}")
    first = {e for e in mine.values_list("events__action", flat=True).filter(events__seq=1)}
    check(first <= {Action.SUBMIT}, "every first audit event is the submission")
    vanished = _without_notification(rows.values())
    check(not vanished, f"every submission's notification is queued {vanished[:5] or ''}")
    left, missing_files = _orphans()
    check(missing_files == 0, "every file row has its file")
    swept = dossier_uploads_sweep(older_than=timedelta(0))  # as the scheduled sweep does
    orphan_files, _ = _orphans()
    check(
        swept == left and orphan_files == 0,
        f"no uploaded file without its row after the sweep ({left} left by killed workers)",
    )
    broken = [str(link) for link in audit_verify()]
    chains = Dossier.objects.count()
    check(not broken, f"all {chains} audit chains verify {broken[:3] or ''}")
    return {
        "lost": len(lost),
        "duplicates": duplicates,
        "chains": chains,
        "stored": len(rows),
        "orphan_files_swept": swept,
        "vanished_tasks": len(vanished),
    }


def main() -> int:
    django.setup()
    if sys.argv[1] == "setup":
        print(json.dumps(setup(), ensure_ascii=False))
    else:
        acknowledged = json.loads(Path(sys.argv[2]).read_text())
        documents = int(os.environ.get("FAULTS_DOCUMENTS", "1"))
        print(json.dumps(verify(acknowledged, sys.argv[3], documents)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
