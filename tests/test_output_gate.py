"""The output gate (mtqa.storage.output) on real files: what it refuses, and all-or-none writes."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

import mtqa.storage.output
from mtqa.storage.output import Inputs, Mode, OutputError, Write, commit, resolve


@pytest.fixture()
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("input\n", encoding="utf-8")
    return tmp_path


def refused(path: Path, inputs: Inputs, mode: Mode = Mode.REPLACE) -> str:
    with pytest.raises(OutputError) as caught:
        commit([Write(path, b"new")], inputs) if mode is Mode.REPLACE else commit([Write(path, b"new", mode)], inputs)
    return str(caught.value)


def test_an_input_is_refused_by_name_link_and_inode(here: Path) -> None:
    inputs = Inputs.of([here / "a.txt"])
    os.symlink("a.txt", here / "link.txt")
    os.link(here / "a.txt", here / "hard.txt")
    assert refused(Path("a.txt"), inputs) == "a.txt: is an input of this run; refusing to overwrite it"
    assert "link.txt: is an input" in refused(Path("link.txt"), inputs)
    assert "hard.txt: is an input" in refused(Path("hard.txt"), inputs)
    assert (here / "a.txt").read_text(encoding="utf-8") == "input\n" and (here / "link.txt").is_symlink()


def test_special_files_folders_and_files_as_folders_are_refused(here: Path) -> None:
    os.mkfifo(here / "pipe")
    (here / "dir").mkdir()
    os.symlink("missing", here / "dangling")
    inputs = Inputs()
    assert refused(here / "pipe", inputs).endswith("pipe: not a regular file (a named pipe); refusing to replace it")
    assert "not a regular file (a character device)" in refused(Path("/dev/null"), inputs)
    assert refused(Path("dir"), inputs) == "dir: is a directory, not a file"
    assert refused(Path("a.txt/report.json"), inputs) == "a.txt/report.json: cannot create its folder: a.txt is a file"
    assert "symbolic link to nothing" in refused(Path("dangling"), inputs)
    assert not (here / "missing").exists() and (here / "pipe").is_fifo()


def test_a_link_to_an_output_is_followed_and_kept(here: Path) -> None:
    (here / "old.json").write_text("old", encoding="utf-8")
    os.symlink("old.json", here / "report.json")
    commit([Write(Path("report.json"), b"new")], Inputs())
    assert (here / "report.json").is_symlink() and (here / "old.json").read_bytes() == b"new"


def test_create_never_overwrites(here: Path) -> None:
    (here / "b.txt").write_text("keep", encoding="utf-8")
    assert "already exists; refusing to overwrite it" in refused(Path("b.txt"), Inputs(), Mode.CREATE)
    commit([Write(Path("c.txt"), b"made", Mode.CREATE, 0o640)], Inputs())
    assert (here / "c.txt").read_bytes() == b"made" and (here / "c.txt").stat().st_mode & 0o777 == 0o640


def test_rewrite_keeps_the_inode_so_every_hard_link_sees_it(here: Path) -> None:
    os.link(here / "a.txt", here / "twin.txt")
    before = (here / "a.txt").stat().st_ino
    commit([Write(Path("a.txt"), b"fixed\n", Mode.REWRITE)], Inputs.of(["a.txt"]))
    assert (here / "twin.txt").read_bytes() == b"fixed\n" and (here / "a.txt").stat().st_ino == before


def test_a_full_disk_leaves_all_old_reports(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ENOSPC while staging the second of two reports: neither is replaced, no temp file stays."""
    for name in ("r.json", "r.html"):
        (here / name).write_text("old", encoding="utf-8")
    calls = []

    def full_disk(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(mtqa.storage.output.os, "fsync", full_disk)
    with pytest.raises(OutputError, match=r"^r\.html: cannot write \(No space left on device\)$"):
        commit([Write(Path("r.json"), b"new"), Write(Path("r.html"), b"new")], Inputs())
    assert sorted(p.name for p in here.iterdir()) == ["a.txt", "r.html", "r.json"]
    assert all((here / n).read_text(encoding="utf-8") == "old" for n in ("r.json", "r.html"))


def test_a_failed_rename_puts_back_the_ones_before_it(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("r.json", "r.html"):
        (here / name).write_text("old", encoding="utf-8")
    real_replace = os.replace
    calls = []

    def flaky(source: str, target: str) -> None:
        calls.append(target)
        if len(calls) == 2:
            raise OSError(errno.EROFS, "Read-only file system")
        real_replace(source, target)

    monkeypatch.setattr(mtqa.storage.output.os, "replace", flaky)
    with pytest.raises(OutputError, match="Read-only file system"):
        commit([Write(Path("r.json"), b"new"), Write(Path("r.html"), b"new")], Inputs())
    monkeypatch.setattr(mtqa.storage.output.os, "replace", real_replace)
    assert all((here / n).read_text(encoding="utf-8") == "old" for n in ("r.json", "r.html"))
    assert sorted(p.name for p in here.iterdir()) == ["a.txt", "r.html", "r.json"]


def test_one_bad_destination_writes_nothing(here: Path) -> None:
    with pytest.raises(OutputError, match="is an input"):
        commit([Write(Path("new.json"), b"x"), Write(Path("a.txt"), b"x")], Inputs.of(["a.txt"]))
    assert not (here / "new.json").exists()
    with pytest.raises(OutputError, match="named twice"):
        commit([Write(Path("x.json"), b"1"), Write(Path("./x.json"), b"2")], Inputs())


def test_resolve_is_the_check_commit_makes(here: Path) -> None:
    target = resolve(Path("sub/new.json"), Inputs())
    assert target.real == here.resolve() / "sub" / "new.json" and target.existing is None
    assert not (here / "sub").exists()
