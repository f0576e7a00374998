from django.db import models
from django.utils.translation import pgettext_lazy


class PostKind(models.TextChoices):
    NEWS = "news", pgettext_lazy("post kind", "News")
    ANNOUNCEMENT = "announcement", pgettext_lazy("post kind", "Announcement")


class PostStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("post status", "Draft")
    PUBLISHED = "published", pgettext_lazy("post status", "Published")
    ARCHIVED = "archived", pgettext_lazy("post status", "Withdrawn")


class AudienceKind(models.TextChoices):
    OFFICIALS = "officials", pgettext_lazy("audience", "Officials")
    CITIZENS = "citizens", pgettext_lazy("audience", "Citizens")
    BUSINESSES = "businesses", pgettext_lazy("audience", "Businesses")
    MIXED = "mixed", pgettext_lazy("audience", "Mixed")


class ReviewFinding(models.TextChoices):
    OVERLAPPING = "overlapping", pgettext_lazy("review finding", "Overlapping")
    CUMBERSOME = "cumbersome", pgettext_lazy("review finding", "Cumbersome")
    OUTDATED = "outdated", pgettext_lazy("review finding", "Outdated")
    OTHER = "other", pgettext_lazy("review finding", "Other")


class ReviewProposal(models.TextChoices):
    ABOLISH = "abolish", pgettext_lazy("review proposal", "Abolish")
    AMEND = "amend", pgettext_lazy("review proposal", "Amend")
    SIMPLIFY = "simplify", pgettext_lazy("review proposal", "Simplify")
    KEEP = "keep", pgettext_lazy("review proposal", "Keep")


class ReviewStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("review status", "Proposed")
    SUBMITTED = "submitted", pgettext_lazy("review status", "Submitted to the competent level")
    ACCEPTED = "accepted", pgettext_lazy("review status", "Accepted")
    REJECTED = "rejected", pgettext_lazy("review status", "Rejected")
    IMPLEMENTED = "implemented", pgettext_lazy("review status", "Implemented")


class ReviewAction(models.TextChoices):
    PROPOSE = "propose", pgettext_lazy("review action", "Record the review")
    SUBMIT = "submit", pgettext_lazy("review action", "Submit to the competent level")
    ACCEPT = "accept", pgettext_lazy("review action", "Record the acceptance")
    REJECT = "reject", pgettext_lazy("review action", "Record the rejection")
    IMPLEMENT = "implement", pgettext_lazy("review action", "Record the implementation")


# Allowed status changes of a procedure review: action → (statuses it starts from, target).
# "" is a review not stored yet.
REVIEW_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    ReviewAction.PROPOSE: (frozenset({""}), ReviewStatus.PROPOSED),
    ReviewAction.SUBMIT: (frozenset({ReviewStatus.PROPOSED}), ReviewStatus.SUBMITTED),
    ReviewAction.ACCEPT: (frozenset({ReviewStatus.SUBMITTED}), ReviewStatus.ACCEPTED),
    ReviewAction.REJECT: (frozenset({ReviewStatus.SUBMITTED}), ReviewStatus.REJECTED),
    ReviewAction.IMPLEMENT: (frozenset({ReviewStatus.ACCEPTED}), ReviewStatus.IMPLEMENTED),
}
