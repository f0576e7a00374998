"""The legal slips of Circular 01/2018/TT-VPCP (Mẫu 01–06), as HTML and PDF.

``slip_context`` / ``register_context`` read what a form shows; ``render_html`` and
``render_pdf`` lay it out with the templates in ``templates/slips/``.
"""

from motcua.dossiers.slips.common import SlipNotAvailable
from motcua.dossiers.slips.context import slip_context
from motcua.dossiers.slips.kinds import TITLES, Slip, available_slips
from motcua.dossiers.slips.register import register_context
from motcua.dossiers.slips.render import render_html, render_pdf

__all__ = [
    "TITLES",
    "Slip",
    "SlipNotAvailable",
    "available_slips",
    "register_context",
    "render_html",
    "render_pdf",
    "slip_context",
]
