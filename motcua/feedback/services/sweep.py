"""Feedback attachments that no row names (see motcua.dossiers.services.sweep)."""

from datetime import timedelta

from motcua.dossiers.services.sweep import uploads_sweep
from motcua.feedback.models import FeedbackFile


def feedback_uploads_sweep(*, older_than: timedelta = timedelta(hours=1), now=None) -> int:
    """Delete stored feedback files without their row, older than ``older_than``; how many."""
    return uploads_sweep(
        FeedbackFile, folder="feedback", parent="feedback", older_than=older_than, now=now
    )
