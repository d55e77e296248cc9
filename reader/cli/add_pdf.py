"""`paperdeck add FILE.pdf`: PDFs from disk (reader.library.localpdf).

A PDF that names its arXiv id (arXiv's stamp on its first page, or its metadata) is imported
as that arXiv paper when `--arxiv` says so or, in a terminal, when the user does; otherwise
(a script: nothing asked, nothing fetched) it is added as a local paper, and one line says how
to import it as the arXiv paper instead."""

from __future__ import annotations

import shlex
import sys

from reader.cli.output import ask, err


def add_pdfs(args, ctx, paths: list[str], several: bool) -> tuple[list[str], int, int]:
    """Add each PDF; (the ids added or already there, failures, failures that were bad input).
    Each failure is one `paperdeck: ...` line."""
    from reader.arxiv.api import ArxivUnavailable
    from reader.errors import UsageError
    from reader.library.localpdf import AlreadyAdded, add_as_arxiv, add_local, open_pdf

    added: list[str] = []
    failed = bad_input = 0
    for path in paths:
        try:
            pdf = open_pdf(path)
            if _as_arxiv(args, pdf):
                paper = add_as_arxiv(ctx.conn, ctx.paths, ctx.arxiv, pdf)
            else:
                paper = add_local(ctx.conn, ctx.paths, pdf)
                if pdf.arxiv_id is not None:
                    err(f"{'  ' if several else ''}{path} names arXiv:{pdf.arxiv_id}: added "
                        "as a local paper; to import it as that arXiv paper instead "
                        "(arXiv's title, authors and abstract, this file as its PDF): "
                        f"paperdeck add --arxiv {shlex.quote(path)}")
        except AlreadyAdded as e:
            added.append(e.paper.id)
            err(f"  {e}" if several else str(e))
            continue
        except UsageError as e:
            failed += 1
            bad_input += 1
            err(f"paperdeck: {e}")
            continue
        except ArxivUnavailable as e:   # arXiv could not give its metadata
            failed += 1
            err(f"paperdeck: {path}: {e}")
            continue
        added.append(paper.id)
        err(f"  added {paper.id}  {paper.title}" if several else f"added {paper.id}  {paper.title}")
    return added, failed, bad_input


def _as_arxiv(args, pdf) -> bool:
    """Whether a PDF that names its arXiv id is imported as that arXiv paper: with --arxiv;
    in a terminal, when the user says so; otherwise not (a script's `add FILE.pdf` stays local
    and asks nothing of arXiv, and says how to import it as the arXiv paper)."""
    if args.arxiv:
        return True
    if pdf.arxiv_id is None or not (sys.stdin.isatty() and sys.stderr.isatty()):
        return False
    ask(f"{pdf.path.name} names arXiv:{pdf.arxiv_id} (arXiv's stamp on its first page). Import "
        "it as that arXiv paper, with arXiv's title, authors and abstract and this file as "
        "its PDF? [Y/n]")
    line = sys.stdin.readline()
    return line != "" and line.strip().lower() in ("", "y", "yes")   # end of input: no
