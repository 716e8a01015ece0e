"""``--changed-since REF``: check only the files a change touched.

"Changed" means what a pull request would show plus what is not committed yet: files added,
copied, modified or renamed between the merge base of REF and HEAD and the working tree
(``git diff --merge-base REF``), and untracked files that .gitignore does not exclude (a
translation written a minute ago is the one to check). Deleted files have nothing to check.
Using the merge base means changes that landed on REF after the branch forked do not count.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from mtqa.errors import UsageError


class _GitFailed(Exception):
    """git ran and said no; the caller knows what that means for the user."""


def _git(arguments: Sequence[str], cwd: Path) -> str:
    try:
        done = subprocess.run(
            ["git", *arguments], cwd=cwd, capture_output=True, text=True, encoding="utf-8", errors="surrogateescape", check=False
        )
    except FileNotFoundError:
        raise UsageError("--changed-since needs git, and git is not installed") from None
    if done.returncode != 0:
        raise _GitFailed(done.stderr.strip().splitlines()[0] if done.stderr.strip() else f"git {arguments[0]} failed")
    return done.stdout


def changed_files(ref: str, cwd: Path | None = None) -> set[Path]:
    """Absolute paths of the files changed since ``ref``; a bad ref or no repository is a UsageError."""
    folder = cwd or Path.cwd()
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], folder).strip())
    except _GitFailed:
        raise UsageError(f"--changed-since {ref}: {os.path.abspath(folder)} is not in a git repository") from None
    try:
        _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], folder)
    except _GitFailed:
        raise UsageError(f"--changed-since {ref}: no such git commit, branch or tag") from None
    try:
        diffed = _git(["diff", "--name-only", "-z", "--diff-filter=ACMR", "--merge-base", ref, "--"], top)
        untracked = _git(["ls-files", "-z", "--others", "--exclude-standard"], top)
    except _GitFailed as exc:
        raise UsageError(f"--changed-since {ref}: {exc}") from None
    names = [name for name in (diffed + untracked).split("\0") if name]
    return {Path(os.path.realpath(top / name)) for name in names}


def keep_changed(files: Sequence[Path], changed: set[Path]) -> list[Path]:
    """The given files (already expanded from folders) that are among the changed ones."""
    return [file for file in files if Path(os.path.realpath(file)) in changed]
