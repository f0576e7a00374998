"""What an import file's codes point at: agencies, desks, procedures, and their limits.

Everything is read up front (a handful of queries whatever the file's size) and kept in
dicts: on PostgreSQL the rows are checked while COPY holds the connection, when no other
query can be sent. Appointments missing from the file are computed with the desk's
working-day calendar.
"""

from datetime import datetime

from django.utils.translation import gettext as _

from motcua.catalog.models import Offering, Procedure, ProcedureVersion
from motcua.dossiers.timing import limit_for
from motcua.organization.enums import RECEPTION_KINDS
from motcua.organization.models import AdministrativeUnit, Agency
from motcua.organization.selectors import unit_subtree_ids
from motcua.workdays.selectors import calendar_for_unit


class Known:
    def __init__(self, *, unit: AdministrativeUnit | None = None) -> None:
        self.unit = unit
        agencies = Agency.objects.select_related("unit")
        if unit is not None:
            agencies = agencies.filter(unit_id__in=unit_subtree_ids(unit_id=unit.pk))
        self.agencies = {a.identifier.upper(): a for a in agencies}
        self.desks: dict[int, Agency] = {}
        for agency in sorted(self.agencies.values(), key=lambda a: a.pk):
            if agency.kind in RECEPTION_KINDS and agency.is_active:
                self.desks.setdefault(agency.unit_id, agency)
        # Agencies outside ``unit``, to say so rather than "unknown".
        self.elsewhere = (
            set()
            if unit is None
            else {i.upper() for i in Agency.objects.values_list("identifier", flat=True)}
        )
        procedures = Procedure.objects.select_related("current_version").prefetch_related(
            "current_version__cases", "current_version__channels"
        )
        self.versions = {p.code.upper(): p.current_version for p in procedures}
        self.offered = set(Offering.objects.values_list("procedure_id", "agency_id"))
        self._limits: dict[tuple, object] = {}
        units = {a.unit_id for a in self.agencies.values() if a.kind in RECEPTION_KINDS}
        self._calendars = {u: calendar_for_unit(unit_id=u) for u in units}

    def resolve(self, check, data: dict, line: int) -> tuple:
        """(agency, desk, version) named by the row, or Nones after reporting why not."""
        agency = self._agency(check, data, line, "agency")
        desk = self._agency(check, data, line, "desk") if data.get("desk") else None
        if desk is not None and desk.kind not in RECEPTION_KINDS:
            check.fail(line, "desk", _("“%s” is not a one-stop desk.") % desk.identifier)
            desk = None
        elif desk is None and agency is not None and not data.get("desk"):
            desk = agency if agency.kind in RECEPTION_KINDS else self.desks.get(agency.unit_id)
            if desk is None:
                reason = _("%(unit)s has no one-stop desk to receive dossiers.")
                check.fail(line, "agency", reason % {"unit": agency.unit})
        code = str(data.get("procedure") or "").strip().upper()
        version = self.versions.get(code)
        if code and code not in self.versions:
            check.fail(line, "procedure", _("No procedure has the code “%s”.") % code)
        elif code and version is None:
            reason = _("The procedure %s has no published version.")
            check.fail(line, "procedure", reason % code)
        elif version is not None and agency is not None:
            if (version.procedure_id, agency.pk) not in self.offered:
                reason = _("%(agency)s does not handle the procedure %(code)s.")
                check.fail(line, "procedure", reason % {"agency": agency, "code": code})
        return agency, desk, version

    def _agency(self, check, data: dict, line: int, name: str) -> Agency | None:
        identifier = str(data.get(name) or "").strip().upper()
        if not identifier:
            return None
        agency = self.agencies.get(identifier)
        if agency is not None:
            return agency
        if identifier in self.elsewhere:
            reason = _("%(agency)s is not in %(unit)s.")
            check.fail(line, name, reason % {"agency": identifier, "unit": self.unit})
        else:
            check.fail(line, name, _("No agency has the identifier “%s”.") % identifier)
        return None

    def cases(self, version: ProcedureVersion) -> set[str]:
        return {case.name for case in version.cases.all()}

    def due(
        self, version: ProcedureVersion, channel: str, case: str, desk: Agency, at: datetime
    ) -> datetime:
        """The appointment the dossier would have been given when it was received."""
        key = (version.pk, channel, case)
        if key not in self._limits:
            self._limits[key] = limit_for(version=version, channel=channel, case_name=case)
        limit = self._limits[key]
        calendar = self._calendars[desk.unit_id]
        return calendar.due_at(at, limit.amount, limit.unit, cutoff=limit.cutoff).due_at
