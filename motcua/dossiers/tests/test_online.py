"""Online submission with files, and the applicant supplying what was asked."""

import pytest

from motcua.dossiers.enums import Action, DossierStatus, Phase
from motcua.dossiers.models import DossierEvent, DossierFile
from motcua.dossiers.services import (
    ApplicationInvalid,
    FileRefused,
    NothingSupplied,
    NotYours,
    ReceivedComponent,
    Scan,
    TransitionNotAllowed,
    dossier_pause,
    dossier_request_supplement,
    dossier_submit_online,
    dossier_supply,
)
from motcua.dossiers.tests.factories import (
    MONDAY,
    application,
    assigned,
    citizen,
    reloaded,
    submitted,
    vn,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def _form_component(world):
    return world.version.components.get(required=True)


def _online(world):
    """An application listing the catalogue's documents, as the portal builds it."""
    return application(
        world,
        components=[
            ReceivedComponent(name=c.name, component_id=c.pk)
            for c in world.version.components.all()
        ],
    )


def test_online_submission_stores_the_files_with_the_dossier(world):
    form = _form_component(world)
    dossier = dossier_submit_online(
        application=_online(world),
        idempotency_key="k-files",
        scans=[Scan("tờ khai.pdf", PDF, form.pk), Scan("ảnh.png", PNG)],
        at=MONDAY,
    )
    files = list(dossier.files.order_by("pk"))
    assert [f.original_name for f in files] == ["tờ khai.pdf", "ảnh.png"]
    assert files[0].component.component_id == form.pk
    assert dossier.components.count() == 2
    assert files[1].component is None


def test_online_submission_without_a_required_document_is_refused_whole(world):
    form = _form_component(world)
    with pytest.raises(ApplicationInvalid) as caught:
        dossier_submit_online(
            application=_online(world), idempotency_key="k-none", scans=[], at=MONDAY
        )
    assert list(caught.value.errors) == [f"component_{form.pk}"]
    assert "Tờ khai đăng ký khai sinh" in caught.value.errors[f"component_{form.pk}"][0]
    assert not DossierEvent.objects.exists()


def test_one_refused_file_keeps_nothing_of_the_submission(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    form = _form_component(world)
    with pytest.raises(FileRefused):
        dossier_submit_online(
            application=_online(world),
            idempotency_key="k-bad",
            scans=[Scan("tờ khai.pdf", PDF, form.pk), Scan("virus.pdf", b"MZ\x90\0", form.pk)],
            at=MONDAY,
        )
    assert not DossierEvent.objects.exists()
    assert not DossierFile.objects.exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_retried_submission_with_files_keeps_the_first_files(world):
    form = _form_component(world)

    def submit():
        return dossier_submit_online(
            application=_online(world),
            idempotency_key="k-twice",
            scans=[Scan("tờ khai.pdf", PDF, form.pk)],
            at=MONDAY,
        )

    assert submit().pk == submit().pk
    assert DossierFile.objects.count() == 1


def _asked_at_reception(world):
    return dossier_request_supplement(
        actor=world.clerk, dossier=submitted(world), missing=["Bản sao CCCD"], reason="Thiếu"
    )


def test_supply_at_reception_records_the_files_and_waits_for_the_desk(world):
    dossier = _asked_at_reception(world)
    later = vn(2026, 3, 3, 9)
    supplied = dossier_supply(
        dossier=dossier, scans=[Scan("cccd.pdf", PDF)], note="Gửi bổ sung", at=later
    )
    assert (supplied.status, supplied.phase) == (DossierStatus.SUPPLEMENT, Phase.RECEPTION)
    event = supplied.events.order_by("-seq").first()
    assert (event.action, event.actor, event.note) == (Action.SUPPLY, None, "Gửi bổ sung")
    assert event.payload == {"files": [{"name": "cccd.pdf", "document": ""}]}
    assert [f.original_name for f in supplied.files.all()] == ["cccd.pdf"]
    assert supplied.holder_agency == world.desk


def test_supply_during_processing_resumes_the_clock(world):
    paused = dossier_pause(
        dossier=assigned(world), actor=world.officer, missing=["Ảnh"], reason="Thiếu ảnh"
    )
    supplied = dossier_supply(dossier=paused, scans=[Scan("anh.png", PNG)], at=paused.paused_at)
    assert supplied.status == DossierStatus.PROCESSING
    assert supplied.paused_at is None
    assert supplied.holder_agency == world.agency
    actions = list(supplied.events.order_by("seq").values_list("action", flat=True))
    assert actions[-1] == Action.RESUME
    assert supplied.events.order_by("seq").last().payload["files"] == [
        {"name": "anh.png", "document": ""}
    ]
    assert reloaded(supplied).due_at == paused.due_at  # no working time passed


def test_supply_needs_a_file(world):
    with pytest.raises(NothingSupplied):
        dossier_supply(dossier=_asked_at_reception(world), scans=[])


def test_supply_is_refused_when_nothing_was_asked(world):
    with pytest.raises(TransitionNotAllowed):
        dossier_supply(dossier=submitted(world), scans=[Scan("a.pdf", PDF)])


def test_another_account_cannot_supply_for_someone_elses_dossier(world):
    owner = citizen(username="chu-ho-so")
    dossier = dossier_request_supplement(
        actor=world.clerk,
        dossier=submitted(world, owner=owner),
        missing=["Ảnh"],
        reason="Thiếu",
    )
    with pytest.raises(NotYours):
        dossier_supply(dossier=dossier, scans=[Scan("a.pdf", PDF)], actor=citizen())
    with pytest.raises(NotYours):
        dossier_supply(dossier=dossier, scans=[Scan("a.pdf", PDF)], actor=world.clerk)
    assert dossier_supply(dossier=dossier, scans=[Scan("a.pdf", PDF)], actor=owner).pk
