"""`paperdeck add --from FILE`: every arXiv paper a reading list names (reader.arxiv.reflist).

A list of more than `PDF_LIST_LIMIT` papers (reader.library.importer says why ten) is
imported metadata first: a paper's PDF is then fetched when it is first opened (`text`,
`refs`, `read`: `fetch_when_opened`), or by `paperdeck index` (the papers named, or with
`--pdf` all of them); `add --from FILE --pdf` fetches them at once.
"""

from __future__ import annotations

from reader.cli.output import err, out
from reader.library.importer import PDF_LIST_LIMIT  # noqa: F401 - the CLI's promise, named here


def add_list(args, ctx) -> int:
    """`add --from FILE`: every arXiv paper the list names, each once, in its order. Says what
    it found first (new, already in the library, entries without an id, broken ids); imports
    the new ones (one API request per 100); `--tag` tags every paper the list names."""
    from reader.library.importer import add_ids
    from reader.library.papers import change_tags, valid_tag
    from reader.arxiv.reflist import read_list, read_source

    tags = [valid_tag(t) for t in args.tag]
    name = "standard input" if args.source == "-" else args.source
    found = read_list(read_source(args.source))
    for word in found.broken:
        err(f"paperdeck: {name}: {_broken_message(word)}")
    if not found.papers:
        from reader.errors import UsageError

        skipped = f" ({_count(len(found.skipped), 'entry', 'entries')} without one)" \
            if found.skipped else ""
        raise UsageError(f"no arXiv id in {name}{skipped}; ids look like 1211.3711, "
                         "arXiv:1211.3711 or https://arxiv.org/abs/1211.3711")
    have = _in_library(ctx.conn, found.ids)
    new = [f for f in found.papers if f.id.id not in have]
    err(_found_line(found, len(new), len(have)))
    if args.dry_run:
        for f in found.papers:
            out(f"{f.id.id:<18} {'in library' if f.id.id in have else 'new':<10}  {f.label}".rstrip())
        for label in found.skipped:
            err(f"  no arXiv id (skipped): {label}")
        return 0

    failed = no_pdf = 0
    added: list[str] = []
    # A long list comes without its PDFs unless --pdf asks for them now (see the module).
    later = not args.no_pdf and not getattr(args, "pdf", False) and len(new) > PDF_LIST_LIMIT
    fetch = not args.no_pdf and not later

    def progress(o) -> None:
        if o.status == "notice":
            err(f"  {o.message}")
        elif not o.ok:
            err(f"paperdeck: {o.message}")
        else:
            err(f"  {o.message}")

    if new:
        if later:
            err(f"importing the metadata of {len(new)} papers first; their PDFs come when "
                "you ask (see the end)")
        for o in add_ids(ctx.conn, ctx.paths, ctx.arxiv, [str(f.id) for f in new],
                         fetch_pdf=fetch, progress=progress):
            if o.ok:
                added.append(o.id)
                no_pdf += o.pdf_problem is not None
            else:
                failed += 1
    if added:   # so the journal's one line for this import names the list
        from reader.reading.bulk import record_added

        record_added(ctx.conn, args.source, added)
    done = set(added) | have
    if tags:
        for key in found.ids:
            if key in done:
                change_tags(ctx.conn, key, tags, [])
    for key in found.ids:
        if key in done:
            out(key)
    err(f"{len(added) - no_pdf} added, {len(have)} already in the library, "
        f"{failed + no_pdf} failed" + (f"; tagged {' '.join(tags)}" if tags else ""))
    if added and later:
        source = "-" if args.source == "-" else _quoted(args.source)
        err(f"{len(added)} papers added without their PDFs (a list of more than "
            f"{PDF_LIST_LIMIT}): a paper's PDF is fetched when you first open it (paperdeck "
            "text, refs or read ID, or ctrl+o on its Paper screen); all of them, with their "
            f"text, by: paperdeck index --pdf; or now: paperdeck add --from {source} --pdf")
    elif added and fetch:
        err("to search their text and list their references, run: paperdeck index")
    return 1 if failed or no_pdf else 0


def _quoted(path: str) -> str:
    import shlex

    return shlex.quote(path)


def fetch_when_opened(ctx, paper):
    """The paper, with its PDF fetched now if it is an arXiv paper without one (imported from
    a long list, or with --no-pdf) whose text has not been read either: opening it is asking
    for it. One line says so; a download that fails is a PaperdeckError saying why."""
    from reader.errors import PaperdeckError
    from reader.library.importer import fetch_paper_pdf
    from reader.library.papers import get

    from reader.text.pdf.pdftext import state

    here = paper.pdf_status == "ok" and paper.pdf_path and (ctx.paths.data / paper.pdf_path).is_file()
    if paper.is_local or here:  # a file that is here but broken is read and its fault told
        return paper
    read = state(ctx.conn, paper.id)
    if read is not None and read.status == "done":  # its text is here, read before
        return paper
    err(f"fetching the PDF of {paper.id} from arXiv (once, as it is opened the first time)")
    problem = fetch_paper_pdf(ctx.conn, ctx.paths, ctx.arxiv, paper)
    if problem:
        raise PaperdeckError(f"{paper.id}: PDF missing: {problem}; try again later")
    return get(ctx.conn, paper.id)


def _broken_message(word: str) -> str:
    from reader.errors import UsageError
    from reader.ids import parse

    try:
        parse(word)
    except UsageError as e:
        return str(e)
    return f"{word!r} looks like a broken arXiv id"


def _in_library(conn, keys: list[str]) -> set[str]:
    have: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        have.update(r[0] for r in conn.execute(
            f"SELECT id FROM papers WHERE id IN ({','.join('?' * len(chunk))})", chunk))
    return have


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _found_line(found, new: int, have: int) -> str:
    """'found 113 arXiv papers: 98 new, 15 already in the library; 2 entries have no arXiv id
    (skipped): "A", "B"'."""
    line = f"found {_count(len(found.papers), 'arXiv paper')}: {new} new, {have} already in the library"
    if found.skipped:
        shown = ", ".join(f"“{label}”" for label in found.skipped[:3])
        more = f" and {len(found.skipped) - 3} more" if len(found.skipped) > 3 else ""
        has = "has" if len(found.skipped) == 1 else "have"
        line += (f"; {_count(len(found.skipped), 'entry', 'entries')} {has} no arXiv id "
                 f"(skipped): {shown}{more}")
    if found.broken:
        line += f"; {_count(len(found.broken), 'broken id')} (see above)"
    return line
