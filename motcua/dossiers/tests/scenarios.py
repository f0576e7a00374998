"""Dossiers in every situation of the lifecycle, and one ordinary call per action."""

from motcua.dossiers.enums import Action, DossierStatus
from motcua.dossiers.services import (
    Scan,
    dossier_assign,
    dossier_decide,
    dossier_forward,
    dossier_late_notice,
    dossier_pause,
    dossier_receive,
    dossier_refuse,
    dossier_request_supplement,
    dossier_resume,
    dossier_return_result,
    dossier_send_back,
    dossier_stop,
    dossier_supply,
    dossier_transfer,
    dossier_transfer_to_agency,
    dossier_withdraw,
)
from motcua.dossiers.tests.factories import (
    MONDAY,
    World,
    assigned,
    at_signing,
    decided,
    received,
    returned,
    submitted,
    vn,
    with_agency,
)

S = DossierStatus
SUPPLIED_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _supplement_at_reception(world):
    return dossier_request_supplement(
        actor=world.clerk, dossier=submitted(world), missing=["Ảnh"], reason="Thiếu ảnh"
    )


def _paused(world, financial=False):
    return dossier_pause(
        dossier=assigned(world),
        actor=world.officer,
        financial=financial,
        missing=None if financial else ["Ảnh"],
        reason="Chờ công dân",
    )


# Each situation a dossier can be in: (its status, how to get there).
SITUATIONS = {
    "submitted": (S.SUBMITTED, submitted),
    "received": (S.RECEIVED, received),
    "refused": (
        S.REFUSED,
        lambda w: dossier_refuse(actor=w.clerk, dossier=submitted(w), reason="Sai thẩm quyền"),
    ),
    "with_agency": (S.PROCESSING, with_agency),
    "processing": (S.PROCESSING, assigned),
    "at_signing": (S.PROCESSING, at_signing),
    "supplement_at_reception": (S.SUPPLEMENT, _supplement_at_reception),
    "supplement_in_processing": (S.SUPPLEMENT, _paused),
    "financial": (S.FINANCIAL, lambda w: _paused(w, financial=True)),
    "withdrawn": (
        S.WITHDRAWN,
        lambda w: dossier_withdraw(dossier=received(w), actor=w.clerk, reason="Rút"),
    ),
    "stopped": (
        S.STOPPED,
        lambda w: dossier_stop(dossier=assigned(w), actor=w.head, reason="Dừng"),
    ),
    "processed": (S.PROCESSED, decided),
    "returned": (S.RETURNED, returned),
}

# One call per action: who would normally do it, and the call with every field filled in.
CALLS = {
    Action.RECEIVE: ("clerk", lambda w, d, a: dossier_receive(actor=a, dossier=d)),
    Action.REQUEST_SUPPLEMENT: (
        "clerk",
        lambda w, d, a: dossier_request_supplement(
            actor=a, dossier=d, missing=["Ảnh"], reason="Thiếu"
        ),
    ),
    Action.REFUSE: ("clerk", lambda w, d, a: dossier_refuse(actor=a, dossier=d, reason="Sai")),
    Action.TRANSFER_TO_AGENCY: (
        "clerk",
        lambda w, d, a: dossier_transfer_to_agency(dossier=d, actor=a),
    ),
    Action.ASSIGN: ("head", lambda w, d, a: dossier_assign(dossier=d, actor=a, officer=w.officer)),
    Action.FORWARD: ("officer", lambda w, d, a: dossier_forward(dossier=d, actor=a)),
    Action.SEND_BACK: (
        "officer",
        lambda w, d, a: dossier_send_back(dossier=d, actor=a, note="Lại"),
    ),
    Action.TRANSFER: (
        "officer",
        lambda w, d, a: dossier_transfer(dossier=d, actor=a, to=w.other_agency, note="Chuyển"),
    ),
    Action.PAUSE_SUPPLEMENT: (
        "officer",
        lambda w, d, a: dossier_pause(dossier=d, actor=a, missing=["Ảnh"], reason="Thiếu"),
    ),
    Action.PAUSE_FINANCIAL: (
        "officer",
        lambda w, d, a: dossier_pause(dossier=d, actor=a, financial=True, reason="Lệ phí"),
    ),
    Action.SUPPLY: (
        "portal",  # no account: the applicant looked the dossier up
        lambda w, d, a: dossier_supply(dossier=d, actor=a, scans=[Scan("ảnh.pdf", SUPPLIED_PDF)]),
    ),
    Action.RESUME: ("clerk", lambda w, d, a: dossier_resume(dossier=d, actor=a)),
    Action.APPROVE: (
        "leader",
        lambda w, d, a: dossier_decide(dossier=d, actor=a, approved=True, document="GKS"),
    ),
    Action.DENY: (
        "leader",
        lambda w, d, a: dossier_decide(dossier=d, actor=a, approved=False, reason="x"),
    ),
    Action.RETURN_RESULT: (
        "clerk",
        lambda w, d, a: dossier_return_result(dossier=d, actor=a, returned_to="An"),
    ),
    Action.WITHDRAW: ("clerk", lambda w, d, a: dossier_withdraw(dossier=d, actor=a, reason="Rút")),
    Action.STOP: ("head", lambda w, d, a: dossier_stop(dossier=d, actor=a, reason="Dừng")),
    Action.LATE_NOTICE: (
        "head",
        lambda w, d, a: dossier_late_notice(
            dossier=d, actor=a, reason="Chậm", new_due_at=vn(2026, 12, 31), at=MONDAY
        ),
    ),
}


def perform(action: str, world: World, dossier, actor=None):
    """Apply ``action`` the ordinary way, by ``actor`` or whoever normally does it."""
    who, call = CALLS[action]
    return call(world, dossier, actor or getattr(world, who, None))
