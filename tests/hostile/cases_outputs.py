"""Hostile-table cases for the output gate (issue 18): every file mtqa writes goes through one
gate that refuses to replace an input, a device, a FIFO or a folder."""

from __future__ import annotations

import os
from pathlib import Path

from hostile.table import FAST, GOOD, OWN, Case, case, write


def _refused(root: Path, name: str, dest: str, pattern: str, *, command: str = "check", run: str = "inline") -> Case:
    write(root, "a.txt", GOOD)
    args = ("a.txt", *FAST, "-o", dest) if command == "check" else ("a.txt", "-o", dest)
    return Case(name, args, 2, pattern, names=dest, command=command, run=run, timeout=90.0)


@case("out-o-is-the-input")
def _o_input(root: Path) -> Case:
    return _refused(root, "out-o-is-the-input", "a.txt", r"a\.txt: is an input of this run; refusing to overwrite it")


@case("out-o-symlink-to-input")
def _o_link(root: Path) -> Case:
    os.symlink("a.txt", root / "link.txt")
    return _refused(root, "out-o-symlink-to-input", "link.txt", r"link\.txt: is an input of this run")


@case("out-o-hardlink-to-input")
def _o_hard(root: Path) -> Case:
    built = _refused(root, "out-o-hardlink-to-input", "hard.txt", r"hard\.txt: is an input of this run")
    os.link(root / "a.txt", root / "hard.txt")
    return built


@case("out-o-fifo")
def _o_fifo(root: Path) -> Case:
    os.mkfifo(root / "pipe")
    return _refused(root, "out-o-fifo", "pipe", r"pipe: not a regular file \(a named pipe\)", run="own")


@case("out-o-dev-null")
def _o_null(root: Path) -> Case:
    return _refused(root, "out-o-dev-null", "/dev/null", r"/dev/null: not a regular file \(a character device\)")


@case("out-o-directory")
def _o_dir(root: Path) -> Case:
    (root / "folder").mkdir()
    return _refused(root, "out-o-directory", "folder", r"folder: is a directory, not a file")


@case("out-o-below-a-file")
def _o_below(root: Path) -> Case:
    return _refused(root, "out-o-below-a-file", "a.txt/r.json", r"a\.txt/r\.json: cannot create its folder: a\.txt is a file")


@case("out-o-dangling-symlink")
def _o_dangling(root: Path) -> Case:
    os.symlink("/nonexistent/elsewhere.json", root / "r.json")
    return _refused(root, "out-o-dangling-symlink", "r.json", r"r\.json: symbolic link to nothing")


@case("out-output-dir-is-a-file")
def _dir_file(root: Path) -> Case:
    write(root, "a.txt", GOOD)
    write(root, "rep", "a file\n")
    pattern = r"rep/mtqa-report\.json: cannot create its folder: rep is a file"
    return Case("out-output-dir-is-a-file", ("a.txt", "--no-suggest", "--output-dir", "rep"), 2, pattern, names="rep")


@case("out-reports-not-read-back")
def _read_back(root: Path) -> Case:
    write(root, "docs/a.txt", GOOD)
    write(root, "docs/mtqa-report.json", '{"mtqa_version": "0", "documents": []}\n')
    write(root, "docs/mtqa-report.md", "# old report\n")
    args = ("docs", "--no-suggest", "--fail-on", "never", "--format", "json,markdown", "--output-dir", "docs")
    outputs = ("docs/mtqa-report.json", "docs/mtqa-report.md")
    return Case("out-reports-not-read-back", args, 0, r"skipped docs/mtqa-report\.json: an mtqa report", outputs=outputs)


@case("out-action-folder-skipped")
def _action_folder(root: Path) -> Case:
    write(root, "mtqa-reports/mtqa-report.json", "{}\n")
    write(root, "mtqa-reports/notes.txt", GOOD)
    write(root, "a.txt", GOOD)
    return Case("out-action-folder-skipped", (".", *FAST), 0, r"skipped mtqa-reports: report output folder")


@case("out-dash-is-stdout")
def _dash(root: Path) -> Case:
    write(root, "a.txt", GOOD)
    return Case("out-dash-is-stdout", ("a.txt", *FAST, "-o", "-"), 0, r'"documents": 1', "stdout")


@case("out-latin1-stdout")
def _latin1_stdout(root: Path) -> Case:
    write(root, "a.txt", "Le café → 日本語 est chome.\n")
    env = {"PYTHONIOENCODING": "latin-1"}
    return Case(
        "out-latin1-stdout",
        ("a.txt", "--no-suggest", "--fail-on", "never", "--no-reports"),
        0,
        r"1 document",
        "stdout",
        env=env,
        **OWN,
    )  # type: ignore[arg-type]


@case("baseline-o-is-the-input")
def _baseline_input(root: Path) -> Case:
    return _refused(root, "baseline-o-is-the-input", "a.txt", r"a\.txt: is an input of this run", command="baseline")


@case("baseline-o-directory")
def _baseline_dir(root: Path) -> Case:
    (root / "folder").mkdir()
    return _refused(root, "baseline-o-directory", "folder", r"folder: is a directory", command="baseline")
