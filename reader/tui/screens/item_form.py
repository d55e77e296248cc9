"""The form that adds a study item of another kind (a lecture, course, book section, code, post):
the fields of `paperdeck add --kind`, written by the same core function
(reader.library.items.add_item), so the same values are refused with the same line."""

from __future__ import annotations

from reader.library import kinds
from reader.tui.screens.form import Field, Form

ITEM_KINDS = tuple(k for k in kinds.NAMES if k != "paper")


def item_form(app, kind: str = "lecture", part_of: str = "") -> Form:
    """A Form that adds an item to the library of `app`; on success it says so and the library
    takes the item in."""

    def submit(values: dict[str, str]) -> str | None:
        from reader.errors import PaperdeckError
        from reader.library import items

        try:
            item = items.add_item(
                app.conn, values["kind"], values["title"], app.now(),
                url=values["url"] or None, by=items.split_names(values["by"]),
                parts=_count(values["parts"], "parts"),
                part_of=values["part_of"] or None, part=_count(values["part"], "part"),
                item_id=values["id"] or None, tags=values["tags"].split())
        except PaperdeckError as e:
            return str(e)
        where = f" (part {item.part} of {item.part_of})" if item.part_of else ""
        app.notify(f"Added {item.kind} {item.id}{where}: {item.title}", title="Added",
                   timeout=6, markup=False)
        app.library_changed.publish(item.id)
        return None

    return Form(
        "Add a lecture, course, book section, code or post",
        "As `paperdeck add --kind KIND --title …`. Only a title is needed; Enter adds, "
        "escape cancels.",
        [Field("kind", "Kind", kind, choices=ITEM_KINDS),
         Field("title", "Title", placeholder="NYU DL 5L: Energy-based models"),
         Field("by", "By", placeholder="authors or speakers; separated by ;"),
         Field("url", "URL", placeholder="https://…"),
         Field("parts", "Parts", placeholder="a course's or book's number of parts"),
         Field("part_of", "Part of", part_of, placeholder="the id of its course or book"),
         Field("part", "Part", placeholder="its number there (default: the next)"),
         Field("id", "Id", placeholder="(made from the title)"),
         Field("tags", "Tags", placeholder="space-separated")],
        submit)


def _count(text: str, name: str) -> int | None:
    from reader.errors import UsageError

    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise UsageError(f"--{name.replace('_', '-')} is a whole number, not {text!r}") from None
