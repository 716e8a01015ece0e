"""Progress of a long run on stderr: a live counter on a terminal, a line now and then in a CI log.

stdout stays clean either way (``--format json -o -`` pipes it), and a short run prints nothing.
"""

from __future__ import annotations

import os
import sys
import time

MIN_SEGMENTS = 128
"""Runs scoring fewer segments than this finish before a counter would be worth reading."""
LOG_EVERY = 30.0
"""Seconds between progress lines when stderr is not a terminal: a CI log gets a sign of life
without a line per batch."""


class Progress:
    """Called with (segments scored, total) as the model works."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty() and not os.environ.get("CI")
        self.shown = False
        self._started = time.monotonic()
        self._logged = self._started

    def __call__(self, done: int, total: int) -> None:
        if total < MIN_SEGMENTS:
            return
        if self.live:
            self.shown = True
            sys.stderr.write(f"\rmtqa: scored {done}/{total} segments")
            sys.stderr.flush()
            return
        now = time.monotonic()
        if now - self._logged >= LOG_EVERY and done < total:
            self._logged = now
            sys.stderr.write(f"mtqa: scored {done}/{total} segments ({now - self._started:.0f} s)\n")
            sys.stderr.flush()

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
