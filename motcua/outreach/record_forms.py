"""Forms of the staff screens for outreach sessions and procedure reviews.

They parse what was typed; the rules (who, which unit, which status change) are checked
by the services, whose errors the views show on the form.
"""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Procedure
from motcua.outreach.enums import AudienceKind, ReviewAction, ReviewFinding, ReviewProposal
from motcua.outreach.models import OutreachSession, ProcedureReview
from motcua.outreach.review_services import ReviewDetails
from motcua.outreach.session_services import SessionDetails

DATE_HELP = _("dd/mm/yyyy")
DATE_ERRORS = {"invalid": _("Enter the date as dd/mm/yyyy, for example 05/03/2026.")}
VI = {"lang": "vi"}


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]


class ProcedureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Procedure) -> str:
        version = obj.current_version
        return f"{obj.code} · {version.name}" if version else obj.code


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), help_text=DATE_HELP, error_messages=DATE_ERRORS)
    title = forms.CharField(label=_("Topic"), max_length=300, widget=forms.TextInput(VI))
    audience = forms.ChoiceField(label=_("Audience"), choices=AudienceKind.choices)
    place = forms.CharField(label=_("Place"), max_length=300, widget=forms.TextInput(VI))
    agency = forms.ModelChoiceField(label=_("Organiser"), queryset=None, empty_label=None)
    unit = forms.ModelChoiceField(
        label=_("Administrative unit"),
        queryset=None,
        empty_label=None,
        help_text=_("Where the session counts in reports: the organiser's unit or one below it."),
    )
    participants = forms.IntegerField(
        label=_("Number of participants"),
        min_value=0,
        error_messages={"min_value": _("The number of participants cannot be negative.")},
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3, **VI})
    )

    def __init__(self, *args, agencies: QuerySet, units: QuerySet, session=None, **kwargs):
        if session is not None:
            kwargs.setdefault("initial", _session_initial(session))
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["unit"].queryset = units

    def details(self) -> SessionDetails:
        return SessionDetails(**self.cleaned_data)


def _session_initial(session: OutreachSession) -> dict:
    names = ["held_on", "title", "audience", "place", "participants", "notes"]
    return {"agency": session.agency_id, "unit": session.unit_id, **_values(session, names)}


def _values(obj: object, names: list[str]) -> dict:
    return {name: getattr(obj, name) for name in names}


class ReviewForm(forms.Form):
    procedure = ProcedureChoiceField(label=_("Procedure"), queryset=None)
    reviewed_on = forms.DateField(
        label=_("Review date"), help_text=DATE_HELP, error_messages=DATE_ERRORS
    )
    agency = forms.ModelChoiceField(label=_("Reviewing agency"), queryset=None, empty_label=None)
    finding = forms.ChoiceField(label=_("Finding"), choices=ReviewFinding.choices)
    proposal = forms.ChoiceField(label=_("Proposal"), choices=ReviewProposal.choices)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 6, **VI}),
        help_text=_("What is overlapping, cumbersome or outdated, and why the proposal."),
    )

    def __init__(self, *args, procedures: QuerySet, agencies: QuerySet, review=None, **kwargs):
        if review is not None:
            kwargs.setdefault("initial", _review_initial(review))
        super().__init__(*args, **kwargs)
        self.fields["procedure"].queryset = procedures
        self.fields["agency"].queryset = agencies

    def details(self) -> ReviewDetails:
        return ReviewDetails(**self.cleaned_data)


def _review_initial(review: ProcedureReview) -> dict:
    names = ["reviewed_on", "finding", "proposal", "description"]
    return {"procedure": review.procedure_id, "agency": review.agency_id, **_values(review, names)}


class ReviewStatusForm(forms.Form):
    action = forms.ChoiceField(label=_("What happened"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, **VI}),
        help_text=_("The document sent or received, or the reason given; required to reject."),
    )

    def __init__(self, *args, actions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a, ReviewAction(a).label) for a in actions]
