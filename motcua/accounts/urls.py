from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from motcua.accounts import views
from motcua.accounts.forms import PasswordResetForm

app_name = "accounts"

urlpatterns = [
    path("login/", views.PasswordLoginView.as_view(), name="login"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("two-factor/verify/", views.otp_verify, name="otp_verify"),
    path("two-factor/setup/", views.otp_setup, name="otp_setup"),
    path("two-factor/recovery-codes/", views.otp_recovery, name="otp_recovery"),
    path("two-factor/remove/", views.otp_remove, name="otp_remove"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            success_url=reverse_lazy("accounts:password_change_done")
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetForm,
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
