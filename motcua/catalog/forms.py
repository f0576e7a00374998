from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.catalog.enums import OnlineLevel, ProcedureLevel
from motcua.catalog.models import Field
from motcua.organization.models import Agency

ANY = [("", pgettext_lazy("filter", "All"))]


class CatalogueSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search procedures"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. dang ky khai sinh, chứng thực")}
        ),
    )
    field = forms.ChoiceField(label=_("Field"), required=False)
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=ANY + ProcedureLevel.choices
    )
    agency = forms.TypedChoiceField(label=_("Agency"), required=False, coerce=int, empty_value=None)
    online = forms.ChoiceField(
        label=_("Online service"), required=False, choices=ANY + OnlineLevel.choices
    )

    def __init__(self, *args, fields: list[Field], agencies: list[Agency], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = ANY + [(f.code, str(f)) for f in fields]
        self.fields["agency"].choices = ANY + [(a.pk, f"{a} ({a.unit})") for a in agencies]
