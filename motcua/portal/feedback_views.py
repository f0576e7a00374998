"""Public pages for feedback, recommendations and complaints, and the dossier rating page.

A browser that sent feedback, or looked it up with the tracking code and the secret,
keeps the feedback's id in its session: the status page and the citizen's answer
("satisfied" / "not satisfied") ask the session, never the secret again.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from motcua.core.errors import DomainError
from motcua.core.ratelimit import client_address, feedback_lookup_refused, rate_limited
from motcua.feedback import services as svc
from motcua.feedback.enums import LEVEL_LABELS, Criterion, FeedbackKind, FeedbackStatus, Topic
from motcua.feedback.forms import FeedbackForm, LookupForm, RatingForm, ReopenForm
from motcua.feedback.forms import add_service_errors as put_errors
from motcua.feedback.models import Feedback
from motcua.feedback.selectors import (
    feedback_find_public,
    feedback_get_public,
    feedback_get_unlocked,
    feedback_list_public,
    rating_allowed,
    rating_editable_until,
    rating_for_dossier,
)
from motcua.portal.access import unlocked_dossier

SESSION_KEY = "motcua_unlocked_feedback"
SENT_KEY = "motcua_feedback_sent"
KEEP = 20
SUBMIT_LIMIT, SUBMIT_WINDOW = 20, 60 * 60


def _unlock(request: HttpRequest, feedback: Feedback) -> None:
    kept = [pk for pk in request.session.get(SESSION_KEY, []) if pk != feedback.pk]
    request.session[SESSION_KEY] = [feedback.pk, *kept][:KEEP]


def _unlocked(request: HttpRequest, code: str) -> Feedback:
    pks = [pk for pk in request.session.get(SESSION_KEY, []) if isinstance(pk, int)]
    feedback = feedback_get_unlocked(code=code, pks=pks)
    if feedback is None:
        raise Http404
    return feedback


def feedback_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    topic = request.GET.get("topic", "")
    kind = kind if kind in FeedbackKind.values else ""
    topic = topic if topic in Topic.values else ""
    answers = feedback_list_public(kind=kind, topic=topic)
    page = Paginator(answers, settings.MOTCUA_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "query": query.urlencode(),
        "kinds": FeedbackKind.choices,
        "topics": Topic.choices,
        "kind": kind,
        "topic": topic,
    }
    return render(request, "portal/feedback_list.html", context)


@never_cache
def feedback_submit(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _form_page(request, FeedbackForm())
    form = FeedbackForm(request.POST, request.FILES)
    if rate_limited(
        scope="feedback-submit",
        key=client_address(request),
        limit=SUBMIT_LIMIT,
        window=SUBMIT_WINDOW,
    ):
        form.add_error(None, _("Too many submissions from your connection. Try again later."))
        return _form_page(request, form, status=429)
    if form.is_valid():
        feedback = _submit(request, form)
        if feedback is not None:
            _unlock(request, feedback)
            request.session[SENT_KEY] = feedback.pk
            return redirect("portal:feedback_sent")
    return _form_page(request, form, status=400)


def _form_page(request: HttpRequest, form: FeedbackForm, status: int = 200) -> HttpResponse:
    limits = {
        "feedback": settings.MOTCUA_FEEDBACK_DAYS,
        "complaint": settings.MOTCUA_COMPLAINT_DAYS,
        "complex": settings.MOTCUA_COMPLAINT_COMPLEX_DAYS,
    }
    context = {"form": form, "limits": limits}
    return render(request, "portal/feedback_form.html", context, status=status)


def _submit(request: HttpRequest, form: FeedbackForm) -> Feedback | None:
    user = request.user if request.user.is_authenticated else None
    try:
        return svc.feedback_submit(
            submission=form.submission(),
            idempotency_key=form.cleaned_data["idempotency_key"],
            citizen=user,
        )
    except svc.FeedbackInvalid as exc:
        put_errors(form, exc.errors)
    except svc.FileRefused as exc:
        form.add_error("files", str(exc))
    except DomainError as exc:
        form.add_error(None, str(exc))
    return None


@never_cache
def feedback_sent(request: HttpRequest) -> HttpResponse:
    """The tracking code and the secret, shown this once (refreshing shows them again)."""
    pk = request.session.get(SENT_KEY)
    feedback = feedback_get_public(pk=pk) if pk else None
    if feedback is None:
        return redirect("portal:feedback_submit")
    return render(request, "portal/feedback_sent.html", {"feedback": feedback})


@never_cache
def feedback_lookup(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.POST or None)
    if request.method != "POST":
        return render(request, "portal/feedback_lookup.html", {"form": form})
    if feedback_lookup_refused(request):
        form.add_error(None, _("Too many attempts. Wait 15 minutes, then try again."))
        return render(request, "portal/feedback_lookup.html", {"form": form}, status=429)
    found = None
    if form.is_valid():
        found = feedback_find_public(
            code=form.cleaned_data["code"], secret=form.cleaned_data["secret"]
        )
    if found is None:
        form.add_error(None, _("No feedback matches this tracking code and lookup secret."))
        return render(request, "portal/feedback_lookup.html", {"form": form}, status=404)
    _unlock(request, found)
    return redirect("portal:feedback_status", code=found.code)


def _status_page(request: HttpRequest, feedback: Feedback, reopen=None, status=200):
    context = {
        "feedback": feedback,
        "answered": feedback.status == FeedbackStatus.ANSWERED,
        "reopen_form": reopen or ReopenForm(),
    }
    return render(request, "portal/feedback_status.html", context, status=status)


@never_cache
def feedback_status(request: HttpRequest, code: str) -> HttpResponse:
    return _status_page(request, _unlocked(request, code))


@require_POST
def feedback_satisfied(request: HttpRequest, code: str) -> HttpResponse:
    feedback = _unlocked(request, code)
    user = request.user if request.user.is_authenticated else None
    try:
        svc.feedback_close(feedback=feedback, actor=user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Thank you. The feedback is closed."))
    return redirect("portal:feedback_status", code=feedback.code)


@require_POST
def feedback_reopen(request: HttpRequest, code: str) -> HttpResponse:
    feedback = _unlocked(request, code)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return _status_page(request, feedback, reopen=form, status=400)
    user = request.user if request.user.is_authenticated else None
    try:
        svc.feedback_reopen(feedback=feedback, reason=form.cleaned_data["reason"], actor=user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your feedback is reopened; the agency will answer again."))
    return redirect("portal:feedback_status", code=feedback.code)


@never_cache
def rating(request: HttpRequest, code: str) -> HttpResponse:
    dossier = unlocked_dossier(request, code)
    if dossier is None:
        raise Http404
    existing = rating_for_dossier(dossier=dossier)
    until = rating_editable_until(existing) if existing else None
    editable = until is None or timezone.now() <= until
    form = RatingForm(request.POST or None, initial=_initial(existing))
    status = 200
    if request.method == "POST" and editable:
        if form.is_valid() and _rate(request, dossier, form):
            messages.success(request, _("Thank you for rating dossier %s.") % dossier.code)
            return redirect("portal:rating", code=dossier.code)
        status = 400
    context = {
        "dossier": dossier,
        "rating": existing,
        "given": _given(existing),
        "allowed": rating_allowed(dossier=dossier),
        "editable": editable,
        "until": until,
        "form": form,
    }
    return render(request, "portal/rating.html", context, status=status)


def _rate(request: HttpRequest, dossier, form: RatingForm) -> bool:
    try:
        svc.rating_give(dossier=dossier, **form.cleaned_data)
    except DomainError as exc:
        form.add_error(None, str(exc))
        return False
    return True


def _initial(existing) -> dict:
    if existing is None:
        return {}
    return {c.value: getattr(existing, c.value) for c in Criterion} | {"comment": existing.comment}


def _given(existing) -> list[tuple[str, str]]:
    """(criterion, level label) of a stored rating, for reading."""
    if existing is None:
        return []
    labels = LEVEL_LABELS.get(existing.scale, {})
    rows = [(c.label, getattr(existing, c.value)) for c in Criterion]
    return [(name, labels.get(level, "—")) for name, level in rows if level is not None]
