"""Fixtures the tests write themselves, so a clone without ../shared still has a meaningful suite:
an Atom feed in arXiv's format and a small PDF with real text on each page."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape


@dataclass
class Entry:
    id: str                      # with version, e.g. "1211.3711v1"
    title: str
    authors: list[str]
    summary: str = "An abstract."
    published: str = "2012-11-14T21:52:28Z"
    updated: str = "2012-11-14T21:52:28Z"
    primary: str = "cs.NE"
    categories: list[str] = field(default_factory=lambda: ["cs.NE", "cs.LG"])
    doi: str | None = None
    journal_ref: str | None = None
    comment: str | None = None


def atom_feed(entries: list[Entry], total: int | None = None) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom" '
        'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">',
        "<title>arXiv Query</title><id>http://arxiv.org/api/selfmade</id>",
        "<updated>2026-11-21T00:00:00Z</updated>",
        f"<opensearch:totalResults>{len(entries) if total is None else total}</opensearch:totalResults>",
        "<opensearch:startIndex>0</opensearch:startIndex>",
        f"<opensearch:itemsPerPage>{len(entries)}</opensearch:itemsPerPage>",
    ]
    for e in entries:
        parts += [
            "<entry>",
            f"<id>http://arxiv.org/abs/{escape(e.id)}</id>",
            f"<updated>{e.updated}</updated><published>{e.published}</published>",
            f"<title>{escape(e.title)}</title>",
            f"<summary>{escape(e.summary)}</summary>",
            *[f"<author><name>{escape(a)}</name></author>" for a in e.authors],
            *([f"<arxiv:doi>{escape(e.doi)}</arxiv:doi>"] if e.doi else []),
            *([f"<arxiv:journal_ref>{escape(e.journal_ref)}</arxiv:journal_ref>"] if e.journal_ref else []),
            *([f"<arxiv:comment>{escape(e.comment)}</arxiv:comment>"] if e.comment else []),
            f'<link href="https://arxiv.org/abs/{e.id}" rel="alternate" type="text/html"/>',
            f'<link title="pdf" href="https://arxiv.org/pdf/{e.id}" rel="related" type="application/pdf"/>',
            f'<arxiv:primary_category term="{e.primary}" scheme="http://arxiv.org/schemas/atom"/>',
            *[f'<category term="{c}" scheme="http://arxiv.org/schemas/atom"/>' for c in e.categories],
            "</entry>",
        ]
    parts.append("</feed>")
    return "\n".join(parts).encode("utf-8")


def tiny_pdf(pages: list[str], title: str | None = None) -> bytes:
    """A valid PDF, one page per string, text in Helvetica (ASCII only), with an xref table."""
    objects: list[bytes] = []
    n_pages = len(pages)
    # 1: catalog, 2: pages, 3: font, then per page: page object and content stream, then info.
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, text in enumerate(pages):
        lines = text.split("\n")
        ops = ["BT", "/F1 11 Tf", "14 TL", "72 720 Td"]
        for line in lines:
            safe = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({safe}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    info_ref = ""
    if title is not None:
        objects.append(f"<< /Title ({title}) >>".encode("latin-1"))
        info_ref = f" /Info {len(objects)} 0 R"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info_ref} >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


def surrogate_pdf(pages: int = 2) -> bytes:
    """A PDF whose font's ToUnicode map sends `A` to a lone UTF-16 surrogate (D835) and `B`
    to `B`, as broken PDFs in the wild do: pypdf returns text holding a lone surrogate, which
    cannot be encoded as UTF-8. Page 1 is plain; every later page shows `BAB`."""
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            b"1 begincodespacerange <00> <FF> endcodespacerange\n"
            b"2 beginbfchar <41> <D835> <42> <0042> endbfchar\n"
            b"endcmap CMapName currentdict /CMap defineresource pop end end")
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{6 + 2 * i} 0 R" for i in range(pages))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 5 0 R >>")
    objects.append(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream")
    for i in range(pages):
        text = b"(plain page one) Tj" if i == 0 else b"/F2 11 Tf (BAB) Tj"
        stream = b"BT /F1 11 Tf 72 720 Td " + text + b" ET"
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
                       f"<< /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {7 + 2 * i} 0 R >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
