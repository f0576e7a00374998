"""Every kind of page of the product passes axe-core's serious and critical rules.

Public pages, then the pages of each demo role, in Vietnamese and in English (switched with
the language form in the header, as a visitor does). Each page is a subtest named after it,
so a failure names the page and the others still run; forms are also checked with their
error messages shown, and the back office's action forms are opened before the check.
"""

import pytest
from support import (
    BIRTH_REGISTRATION,
    answered_feedback,
    audit,
    demo_dossier,
    fill_online_submission,
    open_all_details,
    switch_language,
)

from motcua.catalog.models import Procedure
from motcua.dossiers.enums import DossierStatus
from motcua.outreach.models import Post, ProcedureReview

expect = pytest.importorskip("playwright.sync_api").expect

LANGUAGES = ["vi", "en"]


class Auditor:
    """Opens pages in one browser tab and audits each in a subtest named after it."""

    def __init__(self, ui, subtests, language: str, who: str) -> None:
        self.ui = ui
        self.page = ui.page
        self.subtests = subtests
        self.language = language
        self.who = who

    def check(self, name: str, path: str | None = None, *, status: int = 200, shot=False):
        """Open ``path`` (or stay on the page) and audit it; a failure names the page."""

        def open_page() -> None:
            if path is not None:
                response = self.page.goto(path)
                assert response.status == status, f"{path} answered {response.status}"

        self.after(name, open_page, shot=shot)

    def after(self, name: str, step, *, shot=False) -> None:
        """Do ``step`` (open a page, send a form), then audit the page it leads to."""
        label = f"{self.language}-{self.who}-{name}"
        with self.subtests.test(msg=label):
            step()
            expect(self.page.locator("html")).to_have_attribute("lang", self.language)
            open_all_details(self.page)
            if shot:
                self.ui.shot(f"{self.who}-{name}")
            audit(self.page, label)

    def send(self, button) -> None:
        """Press a submit button and wait for the page it leads to (errors expected)."""
        with self.page.expect_navigation():
            button.click()


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages(demo, language, new_ui, subtests, tmp_path):
    paused = demo_dossier(DossierStatus.SUPPLEMENT)
    returned = demo_dossier(DossierStatus.RETURNED)
    feedback = answered_feedback()
    post = Post.objects.filter(status="published").order_by("pk").first()
    assert post is not None, "the demo publishes no news"
    pdf = tmp_path / "to-khai.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

    ui = new_ui()
    page, main = ui.page, ui.page.locator("main")
    switch_language(page, language)
    a = Auditor(ui, subtests, language, "public")

    a.check("home", "/", shot=True)
    a.check("catalogue-search", "/thu-tuc/?q=dang+ky+khai+sinh", shot=True)
    a.check("procedure", f"/thu-tuc/{BIRTH_REGISTRATION}/", shot=True)
    a.check("online-form", f"/thu-tuc/{BIRTH_REGISTRATION}/nop-truc-tuyen/")
    send = main.locator("form.submission button[type=submit]")
    a.after("online-form-errors", lambda: a.send(send), shot=True)

    def submit_online() -> None:
        fill_online_submission(page, pdf)
        a.send(send)
        assert "/da-nop/" in page.url, page.url

    a.after("confirmation", submit_online, shot=True)
    a.check("lookup", "/tra-cuu/")
    a.check("lookup-error", "/tra-cuu/?code=000.00.00.H00-260101-0001&secret=ZZZZ9999", status=404)
    a.check("dossier-status", f"/tra-cuu/?code={paused.code}&secret={paused.lookup_secret}")
    a.check("supply", f"/tra-cuu/{paused.code}/bo-sung/")
    a.after(
        "supply-errors",
        lambda: a.send(main.locator("form[method=post] button[type=submit]")),
    )
    a.check("returned-status", f"/tra-cuu/?code={returned.code}&secret={returned.lookup_secret}")
    a.check("rating", f"/tra-cuu/{returned.code}/danh-gia/", shot=True)
    a.after("rating-errors", lambda: a.send(main.locator("form.rating-form button[type=submit]")))

    a.check("feedback-list", "/phan-anh/")
    a.check("feedback-form", "/phan-anh/gui/")
    a.after("feedback-form-errors", lambda: a.send(main.locator("form button[type=submit]")))

    def send_feedback() -> None:
        form = main.locator("form[method=post]")
        form.locator("[name=topic]").select_option(index=1)
        form.locator("[name=unit]").select_option(index=1)
        form.locator("[name=title]").fill("Biển chỉ dẫn ở Bộ phận Một cửa khó đọc")
        form.locator("[name=description]").fill("Xin làm biển chỉ dẫn to hơn.")
        form.locator("[name=contact_name]").fill("Ma Thị Hoa")
        form.locator("[name=contact_phone]").fill("0971234560")
        form.locator("[name=consent]").check()
        a.send(form.locator("button[type=submit]"))
        assert page.url.endswith("/phan-anh/gui/da-gui/"), page.url

    a.after("feedback-sent", send_feedback, shot=True)
    a.check("feedback-lookup", "/phan-anh/tra-cuu/")

    def wrong_feedback_code() -> None:
        form = main.locator("form[method=post]")
        form.locator("[name=code]").fill(feedback.code)
        form.locator("[name=secret]").fill("ZZZZZZZZ")
        a.send(form.locator("button[type=submit]"))

    a.after("feedback-lookup-error", wrong_feedback_code)

    def right_feedback_code() -> None:
        form = main.locator("form[method=post]")
        form.locator("[name=code]").fill(feedback.code)
        form.locator("[name=secret]").fill(feedback.lookup_secret)
        a.send(form.locator("button[type=submit]"))
        assert page.url.endswith(f"/phan-anh/tra-cuu/{feedback.code}/"), page.url

    a.after("feedback-status", right_feedback_code, shot=True)
    a.check("news-list", "/tin-tuc/")
    a.check("news-detail", f"/tin-tuc/{post.slug}/")
    a.check("statistics", "/thong-ke/", shot=True)
    a.check("login", "/accounts/login/")

    def wrong_password() -> None:
        form = main.locator("form[method=post]")
        form.locator("[name=username]").fill("desk")
        form.locator("[name=password]").fill("not-the-password")
        a.send(form.locator("button[type=submit]"))

    a.after("login-error", wrong_password)
    a.check("registration", "/tai-khoan/dang-ky/")
    a.after(
        "registration-errors",
        lambda: a.send(main.locator("form[method=post] button[type=submit]")),
    )

    def register() -> None:
        form = main.locator("form[method=post]")
        form.locator("[name=full_name]").fill("Ma Thị Hoa")
        form.locator("[name=email]").fill(f"hoa.{language}@example.com")
        form.locator("[name=password1]").fill("Nà Hang bốn mùa hoa")
        form.locator("[name=password2]").fill("Nà Hang bốn mùa hoa")
        form.locator("[name=consent]").check()
        a.send(form.locator("button[type=submit]"))
        assert page.url.endswith("/tai-khoan/dang-ky/da-gui/"), page.url

    a.after("registration-sent", register)
    a.check("registration-link-expired", "/tai-khoan/dang-ky/xac-minh/not-a-token/", status=400)
    a.check("password-reset", "/accounts/password/reset/")
    a.check("password-reset-sent", "/accounts/password/reset/sent/")
    a.check("password-reset-link-expired", "/accounts/password/reset/MQ/not-a-token/")
    a.check("not-found", "/khong-co-trang-nay/", status=404)


def desk_pages(a: Auditor) -> None:
    page, main = a.page, a.page.locator("main")
    at_desk = demo_dossier(DossierStatus.RECEIVED)
    online = demo_dossier(DossierStatus.SUBMITTED)
    returned = demo_dossier(DossierStatus.RETURNED)
    a.check("home", "/staff/")
    a.check("reception-queue", "/staff/tiep-nhan/", shot=True)
    a.check("reception-search", "/staff/tiep-nhan/?q=chung+thuc")

    def open_first_procedure() -> None:
        with page.expect_navigation():
            main.locator("ul.pick-list a[href*='/staff/tiep-nhan/']").first.click()

    a.after("reception-form", open_first_procedure, shot=True)
    receive = main.locator("form.reception button[name=action][value=receive]")
    a.after("reception-form-errors", lambda: a.send(receive), shot=True)
    a.check("register-06", "/staff/so-theo-doi/", shot=True)
    a.check("inbox", "/staff/ho-so/")
    a.check("dossier-at-desk", f"/staff/ho-so/{at_desk.code}/", shot=True)
    a.check("dossier-online", f"/staff/ho-so/{online.code}/")
    a.check("dossier-returned-rating-qr", f"/staff/ho-so/{returned.code}/", shot=True)
    a.check("receipt-print-page", f"/staff/ho-so/{at_desk.code}/phieu/01/?html=1")
    a.check("forbidden", "/staff/bao-cao/", status=403)
    a.check("feedback-record", "/staff/phan-anh/ghi-nhan/")
    send = main.locator("form[method=post] button[type=submit]")
    a.after("feedback-record-errors", lambda: a.send(send))


def officer_pages(a: Auditor) -> None:
    main = a.page.locator("main")
    assigned = demo_dossier(DossierStatus.PROCESSING, assigned=True)
    a.check("home", "/staff/")
    a.check("dossier-to-examine", f"/staff/ho-so/{assigned.code}/", shot=True)
    forward = main.locator("form[action$='/xu-ly/forward/'] button[type=submit]")
    a.after("dossier-forwarded-message", lambda: a.send(forward))
    a.check("password-change", "/accounts/password/change/")


def head_pages(a: Auditor) -> None:
    main = a.page.locator("main")
    to_assign = demo_dossier(DossierStatus.PROCESSING, assigned=False)
    feedback = answered_feedback()
    a.check("inbox-bulk-assign", "/staff/ho-so/", shot=True)
    a.check("inbox-filtered", "/staff/ho-so/?window=overdue")
    filters = main.locator("form.filters button[type=submit]")
    a.after("inbox-filters-sent", lambda: a.send(filters))
    a.check("dossier-to-assign", f"/staff/ho-so/{to_assign.code}/", shot=True)
    assign = main.locator("form[action$='/xu-ly/assign/'] button[type=submit]")
    a.after("dossier-assign-errors", lambda: a.send(assign))
    a.check("feedback-list", "/staff/phan-anh/", shot=True)
    a.check("feedback-page", f"/staff/phan-anh/{feedback.code}/", shot=True)


def leader_pages(a: Auditor) -> None:
    main = a.page.locator("main")
    post = Post.objects.order_by("pk").first()
    a.check("dashboard", "/staff/bang-dieu-khien/", shot=True)
    a.check("report", "/staff/bao-cao/", shot=True)
    export = main.locator("form.actions button[value=xlsx]")
    a.after("report-export", lambda: a.send(export))
    a.check("report-errors", "/staff/bao-cao/?date_from=31/02/2026&date_to=x", status=400)
    a.check("news-management", "/staff/tin-tuc/", shot=True)
    a.check("news-form", "/staff/tin-tuc/moi/")
    send = main.locator("form[method=post] button[type=submit]").first
    a.after("news-form-errors", lambda: a.send(send))
    a.check("news-preview", f"/staff/tin-tuc/{post.pk}/")


def admin_pages(a: Auditor) -> None:
    main = a.page.locator("main")
    review = ProcedureReview.objects.order_by("pk").first()
    assert review is not None, "the demo records no procedure review"
    procedure = Procedure.objects.get(code=BIRTH_REGISTRATION)
    a.check("outreach-list", "/staff/tuyen-truyen/", shot=True)
    a.check("outreach-form", "/staff/tuyen-truyen/moi/")
    send = main.locator("form[method=post] button[type=submit]").first
    a.after("outreach-form-errors", lambda: a.send(send))
    a.check("review-list", "/staff/ra-soat/", shot=True)
    a.check("review-form", "/staff/ra-soat/moi/")
    a.check("review-page", f"/staff/ra-soat/{review.pk}/", shot=True)
    a.check("admin-index", "/admin/", shot=True)
    a.check("admin-changelist", "/admin/catalog/procedure/", shot=True)
    a.check("admin-change-form", f"/admin/catalog/procedure/{procedure.pk}/change/")
    a.check("two-factor", "/accounts/two-factor/")
    a.check("two-factor-setup", "/accounts/two-factor/setup/", shot=True)


def inspector_pages(a: Auditor) -> None:
    a.check("home", "/staff/")
    a.check("dashboard", "/staff/bang-dieu-khien/")


def citizen_pages(a: Auditor) -> None:
    a.check("my-dossiers", "/ho-so-cua-toi/", shot=True)


# Each demo account and the pages it works with (each sees its own menu).
ROLES = {
    "desk": desk_pages,
    "officer": officer_pages,
    "head": head_pages,
    "leader": leader_pages,
    "admin": admin_pages,
    "inspector": inspector_pages,
    "citizen": citizen_pages,
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_pages(demo, language, new_ui, subtests):
    answered_feedback()  # something in the feedback lists and a page to open
    for role, pages in ROLES.items():
        ui = new_ui()  # one browser context per role, logged in once
        switch_language(ui.page, language)
        with subtests.test(msg=f"{language}-{role}-login"):
            ui.login(role)
        pages(Auditor(ui, subtests, language, role))
        ui.page.context.close()
