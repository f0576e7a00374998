"""What an uploaded file may contain, read from its bytes (never from its name or header).

A file is accepted only when it is plainly one PDF, JPEG or PNG document:

- images are measured from their header (Pillow reads it without decoding a pixel), and
  one larger than ``MAX_IMAGE_PIXELS`` is refused: decoding it could take gigabytes;
- no web page, script or ZIP archive may ride along (a polyglot): metadata, text outside
  compressed data and anything after the end of the image are searched for them;
- a PDF may not act when opened: JavaScript, launch actions, embedded files, rich media
  and form submission are refused. Its compressed object streams are unpacked to look
  inside them, and no more than ``MAX_PDF_INFLATED`` bytes are ever unpacked (a bomb).

Each check returns the reason for a refusal, or None.
"""

import io
import re
import warnings
import zipfile
import zlib

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_IMAGE_PIXELS = 80_000_000  # a 600 dpi A3 scan is 70 million
MAX_PDF_INFLATED = 256_000_000
CHUNK = 1 << 20

# Markup a browser would run, looked for only where no compressed data lies.
ACTIVE_MARKUP = re.compile(
    rb"<\s*(?:script|html|body|iframe|object|embed|svg|meta|\?php)[\s>/]|javascript:", re.I
)
# Names that make a PDF act when opened, or carry another file inside it.
ACTIVE_PDF_NAMES = {
    b"JS",
    b"JavaScript",
    b"Launch",
    b"EmbeddedFile",
    b"EmbeddedFiles",
    b"RichMedia",
    b"SubmitForm",
    b"ImportData",
    b"GoToE",
}

Reason = Promise | None


def check_content(kind: str, data: bytes) -> Reason:
    if _is_zip(data):
        return _("it contains an archive (ZIP) as well.")
    if kind == "image/jpeg":
        return _check_image(data, "JPEG") or _markup(_jpeg_plain_parts(data))
    if kind == "image/png":
        return _check_image(data, "PNG") or _markup(_png_plain_parts(data))
    return _check_pdf(data)


def _is_zip(data: bytes) -> bool:
    # What a ZIP reader looks for: the directory at the end, whatever comes first.
    return zipfile.is_zipfile(io.BytesIO(data))


def _markup(parts) -> Reason:
    if any(ACTIVE_MARKUP.search(part) for part in parts):
        return _("it contains a web page or a script.")
    return None


# Images ---------------------------------------------------------------------------------------


def _check_image(data: bytes, expected: str) -> Reason:
    """The size the header declares, read without decoding the image. A header Pillow
    cannot read is let through: no viewer will decode it either, and the whole file is
    then searched for markup (see the parts below)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=[expected]) as image:
                width, height = image.size
        except Image.DecompressionBombError:
            width, height = MAX_IMAGE_PIXELS, 2
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            return None
    if width * height > MAX_IMAGE_PIXELS:
        return _("the image is too large (more than %(n)d million pixels).") % {
            "n": MAX_IMAGE_PIXELS // 1_000_000
        }
    return None


# A marker in JPEG scan data: 0xFF neither stuffed (00), a restart (D0–D7) nor fill (FF).
JPEG_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")


def _jpeg_plain_parts(data: bytes):
    """Every segment of a JPEG except its compressed scans, then what follows its end
    (or, where the structure is not understood, everything from there on)."""
    pos = 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        if marker == 0xD9:  # end of image
            break
        if marker == 0xFF or 0xD0 <= marker <= 0xD7 or marker == 0x01:
            pos += 1 if marker == 0xFF else 2
            continue
        end = pos + 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")
        yield data[pos + 4 : end]
        pos = end
        if marker == 0xDA:  # start of scan: compressed data up to the next real marker
            found = JPEG_MARKER.search(data, pos)
            pos = found.start() if found else len(data)
    yield data[pos:]


def _png_plain_parts(data: bytes):
    """Every chunk of a PNG except its compressed image data, then what follows its end
    (or, where the structure is not understood, everything from there on)."""
    pos = 8
    while pos + 12 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        if not kind.isalpha() or pos + 12 + length > len(data):
            break
        if kind != b"IDAT":
            yield data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IEND":
            break
    yield data[pos:]


# PDF ------------------------------------------------------------------------------------------

PDF_TOKEN = re.compile(
    rb"%[^\r\n]*"  # comment
    rb"|/(?P<name>[^\x00\t\n\x0c\r ()<>\[\]{}/%]*)"
    rb"|(?P<string>\()"
    rb"|<(?P<hex>[0-9A-Fa-f\s]*)>"
    rb"|(?<![A-Za-z])(?P<stream>stream)(?:\r\n|\n|\r)"
    rb"|(?<![A-Za-z])(?P<obj>obj)\b"
)
LENGTH = re.compile(rb"\s*(\d+)(?:\s+(\d+)\s+R\b)?")
STRING_END = re.compile(rb"[()\\]")
NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


class _Refused(Exception):
    def __init__(self, reason: Promise):
        self.reason = reason


def _check_pdf(data: bytes) -> Reason:
    try:
        _PdfScan(data).scan(data)
    except _Refused as refused:
        return refused.reason
    return None


class _PdfScan:
    """Reads a PDF token by token: names, strings, and streams skipped by their length."""

    def __init__(self, data: bytes):
        self.data = data
        self.inflated = 0
        self.encrypted = False

    def scan(self, text: bytes, *, nested: bool = False) -> None:
        names: list[bytes] = []  # the names of the object being read, for its stream
        length: int | None = None
        pos = 0
        while (token := PDF_TOKEN.search(text, pos)) is not None:
            pos = token.end()
            if token["name"] is not None:
                name = NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), token["name"])
                self._check_name(name)
                names.append(name)
                if name == b"Length":
                    length = self._length(text, pos)
            elif token["string"] is not None:
                pos = self._string_end(text, pos)
            elif token["obj"] is not None:
                names, length = [], None
            elif token["stream"] is not None and not nested:
                pos = self._stream(text, pos, names, length)
                names, length = [], None

    def _check_name(self, name: bytes) -> None:
        if name in ACTIVE_PDF_NAMES:
            raise _Refused(_("the PDF contains scripts, actions or embedded files."))
        if name == b"Encrypt":
            self.encrypted = True

    def _length(self, text: bytes, pos: int) -> int | None:
        """The stream length after ``/Length``: a number, or a reference to one."""
        found = LENGTH.match(text, pos)
        if found is None:
            return None
        if found[2] is None:
            return int(found[1])
        pattern = rb"(?<!\d)%s\s+%s\s+obj\s*(\d+)\s*endobj" % (found[1], found[2])
        found = re.search(pattern, self.data)
        return int(found[1]) if found else None

    def _string_end(self, text: bytes, pos: int) -> int:
        depth = 1
        while depth:
            found = STRING_END.search(text, pos)
            if found is None:
                raise _Refused(_("the PDF file is damaged or incomplete."))
            pos = found.end() + (1 if found[0] == b"\\" else 0)
            depth += {b"(": 1, b")": -1}.get(found[0], 0)
        return pos

    def _stream(self, text: bytes, start: int, names: list[bytes], length: int | None) -> int:
        end = start + length if length is not None else -1
        if length is None or not text[end : end + 11].lstrip().startswith(b"endstream"):
            end = text.find(b"endstream", start)
            if end < 0:
                raise _Refused(_("the PDF file is damaged or incomplete."))
        body = text[start:end]
        objects = b"ObjStm" in names
        if objects and (self.encrypted or names.count(b"FlateDecode") != 1 or _filters(names)):
            # Objects we cannot read could hide anything: refuse what cannot be checked.
            raise _Refused(_("the PDF cannot be checked (encrypted or unusual compression)."))
        if b"FlateDecode" in names:
            unpacked = self._inflate(body, keep=objects)
            if objects:
                self.scan(unpacked, nested=True)
        return end + len(b"endstream")

    def _inflate(self, body: bytes, *, keep: bool) -> bytes:
        """Unpack a stream within the budget of the whole file; keep the text if asked."""
        stream, kept = zlib.decompressobj(), []
        data = body
        try:
            while data and not stream.eof:
                chunk = stream.decompress(data, CHUNK)
                self.inflated += len(chunk)
                if self.inflated > MAX_PDF_INFLATED:
                    raise _Refused(_("the PDF unpacks to an excessive size."))
                if keep:
                    kept.append(chunk)
                data = stream.unconsumed_tail
        except zlib.error:
            raise _Refused(_("the PDF file is damaged or incomplete.")) from None
        return b"".join(kept)


def _filters(names: list[bytes]) -> bool:
    """Whether a filter other than FlateDecode is named (then we cannot read the stream)."""
    others = {b"ASCIIHexDecode", b"ASCII85Decode", b"LZWDecode", b"RunLengthDecode", b"Crypt"}
    return any(name in others for name in names)
