"""Progress on stderr: nothing for short runs, a line every 30 s in a CI log, stdout untouched."""

from __future__ import annotations

import pytest

from mtqa.cli import progress as module


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(module.time, "monotonic", fake)
    monkeypatch.setattr(module.sys.stderr, "isatty", lambda: False)
    return fake


def test_a_log_gets_a_line_every_thirty_seconds(clock: Clock, capsys: pytest.CaptureFixture[str]) -> None:
    shown = module.Progress()
    for done in range(0, 1000, 64):
        clock.now += 10
        shown(done, 1000)
    shown.close()
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 5 and lines[0] == "mtqa: scored 128/1000 segments (30 s)"


def test_a_short_run_prints_nothing(clock: Clock, capsys: pytest.CaptureFixture[str]) -> None:
    shown = module.Progress()
    clock.now += 100
    shown(50, 100)
    shown.close()
    assert capsys.readouterr() == ("", "")
