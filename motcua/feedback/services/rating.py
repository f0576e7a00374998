"""Satisfaction ratings of a dossier: given once it has a slip, changeable for a while."""

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.errors import DomainError
from motcua.dossiers.models import Dossier
from motcua.feedback.models import SatisfactionRating
from motcua.feedback.selectors import rating_allowed, rating_editable_until

CRITERIA = ("reception", "attitude", "timeliness", "publicity")


class RatingNotYet(DomainError):
    code = "rating_not_yet"
    message = _("Dossier %(code)s can be rated once the desk has received it or answered it.")


class RatingLocked(DomainError):
    code = "rating_locked"
    message = _(
        "The rating of dossier %(code)s can no longer be changed: "
        "changes were possible until %(until)s."
    )


class RatingInvalid(DomainError):
    code = "rating_invalid"
    message = _("Choose a level from 1 to %(levels)s.")


def _levels(overall: int, criteria: dict[str, int | None], scale: int) -> dict:
    levels = {"overall": overall, **criteria}
    for name, level in levels.items():
        if (level is not None or name == "overall") and not (
            isinstance(level, int) and 1 <= level <= scale
        ):
            raise RatingInvalid(levels=scale)
    return levels


def rating_give(
    *,
    dossier: Dossier,
    overall: int,
    reception: int | None = None,
    attitude: int | None = None,
    timeliness: int | None = None,
    publicity: int | None = None,
    comment: str = "",
    at: datetime | None = None,
) -> SatisfactionRating:
    """Record the applicant's rating, or change it within the editing window."""
    scale = settings.MOTCUA_RATING_LEVELS
    criteria = dict(zip(CRITERIA, (reception, attitude, timeliness, publicity), strict=True))
    values = _levels(overall, criteria, scale) | {"scale": scale, "comment": comment.strip()}
    if not rating_allowed(dossier=dossier):
        raise RatingNotYet(code=dossier.code)
    at = at or timezone.now()
    with transaction.atomic():
        existing = SatisfactionRating.objects.select_for_update().filter(dossier=dossier).first()
        if existing is None:
            try:
                with transaction.atomic():
                    return SatisfactionRating.objects.create(
                        dossier=dossier, created_at=at, updated_at=at, **values
                    )
            except IntegrityError:  # given from another tab a moment ago: change that one
                existing = SatisfactionRating.objects.select_for_update().get(dossier=dossier)
        return _change(existing, values, at, dossier)


def _change(rating: SatisfactionRating, values: dict, at: datetime, dossier: Dossier):
    until = rating_editable_until(rating)
    if at > until:
        local = timezone.localtime(until).strftime("%H:%M %d/%m/%Y")
        raise RatingLocked(code=dossier.code, until=local)
    for name, value in values.items():
        setattr(rating, name, value)
    rating.updated_at = at
    rating.save(update_fields=[*values, "updated_at"])
    return rating
