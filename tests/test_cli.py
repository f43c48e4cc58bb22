"""The command line: help for every command, exit codes, one-line errors with a fix hint."""

from __future__ import annotations

import argparse

import pytest

from devkit import abstract, block_dump
from papercat.cli import build_parser, main
from papercat.files import Layout


def test_every_command_has_help() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {a.dest: a.help for a in sub._choices_actions}
    assert set(helps) == set(sub.choices)
    assert all(helps.values())
    for name, command in sub.choices.items():  # and every argument and option of every command
        assert all(a.help for a in command._actions), name


def test_ingest_prints_counts(catalogue: Layout, capsys) -> None:
    (catalogue.dumps / "d.txt").write_text(block_dump(("One", abstract("1")), ("Two", abstract("2"))))
    assert main(["ingest", "--catalogue", str(catalogue.root)]) == 0
    out = capsys.readouterr().out
    assert "read 2 entries from 1 dumps; 2 new: 2 papers created, 0 entries merged" in out


def test_strict_turns_warnings_into_failure(catalogue: Layout, capsys) -> None:
    (catalogue.dumps / "d.txt").write_text(block_dump(("One", abstract("1"))) + "Dangling\n")
    assert main(["ingest", "--strict", "--catalogue", str(catalogue.root)]) == 1
    err = capsys.readouterr().err
    assert "d.txt:15: title with no abstract: 'Dangling'; skipped (add the abstract below the title)" in err
    assert (catalogue.papers / "one.yaml").exists()


def test_missing_dump_is_one_line_error(catalogue: Layout, capsys) -> None:
    assert main(["ingest", "nope.txt", "--catalogue", str(catalogue.root)]) == 2
    assert capsys.readouterr().err == "papercat: error: no such dump: nope.txt (give the path of a text file)\n"


def test_dupes_lists_close_pairs(catalogue: Layout, capsys) -> None:
    a = abstract("a")
    (catalogue.dumps / "d.txt").write_text(block_dump(("Same Title", a), ("Same Title", abstract("b"))))
    main(["ingest", "--catalogue", str(catalogue.root)])
    capsys.readouterr()
    assert main(["dupes", "--catalogue", str(catalogue.root)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[2] == "1. score 100.0: same-title and same-title-2"
    path = catalogue.papers / "same-title.yaml"
    path.write_text(path.read_text().replace("distinct_from: []", "distinct_from:\n  - same-title-2"))
    main(["dupes", "--catalogue", str(catalogue.root)])
    assert capsys.readouterr().out.splitlines()[-1].startswith("0 close pairs")


@pytest.mark.parametrize("argv", [["--version"], ["ingest", "--help"]])
def test_help_and_version_exit_zero(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 0


LAST_RESORT = " (run with --debug for the traceback; please report it)\n"


def failing(exc: BaseException):
    def run(*args, **kwargs):
        raise exc

    return run


@pytest.mark.parametrize(
    ("exc", "line"),
    [
        (KeyError("boom"), "unexpected KeyError: 'boom'"),
        (RuntimeError(), "unexpected RuntimeError"),
        (
            PermissionError(13, "Permission denied", "catalogue/papers/x.yaml"),
            "catalogue/papers/x.yaml: unexpected PermissionError: Permission denied",
        ),
        # a message carrying text from a file: still one line, and no escape sequence reaches the terminal
        (ValueError("bad\nvalue \x1b[31mred\u202e"), "unexpected ValueError: bad value \\x1b[31mred\\u202e"),
    ],
    ids=["plain", "no-message", "names-the-file", "one-line"],
)
def test_an_unexpected_error_is_one_line(catalogue: Layout, monkeypatch, capsys, exc, line) -> None:
    monkeypatch.setattr("papercat.commands.check.check_catalogue", failing(exc))
    assert main(["check", "--catalogue", str(catalogue.root)]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"papercat: error: {line}{LAST_RESORT}"
    assert captured.out == ""


def test_an_unexpected_error_names_the_file_its_notes_name(catalogue: Layout, monkeypatch, capsys) -> None:
    exc = TypeError("'int' object is not iterable")
    exc.add_note("while reading catalogue/papers/x.yaml")
    monkeypatch.setattr("papercat.commands.generate.run_generate", failing(exc))
    assert main(["generate", "--catalogue", str(catalogue.root)]) == 2
    assert capsys.readouterr().err == (
        "papercat: error: unexpected TypeError: 'int' object is not iterable while reading catalogue/papers/x.yaml"
        + LAST_RESORT
    )


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_traceback(catalogue: Layout, monkeypatch, where: str) -> None:
    monkeypatch.setattr("papercat.commands.check.check_catalogue", failing(KeyError("boom")))
    argv = ["check", "--catalogue", str(catalogue.root)]
    with pytest.raises(KeyError, match="boom"):
        main(["--debug", *argv] if where == "before" else [*argv, "--debug"])


def test_papercat_errors_keep_their_own_line_under_debug(catalogue: Layout, capsys) -> None:
    assert main(["--debug", "ingest", "nope.txt", "--catalogue", str(catalogue.root)]) == 2
    assert capsys.readouterr().err == "papercat: error: no such dump: nope.txt (give the path of a text file)\n"


def test_strict_only_where_it_means_something() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    with_strict = {
        name for name, command in sub.choices.items() if any("--strict" in a.option_strings for a in command._actions)
    }
    assert with_strict == {"ingest", "build"}
    with pytest.raises(SystemExit) as exc:
        main(["check", "--strict"])
    assert exc.value.code == 2


@pytest.mark.parametrize("files", [1, 2000], ids=["at-exit", "mid-command"])  # 2000: more than a pipe holds
def test_a_closed_pipe_is_no_error(catalogue: Layout, tmp_path, files: int) -> None:
    """`papercat check | head -1`: the reader goes away; papercat stops quietly, without a traceback."""
    import os
    import subprocess
    import sys

    catalogue.papers.mkdir()
    for n in range(files):
        (catalogue.papers / f"p{n}.yaml").write_text("title: [\n")
    read, write = os.pipe()
    os.close(read)
    with os.fdopen(write, "w") as out:
        result = subprocess.run(
            [sys.executable, "-m", "papercat.cli", "check", "--catalogue", str(catalogue.root)],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
        )
    assert result.stderr == ""
    assert result.returncode == 1
