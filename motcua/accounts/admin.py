from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import ApiToken, User
from motcua.accounts.services import api_token_check, api_token_create, api_token_revoke
from motcua.core.errors import DomainError


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "role", "agency", "email", "is_active"]
    list_filter = ["role", "agency__unit", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email", "phone"]
    list_select_related = ["agency"]
    autocomplete_fields = ["agency"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["full_name", "email", "phone"]}),
        (_("Position"), {"fields": ["role", "agency", "position"]}),
        (
            _("Access"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "password1", "password2"]}),
        (_("Position"), {"fields": ["full_name", "email", "role", "agency", "position"]}),
    ]


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name", "scope", "agency", "user"]

    def clean(self):
        data = super().clean()
        if not self.instance.pk and not self.errors:
            try:
                api_token_check(
                    name=data["name"], scope=data["scope"], agency=data["agency"], user=data["user"]
                )
            except DomainError as exc:
                raise ValidationError(str(exc)) from exc
        return data


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Administrators make and revoke integration tokens here; the text is shown once."""

    form = ApiTokenForm
    list_display = [
        "name",
        "key_id",
        "scope",
        "agency",
        "user",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["scope", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "key_id"]
    list_select_related = ["agency", "user"]
    autocomplete_fields = ["agency", "user"]
    actions = ["revoke"]
    readonly_fields = [
        "key_id",
        "created_at",
        "created_by",
        "revoked_at",
        "revoked_by",
        "last_used_at",
        "last_used_from",
    ]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "scope", "agency", "user"]
        return ["name", "scope", "agency", "user", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["name", "scope", "agency", "user", *self.readonly_fields]

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, never deleted: the record of its use stays

    def save_model(self, request, obj, form, change):
        if change:
            return  # a token is never edited: revoke it and make another
        token, text = api_token_create(
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            agency=form.cleaned_data["agency"],
            user=form.cleaned_data["user"],
            created_by=request.user,
        )
        obj.pk = token.pk
        obj.refresh_from_db()
        messages.warning(
            request,
            format_html(
                _("Copy the token now; it is not shown again: {}"),
                format_html("<code>{}</code>", text),
            ),
        )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(token=token, by=request.user)
        messages.success(request, _("The selected tokens are revoked."))
