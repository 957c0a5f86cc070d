"""A progress bar on stderr for long evaluation runs, shown only on a terminal."""

from __future__ import annotations

import shutil
import sys
import time
from typing import TextIO

REDRAW_EVERY = 0.1
"""Seconds between redraws: a fast run should not spend its time drawing."""


class Progress:
    """``advance(name)`` as each item starts; ``close()`` clears the line. Writes nothing
    when the stream is not a terminal (CI logs, pipes) or when disabled."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None,
                 enabled: bool | None = None) -> None:
        self.total, self.label = total, label
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.done = 0
        self._drawn = False
        self._last = float("-inf")
        self._started = time.monotonic()

    def advance(self, name: str) -> None:
        self.done += 1
        now = time.monotonic()
        if not self.enabled or (now - self._last < REDRAW_EVERY and self.done < self.total):
            return
        self._last = now
        self.stream.write("\r" + self.line(name, now - self._started))
        self.stream.flush()
        self._drawn = True

    def line(self, name: str, elapsed: float) -> str:
        width = shutil.get_terminal_size((80, 20)).columns - 1
        count = f"{self.done}/{self.total}"
        bar_width = 20
        filled = bar_width * (self.done - 1) // max(self.total, 1)
        bar = "#" * filled + "-" * (bar_width - filled)
        text = f"{self.label} [{bar}] {count} {elapsed:.0f}s {name}"
        return text[:width].ljust(width)

    def close(self) -> None:
        if self._drawn:
            width = shutil.get_terminal_size((80, 20)).columns - 1
            self.stream.write("\r" + " " * width + "\r")
            self.stream.flush()
