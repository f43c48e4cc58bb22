"""The live preview behind `papercat serve`: the builder's dev server runs as a child process, pages are
regenerated when the catalogue changes, and the child is stopped however papercat stops (Ctrl-C, SIGTERM,
SIGHUP, an error), so no server is left holding the port.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from watchdog.events import (
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from ..errors import PapercatError
from ..files import Layout

QUIET = 0.3  # seconds with no change before regenerating: a git checkout or an ingest is one burst
LONGEST = 3.0  # a burst that goes on longer than this regenerates anyway, so edits show while it lasts
GRACE = 5.0  # seconds the server gets to exit after each of SIGINT and SIGTERM, before SIGKILL
# writes only: generate reads every paper file, and reads must not look like edits
WRITES = [FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent]
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class Stopped(BaseException):
    """SIGTERM or SIGHUP arrived: leave the serve loop through its cleanup (a BaseException, like
    KeyboardInterrupt, so that no `except Exception` on the way swallows it)."""


class Changes(FileSystemEventHandler):
    """Notes writes to paper files, tags.yml and topics.yml (not dumps, not the cache) and groups them in bursts."""

    def __init__(self, layout: Layout) -> None:
        self._papers = layout.papers
        self._files = {layout.tags, layout.topics}
        self._cond = threading.Condition()
        self._first: float | None = None  # when the current burst began, None when there is none
        self._last = 0.0

    def relevant(self, path: str) -> bool:
        p = Path(path)
        return p in self._files or (p.parent == self._papers and p.suffix == ".yaml")

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or not isinstance(event, tuple(WRITES)):
            return
        paths = [event.src_path, event.dest_path]  # a move counts for both names (atomic writes rename)
        if any(p and self.relevant(os.fsdecode(p)) for p in paths):
            with self._cond:
                now = time.monotonic()
                if self._first is None:
                    self._first = now
                self._last = now
                self._cond.notify_all()

    def wait(self, timeout: float) -> bool:
        """Wait up to `timeout` for changes; once some came, wait until they settle. True when a burst settled."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                now = time.monotonic()
                if self._first is not None:
                    settled = min(self._last + QUIET, self._first + LONGEST)
                    if now >= settled:
                        self._first = None
                        return True
                    wake = settled
                elif now >= deadline:
                    return False
                else:
                    wake = deadline
                self._cond.wait(wake - now)


def watch(layout: Layout) -> tuple[Changes, Observer]:
    """Start watching the catalogue folder (one recursive watch: new folders are picked up too)."""
    if not layout.root.is_dir():
        raise PapercatError(f"no catalogue folder {layout.root}", hint="run papercat from the project folder")
    changes = Changes(layout)
    observer = Observer()
    try:
        observer.schedule(changes, str(layout.root), recursive=True, event_filter=WRITES)
        observer.start()
    except OSError as exc:  # e.g. the inotify instance or watch limit is reached
        raise PapercatError(
            f"cannot watch {layout.root} for changes: {exc}", hint="raise the system's file watch limits"
        ) from None
    return changes, observer


def _stop(signum: int, _frame: object) -> None:
    raise Stopped(signum)


def stop_server(proc: subprocess.Popen) -> None:
    """Stop the server and whatever it started: SIGINT first (MkDocs then removes its temporary site), then
    SIGTERM, then SIGKILL, each to its whole process group."""
    if proc.poll() is not None:  # it stopped by itself (and its process group id may be reused already)
        return
    if os.name != "posix":
        proc.terminate()
        proc.wait()
        return
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(GRACE)
            return
        except subprocess.TimeoutExpired:
            continue
    proc.wait()


def serve(command: Sequence[str], env: Mapping[str, str], layout: Layout, regenerate: Callable[[], None]) -> int:
    """Run the dev server `command` and call `regenerate()` after each burst of catalogue changes.

    Returns the server's exit code if it stops by itself, 0 when papercat is stopped (Ctrl-C, SIGTERM, SIGHUP).
    """
    layout = Layout(layout.root.resolve())  # event paths are absolute
    # SIGINT too: a shell that starts papercat in the background makes it ignored, and the server inherits that
    handlers = {sig: signal.signal(sig, _stop) for sig in STOP_SIGNALS}
    handlers[signal.SIGINT] = signal.signal(signal.SIGINT, signal.default_int_handler)
    observer = proc = None
    try:
        changes, observer = watch(layout)
        # its own process group: Ctrl-C reaches papercat alone, and stopping the group stops all of the server
        group = {"process_group": 0} if os.name == "posix" else {}
        proc = subprocess.Popen(list(command), env=dict(env), **group)
        while proc.poll() is None:
            if changes.wait(0.5):
                regenerate()
        return proc.returncode
    except (KeyboardInterrupt, Stopped):
        return 0
    finally:
        for sig in handlers:  # a second signal must not cut the cleanup short
            signal.signal(sig, signal.SIG_IGN)
        if proc is not None:
            stop_server(proc)
        if observer is not None:
            observer.stop()
            observer.join()
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
