"""The permission matrix: the expected answer of every URL pattern for every role.

One entry per URL pattern (``namespace:name``, or the route when unnamed); each entry holds
one or more probes (a request with real objects) and the answer each role must get. The
objects come from the test's world (``test_permission_matrix.World``): agency A handles the
dossiers and feedback of the citizen ``owner``; agency B is another agency of the same
district; ``other_unit`` is the leader of a commune inside that district.

Answers:

- ``ok``: 2xx; ``redirect``: 3xx to a page that is not a login page;
- ``login``: 3xx to the login page (the site's or the administration's);
- ``invalid``: 400/409/422, the input was refused after authorisation (for authorisation
  this is an allow);
- ``changed``: a write whose object was changed (the probe compares it before and after);
- ``refused``: a write answered with a redirect or a 400 that left the object unchanged
  (the service said no);
- ``unauthenticated`` (401), ``forbidden`` (403), ``not_found`` (404), ``not_allowed`` (405);
- ``leak`` / ``missing``: a page (2xx, or 400 with the form) holding text only other roles
  may see / not holding the text this role must see;
- ``redirect off the site``: a 3xx to another host.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

OK = "ok"
REDIRECT = "redirect"
LOGIN = "login"
INVALID = "invalid"
CHANGED = "changed"
REFUSED = "refused"
UNAUTHENTICATED = "unauthenticated"
FORBIDDEN = "forbidden"
NOT_FOUND = "not_found"
NOT_ALLOWED = "not_allowed"
LEAK = "leak"
MISSING = "missing"
OFFSITE = "redirect off the site"

# What lets the request through, and what stops it.
ALLOWS = frozenset({OK, REDIRECT, INVALID, CHANGED, LEAK, MISSING, OFFSITE})
REFUSALS = frozenset({LOGIN, REFUSED, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, NOT_ALLOWED})

# People with a browser. ``anonymous`` has no session (and, for the API, no token);
# ``unlocked`` is an anonymous browser that unlocked the owner's dossier and feedback with
# their code and secret.
BROWSER_ROLES = (
    "anonymous",
    "unlocked",
    "owner",
    "citizen",
    "desk",
    "officer",
    "head",
    "leader",
    "admin",
    "inspector",
    "other_agency",
    "other_unit",
)
# Integrations, for /api/v1/ (``Authorization: Bearer``) and /open311/v2/ (``api_key``).
# ``token_inactive`` acts for a member of staff whose account was deactivated since.
TOKEN_ROLES = (
    "token_read",
    "token_write",
    "token_staff",
    "token_other",
    "token_revoked",
    "token_inactive",
)
API_ROLES = BROWSER_ROLES + TOKEN_ROLES

GROUPS: dict[str, tuple[str, ...]] = {
    "visitors": ("anonymous", "unlocked"),
    "citizens": ("owner", "citizen"),
    "staff": BROWSER_ROLES[4:],
    "signed_in": BROWSER_ROLES[2:],
    "tokens": TOKEN_ROLES,
    "dead_tokens": ("token_revoked", "token_inactive"),
    # Staff who see agency A's dossiers: the desk that receives them, A, and the district.
    "sees_a": ("desk", "officer", "head", "leader", "admin", "inspector"),
    # Staff who see agency A's feedback and records (the desk does not).
    "sees_a_records": ("officer", "head", "leader", "admin", "inspector"),
    "outsiders": ("other_agency", "other_unit"),
    "unit_wide": ("leader", "admin", "inspector", "other_unit"),
    "editors": ("admin", "leader", "other_unit"),
    "keepers": ("admin", "leader", "head", "other_agency", "other_unit"),
    "recorders": ("desk", "officer", "head", "other_agency"),
    "a_keepers": ("admin", "leader", "head"),
}


def _expand(roles: tuple[str, ...], default: str, by: dict[str, str]) -> dict[str, str]:
    """Every role of ``roles`` with ``default``, then the overrides in the order given."""
    answers = dict.fromkeys(roles, default)
    for key, outcome in by.items():
        for role in GROUPS.get(key, (key,)):
            if role not in answers:
                raise KeyError(f"{role} is not a role of this probe")
            answers[role] = outcome
    return answers


def page(default: str, **by: str) -> dict[str, str]:
    """Expected answers for the browser roles."""
    return _expand(BROWSER_ROLES, default, by)


def api(default: str, **by: str) -> dict[str, str]:
    """Expected answers for the browser roles and the integrations' tokens."""
    return _expand(API_ROLES, default, by)


@dataclass(frozen=True)
class Probe:
    """One request of the matrix, asked once for each role of ``expect``."""

    label: str
    path: Callable[[Any], str]
    expect: dict[str, str]
    method: str = "GET"
    data: Callable[[Any], dict] | None = None
    json: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    # What a write would change, read before and after the request.
    changes: Callable[[Any], object] | None = None
    # Text (codes, titles, contact details) that only ``shown_to`` may receive.
    markers: Callable[[Any], list[str]] | None = None
    shown_to: tuple[str, ...] = ()


def url(name: str, *args: object) -> Callable[[Any], str]:
    return lambda w: reverse(name, args=[a(w) if callable(a) else a for a in args])


def row(obj: Callable[[Any], Any]) -> Callable[[Any], object]:
    """Every column of the object's row, read again from the database."""

    def read(w):
        instance = obj(w)
        return type(instance).objects.filter(pk=instance.pk).values().first()

    return read


def pdf_upload(name: str = "bo-sung.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# A note between members of staff on the owner's dossier (its assignment): the applicant's
# views show milestones and the notes addressed to them, never this.
INTERNAL_NOTE = "Ma trận: ghi chú nội bộ cho chuyên viên"
NO_INTERNAL_NOTE = {"markers": lambda w: [INTERNAL_NOTE]}

A_DOSSIER = attrgetter("dossier_a.code")
A_FEEDBACK = attrgetter("feedback.code")

PUBLIC = page(OK)
STAFF_PAGE = page(OK, visitors=LOGIN, citizens=FORBIDDEN)
SIGNED_IN_PAGE = page(OK, visitors=LOGIN)
UNLOCKED_DOSSIER = page(NOT_FOUND, unlocked=OK, owner=OK)
# A POST-only staff view asked with GET: people get in, then the method is refused.
STAFF_POST_ONLY = page(NOT_ALLOWED, visitors=LOGIN, citizens=FORBIDDEN)


def _portal() -> dict[str, tuple[Probe, ...]]:
    return {
        "healthz": (Probe("GET", url("healthz"), PUBLIC),),
        "portal:home": (Probe("GET", url("portal:home"), PUBLIC),),
        "portal:procedure_list": (Probe("GET", url("portal:procedure_list"), PUBLIC),),
        "portal:procedure_detail": (
            Probe("GET", url("portal:procedure_detail", lambda w: w.procedure.code), PUBLIC),
        ),
        "portal:form_download": (
            Probe(
                "GET the blank form of a published procedure",
                url("portal:form_download", lambda w: w.procedure.code, lambda w: w.form.pk),
                PUBLIC,
            ),
        ),
        "portal:online_submit": (
            Probe("GET", url("portal:online_submit", lambda w: w.procedure.code), PUBLIC),
            Probe(
                "POST an empty application",
                url("portal:online_submit", lambda w: w.procedure.code),
                page(INVALID),
                method="POST",
                data=lambda w: {},
            ),
        ),
        "portal:submitted": (
            Probe("GET the owner's dossier", url("portal:submitted", A_DOSSIER), UNLOCKED_DOSSIER),
        ),
        "portal:lookup": (
            Probe("GET the form", url("portal:lookup"), PUBLIC),
            Probe(
                "GET with the right code and secret (unlocks the dossier)",
                lambda w: (
                    reverse("portal:lookup")
                    + f"?code={w.dossier_a.code}&secret={w.dossier_a.lookup_secret}"
                ),
                page(REDIRECT),
            ),
            Probe(
                "GET with a wrong secret",
                lambda w: reverse("portal:lookup") + f"?code={w.dossier_a.code}&secret=000000",
                page(NOT_FOUND),
            ),
        ),
        "portal:register": (Probe("GET", url("portal:register"), page(REDIRECT, visitors=OK)),),
        "portal:registered": (Probe("GET", url("portal:registered"), PUBLIC),),
        "portal:verify_email": (
            Probe(
                "GET with a forged token",
                url("portal:verify_email", "forged-token"),
                page(INVALID),
            ),
        ),
        "portal:my_dossiers": (
            Probe(
                "GET (the owner's dossier is listed to the owner only)",
                url("portal:my_dossiers"),
                page(REDIRECT, visitors=LOGIN, citizens=OK),
                markers=lambda w: [w.dossier_a.code],
                shown_to=("owner",),
            ),
        ),
        "portal:dossier": (
            Probe(
                "GET the owner's dossier (no internal note)",
                url("portal:dossier", A_DOSSIER),
                UNLOCKED_DOSSIER,
                **NO_INTERNAL_NOTE,
            ),
        ),
        "portal:dossier_supply": (
            Probe(
                "GET the owner's dossier",
                url("portal:dossier_supply", A_DOSSIER),
                UNLOCKED_DOSSIER,
            ),
            Probe(
                "POST the documents asked for",
                url("portal:dossier_supply", A_DOSSIER),
                page(NOT_FOUND, unlocked=CHANGED, owner=CHANGED),
                method="POST",
                data=lambda w: {"files": pdf_upload(), "note": ""},
                changes=row(lambda w: w.dossier_a),
            ),
        ),
        "portal:dossier_slip": (
            Probe(
                "GET the receipt (Mẫu 01)",
                url("portal:dossier_slip", A_DOSSIER, "01"),
                UNLOCKED_DOSSIER,
            ),
            Probe(
                "GET the internal control sheet (Mẫu 05)",
                url("portal:dossier_slip", A_DOSSIER, "05"),
                page(NOT_FOUND),
            ),
        ),
        "portal:news_list": (
            Probe(
                "GET (drafts are not listed)",
                url("portal:news_list"),
                PUBLIC,
                markers=lambda w: [w.post_draft.title],
            ),
        ),
        "portal:news_detail": (
            Probe(
                "GET a published post",
                url("portal:news_detail", lambda w: w.post_published.slug),
                PUBLIC,
            ),
            Probe(
                "GET a draft",
                url("portal:news_detail", lambda w: w.post_draft.slug),
                page(NOT_FOUND),
            ),
        ),
        "portal:statistics": (Probe("GET", url("portal:statistics"), PUBLIC),),
    }


def _portal_feedback() -> dict[str, tuple[Probe, ...]]:
    unlocked_only = page(NOT_FOUND, unlocked=OK)
    return {
        "portal:feedback_list": (
            Probe(
                "GET (unpublished answers are not listed)",
                url("portal:feedback_list"),
                PUBLIC,
                markers=lambda w: [w.feedback.title, w.feedback.code],
            ),
        ),
        "portal:feedback_submit": (
            Probe("GET", url("portal:feedback_submit"), PUBLIC),
            Probe(
                "POST an empty form",
                url("portal:feedback_submit"),
                page(INVALID),
                method="POST",
                data=lambda w: {},
            ),
        ),
        "portal:feedback_sent": (
            Probe(
                "GET (only the browser that sent it sees the secret again)",
                url("portal:feedback_sent"),
                page(REDIRECT, unlocked=OK),
                markers=lambda w: [w.feedback.lookup_secret],
                shown_to=("unlocked",),
            ),
        ),
        "portal:feedback_lookup": (
            Probe("GET", url("portal:feedback_lookup"), PUBLIC),
            Probe(
                "POST a wrong secret",
                url("portal:feedback_lookup"),
                page(NOT_FOUND),
                method="POST",
                data=lambda w: {"code": w.feedback.code, "secret": "000000"},
            ),
        ),
        "portal:feedback_status": (
            Probe(
                "GET the owner's feedback",
                url("portal:feedback_status", A_FEEDBACK),
                unlocked_only,
            ),
        ),
        "portal:feedback_satisfied": (
            Probe("GET", url("portal:feedback_satisfied", A_FEEDBACK), page(NOT_ALLOWED)),
            Probe(
                "POST: satisfied with the answer",
                url("portal:feedback_satisfied", A_FEEDBACK),
                page(NOT_FOUND, unlocked=CHANGED),
                method="POST",
                data=lambda w: {},
                changes=row(lambda w: w.feedback),
            ),
        ),
        "portal:feedback_reopen": (
            Probe("GET", url("portal:feedback_reopen", A_FEEDBACK), page(NOT_ALLOWED)),
            Probe(
                "POST: not satisfied, reopen",
                url("portal:feedback_reopen", A_FEEDBACK),
                page(NOT_FOUND, unlocked=CHANGED),
                method="POST",
                data=lambda w: {"reason": "Câu trả lời chưa giải quyết việc của tôi."},
                changes=row(lambda w: w.feedback),
            ),
        ),
        "portal:rating": (
            Probe("GET the owner's dossier", url("portal:rating", A_DOSSIER), UNLOCKED_DOSSIER),
            Probe(
                "POST an empty rating",
                url("portal:rating", A_DOSSIER),
                page(NOT_FOUND, unlocked=INVALID, owner=INVALID),
                method="POST",
                data=lambda w: {},
            ),
        ),
    }


def _backoffice_dossiers() -> dict[str, tuple[Probe, ...]]:
    a_dossier = page(NOT_FOUND, visitors=LOGIN, citizens=FORBIDDEN, sees_a=OK)
    desk_only = page(FORBIDDEN, visitors=LOGIN, desk=OK)
    return {
        "backoffice:home": (
            Probe("GET", url("backoffice:home"), page(OK, visitors=LOGIN, citizens=REDIRECT)),
        ),
        "backoffice:desk": (Probe("GET", url("backoffice:desk"), desk_only),),
        "backoffice:desk_receive": (
            Probe(
                "GET",
                url("backoffice:desk_receive", lambda w: w.procedure.code),
                desk_only,
            ),
            Probe(
                "POST an empty reception form",
                url("backoffice:desk_receive", lambda w: w.procedure.code),
                desk_only,
                method="POST",
                data=lambda w: {},
            ),
        ),
        "backoffice:register": (Probe("GET", url("backoffice:register"), desk_only),),
        "backoffice:inbox": (
            Probe(
                "GET every dossier in scope (?scope=all)",
                lambda w: reverse("backoffice:inbox") + "?scope=all",
                STAFF_PAGE,
                markers=lambda w: [w.dossier_a.code],
                shown_to=GROUPS["sees_a"],
            ),
        ),
        "backoffice:inbox_assign": (
            Probe("GET", url("backoffice:inbox_assign"), STAFF_POST_ONLY),
            Probe(
                "POST: assign A's dossier to A's officer",
                url("backoffice:inbox_assign"),
                page(REFUSED, visitors=LOGIN, citizens=FORBIDDEN, head=CHANGED),
                method="POST",
                data=lambda w: {"codes": [w.dossier_assignable.code], "officer": w.officer.pk},
                changes=row(lambda w: w.dossier_assignable),
            ),
        ),
        "backoffice:dossier": (
            Probe("GET A's dossier", url("backoffice:dossier", A_DOSSIER), a_dossier),
        ),
        "backoffice:dossier_action": (
            Probe(
                "GET",
                url("backoffice:dossier_action", A_DOSSIER, "assign"),
                STAFF_POST_ONLY,
            ),
            Probe(
                "POST assign (the agency head's action)",
                url("backoffice:dossier_action", lambda w: w.dossier_assignable.code, "assign"),
                page(
                    REFUSED,
                    visitors=LOGIN,
                    citizens=FORBIDDEN,
                    outsiders=NOT_FOUND,
                    head=CHANGED,
                ),
                method="POST",
                data=lambda w: {"assign-officer": w.officer.pk, "assign-note": ""},
                changes=row(lambda w: w.dossier_assignable),
            ),
            Probe(
                "POST receive an online submission (the desk's action)",
                url("backoffice:dossier_action", lambda w: w.dossier_submitted.code, "receive"),
                page(
                    REFUSED,
                    visitors=LOGIN,
                    citizens=FORBIDDEN,
                    outsiders=NOT_FOUND,
                    desk=CHANGED,
                ),
                method="POST",
                data=lambda w: {"receive-note": ""},
                changes=row(lambda w: w.dossier_submitted),
            ),
        ),
        "backoffice:dossier_file": (
            Probe(
                "GET a scan of A's dossier",
                url("backoffice:dossier_file", A_DOSSIER, lambda w: w.dossier_file.token),
                a_dossier,
            ),
            Probe(
                "GET a guessed file token",
                url("backoffice:dossier_file", A_DOSSIER, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
                page(NOT_FOUND, visitors=LOGIN, citizens=FORBIDDEN),
            ),
            Probe(
                "GET A's scan under the code of B's dossier",
                url(
                    "backoffice:dossier_file",
                    lambda w: w.dossier_b.code,
                    lambda w: w.dossier_file.token,
                ),
                page(NOT_FOUND, visitors=LOGIN, citizens=FORBIDDEN),
            ),
        ),
        "backoffice:dossier_slip": (
            Probe(
                "GET the receipt of A's dossier (?html=1)",
                lambda w: (
                    reverse("backoffice:dossier_slip", args=[w.dossier_a.code, "01"]) + "?html=1"
                ),
                a_dossier,
            ),
            Probe(
                "GET the receipt of A's dossier printed from an event of B's dossier",
                lambda w: (
                    reverse("backoffice:dossier_slip", args=[w.dossier_a.code, "01"])
                    + f"?html=1&event={w.dossier_b.events.first().pk}"
                ),
                page(NOT_FOUND, visitors=LOGIN, citizens=FORBIDDEN),
            ),
        ),
    }


def _backoffice_reports() -> dict[str, tuple[Probe, ...]]:
    unit_wide = page(FORBIDDEN, visitors=LOGIN, unit_wide=OK)
    leaders_export = page(NOT_FOUND, visitors=LOGIN, citizens=FORBIDDEN, leader=OK)
    export = attrgetter("export.pk")
    # The district's figures, asked for by name: the commune's leader must not get them.
    district_figures = page(
        FORBIDDEN, visitors=LOGIN, leader=OK, admin=OK, inspector=OK, other_unit=INVALID
    )
    district_rows = {
        "markers": lambda w: [w.agency_a.name],
        "shown_to": ("leader", "admin", "inspector"),
    }
    return {
        "backoffice:report": (
            Probe("GET", url("backoffice:report"), unit_wide),
            Probe(
                "GET the district's report by agency",
                lambda w: (
                    reverse("backoffice:report")
                    + f"?date_from=01/01/2026&date_to=31/03/2026&by=agency&unit={w.district.pk}"
                ),
                district_figures,
                **district_rows,
            ),
        ),
        "backoffice:dashboard": (
            Probe("GET", url("backoffice:dashboard"), unit_wide),
            Probe(
                "GET the district's dashboard",
                lambda w: reverse("backoffice:dashboard") + f"?year=2026&unit={w.district.pk}",
                district_figures,
                **district_rows,
            ),
        ),
        "backoffice:report_export_request": (
            Probe("GET", url("backoffice:report_export_request"), STAFF_POST_ONLY),
            Probe(
                "POST: the district's report as Excel",
                url("backoffice:report_export_request"),
                page(
                    FORBIDDEN,
                    visitors=LOGIN,
                    leader=CHANGED,
                    admin=CHANGED,
                    inspector=CHANGED,
                    other_unit=REFUSED,
                ),
                method="POST",
                data=lambda w: {
                    "date_from": "01/01/2026",
                    "date_to": "31/03/2026",
                    "by": "agency",
                    "unit": w.district.pk,
                    "file_format": "xlsx",
                },
                changes=lambda w: w.export_count(),
            ),
        ),
        "backoffice:report_export": (
            Probe(
                "GET the leader's export", url("backoffice:report_export", export), leaders_export
            ),
        ),
        "backoffice:report_export_download": (
            Probe(
                "GET the leader's file",
                url("backoffice:report_export_download", export),
                leaders_export,
            ),
        ),
    }


def _backoffice_news() -> dict[str, tuple[Probe, ...]]:
    editors = page(FORBIDDEN, visitors=LOGIN, editors=OK)
    district_post = page(FORBIDDEN, visitors=LOGIN, admin=OK, leader=OK, other_unit=NOT_FOUND)
    draft = attrgetter("post_draft.pk")

    def status_change(name: str, post: str) -> tuple[Probe, ...]:
        target = url(name, lambda w: getattr(w, post).pk)
        return (
            Probe("GET", target, page(NOT_ALLOWED)),
            Probe(
                "POST on the district's post",
                target,
                page(
                    FORBIDDEN,
                    visitors=LOGIN,
                    admin=CHANGED,
                    leader=CHANGED,
                    other_unit=NOT_FOUND,
                ),
                method="POST",
                data=lambda w: {},
                changes=row(lambda w: getattr(w, post)),
            ),
        )

    return {
        "backoffice:news_list": (
            Probe(
                "GET (the district's draft is listed to its editors)",
                url("backoffice:news_list"),
                editors,
                markers=lambda w: [w.post_draft.title],
                shown_to=("admin", "leader"),
            ),
        ),
        "backoffice:news_create": (
            Probe("GET", url("backoffice:news_create"), editors),
            Probe(
                "POST an empty post",
                url("backoffice:news_create"),
                page(FORBIDDEN, visitors=LOGIN, editors=INVALID),
                method="POST",
                data=lambda w: {},
            ),
        ),
        "backoffice:news_preview": (
            Probe("GET the district's draft", url("backoffice:news_preview", draft), district_post),
        ),
        "backoffice:news_edit": (
            Probe("GET the district's draft", url("backoffice:news_edit", draft), district_post),
            Probe(
                "POST an empty form",
                url("backoffice:news_edit", draft),
                page(
                    FORBIDDEN,
                    visitors=LOGIN,
                    admin=INVALID,
                    leader=INVALID,
                    other_unit=NOT_FOUND,
                ),
                method="POST",
                data=lambda w: {},
            ),
        ),
        "backoffice:news_publish": status_change("backoffice:news_publish", "post_draft"),
        "backoffice:news_unpublish": status_change("backoffice:news_unpublish", "post_published"),
    }


def _backoffice_outreach() -> dict[str, tuple[Probe, ...]]:
    keepers = page(FORBIDDEN, visitors=LOGIN, keepers=OK)
    keepers_post = page(FORBIDDEN, visitors=LOGIN, keepers=INVALID)
    a_record = page(FORBIDDEN, visitors=LOGIN, a_keepers=OK, outsiders=NOT_FOUND)
    a_record_post = page(FORBIDDEN, visitors=LOGIN, a_keepers=INVALID, outsiders=NOT_FOUND)
    session = attrgetter("session.pk")
    review = attrgetter("review.pk")
    return {
        "backoffice:outreach_list": (
            Probe(
                "GET (A's session is listed to those who see A)",
                url("backoffice:outreach_list"),
                STAFF_PAGE,
                markers=lambda w: [w.session.title],
                shown_to=GROUPS["sees_a_records"],
            ),
        ),
        "backoffice:outreach_create": (
            Probe("GET", url("backoffice:outreach_create"), keepers),
            Probe(
                "POST an empty form",
                url("backoffice:outreach_create"),
                keepers_post,
                method="POST",
                data=lambda w: {},
            ),
        ),
        "backoffice:outreach_edit": (
            Probe("GET A's session", url("backoffice:outreach_edit", session), a_record),
            Probe(
                "POST an empty form",
                url("backoffice:outreach_edit", session),
                a_record_post,
                method="POST",
                data=lambda w: {},
            ),
        ),
        "backoffice:review_list": (
            Probe(
                "GET (A's review is listed to those who see A)",
                url("backoffice:review_list"),
                STAFF_PAGE,
                markers=lambda w: [reverse("backoffice:review_detail", args=[w.review.pk])],
                shown_to=GROUPS["sees_a_records"],
            ),
        ),
        "backoffice:review_create": (
            Probe("GET", url("backoffice:review_create"), keepers),
            Probe(
                "POST an empty form",
                url("backoffice:review_create"),
                keepers_post,
                method="POST",
                data=lambda w: {},
            ),
        ),
        "backoffice:review_detail": (
            Probe(
                "GET A's review",
                url("backoffice:review_detail", review),
                page(
                    NOT_FOUND,
                    visitors=LOGIN,
                    citizens=FORBIDDEN,
                    sees_a_records=OK,
                ),
            ),
        ),
        "backoffice:review_edit": (
            Probe("GET A's review", url("backoffice:review_edit", review), a_record),
            Probe(
                "POST an empty form",
                url("backoffice:review_edit", review),
                a_record_post,
                method="POST",
                data=lambda w: {},
            ),
        ),
        "backoffice:review_status": (
            Probe("GET", url("backoffice:review_status", review), page(NOT_ALLOWED)),
            Probe(
                "POST: submit A's review to the competent level",
                url("backoffice:review_status", review),
                page(FORBIDDEN, visitors=LOGIN, a_keepers=CHANGED, outsiders=NOT_FOUND),
                method="POST",
                data=lambda w: {"action": "submit", "note": ""},
                changes=row(lambda w: w.review),
            ),
        ),
    }


def _backoffice_feedback() -> dict[str, tuple[Probe, ...]]:
    a_feedback = page(NOT_FOUND, visitors=LOGIN, citizens=FORBIDDEN, sees_a_records=OK)
    recorders = page(FORBIDDEN, visitors=LOGIN, recorders=OK)
    return {
        "backoffice:feedback_list": (
            Probe(
                "GET (A's feedback is listed to those who see A)",
                url("backoffice:feedback_list"),
                STAFF_PAGE,
                markers=lambda w: [w.feedback.code],
                shown_to=GROUPS["sees_a_records"],
            ),
        ),
        "backoffice:feedback_record": (
            Probe("GET", url("backoffice:feedback_record"), recorders),
            Probe(
                "POST an empty form",
                url("backoffice:feedback_record"),
                page(FORBIDDEN, visitors=LOGIN, recorders=INVALID),
                method="POST",
                data=lambda w: {},
            ),
        ),
        "backoffice:feedback": (
            Probe("GET A's feedback", url("backoffice:feedback", A_FEEDBACK), a_feedback),
        ),
        "backoffice:feedback_action": (
            Probe(
                "GET",
                url("backoffice:feedback_action", A_FEEDBACK, "publish"),
                STAFF_POST_ONLY,
            ),
            Probe(
                "POST publish the answer (the agency head's action)",
                url("backoffice:feedback_action", A_FEEDBACK, "publish"),
                page(
                    NOT_FOUND,
                    visitors=LOGIN,
                    citizens=FORBIDDEN,
                    sees_a_records=REFUSED,
                    head=CHANGED,
                ),
                method="POST",
                data=lambda w: {"publish-note": ""},
                changes=row(lambda w: w.feedback),
            ),
        ),
        "backoffice:feedback_file": (
            Probe(
                "GET the attachment of A's feedback",
                url("backoffice:feedback_file", A_FEEDBACK, lambda w: w.feedback_file.token),
                a_feedback,
            ),
            Probe(
                "GET a guessed file token",
                url("backoffice:feedback_file", A_FEEDBACK, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
                page(NOT_FOUND, visitors=LOGIN, citizens=FORBIDDEN),
            ),
        ),
    }


def _second_factor_of(role: str) -> Callable[[Any], list]:
    """The app and recovery codes of one role's account, read again from the database."""

    def read(w):
        from django_otp.plugins.otp_static.models import StaticToken
        from django_otp.plugins.otp_totp.models import TOTPDevice

        user = w.users[role]
        return [
            list(TOTPDevice.objects.filter(user=user).values_list("key", flat=True)),
            sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)),
        ]

    return read


def _two_factor() -> dict[str, tuple[Probe, ...]]:
    """Staff log in in two steps (required of the administrator, whose session has passed
    it); citizens have no second factor."""
    staff_only = page(REDIRECT, visitors=LOGIN, citizens=FORBIDDEN)
    return {
        "accounts:two_factor": (Probe("GET", url("accounts:two_factor"), STAFF_PAGE),),
        "accounts:otp_verify": (
            Probe(
                "GET (nobody here owes a code: they go on)",
                url("accounts:otp_verify"),
                page(REDIRECT, visitors=LOGIN),
            ),
        ),
        "accounts:otp_setup": (
            Probe("GET (a new key and its QR code)", url("accounts:otp_setup"), STAFF_PAGE),
        ),
        "accounts:otp_recovery": (
            Probe("GET (no new codes to show)", url("accounts:otp_recovery"), staff_only),
            Probe(
                "POST new recovery codes (only with an app set up: the administrator's)",
                url("accounts:otp_recovery"),
                page(REFUSED, visitors=LOGIN, citizens=FORBIDDEN, admin=CHANGED),
                method="POST",
                data=lambda w: {},
                changes=_second_factor_of("admin"),
            ),
        ),
        "accounts:otp_remove": (
            Probe("GET", url("accounts:otp_remove"), page(NOT_ALLOWED)),
            Probe(
                "POST (the administrator must keep the second factor)",
                url("accounts:otp_remove"),
                page(REFUSED, visitors=LOGIN, citizens=FORBIDDEN),
                method="POST",
                data=lambda w: {},
                changes=_second_factor_of("admin"),
            ),
        ),
    }


def _accounts() -> dict[str, tuple[Probe, ...]]:
    return {
        "accounts:login": (Probe("GET", url("accounts:login"), page(REDIRECT, visitors=OK)),),
        "accounts:logout": (
            Probe("GET", url("accounts:logout"), page(NOT_ALLOWED)),
            Probe("POST", url("accounts:logout"), page(REDIRECT), method="POST", data=lambda w: {}),
        ),
        "accounts:password_change": (
            Probe("GET", url("accounts:password_change"), SIGNED_IN_PAGE),
        ),
        **_two_factor(),
        "accounts:password_change_done": (
            Probe("GET", url("accounts:password_change_done"), SIGNED_IN_PAGE),
        ),
        "accounts:password_reset": (Probe("GET", url("accounts:password_reset"), PUBLIC),),
        "accounts:password_reset_done": (
            Probe("GET", url("accounts:password_reset_done"), PUBLIC),
        ),
        "accounts:password_reset_confirm": (
            Probe(
                "GET with a forged link (the page says the link is invalid)",
                url("accounts:password_reset_confirm", "MQ", "forged-token"),
                PUBLIC,
            ),
        ),
        "accounts:password_reset_complete": (
            Probe("GET", url("accounts:password_reset_complete"), PUBLIC),
        ),
        "set_language": (
            Probe(
                "POST English",
                url("set_language"),
                page(REDIRECT),
                method="POST",
                data=lambda w: {"language": "en", "next": "/"},
            ),
        ),
    }


def _json_body(w, **changes) -> dict:
    body = {
        "procedure": w.procedure.code,
        "agency": w.agency_a.identifier,
        "applicant": {"name": "Lê Văn Cường", "id_number": "008095001235", "phone": "0912345679"},
        "documents": [
            {
                "component_id": w.form.pk,
                "name": "to-khai.pdf",
                "content_base64": "JVBERi0xLjQKMSAwIG9iajw8Pj5lbmRvYmoKdHJhaWxlcjw8Pj4KJSVFT0YK",
            }
        ],
        "consent": True,
    }
    body.update(changes)
    return body


def _feedback_body(unit_code: str) -> dict:
    return {
        "kind": "feedback",
        "topic": "service_quality",
        "unit": unit_code,
        "title": "Chờ lâu",
        "description": "Chờ hơn hai giờ.",
        "contact_name": "Lê Văn Cường",
        "contact_phone": "0912345679",
        "consent": True,
    }


API_PUBLIC = api(OK, dead_tokens=UNAUTHENTICATED)
API_SIGNED_IN = dict(visitors=UNAUTHENTICATED, dead_tokens=UNAUTHENTICATED)


def _api() -> dict[str, tuple[Probe, ...]]:
    a_dossier = api(
        OK,
        citizen=NOT_FOUND,
        outsiders=NOT_FOUND,
        token_other=NOT_FOUND,
        **API_SIGNED_IN,
    )
    key = {"Idempotency-Key": "permission-matrix-1"}
    return {
        "api-v1:openapi-json": (Probe("GET", lambda w: "/api/v1/openapi.json", api(OK)),),
        "api-v1:openapi-view": (Probe("GET", lambda w: "/api/v1/docs", api(OK)),),
        "api-v1:api-root": (Probe("GET", lambda w: "/api/v1/", api(NOT_FOUND)),),
        "^api/": (Probe("GET an unversioned address", lambda w: "/api/v0/x", api(NOT_FOUND)),),
        "api-v1:procedure_list": (Probe("GET", lambda w: "/api/v1/procedures", API_PUBLIC),),
        "api-v1:procedure_detail": (
            Probe("GET", lambda w: f"/api/v1/procedures/{w.procedure.code}", API_PUBLIC),
        ),
        "api-v1:dossier_list": (
            Probe(
                "GET (A's dossier is listed to those in scope)",
                lambda w: "/api/v1/dossiers?page_size=200",
                api(OK, **API_SIGNED_IN),
                markers=lambda w: [w.dossier_a.code],
                shown_to=("owner", *GROUPS["sees_a"], "token_read", "token_write", "token_staff"),
            ),
        ),
        "api-v1:dossier_submit": (
            Probe(
                "POST a complete application to agency A",
                lambda w: "/api/v1/dossiers",
                api(OK, token_read=FORBIDDEN, token_other=FORBIDDEN, **API_SIGNED_IN),
                method="POST",
                json=True,
                data=_json_body,
                headers=key,
            ),
        ),
        "api-v1:dossier_detail": (
            Probe(
                "GET A's dossier (the internal note is for staff and integrations)",
                lambda w: f"/api/v1/dossiers/{w.dossier_a.code}",
                a_dossier,
                markers=lambda w: [INTERNAL_NOTE],
                shown_to=(*GROUPS["sees_a"], "token_read", "token_write", "token_staff"),
            ),
        ),
        "api-v1:dossier_act": (
            Probe(
                "POST assign (the agency head's action)",
                lambda w: f"/api/v1/dossiers/{w.dossier_assignable.code}/actions/assign",
                api(
                    FORBIDDEN,
                    outsiders=NOT_FOUND,
                    head=CHANGED,
                    token_staff=CHANGED,
                    **API_SIGNED_IN,
                ),
                method="POST",
                json=True,
                data=lambda w: {"officer": w.officer.pk},
                changes=row(lambda w: w.dossier_assignable),
            ),
        ),
        "api-v1:dossier_lookup": (
            Probe(
                "GET with the right secret (no internal note)",
                lambda w: f"/api/v1/lookup/{w.dossier_a.code}?secret={w.dossier_a.lookup_secret}",
                API_PUBLIC,
                **NO_INTERNAL_NOTE,
            ),
            Probe(
                "GET with a wrong secret",
                lambda w: f"/api/v1/lookup/{w.dossier_a.code}?secret=000000",
                api(NOT_FOUND, dead_tokens=UNAUTHENTICATED),
            ),
        ),
        "api-v1:due_date": (
            Probe(
                "GET",
                lambda w: (
                    "/api/v1/calendar/due-date?received=2026-03-02T09:00:00"
                    "&amount=3&unit=working_days"
                ),
                API_PUBLIC,
            ),
        ),
        "api-v1:feedback_send": (
            Probe(
                "POST feedback about the district",
                lambda w: "/api/v1/feedback",
                api(OK, token_read=FORBIDDEN, **API_SIGNED_IN),
                method="POST",
                json=True,
                data=lambda w: _feedback_body(w.district.code),
                headers=key,
            ),
            Probe(
                "POST feedback about a district outside every token's agency",
                lambda w: "/api/v1/feedback",
                # As in Open311: a token limited to an agency (all of them here) speaks for
                # its unit only.
                api(OK, tokens=FORBIDDEN, **API_SIGNED_IN),
                method="POST",
                json=True,
                data=lambda w: _feedback_body(w.elsewhere.code),
                headers=key,
            ),
        ),
        "api-v1:feedback_follow": (
            Probe(
                "GET with the right secret",
                lambda w: f"/api/v1/feedback/{w.feedback.code}?secret={w.feedback.lookup_secret}",
                API_PUBLIC,
            ),
            Probe(
                "GET with a wrong secret",
                lambda w: f"/api/v1/feedback/{w.feedback.code}?secret=000000",
                api(NOT_FOUND, dead_tokens=UNAUTHENTICATED),
            ),
        ),
        "api-v1:periodic": (
            Probe(
                "GET the caller's own unit",
                lambda w: "/api/v1/reports/periodic?from=2026-01-01&to=2026-03-31",
                # As on the report pages: leaders, administrators and inspectors (and tokens).
                api(OK, citizens=FORBIDDEN, recorders=FORBIDDEN, **API_SIGNED_IN),
            ),
            Probe(
                "GET the district's figures",
                lambda w: (
                    f"/api/v1/reports/periodic?from=2026-01-01&to=2026-03-31&unit={w.district.code}"
                ),
                api(
                    OK,
                    citizens=FORBIDDEN,
                    recorders=FORBIDDEN,
                    other_unit=FORBIDDEN,
                    **API_SIGNED_IN,
                ),
            ),
        ),
    }


def _open311() -> dict[str, tuple[Probe, ...]]:
    # Sessions play no part; an api_key is sent by the token roles, a revoked one is refused.
    public = api(OK, dead_tokens=FORBIDDEN)
    unpublished = attrgetter(
        "feedback.description", "feedback.contact_email", "feedback.contact_phone"
    )

    def create(unit: Callable[[Any], Any]) -> Callable[[Any], dict]:
        return lambda w: {
            "service_code": "service_quality",
            "description": "Đường vào Bộ phận Một cửa bị ngập.",
            "address_string": "Thị trấn",
            "attribute[unit]": unit(w).code,
        }

    return {
        "open311:discovery": (Probe("GET", lambda w: "/open311/v2/discovery.json", public),),
        "open311:services": (Probe("GET", lambda w: "/open311/v2/services.json", public),),
        "open311:service": (
            Probe("GET", lambda w: "/open311/v2/services/service_quality.json", public),
        ),
        "open311:requests": (
            Probe(
                "GET (unpublished feedback is not listed)",
                lambda w: "/open311/v2/requests.json",
                public,
                markers=lambda w: [w.feedback.title],
            ),
            Probe(
                "POST a request about the district",
                lambda w: "/open311/v2/requests.json",
                api(FORBIDDEN, token_write=OK, token_staff=OK, token_other=OK),
                method="POST",
                data=create(lambda w: w.district),
            ),
            Probe(
                "POST a request about a district outside every token's agency",
                lambda w: "/open311/v2/requests.json",
                api(FORBIDDEN),
                method="POST",
                data=create(lambda w: w.elsewhere),
            ),
        ),
        "open311:request": (
            Probe(
                "GET A's unpublished feedback (status only, no personal data)",
                lambda w: f"/open311/v2/requests/{w.feedback.code}.json",
                public,
                markers=lambda w: list(unpublished(w)),
            ),
        ),
        "open311:request_swagger": (
            Probe(
                "GET A's unpublished feedback (status only, no personal data)",
                lambda w: f"/open311/v2/request/{w.feedback.code}.xml",
                public,
                markers=lambda w: list(unpublished(w)),
            ),
        ),
        "open311:not_found": (
            Probe(
                "GET",
                lambda w: "/open311/v2/nothing.json",
                api(NOT_FOUND, dead_tokens=FORBIDDEN),
            ),
        ),
    }


def _privacy() -> dict[str, tuple[Probe, ...]]:
    """The citizen's own account page and rights, and the staff access log."""
    citizens_only = page(REDIRECT, visitors=LOGIN, citizens=OK)
    owners_name = {"markers": lambda w: [w.users["owner"].full_name], "shown_to": ("owner",)}
    return {
        "portal:account": (Probe("GET", url("portal:account"), citizens_only, **owners_name),),
        "portal:account_export": (
            Probe("GET", url("portal:account_export"), page(NOT_ALLOWED, visitors=LOGIN)),
            Probe(
                "POST (downloads the signed-in citizen's own data)",
                url("portal:account_export"),
                citizens_only,
                method="POST",
                data=lambda w: {},
                **owners_name,
            ),
        ),
        "portal:account_delete": (
            Probe("GET", url("portal:account_delete"), citizens_only),
            Probe(
                "POST without the password",
                url("portal:account_delete"),
                page(REDIRECT, visitors=LOGIN, citizens=INVALID),
                method="POST",
                data=lambda w: {},
            ),
        ),
        "portal:account_deleted": (Probe("GET", url("portal:account_deleted"), PUBLIC),),
        "backoffice:access_log": (
            Probe(
                "GET",
                url("backoffice:access_log"),
                page(FORBIDDEN, visitors=LOGIN, admin=OK, inspector=OK),
            ),
        ),
    }


RULES: dict[str, tuple[Probe, ...]] = {
    **_portal(),
    **_portal_feedback(),
    **_backoffice_dossiers(),
    **_backoffice_reports(),
    **_backoffice_news(),
    **_backoffice_outreach(),
    **_backoffice_feedback(),
    **_accounts(),
    **_privacy(),
    **_api(),
    **_open311(),
}


# Django's administration, one rule for all of its addresses: only the administrator
# (is_staff, superuser) gets in; everyone else is sent to the administration's login page.
ADMIN_NAMESPACE = "admin"
ADMIN_ROUTE = "admin/"
ADMIN_ONLY = page(LOGIN, admin=OK)


def _admin_url(name: str, *args) -> Callable[[Any], str]:
    return url(f"admin:{name}", *args)


ADMIN_SAMPLE: tuple[Probe, ...] = (
    Probe("GET the index", _admin_url("index"), ADMIN_ONLY),
    Probe("GET the login page", _admin_url("login"), page(OK, admin=REDIRECT)),
    Probe("GET logout", _admin_url("logout"), page(REDIRECT, admin=NOT_ALLOWED)),
    Probe("GET password change", _admin_url("password_change"), ADMIN_ONLY),
    Probe("GET the JavaScript catalogue", _admin_url("jsi18n"), ADMIN_ONLY),
    Probe("GET an application", _admin_url("app_list", "dossiers"), ADMIN_ONLY),
    Probe("GET the dossiers", _admin_url("dossiers_dossier_changelist"), ADMIN_ONLY),
    Probe(
        "GET one dossier",
        _admin_url("dossiers_dossier_change", lambda w: w.dossier_a.pk),
        ADMIN_ONLY,
    ),
    Probe(
        "GET a dossier's history",
        _admin_url("dossiers_dossier_history", lambda w: w.dossier_a.pk),
        ADMIN_ONLY,
    ),
    Probe(
        "GET delete a dossier (never possible)",
        _admin_url("dossiers_dossier_delete", lambda w: w.dossier_a.pk),
        page(LOGIN, admin=FORBIDDEN),
    ),
    Probe("GET the API tokens", _admin_url("accounts_apitoken_changelist"), ADMIN_ONLY),
    Probe("GET add an API token", _admin_url("accounts_apitoken_add"), ADMIN_ONLY),
    Probe(
        "GET a user's password form",
        _admin_url("auth_user_password_change", lambda w: w.users["owner"].pk),
        ADMIN_ONLY,
    ),
    Probe(
        "GET a feedback's attachments and contact",
        _admin_url("feedback_feedback_change", lambda w: w.feedback.pk),
        ADMIN_ONLY,
    ),
    Probe(
        "POST a new draft version of a procedure",
        _admin_url("catalog_procedure_new_version", lambda w: w.procedure.pk),
        page(LOGIN, admin=CHANGED),
        method="POST",
        data=lambda w: {},
        changes=lambda w: w.version_count(),
    ),
    Probe("GET an unknown address", lambda w: "/admin/nothing/here/", page(LOGIN, admin=NOT_FOUND)),
)
# Every administration address, asked by people who must never get in.
ADMIN_SWEEP_ROLES = ("anonymous", "inspector")
# What those people get from the addresses that are not "log in first".
ADMIN_SWEEP_EXCEPTIONS = {"admin:login": OK, "admin:logout": REDIRECT}
