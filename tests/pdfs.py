"""Build small PDF files for tests, with fpdf2 (a test-only dependency).

    from pdfs import make_pdf, H, Bullet, Gap, Picture

    data = make_pdf(
        tmp_path / "a.pdf",
        pages=[
            [H("Attendees"), "A sentence that wraps\\nover two lines.", Bullet("An item")],
            ["Page two text."],
        ],
        title="Minutes", lang="en-GB", tagged=True,
        header="Partnership minutes", footer="Page {page} of {pages}",
    )

A page is a list of items:

* a ``str`` is a paragraph; a ``"\\n"`` inside it breaks the line at normal
  line spacing (the lines belong to one paragraph). Paragraphs are separated
  by a gap of ``para_gap`` millimetres;
* ``Para(text, width)`` is a paragraph wrapped by fpdf2 itself at ``width`` mm;
* ``H(text, level)`` is a heading: bold, 18/15/13 pt for levels 1/2/3;
* ``Bold(text)`` is a bold line at body size (a heading in many documents);
* ``Bullet(text, marker="•")`` and ``Numbered(n, text)`` are list items; a
  ``"\\n"`` in their text makes an indented continuation line;
* ``Gap(mm)`` adds space; ``Picture(w, h)`` draws an image (a grey box).

``make_pdf`` returns the bytes, and writes them to ``path`` when it is given.
``encrypt_pdf``, ``mark_tagged`` and ``set_catalog`` change a built file with
pypdf's writer.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

FONT = "helvetica"
BODY_SIZE = 11
LINE_MM = 5.0  # line height for body text (about 1.3 x 11 pt)
HEADING_SIZES = {1: 18, 2: 15, 3: 13}


@dataclass(frozen=True)
class H:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Bold:
    text: str


@dataclass(frozen=True)
class Para:
    text: str
    width: float = 0  # mm; 0 = to the right margin
    align: str = "L"


@dataclass(frozen=True)
class Bullet:
    text: str
    marker: str = "•"


@dataclass(frozen=True)
class Numbered:
    number: int
    text: str


@dataclass(frozen=True)
class Gap:
    mm: float


@dataclass(frozen=True)
class Picture:
    width: float = 170  # the whole page inside the margins, like a scan
    height: float = 257
    alt_text: str | None = None


Item = Any  # str | H | Bold | Para | Bullet | Numbered | Gap | Picture


def _fpdf_class() -> type:
    from fpdf import FPDF

    class _PDF(FPDF):
        running_header: str | None = None
        running_footer: str | None = None

        def header(self) -> None:
            if self.running_header:
                self.set_font(FONT, "", 9)
                self.set_y(8)
                self.cell(0, 5, _page_text(self.running_header, self.page_no()), align="C")
                self.set_y(self.t_margin)

        def footer(self) -> None:
            if self.running_footer:
                self.set_y(-12)
                self.set_font(FONT, "", 9)
                self.cell(0, 5, _page_text(self.running_footer, self.page_no()), align="C")

    return _PDF


def _page_text(template: str, page: int) -> str:
    return template.replace("{page}", str(page)).replace("{pages}", "{nb}")


def make_pdf(
    path: str | Path | None = None,
    pages: Sequence[Sequence[Item] | Item] = (),
    *,
    title: str | None = None,
    lang: str | None = None,
    tagged: bool = False,
    header: str | None = None,
    footer: str | None = None,
    author: str | None = None,
    xmp_title: str | None = None,
    para_gap: float = LINE_MM,
    body_size: float = BODY_SIZE,
    line_height: float = LINE_MM,
    compress: bool = True,
) -> bytes:
    """Build a PDF; each entry of ``pages`` is one page (a list of items, or one item)."""
    pdf = _fpdf_class()()
    pdf.core_fonts_encoding = "windows-1252"  # bullets, dashes and curly quotes in core fonts
    pdf.set_compression(compress)
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.running_header = header
    pdf.running_footer = footer
    if title is not None:
        pdf.set_title(title)
    if lang is not None:
        pdf.set_lang(lang)
    if author is not None:
        pdf.set_author(author)
    if xmp_title is not None:
        pdf.set_xmp_metadata(_xmp_packet(xmp_title))
    for page in pages:
        items = [page] if isinstance(page, (str, H, Bold, Para, Bullet, Numbered, Gap, Picture)) else list(page)
        pdf.add_page()
        _draw_items(pdf, items, body_size=body_size, line_height=line_height, para_gap=para_gap)
    data = bytes(pdf.output())
    if tagged:
        data = mark_tagged(data)
    if path is not None:
        Path(path).write_bytes(data)
    return data


def _draw_items(pdf: Any, items: Iterable[Item], *, body_size: float, line_height: float, para_gap: float) -> None:
    first = True
    for item in items:
        if not first and not isinstance(item, Gap):
            pdf.ln(para_gap)
        first = False
        if isinstance(item, str):
            pdf.set_font(FONT, "", body_size)
            for line in item.split("\n"):
                pdf.cell(0, line_height, line, new_x="LMARGIN", new_y="NEXT")
        elif isinstance(item, Para):
            pdf.set_font(FONT, "", body_size)
            pdf.multi_cell(item.width, line_height, item.text, align=item.align, new_x="LMARGIN", new_y="NEXT")
        elif isinstance(item, H):
            size = HEADING_SIZES.get(item.level, body_size + 1)
            pdf.set_font(FONT, "B", size)
            pdf.cell(0, size * 0.5, item.text, new_x="LMARGIN", new_y="NEXT")
        elif isinstance(item, Bold):
            pdf.set_font(FONT, "B", body_size)
            pdf.cell(0, line_height, item.text, new_x="LMARGIN", new_y="NEXT")
        elif isinstance(item, (Bullet, Numbered)):
            pdf.set_font(FONT, "", body_size)
            marker = item.marker if isinstance(item, Bullet) else f"{item.number}."
            for i, line in enumerate(item.text.split("\n")):
                pdf.set_x(pdf.l_margin)
                if i == 0:
                    pdf.cell(6, line_height, marker)
                else:
                    pdf.set_x(pdf.l_margin + 6)
                pdf.cell(0, line_height, line, new_x="LMARGIN", new_y="NEXT")
        elif isinstance(item, Gap):
            pdf.ln(item.mm)
        elif isinstance(item, Picture):
            pdf.image(grey_image(), x=pdf.l_margin, y=pdf.get_y(), w=item.width, h=item.height,
                      alt_text=item.alt_text)
            pdf.set_y(pdf.get_y() + item.height)
        else:
            raise TypeError(f"unknown PDF item: {item!r}")


def grey_image(width: int = 60, height: int = 80) -> Any:
    from PIL import Image

    return Image.new("RGB", (width, height), (200, 200, 200))


def _xmp_packet(title: str) -> str:
    from xml.sax.saxutils import escape

    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>'
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    )


def _rewrite(data: bytes, change: Any) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def mark_tagged(data: bytes, *, marked: bool = True, struct_tree: bool = True) -> bytes:
    """Add /MarkInfo << /Marked true >> and an (empty) /StructTreeRoot to the catalog."""
    from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject, NameObject

    def change(writer: Any) -> None:
        root = writer.root_object
        if marked:
            root[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
        if struct_tree:
            tree = DictionaryObject({
                NameObject("/Type"): NameObject("/StructTreeRoot"),
                NameObject("/K"): ArrayObject(),
            })
            root[NameObject("/StructTreeRoot")] = writer._add_object(tree)

    return _rewrite(data, change)


def set_catalog(data: bytes, **entries: Any) -> bytes:
    """Set catalog entries, e.g. set_catalog(data, Lang="cy")."""
    from pypdf.generic import NameObject, TextStringObject

    def change(writer: Any) -> None:
        for key, value in entries.items():
            writer.root_object[NameObject("/" + key)] = TextStringObject(value) if isinstance(value, str) else value

    return _rewrite(data, change)


def encrypt_pdf(data: bytes, user_password: str = "", owner_password: str | None = "owner",
                algorithm: str = "RC4-128") -> bytes:
    """Encrypt with pypdf. RC4 needs no extra package; AES needs 'cryptography'.

    With an empty user password the file opens without a password (only the
    owner password, which guards printing and copying, is set).
    """
    def change(writer: Any) -> None:
        writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm=algorithm)

    return _rewrite(data, change)


def raw_pdf(
    pages: Sequence[bytes],
    *,
    forms: dict[str, bytes] | None = None,
    page_filters: dict[int, str] | None = None,
    media_box: tuple[float, float, float, float] = (0, 0, 595, 842),
    catalog: str = "",
) -> bytes:
    """Write a PDF by hand, for content fpdf2 will not make.

    ``pages`` are content streams (PDF operators) drawn with Helvetica as
    /F1; ``forms`` are form XObjects (name -> content) every page can draw
    with "/Name Do"; ``page_filters`` gives a page's content stream a /Filter
    (e.g. an unknown one, to break that page only); ``catalog`` is added to
    the catalog dictionary as written, e.g. "/Lang (en-GB)".
    """
    forms = forms or {}
    page_filters = page_filters or {}
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(content: bytes, extra: str = "") -> bytes:
        return f"<< /Length {len(content)} {extra}>>\nstream\n".encode() + content + b"\nendstream"

    catalog_id = add(b"")  # filled in below
    pages_id = add(b"")
    font_id = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    font_bold_id = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    fonts = f"/Font << /F1 {font_id} 0 R /F2 {font_bold_id} 0 R >>"
    box = " ".join(str(v) for v in media_box)
    form_ids = {
        name: add(stream(content, f"/Type /XObject /Subtype /Form /BBox [{box}] /Resources << {fonts} >> "))
        for name, content in forms.items()
    }
    xobjects = " ".join(f"/{name} {oid} 0 R" for name, oid in form_ids.items())
    resources = f"<< {fonts} /XObject << {xobjects} >> >>"
    kids = []
    for index, content in enumerate(pages):
        filter_ = f"/Filter /{page_filters[index]} " if index in page_filters else ""
        content_id = add(stream(content, filter_))
        kids.append(add(
            f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [{box}] /Resources {resources} "
            f"/Contents {content_id} 0 R >>".encode()
        ))
    objects[catalog_id - 1] = f"<< /Type /Catalog /Pages {pages_id} 0 R {catalog} >>".encode()
    objects[pages_id - 1] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    )
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {catalog_id} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def outline_letters(count: int = 80) -> bytes:
    """Content drawing ``count`` letter-like shapes made of curves, as text turned into outlines looks."""
    out = []
    for i in range(count):
        x, y = 72 + (i % 20) * 22, 700 - (i // 20) * 30
        out.append(
            f"{x} {y} m {x + 4} {y + 12} {x + 8} {y + 12} {x + 12} {y} c "
            f"{x + 10} {y - 2} {x + 8} {y - 1} {x + 6} {y + 6} c {x + 4} {y - 1} {x + 2} {y - 2} {x} {y} c "
            f"{x + 3} {y + 3} m {x + 5} {y + 5} {x + 7} {y + 5} {x + 9} {y + 3} c h f"
        )
    return "\n".join(out).encode()


def text_lines(lines: Iterable[tuple[float, float, str]], size: float = 11, font: str = "F1") -> bytes:
    """Content drawing each (x, y, text) in its own BT ... ET, like most generators."""
    out = []
    for x, y, text in lines:
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        out.append(f"BT /{font} {size} Tf {x} {y} Td ({escaped}) Tj ET")
    return "\n".join(out).encode("cp1252")


# ---------------------------------------------------------------------------
# PDFs made by LibreOffice, as a word processor saves them


def soffice_or_skip() -> str:
    """The LibreOffice program, or skip (fail under CI=true, where it must be installed)."""
    import os
    import shutil

    import pytest

    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    message = ("LibreOffice is not installed (apt-get install --no-install-recommends "
               "libreoffice-writer-nogui); it makes the Word-style PDFs these tests read")
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def libreoffice_pdfs(sources: dict[str, bytes], folder: str | Path, *, tagged: bool) -> dict[str, bytes]:
    """Save each source (name ending .docx or .html -> its bytes) as a PDF with LibreOffice.

    One LibreOffice run converts them all, with its own profile folder, so tests
    running at the same time do not share one. ``tagged`` asks for a tagged
    PDF, as Word's "Save as PDF" makes by default. HTML is opened as a Writer
    document, so <th> cells become header cells and <img alt> alt text.
    """
    import json
    import subprocess

    program = soffice_or_skip()
    folder = Path(folder)
    (folder / "in").mkdir(parents=True, exist_ok=True)
    out = folder / ("tagged" if tagged else "untagged")
    names = []
    for name, data in sources.items():
        (folder / "in" / name).write_bytes(data)
        names.append(str(folder / "in" / name))
    options = {"UseTaggedPDF": {"type": "boolean", "value": "true" if tagged else "false"}}
    profile = (folder / "profile").resolve().as_uri()
    result = {}
    for kind in ("docx", "html"):
        chosen = [n for n in names if n.endswith("." + kind)]
        if not chosen:
            continue
        command = [program, f"-env:UserInstallation={profile}", "--headless"]
        if kind == "html":
            command += ["--infilter=HTML (StarWriter)"]
        command += ["--convert-to", "pdf:writer_pdf_Export:" + json.dumps(options), "--outdir", str(out), *chosen]
        subprocess.run(command, check=True, capture_output=True, timeout=300)
    for name in sources:
        result[name] = (out / (Path(name).stem + ".pdf")).read_bytes()
    return result
