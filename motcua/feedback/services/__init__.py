"""Writes to feedback and ratings. Every state change goes through ``feedback_transition``."""

from motcua.dossiers.services.files import FileRefused
from motcua.feedback.routing import NoCompetentAgency
from motcua.feedback.services.handling import (
    AgencyClosed,
    AnswerRequired,
    ReasonRequired,
    SameAgency,
    feedback_accept,
    feedback_answer,
    feedback_close,
    feedback_publish,
    feedback_reject,
    feedback_reopen,
    feedback_route,
    feedback_unpublish,
)
from motcua.feedback.services.rating import (
    RatingInvalid,
    RatingLocked,
    RatingNotYet,
    rating_give,
)
from motcua.feedback.services.submit import (
    FeedbackInvalid,
    IdempotencyKeyReused,
    Submission,
    Upload,
    feedback_submit,
)
from motcua.feedback.services.transition import (
    FeedbackChangedMeanwhile,
    NotYours,
    TransitionNotAllowed,
    feedback_transition,
)

__all__ = [
    "AgencyClosed",
    "AnswerRequired",
    "FeedbackChangedMeanwhile",
    "FeedbackInvalid",
    "FileRefused",
    "IdempotencyKeyReused",
    "NoCompetentAgency",
    "NotYours",
    "RatingInvalid",
    "RatingLocked",
    "RatingNotYet",
    "ReasonRequired",
    "SameAgency",
    "Submission",
    "TransitionNotAllowed",
    "Upload",
    "feedback_accept",
    "feedback_answer",
    "feedback_close",
    "feedback_publish",
    "feedback_reject",
    "feedback_reopen",
    "feedback_route",
    "feedback_submit",
    "feedback_transition",
    "feedback_unpublish",
    "rating_give",
]
