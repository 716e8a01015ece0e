"""Hostile-table cases for ``mtqa fix``: the real path, links, read-only files, backups that never
overwrite, and a diff that escapes what it shows."""

from __future__ import annotations

import os
from pathlib import Path

from hostile.table import FIX, OWN, TYPO, Case, case, write

# ----------------------------------------------------------------------------- fix


def _fix(root: Path, name: str, args: tuple[str, ...], code: int, pattern: str, **more: object) -> Case:
    if not os.path.lexists(root / "a.txt"):
        write(root, "a.txt", TYPO)
    options: dict[str, object] = {"timeout": 90.0, **more}
    return Case(name, (*args, *FIX), code, pattern, command="fix", **options)  # type: ignore[arg-type]


@case("fix-tab-name-and-its-decoy")
def _fix_tab(root: Path) -> Case:
    write(root, "x\ty.txt", TYPO)
    write(root, "x\\ty.txt", TYPO)
    outputs = ("x\ty.txt", "x\ty.txt.orig")
    return _fix(root, "fix-tab-name-and-its-decoy", ("x\ty.txt", "--in-place"), 0, r"1 fix\(es\) in 1 file", outputs=outputs)


@case("fix-symlink-in-place")
def _fix_link(root: Path) -> Case:
    write(root, "a.txt", TYPO)
    os.symlink("a.txt", root / "link.txt")
    return _fix(
        root, "fix-symlink-in-place", ("link.txt", "--in-place"), 0, r"backup in a\.txt\.orig", outputs=("a.txt", "a.txt.orig")
    )


@case("fix-hard-link-in-place")
def _fix_hard(root: Path) -> Case:
    write(root, "a.txt", TYPO)
    os.link(root / "a.txt", root / "twin.txt")
    outputs = ("a.txt", "twin.txt", "a.txt.orig")
    return _fix(root, "fix-hard-link-in-place", ("a.txt", "--in-place"), 0, r"1 fix\(es\) in 1 file", outputs=outputs)


@case("fix-read-only-refused")
def _fix_readonly(root: Path) -> Case:
    write(root, "a.txt", TYPO)
    os.chmod(root / "a.txt", 0o444)
    return _fix(root, "fix-read-only-refused", ("a.txt", "--in-place"), 2, r"a\.txt: is read-only; not rewritten", names="a.txt")


@case("fix-read-only-forced")
def _fix_forced(root: Path) -> Case:
    write(root, "a.txt", TYPO)
    os.chmod(root / "a.txt", 0o444)
    outputs = ("a.txt", "a.txt.orig")
    return _fix(root, "fix-read-only-forced", ("a.txt", "--in-place", "--force"), 0, r"1 fix\(es\)", outputs=outputs)


@case("fix-backup-never-overwritten")
def _fix_backup(root: Path) -> Case:
    write(root, "a.txt.orig", "an older backup\n")
    outputs = ("a.txt", "a.txt.orig.1")
    return _fix(root, "fix-backup-never-overwritten", ("a.txt", "--in-place"), 0, r"backup in a\.txt\.orig\.1", outputs=outputs)


@case("fix-suffix-never-overwrites")
def _fix_suffix(root: Path) -> Case:
    write(root, "a.fixed.txt", "someone's work\n")
    pattern = r"a\.fixed\.txt: already exists; refusing to overwrite it"
    return _fix(root, "fix-suffix-never-overwrites", ("a.txt", "--suffix", ".fixed"), 2, pattern, names="a.fixed.txt")


@case("fix-o-is-the-input")
def _fix_o(root: Path) -> Case:
    pattern = r"a\.txt: is the file being fixed; use --in-place"
    return _fix(root, "fix-o-is-the-input", ("a.txt", "-o", "a.txt"), 2, pattern, names="a.txt")


@case("fix-o-symlink-to-input")
def _fix_o_link(root: Path) -> Case:
    write(root, "a.txt", TYPO)
    os.symlink("a.txt", root / "link.txt")
    return _fix(
        root, "fix-o-symlink-to-input", ("a.txt", "-o", "link.txt"), 2, r"link\.txt: is the file being fixed", names="link.txt"
    )


@case("fix-o-dev-null")
def _fix_null(root: Path) -> Case:
    pattern = r"/dev/null: not a regular file"
    return _fix(root, "fix-o-dev-null", ("a.txt", "-o", "/dev/null"), 2, pattern, names="/dev/null")


@case("fix-suffix-with-slash")
def _fix_slash(root: Path) -> Case:
    pattern = r"--suffix '/\.\./x' must be a file-name suffix"
    return _fix(root, "fix-suffix-with-slash", ("a.txt", "--suffix", "/../x"), 2, pattern, names="--suffix")


@case("fix-diff-escapes-terminal-controls")
def _fix_escapes(root: Path) -> Case:
    write(root, "a.txt", "\x1b[2J\x1b]0;pwned\x07The parties will litigatte it.\x1b[32m All checks passed\n")
    return _fix(
        root, "fix-diff-escapes-terminal-controls", ("a.txt",), 0, r"\\u001b\[2J\\u001b\]0;pwned\\u0007The", stream="stdout"
    )


@case("fix-lone-cr-line-ends")
def _fix_cr(root: Path) -> Case:
    write(root, "a.txt", "Nothing else here.\rThe parties will litigatte the case.\r")
    outputs = ("a.txt", "a.txt.orig")
    return _fix(root, "fix-lone-cr-line-ends", ("a.txt", "--in-place"), 0, r"1 fix\(es\) in 1 file", outputs=outputs)


@case("fix-fifo-input")
def _fix_fifo(root: Path) -> Case:
    os.mkfifo(root / "pipe.txt")
    pattern = r"pipe\.txt: not a regular file \(a named pipe\)"
    return _fix(root, "fix-fifo-input", ("pipe.txt", "--in-place"), 2, pattern, names="pipe.txt", **OWN)
