"""Ingest's listing of the papers it created, tagged by the rules and the learnt model, weak ones flagged."""

from __future__ import annotations

import subprocess
import sys

import pytest

from devkit import abstract, block_dump, tagging
from papercat import tagmodel
from papercat.catalogue import load_catalogue
from papercat.cli import main
from papercat.commands.ingest import LISTED, run_ingest
from papercat.files import Layout


def curated_catalogue(layout: Layout, n: int) -> None:
    """tags.yml, topics.yml and n curated papers, a third per topic; every fifth also 'theory'."""
    tagging.write_catalogue(layout.root, tagging.papers(n))


NEW = (
    ("Entangled qubits at scale", "We study entanglement and decoherence in quantum circuits with many gates."),
    ("Cameras that count", "Detection of objects in images from many cameras, pixel by pixel, with results."),
    ("A \x1b[31mcolourful\x1b[0m note on everything", abstract("z", 20)),
)


def ingest_lines(layout: Layout, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["ingest", "--catalogue", str(layout.root)]) == 0
    return capsys.readouterr().out.splitlines()


def test_created_papers_are_listed_with_scored_tags_and_weak_ones_flagged(
    catalogue: Layout, capsys: pytest.CaptureFixture[str]
) -> None:
    curated_catalogue(catalogue, 60)
    (catalogue.dumps / "new.txt").write_text(block_dump(*NEW))
    assert ingest_lines(catalogue, capsys)[1:] == [
        "tags for new papers: the rules and a model learnt from 60 of 60 curated papers "
        "(4 tags learnt, 0 by rules alone; a tag is chosen from score 0.5)",
        "created entangled-qubits-at-scale: Entangled qubits at scale [quantum 1.00]",
        "created cameras-that-count: Cameras that count [vision 0.98]",
        "created a-31mcolourful-0m-note-on-everything: A [31mcolourful[0m note on everything [quantum 0.32]"
        " <- check: only a fallback tag (none reached 0.5)",
        "review the 3 new papers (1 flagged) with `papercat diff HEAD` (git diff does not show new files) "
        "and `papercat suggest PAPER...`",
    ]
    assert load_catalogue(catalogue).papers["cameras-that-count"].tags == ["vision"]


def test_same_catalogue_gives_the_same_tags(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    files = []
    for name in ("one", "two"):
        layout = Layout(tmp_path / name)
        layout.dumps.mkdir(parents=True)
        curated_catalogue(layout, 60)
        (layout.dumps / "new.txt").write_text(block_dump(*NEW))
        run_ingest(layout)
        files.append({p.name: p.read_text() for p in layout.papers.iterdir()})
    assert files[0] == files[1]


def test_few_curated_papers_fall_back_to_the_rules(catalogue: Layout, capsys: pytest.CaptureFixture[str]) -> None:
    curated_catalogue(catalogue, 10)
    (catalogue.dumps / "new.txt").write_text(block_dump(("A theorem on spoken words", abstract("a")), *NEW[:1]))
    assert ingest_lines(catalogue, capsys)[1:] == [
        "tags for new papers: the rules alone (10 curated papers; learning from them needs 50)",
        "created a-theorem-on-spoken-words: A theorem on spoken words [speech, theory]",
        "created entangled-qubits-at-scale: Entangled qubits at scale [quantum]",
        "review the 2 new papers (0 flagged) with `papercat diff HEAD` (git diff does not show new files) "
        "and `papercat suggest PAPER...`",
    ]


def test_many_created_papers_list_only_the_flagged(catalogue: Layout, capsys: pytest.CaptureFixture[str]) -> None:
    curated_catalogue(catalogue, 0)
    entries = [(f"Spoken paper {i}", abstract(str(i))) for i in range(LISTED)]
    entries += [(f"Untaggable {i}", abstract(f"u{i}")) for i in range(3)]
    (catalogue.dumps / "new.txt").write_text(block_dump(*entries))
    lines = ingest_lines(catalogue, capsys)
    assert lines[1:] == [
        "tags for new papers: the rules alone (0 curated papers; learning from them needs 50)",
        "created untaggable-0: Untaggable 0 [no tag] <- check: no tag",
        "created untaggable-1: Untaggable 1 [no tag] <- check: no tag",
        "created untaggable-2: Untaggable 2 [no tag] <- check: no tag",
        "... 50 more created papers not listed (3 flagged in all)",
        "review the 53 new papers (3 flagged) with `papercat diff HEAD` (git diff does not show new files) "
        "and `papercat suggest PAPER...`",
    ]


def test_without_tags_yml_new_papers_are_listed_untagged(catalogue: Layout, capsys) -> None:
    (catalogue.dumps / "new.txt").write_text(block_dump(*NEW[:1]))
    assert ingest_lines(catalogue, capsys)[1:] == [
        f"new papers are not tagged: there is no {catalogue.tags}",
        "created entangled-qubits-at-scale: Entangled qubits at scale [no tag] <- check: no tag",
        "review the 1 new papers (1 flagged) with `papercat diff HEAD` (git diff does not show new files) "
        "and `papercat suggest PAPER...`",
    ]


def test_a_no_op_ingest_neither_trains_nor_lists(
    catalogue: Layout, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    curated_catalogue(catalogue, 60)
    (catalogue.dumps / "new.txt").write_text(block_dump(*NEW))
    ingest_lines(catalogue, capsys)

    def refuse(*args: object) -> None:
        raise AssertionError("trained on a no-op ingest")

    monkeypatch.setattr(tagmodel, "train", refuse)
    assert ingest_lines(catalogue, capsys) == [
        "read 3 entries from 1 dumps; 0 new: 0 papers created, 0 entries merged into existing papers; "
        "0 files written; 0 warnings"
    ]
    # and in a fresh process (as `papercat build` runs it), scikit-learn is not even imported
    code = (
        "import sys\nfrom pathlib import Path\nfrom papercat.commands.ingest import run_ingest\n"
        f"from papercat.files import Layout\nrun_ingest(Layout(Path({str(catalogue.root)!r})))\n"
        "print(sorted(m for m in ('sklearn', 'numpy') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (done.stderr, done.stdout) == ("", "[]\n")
