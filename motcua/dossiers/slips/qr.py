"""The QR code printed on Mẫu 01, as inline SVG: no image files, no network."""

import qrcode
import qrcode.image.svg
from django.utils.safestring import SafeString, mark_safe


def qr_svg(data: str) -> SafeString:
    """A path-only SVG whose size the page's CSS sets."""
    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=2,
    )
    svg = image.to_string(encoding="unicode")
    # The library writes its own size in millimetres (the stylesheet decides instead) and
    # an id, which two copies on one page would duplicate.
    svg = svg.replace('width="', 'data-width="', 1).replace('height="', 'data-height="', 1)
    svg = svg.replace(' id="qr-path"', "")
    return mark_safe(svg.replace("<svg ", '<svg class="qr" role="img" ', 1))  # noqa: S308
