"""`papercat serve`: a live preview that regenerates pages once per burst of catalogue edits, watched with
watchdog, and that stops its server (the port freed, no process left) on Ctrl-C, SIGTERM and SIGHUP."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from devkit import DATA, site_skeleton
from papercat.commands import serve
from papercat.files import Layout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def wait_for(predicate, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def children(pid: int) -> list[int]:
    """The processes whose parent is pid (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            if int(stat.read_text().rpartition(")")[2].split()[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


@dataclass
class Preview:
    proc: subprocess.Popen
    port: int
    root: Path
    log: Path  # papercat's stdout and stderr
    tmp: Path  # TMPDIR of papercat and its server

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/papercat/{path}"

    def generated(self) -> int:
        return self.log.read_text().count("generated ")


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    """`papercat serve` on a copy of the hostile catalogue, on a free port, stopped (and killed) at the end."""
    shutil.copytree(DATA / "hostile", tmp_path / "catalogue")
    site_skeleton(tmp_path)
    (tmp_path / "tmp").mkdir()
    port = free_port()
    log = tmp_path / "serve.log"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1", TMPDIR=str(tmp_path / "tmp"))
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "papercat.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    running = Preview(proc, port, tmp_path, log, tmp_path / "tmp")
    servers: list[int] = []
    try:
        page = running.url("papers/latex/")
        wait_for(lambda: proc.poll() is not None or "Plain" in (fetch(page) or ""))
        servers += children(proc.pid)  # now, while papercat is their parent
        assert "Plain" in (fetch(page) or ""), log.read_text()
        yield running
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        for pid in filter(alive, servers):  # a server papercat failed to stop must not outlive the test
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def test_edits_update_the_served_page_once_per_burst(preview: Preview) -> None:
    url = preview.url("papers/latex/")
    assert "&lt;b&gt;Bold" not in (fetch(url) or "")
    assert preview.generated() == 1
    paper = preview.root / "catalogue" / "papers" / "latex.yaml"
    paper.write_text(paper.read_text().replace("tags:\n- plain\n", "tags:\n- plain\n- xss\n"))
    assert wait_for(lambda: "&lt;b&gt;Bold" in (fetch(url) or "")), "the page did not pick up the new tag"
    assert preview.generated() == 2
    # a burst (a git checkout, an ingest): every paper file and tags.yml rewritten at once -> one regeneration
    for path in [*sorted(paper.parent.glob("*.yaml")), preview.root / "catalogue" / "tags.yml"]:
        path.write_text(path.read_text() + "\n")
    assert wait_for(lambda: preview.generated() == 3, 10), preview.log.read_text()
    time.sleep(serve.QUIET + 1)
    assert preview.generated() == 3, preview.log.read_text()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the server process in /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=lambda s: s.name)
def test_a_signal_stops_the_server_too(preview: Preview, sig: signal.Signals) -> None:
    servers = children(preview.proc.pid)
    assert servers and all(alive(pid) for pid in servers)
    assert listening(preview.port)
    preview.proc.send_signal(sig)
    assert preview.proc.wait(timeout=15) == 0
    assert wait_for(lambda: not listening(preview.port), 5), "the server still holds the port"
    assert not any(alive(pid) for pid in servers)
    # the server was stopped with SIGINT first, so MkDocs removed its temporary site
    assert list(preview.tmp.iterdir()) == []
    assert "Traceback" not in preview.log.read_text()


def test_a_server_that_cannot_start_ends_papercat_serve(tmp_path: Path) -> None:
    shutil.copytree(DATA / "hostile", tmp_path / "catalogue")
    site_skeleton(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "papercat.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=tmp_path,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 1
    assert "Address already in use" in result.stderr


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[tuple[Layout, serve.Changes]]:
    layout = Layout(tmp_path.resolve() / "catalogue")
    for folder in (layout.papers, layout.dumps, layout.cache, layout.papers / "old"):
        folder.mkdir(parents=True)
    for path in (layout.papers / "a.yaml", layout.tags, layout.topics):
        path.write_text("x\n")
    changes, observer = serve.watch(layout)
    try:
        yield layout, changes
    finally:
        observer.stop()
        observer.join()


def replace_atomically(path: Path) -> None:
    """How ingest and many editors write: a temporary name, renamed over the file."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text("y\n")
    os.replace(temporary, path)


@pytest.mark.parametrize(
    "edit",
    [
        lambda layout: (layout.papers / "a.yaml").write_text("y\n"),
        lambda layout: (layout.papers / "new.yaml").write_text("y\n"),
        lambda layout: (layout.papers / "a.yaml").unlink(),
        lambda layout: layout.tags.write_text("y\n"),
        lambda layout: layout.topics.write_text("y\n"),
        lambda layout: replace_atomically(layout.papers / "a.yaml"),
    ],
    ids=["paper-edited", "paper-added", "paper-deleted", "tags", "topics", "paper-replaced"],
)
def test_catalogue_edits_are_seen(watched, edit) -> None:
    layout, changes = watched
    edit(layout)
    assert changes.wait(5)
    assert not changes.wait(serve.QUIET + 0.5)


@pytest.mark.parametrize(
    "edit",
    [
        lambda layout: (layout.papers / "a.yaml").read_text(),  # generate reads every paper
        lambda layout: (layout.cache / "papers.json").write_text("{}"),  # and writes its cache
        lambda layout: (layout.dumps / "d.txt").write_text("x\n"),
        lambda layout: (layout.papers / "notes.txt").write_text("x\n"),
        lambda layout: (layout.papers / "old" / "b.yaml").write_text("x\n"),
        lambda layout: (layout.root / "paper.schema.json").write_text("{}"),
    ],
    ids=["paper-read", "cache", "dump", "other-file", "subfolder", "schema"],
)
def test_other_activity_is_ignored(watched, edit) -> None:
    layout, changes = watched
    edit(layout)
    assert not changes.wait(1.0)


def test_a_burst_is_one_change_and_a_long_one_still_shows(watched, monkeypatch) -> None:
    layout, changes = watched
    for n in range(200):
        (layout.papers / f"p{n}.yaml").write_text("x\n")
    assert changes.wait(5)
    assert not changes.wait(serve.QUIET + 0.5)
    # edits that never pause for QUIET seconds still regenerate after LONGEST
    monkeypatch.setattr(serve, "LONGEST", 1.0)
    stop = threading.Event()

    def keep_editing() -> None:
        while not stop.wait(serve.QUIET / 4):
            (layout.papers / "a.yaml").write_text(str(time.monotonic()))

    writer = threading.Thread(target=keep_editing)
    writer.start()
    try:
        started = time.monotonic()
        assert changes.wait(10)
        assert time.monotonic() - started < 4.0
        assert writer.is_alive()
    finally:
        stop.set()
        writer.join()


def test_a_failed_regeneration_is_one_line_and_serving_goes_on(monkeypatch, capsys) -> None:
    from papercat import cli
    from papercat.errors import PapercatError

    failures = iter([None, KeyError("boom"), PapercatError("bad", path="papers/x.yaml", line=3), None])

    def generate(args) -> None:
        if (exc := next(failures)) is not None:
            raise exc

    def run(command, env, layout, regenerate) -> int:
        for _ in range(3):
            regenerate()
        return 0

    monkeypatch.setattr(cli, "cmd_generate", generate)
    monkeypatch.setattr(serve, "serve", run)
    assert cli.main(["serve"]) == 0
    assert capsys.readouterr().err == (
        "papercat: error: unexpected KeyError: 'boom' (run with --debug for the traceback; please report it)\n"
        "papercat: error: papers/x.yaml:3: bad\n"
    )
    failures = iter([None, KeyError("boom")])
    with pytest.raises(KeyError):
        cli.main(["serve", "--debug"])
