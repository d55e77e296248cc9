"""CLI verbs for interop: export (bibtex, markdown, anki, yaml), import yaml, backup, config."""

from __future__ import annotations

import sys

from reader.cli.output import add_json_flag, emit_json, err, out


def register(sub) -> None:
    p = sub.add_parser("export", help="export papers, notes and cards (bibtex, markdown, anki, yaml)",
                       description="Write the library in another format.")
    kinds = p.add_subparsers(dest="format", metavar="FORMAT", required=True,
                             parser_class=type(p))

    k = kinds.add_parser("bibtex", help="BibTeX entries with arXiv eprint fields",
                         description="One BibTeX entry per paper (all papers unless ids, --tag or "
                         "--status narrow it), with citation keys like graves2012sequence that "
                         "stay the paper's once exported.")
    k.add_argument("ids", nargs="*", metavar="ID", help="papers to export (default: all)")
    k.add_argument("--tag", metavar="T", help="only papers with this tag")
    k.add_argument("--status", metavar="S", help="only papers with this status: unread, pass 1, "
                   "pass 2, pass 3 (also pass1, 2 ...)")
    k.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    k.set_defaults(func=cmd_export_bibtex)

    k = kinds.add_parser("markdown", help="one Markdown file per paper (Obsidian, GitHub)",
                         description="One Markdown file per paper with YAML front matter, "
                         "what/how/why, notes, TODOs and the reading log.")
    k.add_argument("ids", nargs="*", metavar="ID", help="papers to export (default: all)")
    k.add_argument("--tag", metavar="T", help="only papers with this tag")
    k.add_argument("--status", metavar="S", help="only papers with this status")
    k.add_argument("-o", "--output", metavar="DIR", default="paperdeck-notes",
                   help="folder to write into (default: ./paperdeck-notes)")
    k.set_defaults(func=cmd_export_markdown)

    k = kinds.add_parser("anki", help="an Anki .apkg of the review cards",
                         description="The review cards as an Anki package. Importing a later "
                         "export updates the cards instead of duplicating them.")
    k.add_argument("-o", "--output", metavar="FILE", default="paperdeck.apkg",
                   help="package to write (default: ./paperdeck.apkg)")
    k.add_argument("--deck-per-tag", action="store_true",
                   help="one deck per tag (paperdeck::TAG) instead of a single deck")
    k.add_argument("--deck", metavar="NAME", default="paperdeck",
                   help="name of the deck (or the parent deck with --deck-per-tag)")
    k.add_argument("--include-suspended", action="store_true", help="export suspended cards too")
    k.set_defaults(func=cmd_export_anki)

    k = kinds.add_parser("yaml", help="everything, as a YAML backup 'paperdeck import yaml' restores",
                         description="Papers, tags, passes, notes, TODOs, cards, the review log "
                         "and settings (fitted FSRS parameters too) as one YAML document.")
    k.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    k.set_defaults(func=cmd_export_yaml)

    p = sub.add_parser("import", help="restore or merge a YAML export",
                       description="Read a file written by 'paperdeck export yaml'.")
    kinds = p.add_subparsers(dest="format", metavar="FORMAT", required=True, parser_class=type(p))
    k = kinds.add_parser("yaml", help="restore or merge a YAML export",
                         description="Restore a YAML export into this library, merging by paper id, "
                         "card and review: nothing is duplicated. A file another library "
                         "exported is merged as sync merges: per field, the latest change "
                         "winning, a removal winning over older changes, a note field changed "
                         "on both sides kept in drafts/. The whole file is checked first; a bad "
                         "file writes nothing.")
    k.add_argument("file", metavar="FILE")
    k.add_argument("--dry-run", action="store_true", help="check the file and report, write nothing")
    k.add_argument("--max-mb", type=int, default=64, metavar="N",
                   help="refuse files larger than N MB (default 64)")
    k.set_defaults(func=cmd_import_yaml)

    p = sub.add_parser("backup", help="copy the database safely, even while paperdeck runs",
                       description="A consistent copy of the database (SQLite online backup). "
                       "Without -o it goes to the backups folder, which keeps the newest "
                       "'backup.keep' copies.")
    p.add_argument("-o", "--output", metavar="FILE", help="write the copy to FILE")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("config", help="show the effective configuration and the paths in use",
                       description="Every setting with its value and where it came from "
                       "(default, config.yaml or an environment variable), and every path.")
    add_json_flag(p)
    p.add_argument("--template", action="store_true",
                   help="print a config.yaml with every key at its default, commented")
    p.set_defaults(func=cmd_config)


def _check_output(output: str | None, kind: str, ctx=None) -> None:
    """Refuse a bad -o before any work (a folder, a missing folder, the library's own files):
    one line, nothing written."""
    if output is not None:
        from reader.store.outfile import file_target

        file_target(output, kind, library=ctx.paths if ctx is not None else None)


def _write_or_print(text: str, output: str | None, what: str) -> None:
    if output is not None:
        from reader.store.outfile import write_file

        path = write_file(output, text)
        err(f"wrote {what} to {path}")
    else:
        sys.stdout.write(text)


def cmd_export_bibtex(args, ctx) -> int:
    from reader import clock
    from reader.exports import bibtex, citekeys
    from reader.exports.selection import select
    from reader.library.kinds import CITABLE
    from reader.library.papers import all_papers

    _check_output(args.output, "BibTeX export", ctx)
    # Papers and books only: a lecture or a notebook is not cited (nor takes a paper's key).
    chosen = select(ctx.conn, args.ids, args.tag, args.status)
    papers = [p for p in chosen if p.kind in CITABLE]
    if args.ids and len(papers) < len(chosen):
        left = [f"{p.id} ({p.kind})" for p in chosen if p.kind not in CITABLE]
        err(f"left out {', '.join(left)}: BibTeX holds papers and books")
    keys, notes = citekeys.assign(ctx.conn, all_papers(ctx.conn, kinds=CITABLE), clock.now())
    for line in notes:
        err(f"paperdeck: {line}")
    _write_or_print(bibtex.render(papers, keys), args.output,
                    _count(len(papers), "BibTeX entry", "BibTeX entries"))
    if not papers:
        err("no papers matched; nothing exported")
    return 0


def cmd_export_markdown(args, ctx) -> int:
    from reader.exports import markdown
    from reader.exports.selection import select
    from reader.store.outfile import folder_target

    folder_target(args.output, "markdown export", library=ctx.paths)
    papers = select(ctx.conn, args.ids, args.tag, args.status)
    written = markdown.export(ctx.conn, papers, args.output)
    err(f"wrote {_count(len(written), 'Markdown file')} to {args.output}")
    return 0


def cmd_export_anki(args, ctx) -> int:
    from reader.exports import anki

    _check_output(args.output, "Anki export", ctx)
    report = anki.export(ctx.conn, args.output, deck=args.deck, deck_per_tag=args.deck_per_tag,
                         include_suspended=args.include_suspended)
    err(f"wrote {_count(report.notes, 'note')} in {_count(len(report.decks), 'deck')} "
        f"to {args.output}")
    return 0


def _count(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {plural or noun + 's'}"


def cmd_export_yaml(args, ctx) -> int:
    import sqlite3

    from reader import clock
    from reader.exports import snapshot
    from reader.store.db import ReadOnlyConnection
    from reader.sync import exchange

    _check_output(args.output, "YAML export", ctx)
    data = None
    if not isinstance(ctx.conn, ReadOnlyConnection):
        try:
            data = exchange.export(ctx.conn, clock.now())  # with the clocks sync's merge needs
        except sqlite3.OperationalError as e:
            if "readonly" not in str(e) and "full" not in str(e):
                raise
    if data is None:   # the library cannot keep the clocks: its import merges as restore does
        err("paperdeck: warning: the library cannot be written to, so the export carries no "
            "clocks; another library importing it merges it as a backup")
        data = snapshot.export(ctx.conn)
    text = snapshot.dumps(data)
    _write_or_print(text, args.output, "the YAML export")
    return 0


def cmd_import_yaml(args, ctx) -> int:
    from reader.errors import UsageError
    from reader.exports import restore, safeyaml

    if not 1 <= args.max_mb <= 100_000:
        raise UsageError(f"--max-mb must be between 1 and 100000, not {args.max_mb}")
    data = safeyaml.load_file(args.file, max_bytes=args.max_mb * 1024 * 1024)
    had_data = _has_data(ctx.conn)

    def back_up_first(result) -> None:
        # Everything is checked and written but not committed: a refused file never gets
        # here, nor one that changes nothing. Another connection reads the library as it
        # was (WAL: the uncommitted import is invisible to it) while ours holds the write lock.
        if not (had_data and result.changed):
            return
        from reader.store.backup import backup_database
        from reader.store.db import connect

        before = connect(ctx.paths.db)
        try:
            copy = backup_database(before, ctx.paths, reason="before-import",
                                   keep=ctx.config["backup.keep"])
        finally:
            before.close()
        err(f"backed the library up to {copy}")
    from reader.reading.reviewing import deck_settings

    from reader.sync import exchange

    if exchange.merges(ctx.conn, data):
        return _merge_yaml(args, ctx, data, back_up_first)
    result = restore.restore(ctx.conn, data, ctx.paths, dry_run=args.dry_run,
                             settings=deck_settings(ctx.conn, ctx.config),
                             before_commit=back_up_first)
    if not result.changed:
        err(f"{args.file}: {result.summary()}")
    else:
        verb = "would import" if args.dry_run else "imported"
        err(f"{verb} {result.summary()} from {args.file}")
    return _report_note_conflicts(ctx, result, args.dry_run)


def _merge_yaml(args, ctx, data, back_up_first) -> int:
    """A file with clocks: merged by the rules of sync (reader.sync.exchange)."""
    from reader import clock
    from reader.reading.reviewing import deck_settings
    from reader.sync import exchange

    result = exchange.merge(ctx.conn, ctx.paths, data, clock.now(),
                            settings=deck_settings(ctx.conn, ctx.config), dry_run=args.dry_run,
                            before_commit=back_up_first)
    for line in result.lines(args.file, args.dry_run):
        err(line)
    return 1 if result.conflicts else 0


def _report_note_conflicts(ctx, result, dry_run: bool) -> int:
    """A note field both sides wrote differently kept the library's text; the file's is kept in
    drafts/ (after the commit: until then it is in the file itself). Exit 1 if any."""
    from reader import clock
    from reader.store import drafts
    from reader.cli.reading import conflict_line
    from reader.reading.notes import Conflict

    now = clock.now()
    for pid, name, text in result.conflicts:
        conflict = Conflict(pid, name, text, "")
        if dry_run:
            err(f"paperdeck: {pid} {name}: the file and the library hold different texts; the "
                "library would keep its own and the file's would go to drafts/")
            continue
        err(conflict_line(conflict, drafts.keep_conflict(ctx.paths.data, pid, name, text, now)))
    return 1 if result.conflicts else 0


def _has_data(conn) -> bool:
    return conn.execute(
        "SELECT EXISTS (SELECT 1 FROM papers) OR EXISTS (SELECT 1 FROM cards)").fetchone()[0] == 1


def cmd_backup(args, ctx) -> int:
    from pathlib import Path

    from reader.store.backup import backup_database

    dest = backup_database(ctx.conn, ctx.paths, reason="manual",
                           keep=ctx.config["backup.keep"],
                           dest=Path(args.output) if args.output else None)
    out(str(dest))
    return 0


def cmd_config(args, ctx) -> int:
    from reader.config import describe, template

    if args.template:
        sys.stdout.write(template())
        return 0
    p = ctx.paths
    import os

    paths = {
        "home": os.environ.get("PAPERDECK_HOME") or "(not set: platform folders)",
        "data": str(p.data), "config_dir": str(p.config_dir), "config_file": str(p.config),
        "database": str(p.db), "papers": str(p.papers), "backups": str(p.backups),
    }
    rows = describe(ctx.config)
    if args.json:
        emit_json({
            "config_file_exists": p.config.exists(),
            "paths": paths,
            "settings": {r["key"]: {"value": r["value"], "source": r["source"],
                                    "default": r["default"], "doc": r["doc"]} for r in rows},
            "warnings": list(ctx.config.warnings),
        })
        return 0
    out("paths:")
    for name, value in paths.items():
        suffix = "" if name != "config_file" or p.config.exists() else "  (absent: all defaults)"
        out(f"  {name:<12} {value}{suffix}")
    out("settings:")
    width = max(len(r["key"]) for r in rows)
    for r in rows:
        out(f"  {r['key']:<{width}}  {_show(r['value']):<36}  # {r['source']}")
    return 0


def _show(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
