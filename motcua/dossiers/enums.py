"""The dossier lifecycle as data: statuses, actions and the table of allowed moves.

Statuses carry the national synchronisation codes (1–10) as their values. The step of
the internal process is separate from the status; most processing actions keep the
status and move the step.
"""

from django.db import models
from django.utils.translation import pgettext_lazy


class DossierStatus(models.IntegerChoices):
    SUBMITTED = 1, pgettext_lazy("dossier status", "Submitted online")
    RECEIVED = 2, pgettext_lazy("dossier status", "Received")
    REFUSED = 3, pgettext_lazy("dossier status", "Not received")
    PROCESSING = 4, pgettext_lazy("dossier status", "Being processed")
    SUPPLEMENT = 5, pgettext_lazy("dossier status", "Supplement requested")
    FINANCIAL = 6, pgettext_lazy("dossier status", "Awaiting payment of obligations")
    WITHDRAWN = 7, pgettext_lazy("dossier status", "Withdrawn")
    STOPPED = 8, pgettext_lazy("dossier status", "Stopped")
    PROCESSED = 9, pgettext_lazy("dossier status", "Result ready")
    RETURNED = 10, pgettext_lazy("dossier status", "Result returned")


class Action(models.TextChoices):
    SUBMIT = "submit", pgettext_lazy("dossier action", "Submit online")
    RECEIVE = "receive", pgettext_lazy("dossier action", "Receive")
    REQUEST_SUPPLEMENT = "request_supplement", pgettext_lazy("dossier action", "Request supplement")
    REFUSE = "refuse", pgettext_lazy("dossier action", "Refuse")
    TRANSFER_TO_AGENCY = "transfer_to_agency", pgettext_lazy("dossier action", "Pass to the agency")
    ASSIGN = "assign", pgettext_lazy("dossier action", "Assign")
    FORWARD = "forward", pgettext_lazy("dossier action", "Forward to the next step")
    SEND_BACK = "send_back", pgettext_lazy("dossier action", "Send back a step")
    TRANSFER = "transfer", pgettext_lazy("dossier action", "Transfer to another agency")
    PAUSE_SUPPLEMENT = "pause_supplement", pgettext_lazy("dossier action", "Ask for a supplement")
    PAUSE_FINANCIAL = "pause_financial", pgettext_lazy("dossier action", "Ask for payment")
    SUPPLY = "supply", pgettext_lazy("dossier action", "Documents supplied")
    RESUME = "resume", pgettext_lazy("dossier action", "Resume")
    APPROVE = "approve", pgettext_lazy("dossier action", "Approve")
    DENY = "deny", pgettext_lazy("dossier action", "Deny")
    RETURN_RESULT = "return_result", pgettext_lazy("dossier action", "Return the result")
    WITHDRAW = "withdraw", pgettext_lazy("dossier action", "Withdraw")
    STOP = "stop", pgettext_lazy("dossier action", "Stop processing")
    LATE_NOTICE = "late_notice", pgettext_lazy("dossier action", "Apologise and set a new date")


class Phase(models.TextChoices):
    """Where a supplement was asked: at the desk before reception, or during processing."""

    RECEPTION = "reception", pgettext_lazy("phase", "At reception")
    PROCESSING = "processing", pgettext_lazy("phase", "During processing")


class ApplicantKind(models.TextChoices):
    PERSON = "person", pgettext_lazy("applicant kind", "Person")
    ORGANISATION = "organisation", pgettext_lazy("applicant kind", "Organisation")


class ResultKind(models.TextChoices):
    APPROVED = "approved", pgettext_lazy("result", "Approved")
    DENIED = "denied", pgettext_lazy("result", "Denied")


class ReturnMethod(models.TextChoices):
    DESK = "desk", pgettext_lazy("return method", "At the desk")
    POST = "post", pgettext_lazy("return method", "By post")
    ONLINE = "online", pgettext_lazy("return method", "Online")


class Timeliness(models.TextChoices):
    EARLY = "early", pgettext_lazy("timeliness", "Early")
    ON_TIME = "on_time", pgettext_lazy("timeliness", "On time")
    LATE = "late", pgettext_lazy("timeliness", "Late")
    WITHIN_TIME = "within_time", pgettext_lazy("timeliness", "Within time")
    OVERDUE = "overdue", pgettext_lazy("timeliness", "Overdue")


S = DossierStatus
A = Action
# action → (statuses it may start from, status it leads to; None keeps the status).
# NEW stands for "no dossier yet": the desk records a walk-in dossier directly.
NEW = None
TRANSITIONS: dict[str, tuple[frozenset[int | None], int | None]] = {
    A.SUBMIT: (frozenset({NEW}), S.SUBMITTED),
    A.RECEIVE: (frozenset({NEW, S.SUBMITTED, S.SUPPLEMENT}), S.RECEIVED),
    A.REQUEST_SUPPLEMENT: (frozenset({NEW, S.SUBMITTED}), S.SUPPLEMENT),
    A.REFUSE: (frozenset({NEW, S.SUBMITTED, S.SUPPLEMENT}), S.REFUSED),
    A.TRANSFER_TO_AGENCY: (frozenset({S.RECEIVED}), S.PROCESSING),
    A.ASSIGN: (frozenset({S.PROCESSING}), None),
    A.FORWARD: (frozenset({S.PROCESSING}), None),
    A.SEND_BACK: (frozenset({S.PROCESSING}), None),
    A.TRANSFER: (frozenset({S.PROCESSING}), None),
    A.PAUSE_SUPPLEMENT: (frozenset({S.PROCESSING}), S.SUPPLEMENT),
    A.PAUSE_FINANCIAL: (frozenset({S.PROCESSING}), S.FINANCIAL),
    A.SUPPLY: (frozenset({S.SUPPLEMENT}), None),
    A.RESUME: (frozenset({S.SUPPLEMENT, S.FINANCIAL}), S.PROCESSING),
    A.APPROVE: (frozenset({S.PROCESSING}), S.PROCESSED),
    A.DENY: (frozenset({S.PROCESSING}), S.PROCESSED),
    A.RETURN_RESULT: (frozenset({S.PROCESSED}), S.RETURNED),
    A.WITHDRAW: (
        frozenset({S.SUBMITTED, S.RECEIVED, S.PROCESSING, S.SUPPLEMENT, S.FINANCIAL}),
        S.WITHDRAWN,
    ),
    A.STOP: (frozenset({S.RECEIVED, S.PROCESSING, S.SUPPLEMENT, S.FINANCIAL}), S.STOPPED),
    A.LATE_NOTICE: (frozenset({S.PROCESSING, S.SUPPLEMENT, S.FINANCIAL}), None),
}

# Received and not finished: what the inbox shows and what can be overdue.
OPEN_STATUSES = frozenset({S.RECEIVED, S.PROCESSING, S.SUPPLEMENT, S.FINANCIAL})
# The clock does not run while the citizen is asked for something.
PAUSED_STATUSES = frozenset({S.SUPPLEMENT, S.FINANCIAL})
FINAL_STATUSES = frozenset({S.REFUSED, S.WITHDRAWN, S.STOPPED, S.RETURNED})
