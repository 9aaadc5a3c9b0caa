"""A progress line for long imports, on a terminal or in a log."""

import time


class Progress:
    """A progress line on stderr: redrawn in a terminal, a line every 10% otherwise."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.live = stream.isatty()
        self.shown: tuple[str, int] | None = None
        self.started = time.monotonic()

    def __call__(self, stage: str, done: int, total: int, lines: int) -> None:
        percent = done * 100 // total if total else 100
        step = (stage, percent if self.live else percent // 10)
        if step == self.shown:
            return
        self.shown = step
        text = (
            f"{stage}: {lines:,} lines, {done / 1e6:.1f} of {total / 1e6:.1f} MB ({percent}%), "
            f"{time.monotonic() - self.started:.0f} s"
        )
        self.stream.write(f"\r{text}\033[K" if self.live else f"{text}\n")
        if self.live and done >= total:
            self.stream.write("\n")
        self.stream.flush()
