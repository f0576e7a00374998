"""Writes to dossiers. Every state change goes through ``transition.dossier_transition``."""

from motcua.dossiers.services.guard import NotYours
from motcua.dossiers.services.online import (
    NothingSupplied,
    dossier_submit_online,
    dossier_supply,
)
from motcua.dossiers.services.processing import (
    LateNoticeRefused,
    ReasonRequired,
    SupplementOncePerAgency,
    dossier_assign,
    dossier_decide,
    dossier_forward,
    dossier_late_notice,
    dossier_pause,
    dossier_resume,
    dossier_return_result,
    dossier_send_back,
    dossier_stop,
    dossier_transfer,
    dossier_transfer_to_agency,
    dossier_withdraw,
)
from motcua.dossiers.services.reception import (
    Applicant,
    Application,
    ApplicationInvalid,
    IdempotencyKeyReused,
    ReceivedComponent,
    Scan,
    SupplementAlreadyRequested,
    dossier_receive,
    dossier_refuse,
    dossier_request_supplement,
)
from motcua.dossiers.services.transition import (
    DossierChangedMeanwhile,
    TransitionNotAllowed,
    dossier_transition,
)

__all__ = [
    "Applicant",
    "Application",
    "ApplicationInvalid",
    "DossierChangedMeanwhile",
    "IdempotencyKeyReused",
    "LateNoticeRefused",
    "NothingSupplied",
    "NotYours",
    "ReasonRequired",
    "ReceivedComponent",
    "Scan",
    "SupplementAlreadyRequested",
    "SupplementOncePerAgency",
    "TransitionNotAllowed",
    "dossier_assign",
    "dossier_decide",
    "dossier_forward",
    "dossier_late_notice",
    "dossier_pause",
    "dossier_receive",
    "dossier_refuse",
    "dossier_request_supplement",
    "dossier_resume",
    "dossier_return_result",
    "dossier_send_back",
    "dossier_stop",
    "dossier_submit_online",
    "dossier_supply",
    "dossier_transfer",
    "dossier_transfer_to_agency",
    "dossier_transition",
    "dossier_withdraw",
]

from motcua.dossiers.services.files import FileRefused, dossier_attach_file  # noqa: E402

__all__ += ["FileRefused", "dossier_attach_file"]
