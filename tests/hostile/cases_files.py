"""Hostile-table cases about the file system and the side files: loops, permissions, FIFOs and
devices, misaligned sources, hostile file names, and glossaries, baselines and configs that
do not parse."""

from __future__ import annotations

import os
from pathlib import Path

from hostile.table import FAST, GOOD, IS_ROOT, Case, case, write

# ----------------------------------------------------------------------------- files and folders


@case("symlink-loop-in-folder")
def _symlink_loop(root: Path) -> Case:
    write(root, "docs/a.txt", GOOD)
    os.symlink("..", root / "docs" / "up")  # docs/up/docs/up/... for ever
    os.symlink(".", root / "docs" / "here")
    os.symlink("self.txt", root / "docs" / "self.txt")
    return Case(
        "symlink-loop-in-folder",
        ("docs", *FAST),
        0,
        r"skipped docs/here: symbolic link to a folder, not followed",
        run="shared",
        timeout=60,
    )


@case("symlink-loop-named")
def _symlink_named(root: Path) -> Case:
    os.symlink("loop.txt", root / "loop.txt")
    return Case("symlink-loop-named", ("loop.txt",), 2, r"loop\.txt: symbolic link loop", names="loop.txt", run="own")


@case("unreadable-file")
def _unreadable(root: Path) -> Case:
    name = write(root, "secret.txt", GOOD)
    os.chmod(root / name, 0)
    if IS_ROOT:  # root reads any file: the honest expectation is a normal check
        return Case("unreadable-file", (name, *FAST), 0, r'"text": "The meeting lasted two hours\."', "stdout", what="as root")
    return Case("unreadable-file", (name,), 2, r"secret\.txt: permission denied", names=name)


@case("unreadable-folder-in-walk")
def _unreadable_folder(root: Path) -> Case:
    write(root, "docs/good.txt", GOOD)
    write(root, "docs/locked/hidden.txt", GOOD)
    os.chmod(root / "docs" / "locked", 0)
    if IS_ROOT:
        return Case(
            "unreadable-folder-in-walk", ("docs", *FAST), 0, r'"path": "docs/locked/hidden\.txt"', "stdout", what="as root"
        )
    return Case("unreadable-folder-in-walk", ("docs", *FAST), 0, r"skipped docs/locked: cannot list \(Permission denied\)")


@case("directory-named-like-file")
def _dir_like_file(root: Path) -> Case:
    (root / "chapter.txt").mkdir()
    write(root, "chapter.txt/notes.py", "print('not text')\n")
    return Case(
        "directory-named-like-file", ("chapter.txt",), 2, r"chapter\.txt: no checkable files in directory", names="chapter.txt"
    )


@case("directory-as-source")
def _dir_as_source(root: Path) -> Case:
    name = write(root, "target.txt", GOOD)
    (root / "source.txt").mkdir()
    return Case(
        "directory-as-source", (name, "--source", "source.txt"), 2, r"source\.txt: is a directory, not a file", names="source.txt"
    )


@case("source-fewer-lines")
def _source_short(root: Path) -> Case:
    target = write(root, "target.txt", "One.\nTwo.\nThree.\n")
    source = write(root, "source.txt", "Un.\nDeux.\n")
    return Case(
        "source-fewer-lines",
        (target, "--source", source),
        2,
        r"target\.txt: source\.txt has 2 lines but target\.txt has 3",
        names="target.txt",
    )


@case("reference-more-lines")
def _ref_long(root: Path) -> Case:
    target = write(root, "target.txt", "One.\nTwo.\n")
    reference = write(root, "ref.txt", "One.\nTwo.\nThree.\n")
    return Case(
        "reference-more-lines", (target, "--ref", reference), 2, r"ref\.txt has 3 lines but target\.txt has 2", names="target.txt"
    )


@case("fifo-named-like-text")
def _fifo(root: Path) -> Case:
    os.mkfifo(root / "pipe.txt")
    return Case(
        "fifo-named-like-text",
        ("pipe.txt", *FAST),
        2,
        r"pipe\.txt: not a regular file \(a named pipe\)",
        names="pipe.txt",
        run="own",
        timeout=60,
        what="opening a FIFO with no writer would block for ever",
    )


@case("fifo-in-folder")
def _fifo_in_folder(root: Path) -> Case:
    write(root, "docs/good.txt", GOOD)
    os.mkfifo(root / "docs" / "pipe.txt")
    return Case("fifo-in-folder", ("docs", *FAST), 0, r"skipped docs/pipe\.txt: not a regular file", run="shared", timeout=60)


@case("device-named-like-text")
def _device(root: Path) -> Case:
    os.symlink("/dev/zero", root / "zero.txt")
    return Case(
        "device-named-like-text",
        ("zero.txt",),
        2,
        r"zero\.txt: not a regular file \(a character device\)",
        names="zero.txt",
        run="own",
    )


# ----------------------------------------------------------------------------- hostile names


@case("file-name-with-markup")
def _markup_name(root: Path) -> Case:
    name = write(root, '"><img src=x onerror=alert(1)>.txt', "caf\xe9".encode("latin-1"))
    return Case("file-name-with-markup", (name,), 2, r'"><img src=x onerror=alert\(1\)>\.txt: not valid UTF-8', names=name)


@case("file-name-with-newline")
def _newline_name(root: Path) -> Case:
    name = write(root, "two\nlines.txt", "caf\xe9".encode("latin-1"))
    return Case("file-name-with-newline", (name,), 2, r"two\\nlines\.txt: not valid UTF-8", names="two\\nlines.txt", run="own")


@case("file-name-with-terminal-escape")
def _escape_name(root: Path) -> Case:
    name = write(root, "\x1b[2J\x1b[31mred.txt", "caf\xe9".encode("latin-1"))
    return Case(
        "file-name-with-terminal-escape",
        (name,),
        2,
        r"\\x1b\[2J\\x1b\[31mred\.txt: not valid UTF-8",
        names="\\x1b[2J\\x1b[31mred.txt",
    )


@case("file-name-not-utf8")
def _bytes_name(root: Path) -> Case:
    write(root, b"docs/caf\xe9.txt", GOOD)
    return Case("file-name-not-utf8", ("docs", *FAST), 0, r'"path": "docs/caf\\\\xe9\.txt"', "stdout", run="own")


# ----------------------------------------------------------------------------- side files


@case("glossary-not-utf8")
def _glossary(root: Path) -> Case:
    name = write(root, "doc.txt", GOOD)
    glossary = write(root, "terms.txt", "Café\n", "latin-1")
    return Case(
        "glossary-not-utf8", (name, "--glossary", glossary), 2, r"terms\.txt: line 1: glossary is not valid UTF-8", names=glossary
    )


@case("baseline-not-json")
def _baseline(root: Path) -> Case:
    name = write(root, "doc.txt", GOOD)
    baseline = write(root, "base.json", "{not json")
    return Case("baseline-not-json", (name, "--baseline", baseline), 2, r"base\.json", names=baseline)


@case("config-not-toml")
def _config(root: Path) -> Case:
    name = write(root, "doc.txt", GOOD)
    config = write(root, "mtqa.toml", "[tool.mtqa\nselect = \n")
    return Case("config-not-toml", (name, "--config", config), 2, r"mtqa\.toml", names=config, isolated=False)
