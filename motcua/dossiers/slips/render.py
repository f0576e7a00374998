"""The forms as HTML (for the browser's print dialog) and as PDF (WeasyPrint).

Rendering never touches the network or the disk: styles and the QR code are inline and
the fetcher refuses every URL that is not ``data:``.
"""

from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from motcua.dossiers.models import Dossier
from motcua.dossiers.slips.context import slip_context
from motcua.dossiers.slips.kinds import Slip
from motcua.dossiers.slips.register import register_context
from motcua.organization.models import Agency

TEMPLATES = {
    Slip.RECEIPT: "slips/receipt.html",
    Slip.SUPPLEMENT: "slips/supplement.html",
    Slip.REFUSAL: "slips/refusal.html",
    Slip.APOLOGY: "slips/apology.html",
    Slip.CONTROL: "slips/control.html",
    Slip.REGISTER: "slips/register.html",
}


def render_html(
    kind: str,
    *,
    dossier: Dossier | None = None,
    event_id: int | None = None,
    desk: Agency | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    public: bool = False,
) -> str:
    """Form ``kind``: of ``dossier`` for 01–05, of ``desk`` over the dates for 06."""
    kind = Slip(kind)
    if kind == Slip.REGISTER:
        context = register_context(desk, date_from, date_to, public=public)
    else:
        context = slip_context(kind, dossier, event_id=event_id)
    return render_to_string(TEMPLATES[kind], context)


def offline_fetcher() -> URLFetcher:
    return URLFetcher(allowed_protocols={"data"})


def render_pdf(kind: str, **arguments) -> bytes:
    """The same form as ``render_html`` gives, laid out on A4 pages."""
    html = render_html(kind, **arguments)
    document = HTML(string=html, base_url=settings.SITE_URL, url_fetcher=offline_fetcher())
    return document.write_pdf()
