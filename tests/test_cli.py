"""The command line: help for every command, exit codes, one-line errors with a fix hint."""

from __future__ import annotations

import argparse

import pytest

from papercat.cli import build_parser, main
from papercat.store import Layout

from .conftest import abstract, block_dump


def test_every_command_has_help() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {a.dest: a.help for a in sub._choices_actions}
    assert set(helps) == set(sub.choices)
    assert all(helps.values())
    for name, command in sub.choices.items():
        assert command.format_help(), name


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
    assert out[0].split() == ["100.0", "same-title", "same-title-2"]
    path = catalogue.papers / "same-title.yaml"
    path.write_text(path.read_text().replace("distinct_from: []", "distinct_from:\n  - same-title-2"))
    main(["dupes", "--catalogue", str(catalogue.root)])
    assert capsys.readouterr().out.startswith("0 close pairs")


@pytest.mark.parametrize("argv", [["--version"], ["ingest", "--help"]])
def test_help_and_version_exit_zero(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 0
