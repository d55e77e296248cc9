"""CLI verbs for Keshav's first pass and for notes taken from the text: skim, quote,
highlights, fivecs."""

from __future__ import annotations

from reader.cli.output import add_json_flag, emit_json, err, out


def register(sub) -> None:
    p = sub.add_parser("skim", help="a paper's first pass: headings, first sentences, captions, "
                       "references", description="Keshav's first pass: title, authors, "
                       "abstract; the introduction in full; every section's heading with its "
                       "first sentence; every figure and table caption; the conclusion in full; "
                       "the references, ✓ where the paper is in the library. From a paper with "
                       "only PDF text: what the PDF gives, said to be partial.")
    p.add_argument("id", metavar="ID")
    add_json_flag(p)
    p.set_defaults(func=cmd_skim)

    p = sub.add_parser("quote", help="take a paragraph or sentence of a paper into its notes",
                       description="Quote PLACE into a note field, with its place and its math "
                       "as TeX; with --cloze, the sentence becomes a cloze card with WORDS "
                       "hidden; with --highlight, it is kept on the text only. PLACE: 3.2:2 "
                       "(section 3.2, paragraph 2), 3.2:2:1 (its first sentence), 3.2:2:1-2, "
                       "abstract:1, an unnumbered section by its title, p4 or p4:2:1 (PDF text).")
    p.add_argument("id", metavar="ID")
    p.add_argument("place", metavar="PLACE")
    p.add_argument("--into", metavar="FIELD", default="notes",
                   help="what, how, why or notes (default notes)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--cloze", metavar="WORDS", action="append",
                   help="make a cloze card hiding WORDS (repeat for more deletions)")
    g.add_argument("--highlight", action="store_true", help="keep it as a highlight on the text")
    p.set_defaults(func=cmd_quote)

    p = sub.add_parser("highlights", help="a paper's quotes and highlights with their places",
                       description="List the quotes, clozes and highlights taken from a paper, "
                       "each with its place in the text as the library has it now; one whose "
                       "text is gone from the paper is listed as orphaned.")
    p.add_argument("id", metavar="ID")
    add_json_flag(p)
    p.set_defaults(func=cmd_highlights)

    p = sub.add_parser("fivecs", help="a paper's five Cs (category, context, correctness, "
                       "contributions, clarity)", description="Show or set the five Cs of "
                       "Keshav's first pass; an option sets one (\"\" clears it).")
    p.add_argument("id", metavar="ID")
    for name in ("category", "context", "correctness", "contributions", "clarity"):
        p.add_argument(f"--{name}", metavar="TEXT")
    add_json_flag(p)
    p.set_defaults(func=cmd_fivecs)


def _paper(ctx, text: str):
    from reader.library.papers import require

    paper = require(ctx.conn, text)
    if not paper.is_paper:
        from reader.cli.items import refuse_text

        refuse_text(paper)
    return paper


def cmd_skim(args, ctx) -> int:
    import dataclasses

    from reader.reading import fivecs, skim

    paper = _paper(ctx, args.id)
    s = skim.skim(ctx.conn, paper)
    cs = fivecs.get(ctx.conn, paper.id)
    if args.json:
        emit_json(dataclasses.asdict(s) | {"five_cs": dict(cs.items())})
        return 0
    if s.partial:
        err(f"paperdeck: {paper.id}: {s.partial}")
    import textwrap

    from reader.cli.text import _width

    width = _width()
    for style, text, _anchor in skim.lines(s):
        if style == "heading":
            out("")
            out(f"## {text}")
            continue
        indent = " " * (len(text) - len(text.lstrip(" ")))
        if style.startswith("ref"):
            indent = "  "
        for line in textwrap.wrap(text, width, initial_indent="", subsequent_indent=indent,
                                  break_on_hyphens=False) or [""]:
            out(line)
    out("")
    out("## Five Cs")
    for name, value in cs.items():
        out(f"{name.capitalize()}: {value or '—'}")
    return 0


def cmd_quote(args, ctx) -> int:
    from reader import clock
    from reader.reading import quotes
    from reader.text import places

    paper = _paper(ctx, args.id)
    spec = places.parse(args.place)
    field = quotes.field_of(args.into)   # a bad --into stops before anything is read
    doc, paras = quotes.paragraphs(ctx.conn, paper.id)
    if doc is None and spec.page is None:
        from reader.text.html import html_store

        st = html_store.state(ctx.conn, paper.id)
        why = html_store.fallback_reason(st, paper.is_local)
        from reader.errors import UsageError

        raise UsageError(f"{paper.id} has no sections ({why}); give a page of its PDF "
                         "text, as p4")
    taken = places.find_spec(doc, paras, spec)
    if args.cloze and taken.first is None and len(taken.sentences) > 1:
        from reader.errors import UsageError

        raise UsageError(f"a cloze is made from a sentence; give one, as {args.place}:1")
    kind = "cloze" if args.cloze else "highlight" if args.highlight else "quote"
    q = quotes.add(ctx.conn, paper.id, taken, kind, clock.now(), into=field, cloze=args.cloze)
    name = {"text": "notes"}.get(q.field, q.field)
    if kind == "highlight":
        out(f"highlighted {q.place}: {q.text}")
    else:
        out(f"added to {name} ({'a cloze card' if kind == 'cloze' else 'a quote'}):")
        out(q.note)
    return 0


def cmd_highlights(args, ctx) -> int:
    from reader.reading import quotes

    paper = _paper(ctx, args.id)
    _doc, paras = quotes.paragraphs(ctx.conn, paper.id)
    placed = quotes.resolve(quotes.for_paper(ctx.conn, paper.id), paras)
    if args.json:
        emit_json([quotes.to_json(p) for p in placed])
        return 0
    if not placed:
        err(f"paperdeck: {paper.id} has no quotes or highlights; take one with: "
            f"paperdeck quote {paper.id} PLACE")
        return 0
    for p in placed:
        q = p.quote
        where = p.place or f"orphaned (was {q.place})"
        if p.moved and p.place:
            where += f" (was {q.place})"
        into = f" → {({'text': 'notes'}).get(q.field, q.field)}" if q.field else ""
        out(f"{q.kind}{into}  {where}")
        out(f"  {q.tex}")
    orphans = sum(p.orphaned for p in placed)
    if orphans:
        err(f"paperdeck: {paper.id}: {orphans} orphaned: their text is no longer in the paper "
            "as the library holds it (kept, with their quotes)")
    return 0


def cmd_fivecs(args, ctx) -> int:
    from reader import clock
    from reader.reading import fivecs

    paper = _paper(ctx, args.id)
    values = {n: getattr(args, n) for n in fivecs.NAMES if getattr(args, n) is not None}
    cs = fivecs.save(ctx.conn, paper.id, clock.now(), **values) if values else \
        fivecs.get(ctx.conn, paper.id)
    if args.json:
        emit_json(dict(cs.items()) | {"id": paper.id, "modified": cs.modified})
        return 0
    for name, value in cs.items():
        out(f"{name.capitalize():<14} {value or '—'}")
    return 0
