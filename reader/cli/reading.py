"""CLI verbs for reading: pass, log, note, todo, find, edit (`text` is reader.cli.text); and the
reading parts of `list`/`show` (status, notes, TODOs) that cli/library.py asks for."""

from __future__ import annotations

import sys

from reader.cli.output import add_json_flag, emit_json, err, out


def register(sub) -> None:
    p = sub.add_parser("pass", help="record a reading pass: paperdeck pass ID 1|2|3",
                       description="Record that pass N (1 skim, 2 careful read, 3 re-derive) of "
                       "a paper is finished, starting it too if it was not; --start records only "
                       "its start. A paper's status is its highest finished pass. An item of "
                       "another kind needs no N: the first time through, then again; a course's "
                       "part is marked with --part N.")
    p.add_argument("id", metavar="ID")
    p.add_argument("number", type=int, choices=(1, 2, 3), metavar="N", nargs="?")
    p.add_argument("--part", type=int, metavar="K",
                   help="a course (or book): part K watched (or read); made if it is not there")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--start", action="store_true", help="record only that the pass started")
    g.add_argument("--undo", action="store_true", help="forget this pass (started or finished)")
    p.add_argument("--force", action="store_true",
                   help="record pass 3 though pass 2 is not finished")
    p.set_defaults(func=cmd_pass)

    p = sub.add_parser("log", help="the reading log: what you read and when",
                       description="A dated journal, newest last: papers and items added, "
                       "passes started and finished, notes written, TODOs added and done, the "
                       "cards reviewed each day, and your own entries (paperdeck journal). "
                       "--markdown writes it as a blog post (front matter a Jekyll or Hugo "
                       "blog takes as it is) for a unit (--unit N, with its goals) or a week.")
    p.add_argument("--since", metavar="DATE", help="from this day: YYYY-MM-DD, today, yesterday, or Nd (7d: the last 7 days, today included)")
    p.add_argument("--until", metavar="DATE", help="up to and including this day")
    from reader.cli.journal import add_log_options

    add_log_options(p)
    add_json_flag(p)
    p.set_defaults(func=cmd_log)

    p = sub.add_parser("note", help="write what/how/why notes and TODOs for a paper",
                       description="Without options, opens $EDITOR on a YAML document with the "
                       "paper's notes and TODOs. With options, sets fields directly (for scripts).")
    p.add_argument("id", metavar="ID")
    for field, what in (("what", "what the paper does"), ("how", "how it does it"),
                        ("why", "why it matters"), ("text", "free-form notes")):
        p.add_argument(f"--{field}", metavar="T", help=f"set {what} (replaces the field)")
    p.add_argument("--todo", action="append", default=[], metavar="T",
                   help="add a TODO (repeatable)")
    p.set_defaults(func=cmd_note)

    p = sub.add_parser("todo", help="list open TODOs across papers; --done N ticks one off")
    p.add_argument("id", nargs="?", metavar="ID", help="only this paper's TODOs")
    p.add_argument("--done", type=int, metavar="N", help="tick off TODO number N")
    p.add_argument("--reopen", type=int, metavar="N", help="open TODO number N again")
    p.add_argument("--all", action="store_true", help="include TODOs already done")
    add_json_flag(p)
    p.set_defaults(func=cmd_todo)

    p = sub.add_parser("find", help="full-text search of the library (titles, notes, PDF text)",
                       description="Search titles, authors, abstracts, notes, TODOs and the "
                       "text of PDFs; best matches first. Every word must match; \"quotes\" "
                       "keep a phrase, a trailing * matches word starts.")
    p.add_argument("query", nargs="+")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="papers to show (default 20)")
    add_json_flag(p)
    p.set_defaults(func=cmd_find)

    p = sub.add_parser("edit", help="change a paper's title or authors",
                       description="Change a paper's title or authors (e.g. of a paper added "
                       "from a local PDF).")
    p.add_argument("id", metavar="ID")
    p.add_argument("--title", metavar="T")
    p.add_argument("--authors", metavar="A", help="names separated by ';' (or by ',')")
    p.add_argument("--url", metavar="URL", help="an item's link ('' removes it)")
    p.add_argument("--parts", type=int, metavar="N", help="a course's (or book's) number of parts")
    p.add_argument("--part-of", metavar="ID", help="make it a part of this course or book "
                   "('' for none); its number from --part or from its title, as in '… — 2. Linear Algebra'")
    p.add_argument("--part", type=int, metavar="N", help="with --part-of: its part number")
    p.set_defaults(func=cmd_edit)


# -- pass, log ------------------------------------------------------------------------------

def _local_day(iso: str | None) -> str:
    from reader.clock import parse_iso

    return parse_iso(iso).astimezone().strftime("%Y-%m-%d") if iso else ""


def cmd_pass(args, ctx) -> int:
    from reader import clock
    from reader.reading import passes
    from reader.library.papers import require

    paper = require(ctx.conn, args.id)
    if not paper.is_paper:
        from reader.cli.items import cmd_pass_item

        return cmd_pass_item(args, ctx, paper)
    if args.number is None or args.part is not None:
        from reader.errors import UsageError

        if args.part is not None:
            raise UsageError(f"{paper.id} is a paper; --part goes with a course or a book")
        raise UsageError(f"say which pass of the paper: paperdeck pass {paper.id} 1|2|3")
    n = args.number
    if args.undo:
        if passes.undo(ctx.conn, paper.id, n):
            err(f"{paper.id}: pass {n} forgotten (status: {passes.status(ctx.conn, paper.id)})")
        else:
            err(f"{paper.id}: pass {n} was not recorded; nothing changed")
        return 0
    before = passes.get(ctx.conn, paper.id, n)
    skipping = passes.skipping_pass_2(ctx.conn, paper.id, n)
    if skipping and not args.force:
        from reader.errors import UsageError

        what = "start" if args.start else "finish"
        raise UsageError(f"{skipping}; to {what} pass 3 anyway: paperdeck pass {paper.id} 3"
                         + (" --start" if args.start else "") + " --force")
    now = clock.now()
    if args.start:
        if before:
            err(f"{paper.id}: pass {n} already started on {_local_day(before.started)}")
            return 0
        passes.start(ctx.conn, paper.id, n, now)
        err(f"{paper.id}: started pass {n}  {paper.title}")
        return 0
    if before and before.finished:
        err(f"{paper.id}: pass {n} already finished on {_local_day(before.finished)}")
        return 0
    passes.finish(ctx.conn, paper.id, n, now)
    err(f"{paper.id}: finished pass {n} (status: {passes.status(ctx.conn, paper.id)})  {paper.title}")
    return 0


def cmd_log(args, ctx) -> int:
    from reader import clock
    from reader.reading import readlog
    from reader.cli.journal import cmd_log_span

    today = clock.now().astimezone().date()
    if args.unit is not None or args.week is not None or args.markdown or args.output \
            or args.title is not None or args.intro is not None:
        return cmd_log_span(args, ctx, today)
    since, until = readlog.days_between(args.since, args.until, today)
    events = readlog.events(ctx.conn, since, until)
    if args.json:
        emit_json([{"date": e.local_time().strftime("%Y-%m-%d"), "at": e.at,
                    "id": e.paper_id or None, "title": e.title, "event": e.kind,
                    "detail": e.detail, "description": e.description}
                   | ({"entry": e.seq} if e.kind == "entry" else {}) for e in events])
        return 0
    if not events:
        err("nothing in the reading log" + (" for those dates" if args.since or args.until else
                                             "; record a pass with: paperdeck pass ID 1"))
        return 0
    for e in events:
        out(f"{e.local_time():%Y-%m-%d}  {e.description}  {e.title}".rstrip())
    return 0


# -- notes and TODOs ------------------------------------------------------------------------

def cmd_note(args, ctx) -> int:
    from reader import clock
    from reader.reading import notes
    from reader.store.db import transaction
    from reader.library.papers import require

    paper = require(ctx.conn, args.id)
    fields = {k: getattr(args, k) for k in notes.FIELDS if getattr(args, k) is not None}
    if not fields and not args.todo:
        return edit_notes(ctx, paper)
    todos = [notes.todo_text(t) for t in args.todo]  # all checked before anything is written
    now = clock.now()
    with transaction(ctx.conn):
        changed = notes.save(ctx.conn, paper.id, now, **fields) if fields else False
        added = [notes.add_todo(ctx.conn, paper.id, t, now) for t in todos]
    # Said only once it is stored: a line printed before the commit could be a lie.
    for todo in added:
        err(f"{paper.id}: TODO {todo.id} added: {todo.text}")
    if fields:
        err(f"{paper.id}: notes {'saved' if changed else 'unchanged'}")
    return 0


def _editor_argv() -> list[str]:
    import os
    import shlex

    from reader.errors import UsageError

    editor = os.environ.get("EDITOR", "").strip() or "vi"
    try:
        argv = shlex.split(editor)
    except ValueError as e:
        raise UsageError(f"cannot read $EDITOR ({editor!r}): {e}") from None
    return argv or ["vi"]


def edit_notes(ctx, paper) -> int:
    """Open $EDITOR on the paper's notes as YAML and store what comes back. What the user typed
    is never lost: a document that cannot be read stays in a draft file that is reopened.

    Beside the draft is its base: the notes as they were when the editor first opened. Saving
    applies only what the user changed relative to the base, so notes changed meanwhile (by
    `paperdeck note ID --what`, the TUI, another process) are not overwritten by a stale draft.
    A field changed in both keeps the library's text; the editor's is kept in drafts/, the
    user is told, and the command fails (exit 1) so a script notices."""
    import subprocess

    from reader import clock
    from reader.reading import notes
    from reader.store import drafts
    from reader.errors import PaperdeckError
    from reader.store.paths import safe_filename

    folder = drafts.folder(ctx.paths.data)
    stem = f"notes-{safe_filename(paper.id)}"
    draft = folder / f"{stem}.yaml"
    base_file = folder / f"{stem}.base.yaml"
    if draft.exists():
        err(f"reopening your unsaved notes for {paper.id} from {draft}")
    else:
        current = notes.to_yaml(paper.title, paper.id, notes.get(ctx.conn, paper.id),
                                notes.todos_for(ctx.conn, paper.id))
        drafts.write(base_file, current)
        drafts.write(draft, current)
    argv = _editor_argv()
    while True:
        try:
            rc = subprocess.run([*argv, str(draft)]).returncode
        except OSError as e:
            raise PaperdeckError(f"cannot run the editor {argv[0]!r} ({e.strerror or e}); set "
                                 f"$EDITOR; your notes are in {draft}") from None
        if rc != 0:
            raise PaperdeckError(f"the editor exited with status {rc}; nothing saved; your text "
                                 f"is kept in {draft} and reopens with: paperdeck note {paper.id}")
        try:
            text = draft.read_text(encoding="utf-8")
            doc = notes.parse_yaml(text)
        except (notes.NotesFormatError, UnicodeDecodeError, OSError) as e:
            problem = str(e) if isinstance(e, notes.NotesFormatError) else \
                f"cannot read it as UTF-8 text ({e})" if isinstance(e, UnicodeDecodeError) else \
                f"cannot read it ({e})"
            err(f"paperdeck: notes not saved: {problem}")
            err(f"paperdeck: your text is kept in {draft}")
            if not sys.stdin.isatty():
                raise PaperdeckError(f"notes for {paper.id} not saved; fix {draft} with "
                                     f"'paperdeck note {paper.id}' (it reopens the kept file)") from None
            sys.stderr.write("Edit again? [Y/n] ")
            sys.stderr.flush()
            answer = sys.stdin.readline()
            if answer and answer.strip().lower() in ("", "y", "yes"):
                continue
            raise PaperdeckError(f"notes for {paper.id} not saved; your text is kept in {draft} "
                                 f"and reopens with: paperdeck note {paper.id}") from None
        base = _read_base(notes, base_file)
        now = clock.now()
        saved = notes.save_doc(ctx.conn, paper.id, now, doc, base=base)
        # The losing texts are on disk before the draft that also holds them is removed.
        kept = [(c, drafts.keep_conflict(ctx.paths.data, paper.id, c.field, c.mine, now))
                for c in saved.conflicts]
        draft.unlink(missing_ok=True)
        base_file.unlink(missing_ok=True)
        err(f"{paper.id}: notes {'saved' if saved.changed else 'unchanged'}")
        for conflict, path in kept:
            err(conflict_line(conflict, path))
        return 1 if kept else 0


def conflict_line(conflict, path) -> str:
    """One line saying which field kept which text, and where the other is."""
    return (f"paperdeck: {conflict.paper_id} {conflict.field}: changed elsewhere too; the "
            f"library keeps its text, the other is in {path}; merge the two with: "
            f"paperdeck note {conflict.paper_id}")


def _read_base(notes, base_file):
    """The notes as they were when the editor first opened; None if unknown (a draft kept by an
    older paperdeck, or an unreadable base)."""
    try:
        return notes.parse_yaml(base_file.read_text(encoding="utf-8"))
    except (notes.NotesFormatError, UnicodeDecodeError, OSError):
        return None


def cmd_todo(args, ctx) -> int:
    from reader import clock
    from reader.reading import notes
    from reader.library.papers import require

    if args.done is not None or args.reopen is not None:
        number = args.done if args.done is not None else args.reopen
        todo = notes.tick(ctx.conn, number, clock.now(), done=args.done is not None)
        err(f"TODO {todo.id} {'done' if todo.done else 'open again'}: {todo.text}")
        return 0
    if args.id:
        paper = require(ctx.conn, args.id)
        todos = [t for t in notes.todos_for(ctx.conn, paper.id) if args.all or not t.done]
    elif args.all:
        todos = [t for ts in notes.all_todos(ctx.conn).values() for t in ts]
        todos.sort(key=lambda t: t.id)
    else:
        todos = notes.open_todos(ctx.conn)
    if args.json:
        emit_json([{"id": t.id, "paper": t.paper_id, "text": t.text, "done": t.done,
                    "created": t.created, "done_at": t.done_at} for t in todos])
        return 0
    if not todos:
        err("no open TODOs; add one with: paperdeck note ID --todo TEXT")
        return 0
    width = max(len(str(t.id)) for t in todos)
    for t in todos:
        mark = ("[x] " if t.done else "[ ] ") if args.all else ""  # open ones only: no marks
        out(f"{t.id:>{width}}  {t.paper_id:<18} {mark}{t.text}")
    return 0


# -- find, edit ------------------------------------------------------------------------------

def cmd_find(args, ctx) -> int:
    from reader.text import find
    from reader.errors import UsageError

    if not 1 <= args.limit <= 1000:
        raise UsageError(f"--limit must be between 1 and 1000, not {args.limit}")
    query = " ".join(args.query)
    hits = find.search(ctx.conn, query, limit=args.limit)
    if args.json:
        emit_json([find.to_json(h) for h in hits])
        return 0
    if not hits:
        err(f"nothing in the library matches {query!r}")
        return 0
    for h in hits:
        out(f"{h.paper_id:<18} {h.location:<9} {' '.join(h.title.split())}")
        out(f"    {h.marked()}")
    return 0


def cmd_edit(args, ctx) -> int:
    import re

    from reader.errors import UsageError
    from reader.library.papers import require, update_fields
    from reader.text.textsafe import one_line

    paper = require(ctx.conn, args.id)
    fields: dict = {}
    if args.title is not None:
        title = one_line(args.title)
        if not title:
            raise UsageError("a title cannot be empty")
        fields["title"] = title
    if args.authors is not None:
        sep = ";" if ";" in args.authors else ","
        fields["authors"] = tuple(a for a in (one_line(x) for x in re.split(sep, args.authors)) if a)
    if args.url is not None or args.parts is not None:
        from reader.library.items import check_parts, check_url

        if paper.is_paper:
            raise UsageError("--url and --parts are for items other than papers (a paper's "
                             "link is arXiv's)")
        if args.url is not None:
            fields["url"] = check_url(args.url)
        if args.parts is not None:
            fields["parts"] = check_parts(ctx.conn, paper, args.parts)
    if args.part_of is not None or args.part is not None:
        from reader.cli.items import edit_part_of

        return edit_part_of(args, ctx, paper, fields)
    if not fields:
        raise UsageError("nothing to change; give --title and/or --authors")
    from reader import clock
    from reader.reading import cardgen, notes
    from reader.store.db import transaction

    with transaction(ctx.conn):
        update_fields(ctx.conn, paper.id, **fields)
        # Its cards name the paper in their questions and context: they follow it.
        cardgen.sync_paper(ctx.conn, paper.id, notes.get(ctx.conn, paper.id), clock.now())
    err(f"{paper.id}: {', '.join(fields)} changed")
    return 0


# -- the reading parts of list/show ---------------------------------------------------------

def reading_json(conn, paper_ids) -> dict[str, dict]:
    """status, notes and todos for `list --json`/`show --json`: one query each, not per paper."""
    from reader.reading import passes

    ids = list(paper_ids)
    one = len(ids) == 1
    where = " WHERE paper_id = ?" if one else ""
    arg = tuple(ids) if one else ()
    statuses = {ids[0]: passes.status(conn, ids[0])} if one else passes.statuses(conn)
    all_notes = {r[0]: {"what": r[1], "how": r[2], "why": r[3], "text": r[4]} for r in conn.execute(
        "SELECT paper_id, what, how, why, text FROM notes" + where, arg)}
    all_todos: dict[str, list] = {}
    for tid, pid, text, done in conn.execute(
            "SELECT id, paper_id, text, done IS NOT NULL FROM todos" + where + " ORDER BY id", arg):
        all_todos.setdefault(pid, []).append({"id": tid, "text": text, "done": bool(done)})
    return {
        pid: {
            "status": statuses.get(pid, "unread"),
            "notes": all_notes.get(pid) or {"what": "", "how": "", "why": "", "text": ""},
            "todos": all_todos.get(pid, []),
        }
        for pid in ids
    }


def show_json_extra(conn, paper) -> dict:
    """What `show --json` adds beyond `list --json`: passes and the state of the PDF text."""
    from reader.text.pdf import pdftext
    from reader.reading import passes

    st = pdftext.state(conn, paper.id)
    return {
        "passes": [{"pass": p.number, "started": p.started, "finished": p.finished}
                   for p in passes.for_paper(conn, paper.id)],
        "text": {"status": st.status if st else "pending", "pages": st.page_count if st else None,
                 "reason": st.reason if st else None},
    }


def show_status_lines(conn, paper) -> list[str]:
    """Status, passes and the state of the text, for `show` (above the abstract)."""
    from reader.text.pdf import pdftext
    from reader.reading import passes

    ps = passes.for_paper(conn, paper.id)
    status = passes.status_name(max((p.number for p in ps if p.done), default=0))
    if not paper.is_paper:
        from reader.library.kinds import status_label

        status = status_label(paper.kind, status)
    lines = [f"Status: {status}"]
    for p in ps:
        when = (f"finished {_local_day(p.finished)}" if p.finished else "in progress")
        name = f"pass {p.number}" if paper.is_paper else f"time {p.number}"
        lines.append(f"  {name}: started {_local_day(p.started)}, {when}")
    st = pdftext.state(conn, paper.id)
    if st and st.status == "failed":
        lines.append(f"Text: unavailable ({st.reason})")
    elif st and st.reason:
        lines.append(f"Text: {st.reason}")
    return lines


def show_notes_lines(conn, paper) -> list[str]:
    """Notes and TODOs, for `show` (below the abstract)."""
    from reader.reading import notes

    lines: list[str] = []
    n = notes.get(conn, paper.id)
    for label, value in (("What", n.what), ("How", n.how), ("Why", n.why), ("Notes", n.text)):
        if value:
            lines += ["", f"{label}:", *("  " + line if line else "" for line in value.split("\n"))]
    todos = notes.todos_for(conn, paper.id)
    if todos:
        lines += ["", "TODO:"]
        lines += [f"  [{'x' if t.done else ' '}] {t.text}  (#{t.id})" for t in todos]
    return lines
