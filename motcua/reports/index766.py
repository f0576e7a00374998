"""Indicators of the Decision 766/QĐ-TTg (2022) index that the system's data supports.

The index has five groups (publicity 18, progress 20, digitisation 22, online service 22,
satisfaction 18 points). The official scoring turns each indicator into points with rules
set by the national portal; here each indicator is shown as the share it measures, with
its formula, and what the system cannot measure is listed rather than guessed.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Exists, F, OuterRef, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.catalog.enums import ChannelKind, OnlineLevel, ProcedureStatus
from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier, DossierFile
from motcua.feedback.summary import feedback_summary, rating_summary
from motcua.organization.models import AdministrativeUnit, Agency
from motcua.organization.selectors import unit_subtree_ids
from motcua.reports.periodic import PeriodicReport


@dataclass(frozen=True)
class Indicator:
    name: str | Promise
    formula: str | Promise
    numerator: int
    denominator: int

    @property
    def percent(self) -> Decimal | None:
        if not self.denominator:
            return None
        share = Decimal(100 * self.numerator) / self.denominator
        return share.quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class IndicatorGroup:
    name: str | Promise
    points: int
    indicators: list[Indicator] = field(default_factory=list)
    missing: list[str | Promise] = field(default_factory=list)
    extra: list[tuple[str | Promise, str]] = field(default_factory=list)


def _procedures() -> tuple[int, int, int]:
    """(in force, fully posted, offered online) among published procedures."""
    published = Procedure.objects.filter(
        current_version__isnull=False, current_version__status=ProcedureStatus.IN_FORCE
    )
    posted = published.filter(
        current_version__components__isnull=False, current_version__legal_basis__isnull=False
    ).distinct()
    online = published.exclude(current_version__online_level=OnlineLevel.NONE)
    return published.count(), posted.count(), online.count()


def _received(start, end, unit_ids):
    rows = Dossier.objects.filter(received_at__gte=start, received_at__lt=end)
    return rows.filter(agency__unit_id__in=unit_ids) if unit_ids is not None else rows


def _average_days(start, end, unit_ids) -> str:
    rows = Dossier.objects.filter(decided_at__gte=start, decided_at__lt=end)
    if unit_ids is not None:
        rows = rows.filter(agency__unit_id__in=unit_ids)
    found = rows.aggregate(span=Avg(F("decided_at") - F("received_at")))["span"]
    if found is None:
        return "—"
    return str(Decimal(found.total_seconds() / 86400).quantize(Decimal("0.1"), ROUND_HALF_UP))


def index_766(
    *, report: PeriodicReport, start: datetime, end: datetime, unit: AdministrativeUnit | None
) -> list[IndicatorGroup]:
    unit_ids = unit_subtree_ids(unit_id=unit.pk) if unit is not None else None
    agencies = Agency.objects.filter(unit_id__in=unit_ids) if unit_ids is not None else None
    total = report.total
    received = _received(start, end, unit_ids)
    counted = received.aggregate(
        n=Count("pk"),
        online=Count("pk", filter=Q(channel=ChannelKind.ONLINE)),
        digitised=Count("pk", filter=Q(Exists(DossierFile.objects.filter(dossier=OuterRef("pk"))))),
    )
    in_force, posted, online = _procedures()
    ratings = rating_summary(agencies=agencies, since=start, until=end)
    feedback = feedback_summary(agencies=agencies, since=start, until=end)
    answered = feedback.answered_on_time + feedback.answered_late
    overall = ratings.overall
    return [
        IndicatorGroup(
            _("Publicity and transparency"),
            18,
            [
                Indicator(
                    _("Procedures posted with documents and legal basis"),
                    _("procedures with both ÷ procedures in force"),
                    posted,
                    in_force,
                ),
            ],
            [_("Synchronisation of dossier statuses with the national portal")],
        ),
        IndicatorGroup(
            _("Progress and results"),
            20,
            [
                Indicator(
                    _("Dossiers resolved early or on time"),
                    _("(early + on time) ÷ resolved"),
                    total.early + total.on_time,
                    total.resolved,
                ),
            ],
            [],
            [
                (
                    _("Average time from reception to result, in days"),
                    _average_days(start, end, unit_ids),
                )
            ],
        ),
        IndicatorGroup(
            _("Digitisation"),
            22,
            [
                Indicator(
                    _("Received dossiers with scanned or uploaded files"),
                    _("dossiers with at least one file ÷ dossiers received"),
                    counted["digitised"],
                    counted["n"],
                ),
            ],
            [_("Digitised results with a digital signature"), _("Re-use of digitised data")],
        ),
        IndicatorGroup(
            _("Online service"),
            22,
            [
                Indicator(
                    _("Procedures offered online"),
                    _("procedures fully or partly online ÷ procedures in force"),
                    online,
                    in_force,
                ),
                Indicator(
                    _("Dossiers submitted online"),
                    _("dossiers received online ÷ dossiers received"),
                    counted["online"],
                    counted["n"],
                ),
            ],
            [_("Online payment of fees")],
        ),
        IndicatorGroup(
            _("Satisfaction"),
            18,
            [
                Indicator(
                    _("Feedback answered on time"),
                    _("answered by the due date ÷ answered"),
                    feedback.answered_on_time,
                    answered,
                ),
                Indicator(
                    _("Applicants satisfied with the service"),
                    _("ratings at a satisfied level ÷ ratings given"),
                    overall.satisfied,
                    overall.answered,
                ),
            ],
            [_("Satisfaction with the handling of feedback")],
        ),
    ]
