"""Input forms for dossiers, shared by the back office and the portal.

Forms parse and check what a person typed; the rules of the domain stay in the services,
whose ``ApplicationInvalid`` errors are put back on the fields by ``add_service_errors``.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.catalog.enums import ChannelKind
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.enums import OPEN_STATUSES, ApplicantKind, DossierStatus, ReturnMethod
from motcua.dossiers.services import Applicant, Application, ReceivedComponent
from motcua.organization.models import Agency

TEXTAREA = {"rows": 3}
CHOOSE = pgettext_lazy("select", "— Choose —")


class ApplicantForm(forms.Form):
    applicant_kind = forms.ChoiceField(
        label=_("Applicant is"), choices=ApplicantKind.choices, initial=ApplicantKind.PERSON
    )
    name = forms.CharField(label=_("Full name or organisation"), max_length=200)
    id_number = forms.CharField(
        label=_("Personal ID number"),
        max_length=20,
        required=False,
        help_text=_("12 digits, on the citizen ID card."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    representative_name = forms.CharField(
        label=_("Submitted by (if not the applicant)"), max_length=200, required=False
    )
    representative_id_number = forms.CharField(
        label=_("Their ID number"), max_length=20, required=False
    )

    def applicant(self) -> Applicant:
        data = self.cleaned_data
        return Applicant(
            kind=data["applicant_kind"],
            name=data["name"],
            id_number=data["id_number"],
            phone=data["phone"],
            email=data["email"],
            address=data["address"],
            representative_name=data["representative_name"],
            representative_id_number=data["representative_id_number"],
        )


class ReceptionForm(ApplicantForm):
    """A walk-in dossier at the desk: where it goes, who brings it, what it contains."""

    agency = forms.ModelChoiceField(
        label=_("Competent agency"), queryset=Agency.objects.none(), empty_label=CHOOSE
    )
    case_name = forms.ChoiceField(label=_("Case"), required=False)
    channel = forms.ChoiceField(
        label=_("Received"),
        choices=[
            (ChannelKind.DESK, ChannelKind.DESK.label),
            (ChannelKind.POST, ChannelKind.POST.label),
        ],
    )
    content = forms.CharField(
        label=_("Content requested"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    fee_amount = forms.IntegerField(
        label=_("Fees to collect (VND)"),
        min_value=0,
        max_value=2**63 - 1,  # what the column holds; more used to crash the desk
        initial=0,
        help_text=_("What this applicant must pay under the fees listed for the procedure."),
    )
    other_missing = forms.CharField(
        label=_("Other missing documents"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    reason = forms.CharField(
        label=_("Reason (for a supplement request or a refusal)"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    field_order = ["agency", "case_name", "channel", "content"]

    def __init__(self, *args, version: ProcedureVersion, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.fields["agency"].queryset = agencies
        if agencies.count() == 1:
            self.fields["agency"].initial = agencies.first()
        cases = [(case.name, case.name) for case in version.cases.all()]
        self.fields["case_name"].choices = [("", pgettext_lazy("case", "General case"))] + cases


class ComponentRowForm(forms.Form):
    component_id = forms.IntegerField(widget=forms.HiddenInput)
    received = forms.BooleanField(label=_("Received"), required=False)
    originals = forms.IntegerField(label=_("Originals"), min_value=0, max_value=99, initial=0)
    certified_copies = forms.IntegerField(
        label=_("Certified copies"), min_value=0, max_value=99, initial=0
    )
    photocopies = forms.IntegerField(label=_("Copies"), min_value=0, max_value=99, initial=0)
    scan = forms.FileField(label=_("Scan"), required=False)


ComponentFormSet = forms.formset_factory(ComponentRowForm, extra=0)


def component_initial(version: ProcedureVersion) -> list[dict]:
    return [
        {
            "component_id": c.pk,
            "received": c.required,
            "originals": c.originals,
            "certified_copies": c.certified_copies,
            "photocopies": c.photocopies,
        }
        for c in version.components.all()
    ]


def received_components(version: ProcedureVersion, formset) -> tuple[list, list[str]]:
    """(documents received, names of required documents not received)."""
    by_id = {c.pk: c for c in version.components.all()}
    received, missing = [], []
    for row in formset.cleaned_data:
        component = by_id.get(row.get("component_id"))
        if component is None:
            continue
        if row.get("received"):
            received.append(
                ReceivedComponent(
                    name=component.name,
                    component_id=component.pk,
                    originals=row["originals"],
                    certified_copies=row["certified_copies"],
                    photocopies=row["photocopies"],
                )
            )
        elif component.required:
            missing.append(component.name)
    return received, missing


def application_from(form: ReceptionForm, components: list) -> Application:
    data = form.cleaned_data
    return Application(
        version=form.version,
        agency=data["agency"],
        applicant=form.applicant(),
        channel=data["channel"],
        case_name=data["case_name"],
        content=data["content"],
        components=components,
        fee_amount=data["fee_amount"],
    )


def add_service_errors(form: forms.Form, errors: dict[str, list[str]]) -> None:
    for name, messages in errors.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


class ReasonForm(forms.Form):
    note = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs=TEXTAREA), max_length=2000
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs=TEXTAREA), max_length=2000
    )


class AssignForm(NoteForm):
    officer = forms.ModelChoiceField(label=_("Officer"), queryset=None, empty_label=CHOOSE)

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers


class TransferForm(ReasonForm):
    to = forms.ModelChoiceField(label=_("To agency"), queryset=None, empty_label=CHOOSE)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = agencies


class SupplementForm(ReasonForm):
    missing = forms.CharField(
        label=_("What is missing (one per line)"), widget=forms.Textarea(attrs=TEXTAREA)
    )

    def missing_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["missing"].splitlines() if line.strip()]


class ApproveForm(forms.Form):
    document = forms.CharField(label=_("Document issued"), max_length=300)


class LateNoticeForm(ReasonForm):
    new_due_at = forms.DateTimeField(
        label=_("New appointment"),
        help_text=_("dd/mm/yyyy hh:mm"),
        widget=forms.DateTimeInput(format="%d/%m/%Y %H:%M"),
    )


class ReturnForm(forms.Form):
    method = forms.ChoiceField(label=_("Returned"), choices=ReturnMethod.choices)
    returned_to = forms.CharField(label=_("Received by"), max_length=200)
    fee_receipt = forms.CharField(label=_("Fee receipt number"), max_length=60, required=False)


SCOPES = [
    ("agency", _("My agency")),
    ("mine", _("Assigned to me")),
    ("all", _("Everything I can see")),
]
WINDOWS = [
    ("", pgettext_lazy("filter", "All")),
    ("overdue", _("Overdue")),
    ("today", _("Due by the end of today")),
    ("3days", _("Due within 3 working days")),
]


class InboxFilterForm(forms.Form):
    scope = forms.ChoiceField(label=_("Show"), choices=SCOPES, required=False)
    status = forms.TypedChoiceField(
        label=_("Status"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", pgettext_lazy("filter", "All"))]
        + [(s.value, s.label) for s in DossierStatus if s.value in OPEN_STATUSES],
    )
    step = forms.ChoiceField(label=_("Step"), required=False)
    window = forms.ChoiceField(label=_("Due"), choices=WINDOWS, required=False)
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=[("", pgettext_lazy("filter", "All"))] + ChannelKind.choices,
    )
    procedure = forms.CharField(label=_("Procedure code"), required=False, max_length=40)

    def __init__(self, *args, steps: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [("", pgettext_lazy("filter", "All"))] + [
            (name, name) for name in steps
        ]


class BulkAssignForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Assign to"), queryset=None, empty_label=CHOOSE)
    codes = forms.MultipleChoiceField(label=_("Dossiers"), choices=[])

    def __init__(self, *args, officers, codes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers
        self.fields["codes"].choices = [(code, code) for code in codes]
