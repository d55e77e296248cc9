"""CLI verbs for a paper's references and the text they come from: refs, index."""

from __future__ import annotations

import sys

from reader.cli.output import add_json_flag, emit_json, err, out


def register(sub) -> None:
    p = sub.add_parser("refs", help="the arXiv papers a paper cites, and which of yours cite it",
                       description="List the arXiv papers named in a paper's text (its "
                       "references), with titles (looked up on arXiv once, one request per "
                       "100), which are already in the library, and the papers of the library "
                       "that cite this one. --add imports the cited papers not yet in it.")
    p.add_argument("id", metavar="ID")
    p.add_argument("--add", action="store_true", help="import the cited papers not in the library")
    p.add_argument("--no-pdf", action="store_true", help="with --add: skip the PDFs (HTML pages are still fetched)")
    add_json_flag(p)
    p.set_defaults(func=cmd_refs)

    p = sub.add_parser("index", help="read the text of every paper not read yet (for find and refs)",
                       description="Fetch arXiv's HTML of every paper that has none kept yet, "
                       "and extract and store the PDF text of every paper whose text is "
                       "not read yet (or of the papers named), so that 'find' searches it and "
                       "'refs' lists its references without opening it first. Interrupting "
                       "keeps what was read; run it again to go on.")
    p.add_argument("ids", nargs="*", metavar="ID", help="only these papers (their PDFs are "
                   "fetched first when they have none)")
    p.add_argument("--figures", action="store_true",
                   help="also fetch the figures of the HTML pages kept (else fetched when shown)")
    p.add_argument("--pdf", action="store_true",
                   help="fetch the PDF of every paper that has none first (papers imported "
                   "from a long list come without theirs)")
    p.set_defaults(func=cmd_index)


# -- index ----------------------------------------------------------------------------------

class Bar:
    """A one-line progress bar on stderr when it is a terminal; a line per paper otherwise."""

    def __init__(self, total: int):
        self.total, self.done = total, 0
        self.live = sys.stderr.isatty()

    def page(self, paper_id: str, page: int, count: int | None) -> None:
        if not self.live:
            return
        width = 24
        filled = int(width * self.done / max(self.total, 1))
        where = f"{paper_id} page {page}" + (f"/{count}" if count else "")
        line = f"indexing [{'#' * filled}{'-' * (width - filled)}] {self.done}/{self.total}  {where}"
        sys.stderr.write("\r" + line[:100].ljust(100))
        sys.stderr.flush()

    def paper_done(self, indexed) -> None:
        self.done += 1
        if self.live:
            return
        pages = f"{indexed.pages} page{'s' if indexed.pages != 1 else ''}"
        err(f"  {self.done}/{self.total} {indexed.paper_id}: {pages}"
            + (f" ({indexed.problem})" if indexed.problem else ""))

    def close(self) -> None:
        if self.live:
            sys.stderr.write("\r" + " " * 100 + "\r")
            sys.stderr.flush()


def index_papers(ctx, paper_ids: list[str]) -> list:
    """Read the text of these papers with a progress bar; the Indexed results."""
    import threading

    from reader.text.pdf import pdftext

    bar = Bar(len(paper_ids))
    results = []
    stop = threading.Event()
    try:
        for pid in paper_ids:
            done = pdftext.index(ctx.conn, ctx.paths, [pid], progress=bar.page, cancel=stop)
            for d in done:
                results.append(d)
                bar.paper_done(d)
    except KeyboardInterrupt:
        stop.set()
        bar.close()
        raise
    bar.close()
    return results


def cmd_index(args, ctx) -> int:
    from reader.cli.text import index_html

    html = index_html(ctx, args.ids, figures=args.figures)   # arXiv's HTML first: it is small
    return max(html, _index_text(args, ctx))


def _index_text(args, ctx) -> int:
    from reader.text.pdf import pdftext
    from reader.library.papers import require
    from reader.store.pdf_state import pdf_state

    without = _fetch_pdfs(ctx, [require(ctx.conn, i) for i in args.ids] if args.ids else None,
                          every=args.pdf)
    if args.ids:
        wanted = [require(ctx.conn, i).id for i in args.ids]
        pending = set(pdftext.pending(ctx.conn))
        todo = [pid for pid in dict.fromkeys(wanted) if pid in pending]
        for pid in dict.fromkeys(wanted):
            if pid not in pending:
                paper = require(ctx.conn, pid)
                st = pdftext.state(ctx.conn, pid)
                if st is not None and st.status == "failed":
                    err(f"{pid}: its text could not be read: {st.reason}")
                elif not pdf_state(ctx.paths.data, paper).present:
                    err(f"{pid}: no PDF to read; fetch it with: paperdeck add {pid}")
                else:
                    err(f"{pid}: its text is read already")
    else:
        todo = pdftext.pending(ctx.conn)
        if without and not args.pdf:
            err(f"{without} paper{'s have' if without != 1 else ' has'} no PDF yet: "
                "paperdeck index --pdf fetches them from arXiv and reads them")
    failed_pdfs = bool(without) and (args.pdf or bool(args.ids))
    if not todo:
        if not args.ids:
            err("every paper's text is read already" if not without else
                "every paper with a PDF has its text read already")
        return 1 if failed_pdfs else 0
    results = index_papers(ctx, todo)
    pages = sum(r.pages for r in results)
    problems = [r for r in results if r.problem]
    err(f"indexed {len(results)} paper{'s' if len(results) != 1 else ''} ({pages:,} pages)"
        + (f"; {len(problems)} with pages that could not be read" if problems else ""))
    for r in problems:
        err(f"paperdeck: {r.paper_id}: {r.problem}")
    unreadable = [r for r in problems if r.pages == 0 or pdftext.state(ctx.conn, r.paper_id) is None
                  or pdftext.state(ctx.conn, r.paper_id).status == "failed"]
    return 1 if unreadable or failed_pdfs else 0


def _fetch_pdfs(ctx, named, every: bool) -> int:
    """Fetch the missing PDFs of the papers `named` (asked for by name), or with `every` of
    every arXiv paper without one. Returns how many arXiv papers have none still (what a bare
    `index` says, so that it fetches nothing unasked)."""
    from reader.library.importer import fetch_paper_pdf, needs_pdf
    from reader.library.papers import get

    if named:
        todo = [p for p in named if needs_pdf(ctx.paths, p)]
    else:
        status = "" if every else " AND pdf_status != 'ok'"  # --pdf also finds files gone
        ids = [r[0] for r in ctx.conn.execute(
            "SELECT id FROM papers WHERE kind = 'paper' AND id NOT LIKE 'local:%'"
            f"{status} ORDER BY added, id")]
        if not every:
            return len(ids)
        todo = [p for p in (get(ctx.conn, i) for i in ids) if p and needs_pdf(ctx.paths, p)]
    left = 0
    for n, paper in enumerate(todo, 1):
        err(f"  fetching the PDF of {paper.id} ({n}/{len(todo)})")
        problem = fetch_paper_pdf(ctx.conn, ctx.paths, ctx.arxiv, paper)
        if problem:
            left += 1
            err(f"paperdeck: {paper.id}: PDF missing: {problem}")
    return left


# -- refs -------------------------------------------------------------------------------------

def cmd_refs(args, ctx) -> int:
    from reader.text import refs
    from reader.errors import PaperdeckError
    from reader.library.papers import require

    paper = require(ctx.conn, args.id)
    _ensure_text(ctx, paper)
    found = refs.references(ctx.conn, paper.id)
    lookup_failed = None
    missing = refs.missing_titles(found)
    if missing:
        try:
            refs.lookup(ctx.conn, ctx.arxiv, missing, notify=err)
        except PaperdeckError as e:
            lookup_failed = str(e)
        found = refs.references(ctx.conn, paper.id)
    citing = refs.cited_by(ctx.conn, paper.id)
    code = 0
    if lookup_failed:
        err(f"paperdeck: titles not looked up: {lookup_failed}")
        code = 1
    if args.json and not args.add:
        emit_json({"id": paper.id, "references": [refs.to_json(r) for r in found],
                   "cited_by": [{"id": i, "title": t} for i, t in citing]})
        return code
    if not args.json:
        from reader.text.pdf import pdftext

        _print_refs(paper, found, citing, len(pdftext.pending(ctx.conn)))
    if args.add:
        code = max(code, _add_refs(args, ctx, found))
        if args.json:
            emit_json({"id": paper.id, "references": [refs.to_json(r) for r in
                                                      refs.references(ctx.conn, paper.id)],
                       "cited_by": [{"id": i, "title": t} for i, t in citing]})
    return code


def _ensure_text(ctx, paper) -> None:
    """The paper's text is read (now, if it was not: with a progress bar)."""
    from reader.text.html import html_store
    from reader.text.pdf import pdftext
    from reader.errors import PaperdeckError

    html = html_store.state(ctx.conn, paper.id)
    if html is not None and html.readable:
        return  # its references are its HTML's bibliography

    from reader.cli.add_list import fetch_when_opened

    paper = fetch_when_opened(ctx, paper)
    if paper.id in pdftext.pending(ctx.conn):
        err(f"reading the text of {paper.id} (once; 'paperdeck index' reads every paper's)")
        index_papers(ctx, [paper.id])
    st = pdftext.state(ctx.conn, paper.id)
    if st is None:
        hint = "" if paper.is_local else f"; fetch it with: paperdeck add {paper.id}"
        raise PaperdeckError(f"{paper.id} has no PDF to read its references from{hint}")
    if st.status == "failed":
        raise PaperdeckError(f"the text of {paper.id} could not be read: {st.reason}")


def _print_refs(paper, found, citing, unread: int = 0) -> None:
    from reader.cli.library import _clip

    have = sum(r.in_library for r in found)
    if found:
        out(f"{paper.id} cites {len(found)} arXiv paper{'s' if len(found) != 1 else ''} "
            f"({have} in your library):")
    else:
        out(f"{paper.id} cites no arXiv paper by its id")
    for r in found:
        first = r.authors[0].split()[-1] if r.authors and r.authors[0].split() else ""
        more = " et al." if len(r.authors) > 1 else ""
        mark = "✓" if r.in_library else " "
        if r.on_arxiv is False:
            title = "(arXiv has no such paper)"
        else:
            title = r.title if r.title is not None else "(title not looked up)"
        out(f"{mark} {r.id:<18} {r.year or '    ':4}  {_clip(first + more, 20):<20}  {title}")
    out("")
    if citing:
        out(f"Cited by, in your library ({len(citing)}):")
        for pid, title in citing:
            out(f"  {pid:<18} {title}")
    else:
        out("Cited by, in your library: none")
    if unread:
        out(f"  ({unread} paper{'s' if unread != 1 else ''}' text not read yet; to look in "
            f"{'them' if unread != 1 else 'it'} too, run: paperdeck index)")


def _add_refs(args, ctx, found) -> int:
    from reader.library.importer import add_ids

    new = [r.id for r in found if not r.in_library and r.on_arxiv is not False]
    if not new:
        err("every cited arXiv paper is in the library already")
        return 0
    failed = no_pdf = 0

    def progress(o) -> None:
        if o.status == "notice" or o.ok:
            err(f"  {o.message}")
        else:
            err(f"paperdeck: {o.message}")

    outcomes = add_ids(ctx.conn, ctx.paths, ctx.arxiv, new, fetch_pdf=not args.no_pdf,
                       progress=progress)
    added = [o for o in outcomes if o.ok]
    failed = len(outcomes) - len(added)
    no_pdf = sum(o.pdf_problem is not None for o in added)
    err(f"{len(added) - no_pdf} added, {failed + no_pdf} failed")
    return 1 if failed or no_pdf else 0
