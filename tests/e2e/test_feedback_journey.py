"""A citizen's recommendation, answered, reopened, answered again and closed.

The citizen sends a recommendation about a procedure of the district from the portal and
writes down the tracking code and the lookup secret. It goes by itself to the agency that
offers the procedure there, Phòng Tư pháp, whose head accepts and answers it. At home, the
citizen looks it up, is not satisfied and reopens it with a reason; the head answers
again; the citizen, satisfied, closes it. The citizen and the staff each use a browser of
their own. In Vietnamese, and once in English.
"""

import re

import pytest
from django.core import mail
from journeys import LANGUAGES, Stops, fact, label, tr, use_language

from motcua.accounts.enums import Role
from motcua.accounts.models import User
from motcua.catalog.models import Procedure
from motcua.feedback.enums import FeedbackAction, FeedbackKind, FeedbackStatus, Topic
from motcua.feedback.models import Feedback
from motcua.feedback.routing import competent_agency
from motcua.organization.enums import UnitLevel
from motcua.organization.models import AdministrativeUnit

expect = pytest.importorskip("playwright.sync_api").expect

CORRECTION = "2.000748"  # Thay đổi, cải chính, bổ sung hộ tịch…: offered by Phòng Tư pháp
TITLE = "Đề nghị hướng dẫn rõ giấy tờ khi cải chính hộ tịch"
CONTENT = (
    "Tôi đến Bộ phận Một cửa hai lần mới đủ giấy tờ để cải chính ngày sinh cho con. "
    "Đề nghị niêm yết danh mục giấy tờ cụ thể cho từng trường hợp."
)
CONTACT = {
    "contact_name": "Lục Thị Mến",
    "contact_phone": "0915678234",
    "contact_email": "luc.thi.men@example.com",
}
FIRST_ANSWER = "Phòng Tư pháp đã niêm yết danh mục giấy tờ tại Bộ phận Một cửa từ tuần này."
REOPEN_REASON = "Danh mục chưa có trên cổng dịch vụ công, người ở xa không xem được."
SECOND_ANSWER = "Danh mục giấy tờ đã được đăng trên trang thủ tục 2.000748 của cổng dịch vụ công."


def answer(ui, language: str, code: str, text: str) -> None:
    """Staff open the feedback from their list and answer it."""
    page = ui.page
    page.goto("/staff/phan-anh/")
    with page.expect_navigation():
        page.locator(f"main table.inbox a:has-text('{code}')").click()
    form = page.locator(f"main form[action$='/xu-ly/{FeedbackAction.ANSWER}/']")
    page.locator("main details.action").filter(
        has=page.locator(f"form[action$='/xu-ly/{FeedbackAction.ANSWER}/']")
    ).locator("summary").click()
    form.locator("[name='answer-answer']").fill(text)
    ui.submit(form.get_by_role("button", name=label(language, FeedbackAction.ANSWER.label)))
    expect(page.locator("main .status-state")).to_have_text(
        label(language, FeedbackStatus.ANSWERED.label)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_feedback_answered_reopened_answered_again_and_closed(demo, language, new_ui, screenshot):
    def t(text: str, context: str | None = None) -> str:
        return tr(language, text, context)

    stop = Stops("feedback", language, screenshot)
    district = AdministrativeUnit.objects.get(level=UnitLevel.DISTRICT)
    procedure = Procedure.objects.get(code=CORRECTION)
    agency = competent_agency(unit=district, procedure=procedure)
    assert agency.short_name == "TP", agency
    head = User.objects.get(agency=agency, role=Role.AGENCY_HEAD)

    # 1. The citizen writes the recommendation from the portal.
    citizen = new_ui()
    page = citizen.page
    main = page.locator("main")
    use_language(page, language)
    with page.expect_navigation():
        page.locator("header nav").get_by_role(
            "link", name=t("Feedback and recommendations")
        ).click()
    with page.expect_navigation():
        main.get_by_role("link", name=t("Send feedback")).click()
    assert page.url.endswith("/phan-anh/gui/"), page.url
    form = main.locator("form.feedback-form")
    kind = label(language, FeedbackKind.RECOMMENDATION.label)
    form.get_by_role("radio", name=kind, exact=True).check()
    form.get_by_label(t("About")).select_option(label=label(language, Topic.PROCEDURE.label))
    form.get_by_label(t("Administrative unit concerned")).select_option(label=district.name)
    version = procedure.current_version
    form.get_by_label(t("Procedure concerned")).select_option(
        label=f"{version.name} ({procedure.code})"
    )
    form.get_by_label(t("Title")).fill(TITLE)
    form.get_by_label(t("Content")).fill(CONTENT)
    for name, value in CONTACT.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("[name=consent]").check()
    stop(page, "form", shot=True)
    citizen.submit(form.get_by_role("button", name=t("Send")))

    # The tracking code and the secret, shown this once.
    assert page.url.endswith("/phan-anh/gui/da-gui/"), page.url
    expect(main.locator("h1")).to_have_text(t("Your feedback has been sent"))
    code = fact(page, t("Tracking code")).inner_text().strip()
    secret = fact(page, t("Lookup secret")).inner_text().strip()
    feedback = Feedback.objects.get(code=code)
    assert feedback.lookup_secret == secret
    assert re.fullmatch(r"[A-Z0-9]{6,}", secret), secret
    assert feedback.agency == agency, feedback.agency
    assert feedback.kind == FeedbackKind.RECOMMENDATION
    stop(page, "sent", shot=True)
    told = [m for m in mail.outbox if CONTACT["contact_email"] in m.to]
    assert len(told) == 1 and code in told[0].body, [m.body for m in told]
    assert secret not in told[0].body  # never sent: shown once, on the page

    # 2. The head of Phòng Tư pháp finds it in the feedback list, accepts and answers it.
    staff = new_ui()
    spage = staff.page
    use_language(spage, language)
    staff.login(head.username)
    spage.goto("/staff/phan-anh/")
    row = spage.locator("main table.inbox tr").filter(has=spage.locator(f"a:has-text('{code}')"))
    expect(row).to_have_count(1)
    expect(row).to_contain_text(TITLE)
    expect(row).to_contain_text(label(language, FeedbackStatus.RECEIVED.label))
    stop(spage, "staff-list", shot=True)
    with spage.expect_navigation():
        row.locator(f"a:has-text('{code}')").click()
    expect(spage.locator("main h1")).to_contain_text(TITLE)
    expect(spage.locator("main")).to_contain_text(CONTACT["contact_name"])
    stop(spage, "staff-page", shot=True)
    accept = spage.locator(f"main form[action$='/xu-ly/{FeedbackAction.ACCEPT}/']")
    spage.locator("main details.action").filter(
        has=spage.locator(f"form[action$='/xu-ly/{FeedbackAction.ACCEPT}/']")
    ).locator("summary").click()
    accept.locator("[name='accept-note']").fill("Giao chuyên viên kiểm tra việc niêm yết.")
    staff.submit(accept.get_by_role("button", name=label(language, FeedbackAction.ACCEPT.label)))
    expect(spage.locator("main .status-state")).to_have_text(
        label(language, FeedbackStatus.HANDLING.label)
    )
    answer(staff, language, code, FIRST_ANSWER)
    stop(spage, "staff-answered")
    told = [m for m in mail.outbox if CONTACT["contact_email"] in m.to]
    assert len(told) == 2 and code in told[1].body, [m.body for m in told]

    # 3. At home, the citizen looks it up, reads the answer, and reopens it.
    home = new_ui()
    page = home.page
    main = page.locator("main")
    use_language(page, language)
    page.goto("/phan-anh/")
    with page.expect_navigation():
        main.get_by_role("link", name=t("Follow your feedback")).click()
    lookup = main.locator("form[method=post]")
    lookup.get_by_label(t("Tracking code")).fill(code)
    lookup.get_by_label(t("Lookup secret")).fill(secret)
    stop(page, "lookup")
    home.submit(lookup.get_by_role("button", name=t("Look up")))
    assert page.url.endswith(f"/phan-anh/tra-cuu/{code}/"), page.url
    expect(main.locator(".status-state")).to_have_text(
        label(language, FeedbackStatus.ANSWERED.label)
    )
    expect(main.locator(".answer")).to_contain_text(FIRST_ANSWER)
    expect(main.locator(".answer")).to_contain_text(agency.name)
    stop(page, "answered", shot=True)
    reopen = main.locator("form[action$='/mo-lai/']")
    reopen.get_by_label(t("Why are you not satisfied?")).fill(REOPEN_REASON)
    home.submit(reopen.get_by_role("button", name=t("Not satisfied: reopen it")))
    expect(main.locator(".messages")).to_contain_text(
        t("Your feedback is reopened; the agency will answer again.")
    )
    expect(main.locator(".status-state")).to_have_text(
        label(language, FeedbackStatus.REOPENED.label)
    )
    stop(page, "reopened")

    # 4. The head sees why and answers again.
    spage.goto(f"/staff/phan-anh/{code}/")
    expect(spage.locator("main .status-state")).to_have_text(
        label(language, FeedbackStatus.REOPENED.label)
    )
    expect(spage.locator("main ol.timeline")).to_contain_text(REOPEN_REASON)
    answer(staff, language, code, SECOND_ANSWER)

    # 5. The citizen reads the new answer and closes the feedback, satisfied.
    page.reload()
    expect(main.locator(".answer")).to_contain_text(SECOND_ANSWER)
    stop(page, "answered-again")
    home.submit(main.get_by_role("button", name=t("Satisfied: close it")))
    expect(main.locator(".messages")).to_contain_text(t("Thank you. The feedback is closed."))
    expect(main.locator(".status-state")).to_have_text(label(language, FeedbackStatus.CLOSED.label))
    expect(main.locator("[role=status]").last).to_contain_text(
        t("You were satisfied with the answer; this feedback is closed.")
    )
    expect(main.get_by_role("button", name=t("Satisfied: close it"))).to_have_count(0)
    stop(page, "closed", shot=True)

    # The staff see it closed, with the whole story.
    spage.goto(f"/staff/phan-anh/{code}/")
    expect(spage.locator("main .status-state")).to_have_text(
        label(language, FeedbackStatus.CLOSED.label)
    )
    actions = spage.locator("main ol.timeline > li > strong").all_inner_texts()
    assert actions == [
        label(language, FeedbackAction(a).label)
        for a in (
            FeedbackAction.SUBMIT,
            FeedbackAction.ACCEPT,
            FeedbackAction.ANSWER,
            FeedbackAction.REOPEN,
            FeedbackAction.ANSWER,
            FeedbackAction.CLOSE,
        )
    ], actions
    stop(spage, "staff-closed")
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.CLOSED
    assert feedback.answer.strip() == SECOND_ANSWER
