"""CLI verbs for cards: `cards` (the list) and `card add|show|edit|delete|suspend|unsuspend|
forget|due`. A card made from a note is changed by editing the note, and says so; a deleted
card's answers stay in the log, counted by the stats."""

from __future__ import annotations

import sys

from reader.cli.output import add_json_flag, ask, emit_json, err, out
from reader.cli.review_clock import local as _local, now as _now, tz as _tz


def register(sub) -> None:
    p = sub.add_parser("cards", help="list cards with their state, due date and source")
    p.add_argument("id", nargs="?", metavar="ID", help="only this paper's cards")
    p.add_argument("--all", action="store_true", help="include suspended cards")
    add_json_flag(p)
    p.set_defaults(func=cmd_cards)

    p = sub.add_parser("card", help="one card: add, show, edit, delete, suspend, unsuspend, "
                                    "forget, due")
    csub = p.add_subparsers(dest="card_command", metavar="ACTION", required=True,
                            parser_class=type(p))
    a = csub.add_parser("add", help="add a card by hand")
    a.add_argument("id", nargs="?", metavar="ID", help="the paper it belongs to (optional)")
    a.add_argument("--front", required=True, metavar="T")
    a.add_argument("--back", required=True, metavar="T")
    a.set_defaults(func=cmd_card_add)

    a = csub.add_parser("show", help="a card, its state and its answers (with what you typed)")
    a.add_argument("card", type=int, metavar="CARD", help="the card's number (see: cards)")
    add_json_flag(a)
    a.set_defaults(func=cmd_card_show)

    a = csub.add_parser("edit", help="change a hand-written card's front or back")
    a.add_argument("card", type=int, metavar="CARD")
    a.add_argument("--front", metavar="T")
    a.add_argument("--back", metavar="T")
    a.set_defaults(func=cmd_card_edit)

    a = csub.add_parser("delete", help="delete a hand-written card (its answers stay in the "
                                       "log for the stats)")
    a.add_argument("card", type=int, metavar="CARD")
    a.add_argument("--yes", action="store_true", help="do not ask")
    a.set_defaults(func=cmd_card_delete)

    for name, text in (("suspend", "keep a card out of review until unsuspended"),
                       ("unsuspend", "bring a suspended card back into review"),
                       ("forget", "send a card back to new (its history stays)")):
        a = csub.add_parser(name, help=text)
        a.add_argument("card", type=int, metavar="CARD")
        a.set_defaults(func=cmd_card_change, change=name)

    a = csub.add_parser("due", help="set when a studied card comes due: a date (2026-12-01), "
                                    "a number of days (3, +3, 3d), today or tomorrow")
    a.add_argument("card", type=int, metavar="CARD")
    a.add_argument("when", metavar="WHEN")
    a.set_defaults(func=cmd_card_due)


def _card(ctx, card_id: int):
    """The card the user named, or NotFound with what to do."""
    from decks.cards import get_card

    from reader.errors import NotFound

    try:
        card = get_card(ctx.conn, card_id)
    except KeyError:
        card = None
    if card is None or card.is_deleted:
        gone = "was deleted" if card is not None else "does not exist"
        raise NotFound(f"card {card_id} {gone}; list the cards with: paperdeck cards")
    return card


def _clip(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_cards(args, ctx) -> int:
    from decks.cards import list_cards

    group = None
    if args.id:
        from reader.library.papers import require

        group = require(ctx.conn, args.id).id
    cards = list_cards(ctx.conn, group_key=group, include_suspended=args.all)
    if args.json:
        emit_json([{
            "id": c.id, "source_key": c.source_key, "paper": c.group_key, "kind": c.kind,
            "front": c.front, "back": c.back, "context": c.context, "state": c.state,
            "due": c.due.isoformat() if c.due else None, "reps": c.reps, "lapses": c.lapses,
            "suspended": c.suspended,
        } for c in cards])
        return 0
    if not cards:
        err("no cards yet: write what/how/why notes with 'paperdeck note ID' or add one with "
            "'paperdeck card add'")
        return 0
    out(f"{'ID':>6}  {'STATE':<12} {'DUE':<10}  {'SOURCE':<28}  FRONT")
    for c in cards:
        state = c.state + (" (suspended)" if c.suspended else "")
        due = _local(c.due)[:10] if c.due else "-"
        front = " ".join(c.front.split())
        out(f"{c.id:>6}  {state:<12} {due:<10}  {c.source_key or '(by hand)':<28}  {front[:70]}")
    return 0


def cmd_card_add(args, ctx) -> int:
    from decks.cards import add_card

    from reader.errors import UsageError
    from reader.text.textsafe import clean

    front, back = clean(args.front), clean(args.back)  # typed text: no escapes stored
    if not front.strip():
        raise UsageError("a card needs a front: --front 'the question'")
    from reader.reading.reviewing import check_sides

    check_sides(front, back)
    paper = None
    if args.id:
        from reader.library.papers import require

        paper = require(ctx.conn, args.id)
    context = ""
    if paper is not None:
        from reader.reading.cardgen import context_line

        context = context_line(paper)
    card = add_card(ctx.conn, front, back, context, paper.id if paper else None,
                    now=_now())
    out(str(card.id))
    err(f"added card {card.id}" + (f" to {paper.id}" if paper else ""))
    return 0


def cmd_card_show(args, ctx) -> int:
    from decks.recall import compare
    from decks.reviews import history

    from reader.reading.reviewing import source_label

    card = _card(ctx, args.card)
    reviews = history(ctx.conn, card.id)

    def recalled(r) -> float | None:
        return compare(r.typed, card.back).share if r.typed else None

    if args.json:
        emit_json({
            "id": card.id, "source_key": card.source_key, "source": source_label(card),
            "paper": card.group_key, "kind": card.kind, "front": card.front, "back": card.back,
            "state": card.state, "due": card.due.isoformat() if card.due else None,
            "stability": card.stability, "difficulty": card.difficulty, "reps": card.reps,
            "lapses": card.lapses, "suspended": card.suspended,
            "reviews": [{"at": r.reviewed_at.isoformat(), "rating": int(r.rating),
                         "state_before": r.state_before, "typed": r.typed,
                         "recalled": recalled(r)} for r in reviews],
        })
        return 0
    out(f"card {card.id} · {source_label(card)}" + (f" · {card.group_key}" if card.group_key
                                                      else ""))
    out(f"front: {card.front}")
    out(f"back:  {card.back}")
    why = "by you" if card.suspended == "user" else "its note is gone"
    state = card.state + (f" (suspended: {why})" if card.suspended else "")
    out(f"state: {state} · due {_local(card.due)} · {card.reps} answer{'s' if card.reps != 1 else ''}"
        f" since it was new, {card.lapses} lapse{'s' if card.lapses != 1 else ''}")
    if card.forgotten_at:
        out(f"forgotten (back to new) {_local(card.forgotten_at)}")
    if not reviews:
        out("no answers yet")
    for r in reviews:
        line = f"  {_local(r.reviewed_at)}  {r.rating.name.lower():<5}"
        share = recalled(r)
        if share is not None:
            line += f"  recalled {share:.0%} of the answer's words: {_clip(r.typed or '', 50)}"
        out(line)
    return 0


def cmd_card_edit(args, ctx) -> int:
    from decks.cards import edit_card

    from reader.errors import UsageError
    from reader.reading.reviewing import made_from_note
    from reader.text.textsafe import clean

    card = _card(ctx, args.card)
    if not card.hand_written:
        raise UsageError(made_from_note(card))
    if args.front is None and args.back is None:
        raise UsageError("nothing to change: give --front T and/or --back T")
    front = clean(args.front) if args.front is not None else None
    if front is not None and not front.strip():
        raise UsageError("a card needs a front: --front 'the question'")
    back = clean(args.back) if args.back is not None else None
    from reader.reading.reviewing import check_sides

    check_sides(front, back)
    edit_card(ctx.conn, card.id, _now(), front=front, back=back)
    err(f"card {card.id} changed; its history stays")
    return 0


def cmd_card_delete(args, ctx) -> int:
    from decks.cards import delete_card

    from reader.errors import UsageError
    from reader.reading.reviewing import made_from_note

    card = _card(ctx, args.card)
    if not card.hand_written:
        raise UsageError(made_from_note(card))
    answers = ctx.conn.execute("SELECT count(*) FROM review_log WHERE card_id = ?",
                               (card.id,)).fetchone()[0]
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError(f"not deleting card {card.id} without confirmation; add --yes")
        ask(f"Delete card {card.id} '{_clip(card.front)}'? (its {answers} answer"
            f"{'s' if answers != 1 else ''} stay in the log for the stats) [y/N]")
        if sys.stdin.readline().strip().lower() not in ("y", "yes"):
            err("nothing deleted")
            return 1
    delete_card(ctx.conn, card.id, _now())
    kept = "its answer stays" if answers == 1 else f"its {answers} answers stay"
    err(f"deleted card {card.id}" + (f"; {kept} in the stats" if answers else ""))
    return 0


def cmd_card_change(args, ctx) -> int:
    from decks.cards import NoteGone, forget, suspend_card, unsuspend_card

    from reader.errors import UsageError

    card = _card(ctx, args.card)
    now = _now()
    if args.change == "suspend":
        if card.suspended:
            err(f"card {card.id} is already suspended")
            return 0
        suspend_card(ctx.conn, card.id, now)
        err(f"suspended card {card.id}: it stays out of review until 'paperdeck card "
            f"unsuspend {card.id}'")
    elif args.change == "unsuspend":
        if not card.suspended:
            err(f"card {card.id} is not suspended")
            return 0
        try:
            unsuspend_card(ctx.conn, card.id, now)
        except NoteGone as e:
            raise UsageError(str(e)) from None
        err(f"card {card.id} is back in review")
    else:
        if card.is_new:
            err(f"card {card.id} is new already")
            return 0
        forget(ctx.conn, card.id, now)
        kept = "its answer stays" if card.reps == 1 else f"its {card.reps} answers stay"
        err(f"card {card.id} is new again; {kept} in the log")
    return 0


def cmd_card_due(args, ctx) -> int:
    from decks.cards import set_due

    from reader.errors import UsageError
    from reader.reading.reviewing import due_from

    card = _card(ctx, args.card)
    if card.is_new:
        raise UsageError(f"card {card.id} is new: it comes when new cards are introduced and "
                         "has a due date once studied")
    now = _now()
    due = due_from(args.when, now, _tz(), ctx.config["review.day_starts_at_hour"])
    set_due(ctx.conn, card.id, due, now)
    err(f"card {card.id} is due {_local(due)}" + (" (suspended: it waits until unsuspended)"
                                                   if card.suspended else ""))
    return 0
