from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Một Cửa administration")
admin.site.site_title = _("Một Cửa administration")
admin.site.index_title = _("Catalogue, organisation and accounts")

urlpatterns = [
    path("", include("motcua.portal.urls")),
    path("staff/", include("motcua.backoffice.urls")),
    path("accounts/", include("motcua.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
