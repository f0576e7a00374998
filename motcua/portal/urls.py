from django.urls import path

from motcua.portal import (
    account_views,
    dossier_views,
    news_views,
    privacy_views,
    stats_views,
    views,
)
from motcua.portal import feedback_views as fb

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.procedure_list, name="procedure_list"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure_detail"),
    path(
        "thu-tuc/<str:code>/mau/<int:component_id>/",
        views.form_download,
        name="form_download",
    ),
    path("thu-tuc/<str:code>/nop-truc-tuyen/", dossier_views.online_submit, name="online_submit"),
    path("ho-so/<str:code>/da-nop/", dossier_views.submitted, name="submitted"),
    path("tra-cuu/", dossier_views.lookup, name="lookup"),
    path("tai-khoan/dang-ky/", account_views.register, name="register"),
    path("tai-khoan/dang-ky/da-gui/", account_views.registered, name="registered"),
    path(
        "tai-khoan/dang-ky/xac-minh/<str:token>/", account_views.verify_email, name="verify_email"
    ),
    path("ho-so-cua-toi/", account_views.my_dossiers, name="my_dossiers"),
    path("tai-khoan/", privacy_views.account, name="account"),
    path("tai-khoan/du-lieu/", privacy_views.account_export, name="account_export"),
    path("tai-khoan/xoa/", privacy_views.account_delete_view, name="account_delete"),
    path("tai-khoan/da-xoa/", privacy_views.account_deleted, name="account_deleted"),
    path("tra-cuu/<str:code>/", dossier_views.dossier_status, name="dossier"),
    path("tra-cuu/<str:code>/bo-sung/", dossier_views.dossier_supply, name="dossier_supply"),
    path("tra-cuu/<str:code>/phieu/<str:kind>/", dossier_views.dossier_slip, name="dossier_slip"),
    path("tin-tuc/", news_views.news_list, name="news_list"),
    path("tin-tuc/<slug:slug>/", news_views.news_detail, name="news_detail"),
    path("thong-ke/", stats_views.statistics, name="statistics"),
    path("phan-anh/", fb.feedback_list, name="feedback_list"),
    path("phan-anh/gui/", fb.feedback_submit, name="feedback_submit"),
    path("phan-anh/gui/da-gui/", fb.feedback_sent, name="feedback_sent"),
    path("phan-anh/tra-cuu/", fb.feedback_lookup, name="feedback_lookup"),
    path("phan-anh/tra-cuu/<str:code>/", fb.feedback_status, name="feedback_status"),
    path("phan-anh/tra-cuu/<str:code>/hai-long/", fb.feedback_satisfied, name="feedback_satisfied"),
    path("phan-anh/tra-cuu/<str:code>/mo-lai/", fb.feedback_reopen, name="feedback_reopen"),
    path("tra-cuu/<str:code>/danh-gia/", fb.rating, name="rating"),
]
