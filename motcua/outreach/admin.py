from django.contrib import admin

from motcua.outreach.models import Post


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    """Posts to look up and, if need be, delete; writing and publishing happen in the
    staff news screens, whose services check the editor and record who did what."""

    list_display = ["title", "kind", "unit", "status", "pinned", "published_at", "updated_at"]
    list_filter = ["kind", "status", "pinned", "unit"]
    search_fields = ["title", "title_en", "slug"]
    list_select_related = ["unit"]
    date_hierarchy = "published_at"
    ordering = ["-updated_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
