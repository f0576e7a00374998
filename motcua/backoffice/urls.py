from django.urls import path

from motcua.backoffice.views import desk, dossier, home, inbox, register

app_name = "backoffice"

urlpatterns = [
    path("", home.home, name="home"),
    path("tiep-nhan/", desk.desk_home, name="desk"),
    path("tiep-nhan/<str:code>/", desk.desk_receive, name="desk_receive"),
    path("so-theo-doi/", register.register, name="register"),
    path("ho-so/", inbox.inbox, name="inbox"),
    path("ho-so/phan-cong/", inbox.inbox_assign, name="inbox_assign"),
    path("ho-so/<str:code>/", dossier.dossier_detail, name="dossier"),
    path("ho-so/<str:code>/xu-ly/<str:action>/", dossier.dossier_action, name="dossier_action"),
    path("ho-so/<str:code>/tep/<str:token>/", dossier.dossier_file, name="dossier_file"),
    path("ho-so/<str:code>/phieu/<str:kind>/", dossier.dossier_slip, name="dossier_slip"),
]
