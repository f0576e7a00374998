from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.reports.periodic import GROUPING_LABELS

MAX_DAYS = 3 * 366


class ReportForm(forms.Form):
    date_from = forms.DateField(label=_("From"), help_text=_("dd/mm/yyyy"))
    date_to = forms.DateField(label=_("To"), help_text=_("dd/mm/yyyy"))
    by = forms.ChoiceField(label=_("Rows by"), choices=list(GROUPING_LABELS.items()))
    unit = forms.ModelChoiceField(label=_("Administrative unit"), queryset=None)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The period ends before it starts."))
        if start and end and (end - start).days > MAX_DAYS:
            raise forms.ValidationError(_("Choose a period of at most three years."))
        return data


class DashboardForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    unit = forms.ModelChoiceField(label=_("Administrative unit"), queryset=None)

    def __init__(self, *args, units, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None
        self.fields["year"].choices = [(y, str(y)) for y in years]
