"""The sentence cursor of the reading screen and what it takes (reader.reading.quotes).

`s` starts the cursor at the first sentence on screen; right / left move it by sentence,
shift+right / shift+left extend the choice (within one paragraph: a quote keeps one place);
escape ends it. On the chosen sentences: `q` quotes them into what, how, why or the free notes
(asked), `c` makes a cloze of the words asked for, `h` highlights them. Highlights are drawn
on the text. A mixin for HtmlReadingScreen (which calls `sentences_laid_out` on each layout).
"""

from __future__ import annotations

from reader.tui.widgets.sentence_cursor import SentenceMap

FIELDS = {"w": "what", "what": "what", "h": "how", "how": "how", "y": "why", "why": "why",
          "n": "notes", "notes": "notes"}


class SentenceActions:
    paper_id: str

    sentence: tuple[int, int, int] | None = None   # (paragraph index, first, last), 0-based
    _paras = None
    _smap: SentenceMap | None = None
    _highlights: dict[str, list] = {}

    # -- the paragraphs and where their sentences are drawn -------------------------------------

    def sentence_paras(self) -> list:
        if self._paras is None and getattr(self, "doc", None) is not None:
            from reader.text import places

            self._paras = [p for p in places.paragraphs(self.doc) if p.sentences]
        return self._paras or []

    def _map(self) -> SentenceMap | None:
        from reader.tui.widgets.doc_view import DocView

        layout = self.query_one(DocView).doc_layout
        if layout is None:
            return None
        if self._smap is None or self._smap.layout is not layout:
            self._smap = SentenceMap(layout)
        return self._smap

    def sentences_laid_out(self) -> None:
        """A new layout: the highlights and the cursor drawn on its lines."""
        self._load_highlights()
        self._draw()

    def _load_highlights(self) -> None:
        from reader.reading import quotes

        paras = self.sentence_paras()
        kept = [q for q in quotes.for_paper(self.app.conn, self.paper_id) if q.kind == "highlight"]
        self._highlights = quotes.highlighted(quotes.resolve(kept, paras)) if kept else {}

    def _draw(self) -> None:
        from reader.tui.widgets.doc_view import DocView

        smap = self._map()
        if smap is None:
            return
        over: dict[int, list[tuple[int, int, str]]] = {}
        by_anchor = {p.anchor: p for p in self.sentence_paras()}
        for anchor, placed in self._highlights.items():
            para = by_anchor.get(anchor)
            if para is None:
                continue
            ranges = smap.of(para)
            for p in placed:
                first, count = p.quote.sentence, p.quote.sentences
                pick = ranges if first is None else ranges[first - 1:first - 1 + count]
                self._spread(over, pick, "highlight", para)
        if self.sentence is not None:
            i, a, b = self.sentence
            para = self.sentence_paras()[i]
            self._spread(over, smap.of(para)[a:b + 1], "sentence", para)
        self.query_one(DocView).set_overlays(over)

    @staticmethod
    def _spread(over, pick, name, para) -> None:
        """Sentences next to each other as one stretch per line (no hole between them)."""
        lines: dict[int, list[int]] = {}
        for ranges in pick:
            for line, s, e in ranges:
                got = lines.setdefault(line, [s, e])
                got[0], got[1] = min(got[0], s), max(got[1], e)
        for line, (s, e) in lines.items():
            over.setdefault(line, []).append((s, e, name))

    # -- the cursor -----------------------------------------------------------------------------

    def action_sentence_start(self) -> None:
        from reader.tui.widgets.doc_view import DocView

        view = self.query_one(DocView)
        paras = self.sentence_paras()
        if view.doc_layout is None or not paras:
            self.notify("No sentences here to choose.", timeout=3)
            return
        top = view.top
        index = next((k for k, p in enumerate(paras)
                      if (view.line_of(p.anchor) or -1) >= top), len(paras) - 1)
        self.sentence = (index, 0, 0)
        self._draw()
        self.refresh_bindings()

    def action_sentence_move(self, step: int) -> None:
        if self.sentence is None:
            return
        paras = self.sentence_paras()
        i, a, b = self.sentence
        k = (b if step > 0 else a) + step
        if k >= len(paras[i].sentences):
            i, k = min(i + 1, len(paras) - 1), 0 if i + 1 < len(paras) else b
        elif k < 0:
            i, k = (i - 1, len(paras[i - 1].sentences) - 1) if i > 0 else (i, 0)
        self.sentence = (i, k, k)
        self._reveal_sentence()

    def action_sentence_extend(self, step: int) -> None:
        if self.sentence is None:
            return
        i, a, b = self.sentence
        n = len(self.sentence_paras()[i].sentences)
        if step > 0:
            if b + 1 >= n:
                self.notify("A quote is taken from one paragraph: this is its last sentence.",
                            timeout=3)
                return
            b += 1
        elif b > a:
            b -= 1
        else:
            return
        self.sentence = (i, a, b)
        self._reveal_sentence()

    def _reveal_sentence(self) -> None:
        from reader.tui.widgets.doc_view import DocView

        self._draw()
        view = self.query_one(DocView)
        smap = self._map()
        i, a, b = self.sentence
        ranges = smap.of(self.sentence_paras()[i])[b] if smap else []
        if ranges:
            line = ranges[-1][0]
            height = max(1, view.scrollable_content_region.height)
            if not view.top <= line < view.top + height:
                view.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True,
                               force=True)

    def sentence_end(self) -> bool:
        """Escape: the cursor ends (True when there was one)."""
        if self.sentence is None:
            return False
        self.sentence = None
        self._draw()
        self.refresh_bindings()
        return True

    def chosen(self):
        """The chosen sentences as reader.text.places.Taken (None: no cursor)."""
        from reader.text import places

        if self.sentence is None:
            return None
        paras = self.sentence_paras()
        i, a, b = self.sentence
        return places.take(paras, paras[i], a + 1, b + 1)

    # -- taking ---------------------------------------------------------------------------------

    def action_sentence_quote(self) -> None:
        taken = self.chosen()
        if taken is None:
            return
        from reader.tui.screens.ask import Ask

        def into(text: str | None) -> None:
            if text is None:
                return
            field = FIELDS.get(text.strip().lower())
            if field is None:
                self.notify(f"Cannot quote into {text.strip()!r}: type what, how, why or notes "
                            "(or w, h, y, n).", severity="error", markup=False)
                return
            self._take(taken, "quote", into=field)

        self.app.push_screen(Ask(f"Quote {taken.place} into", "what, how, why or notes "
                                 "(w, h, y, n); Enter takes it, escape cancels.",
                                 value="notes"), into)

    def action_sentence_cloze(self) -> None:
        taken = self.chosen()
        if taken is None:
            return
        from reader.tui.screens.ask import Ask

        def words(text: str | None) -> None:
            if text is None:
                return
            hidden = [w.strip() for w in text.split(";") if w.strip()]
            if not hidden:
                self.notify("A cloze needs the words to hide.", severity="error")
                return
            self._take(taken, "cloze", into="notes", cloze=hidden)

        self.app.push_screen(Ask(f"Cloze from {taken.place}", "The words to hide (each a "
                                 "{{c1::…}} deletion; several: separate them with ;). The card "
                                 "goes into the free notes.", placeholder=taken.text[:60]), words)

    def action_sentence_highlight(self) -> None:
        taken = self.chosen()
        if taken is not None:
            self._take(taken, "highlight")

    def _take(self, taken, kind: str, into: str | None = None, cloze=None) -> None:
        from reader.errors import PaperdeckError
        from reader.reading import notes, quotes
        from reader.tui.widgets.notes_editor import NotesEditor

        editor = self.query_one(NotesEditor)
        editor.flush()   # what is typed is saved first: the quote goes after it
        try:
            q = quotes.add(self.app.conn, self.paper_id, taken, kind, self.app.now(),
                           into=into, cloze=cloze)
        except PaperdeckError as e:
            self.notify(str(e), severity="error", markup=False)
            return
        if kind == "highlight":
            self.notify(f"Highlighted {q.place}.", timeout=3, markup=False)
            self.sentence = None
            self._load_highlights()
            self._draw()
        else:
            editor.sync(notes.get(self.app.conn, self.paper_id))
            name = {"text": "notes"}.get(q.field, q.field)
            self.notify(f"{'A cloze card' if kind == 'cloze' else 'Quoted'} into {name}: "
                        f"{q.place}", timeout=3, markup=False)
        self.app.library_changed.publish(self.paper_id)
