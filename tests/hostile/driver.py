"""Run hostile cases through the CLI inside one process, each under its own time limit.

``run_case`` is what tests/test_hostile.py uses in the pytest process. Run as a script it
serves the "shared" cases: those that could hang or blow up if a guard failed, but that load the
model, so that a process of their own each would cost a Python, torch and model start-up apiece.
It reads ``{"corpus", "output", "env", "cases": [...]}`` as JSON on stdin and prints one JSON
line when a case starts and one when it ends; the test's hard timeout on this process, and the
last "start" line without its "end", name a case that hung in code no alarm can interrupt.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
import traceback
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path


class CaseTimedOut(BaseException):
    """Raised by the alarm; a BaseException, so that no ``except Exception`` in mtqa swallows it."""


@dataclass(frozen=True)
class Outcome:
    exit_code: int | str
    """The process exit code, or "timeout" / "crash" when there is none."""
    stdout: str
    stderr: str
    seconds: float


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise CaseTimedOut()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_argv(args: Sequence[str], isolated: bool, output: Path, command: str = "check") -> list[str]:
    """``mtqa check`` arguments: config files ignored (unless the case brings one), reports
    (if any) written outside the corpus. Other commands (``fix``, ``baseline``, ``config``,
    ``models``) get their arguments as they are, after ``--isolated`` where asked."""
    if command != "check":
        return [*command.split(), *(["--isolated"] if isolated else []), *args]
    return ["check", *(["--isolated"] if isolated else []), "--output-dir", str(output), *args]


def run_case(args: Sequence[str], cwd: Path, env: Mapping[str, str], timeout: float) -> Outcome:
    """``mtqa check ARGS`` through Typer's CliRunner in this process, in ``cwd``."""
    from typer.testing import CliRunner

    from mtqa.cli.app import app

    here = Path.cwd()
    started = time.monotonic()
    os.chdir(cwd)
    try:
        with time_limit(timeout):
            result = CliRunner().invoke(app, list(args), env=dict(env))
    except CaseTimedOut:
        return Outcome("timeout", "", "", time.monotonic() - started)
    finally:
        os.chdir(here)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))  # shows as "Traceback"
    return Outcome(result.exit_code, result.stdout, stderr, time.monotonic() - started)


def main() -> None:
    job = json.load(sys.stdin)
    corpus, output = Path(job["corpus"]), Path(job["output"])
    for case in job["cases"]:
        print(json.dumps({"event": "start", "name": case["name"]}), flush=True)
        argv = check_argv(case["args"], case["isolated"], output / case["name"], case["command"])
        outcome = run_case(argv, corpus / case["name"], {**job["env"], **case["env"]}, case["timeout"])
        print(json.dumps({"event": "end", "name": case["name"], **asdict(outcome)}), flush=True)


if __name__ == "__main__":
    main()
