"""Staff screens for the catalogue, in Django's admin.

Published versions are read-only: "New version" copies the current one into a draft,
staff edit the draft, and "Publish" makes it public (the old one stays as history).
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from motcua.catalog import models
from motcua.catalog.enums import VersionState
from motcua.catalog.interchange import PROCEDURE_FIELDS, number
from motcua.catalog.services import process_check, version_new_draft, version_publish
from motcua.core.errors import DomainError


@admin.register(models.Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en"]
    search_fields = ["code", "name", "name_en"]


class VersionPartInline(admin.TabularInline):
    extra = 0

    def _editable(self, obj) -> bool:
        return obj is None or obj.state == VersionState.DRAFT

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


class StepInline(VersionPartInline):
    model = models.Step
    fields = ["order", "title", "description"]


class ChannelInline(VersionPartInline):
    model = models.Channel
    fields = ["kind", "time_amount", "time_unit", "cutoff", "fee", "notes"]


class ComponentInline(VersionPartInline):
    model = models.Component
    fields = [
        "order",
        "name",
        "originals",
        "certified_copies",
        "photocopies",
        "sets",
        "required",
        "condition",
        "form_name",
        "form_file",
    ]


class FeeInline(VersionPartInline):
    model = models.Fee
    fields = ["order", "name", "amount", "basis", "note"]


class CaseInline(VersionPartInline):
    model = models.Case
    fields = ["order", "name", "time_amount", "time_unit", "cutoff"]


class LegalDocumentInline(VersionPartInline):
    model = models.LegalDocument
    fields = ["order", "number", "title", "issued_on", "issuer"]


@admin.register(models.ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    list_display = ["procedure", "number", "name", "field", "state", "published_at"]
    list_filter = ["state", "field", "online_level", "status"]
    search_fields = ["procedure__code", "name", "name_en"]
    list_select_related = ["procedure", "field"]
    readonly_fields = ["procedure", "number", "state", "published_at", "created_by", "created_at"]
    inlines = [
        StepInline,
        ChannelInline,
        ComponentInline,
        FeeInline,
        CaseInline,
        LegalDocumentInline,
    ]
    actions = ["publish"]
    fieldsets = [
        (None, {"fields": ["procedure", "number", "state", "published_at", "change_note"]}),
        (_("Procedure"), {"fields": PROCEDURE_FIELDS}),
        (_("Time limit"), {"fields": ["time_amount", "time_unit", "cutoff", "time_note"]}),
    ]

    def has_add_permission(self, request):
        return False  # new procedures come by import; new versions by "New version"

    def has_change_permission(self, request, obj=None):
        editable = obj is None or obj.state == VersionState.DRAFT
        return editable and super().has_change_permission(request, obj)

    @admin.action(description=_("Publish the selected drafts"))
    def publish(self, request, queryset):
        for version in queryset.select_related("procedure", "field"):
            try:
                version_publish(version=version)
            except DomainError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(request, _("Published %s.") % version, messages.SUCCESS)


class VersionHistoryInline(admin.TabularInline):
    model = models.ProcedureVersion
    fields = ["link", "name", "state", "published_at", "created_by", "change_note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("versions")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("version"))
    def link(self, version):
        url = reverse("admin:catalog_procedureversion_change", args=[version.pk])
        return format_html('<a href="{}">v{}</a>', url, version.number)


@admin.register(models.Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "current_name", "current_field", "offerings_count"]
    search_fields = ["code", "search_text"]
    list_select_related = ["current_version__field"]
    readonly_fields = ["current_version"]
    inlines = [VersionHistoryInline]
    change_form_template = "admin/catalog/procedure/change_form.html"

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("name"), ordering="current_version__name")
    def current_name(self, procedure):
        return procedure.current_version.name if procedure.current_version else "-"

    @admin.display(description=_("field"))
    def current_field(self, procedure):
        return procedure.current_version.field if procedure.current_version else "-"

    @admin.display(description=_("offerings"))
    def offerings_count(self, procedure):
        return procedure.offerings.count()

    def get_urls(self):
        new = path(
            "<int:pk>/new-version/",
            self.admin_site.admin_view(self.new_version),
            name="catalog_procedure_new_version",
        )
        return [new, *super().get_urls()]

    def new_version(self, request: HttpRequest, pk: int):
        if request.method != "POST" or not self.has_change_permission(request):
            return HttpResponseRedirect(reverse("admin:catalog_procedure_change", args=[pk]))
        procedure = get_object_or_404(models.Procedure, pk=pk)
        draft = version_new_draft(procedure=procedure, actor=request.user)
        self.message_user(request, _("Draft version %s is ready to edit.") % draft.number)
        return HttpResponseRedirect(
            reverse("admin:catalog_procedureversion_change", args=[draft.pk])
        )


class ProcessFormSet(BaseInlineFormSet):
    """The steps of one offering must add up to the procedure's time limit, per case."""

    def clean(self):
        super().clean()
        if any(self.errors) or self.instance.procedure_id is None:
            return
        steps = [
            {
                "case": form.cleaned_data.get("case_name", ""),
                "quota": number(form.cleaned_data["quota"]),
            }
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if steps:
            try:
                process_check(steps=steps, version=self.instance.procedure.current_version)
            except DomainError as exc:
                raise ValidationError(str(exc)) from exc


class ProcessStepInline(admin.TabularInline):
    model = models.ProcessStep
    formset = ProcessFormSet
    fields = ["case_name", "order", "name", "role", "performer", "agency", "quota"]
    autocomplete_fields = ["agency"]
    extra = 0


@admin.register(models.Offering)
class OfferingAdmin(admin.ModelAdmin):
    list_display = ["procedure", "agency", "is_active"]
    list_filter = ["is_active", "agency__unit", "agency"]
    search_fields = ["procedure__code", "procedure__search_text", "agency__name"]
    list_select_related = ["procedure", "agency"]
    autocomplete_fields = ["procedure", "agency"]
    inlines = [ProcessStepInline]
