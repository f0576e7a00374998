"""Open311 GeoReport v2 under /open311/v2/: every address ends in .json or .xml."""

from django.urls import path, re_path, register_converter

from motcua.api.open311 import views


class FormatConverter:
    regex = "json|xml"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "fmt")

app_name = "open311"

urlpatterns = [
    path("discovery.<fmt:fmt>", views.discovery, name="discovery"),
    path("services.<fmt:fmt>", views.services, name="services"),
    path("services/<str:code>.<fmt:fmt>", views.service_definition, name="service"),
    path("requests.<fmt:fmt>", views.request_list, name="requests"),
    path("requests/<str:request_id>.<fmt:fmt>", views.request_detail, name="request"),
    # The path of the published Swagger description.
    path("request/<str:request_id>.<fmt:fmt>", views.request_detail, name="request_swagger"),
    re_path(r"", views.not_found, name="not_found"),
]
