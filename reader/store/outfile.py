"""Files and folders the user names with `-o`: checked before anything is written, written all or
nothing, with the permissions any file the user writes gets (0o666 minus the umask, or the mode
of the file it replaces).

- A single-file output refuses an existing folder and a folder that does not exist (its parent
  folders are never created: a typo in a path should not leave a tree of folders behind).
- A folder output refuses an existing file; the folder itself is created if its parent exists.
- Every file goes through a temporary file beside it and a rename, so a crash, a full disk or
  an error leaves either the old file or the new one, never half of one; on failure the
  temporary files (and a folder made for them) are removed.
- A pipe or a character device (`-o /dev/null`, `-o /dev/stdout`, a FIFO) is written into, never
  replaced by a regular file; a pipe nobody reads is given up after READER_WAIT_S. A block
  device or a socket is refused.
- The library's own files are never a target: its database (and `-wal`, `-shm`, `-journal`),
  its config.yaml, and anything in the folders paperdeck manages under its home (papers/,
  drafts/, backups/), nor a symbolic or hard link to one of them, nor the home itself as a
  folder output. Refused in one line before anything is written.
- Temporary files are created exclusively (O_CREAT|O_EXCL|O_NOFOLLOW) under random names, so a
  link planted at a temporary name is never followed.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from reader.errors import PaperdeckError, UsageError
from reader.store.paths import Paths

MANAGED = ("papers", "drafts", "backups")    # folders under the home that paperdeck fills
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _library_in_use(library: Paths | None) -> Paths:
    if library is not None:
        return library
    from reader.store.paths import resolve

    return resolve()


def _own_files(library: Paths) -> dict[Path, str]:
    """The library's files an output must never replace, by real path, with what each is."""
    db = library.db
    own = {db: "the library's database"}
    for suffix in ("-wal", "-shm", "-journal"):
        own[db.with_name(db.name + suffix)] = f"the library database's {suffix[1:]} file"
    own[library.config] = "paperdeck's config.yaml"
    return {Path(os.path.realpath(p)): what for p, what in own.items()}


def _managed(library: Paths) -> dict[Path, str]:
    return {Path(os.path.realpath(library.data / name)): name for name in MANAGED}


def _same_file_as_own(st: os.stat_result, library: Paths) -> str | None:
    """What the file with stat `st` is, when it is one of the library's files under another
    name (a hard link); None otherwise. Only a file with more than one name can be one."""
    if st.st_nlink < 2:
        return None
    candidates = list(_own_files(library).items())
    for folder, name in _managed(library).items():
        try:
            with os.scandir(folder) as entries:
                candidates += [(Path(e.path), f"a file in the library's {name}/ folder")
                               for e in entries if e.is_file(follow_symlinks=False)]
        except OSError:
            continue
    for path, what in candidates:
        try:
            if os.path.samestat(st, os.stat(path)):
                return what
        except OSError:
            continue
    return None


def _refuse_own(path: Path, what: str, flag: str, library: Paths | None,
                folder: bool = False) -> None:
    """UsageError when writing `what` to `path` would write over the library's own files."""
    library = _library_in_use(library)
    real = Path(os.path.realpath(path))
    found = None
    if folder and real == Path(os.path.realpath(library.data)):
        found = "the library's own folder"
    if found is None:
        found = _own_files(library).get(real)
    if found is None:
        for managed, name in _managed(library).items():
            if real == managed or managed in real.parents:
                found = f"the library's {name}/ folder" if real == managed else \
                    f"in the library's {name}/ folder"
                break
    if found is None and not folder:
        try:
            found = _same_file_as_own(os.stat(path), library)
        except OSError:
            found = None
        if found is not None:
            found = f"another name of {found}"
    if found is not None:
        shown = str(path) if real == Path(path) else f"{path} (that is {real})"
        harm = "write into paperdeck's own files" if folder or found.startswith("in ") else \
            "overwrite it"
        what = what if what.startswith(("a ", "an ", "the ")) else f"the {what}"
        raise UsageError(f"{flag.split()[0]} {shown} is {found}: {what} would {harm}; give "
                         f"another {flag} outside the library")


def _parent_ok(path: Path, flag: str) -> None:
    parent = path.parent
    if not parent.exists():
        raise UsageError(f"the folder {parent} does not exist; create it first or give "
                         f"another {flag}")
    if not parent.is_dir():
        raise UsageError(f"{parent} is not a folder, so {path} cannot be written; give "
                         f"another {flag}")


def file_target(path: str | os.PathLike[str], what: str, flag: str = "-o FILE",
                library: Paths | None = None) -> Path:
    """Check that `path` can be a single file written by `what` (e.g. "BibTeX export"):
    not a folder, in a folder that exists, not one of `library`'s own files (default: the
    library in use, $PAPERDECK_HOME or the platform's folders). Returns it as a Path."""
    p = Path(path)
    if str(path) == "" or p.is_dir():
        raise UsageError(f"{path or '.'} is a folder; {what} writes one file: give {flag}")
    _refuse_own(p, what, flag, library)
    _parent_ok(p, flag.split()[0])
    return p


def folder_target(path: str | os.PathLike[str], what: str, flag: str = "-o DIR",
                  library: Paths | None = None) -> Path:
    """Check that `path` can be the folder `what` writes into: an existing folder, or a new one
    whose parent exists (it is created when the first file is written); neither the library's
    home nor one of the folders paperdeck manages in it."""
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise UsageError(f"{path} is a file; {what} writes a folder: give {flag}")
    _refuse_own(p, what, flag, library, folder=True)
    if not p.exists():
        _parent_ok(p, flag.split()[0])
    return p


def _real(path: Path) -> Path:
    """Writing through a symbolic link writes the file it points to (as an editor would)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _mode_of(path: Path) -> int | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return stat.S_IMODE(st.st_mode) if stat.S_ISREG(st.st_mode) else None


def new_temp(path: Path) -> Path:
    """An empty temporary file beside `path`, created exclusively under a random name (a link
    planted at any name is never followed): mode 0o666 minus the umask (as open() gives any
    new file), or the mode of the file it will replace. Every temporary file paperdeck writes
    is made here."""
    mode = _mode_of(path)
    for _ in range(100):
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        if mode is not None:
            os.chmod(tmp, mode)
        return tmp
    raise FileExistsError(f"cannot make a temporary file beside {path}")


def _cleanup(tmp: Path) -> None:
    for leftover in (tmp, tmp.with_name(tmp.name + "-journal"), tmp.with_name(tmp.name + "-wal"),
                     tmp.with_name(tmp.name + "-shm")):
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            pass


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _cannot(path: Path, e: OSError) -> PaperdeckError:
    if e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):   # the disk, not the file
        from reader.store.failures import FULL, READ_ONLY_FS, refusal

        return refusal(path, READ_ONLY_FS if e.errno == errno.EROFS else FULL,
                       "nothing was written")
    reason = e.strerror or str(e)
    return PaperdeckError(f"cannot write {path}: {reason[:1].lower() + reason[1:]}; nothing was "
                          "written")


READER_WAIT_S = 10.0   # how long a pipe given as -o may stay without a reader


def _written_into(path: Path) -> bool:
    """True when `path` is a pipe or a character device (`-o /dev/null`, `-o /dev/stdout`, a
    FIFO): such a target is written into, never replaced by a regular file. A block device or
    a socket is refused; a regular file, a folder or nothing there gives False."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return False
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return True
    kind = "a block device" if stat.S_ISBLK(mode) else \
        "a socket" if stat.S_ISSOCK(mode) else "not a regular file"
    raise UsageError(f"{path} is {kind}; give a file to write to")


def _open_to_write_into(path: Path) -> int:
    """Open a pipe or device for writing, without creating or truncating anything. A pipe
    nobody reads would block open() for ever: wait up to READER_WAIT_S for a reader, then
    give up."""
    deadline = time.monotonic() + READER_WAIT_S
    while True:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
        except OSError as e:
            if e.errno != errno.ENXIO:
                raise _cannot(path, e) from None
            if time.monotonic() >= deadline:
                raise PaperdeckError(f"cannot write {path}: nobody read from the pipe within "
                                     f"{READER_WAIT_S:g} s; nothing was written") from None
            time.sleep(0.05)
            continue
        os.set_blocking(fd, True)
        return fd


def _write_into(path: Path, data: bytes | None = None, source: Path | None = None) -> None:
    """Write `data`, or the file `source`, into the pipe or device `path`."""
    fd = _open_to_write_into(path)
    try:
        with os.fdopen(fd, "wb") as out:
            if source is None:
                out.write(data or b"")
            else:
                with open(source, "rb") as f:
                    shutil.copyfileobj(f, out)
    except OSError as e:
        raise _cannot(path, e) from None


@contextmanager
def _through_temp(target: Path) -> Iterator[Path]:
    """`replacing` for a pipe or device: the block fills a temporary file in the system's
    temporary folder (nothing is made beside a device), which is then written into `target`."""
    try:
        fd, name = tempfile.mkstemp(prefix=".paperdeck-", suffix=".part")
        os.close(fd)
    except OSError as e:
        raise _cannot(target, e) from None
    tmp = Path(name)
    try:
        yield tmp
        _write_into(target, source=tmp)
    finally:
        _cleanup(tmp)


@contextmanager
def replacing(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary file beside `path` for the block to fill (an empty file that may be opened,
    truncated or handed to SQLite); it replaces `path` when the block ends without an error and
    is removed otherwise. A pipe or character device at `path` is written into instead, never
    replaced. An OSError becomes a one-line PaperdeckError."""
    target = _real(Path(path))
    if _written_into(target):
        with _through_temp(target) as tmp:
            yield tmp
        return
    try:
        tmp = new_temp(target)
    except OSError as e:
        raise _cannot(target, e) from None
    try:
        yield tmp
        _fsync(tmp)
        os.replace(tmp, target)
    except OSError as e:
        _cleanup(tmp)
        raise _cannot(target, e) from None
    except BaseException:
        _cleanup(tmp)
        raise


def _bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def write_file(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write `data` to `path` all or nothing. A device or a pipe (`-o /dev/stdout`) is written
    as it is; anything else goes through a temporary file and a rename."""
    p = Path(path)
    if _written_into(p):
        _write_into(p, _bytes(data))
        return p
    with replacing(p) as tmp:
        with open(tmp, "wb") as f:
            f.write(_bytes(data))
    return p


def write_files(folder: str | os.PathLike[str], files: Mapping[str, str | bytes],
                library: Paths | None = None) -> list[Path]:
    """Write several files into `folder` (created if missing, its parent must exist): all are
    written to temporary files first, and only when every one is complete are they renamed into
    place. On failure nothing is left: no temporary file, and no folder made for them. A file
    that is a link to one of the library's own files is refused before any is written."""
    folder = Path(folder)
    made = False
    temps: list[tuple[Path, Path]] = []
    for name in files:
        _refuse_own(folder / name, "the export", "-o DIR", library)
    try:
        if files and not folder.is_dir():
            folder.mkdir()
            made = True
        for name, data in files.items():
            target = _real(folder / name)
            tmp = new_temp(target)
            temps.append((tmp, target))
            with open(tmp, "wb") as f:
                f.write(_bytes(data))
                f.flush()
                os.fsync(f.fileno())
        for tmp, target in temps:
            os.replace(tmp, target)
    except BaseException as e:
        for tmp, _ in temps:
            _cleanup(tmp)
        if made:
            try:
                folder.rmdir()
            except OSError:
                pass
        if isinstance(e, OSError):
            raise _cannot(folder, e) from None
        raise
    return [target for _, target in temps]
