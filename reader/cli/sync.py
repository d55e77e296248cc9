"""`paperdeck sync [DIR]`: share the library with other computers through a folder."""

from __future__ import annotations

from pathlib import Path

from reader.cli.output import err, out


def register(sub) -> None:
    p = sub.add_parser(
        "sync", help="sync the library with other computers through a folder (git, Syncthing, "
        "Dropbox, a USB stick)",
        description="Write this library's changes into DIR and merge in those of the other "
        "computers that sync with it. DIR is a folder something else carries between "
        "computers; when it is a git work tree with a remote, sync pulls, commits and pushes "
        "with your git. Without DIR: sync.folder from the config.")
    p.add_argument("dir", nargs="?", metavar="DIR", help="the sync folder (default: sync.folder)")
    p.add_argument("--status", action="store_true",
                   help="say what waits to go out and what came in, without syncing")
    p.set_defaults(func=cmd_sync)


def _folder(args, ctx) -> Path:
    from reader.sync.folder import choose

    return choose(args.dir, ctx.config["sync.folder"], ctx.paths.data, ctx.paths.config)


def cmd_sync(args, ctx) -> int:
    from reader import clock
    from reader.reading.reviewing import deck_settings
    from reader.sync import git, run

    folder = _folder(args, ctx)
    if args.status:
        for line in run.status(ctx.conn, ctx.paths, folder, ctx.config["sync.device"]):
            out(line)
        return 0
    carried = git.is_repo(folder)
    if carried:
        note = git.pull(folder)
        if note:
            err(f"paperdeck: {note}")
    report = run.sync(ctx.conn, ctx.paths, folder, clock.now(),
                      settings=deck_settings(ctx.conn, ctx.config), name=ctx.config["sync.device"])
    for line in report.lines():
        err(line)
    if carried:
        note = git.publish(folder, f"paperdeck sync: {report.sent} changes from "
                           f"{ctx.config['sync.device'] or report.device}")
        if note:
            err(f"paperdeck: {note}")
    return 1 if report.conflicts else 0
