from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.accounts.models import User


class AccessLogFilterForm(forms.Form):
    code = forms.CharField(label=_("Dossier or feedback code"), required=False, max_length=60)
    actor = forms.ModelChoiceField(
        label=_("Member of staff"),
        queryset=User.objects.none(),
        required=False,
        empty_label=pgettext_lazy("filter", "All"),
    )
    date_from = forms.DateField(label=_("From"), required=False, help_text=_("dd/mm/yyyy"))
    date_to = forms.DateField(label=_("To"), required=False, help_text=_("dd/mm/yyyy"))

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = staff


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To confirm that it is you."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account is deleted for good and I cannot log in again.")
    )
