from django.urls import path

from motcua.backoffice.views import desk, dossier, home, inbox, news, privacy, register, reports
from motcua.backoffice.views import feedback as fb
from motcua.backoffice.views import outreach as out

app_name = "backoffice"

urlpatterns = [
    path("", home.home, name="home"),
    path("tiep-nhan/", desk.desk_home, name="desk"),
    path("tiep-nhan/<str:code>/", desk.desk_receive, name="desk_receive"),
    path("so-theo-doi/", register.register, name="register"),
    path("bao-cao/", reports.periodic, name="report"),
    path("bao-cao/xuat/", reports.export_request, name="report_export_request"),
    path("bao-cao/xuat/<int:pk>/", reports.export_status, name="report_export"),
    path("bao-cao/xuat/<int:pk>/tai-ve/", reports.export_download, name="report_export_download"),
    path("bang-dieu-khien/", reports.dashboard, name="dashboard"),
    path("nhat-ky-truy-cap/", privacy.access_log, name="access_log"),
    path("ho-so/", inbox.inbox, name="inbox"),
    path("ho-so/phan-cong/", inbox.inbox_assign, name="inbox_assign"),
    path("ho-so/<str:code>/", dossier.dossier_detail, name="dossier"),
    path("ho-so/<str:code>/xu-ly/<str:action>/", dossier.dossier_action, name="dossier_action"),
    path("ho-so/<str:code>/tep/<str:token>/", dossier.dossier_file, name="dossier_file"),
    path("ho-so/<str:code>/phieu/<str:kind>/", dossier.dossier_slip, name="dossier_slip"),
    path("tin-tuc/", news.news_list, name="news_list"),
    path("tin-tuc/moi/", news.news_create, name="news_create"),
    path("tin-tuc/<int:pk>/", news.news_preview, name="news_preview"),
    path("tin-tuc/<int:pk>/sua/", news.news_edit, name="news_edit"),
    path("tin-tuc/<int:pk>/dang/", news.news_publish, name="news_publish"),
    path("tin-tuc/<int:pk>/go/", news.news_unpublish, name="news_unpublish"),
    path("tuyen-truyen/", out.outreach_list, name="outreach_list"),
    path("tuyen-truyen/moi/", out.outreach_create, name="outreach_create"),
    path("tuyen-truyen/<int:pk>/sua/", out.outreach_edit, name="outreach_edit"),
    path("ra-soat/", out.review_list, name="review_list"),
    path("ra-soat/moi/", out.review_create, name="review_create"),
    path("ra-soat/<int:pk>/", out.review_detail, name="review_detail"),
    path("ra-soat/<int:pk>/sua/", out.review_edit, name="review_edit"),
    path("ra-soat/<int:pk>/trang-thai/", out.review_status, name="review_status"),
    path("phan-anh/", fb.feedback_list, name="feedback_list"),
    path("phan-anh/ghi-nhan/", fb.feedback_record, name="feedback_record"),
    path("phan-anh/<str:code>/", fb.feedback_detail, name="feedback"),
    path("phan-anh/<str:code>/xu-ly/<str:action>/", fb.feedback_action, name="feedback_action"),
    path("phan-anh/<str:code>/tep/<str:token>/", fb.feedback_file, name="feedback_file"),
]
