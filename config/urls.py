from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from motcua.api.urls import api_fallback
from motcua.api.v1 import api as api_v1
from motcua.core.health import healthz

admin.site.site_header = _("Một Cửa administration")
admin.site.site_title = _("Một Cửa administration")
admin.site.index_title = _("Catalogue, organisation and accounts")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include("motcua.portal.urls")),
    path("staff/", include("motcua.backoffice.urls")),
    path("accounts/", include("motcua.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api_v1.urls),
    path("open311/v2/", include("motcua.api.open311.urls")),
    re_path(r"^api/", api_fallback),
]
