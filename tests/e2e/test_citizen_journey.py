"""A citizen's online dossier, from the catalogue to the rating, in the browser.

The citizen finds "Đăng ký khai sinh" by typing without accents, submits it online as a
guest with scanned documents, is asked once for a missing paper, uploads it from another
browser after looking the dossier up, follows it to the result and rates the service. The
commune's staff act through the services: the journey is the citizen's. It runs in
Vietnamese, as the product starts, and again in English, switched to in the header; every
page on the way passes the accessibility audit.
"""

import re

import pytest
from django.conf import settings
from django.core import mail
from journeys import LANGUAGES, Stops, fact, label, tr, use_language
from support import audit, carry_to_result

from motcua.accounts.enums import Role
from motcua.accounts.models import User
from motcua.catalog.models import Procedure
from motcua.dossiers import services as svc
from motcua.dossiers.enums import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.feedback.enums import LEVEL_LABELS, Criterion
from motcua.feedback.models import SatisfactionRating
from motcua.organization.enums import AgencyKind
from motcua.organization.models import Agency

expect = pytest.importorskip("playwright.sync_api").expect

BIRTH_REGISTRATION = "1.001193"  # Đăng ký khai sinh: online in full, at every commune
COMMUNE = "Xã Năng Khả"
APPLICANT = {
    "name": "Ma Thị Hoa",
    "id_number": "008195003456",
    "phone": "0971234560",
    "email": "ma.thi.hoa@example.com",
    "address": "Thôn Nà Khà, xã Năng Khả, huyện Nà Hang, tỉnh Tuyên Quang",
}
MISSING = "Bản sao giấy chứng nhận kết hôn"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
DOSSIER_CODE = re.compile(r"^\S+-\d{6}-\d{4}$")  # <desk identifier>-YYMMDD-NNNN
# The commune has no staff in the demo: its administrator would add them.
COMMUNE_STAFF = {
    "mc_nangkha": (Role.DESK_OFFICER, AgencyKind.ONE_STOP_DESK, "Hà Thị Duyên"),
    "tp_nangkha": (Role.PROCESSING_OFFICER, AgencyKind.PEOPLES_COMMITTEE, "Chẩu Văn Kiên"),
    "ct_nangkha": (Role.UNIT_LEADER, AgencyKind.PEOPLES_COMMITTEE, "Ma Văn Thắng"),
}


def vi(text: str) -> str:
    """The Vietnamese of an English source text: what e-mails and SMS always say."""
    return tr("vi", text)


def commune_staff() -> dict[str, User]:
    staff = {}
    for username, (role, kind, full_name) in COMMUNE_STAFF.items():
        agency = Agency.objects.get(unit__name=COMMUNE, kind=kind)
        user = User(username=username, role=role, agency=agency, full_name=full_name)
        user.set_unusable_password()
        user.save()
        staff[username] = user
    return staff


def staff_names() -> list[str]:
    return list(User.objects.exclude(role=Role.CITIZEN).values_list("full_name", flat=True))


def mails_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def assert_no_staff_names(page) -> None:
    text = page.locator("main").inner_text()
    shown = [name for name in staff_names() if name and name in text]
    assert not shown, f"{page.url} shows staff names to the public: {shown}"


def fill_application(ui, language: str, *, agency: str, applicant: dict[str, str], pdf):
    """Fill the online form; attach the PDF to each document marked required (*).

    Returns the names of the documents it attached a file to.
    """
    form = ui.page.locator("main form.submission")
    form.get_by_label(tr(language, "Where to submit")).select_option(label=agency)
    for name, value in applicant.items():
        form.locator(f"[name={name}]").fill(value)
    attached = []
    for field in form.locator(".field").filter(has=ui.page.locator("input[type=file]")).all():
        upload = field.locator("input[type=file]")
        if not upload.get_attribute("name").startswith("component_"):
            continue
        if field.locator("label .required").count():
            upload.set_input_files(str(pdf))
            attached.append(field.locator("label").inner_text().rstrip(" *"))
    form.locator("[name=declaration]").check()
    form.locator("[name=consent]").check()
    return attached


@pytest.mark.parametrize("language", LANGUAGES)
def test_citizen_submits_online_supplies_follows_and_rates(
    demo, language, ui, new_ui, screenshot, tmp_path
):
    page = ui.page
    stop = Stops("citizen", language, screenshot)

    def t(text: str) -> str:
        return tr(language, text)

    procedure = Procedure.objects.get(code=BIRTH_REGISTRATION)
    version = procedure.current_version
    name = (version.name_en if language == "en" else "") or version.name
    committee = Agency.objects.get(unit__name=COMMUNE, kind=AgencyKind.PEOPLES_COMMITTEE)
    pdf = tmp_path / "to-khai.pdf"
    pdf.write_bytes(PDF)
    png = tmp_path / "giay-chung-nhan-ket-hon.png"
    png.write_bytes(PNG)

    # 1. From the home page, the procedure is found without accents and opened.
    use_language(page, language)
    stop(page, "home", shot=True)
    search = page.locator("main form[role=search]")
    search.locator("[name=q]").fill("dang ky khai sinh")
    ui.submit(search.locator("button[type=submit]"))
    assert "/thu-tuc/" in page.url, page.url
    link = page.locator(f"main table.procedure-table a[href$='/thu-tuc/{BIRTH_REGISTRATION}/']")
    expect(link).to_have_text(name)
    stop(page, "catalogue", shot=True)
    with page.expect_navigation():
        link.click()
    expect(page.locator("main h1")).to_contain_text(name)
    stop(page, "procedure", shot=True)
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name=t("Submit online")).click()
    assert page.url.endswith(f"/thu-tuc/{BIRTH_REGISTRATION}/nop-truc-tuyen/"), page.url
    stop(page, "online-form")

    # 2. The guest fills the form; an ID number of 11 digits is refused, next to the field.
    agency = f"{committee.name} — {committee.unit.name}"
    form = page.locator("main form.submission")
    send = form.get_by_role("button", name=t("Send the dossier"))
    wrong = APPLICANT | {"id_number": APPLICANT["id_number"][:-1]}
    fill_application(ui, language, agency=agency, applicant=wrong, pdf=pdf)
    stop(page, "online-form-filled", shot=True)
    with page.expect_navigation():
        send.click()
    id_field = form.locator(".field").filter(has=page.locator("[name=id_number]"))
    refused = t("An ID number has exactly 12 digits.")
    expect(id_field.locator(".field-errors")).to_have_text(refused)
    assert not Dossier.objects.filter(applicant_name=APPLICANT["name"]).exists()
    stop(page, "online-form-refused", shot=True)

    attached = fill_application(ui, language, agency=agency, applicant=APPLICANT, pdf=pdf)
    required = [c.name for c in version.components.all() if c.required and not c.condition]
    assert attached == required, attached
    token = form.locator("[name=token]").input_value()
    ui.submit(send)

    # The confirmation gives the dossier code and the lookup code.
    assert "/da-nop/" in page.url, page.url
    expect(page.locator("main h1")).to_have_text(t("Your dossier has been sent"))
    code = fact(page, t("Dossier code")).inner_text().strip()
    secret = fact(page, t("Lookup code")).inner_text().strip()
    assert DOSSIER_CODE.match(code), code
    assert re.fullmatch(r"[A-Z2-9]{8}", secret), secret
    dossier = Dossier.objects.get(code=code)
    assert code.startswith(f"{dossier.desk.identifier}-"), code
    assert dossier.agency == committee
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.lookup_secret == secret
    assert dossier.files.count() == len(required)
    stop(page, "confirmation", shot=True)

    # Back to the form and sent again (the browser keeps the form's key; the files are
    # chosen again): the same dossier is shown, no second one is made.
    page.go_back()
    assert page.url.endswith("/nop-truc-tuyen/"), page.url
    assert form.locator("[name=token]").input_value() == token
    fill_application(ui, language, agency=agency, applicant=APPLICANT, pdf=pdf)
    ui.submit(send)
    assert page.url.endswith(f"/ho-so/{code}/da-nop/"), page.url
    expect(fact(page, t("Dossier code"))).to_have_text(code)
    assert Dossier.objects.filter(applicant_name=APPLICANT["name"]).count() == 1
    assert dossier.files.count() == len(required)

    # 3. The confirmation e-mail carries the lookup code and the lookup link (in Vietnamese,
    # the language of every message the product sends).
    sent = mails_to(APPLICANT["email"])
    assert len(sent) == 1, [m.subject for m in sent]
    assert code in sent[0].subject
    assert secret in sent[0].body
    assert f"/tra-cuu/?code={code}&secret={secret}" in sent[0].body

    # 4. The commune's desk asks, once, for a missing paper.
    staff = commune_staff()
    desk = staff["mc_nangkha"]
    assert desk.agency == dossier.desk
    dossier = svc.dossier_request_supplement(
        actor=desk,
        dossier=dossier,
        missing=[MISSING],
        reason="Cha mẹ của trẻ đã đăng ký kết hôn: cần bản sao để ghi tên cha.",
    )
    assert dossier.status == DossierStatus.SUPPLEMENT

    # 5. On another device, the citizen looks the dossier up with the two codes.
    citizen = new_ui()
    page = citizen.page
    use_language(page, language)
    page.goto("/tra-cuu/")
    main = page.locator("main")
    stop(page, "lookup")
    main.get_by_label(t("Dossier code")).fill(code)
    main.get_by_label(t("Lookup code, or the last 4 digits of the phone number")).fill(secret)
    citizen.submit(main.get_by_role("button", name=t("Look up")))
    assert page.url.endswith(f"/tra-cuu/{code}/"), page.url
    status = main.locator(".status-state").inner_text().strip()
    assert status == label(language, DossierStatus.SUPPLEMENT.label)
    expect(main.locator(".card[role=status]")).to_contain_text(
        t(
            "Something is missing: see below what to add. The time limit does not run "
            "while you are asked."
        )
    )
    asked = main.locator("section[aria-labelledby=asked-h]")
    expect(asked.locator("li")).to_have_text([MISSING])
    stop(page, "dossier-supplement", shot=True)
    assert_no_staff_names(page)

    with page.expect_navigation():
        asked.get_by_role("link", name=t("Upload the documents")).click()
    supply = main.locator("form[method=post]")
    supply.get_by_label(t("Files with what was asked")).set_input_files(str(png))
    supply.get_by_label(t("Message to the officer")).fill("Xin gửi bản sao giấy kết hôn.")
    stop(page, "supplement-upload", shot=True)
    citizen.submit(supply.get_by_role("button", name=t("Send to the officer")))
    assert page.url.endswith(f"/tra-cuu/{code}/"), page.url
    expect(main.locator(".messages")).to_contain_text(
        t("Thank you: your documents were sent to the officer.")
    )
    history = main.locator("ol.timeline > li")
    expect(history.last).to_contain_text(t("Documents added by the applicant"))
    assert_no_staff_names(page)
    stop(page, "supplied")
    dossier.refresh_from_db()
    assert dossier.files.filter(original_name=png.name).count() == 1

    # 6. The desk receives it; the commune handles it; the desk hands the result over.
    dossier = svc.dossier_receive(actor=desk, dossier=dossier)
    dossier = carry_to_result(dossier, desk)
    dossier = svc.dossier_return_result(actor=desk, dossier=dossier, returned_to=APPLICANT["name"])
    assert dossier.status == DossierStatus.RETURNED
    returned = [m for m in mails_to(APPLICANT["email"]) if "đánh giá" in m.body]
    assert returned, [m.body for m in mails_to(APPLICANT["email"])]
    assert label("vi", DossierStatus.RETURNED.label) in returned[-1].body

    # 7. From the QR code on the receipt, the citizen sees the result and rates the service.
    rater = new_ui()
    page = rater.page
    main = page.locator("main")
    use_language(page, language)
    page.goto(f"/tra-cuu/?code={code}&secret={secret}")
    assert page.url.endswith(f"/tra-cuu/{code}/"), page.url
    status = main.locator(".status-state").inner_text().strip()
    assert status == label(language, DossierStatus.RETURNED.label)
    expect(main.locator(".card[role=status]")).to_contain_text("Giấy khai sinh số 112/2026")
    assert_no_staff_names(page)
    stop(page, "dossier-returned", shot=True)
    with page.expect_navigation():
        main.get_by_role("link", name=t("Rate the service")).click()
    assert page.url.endswith(f"/tra-cuu/{code}/danh-gia/"), page.url

    rating_form = main.locator("form.rating-form")
    groups = rating_form.locator("fieldset.radio-group")
    criteria = [label(language, c.label) for c in Criterion]
    assert [label("vi", c.label) for c in Criterion] != [label("en", c.label) for c in Criterion]
    legends = groups.locator("legend").all_inner_texts()
    legends = [text.replace("*", "").strip() for text in legends]
    assert legends == criteria, legends
    scale = LEVEL_LABELS[settings.MOTCUA_RATING_LEVELS]
    words = [label(language, scale[level]) for level in sorted(scale, reverse=True)]
    for group in groups.all():
        expect(group.locator("label.choice")).to_have_text(words)
    levels = {c.value: 5 if n % 2 == 0 else 4 for n, c in enumerate(Criterion)}
    for criterion, level in levels.items():
        group = groups.filter(has=page.locator(f"input[name={criterion}]"))
        group.get_by_label(label(language, scale[level]), exact=True).check()
    rating_form.locator("[name=comment]").fill("Cán bộ hướng dẫn tận tình, trả kết quả đúng hẹn.")
    stop(page, "rating", shot=True)
    rater.submit(rating_form.get_by_role("button", name=t("Send my rating")))

    # Thanked, the rating shown back, and on the dossier's page too.
    expect(main.locator(".messages")).to_have_text(t("Thank you for rating dossier %s.") % code)
    given = main.locator("section[aria-labelledby=given-h] dl.facts")
    expect(given.locator("dt")).to_have_text([*criteria, t("Comment")])
    expect(given.locator("dd").first).to_have_text(label(language, scale[levels["overall"]]))
    stop(page, "rated")
    assert_no_staff_names(page)
    rating = SatisfactionRating.objects.get(dossier=dossier)
    assert {c.value: getattr(rating, c.value) for c in Criterion} == levels
    assert rating.comment.startswith("Cán bộ hướng dẫn tận tình")

    with page.expect_navigation():
        main.locator(".breadcrumbs").get_by_role("link", name=code).click()
    thanked = t("You rated the service %(level)s out of %(scale)s. Thank you.") % {
        "level": rating.overall,
        "scale": rating.scale,
    }
    expect(main.locator("section[aria-labelledby=rate-h]")).to_contain_text(thanked)
    assert_no_staff_names(page)
    stop(page, "dossier-rated")


def test_wrong_lookup_code_is_refused_and_the_form_works_by_keyboard(demo, ui):
    page = ui.page
    known = Dossier.objects.exclude(lookup_secret="").order_by("pk").first()
    assert known is not None, "the demo has no dossier to look up"

    response = page.goto("/tra-cuu/")
    assert response.status == 200
    main = page.locator("main")
    code_field = main.get_by_label(vi("Dossier code"))
    secret_field = main.get_by_label(vi("Lookup code, or the last 4 digits of the phone number"))
    expect(code_field).to_have_count(1)
    expect(secret_field).to_have_count(1)

    # Tab reaches the skip link first; it leads into the page, where Tab reaches the form.
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_have_text(vi("Skip to main content"))
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(code_field).to_be_focused()
    page.keyboard.type(known.code)
    page.keyboard.press("Tab")
    expect(secret_field).to_be_focused()
    page.keyboard.type("ZZZZ9999")
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.status == 404, navigation.value.status

    expect(main.locator(".form-errors")).to_have_text(
        vi("No dossier matches this code and lookup code.")
    )
    expect(main.locator(".form-errors")).to_have_attribute("role", "alert")
    expect(main.get_by_label(vi("Dossier code"))).to_have_value(known.code)
    assert f"/tra-cuu/{known.code}/" not in page.url
    ui.shot("wrong-lookup")
    audit(page, "lookup-refused-vi")
