"""`paperdeck text`: a paper's text, structured where the library keeps its arXiv HTML (numbered
headings, math rendered, equations numbered, captions, citations as in the paper), its PDF text
where not; which one it is, on stderr. And the HTML half of `paperdeck index` (pages of papers
never fetched, figures with --figures).

`text` reads what the library holds and asks the network nothing: `add` fetched the HTML, or
`index` (or opening the paper in the TUI) fetches it for papers added before.
"""

from __future__ import annotations

import sys

from reader.cli.output import err, out


def register(sub) -> None:
    p = sub.add_parser("text", help="print a paper's text (from arXiv's HTML, or its PDF's)",
                       description="Print a paper's text: structured, from arXiv's HTML where "
                       "the library keeps it (numbered headings, math rendered, equations "
                       "numbered, figure and table captions, citations as in the paper); else "
                       "its PDF text. Which one it is goes to stderr.")
    p.add_argument("id", metavar="ID")
    p.add_argument("--page", type=int, metavar="N", help="only page N of the PDF's text")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--outline", action="store_true", help="the section tree, with numbers")
    g.add_argument("--section", metavar="N", help="only section N (3.2, A, or its id S3.SS2)")
    g.add_argument("--json", action="store_true", help="the document model as JSON")
    p.add_argument("--tex", action="store_true", help="math as TeX instead of rendered")
    p.set_defaults(func=cmd_text)


def cmd_text(args, ctx) -> int:
    from reader.errors import PaperdeckError, UsageError
    from reader.library.papers import require
    from reader.text.html import html_store

    paper = require(ctx.conn, args.id)
    if not paper.is_paper:
        from reader.cli.items import refuse_text

        refuse_text(paper)
    structured = args.outline or args.section is not None or args.json
    if args.page is not None and (structured or args.tex):
        raise UsageError("--page prints a page of the PDF's text; it goes with no other option")
    from reader.cli.add_list import fetch_when_opened

    if args.page is not None:
        return pdf_page(ctx, fetch_when_opened(ctx, paper), args.page)
    doc = html_store.document(ctx.conn, paper.id)
    if doc is None:
        st = html_store.state(ctx.conn, paper.id)
        reason = html_store.fallback_reason(st, paper.is_local)
        hint = ""
        if not paper.is_local and (st is None or st.status == "failed"):
            hint = f"; fetch it with: paperdeck index {paper.id}"
        if structured:
            raise PaperdeckError(f"{paper.id} has no structured text ({reason}){hint}; its PDF "
                                 f"text: paperdeck text {paper.id}")
        paper = fetch_when_opened(ctx, paper)   # a download that fails says so alone
        err(f"paperdeck: {paper.id}: PDF text: {reason}{hint}")
        return pdf_text(ctx, paper)
    st = html_store.state(ctx.conn, paper.id)
    version = f"v{st.version}" if st and st.version else ""
    if args.json:
        _emit_model(doc)
        return 0
    if args.outline:
        for entry in doc.outline():
            heading = f"{entry.number} {entry.title}" if entry.number else entry.title
            out("  " * entry.depth + heading)
        return 0
    section = None
    if args.section is not None:
        section = find_section(doc, args.section)
        if section is None:
            raise UsageError(f"{paper.id} has no section {args.section!r}; its sections: "
                             + ", ".join(_section_names(doc)))
    err(f"paperdeck: {paper.id}: text from arXiv's HTML" + (f" ({version})" if version else ""))
    lines = _render(doc, args.tex) if section is None else _render_section(doc, section, args.tex)
    for line in lines:
        out(line)
    if doc.errors_skipped:
        err(f"paperdeck: {paper.id}: {doc.errors_skipped} piece"
            f"{'s' if doc.errors_skipped != 1 else ''} LaTeXML could not convert left out")
    return 0


def find_section(doc, wanted: str):
    """The section numbered `wanted` ("3.2", "A"), or with that id ("S3.SS2"), or so titled
    ("Broader Impact", "References": unnumbered sections have only their title)."""
    wanted = wanted.strip().rstrip(".")
    found = doc.section(wanted)
    if found is not None:
        return found
    return next((s for _, s in doc.walk_sections() if s.title.casefold() == wanted.casefold()),
                None)


def _section_names(doc) -> list[str]:
    return [e.number or e.title for e in doc.outline()]


def _width() -> int:
    import shutil

    if sys.stdout.isatty():
        return max(40, min(shutil.get_terminal_size((80, 24)).columns, 100))
    return 80


def _render(doc, tex: bool) -> list[str]:
    from reader.text import render

    return [line.text for line in render.render(doc, width=_width(), tex=tex)]


def _render_section(doc, section, tex: bool) -> list[str]:
    from reader.text import render

    return [line.text for line in render.render(doc, width=_width(), tex=tex, section=section.id,
                                                front=False)]


def _emit_model(doc) -> None:
    """The model as one JSON document (compact: a model is large, and json's C encoder only
    writes without indentation), terminal-safe as every --json is."""
    import json

    from reader.cli.output import _JSON_RAW, _json_escape

    text = json.dumps(doc.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n"
    sys.stdout.write(_JSON_RAW.sub(_json_escape, text))


# -- the PDF's text ------------------------------------------------------------------------------

def pdf_page(ctx, paper, number: int) -> int:
    from reader.errors import PaperdeckError, UsageError
    from reader.text.pdf import pdftext

    if number < 1:
        raise UsageError(f"pages are numbered from 1, not {number}")
    page = pdftext.page_text(ctx.conn, ctx.paths, paper.id, number)
    if page is None:
        st = pdftext.state(ctx.conn, paper.id)
        if st and st.status == "failed" and not st.page_count:
            raise PaperdeckError(f"the text of {paper.id} is unavailable: {st.reason}")
        count = st.page_count if st else None
        raise UsageError(f"{paper.id} has no page {number}"
                         + (f"; it has {count}" if count else ""))
    if page.text is None:   # a page pypdf refused: a failure, said in words
        raise PaperdeckError(f"page {number} of {paper.id} could not be read: {page.error}")
    _print_page(page, header=False)
    return 0


def pdf_text(ctx, paper) -> int:
    from reader.errors import PaperdeckError
    from reader.text.pdf import pdftext

    readable = 0
    for page in pdftext.extract(ctx.conn, ctx.paths, paper.id):
        _print_page(page, header=True)
        readable += page.text is not None
    st = pdftext.state(ctx.conn, paper.id)
    if not readable and st and st.status == "failed":
        raise PaperdeckError(f"the text of {paper.id} is unavailable: {st.reason}")
    if st and st.reason:
        err(f"paperdeck: {paper.id}: {st.reason}")
    return 0


def _print_page(page, header: bool) -> None:
    if page.text is None:
        err(f"paperdeck: page {page.page} could not be read: {page.error}")
        if header:
            out(f"--- page {page.page} (could not be read) ---")
        return
    if header:
        of = f" of {page.page_count}" if page.page_count else ""
        out(f"--- page {page.page}{of} ---")
    out(page.text)


# -- paperdeck index: the HTML half --------------------------------------------------------------

def index_html(ctx, ids: list[str], figures: bool = False) -> int:
    """Fetch arXiv's HTML of the papers that have none kept (all, or the papers named: those
    asked again even where arXiv had none), and with `figures` their figures. 1 when a fetch
    failed (the network, a cut-off page): running it again retries; 0 otherwise."""
    import threading

    from reader.library import paper_html
    from reader.library.papers import all_papers, require
    from reader.text.html import html_store

    settings = ctx.arxiv.settings
    if not settings.html_url:
        return 0
    papers = [require(ctx.conn, i) for i in dict.fromkeys(ids)] if ids else \
        [p for p in all_papers(ctx.conn) if p.is_paper]
    papers = [p for p in papers if not p.is_local]
    stop = threading.Event()
    failed = 0
    todo = [p for p in papers if _html_todo(p, html_store.state(ctx.conn, p.id), bool(ids))]
    kept = none = 0
    try:
        for n, paper in enumerate(todo, 1):
            st = paper_html.fetch(ctx.conn, settings, paper, stop)
            if st is None:
                continue
            if st.status == "ok":
                kept += 1
                err(f"  {n}/{len(todo)} {paper.id}: arXiv's HTML kept"
                    + (f" (v{st.version})" if st.version else ""))
            elif st.status == "none":
                none += 1
                err(f"  {n}/{len(todo)} {paper.id}: {st.reason}; it reads from its PDF text")
            else:
                failed += 1
                err(f"paperdeck: {paper.id}: arXiv's HTML could not be fetched: {st.reason}")
        if todo:
            err(f"HTML of {len(todo)} paper{'s' if len(todo) != 1 else ''}: {kept} kept, "
                f"{none} with none on arXiv, {failed} failed")
        if figures:
            failed += _index_figures(ctx, settings, papers, stop)
    except KeyboardInterrupt:
        stop.set()
        raise
    return 1 if failed else 0


def _html_todo(paper, st, named: bool) -> bool:
    if st is None or st.status == "failed":
        return True
    return named and st.status == "none"   # named: ask again (arXiv may have made it since)


def _index_figures(ctx, settings, papers, stop) -> int:
    from reader.library import paper_html
    from reader.text.html import html_store

    failed = 0
    for paper in papers:
        st = html_store.state(ctx.conn, paper.id)
        if st is None or st.status != "ok":
            continue
        done = paper_html.fetch_figures(ctx.conn, ctx.paths, settings, paper, stop)
        total = len(done.fetched) + len(done.kept) + len(done.missing) + len(done.failed)
        if not total:
            continue
        line = f"  {paper.id}: figures: {len(done.fetched)} fetched, {len(done.kept)} kept already"
        if done.missing:
            line += f", {len(done.missing)} arXiv does not have (their captions are shown)"
        err(line)
        for name, why in done.failed:
            err(f"paperdeck: {paper.id}: figure {name}: {why}")
        failed += len(done.failed)
    return failed
