"""Sync through a folder that git, Syncthing, Dropbox or a USB stick carries (issue 23).

Never the live database: each device appends its own changes to its own line-based files
(`log`), stamped with a hybrid logical clock (`hlc`); what changed is found by comparing the
library with the state of the last sync (`changes`); everyone's changes merge deterministically
(`merge`) and are written into the library (`apply`); local PDFs travel content-addressed
(`files`); a git work tree is pulled, committed and pushed with the user's own git (`git`).
`run.sync` does one whole sync.
"""

from reader.sync.run import Report, status, sync

__all__ = ["sync", "status", "Report"]
