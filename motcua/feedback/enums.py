"""Feedback and complaints as data: kinds, topics, statuses and the table of allowed moves.

Topics double as the Open311 service codes: the list is short and stable on purpose.
"""

from django.db import models
from django.utils.translation import pgettext_lazy


class FeedbackKind(models.TextChoices):
    FEEDBACK = "feedback", pgettext_lazy("feedback kind", "Feedback")
    RECOMMENDATION = "recommendation", pgettext_lazy("feedback kind", "Recommendation")
    COMPLAINT = "complaint", pgettext_lazy("feedback kind", "Complaint")


class Topic(models.TextChoices):
    PROCEDURE = "procedure", pgettext_lazy("feedback topic", "Administrative procedure")
    STAFF_CONDUCT = "staff_conduct", pgettext_lazy("feedback topic", "Staff conduct")
    SERVICE_QUALITY = "service_quality", pgettext_lazy("feedback topic", "Service quality")
    FACILITIES = "facilities", pgettext_lazy("feedback topic", "Facilities")
    OTHER = "other", pgettext_lazy("feedback topic", "Other")


class FeedbackChannel(models.TextChoices):
    ONLINE = "online", pgettext_lazy("feedback channel", "Online")
    DESK = "desk", pgettext_lazy("feedback channel", "At the desk")
    PHONE = "phone", pgettext_lazy("feedback channel", "By phone")
    API = "api", pgettext_lazy("feedback channel", "Open311 API")


class FeedbackStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("feedback status", "Received")
    HANDLING = "handling", pgettext_lazy("feedback status", "Being handled")
    ANSWERED = "answered", pgettext_lazy("feedback status", "Answered")
    REOPENED = "reopened", pgettext_lazy("feedback status", "Reopened")
    CLOSED = "closed", pgettext_lazy("feedback status", "Closed")
    REJECTED = "rejected", pgettext_lazy("feedback status", "Not accepted")


class FeedbackAction(models.TextChoices):
    SUBMIT = "submit", pgettext_lazy("feedback action", "Submit")
    ACCEPT = "accept", pgettext_lazy("feedback action", "Accept for handling")
    ROUTE = "route", pgettext_lazy("feedback action", "Pass to another agency")
    ANSWER = "answer", pgettext_lazy("feedback action", "Answer")
    PUBLISH = "publish", pgettext_lazy("feedback action", "Publish the answer")
    UNPUBLISH = "unpublish", pgettext_lazy("feedback action", "Withdraw the answer from public")
    REJECT = "reject", pgettext_lazy("feedback action", "Do not accept")
    REOPEN = "reopen", pgettext_lazy("feedback action", "Reopen")
    CLOSE = "close", pgettext_lazy("feedback action", "Close")


class DueState(models.TextChoices):
    WITHIN_TIME = "within_time", pgettext_lazy("timeliness", "Within time")
    DUE_SOON = "due_soon", pgettext_lazy("timeliness", "Due soon")
    OVERDUE = "overdue", pgettext_lazy("timeliness", "Overdue")


class Criterion(models.TextChoices):
    """What a satisfaction rating scores, the overall level first (DOMAIN.md §6)."""

    OVERALL = "overall", pgettext_lazy("rating criterion", "Overall")
    RECEPTION = "reception", pgettext_lazy("rating criterion", "Reception")
    ATTITUDE = "attitude", pgettext_lazy("rating criterion", "Staff attitude")
    TIMELINESS = "timeliness", pgettext_lazy("rating criterion", "Timeliness")
    PUBLICITY = "publicity", pgettext_lazy("rating criterion", "Publicity and transparency")


LEVEL_LABELS = {
    5: {
        5: pgettext_lazy("rating level", "Very satisfied"),
        4: pgettext_lazy("rating level", "Satisfied"),
        3: pgettext_lazy("rating level", "Acceptable"),
        2: pgettext_lazy("rating level", "Dissatisfied"),
        1: pgettext_lazy("rating level", "Very dissatisfied"),
    },
    3: {
        3: pgettext_lazy("rating level", "Satisfied"),
        2: pgettext_lazy("rating level", "Acceptable"),
        1: pgettext_lazy("rating level", "Not satisfied"),
    },
}
# The lowest level counted as "satisfied" in the satisfaction indicator, per scale.
SATISFIED_FROM = {5: 4, 3: 3}

S = FeedbackStatus
A = FeedbackAction
NEW = None
# action → (statuses it may start from, status it leads to; None keeps the status).
TRANSITIONS: dict[str, tuple[frozenset[str | None], str | None]] = {
    A.SUBMIT: (frozenset({NEW}), S.RECEIVED),
    A.ACCEPT: (frozenset({S.RECEIVED}), S.HANDLING),
    A.ROUTE: (frozenset({S.RECEIVED, S.HANDLING, S.REOPENED}), S.RECEIVED),
    A.ANSWER: (frozenset({S.RECEIVED, S.HANDLING, S.REOPENED}), S.ANSWERED),
    A.PUBLISH: (frozenset({S.ANSWERED, S.CLOSED}), None),
    A.UNPUBLISH: (frozenset({S.ANSWERED, S.CLOSED, S.REOPENED}), None),
    A.REJECT: (frozenset({S.RECEIVED, S.HANDLING}), S.REJECTED),
    A.REOPEN: (frozenset({S.ANSWERED}), S.REOPENED),
    A.CLOSE: (frozenset({S.ANSWERED}), S.CLOSED),
}

# Waiting for the agency: what the staff list shows first and what can be overdue.
OPEN_STATUSES = frozenset({S.RECEIVED, S.HANDLING, S.REOPENED})
