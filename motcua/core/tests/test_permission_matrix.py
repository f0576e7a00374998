"""The permission matrix: every URL pattern of the project × every role, with real objects.

The URL patterns are read from the URL configuration, so a new view without a rule in
``permission_rules.RULES`` fails ``test_every_url_pattern_has_a_rule``. Each rule's probes
are asked once per role, every request in its own savepoint (rolled back), so one role's
write never changes what the next role sees. Run with ``-s`` to read the summary.
"""

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from motcua.accounts.enums import Role
from motcua.accounts.models import User
from motcua.accounts.permissions import second_factor_required
from motcua.accounts.services import api_token_create, api_token_revoke, user_create
from motcua.accounts.tests.factories import StaffFactory
from motcua.accounts.tests.otp import login_verified
from motcua.catalog.models import Component, Procedure, ProcedureVersion
from motcua.core.tests import permission_rules as rules
from motcua.dossiers.models import Dossier, DossierFile
from motcua.dossiers.services import (
    Applicant,
    Scan,
    dossier_assign,
    dossier_pause,
    dossier_receive,
    dossier_submit_online,
    dossier_transfer_to_agency,
)
from motcua.dossiers.tests.factories import (
    MONDAY,
    application,
    build_world,
    citizen,
    received,
    with_agency,
)
from motcua.feedback.enums import FeedbackKind, Topic
from motcua.feedback.models import Feedback, FeedbackFile
from motcua.feedback.services import Submission, feedback_accept, feedback_answer, feedback_submit
from motcua.feedback.services.submit import Upload
from motcua.organization.enums import AgencyKind, UnitLevel
from motcua.organization.models import AdministrativeUnit, Agency
from motcua.organization.tests.factories import AgencyFactory, UnitFactory
from motcua.outreach.enums import AudienceKind, PostKind, ReviewFinding, ReviewProposal
from motcua.outreach.models import OutreachSession, Post, ProcedureReview
from motcua.outreach.review_services import ReviewDetails, review_create
from motcua.outreach.services import PostContent, post_create, post_publish
from motcua.outreach.session_services import SessionDetails, session_create
from motcua.reports.models import ReportExport
from motcua.reports.services import report_export_request

PDF = rules.PDF
LOGIN_PATHS = ("/accounts/login/", "/admin/login/")
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# The URL configuration ---------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    key: str  # namespace:name, or the route when the pattern has no name
    route: str


def url_patterns() -> list[Pattern]:
    """Every URL pattern of the project, walking the resolver and its includes."""
    found: list[Pattern] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = ":".join(n for n in (namespace, entry.namespace or "") if n)
                walk(entry, route, inner)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
                found.append(Pattern(key=name or route, route=route))

    walk(get_resolver(), "", "")
    return found


def is_admin(pattern: Pattern) -> bool:
    return pattern.key.startswith(f"{rules.ADMIN_NAMESPACE}:") or pattern.route.startswith(
        rules.ADMIN_ROUTE
    )


# The world ---------------------------------------------------------------------------------


@dataclass
class World:
    district: AdministrativeUnit
    elsewhere: AdministrativeUnit
    agency_a: Agency
    procedure: Procedure
    form: Component
    officer: User
    users: dict[str, User]
    dossier_a: Dossier
    dossier_file: DossierFile
    dossier_assignable: Dossier
    dossier_submitted: Dossier
    dossier_b: Dossier
    feedback: Feedback
    feedback_file: FeedbackFile
    post_draft: Post
    post_published: Post
    session: OutreachSession
    review: ProcedureReview
    export: ReportExport
    media: str
    sessions: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    def export_count(self) -> int:
        return ReportExport.objects.count()

    def version_count(self) -> int:
        return ProcedureVersion.objects.filter(procedure=self.procedure).count()


def _people(base) -> dict[str, User]:
    """One account per role: staff of the district, of agency B and of a commune in it."""
    district = base.agency.unit
    inspectorate = AgencyFactory(unit=district, name="Thanh tra huyện")
    commune = UnitFactory(level=UnitLevel.COMMUNE, parent=district, name="Xã Thanh Tương")
    commune_committee = AgencyFactory(
        unit=commune, kind=AgencyKind.PEOPLES_COMMITTEE, name="UBND xã Thanh Tương"
    )
    admin = user_create(
        username="matrix-admin",
        password="a-long-test-password",
        role=Role.ADMINISTRATOR,
        agency=base.committee,
        full_name="Quản trị hệ thống",
        is_superuser=True,
    )
    return {
        "owner": citizen(full_name="Đặng Văn An", email="an@example.org"),
        "citizen": citizen(full_name="Bùi Thị Lan", email="lan@example.org"),
        "desk": base.clerk,
        "officer": base.officer,
        "head": base.head,
        "leader": base.leader,
        "admin": admin,
        "inspector": StaffFactory(role=Role.INSPECTOR, agency=inspectorate),
        "other_agency": base.other_head,
        "other_unit": StaffFactory(role=Role.UNIT_LEADER, agency=commune_committee),
    }


def _owners_dossier(base, owner: User, form: Component) -> Dossier:
    """Submitted online by the owner with a scan, received, assigned, then paused: the
    officer asked for a supplement."""
    dossier = dossier_submit_online(
        application=application(
            base,
            applicant=Applicant(name="Đặng Văn An", id_number="008095001236", phone="0912345678"),
        ),
        idempotency_key="matrix-owner",
        citizen=owner,
        scans=[Scan("to-khai.pdf", PDF, form.pk)],
        at=MONDAY,
    )
    dossier = dossier_receive(actor=base.clerk, dossier=dossier, at=MONDAY)
    dossier = dossier_transfer_to_agency(dossier=dossier, actor=base.clerk, at=MONDAY)
    dossier = dossier_assign(
        dossier=dossier,
        actor=base.head,
        officer=base.officer,
        note=rules.INTERNAL_NOTE,
        at=MONDAY,
    )
    return dossier_pause(
        dossier=dossier,
        actor=base.officer,
        missing=["Bản sao sổ hộ khẩu"],
        reason="Thiếu giấy tờ",
        at=MONDAY,
    )


def _feedback(base, owner: User, dossier: Dossier) -> Feedback:
    """About the owner's dossier, so agency A handles it; answered, not published."""
    submission = Submission(
        kind=FeedbackKind.FEEDBACK,
        topic=Topic.SERVICE_QUALITY,
        unit=base.agency.unit,
        title="Ma trận: phản ánh chưa công khai",
        description="Ma trận: nội dung riêng của người phản ánh.",
        consent=True,
        dossier_code=dossier.code,
        contact_name="Đặng Văn An",
        contact_phone="0987654321",
        contact_email="an.rieng@example.org",
        files=[Upload("anh-chup.pdf", PDF)],
    )
    feedback = feedback_submit(submission=submission, citizen=owner, at=MONDAY)
    feedback = feedback_accept(feedback=feedback, actor=base.officer, at=MONDAY)
    return feedback_answer(
        feedback=feedback, actor=base.officer, answer="Đã chấn chỉnh.", at=MONDAY
    )


def _news(admin: User, district: AdministrativeUnit) -> tuple[Post, Post]:
    def content(title: str) -> PostContent:
        return PostContent(kind=PostKind.NEWS, title=title, summary="Tóm tắt.", body="Nội dung.")

    draft = post_create(actor=admin, unit=district, content=content("Ma trận: bản nháp"))
    shown = post_create(actor=admin, unit=district, content=content("Ma trận: đã đăng"))
    return draft, post_publish(post=shown, actor=admin, at=MONDAY)


def _records(base) -> tuple[OutreachSession, ProcedureReview]:
    """A session and a proposed review of agency A, recorded by its head."""
    session = session_create(
        actor=base.head,
        details=SessionDetails(
            held_on=date(2026, 3, 4),
            title="Ma trận: tập huấn hộ tịch",
            audience=AudienceKind.OFFICIALS,
            place="Hội trường",
            agency=base.agency,
            unit=base.agency.unit,
            participants=40,
        ),
    )
    review = review_create(
        actor=base.head,
        details=ReviewDetails(
            procedure=base.version.procedure,
            reviewed_on=date(2026, 4, 10),
            agency=base.agency,
            finding=ReviewFinding.CUMBERSOME,
            proposal=ReviewProposal.SIMPLIFY,
            description="Ma trận: tờ khai hỏi lại thông tin đã có.",
        ),
        at=MONDAY,
    )
    return session, review


def _export(leader: User, district: AdministrativeUnit) -> ReportExport:
    with TestCase.captureOnCommitCallbacks(execute=True):
        export = report_export_request(
            user=leader,
            first=date(2026, 1, 1),
            last=date(2026, 3, 31),
            by="agency",
            unit=district,
            file_format="xlsx",
        )
    export.refresh_from_db()
    return export


def _tokens(base) -> dict[str, str]:
    made = {
        "token_read": api_token_create(name="Đọc", scope="read", agency=base.agency),
        "token_write": api_token_create(name="Ghi", scope="write", agency=base.agency),
        "token_staff": api_token_create(name="Thay trưởng phòng", scope="write", user=base.head),
        "token_other": api_token_create(name="Phòng khác", scope="write", agency=base.other_agency),
        "token_revoked": api_token_create(name="Thu hồi", scope="write", agency=base.agency),
    }
    api_token_revoke(token=made["token_revoked"][0])
    former = StaffFactory(role=Role.AGENCY_HEAD, agency=base.agency, full_name="Trưởng phòng cũ")
    made["token_inactive"] = api_token_create(name="Người đã nghỉ", scope="write", user=former)
    User.objects.filter(pk=former.pk).update(is_active=False)
    return {role: text for role, (_token, text) in made.items()}


def build(media: str) -> World:
    base = build_world()
    district = base.agency.unit
    elsewhere = UnitFactory(level=UnitLevel.DISTRICT, name="Huyện Lâm Bình")
    AgencyFactory(unit=elsewhere, kind=AgencyKind.PEOPLES_COMMITTEE, name="UBND huyện Lâm Bình")
    users = _people(base)
    form = base.version.components.get(required=True)
    form.form_file.save("to-khai.pdf", ContentFile(PDF))
    dossier_a = _owners_dossier(base, users["owner"], form)
    dossier_b = dossier_transfer_to_agency(
        dossier=received(base, agency=base.other_agency), actor=base.clerk, at=MONDAY
    )
    feedback = _feedback(base, users["owner"], dossier_a)
    post_draft, post_published = _news(users["admin"], district)
    session, review = _records(base)
    return World(
        district=district,
        elsewhere=elsewhere,
        agency_a=base.agency,
        procedure=base.version.procedure,
        form=form,
        officer=base.officer,
        users=users,
        dossier_a=dossier_a,
        dossier_file=dossier_a.files.get(),
        dossier_assignable=with_agency(base),
        dossier_submitted=dossier_submit_online(
            application=application(base), idempotency_key="matrix-waiting", at=MONDAY
        ),
        dossier_b=dossier_b,
        feedback=feedback,
        feedback_file=feedback.files.get(),
        post_draft=post_draft,
        post_published=post_published,
        session=session,
        review=review,
        export=_export(base.leader, district),
        media=media,
        tokens=_tokens(base),
    )


def _sign_in(world: World) -> None:
    """A session per role (the administrator's past the second factor, which it must
    pass); the ``unlocked`` browser unlocks with code and secret, as the applicant does,
    and is the browser that sent the feedback."""
    name = settings.SESSION_COOKIE_NAME
    for role, user in world.users.items():
        client = Client()
        if second_factor_required(user):
            login_verified(client, user)
        else:
            client.force_login(user)
        world.sessions[role] = client.cookies[name].value
    browser = Client()
    dossier, feedback = world.dossier_a, world.feedback
    found = browser.get(
        reverse("portal:lookup"), {"code": dossier.code, "secret": dossier.lookup_secret}
    )
    assert found.status_code == 302, "the lookup did not unlock the dossier"
    found = browser.post(
        reverse("portal:feedback_lookup"), {"code": feedback.code, "secret": feedback.lookup_secret}
    )
    assert found.status_code == 302, "the lookup did not unlock the feedback"
    session = browser.session
    session["motcua_feedback_sent"] = feedback.pk
    session.save()
    world.sessions["unlocked"] = browser.cookies[name].value
    cache.clear()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = str(tmp_path_factory.mktemp("matrix-media"))
    quick = {"MEDIA_ROOT": media, "PASSWORD_HASHERS": FAST_HASHER, "LANGUAGE_CODE": "vi"}
    with django_db_blocker.unblock(), override_settings(**quick), transaction.atomic():
        built = build(media)
        _sign_in(built)
        yield built
        transaction.set_rollback(True)


@pytest.fixture(scope="module", autouse=True)
def _quiet_request_log():
    """Thousands of expected 4xx answers: keep the log for what is not expected."""
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


@pytest.fixture
def matrix(world, db, settings) -> World:
    """The world, each test in its own savepoint, its files where they were stored."""
    settings.MEDIA_ROOT = world.media
    return world


# Asking -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    rule: str
    probe: str
    role: str
    method: str
    path: str
    expected: str
    actual: str
    detail: str = ""

    @property
    def wrong(self) -> bool:
        return self.expected != self.actual

    @property
    def unexpected_allow(self) -> bool:
        leaked = self.actual == rules.LEAK
        return leaked or (self.expected in rules.REFUSALS and self.actual in rules.ALLOWS)

    def __str__(self) -> str:
        where = f"{self.method} {self.path}"
        return (
            f"{self.rule} [{self.probe}] as {self.role}: expected {self.expected}, "
            f"got {self.actual} ({where}{'; ' + self.detail if self.detail else ''})"
        )


def _client(world: World, role: str) -> Client:
    client = Client(raise_request_exception=False)
    if role in world.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


def _send(world: World, probe: rules.Probe, role: str, path: str):
    client = _client(world, role)
    headers = dict(probe.headers)
    data = probe.data(world) if probe.data else {}
    token = world.tokens.get(role)
    if token and path.startswith("/api/"):
        headers["Authorization"] = f"Bearer {token}"
    elif token and path.startswith("/open311/"):
        if probe.method == "GET":
            path += ("&" if "?" in path else "?") + urlencode({"api_key": token})
        else:
            data["api_key"] = token
    if probe.method == "GET":
        return client.get(path, headers=headers)
    if probe.json:
        return client.post(path, json.dumps(data), content_type="application/json", headers=headers)
    return client.post(path, data, headers=headers)


def _outcome(response, changed: bool | None) -> tuple[str, str]:
    status = response.status_code
    if changed:
        return rules.CHANGED, str(status)
    if 300 <= status < 400:
        target = urlsplit(response["Location"])
        if target.netloc and target.netloc != "testserver":
            return rules.OFFSITE, response["Location"]
        if target.path.startswith(LOGIN_PATHS):
            return rules.LOGIN, target.path
        return (rules.REFUSED if changed is False else rules.REDIRECT), f"→ {target.path}"
    if 200 <= status < 300:
        return rules.OK, ""
    if status in (400, 409, 422):
        return (rules.REFUSED if changed is False else rules.INVALID), str(status)
    named = {
        401: rules.UNAUTHENTICATED,
        403: rules.FORBIDDEN,
        404: rules.NOT_FOUND,
        405: rules.NOT_ALLOWED,
    }
    if status in named:
        return named[status], ""
    error = getattr(response, "exc_info", None)
    return f"status {status}", f"{error[0].__name__}: {error[1]}" if error else ""


def _body(response) -> str:
    """The whole answer; reading a streamed file to its end also closes it."""
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _read_markers(world: World, probe: rules.Probe, role: str, body: str, outcome: str) -> str:
    if probe.markers is None or outcome not in (rules.OK, rules.INVALID):
        return outcome
    seen = [m for m in probe.markers(world) if m in body]
    if role in probe.shown_to:
        return outcome if seen else rules.MISSING
    return rules.LEAK if seen else outcome


def ask(world: World, rule: str, probe: rules.Probe, role: str) -> Cell:
    """One request, in a savepoint that is rolled back: nothing it writes stays."""
    path = probe.path(world)
    cache.clear()  # rate limits count per address: every request starts fresh
    with transaction.atomic():
        before = probe.changes(world) if probe.changes else None
        response = _send(world, probe, role, path)
        body = _body(response)
        changed = (probe.changes(world) != before) if probe.changes else None
        actual, detail = _outcome(response, changed)
        actual = _read_markers(world, probe, role, body, actual)
        transaction.set_rollback(True)
    expected = probe.expect[role]
    return Cell(rule, probe.label, role, probe.method, path, expected, actual, detail)


RESULTS: dict[str, list[Cell]] = {}


def run_rule(world: World, rule: str) -> list[Cell]:
    if rule not in RESULTS:
        probes = rules.RULES[rule] if rule != "admin" else rules.ADMIN_SAMPLE
        RESULTS[rule] = [ask(world, rule, p, role) for p in probes for role in p.expect]
    return RESULTS[rule]


def _fill(route: str, world: World) -> str:
    """A concrete address for an administration pattern, with the world's objects."""
    path = re.sub(r"\(\?P<app_label>[^)]*\)", "dossiers", route)
    path = re.sub(r"\(\?P<url>[^)]*\)", "nothing/here/", path)
    path = path.replace("^", "").replace("$", "").replace("<path:content_type_id>", "1")
    return "/" + re.sub(r"<[^>]+>", str(world.dossier_a.pk), path)


def run_admin_sweep(world: World) -> list[Cell]:
    if "admin sweep" not in RESULTS:
        cells = []
        for pattern in (p for p in url_patterns() if is_admin(p)):
            expected = rules.ADMIN_SWEEP_EXCEPTIONS.get(pattern.key, rules.LOGIN)
            probe = rules.Probe(
                pattern.key,
                lambda w, route=pattern.route: _fill(route, w),
                dict.fromkeys(rules.ADMIN_SWEEP_ROLES, expected),
            )
            cells += [ask(world, "admin sweep", probe, role) for role in probe.expect]
        RESULTS["admin sweep"] = cells
    return RESULTS["admin sweep"]


def assert_as_the_rules_say(cells: list[Cell]) -> None:
    wrong = [str(cell) for cell in cells if cell.wrong]
    if wrong:
        pytest.fail(f"{len(wrong)} wrong answers:\n" + "\n".join(wrong), pytrace=False)


# Tests --------------------------------------------------------------------------------------


def test_every_url_pattern_has_a_rule():
    """A new view without a rule fails here, and so does a rule for a pattern that is gone."""
    patterns = url_patterns()
    keys = [p.key for p in patterns if not is_admin(p)]
    assert len(keys) == len(set(keys)), "two URL patterns share a name"
    missing = sorted(set(keys) - set(rules.RULES))
    stale = sorted(set(rules.RULES) - set(keys))
    assert missing == [], f"URL patterns without a rule in permission_rules.RULES: {missing}"
    assert stale == [], f"rules for URL patterns that no longer exist: {stale}"
    assert any(is_admin(p) for p in patterns), "the administration is not mounted"


def test_every_probe_asks_its_own_url_pattern(matrix):
    """A probe of rule X resolves to pattern X (a typo would test another view)."""
    same_route: dict[str, set[str]] = {}
    for pattern in url_patterns():
        same_route.setdefault(pattern.route, set()).add(pattern.key)
    by_key = {p.key: same_route[p.route] for p in url_patterns()}
    wrong = []
    for rule, probes in rules.RULES.items():
        for probe in probes:
            match = resolve(urlsplit(probe.path(matrix)).path)
            name = match.view_name if match.url_name else match.route
            if rule not in by_key.get(name, {name}):
                wrong.append(f"{rule} [{probe.label}] resolves to {name}")
    assert wrong == []


@pytest.mark.parametrize("rule", sorted(rules.RULES))
def test_url_answers_every_role_as_the_rules_say(matrix, rule):
    assert_as_the_rules_say(run_rule(matrix, rule))


def test_administration_lets_in_only_the_administrator(matrix):
    assert_as_the_rules_say(run_rule(matrix, "admin"))


def test_no_administration_address_opens_to_other_people(matrix):
    assert_as_the_rules_say(run_admin_sweep(matrix))


def test_stored_files_have_no_address_of_their_own(matrix):
    """Files are served only through the checked views: no media URL, unguessable tokens."""
    for stored in (matrix.dossier_file, matrix.feedback_file):
        assert len(stored.token) >= 32
        assert stored.token not in stored.original_name
    names = [matrix.dossier_file.file.name, matrix.feedback_file.file.name]
    for name in [*names, matrix.export.file.name]:
        for role in ("anonymous", "admin"):
            response = _client(matrix, role).get(settings.MEDIA_URL + name)
            assert response.status_code == 404, name


def test_matrix_summary(matrix, capsys):
    """The size of the matrix and the unexpected allows (there must be none)."""
    cells = [cell for rule in sorted(rules.RULES) for cell in run_rule(matrix, rule)]
    cells += run_rule(matrix, "admin") + run_admin_sweep(matrix)
    patterns = url_patterns()
    admin_patterns = sum(1 for p in patterns if is_admin(p))
    probes = len({(cell.rule, cell.probe) for cell in cells})
    allows = [cell for cell in cells if cell.unexpected_allow]
    other = [cell for cell in cells if cell.wrong and not cell.unexpected_allow]
    with capsys.disabled():
        print(
            f"\nPermission matrix: {len(patterns)} URL patterns "
            f"({len(patterns) - admin_patterns} with their own rule, {admin_patterns} of the "
            f"administration under one rule), {probes} probes × up to {len(rules.API_ROLES)} "
            f"roles ({len(rules.BROWSER_ROLES)} browser roles, {len(rules.TOKEN_ROLES)} API "
            f"tokens) = {len(cells)} requests checked; unexpected allows: {len(allows)}; "
            f"other wrong answers: {len(other)}"
        )
        for cell in allows:
            print(f"  UNEXPECTED ALLOW  {cell}")
        for cell in other:
            print(f"  WRONG ANSWER      {cell}")
    assert allows == []
