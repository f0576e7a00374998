"""Satisfaction ratings: when a dossier may be rated, the scale, and the editing window."""

from datetime import timedelta

import pytest

from motcua.dossiers.services import dossier_refuse
from motcua.dossiers.tests.factories import MONDAY, application, received, returned, submitted
from motcua.feedback.models import SatisfactionRating
from motcua.feedback.services import RatingInvalid, RatingLocked, RatingNotYet, rating_give

pytestmark = pytest.mark.django_db


def test_a_received_dossier_can_be_rated_overall_and_per_criterion(world):
    dossier = received(world)

    rating = rating_give(
        dossier=dossier,
        overall=4,
        reception=5,
        attitude=4,
        timeliness=3,
        publicity=5,
        comment="  Cán bộ nhiệt tình.  ",
        at=MONDAY,
    )

    stored = SatisfactionRating.objects.get(dossier=dossier)
    assert stored == rating
    assert (stored.scale, stored.overall, stored.reception, stored.attitude) == (5, 4, 5, 4)
    assert (stored.timeliness, stored.publicity, stored.comment) == (3, 5, "Cán bộ nhiệt tình.")
    assert stored.created_at == stored.updated_at == MONDAY


def test_a_returned_dossier_can_be_rated(world):
    assert rating_give(dossier=returned(world), overall=5).overall == 5


def test_a_refused_dossier_can_be_rated(world):
    dossier = dossier_refuse(actor=world.clerk, application=application(world), reason="Sai mẫu")

    assert rating_give(dossier=dossier, overall=1).overall == 1


def test_a_dossier_only_submitted_online_cannot_be_rated_yet(world):
    dossier = submitted(world)

    with pytest.raises(RatingNotYet, match="tiếp nhận"):
        rating_give(dossier=dossier, overall=5)

    assert SatisfactionRating.objects.count() == 0


def test_the_rating_can_be_changed_within_the_window(world, time_machine):
    dossier = received(world)
    time_machine.move_to(MONDAY, tick=False)
    rating_give(dossier=dossier, overall=2, attitude=1)

    time_machine.move_to(MONDAY + timedelta(hours=71, minutes=59), tick=False)
    rating = rating_give(dossier=dossier, overall=4, comment="Đã được giải thích lại")

    stored = SatisfactionRating.objects.get(dossier=dossier)
    assert (stored.pk, stored.overall, stored.attitude) == (rating.pk, 4, None)
    assert stored.created_at == MONDAY
    assert stored.updated_at == MONDAY + timedelta(hours=71, minutes=59)


def test_the_rating_is_read_only_after_the_window(world, time_machine):
    dossier = received(world)
    time_machine.move_to(MONDAY, tick=False)
    rating_give(dossier=dossier, overall=2)

    time_machine.move_to(MONDAY + timedelta(hours=72, seconds=1), tick=False)
    with pytest.raises(RatingLocked, match="09:00 05/03/2026"):
        rating_give(dossier=dossier, overall=5)

    assert SatisfactionRating.objects.get(dossier=dossier).overall == 2


def test_the_window_comes_from_the_settings(world, settings):
    settings.MOTCUA_RATING_EDIT_HOURS = 1
    dossier = received(world)
    rating_give(dossier=dossier, overall=3, at=MONDAY)

    with pytest.raises(RatingLocked):
        rating_give(dossier=dossier, overall=5, at=MONDAY + timedelta(hours=2))


@pytest.mark.parametrize(
    "levels",
    [
        {"overall": 6},
        {"overall": 0},
        {"overall": None},
        {"overall": 3, "attitude": 9},
        {"overall": "5"},
    ],
)
def test_levels_outside_the_scale_are_refused(world, levels):
    with pytest.raises(RatingInvalid, match="từ 1 đến 5"):
        rating_give(dossier=received(world), **levels)

    assert SatisfactionRating.objects.count() == 0


def test_a_three_level_scale(world, settings):
    settings.MOTCUA_RATING_LEVELS = 3
    dossier = received(world)

    with pytest.raises(RatingInvalid, match="từ 1 đến 3"):
        rating_give(dossier=dossier, overall=4)
    assert rating_give(dossier=dossier, overall=3).scale == 3
