"""Notes (what / how / why / free text) and TODOs per paper, and the YAML document `paperdeck
note ID` opens in $EDITOR.

Notes are stored as written (cloze deletions `{{c1::text}}` and `Q: ... / A: ...` pairs
included); only control characters are dropped and line ends made `\\n`. Saving notes hands the
saved notes to `reader.reading.cardgen.sync_paper` in the same transaction, so cards always follow the
notes (this module calls card generation, never the other way round).

Two writers of one field never silently drop each other's text: a writer that started from an
earlier text (the TUI's autosave, the editor document, an import) saves with `save_from`, which
writes a field only if the library still holds the text the writer started from. When both
sides changed it, that is a `Conflict`: the library's text stays and the writer's is handed back
for the caller to keep (`reader.store.drafts`) and report.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from reader import clock
from reader.store.db import transaction
from reader.errors import NotFound, UsageError
from reader.limits import MAX_TEXT, check_text, over
from reader.models import Notes, Todo
from reader.text.textsafe import clean

FIELDS = ("what", "how", "why", "text")
NAMES = {"what": "What", "how": "How", "why": "Why", "text": "free"}


def _within(paper_id: str, field: str, text: str) -> str:
    """A note field as it may be stored: at most reader.limits.MAX_TEXT characters."""
    return check_text(text, f"the {NAMES.get(field, field)} note of {paper_id}",
                      "shorten it (keep long text in a file and link it)")


def normalise(text: str | None) -> str:
    """Line ends to \\n and control characters out; otherwise exactly as written."""
    return clean((text or "").replace("\r\n", "\n").replace("\r", "\n"))


# -- notes ----------------------------------------------------------------------------------

def _notes_row(r: sqlite3.Row) -> Notes:
    return Notes(r["paper_id"], r["what"], r["how"], r["why"], r["text"], r["modified"])


def get(conn: sqlite3.Connection, paper_id: str) -> Notes:
    """The paper's notes (empty Notes if none were written)."""
    r = conn.execute(
        "SELECT paper_id, what, how, why, text, modified FROM notes WHERE paper_id = ?", (paper_id,)
    ).fetchone()
    return _notes_row(r) if r else Notes(paper_id)


def all_notes(conn: sqlite3.Connection) -> dict[str, Notes]:
    """Every paper's notes in one query (papers without notes are absent)."""
    rows = conn.execute("SELECT paper_id, what, how, why, text, modified FROM notes")
    return {r["paper_id"]: _notes_row(r) for r in rows}


@dataclass(frozen=True)
class Conflict:
    """`field` was changed both by this writer and elsewhere since the writer's base text: the
    library kept `theirs`, and `mine`, the text that lost, is the caller's to keep and report."""

    paper_id: str
    field: str
    mine: str
    theirs: str


@dataclass(frozen=True)
class Saved:
    """What a save did: whether anything changed, and the fields it did not write because they
    had changed elsewhere too."""

    changed: bool
    conflicts: tuple[Conflict, ...] = ()


def _same(a: str, b: str) -> bool:
    """Equal as stored: an editor document's fields read back without their last newline."""
    return a.rstrip("\n") == b.rstrip("\n")


def _three_way(base: str, mine: str, theirs: str) -> str:
    """'keep' (nothing to write), 'write' (mine), or 'conflict' (both changed since base)."""
    if _same(mine, theirs) or _same(mine, base):
        return "keep"   # already there, or not changed by this writer: theirs stays
    if _same(theirs, base):
        return "write"
    return "conflict"


def save(
    conn: sqlite3.Connection,
    paper_id: str,
    now: datetime,
    what: str | None = None,
    how: str | None = None,
    why: str | None = None,
    text: str | None = None,
) -> bool:
    """Set some note fields (None = unchanged) to what the caller has just decided, reading
    and writing in one transaction (`paperdeck note ID --what ...`). Returns True if anything
    changed; when nothing did, nothing is written (no card sync, no journal entry)."""
    wanted = {k: _within(paper_id, k, normalise(v))
              for k, v in zip(FIELDS, (what, how, why, text)) if v is not None}
    current = get(conn, paper_id)
    if all(getattr(current, k) == v for k, v in wanted.items()):
        return False
    with transaction(conn):
        _write(conn, paper_id, now, wanted)
    return True


def save_from(conn: sqlite3.Connection, paper_id: str, now: datetime, values: Mapping[str, str],
              base: Mapping[str, str] | None) -> Saved:
    """Set note fields from a writer that started from the texts `base` (field -> text; None
    when the writer cannot say, e.g. a draft kept by an older paperdeck: then any field that
    differs and holds text in the library is a conflict). A field is written only if the
    library still holds its base text; a field changed on both sides is left as the library
    has it and returned as a Conflict. One transaction. A field over the text limit is refused
    (UsageError) before anything is written."""
    for k, value in values.items():
        if over(value):       # cleaning only shortens: a text within the limit stays within
            _within(paper_id, k, normalise(value))
    with transaction(conn):
        current = get(conn, paper_id)
        wanted: dict[str, str] = {}
        conflicts: list[Conflict] = []
        for k, value in values.items():
            mine, theirs = normalise(value), getattr(current, k)
            if base is not None:
                verdict = _three_way(normalise(base.get(k, theirs)), mine, theirs)
            elif _same(mine, theirs):
                verdict = "keep"
            else:  # no base: only an empty field may be filled without asking
                verdict = "conflict" if theirs.strip() else "write"
            if verdict == "write":
                wanted[k] = mine
            elif verdict == "conflict":
                conflicts.append(Conflict(paper_id, k, mine, theirs))
        if wanted:
            _write(conn, paper_id, now, wanted)
    return Saved(bool(wanted), tuple(conflicts))


def _write(conn: sqlite3.Connection, paper_id: str, now: datetime, wanted: dict[str, str]) -> None:
    """Upsert note fields, note the day in the journal and sync cards; the caller holds the
    transaction."""
    if not conn.execute("SELECT 1 FROM papers WHERE id = ?", (paper_id,)).fetchone():
        raise NotFound(f"{paper_id} is not in the library")
    old = get(conn, paper_id)
    saved = Notes(paper_id, **({k: getattr(old, k) for k in FIELDS} | wanted),
                  modified=clock.iso(now))
    conn.execute(
        "INSERT INTO notes (paper_id, what, how, why, text, modified) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (paper_id) DO UPDATE SET what = excluded.what, how = excluded.how, "
        "why = excluded.why, text = excluded.text, modified = excluded.modified",
        (paper_id, saved.what, saved.how, saved.why, saved.text, saved.modified),
    )
    _log_day(conn, paper_id, now)
    # Here, not at the top: `show`, `list` and `todo` read notes and should not load card
    # generation (and decks.models with it) to do so (issue 19's start-up budget).
    from reader.reading import cardgen

    cardgen.sync_paper(conn, paper_id, saved, now)


def _log_day(conn: sqlite3.Connection, paper_id: str, now: datetime) -> None:
    """Record that the notes changed today (the journal keeps one entry per day)."""
    at = clock.iso(now)
    conn.execute(
        "INSERT INTO notes_log (paper_id, day, first_at, last_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (paper_id, day) DO UPDATE SET last_at = max(last_at, excluded.last_at), "
        "first_at = min(first_at, excluded.first_at)",
        (paper_id, now.astimezone().date().isoformat(), at, at),
    )


# -- TODOs ----------------------------------------------------------------------------------

_TODO_COLS = "id, paper_id, text, created, done"


def _todo_row(r: sqlite3.Row) -> Todo:
    return Todo(r["id"], r["paper_id"], r["text"], r["created"], r["done"])


def todo_text(text: str) -> str:
    """A TODO's text as stored (one line); refuses an empty one."""
    t = " ".join(normalise(text).split())
    if not t:
        raise UsageError("a TODO needs some text")
    return check_text(t, "a TODO")


def add_todo(conn: sqlite3.Connection, paper_id: str, text: str, now: datetime) -> Todo:
    with transaction(conn):
        if not conn.execute("SELECT 1 FROM papers WHERE id = ?", (paper_id,)).fetchone():
            raise NotFound(f"{paper_id} is not in the library")
        cur = conn.execute(
            "INSERT INTO todos (paper_id, text, created) VALUES (?, ?, ?)",
            (paper_id, todo_text(text), clock.iso(now)),
        )
    return get_todo(conn, cur.lastrowid)  # type: ignore[arg-type]


def get_todo(conn: sqlite3.Connection, todo_id: int) -> Todo:
    r = conn.execute(f"SELECT {_TODO_COLS} FROM todos WHERE id = ?", (todo_id,)).fetchone()
    if r is None:
        raise NotFound(f"there is no TODO {todo_id}; list them with: paperdeck todo")
    return _todo_row(r)


def todos_for(conn: sqlite3.Connection, paper_id: str) -> list[Todo]:
    """A paper's TODOs, open and done, in the order they were added."""
    rows = conn.execute(f"SELECT {_TODO_COLS} FROM todos WHERE paper_id = ? ORDER BY id", (paper_id,))
    return [_todo_row(r) for r in rows]


def all_todos(conn: sqlite3.Connection) -> dict[str, list[Todo]]:
    """Every paper's TODOs in one query."""
    found: dict[str, list[Todo]] = {}
    for r in conn.execute(f"SELECT {_TODO_COLS} FROM todos ORDER BY id"):
        found.setdefault(r["paper_id"], []).append(_todo_row(r))
    return found


def open_todos(conn: sqlite3.Connection) -> list[Todo]:
    """Open TODOs across papers, oldest first."""
    rows = conn.execute(f"SELECT {_TODO_COLS} FROM todos WHERE done IS NULL ORDER BY id")
    return [_todo_row(r) for r in rows]


def tick(conn: sqlite3.Connection, todo_id: int, now: datetime, done: bool = True) -> Todo:
    """Tick a TODO off (or re-open it with done=False). Ticking twice keeps the first time."""
    get_todo(conn, todo_id)
    with transaction(conn):
        if done:
            conn.execute("UPDATE todos SET done = coalesce(done, ?) WHERE id = ?",
                         (clock.iso(now), todo_id))
        else:
            conn.execute("UPDATE todos SET done = NULL WHERE id = ?", (todo_id,))
    return get_todo(conn, todo_id)


def remove_todo(conn: sqlite3.Connection, todo_id: int) -> None:
    get_todo(conn, todo_id)
    with transaction(conn):
        conn.execute("DELETE FROM todos WHERE id = ?", (todo_id,))


def replace_todos(
    conn: sqlite3.Connection, paper_id: str, items: Sequence[tuple[str, bool]], now: datetime
) -> bool:
    """Make the paper's TODOs the list `items` of (text, done): TODOs whose text is unchanged keep
    their id and times, new ones are added, missing ones removed. True if anything changed."""
    changed = False
    with transaction(conn):
        existing = todos_for(conn, paper_id)
        by_text: dict[str, list[Todo]] = {}
        for t in existing:
            by_text.setdefault(t.text, []).append(t)
        kept: set[int] = set()
        for text, done in items:
            text = todo_text(text)
            match = by_text.get(text)
            if match:
                t = match.pop(0)
                kept.add(t.id)
                if done != t.done:
                    conn.execute("UPDATE todos SET done = ? WHERE id = ?",
                                 (clock.iso(now) if done else None, t.id))
                    changed = True
            else:
                conn.execute("INSERT INTO todos (paper_id, text, created, done) VALUES (?, ?, ?, ?)",
                             (paper_id, text, clock.iso(now), clock.iso(now) if done else None))
                changed = True
        for t in existing:
            if t.id not in kept:
                conn.execute("DELETE FROM todos WHERE id = ?", (t.id,))
                changed = True
    return changed


# -- the YAML document for $EDITOR ----------------------------------------------------------

DOC_FIELDS = ("what", "how", "why", "text", "todos")


@dataclass(frozen=True)
class NotesDoc:
    what: str = ""
    how: str = ""
    why: str = ""
    text: str = ""
    todos: tuple[tuple[str, bool], ...] = field(default_factory=tuple)


class NotesFormatError(UsageError):
    """The edited document could not be read; the message names the line."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.line = line
        where = f"line {line}" + (f", column {column}" if column else "") if line else ""
        super().__init__(f"{where}: {message}" if where else message)


def _yaml():
    import yaml

    return yaml, getattr(yaml, "CSafeLoader", yaml.SafeLoader), getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _block(key: str, value: str) -> str:
    """`key: |` and the text indented below it (a literal block scalar)."""
    if not value:
        return f"{key}: |\n\n"
    chomp = "-" if not value.endswith("\n") else ("+" if value.endswith("\n\n") else "")
    body = value[:-1] if value.endswith("\n") and chomp == "" else value
    if chomp == "+":
        body = value[:-1]
    indent = "2" if value[:1] in (" ", "\t", "\n") else ""
    lines = "".join(("  " + line if line else "") + "\n" for line in body.split("\n"))
    return f"{key}: |{indent}{chomp}\n{lines}"


def _dump_scalar(value: str) -> str:
    yaml, _, dumper = _yaml()
    return yaml.dump([value], Dumper=dumper, allow_unicode=True, width=10**9)[2:].rstrip("\n")


def to_yaml(title: str, paper_id: str, notes: Notes, todos: Iterable[Todo]) -> str:
    """The document the editor shows: header comments, the four fields as literal blocks, TODOs."""
    yaml, loader, dumper = _yaml()
    head = (
        f"# Notes on {paper_id}: {' '.join(clean(title).split())}\n"
        "# Write under each field, indented by two spaces. Cloze deletions {{c1::text}} and\n"
        "# 'Q: ... / A: ...' pairs become review cards. TODOs: one '- text' per line;\n"
        "# a done one reads '- text: ...' with 'done: true' below it. Save and quit to store.\n"
    )
    parts = [head]
    for key in FIELDS:
        value = getattr(notes, key)
        block = _block(key, value)
        try:
            ok = yaml.load(block, Loader=loader) == {key: value}
        except yaml.YAMLError:
            ok = False
        parts.append(block if ok else yaml.dump({key: value}, Dumper=dumper, allow_unicode=True,
                                                 default_style='"', width=10**9))
    parts.append("todos:\n")
    for t in todos:
        if t.done:
            parts.append(f"  - text: {_dump_scalar(t.text)}\n    done: true\n")
        else:
            parts.append(f"  - {_dump_scalar(t.text)}\n")
    return "".join(parts)


def _as_text(value, key: str, line: int) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        raise NotesFormatError(f"{key} must be text, not {str(value).lower()}; write it as "
                               f"'{key}: |' with the text indented on the lines below", line)
    if isinstance(value, (int, float)):
        return str(value)
    if not isinstance(value, str):
        raise NotesFormatError(f"{key} must be text; write it as '{key}: |' with the text "
                               "indented on the lines below", line)
    return normalise(value).rstrip("\n")


def parse_yaml(document: str) -> NotesDoc:
    """Read an edited document back. Raises NotesFormatError naming the line of the problem:
    not YAML, not a mapping, an unknown or repeated field, a value of the wrong kind."""
    yaml, loader_cls, _ = _yaml()
    try:
        root = yaml.compose(document, Loader=loader_cls)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        hint = " (keep each field's text indented under its name)" if mark else ""
        raise NotesFormatError(f"not valid YAML: {problem}{hint}", mark.line + 1 if mark else None,
                               mark.column + 1 if mark else None) from None
    if root is None:
        return NotesDoc()
    if not isinstance(root, yaml.MappingNode):
        raise NotesFormatError("expected the fields " + ", ".join(DOC_FIELDS), root.start_mark.line + 1)

    def construct(node):
        loader = loader_cls("")
        try:
            return loader.construct_document(node)
        finally:
            loader.dispose()

    values: dict[str, str] = {}
    todos: list[tuple[str, bool]] = []
    seen: dict[str, int] = {}
    for knode, vnode in root.value:
        line = knode.start_mark.line + 1
        key = knode.value if isinstance(knode, yaml.ScalarNode) else None
        if key not in DOC_FIELDS:
            raise NotesFormatError(f"unknown field {str(key)!r}; the fields are "
                                   + ", ".join(DOC_FIELDS), line)
        if key in seen:
            raise NotesFormatError(f"{key} appears twice (first on line {seen[key]}); "
                                   "merge the two", line)
        seen[key] = line
        if key != "todos":
            values[key] = _as_text(construct(vnode), key, line)
            if len(values[key]) > MAX_TEXT:
                raise NotesFormatError(f"{key} is {len(values[key]):,} characters, over the "
                                       f"{MAX_TEXT:,} a text may have in paperdeck; shorten it",
                                       line)
            continue
        if isinstance(vnode, yaml.ScalarNode) and construct(vnode) is None:
            continue
        if not isinstance(vnode, yaml.SequenceNode):
            raise NotesFormatError("todos must be a list, one '- text' per line", vnode.start_mark.line + 1)
        for item in vnode.value:
            iline = item.start_mark.line + 1
            if isinstance(item, yaml.MappingNode):
                entry = {}
                for ik, iv in item.value:
                    name = ik.value if isinstance(ik, yaml.ScalarNode) else None
                    if name not in ("text", "done"):
                        raise NotesFormatError(f"unknown TODO field {str(name)!r}; a TODO has "
                                               "text and done", ik.start_mark.line + 1)
                    entry[name] = construct(iv)
                done = entry.get("done", False)
                if not isinstance(done, bool):
                    raise NotesFormatError("done must be true or false", iline)
                text = _as_text(entry.get("text"), "a TODO's text", iline)
            else:
                value = construct(item)
                done = False
                text = _as_text(value, "a TODO", iline)
            if len(text) > MAX_TEXT:
                raise NotesFormatError(f"a TODO is {len(text):,} characters, over the "
                                       f"{MAX_TEXT:,} a text may have in paperdeck; shorten it",
                                       iline)
            if text.strip():
                todos.append((text, done))
    return NotesDoc(todos=tuple(todos), **values)


def doc_of(notes: Notes, todos: Iterable[Todo]) -> NotesDoc:
    return NotesDoc(notes.what, notes.how, notes.why, notes.text,
                    tuple((t.text, t.done) for t in todos))


def _norm_field(value: str) -> str:
    """A field as an unchanged editor document reads back (see parse_yaml)."""
    return normalise(value).rstrip("\n")


def _norm_todos(items) -> list[tuple[str, bool]]:
    return [(" ".join(normalise(t).split()), bool(d)) for t, d in items if normalise(t).strip()]


def _merge_todos(base, mine, theirs) -> list[tuple[str, bool]]:
    """The library's TODOs (`theirs`) with the changes the document made to `base`: TODOs it
    added, removed, ticked or re-opened. Changes made elsewhere meanwhile are kept."""
    base_done = dict(base)
    mine_done = dict(mine)
    merged = [(t, d) for t, d in theirs if not (t in base_done and t not in mine_done)]
    merged = [(t, mine_done[t]) if t in base_done and t in mine_done and mine_done[t] != base_done[t]
              else (t, d) for t, d in merged]
    have = {t for t, _ in merged}
    merged += [(t, d) for t, d in mine if t not in base_done and t not in have]
    return merged


def save_doc(conn: sqlite3.Connection, paper_id: str, now: datetime, doc: NotesDoc,
             base: NotesDoc | None = None) -> Saved:
    """Store an edited document (notes and TODOs) in one transaction, against `base`, the
    document as it was when the editor opened (see `save_from`): fields the user left alone
    keep whatever the library has now, and a field changed both here and elsewhere keeps the
    library's text and comes back as a Conflict. TODOs are merged: the document's additions,
    removals and ticks applied to the library's list."""
    with transaction(conn):
        values = {k: _norm_field(getattr(doc, k)) for k in FIELDS}
        start = None if base is None else {k: _norm_field(getattr(base, k)) for k in FIELDS}
        saved = save_from(conn, paper_id, now, values, start)
        mine_todos = _norm_todos(doc.todos)
        if base is None:
            todos = mine_todos
        else:
            theirs_todos = [(t.text, t.done) for t in todos_for(conn, paper_id)]
            todos = _merge_todos(_norm_todos(base.todos), mine_todos, theirs_todos)
        changed = replace_todos(conn, paper_id, todos, now)
    return Saved(saved.changed or changed, saved.conflicts)
