"""The `unit` verb: units of days with goals by kind and planned items.

    paperdeck unit [N] [--json]                       the current unit (or unit N)
    paperdeck unit new [START] [--days N | --week] [--goal KIND=N]... [--carry]
    paperdeck unit plan N ID... [--remove]
    paperdeck unit goal N KIND=N...                   change goals (KIND=0 removes one)
    paperdeck unit carry N [M]                        unfinished planned items of N into M
    paperdeck unit list [--json]                      every unit with its goals met or not
    paperdeck unit rm N [--yes]
"""

from __future__ import annotations

import sys

from reader.cli.output import add_json_flag, ask, emit_json, err, out

ACTIONS = ("new", "plan", "goal", "carry", "list", "rm")


def register(sub) -> None:
    p = sub.add_parser(
        "unit", help="units of days with goals: unit new START --days 10, unit [N]",
        description="A plan is a run of units of fixed days ('Unit 1: 2022-02-01 to "
        "2022-02-10') with goals by kind and planned items. 'unit [N]' shows one: goals done "
        "against their count, planned items, days left. Actions: new [START] (--days N or "
        "--week, --goal KIND=N, --carry), plan N ID... (--remove), goal N KIND=N..., carry N "
        "[M], list, rm N. START is YYYY-MM-DD, today or tomorrow (default: the day after the "
        "last unit, or today). Without --days a unit lasts reading.goal_days; without --goal "
        "its goal is reading.goal_papers papers.")
    p.add_argument("words", nargs="*", metavar="N|ACTION ARGS")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--days", type=int, metavar="N", help="unit new: its length in days")
    g.add_argument("--week", action="store_true", help="unit new: seven days")
    p.add_argument("--goal", action="append", default=[], metavar="KIND=N",
                   help="unit new: a goal, e.g. paper=3 (repeatable)")
    p.add_argument("--carry", action="store_true",
                   help="unit new: plan the previous unit's unfinished items in it too")
    p.add_argument("--remove", action="store_true", help="unit plan: take the items off the plan")
    p.add_argument("--yes", action="store_true", help="unit rm: do not ask")
    add_json_flag(p)
    p.set_defaults(func=cmd_unit)


def _number(text: str) -> int:
    from reader.errors import UsageError

    t = text.strip().lower().removeprefix("unit").strip()
    if not t.isdigit() or not 1 <= int(t) <= 1_000_000:
        raise UsageError(f"a unit is named by its number (1, 2, ...), not {text!r}")
    return int(t)


def _only(args, allowed: set[str], action: str) -> None:
    """Refuse options that do not go with this action: one line."""
    from reader.errors import UsageError

    given = {"days": args.days is not None, "week": args.week, "goal": bool(args.goal),
             "carry": args.carry, "remove": args.remove, "yes": args.yes, "json": args.json}
    for name, on in given.items():
        if on and name not in allowed:
            raise UsageError(f"--{name} does not go with 'unit {action}'; see 'paperdeck unit --help'")


def cmd_unit(args, ctx) -> int:
    from reader import clock

    words = list(args.words)
    today = clock.now().astimezone().date()
    action = words[0].lower() if words and words[0].lower() in ACTIONS else None
    rest = words[1:] if action else words
    if action is None:
        _only(args, {"json"}, "N")
        return _show(ctx, args, rest, today)
    return {"new": _new, "plan": _plan, "goal": _goal, "carry": _carry, "list": _list,
            "rm": _rm}[action](ctx, args, rest, today)


# -- showing --------------------------------------------------------------------------------

def _show(ctx, args, rest, today) -> int:
    from reader.reading import units
    from reader.errors import UsageError

    if len(rest) > 1:
        raise UsageError(f"say one unit, not {' '.join(rest)!r}; or an action: {', '.join(ACTIONS)}")
    unit = units.require(ctx.conn, _number(rest[0])) if rest else units.current(ctx.conn, today)
    if unit is None:
        if args.json:
            emit_json(None)
        err("no units yet; start one with: paperdeck unit new YYYY-MM-DD --days 10 "
            "--goal paper=3 --goal lecture=3")
        return 0
    report = units.report(ctx.conn, unit, today)
    if args.json:
        emit_json(units.to_json(report))
        return 0
    for line in report_lines(report):
        out(line)
    return 0


def _when(iso: str | None) -> str:
    from reader.clock import parse_iso

    return f"{parse_iso(iso).astimezone():%Y-%m-%d}" if iso else ""


def headline(report) -> str:
    u = report.unit
    state = {"current": f"day {(report.today - u.first).days + 1} of {u.days}, "
                        f"{report.days_left} left",
             "past": "over", "upcoming": f"starts in {(u.first - report.today).days} days"}
    return f"{u.name}: {u.dates} ({u.days} days; {state[report.state]})"


def report_lines(report) -> list[str]:
    from reader.library import kinds

    lines = [headline(report), "", "Goals"]
    if not report.goals:
        lines.append("  (none: set some with: paperdeck unit goal "
                     f"{report.unit.number} paper=3 lecture=3)")
    width = max((len(kinds.get(g.kind).plural) for g in report.goals), default=0)
    for g in report.goals:
        count = f"{len(g.done)}/{g.goal}" if g.goal is not None else f"{len(g.done)}"
        mark = "✓" if g.met else " "
        extra = f"  ({len(g.started)} started)" if g.started else ""
        done = f"  {' '.join(g.done)}" if g.done else ""
        lines.append(f"  {kinds.get(g.kind).plural:<{width}}  {count:>5} {mark}{done}{extra}")
    lines += ["", "Planned"]
    if not report.planned:
        lines.append(f"  (nothing: plan items with: paperdeck unit plan {report.unit.number} ID...)")
    idw = max((len(p.id) for p in report.planned), default=0)
    for p in report.planned:
        box = {"done": "[x]", "started": "[~]", "open": "[ ]"}[p.status]
        k = kinds.get(p.kind)
        when = ""
        if p.finished:
            when = f"  ({k.finished(1) if p.kind != 'paper' else 'finished a pass'} "\
                   f"{_when(p.finished)})"
        elif p.parts_done:
            when = f"  ({p.parts_done} part{'s' if p.parts_done != 1 else ''} done)"
        elif p.started:
            when = f"  (started {_when(p.started)})"
        carried = f"  from Unit {p.carried_from}" if p.carried_from else ""
        lines.append(f"  {box} {p.id:<{idw}}  {p.kind:<7}  {p.title}{when}{carried}")
    return lines


def _list(ctx, args, rest, today) -> int:
    from reader.reading import units
    from reader.library import kinds
    from reader.errors import UsageError

    _only(args, {"json"}, "list")
    if rest:
        raise UsageError("'unit list' takes no more words")
    reports = [units.report(ctx.conn, u, today) for u in units.all_units(ctx.conn)]
    if args.json:
        emit_json([units.to_json(r) for r in reports])
        return 0
    if not reports:
        err("no units yet; start one with: paperdeck unit new YYYY-MM-DD --days 10")
        return 0
    for r in reports:
        goals = ", ".join(
            f"{kinds.get(g.kind).plural} {len(g.done)}/{g.goal}" if g.goal is not None
            else f"{kinds.get(g.kind).plural} {len(g.done)}" for g in r.goals) or "no goals"
        mark = "✓" if r.met else ("·" if r.state != "past" else "✗")
        out(f"{r.unit.name:<8} {r.unit.dates}  {mark} {goals}"
            + ("  (now)" if r.state == "current" else ""))
    return 0


# -- changing -------------------------------------------------------------------------------

def _new(ctx, args, rest, today) -> int:
    from datetime import timedelta

    from reader import clock
    from reader.reading import units
    from reader.errors import UsageError
    from reader.cli.args import day as parse_day, in_range

    _only(args, {"days", "week", "goal", "carry", "json"}, "new")
    if len(rest) > 1:
        raise UsageError(f"'unit new' takes one START day, not {' '.join(rest)!r}")
    goals = units.parse_goals(args.goal)
    if not args.goal and ctx.config["reading.goal_papers"]:
        goals = {"paper": ctx.config["reading.goal_papers"]}
    days = 7 if args.week else args.days if args.days is not None else ctx.config["reading.goal_days"]
    if rest:
        text = rest[0].strip().lower()
        first = today + timedelta(days=1) if text == "tomorrow" else parse_day(rest[0], today)
        first = in_range(first, rest[0])
    else:
        known = units.all_units(ctx.conn)
        first = max(u.last for u in known) + timedelta(days=1) if known else today
    before = [u for u in units.all_units(ctx.conn) if u.last < first]
    now = clock.now()
    from reader.store.db import transaction

    with transaction(ctx.conn):
        unit = units.create(ctx.conn, first, days, goals, now)
        carried = []
        if args.carry and before:
            _, carried = units.carry(ctx.conn, before[-1].number, unit.number, now)
    if args.carry and not before:
        err("no earlier unit to carry items from")
    if args.json:
        emit_json(units.to_json(units.report(ctx.conn, unit, today)))
    else:
        out(str(unit.number))
    err(f"{unit.name}: {unit.dates} ({unit.days} days)"
        + (f"; goals {_goals_text(unit.goals)}" if unit.goals else "; no goals")
        + (f"; carried over {len(carried)} from {before[-1].name}: {' '.join(carried)}"
           if carried else ""))
    return 0


def _goals_text(goals: dict[str, int]) -> str:
    return " ".join(f"{k}={c}" for k, c in goals.items())


def _plan(ctx, args, rest, today) -> int:
    from reader import clock
    from reader.reading import units
    from reader.errors import UsageError

    _only(args, {"remove"}, "plan")
    if len(rest) < 2:
        raise UsageError("say the unit and the items: paperdeck unit plan 1 ID...")
    number = _number(rest[0])
    changed = units.plan(ctx.conn, number, rest[1:], clock.now(), remove=args.remove)
    verb = "taken off" if args.remove else "planned"
    err(f"Unit {number}: {len(changed)} {verb}" + (f": {' '.join(changed)}" if changed else
                                                 " (no change)"))
    return 0


def _goal(ctx, args, rest, today) -> int:
    from reader.reading import units
    from reader.errors import UsageError

    _only(args, set(), "goal")
    if len(rest) < 2:
        raise UsageError("say the unit and the goals: paperdeck unit goal 1 paper=3 lecture=2")
    number = _number(rest[0])
    unit = units.set_goals(ctx.conn, number, units.parse_goals(rest[1:], allow_zero=True))
    err(f"{unit.name}: goals {_goals_text(unit.goals) or '(none)'}")
    return 0


def _carry(ctx, args, rest, today) -> int:
    from reader import clock
    from reader.reading import units
    from reader.errors import UsageError

    _only(args, set(), "carry")
    if not 1 <= len(rest) <= 2:
        raise UsageError("say which unit's items to carry: paperdeck unit carry 1 [2]")
    into, moved = units.carry(ctx.conn, _number(rest[0]), _number(rest[1]) if len(rest) > 1
                              else None, clock.now())
    err(f"carried {len(moved)} into {into.name}" + (f": {' '.join(moved)}" if moved else
                                                     " (nothing unfinished, or planned there already)"))
    return 0


def _rm(ctx, args, rest, today) -> int:
    from reader.reading import units
    from reader.errors import UsageError

    _only(args, {"yes"}, "rm")
    if len(rest) != 1:
        raise UsageError("say which unit to remove: paperdeck unit rm N")
    unit = units.require(ctx.conn, _number(rest[0]))
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError(f"not removing {unit.name} without confirmation; add --yes")
        ask(f"Remove {unit.name} ({unit.dates}) with its goals and plan? (items, notes and the "
            "journal stay) [y/N]")
        if sys.stdin.readline().strip().lower() not in ("y", "yes"):
            err("nothing removed")
            return 1
    units.remove(ctx.conn, unit.number)
    err(f"removed {unit.name} ({unit.dates})")
    return 0
