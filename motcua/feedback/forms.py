"""Input forms for feedback and ratings, shared by the portal and the back office.

Forms parse what a person typed; the rules stay in the services, whose ``FeedbackInvalid``
errors are put back on the fields by ``add_service_errors``.
"""

import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.catalog.enums import ProcedureStatus
from motcua.catalog.models import Procedure
from motcua.feedback.enums import (
    LEVEL_LABELS,
    Criterion,
    DueState,
    FeedbackChannel,
    FeedbackKind,
    FeedbackStatus,
    Topic,
)
from motcua.feedback.models import Feedback
from motcua.feedback.services import Submission, Upload
from motcua.feedback.services.submit import MAX_FILES
from motcua.organization.models import AdministrativeUnit, Agency

CHOOSE = pgettext_lazy("select", "— Choose —")
TEXTAREA = {"rows": 6}
SHORT = {"rows": 3}
DUE_FILTERS = (DueState.OVERDUE, DueState.DUE_SOON)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("Attach at most %d files.") % MAX_FILES)
        return [super(MultipleFileField, self).clean(one, initial) for one in files]


class ProcedureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Procedure) -> str:
        return f"{obj.current_version.name} ({obj.code})"


def procedures_in_force():
    return (
        Procedure.objects.filter(current_version__status=ProcedureStatus.IN_FORCE)
        .select_related("current_version")
        .order_by("current_version__name")
    )


class FeedbackForm(forms.Form):
    """What a citizen sends through the portal."""

    kind = forms.ChoiceField(
        label=_("You are sending"),
        choices=FeedbackKind.choices,
        initial=FeedbackKind.FEEDBACK,
        widget=forms.RadioSelect,
    )
    topic = forms.ChoiceField(label=_("About"), choices=[("", CHOOSE), *Topic.choices])
    unit = forms.ModelChoiceField(
        label=_("Administrative unit concerned"),
        queryset=AdministrativeUnit.objects.filter(is_active=True, agencies__is_active=True)
        .distinct()
        .order_by("name"),
        empty_label=CHOOSE,
    )
    procedure = ProcedureChoiceField(
        label=_("Procedure concerned"),
        queryset=Procedure.objects.none(),
        required=False,
        empty_label=_("— None —"),
    )
    dossier_code = forms.CharField(
        label=_("Dossier code"),
        max_length=40,
        required=False,
        help_text=_("If it concerns a dossier: the code printed on the receipt."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Content"), max_length=5000, widget=forms.Textarea(attrs=TEXTAREA)
    )
    address = forms.CharField(label=_("Place concerned"), max_length=300, required=False)
    files = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("At most 5 files: PDF, JPEG or PNG, each at most %(mb)d MB.")
        % {"mb": settings.MOTCUA_MAX_UPLOAD_BYTES // 1_000_000},
    )
    anonymous = forms.BooleanField(
        label=_("Send without my name and contact (not possible for a complaint)"),
        required=False,
        help_text=_("You can still follow the answer with the tracking code and the secret."),
    )
    contact_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    contact_phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    contact_email = forms.EmailField(label=_("E-mail"), required=False)
    consent = forms.BooleanField(
        label=_("I have read the personal data notice and agree to it."),
        error_messages={"required": _("Agree to the personal data notice to continue.")},
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80)

    default_channel = FeedbackChannel.ONLINE

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
        self.fields["procedure"].queryset = procedures_in_force()

    def submission(self, *, unit: AdministrativeUnit | None = None) -> Submission:
        data = self.cleaned_data
        return Submission(
            kind=data["kind"],
            topic=data["topic"],
            unit=unit or data["unit"],
            title=data["title"],
            description=data["description"],
            consent=data["consent"],
            channel=data.get("channel") or self.default_channel,
            procedure=data["procedure"],
            dossier_code=data["dossier_code"],
            anonymous=data["anonymous"],
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
            contact_email=data["contact_email"],
            address=data["address"],
            files=[Upload(name=f.name, data=f.read()) for f in data["files"]],
        )


class DeskFeedbackForm(FeedbackForm):
    """Feedback staff record from a visit to the desk or a phone call, in their own unit."""

    channel = forms.ChoiceField(
        label=_("Received"),
        choices=[
            (FeedbackChannel.DESK, FeedbackChannel.DESK.label),
            (FeedbackChannel.PHONE, FeedbackChannel.PHONE.label),
        ],
    )
    consent = forms.BooleanField(
        label=_("The citizen was told the personal data notice and agreed to it."),
        error_messages={"required": _("The citizen must agree to the personal data notice.")},
    )
    field_order = ["channel"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["unit"]


def add_service_errors(form: forms.Form, errors: dict[str, list[str]]) -> None:
    for name, messages in errors.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


class FeedbackFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *FeedbackStatus.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *FeedbackKind.choices]
    )
    due = forms.ChoiceField(
        label=_("Time"),
        required=False,
        choices=[("", _("All")), *[(s.value, s.label) for s in DUE_FILTERS]],
    )


class AcceptForm(forms.Form):
    complex_case = forms.BooleanField(
        label=_("Complex case (a longer time limit for complaints)"), required=False
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs=SHORT))

    def __init__(self, *args, feedback: Feedback, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if feedback.kind != FeedbackKind.COMPLAINT:
            del self.fields["complex_case"]


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs=TEXTAREA))
    publish = forms.BooleanField(
        label=_("Publish the answer on the portal (without personal data)"), required=False
    )

    def __init__(self, *args, may_publish: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not may_publish:
            del self.fields["publish"]


class RouteForm(forms.Form):
    to = forms.ModelChoiceField(
        label=_("Competent agency"), queryset=Agency.objects.none(), empty_label=CHOOSE
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs=SHORT))

    def __init__(self, *args, agencies, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = agencies


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs=SHORT))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs=SHORT))


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    secret = forms.CharField(
        label=_("Lookup secret"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you not satisfied?"),
        max_length=2000,
        widget=forms.Textarea(attrs=SHORT),
    )


def _level_field(label, *, required: bool) -> forms.TypedChoiceField:
    levels = LEVEL_LABELS[settings.MOTCUA_RATING_LEVELS]
    return forms.TypedChoiceField(
        label=label,
        choices=sorted(levels.items(), reverse=True),
        coerce=int,
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
    )


class RatingForm(forms.Form):
    """Overall level (required) and one level per criterion (each may be skipped)."""

    comment = forms.CharField(
        label=_("Comment"), max_length=2000, required=False, widget=forms.Textarea(attrs=SHORT)
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        comment = self.fields.pop("comment")
        for criterion in Criterion:
            required = criterion == Criterion.OVERALL
            self.fields[criterion.value] = _level_field(criterion.label, required=required)
        self.fields["comment"] = comment

    def levels(self) -> list:
        return [self[c.value] for c in Criterion]
