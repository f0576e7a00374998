from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.template import loader
from django.utils.translation import gettext_lazy as _

from motcua.accounts.services import send_password_reset
from motcua.core.identity import clean_phone


class CitizenRegistrationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=150,  # it is also the username
        help_text=_("You log in with it; we send the confirmation link there."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 8 characters, not only digits, not a common password, not like your "
            "name or e-mail."
        ),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.BooleanField(
        label=_("I have read the personal data notice and agree to its processing.")
    )

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        return clean_phone(phone) if phone else ""

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                password_validation.validate_password(first)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class SecondFactorCodeForm(forms.Form):
    """A code from the authenticator app (six digits) or one recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The six digits your authenticator app shows now, or one recovery code."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class TotpConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("Code shown by the app"),
        max_length=12,
        help_text=_("Six digits; they change every 30 seconds."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form (the same page whether or not the address has an account),
    with the message sent by a background task, so the time the page takes does not tell
    either: with a task worker the mail server is never waited for in the request."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        send_password_reset.enqueue(subject, body, to_email)
