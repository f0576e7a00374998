"""A text progress bar for long management commands (only drawn on a terminal)."""

import sys
from typing import TextIO


class ProgressBar:
    def __init__(
        self, total: int, *, label: str = "", stream: TextIO | None = None, width: int = 30
    ):
        self.total, self.done, self.label, self.width = max(total, 1), 0, label, width
        self.stream = stream or sys.stderr
        self.visible = self.stream.isatty()

    def __call__(self, step: int = 1) -> None:
        self.done += step
        if self.visible:
            filled = self.width * self.done // self.total
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total}")
            if self.done >= self.total:
                self.stream.write("\n")
            self.stream.flush()
