"""CLI verbs for the library: add, search, list, show, tag, rm."""

from __future__ import annotations

import sys
from contextlib import contextmanager

from reader.cli.output import add_json_flag, ask, emit_json, err, out


def register(sub) -> None:
    p = sub.add_parser("add", help="import papers by arXiv id or URL, a local PDF, or a reading "
                       "list; --kind adds a lecture, course, book section, code or post",
                       description="Import papers by arXiv id, abs/pdf URL, arXiv: prefix, "
                       "old-style id (hep-th/9711200) or DOI 10.48550/arXiv.ID. With --from, "
                       "every arXiv paper named in a reading list (Markdown, BibTeX, HTML or "
                       "plain text), each once, in the list's order. With --kind, a study item "
                       "of another kind by its title; its id is printed.")
    p.add_argument("items", nargs="*", metavar="ID|URL|PDF")
    p.add_argument("--from", dest="source", metavar="FILE",
                   help="import every arXiv paper named in FILE (- reads standard input)")
    p.add_argument("--dry-run", action="store_true",
                   help="with --from: list the papers found (new or already in the library), "
                   "import nothing")
    p.add_argument("--no-pdf", action="store_true",
                   help="skip the PDF (the HTML page, small, is still fetched)")
    p.add_argument("--pdf", action="store_true",
                   help="with --from: fetch every PDF now (a list of more than 10 papers "
                   "comes without them: each is fetched when first opened, or by index --pdf)")
    p.add_argument("--tag", action="append", default=[], metavar="T",
                   help="tag the papers added (with --from: every paper the list names)")
    p.add_argument("--arxiv", action="store_true",
                   help="a PDF that names its arXiv id (arXiv's stamp on its first page): "
                   "import it as that arXiv paper, this file as its PDF (a terminal asks; "
                   "without one it is added as a local paper)")
    from reader.cli.items import add_item_options

    add_item_options(p)
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("search", help="search arXiv and print ids to add",
                       description="Search arXiv with its query syntax, e.g. "
                       "'au:graves ti:transduction'.")
    p.add_argument("query", nargs="+")
    p.add_argument("--max", type=int, default=20, metavar="N",
                   help="results per page (default 20)")
    p.add_argument("--page", type=int, default=1, metavar="K",
                   help="which page of results (default 1, the most relevant)")
    add_json_flag(p)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("list", help="list the papers in the library")
    p.add_argument("--tag", metavar="T", help="only papers with this tag")
    p.add_argument("--status", metavar="S",
                   help="only papers with this status: unread, pass 1, pass 2, pass 3 "
                   "(also pass1, p1, 1, pass-1), or 'in progress' (a pass started, not finished)")
    p.add_argument("--match", metavar="TEXT",
                   help="rank by fuzzy match of title, authors and tags (typos and word order ok)")
    p.add_argument("--kind", metavar="K",
                   help="only items of this kind: paper, lecture, course, book, code, post")
    add_json_flag(p)
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", help="show one paper")
    p.add_argument("id", metavar="ID")
    add_json_flag(p)
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("tag", help="add or remove tags: paperdeck tag ID +name -name")
    p.add_argument("id", metavar="ID")
    p.add_argument("changes", nargs="*", metavar="+TAG|-TAG")
    p.set_defaults(func=cmd_tag, accepts_extra=True)

    p = sub.add_parser("rm", help="remove a paper (asks first)")
    p.add_argument("id", metavar="ID")
    p.add_argument("--yes", action="store_true", help="do not ask")
    p.set_defaults(func=cmd_rm)


def cmd_add(args, ctx) -> int:
    """Each failure is one `paperdeck: ...` line; with several items each success gets a
    progress line too, and so does each wait for a retry. Exit 0 if all went well, 2 if every
    failure was bad input (an id that is not an arXiv id, a file that is not a PDF), 1 if
    something failed on arXiv's side — a PDF too: its paper is added (and printed) without it."""
    from reader.cli.items import cmd_add_item, wants_item

    if wants_item(args):
        return cmd_add_item(args, ctx)

    from reader.errors import UsageError

    if args.pdf and args.no_pdf:
        raise UsageError("say --pdf (fetch the PDFs now) or --no-pdf (metadata only), not both")
    if args.source is not None and args.items:
        raise UsageError("give ids or --from FILE, not both")
    if args.dry_run and args.source is None:
        raise UsageError("--dry-run goes with --from FILE (it lists what the file names)")
    if args.source is None and not args.items:
        raise UsageError("say what to add: an arXiv id or URL, a PDF, or --from FILE for a "
                         "reading list; see 'paperdeck add --help'")
    with _stopped_by_signals():
        if args.source is not None:
            from reader.cli.add_list import add_list

            return add_list(args, ctx)
        return _add(args, ctx)


NAMED_FAILURES = 5  # words that are not ids, said one by one; the rest are counted


def _remote_items(items: list[str]) -> list[str]:
    """What `add` asks arXiv for: each item, or the ids inside one that holds ids with
    something around them (`(1211.3711).`, a Markdown link), as `add $(cat list.md)` gives."""
    from pathlib import Path

    from reader.errors import UsageError
    from reader.ids import is_arxiv_id, scan

    wanted = []
    for item in items:
        found = [] if is_arxiv_id(item) else scan(item)
        if found:
            wanted += [str(aid) for aid, _s, _e in found]
            continue
        if not is_arxiv_id(item) and Path(item).is_file():
            raise UsageError(f"{item} is a file, not an arXiv id; to import the arXiv papers "
                             f"it names, use: paperdeck add --from {item}")
        wanted.append(item)
    return wanted


def _add(args, ctx) -> int:
    from reader.library.importer import add_ids
    from reader.library.papers import change_tags, valid_tag

    tags = [valid_tag(t) for t in args.tag]
    local = [i for i in args.items if i.lower().endswith(".pdf") and "://" not in i]
    remote = _remote_items([i for i in args.items if i not in local])
    several = len(local) + len(remote) > 1
    failed = 0
    bad_input = 0
    no_pdf = 0
    added: list[str] = []
    not_ids: list[str] = []

    def progress(o) -> None:
        if o.status == "notice":
            err(f"  {o.message}" if several else o.message)
        elif not o.ok and o.id is None and len(remote) > 2 * NAMED_FAILURES:
            not_ids.append(o.input)  # `add $(cat list.md)`: counted, not a line per word
            if len(not_ids) <= NAMED_FAILURES:
                err(f"paperdeck: {o.message}")
        elif not o.ok:
            err(f"paperdeck: {o.message}")
        elif several:
            err(f"  {o.message}")

    if local:
        from reader.cli.add_pdf import add_pdfs

        done, local_failed, local_bad = add_pdfs(args, ctx, local, several)
        added += done
        failed += local_failed
        bad_input += local_bad
    if remote:
        outcomes = add_ids(ctx.conn, ctx.paths, ctx.arxiv, remote,
                           fetch_pdf=not args.no_pdf, progress=progress)
        for o in outcomes:
            if o.ok:
                added.append(o.id)
                no_pdf += o.pdf_problem is not None
                if not several:
                    err(o.message)
            else:
                failed += 1
                bad_input += o.id is None  # not an arXiv id at all: the input was wrong
    if len(not_ids) > NAMED_FAILURES:
        err(f"paperdeck: and {len(not_ids) - NAMED_FAILURES} more words that are not arXiv ids; "
            "to import the arXiv papers a text names, use: paperdeck add --from FILE")
    if tags:
        for key in added:
            change_tags(ctx.conn, key, tags, [])
    for key in added:
        out(key)
    if several:
        err(f"{len(added) - no_pdf} ok, {failed + no_pdf} failed")
    if no_pdf:
        return 1
    if not failed:
        return 0
    return 2 if bad_input == failed else 1


@contextmanager
def _stopped_by_signals():
    """SIGTERM (and SIGHUP) end `add` like an exception, so that the download in progress
    removes its `.part` file and the paper stays "PDF missing"; then exit 128 + the signal."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = [n for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)]

    def stop(signum, frame):
        err(f"paperdeck: stopped by {signal.Signals(signum).name}; what was added is kept, "
            "a PDF cut short is marked missing (run add again)")
        raise SystemExit(128 + signum)

    previous = {n: signal.signal(getattr(signal, n), stop) for n in names}
    try:
        yield
    finally:
        for n, handler in previous.items():
            signal.signal(getattr(signal, n), handler)


SEARCH_WINDOW = 30_000  # arXiv serves this many results of one search at most


def cmd_search(args, ctx) -> int:
    from reader.errors import UsageError

    if not 1 <= args.max <= 2000:
        raise UsageError(f"--max must be between 1 and 2000, not {args.max}")
    if args.page < 1:
        raise UsageError(f"pages are numbered from 1, not {args.page}")
    start = (args.page - 1) * args.max
    if start + args.max > SEARCH_WINDOW:
        raise UsageError(f"arXiv serves the first {SEARCH_WINDOW:,} results of a search; "
                         "ask for an earlier page, or narrow the query")
    query = " ".join(args.query).strip()
    if not query:
        raise UsageError("say what to search for, e.g. paperdeck search 'au:graves ti:transduction'")
    feed = ctx.arxiv.search_page(query, start, args.max, notify=err)
    results = feed.papers
    if not results and start and feed.total:
        pages = -(-min(feed.total, SEARCH_WINDOW) // args.max)
        raise UsageError(f"page {args.page} is past the end: arXiv has {feed.total:,} results "
                         f"for {query!r}, {pages:,} page{'s' if pages != 1 else ''} of {args.max}")
    if args.json:
        from reader.library.papers import to_json

        emit_json([to_json(p, None) for p in results])
    elif not results:
        err(f"no results on arXiv for {query!r}")
        return 0
    else:
        for p in results:
            first = p.authors[0] if p.authors else "?"
            more = " et al." if len(p.authors) > 1 else ""
            out(f"{p.id:<18} {p.year:4}  {_clip(first + more, 24):<24}  {p.title}")
    summary = search_summary(start, len(results), feed.total, args.page)
    if summary:
        err(summary)
    return 0


def search_summary(start: int, shown: int, total: int, page: int) -> str | None:
    """'20 of 214,881 results; more with --max N or --page 2', and so on for other pages;
    None when every result is shown."""
    total = max(total, start + shown)
    last = start + shown >= min(total, SEARCH_WINDOW)
    if start == 0 and last:
        return None
    span = f"{shown:,} of {total:,} results" if start == 0 else \
        f"results {start + 1:,}-{start + shown:,} of {total:,}"
    if last:
        return span + " (the last page)"
    more = "--max N or --page 2" if page == 1 else f"--page {page + 1}"
    return f"{span}; more with {more}"


def cmd_list(args, ctx) -> int:
    from reader.reading.passes import IN_PROGRESS, in_progress, parse_status, statuses

    from reader.library.kinds import parse as parse_kind

    status = parse_status(args.status) if args.status else None
    kind = parse_kind(args.kind) if args.kind else None
    states = statuses(ctx.conn)
    reading = in_progress(ctx.conn) if status == IN_PROGRESS else set()
    if args.json:
        from reader.library.papers import all_papers

        papers = all_papers(ctx.conn, tag=args.tag)
    else:
        from reader.library.papers import listing  # what a listing line needs, without the abstracts

        papers = listing(ctx.conn, tag=args.tag)
    if status == IN_PROGRESS:
        papers = [p for p in papers if p.id in reading]
    elif status:
        papers = [p for p in papers if states.get(p.id, "unread") == status]
    if kind:
        papers = [p for p in papers if p.kind == kind]
    if args.match is not None:
        from reader.text.fuzzy import rank

        by_id = {p.id: p for p in papers}
        ranked = rank(((p.id, p.title, p.authors,
                        p.tags if p.kind == "paper" else (*p.tags, p.kind)) for p in papers),
                      args.match)
        papers = [by_id[pid] for pid, _score in ranked]
    if args.json:
        from reader.cli.reading import reading_json

        extra = reading_json(ctx.conn, [p.id for p in papers]) if papers else {}
        emit_json([_json(p, ctx) | extra[p.id] for p in papers])
        return 0
    if not papers:
        if args.match is not None:
            err(f"no papers match {args.match!r}")
        elif args.tag or status or kind:
            err(f"no {_plural_kind(kind)}" + (f" tagged {args.tag!r}" if args.tag else "")
                + (f" with status {status!r}" if status else ""))
        else:
            err("the library is empty; add a paper with: paperdeck add 1211.3711")
        return 0
    write = sys.stdout.write
    from reader.text.textsafe import clean

    progress = {}
    if any(p.kind in ("course", "book") for p in papers):
        from reader.library.items import progress_all

        progress = progress_all(ctx.conn)
    write("".join(clean(_list_line(p, states.get(p.id, "unread"), progress.get(p.id))) + "\n"
                  for p in papers))
    return 0


def _plural_kind(kind: str | None) -> str:
    from reader.library.kinds import get

    return get(kind).plural if kind else "papers"


def cmd_show(args, ctx) -> int:
    from reader.library.papers import require

    paper = require(ctx.conn, args.id)
    if args.json:
        from reader.cli.reading import reading_json, show_json_extra

        emit_json(_json(paper, ctx) | reading_json(ctx.conn, [paper.id])[paper.id]
                  | show_json_extra(ctx.conn, paper))
        return 0
    for line in show_lines(paper, ctx):
        out(line)
    return 0


def cmd_tag(args, ctx) -> int:
    from reader.errors import UsageError
    from reader.library.papers import change_tags, require

    paper = require(ctx.conn, args.id)
    if not args.changes:
        raise UsageError("say which tags to change: paperdeck tag ID +name -name")
    add, remove = [], []
    for change in args.changes:
        if change[:1] == "+" and len(change) > 1:
            add.append(change[1:])
        elif change[:1] == "-" and len(change) > 1:
            remove.append(change[1:])
        else:
            raise UsageError(f"tag changes look like +name or -name, not {change!r}")
    change_tags(ctx.conn, paper.id, add, remove)
    tags = require(ctx.conn, paper.id).tags
    err(f"{paper.id}: tags {' '.join(tags) if tags else '(none)'}")
    return 0


def cmd_rm(args, ctx) -> int:
    from reader import clock
    from reader.errors import UsageError
    from reader.library.papers import delete, require

    paper = require(ctx.conn, args.id)
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError(f"not removing {paper.id} without confirmation; add --yes")
        ask(f"Remove {paper.id} '{_clip(paper.title, 60)}' with its notes and PDF? "
            "(its cards are suspended, their history kept) [y/N]")
        if sys.stdin.readline().strip().lower() not in ("y", "yes"):
            err("nothing removed")
            return 1
    suspended = delete(ctx.conn, ctx.paths.data, paper.id, clock.now())
    err(f"removed {paper.id}" + (f"; {suspended} card{'s' if suspended != 1 else ''} suspended"
                                 if suspended else ""))
    return 0


# -- shared formatting ---------------------------------------------------------------------

def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _pdf_abspath(paper, ctx) -> str | None:
    """The PDF's path when the file is there (reader.store.pdf_state), else None."""
    from reader.store.pdf_state import pdf_state

    path = pdf_state(ctx.paths.data, paper).path
    return str(path) if path else None


def pdf_line(paper, ctx) -> str:
    """`PDF: <path>`, or `PDF: missing (what to do)` whenever the file is not there
    (reader.store.pdf_state, as the TUI says it)."""
    from reader.store.pdf_state import FAILED, GONE, pdf_state

    pdf = pdf_state(ctx.paths.data, paper)
    if pdf.present:
        return f"PDF: {pdf.path}"
    if paper.is_local:
        return ("PDF: missing (add the file again with: paperdeck add FILE.pdf, or remove the "
                f"paper with: paperdeck rm {paper.id})")
    if pdf.why == FAILED:
        return f"PDF: missing (retry with: paperdeck add {paper.id})"
    if pdf.why == GONE:
        return f"PDF: missing (the file is gone; download it again with: paperdeck add {paper.id})"
    return f"PDF: missing (download it with: paperdeck add {paper.id})"


def _json(paper, ctx) -> dict:
    from reader.library.papers import to_json

    return to_json(paper, _pdf_abspath(paper, ctx))


def _list_line(p, status: str = "unread", progress=None) -> str:
    first = p.first_author_surname or "?"
    if p.kind == "paper":
        return f"{p.id:<18} {p.year:4}  {status:<6}  {_clip(first, 16):<16}  {p.title}"
    from reader.library.kinds import status_label

    # An item: its kind before the title, its status in its own words (parts done for a
    # course still under way).
    shown = str(progress) if progress is not None and status == "unread" else \
        status_label(p.kind, status)
    first = p.first_author_surname or ""
    return f"{p.id:<18} {p.year:4}  {shown:<6}  {_clip(first, 16):<16}  {p.kind} · {p.title}"


def show_lines(paper, ctx) -> list[str]:
    lines = [paper.title, ", ".join(paper.authors)]
    if not paper.is_paper:
        from reader.cli.items import show_item_lines
        from reader.cli.reading import show_notes_lines, show_status_lines

        lines += show_item_lines(ctx.conn, paper)
        if paper.tags:
            lines.append("Tags: " + " ".join(paper.tags))
        lines += show_status_lines(ctx.conn, paper)
        if paper.abstract:
            lines += ["", paper.abstract]
        return lines + show_notes_lines(ctx.conn, paper)
    meta = [paper.id if paper.is_local else
            f"arXiv:{paper.id}" + (f"v{paper.version}" if paper.version else "")]
    if paper.latest_version and paper.version and paper.latest_version > paper.version:
        meta.append(f"(v{paper.latest_version} available)")
    if paper.primary_category:
        meta.append(paper.primary_category)
    if paper.published:
        meta.append(f"published {paper.published[:10]}")
    lines.append("  ".join(meta))
    for label, value in (("DOI", paper.doi), ("Journal", paper.journal_ref),
                         ("Comment", paper.comment)):
        if value:
            lines.append(f"{label}: {value}")
    if paper.tags:
        lines.append("Tags: " + " ".join(paper.tags))
    lines.append(pdf_line(paper, ctx))
    from reader.cli.reading import show_notes_lines, show_status_lines

    lines += show_status_lines(ctx.conn, paper)
    if paper.abstract:
        lines += ["", paper.abstract]
    lines += show_notes_lines(ctx.conn, paper)
    return lines
