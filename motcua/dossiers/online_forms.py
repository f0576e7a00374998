"""Forms of the public portal: online submission, lookup, supplying documents.

Files are checked here too (size before reading, then content) so that each refusal is
shown next to the file it concerns; the services check them again before storing.
"""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.catalog.enums import ChannelKind
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.forms import CHOOSE, TEXTAREA, ApplicantForm
from motcua.dossiers.services import Application, FileRefused, ReceivedComponent, Scan
from motcua.dossiers.services.files import check_size, check_upload

ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
MAX_FILES_PER_FIELD = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files in one input; each checked by size and content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(files) > MAX_FILES_PER_FIELD:
            raise forms.ValidationError(
                _("Attach at most %(n)d files here.") % {"n": MAX_FILES_PER_FIELD}
            )
        return [_read(f) for f in files]


def _read(upload: UploadedFile) -> tuple[str, bytes]:
    try:
        check_size(upload.name, upload.size)
        data = upload.read()
        check_upload(upload.name, data)
    except FileRefused as exc:
        raise forms.ValidationError(str(exc)) from exc
    return upload.name, data


class OnlineApplicationForm(ApplicantForm):
    """An application sent from the procedure's page, with one file input per document."""

    agency = forms.ModelChoiceField(label=_("Where to submit"), queryset=None, empty_label=CHOOSE)
    case_name = forms.ChoiceField(label=_("Case"), required=False)
    content = forms.CharField(
        label=_("What you request"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    other_files = FilesField(label=_("Other documents"), required=False)
    declaration = forms.BooleanField(
        label=_("I declare that the information and documents I send are true.")
    )
    consent = forms.BooleanField(
        label=_("I have read the personal data notice and agree to its processing.")
    )
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    field_order = ["agency", "case_name"]

    def __init__(self, *args, version: ProcedureVersion, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.fields["agency"].label_from_instance = lambda a: f"{a.name} — {a.unit.name}"
        if len(agencies) == 1:
            self.fields["agency"].initial = agencies[0].pk
        self.fields["agency"].queryset = agencies.order_by("unit__code", "name")
        cases = [(c.name, c.name) for c in version.cases.all()]
        self.fields["case_name"].choices = [("", pgettext_lazy("case", "General case"))] + cases
        if not cases:
            del self.fields["case_name"]
        self.components = list(version.components.all())
        for component in self.components:
            self.fields[f"component_{component.pk}"] = FilesField(
                label=component.name,
                required=component.required and not component.condition.strip(),
                help_text=component.condition,
            )
        self.order_fields([*self.field_order, "applicant_kind", "name"])

    def component_fields(self):
        return [self[f"component_{c.pk}"] for c in self.components]

    def scans(self) -> list[Scan]:
        found = [
            Scan(name, data, component.pk)
            for component in self.components
            for name, data in self.cleaned_data.get(f"component_{component.pk}", [])
        ]
        return found + [Scan(name, data) for name, data in self.cleaned_data["other_files"]]

    def application(self) -> Application:
        data = self.cleaned_data
        given = {scan.component_id for scan in self.scans()}
        return Application(
            version=self.version,
            agency=data["agency"],
            applicant=self.applicant(),
            channel=ChannelKind.ONLINE,
            case_name=data.get("case_name", ""),
            content=data["content"],
            components=[
                ReceivedComponent(name=c.name, component_id=c.pk, missing=c.pk not in given)
                for c in self.components
            ],
        )


class LookupForm(forms.Form):
    code = forms.CharField(label=_("Dossier code"), max_length=40)
    secret = forms.CharField(
        label=_("Lookup code, or the last 4 digits of the phone number"),
        max_length=16,
        help_text=_("Printed on the receipt next to the dossier code."),
    )


class SupplyForm(forms.Form):
    files = FilesField(label=_("Files with what was asked"))
    note = forms.CharField(
        label=_("Message to the officer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    def scans(self) -> list[Scan]:
        return [Scan(name, data) for name, data in self.cleaned_data["files"]]
