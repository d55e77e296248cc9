"""The Add screen: a pasted reading list, typos that look like ids, results that page, marking."""

from __future__ import annotations

from textual import events

from reader.library import papers as library
from reader.store import db
from tests.conftest import SHARED, needs_shared
from tests.selfmade import Entry, atom_feed
from tests.waiting import settled

from .test_library_add import settle

LIST = """My list for the week:
- **Sequence Transduction** (2012) [[pdf]](https://arxiv.org/pdf/1211.3711v1.pdf).
- **Attention** (2017), arXiv:1706.03762; read with care
- **ImageNet** (2012) [[pdf]](http://papers.nips.cc/paper/4824.pdf)
- and then some more words that hold no id at all so this is prose, not a list of ids
"""


def feed_for(*ids: str) -> tuple[int, bytes]:
    return 200, atom_feed([Entry(f"{i}v1" if "v" not in i else i, f"Paper {i}", ["A. Author"])
                           for i in ids])


async def test_a_pasted_list_imports_its_ids_and_names_what_it_skipped(make, arxiv_server):
    arxiv_server.id_lists["1211.3711v1,1706.03762"] = feed_for("1211.3711v1", "1706.03762")
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        box = app.screen.query_one("#add-input")
        box.post_message(events.Paste(LIST))
        await settled(pilot)
        assert "\n" not in box.value and "1706.03762" in box.value
        await pilot.press("enter")
        await settle(app, pilot)
        conn = db.connect(app.paths.db)
        assert [p.id for p in library.all_papers(conn)] == ["1211.3711", "1706.03762"]
        log = "\n".join(line.text for line in app.screen.query_one("#add-log").lines)
        assert "no arXiv id (skipped): ImageNet" in log
        assert not any("search_query=" in r and "id_list=" not in r for r in arxiv_server.requests)


async def test_words_beside_ids_are_named_and_the_ids_imported(make, arxiv_server):
    arxiv_server.id_lists["1211.3711"] = feed_for("1211.3711")
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a", *"attention 1211.3711", "enter")
        await settle(app, pilot)
        conn = db.connect(app.paths.db)
        assert library.exists(conn, "1211.3711")
        assert any("“attention” is not an arXiv id" in n.message for n in app._notifications)


async def test_a_broken_id_gets_the_cli_message_not_a_search(make, arxiv_server):
    from reader.errors import UsageError
    from reader.ids import parse

    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        for typo in ("1211.371", "12113711"):
            await pilot.press("ctrl+l", *typo, "enter")  # ctrl+l: the old text selected
            await settle(app, pilot)
            try:
                parse(typo)
            except UsageError as e:
                expected = str(e)
            assert any(n.message == expected for n in app._notifications), typo
            assert app.screen.query_one("#add-input").value == typo  # kept, to be mended
        assert arxiv_server.requests == []


@needs_shared
async def test_results_page_as_the_list_ends_and_show_the_total(make, recorded_arxiv, monkeypatch):
    from reader.arxiv import atom
    from reader.tui.screens.add import AddScreen

    monkeypatch.setattr(AddScreen, "PAGE", 10)
    first = atom.parse((SHARED / "arxiv-atom/search_testing_start0_max10.xml").read_bytes()).papers
    second = atom.parse((SHARED / "arxiv-atom/search_testing_start10_max10.xml").read_bytes()).papers
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a", *"testing", "enter")
        await settle(app, pilot)
        options = app.screen.query_one("OptionList")
        assert options.option_count == 10
        status = str(app.screen.query_one("#add-status").render())
        assert "10 of 214,881 results for testing" in status
        await pilot.press("end")  # to the end of the list: the next page comes
        await settle(app, pilot)
        assert options.option_count == 20
        assert [app.screen.results[i].id for i in (0, 10)] == [first[0].id, second[0].id]
        assert "20 of 214,881 results" in str(app.screen.query_one("#add-status").render())
        assert len([r for r in recorded_arxiv.api_requests() if "search_query=testing" in r]) == 2


@needs_shared
async def test_several_results_marked_and_added_at_once(make, recorded_arxiv, monkeypatch):
    from reader.arxiv import atom
    from reader.tui.screens.add import AddScreen

    monkeypatch.setattr(AddScreen, "PAGE", 10)
    papers = atom.parse((SHARED / "arxiv-atom/search_testing_start0_max10.xml").read_bytes()).papers
    a, c = papers[0].id, papers[2].id
    recorded_arxiv.id_lists[f"{a},{c}"] = feed_for(a, c)
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a", *"testing", "enter")
        await settle(app, pilot)
        await pilot.press("space", "down", "space")  # mark the first and the third
        assert app.screen.marked == {a, c}
        assert "●" in str(app.screen.query_one("OptionList").get_option_at_index(0).prompt)
        await pilot.press("ctrl+a")
        await settle(app, pilot)
        conn = db.connect(app.paths.db)
        assert {p.id for p in library.all_papers(conn)} == {a, c}
        assert app.screen.marked == set()
        assert "✓ in library" in str(app.screen.query_one("OptionList").get_option_at_index(2).prompt)
