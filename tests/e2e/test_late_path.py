"""A dossier that will not be ready on the day promised: the apology and a new appointment.

Phòng Tư pháp handles a civil-status correction (3 working days) received a day before, so
its appointment is near. The head of the agency finds it among the dossiers due soon and,
from the dossier's page, sends the apology (Mẫu 04) with a later appointment. The applicant
looks the dossier up with the code and the lookup code from the receipt, reads the apology
and the new date, and downloads Mẫu 04. In Vietnamese, and again in English.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from journeys import LANGUAGES, Stops, assert_pdf, fact, label, open_pdf, tr, use_language

from motcua.accounts.models import User
from motcua.catalog.models import Procedure
from motcua.dossiers import services as svc
from motcua.dossiers.enums import Action, DossierStatus
from motcua.dossiers.models import Dossier
from motcua.dossiers.slips import Slip
from motcua.dossiers.timing import calendar_for
from motcua.workdays.enums import TimeUnit
from motcua.workdays.selectors import calendar_for_unit

expect = pytest.importorskip("playwright.sync_api").expect

CORRECTION = "2.000748"  # Thay đổi, cải chính, bổ sung hộ tịch…: 3 working days, Phòng Tư pháp
APPLICANT = svc.Applicant(
    name="Hà Văn Quyết",
    id_number="008093006543",
    phone="0968123456",
    email="ha.van.quyet@example.com",
    address="Tổ 3, thị trấn Nà Hang, huyện Nà Hang, tỉnh Tuyên Quang",
)
REASON = "Cần xác minh thêm thông tin hộ tịch tại UBND xã nơi đăng ký khai sinh trước đây."
MOMENT = "%H:%M %d/%m/%Y"  # how pages show a moment, in both languages
TYPED = "%d/%m/%Y %H:%M"  # how the form asks for one ("dd/mm/yyyy hh:mm")


def local(moment) -> str:
    return timezone.localtime(moment).strftime(MOMENT)


def received_a_day_ago() -> Dossier:
    """The correction, received at the district desk long enough ago that it is due within
    two or three working days, passed to Phòng Tư pháp and given to its officer."""
    desk, head, officer = (User.objects.get(username=n) for n in ("desk", "head", "officer"))
    version = Procedure.objects.get(code=CORRECTION).current_version
    assert version.time_unit == TimeUnit.WORKING_DAYS, version.time_unit
    calendar = calendar_for_unit(unit_id=desk.agency.unit_id)
    now = timezone.now()
    soon = calendar.due_at(now, Decimal("1.5"), TimeUnit.WORKING_DAYS).due_at
    received_at = None
    for days in range(1, 15):  # the latest opening hour whose appointment is not before `soon`
        start = calendar.add_working_time(
            calendar.next_opening(now - timedelta(days=days)), timedelta(hours=1)
        )
        if start >= now:
            continue
        if calendar.due_at(start, version.time_amount, version.time_unit).due_at < soon:
            break
        received_at = start
    assert received_at is not None, "no moment found to have received the dossier at"
    application = svc.Application(
        version=version,
        agency=head.agency,
        applicant=APPLICANT,
        components=[
            svc.ReceivedComponent(name=c.name, component_id=c.pk, originals=1)
            for c in version.components.all()
            if c.required
        ],
    )
    dossier = svc.dossier_receive(actor=desk, application=application, at=received_at)
    dossier = svc.dossier_transfer_to_agency(dossier=dossier, actor=desk, at=received_at)
    return svc.dossier_assign(dossier=dossier, actor=head, officer=officer)


@pytest.mark.parametrize("language", LANGUAGES)
def test_head_apologises_with_a_new_date_and_the_applicant_reads_it(
    demo, language, ui, new_ui, screenshot
):
    page = ui.page
    stop = Stops("late", language, screenshot)

    def t(text: str, context: str | None = None) -> str:
        return tr(language, text, context)

    dossier = received_a_day_ago()
    code, first_due = dossier.code, dossier.due_at
    calendar = calendar_for(dossier)
    assert dossier.status == DossierStatus.PROCESSING
    assert calendar.due_at(timezone.now(), 1, TimeUnit.WORKING_DAYS).due_at <= first_due
    assert first_due <= calendar.due_at(timezone.now(), 3, TimeUnit.WORKING_DAYS).due_at
    new_due = calendar.due_at(first_due, 5, TimeUnit.WORKING_DAYS).due_at
    mail.outbox.clear()

    # 1. The head of Phòng Tư pháp lists the dossiers due within three working days.
    use_language(page, language)
    ui.login("head")
    page.goto("/staff/ho-so/")
    filters = page.locator("main form.filters")
    filters.get_by_label(t("Due"), exact=True).select_option(label=t("Due within 3 working days"))
    ui.submit(filters.get_by_role("button", name=t("Filter")))
    assert "window=3days" in page.url, page.url
    row_link = page.locator(f"main table.inbox a:has-text('{code}')")
    expect(row_link).to_have_count(1)
    stop(page, "inbox-due-soon", shot=True)

    # 2. On the dossier's page: the appointment, the time left, and the apology.
    with page.expect_navigation():
        row_link.click()
    expect(fact(page, t("Appointment"))).to_have_text(local(first_due))
    expect(page.locator("main")).to_contain_text(t("working time left"))
    stop(page, "dossier", shot=True)
    apology = label(language, Action.LATE_NOTICE.label)
    expect(page.locator("main details.action > summary")).to_contain_text([apology])
    typed = timezone.localtime(new_due).strftime(TYPED)
    ui.act("late_notice", note=REASON, new_due_at=typed)
    assert page.url.endswith(f"/staff/ho-so/{code}/"), page.url
    appointment = fact(page, t("Appointment"))
    expect(appointment).to_contain_text(local(new_due))
    expect(appointment).to_contain_text(f"{t('first appointment')} {local(first_due)}")
    history = page.locator("main ol.timeline > li").last
    expect(history.locator("strong")).to_have_text(apology)
    expect(history).to_contain_text(REASON)
    slips = page.locator("main ul.slip-list")
    expect(slips.locator("a[href$='/phieu/04/']")).to_have_count(1)
    stop(page, "apologised", shot=True)
    # Only once: a second apology is refused and the appointment stays as it is.
    again = ui.action_form(Action.LATE_NOTICE)
    if again.count():
        inner = page.locator(f"form[action$='/xu-ly/{Action.LATE_NOTICE}/']")
        page.locator("main details.action").filter(has=inner).locator("summary").click()
        later = calendar.due_at(new_due, 2, TimeUnit.WORKING_DAYS).due_at
        again.locator("[name='late_notice-note']").fill("Xin lỗi lần nữa.")
        again.locator("[name='late_notice-new_due_at']").fill(
            timezone.localtime(later).strftime(TYPED)
        )
        with page.expect_navigation():
            again.locator("button[type=submit]").click()
        assert ui.errors() == [t("The appointment can be re-set only once.")], ui.errors()
        page.goto(f"/staff/ho-so/{code}/")
    expect(fact(page, t("Appointment"))).to_contain_text(local(new_due))

    dossier.refresh_from_db()
    assert dossier.due_at == new_due.replace(second=0, microsecond=0)  # typed to the minute
    assert dossier.original_due_at == first_due
    told = [m for m in mail.outbox if APPLICANT.email in m.to]
    assert told, "the applicant was not told of the new appointment"
    assert local(new_due) in told[-1].body, told[-1].body

    # 3. At home, the applicant looks the dossier up with the receipt's two codes.
    citizen = new_ui()
    page = citizen.page
    main = page.locator("main")
    use_language(page, language)
    page.goto("/tra-cuu/")
    main.get_by_label(t("Dossier code")).fill(code)
    main.get_by_label(t("Lookup code, or the last 4 digits of the phone number")).fill(
        dossier.lookup_secret
    )
    citizen.submit(main.get_by_role("button", name=t("Look up")))
    assert page.url.endswith(f"/tra-cuu/{code}/"), page.url
    expect(main.locator(".status-state")).to_have_text(
        label(language, DossierStatus.PROCESSING.label)
    )
    appointment = fact(page, t("Appointment"))
    expect(appointment.locator("strong")).to_have_text(local(new_due))
    expect(appointment).to_contain_text(f"{t('first appointment')} {local(first_due)}")
    said = main.locator("ol.timeline > li").last
    expect(said).to_contain_text(t("Apology for the delay and a new appointment"))
    expect(said).to_contain_text(REASON)
    stop(page, "lookup", shot=True)

    # 4. Mẫu 04, the apology, is among the applicant's slips, as a real PDF.
    link = main.locator("section[aria-labelledby=slips-h] a[href$='/phieu/04/']")
    expect(link).to_contain_text(label(language, Slip.APOLOGY.label))
    headers, pdf = open_pdf(page, link)
    assert f"mau-04-{code}.pdf" in headers.get("content-disposition", "")
    assert_pdf(pdf)
    assert page.url.endswith(f"/tra-cuu/{code}/"), page.url
