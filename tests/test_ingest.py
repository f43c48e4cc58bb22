"""Ingest: idempotent, additive, never loses a person's edit, honours dedupe decisions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from devkit import SEEDS, abstract, block_dump
from papercat.catalogue import load_catalogue, write_paper
from papercat.commands.ingest import run_ingest
from papercat.errors import CatalogueError
from papercat.files import Layout

A = abstract("a", 80)
B = abstract("b", 80)


def write_dump(layout: Layout, name: str, text: str) -> None:
    (layout.dumps / name).write_text(text, encoding="utf-8")


def snapshot(layout: Layout) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(layout.papers.iterdir())}


def edit(layout: Layout, pid: str, old: str, new: str) -> None:
    path = layout.papers / f"{pid}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_second_run_changes_no_byte(tmp_path: Path) -> None:
    layout = Layout(tmp_path / "catalogue")
    shutil.copytree(SEEDS, layout.dumps)
    run_ingest(layout)
    before = snapshot(layout)
    mtimes = {p.name: p.stat().st_mtime_ns for p in layout.papers.iterdir()}
    report = run_ingest(layout)
    assert (report.created, report.merged, report.written) == (0, 0, 0)
    assert snapshot(layout) == before
    assert {p.name: p.stat().st_mtime_ns for p in layout.papers.iterdir()} == mtimes
    assert not [p for p in layout.papers.iterdir() if p.suffix != ".yaml"], "temporary files left behind"


def test_new_dump_adds_sources_and_fills_empty_fields(catalogue: Layout) -> None:
    write_dump(catalogue, "1.txt", block_dump(("Paper One", " ".join(A.split()[:30]) + "...")))
    run_ingest(catalogue)
    (paper,) = load_catalogue(catalogue).papers.values()
    assert paper.abstract.endswith("...") and paper.published is None
    write_dump(catalogue, "2.txt", block_dump(("PAPER ONE", A), meta="  \u2022 4 authors\n\u00b7\nMay 2, 2021 7\n\n"))
    report = run_ingest(catalogue)
    assert (report.created, report.merged) == (0, 1)
    (paper,) = load_catalogue(catalogue).papers.values()
    assert paper.title == "Paper One"
    assert paper.abstract == A
    assert (paper.published, paper.authors_count, paper.upvotes) == ("2021-05-02", 4, 7)
    assert [s.key for s in paper.sources] == ["1.txt:11", "2.txt:11"]


def test_person_edits_are_never_overwritten(catalogue: Layout) -> None:
    write_dump(catalogue, "1.txt", block_dump(("Paper One", " ".join(A.split()[:30]) + "...")))
    run_ingest(catalogue)
    pid = "paper-one"
    edit(catalogue, pid, "title: Paper One", "title: 'Paper One: Corrected'")
    edit(catalogue, pid, "tags: []", "tags:\n  - transformers")
    edit(catalogue, pid, "notes: ''", "notes: Read this first.")
    paper = load_catalogue(catalogue).papers[pid]
    paper.abstract = "My own summary."
    write_paper(catalogue, paper)
    write_dump(catalogue, "2.txt", block_dump(("Paper One", A)))
    run_ingest(catalogue)
    papers = load_catalogue(catalogue).papers
    assert list(papers) == [pid], "the file was renamed or a duplicate created"
    paper = papers[pid]
    assert paper.title == "Paper One: Corrected"
    assert paper.tags == ["transformers"] and paper.notes == "Read this first."
    assert paper.abstract == "My own summary."
    assert len(paper.sources) == 2


def test_ingest_never_deletes_a_paper_file(catalogue: Layout) -> None:
    write_dump(catalogue, "1.txt", block_dump(("Paper One", A), ("Paper Two", B)))
    run_ingest(catalogue)
    (catalogue.dumps / "1.txt").unlink()
    run_ingest(catalogue)
    assert sorted(p.name for p in catalogue.papers.iterdir()) == ["paper-one.yaml", "paper-two.yaml"]


def test_id_collision_gets_a_suffix_and_ids_are_stable(catalogue: Layout) -> None:
    write_dump(catalogue, "1.txt", block_dump(("Same Title", A), ("Same Title", B)))
    run_ingest(catalogue)
    assert sorted(p.stem for p in catalogue.papers.iterdir()) == ["same-title", "same-title-2"]


def test_long_titles_make_short_ascii_ids(catalogue: Layout) -> None:
    title = "Über-Résumé: " + " ".join(["Extraordinarily Long Words"] * 10)
    write_dump(catalogue, "1.txt", block_dump((title, A)))
    run_ingest(catalogue)
    (path,) = catalogue.papers.iterdir()
    assert path.stem.startswith("uber-resume-extraordinarily") and len(path.stem) <= 80
    assert path.stem.isascii() and not path.stem.endswith("-")


def test_distinct_from_split_is_honoured_on_later_runs(catalogue: Layout) -> None:
    write_dump(catalogue, "1.txt", block_dump(("Paper One", A), ("Paper One", A)))
    run_ingest(catalogue)
    # a person decides the second listing is another paper: moves it to its own file
    text = (catalogue.papers / "paper-one.yaml").read_text()
    edit(catalogue, "paper-one", "- dump: 1.txt\n  line: 15\n", "")
    edit(catalogue, "paper-one", "distinct_from: []", "distinct_from:\n  - paper-one-b")
    other = text.replace("id: paper-one", "id: paper-one-b").replace("- dump: 1.txt\n  line: 11\n", "")
    (catalogue.papers / "paper-one-b.yaml").write_text(other)
    before = snapshot(catalogue)
    run_ingest(catalogue)
    assert snapshot(catalogue) == before


def test_same_as_routes_new_listings_to_the_kept_paper(catalogue: Layout) -> None:
    write_dump(catalogue, "1.txt", block_dump(("Paper One", A), ("Paper Uno", A)))
    run_ingest(catalogue)
    assert sorted(p.stem for p in catalogue.papers.iterdir()) == ["paper-one", "paper-uno"]
    edit(catalogue, "paper-one", "same_as: []", "same_as:\n  - paper-uno")
    write_dump(catalogue, "2.txt", block_dump(("PAPER UNO", A)))
    run_ingest(catalogue)
    papers = load_catalogue(catalogue).papers
    assert [s.key for s in papers["paper-one"].sources] == ["1.txt:11", "2.txt:11"]
    assert [s.key for s in papers["paper-uno"].sources] == ["1.txt:15"]


def test_bad_dumps_warn_and_the_rest_is_ingested(catalogue: Layout) -> None:
    write_dump(catalogue, "good.txt", block_dump(("Paper One", A)))
    (catalogue.dumps / "empty.txt").write_bytes(b"")
    (catalogue.dumps / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    write_dump(catalogue, "half.txt", block_dump(("Paper Two", B)) + "Lonely Title\n")
    report = run_ingest(catalogue)
    assert report.created == 2
    messages = sorted(str(w) for w in report.warnings)
    assert len(messages) == 3
    assert any("bin.txt:1: binary file" in m for m in messages)
    assert any("empty.txt:1: empty dump" in m for m in messages)
    assert any("half.txt:15: title with no abstract" in m for m in messages)


def test_unreadable_paper_file_stops_ingest_and_is_not_touched(catalogue: Layout) -> None:
    write_dump(catalogue, "1.txt", block_dump(("Paper One", A)))
    run_ingest(catalogue)
    broken = catalogue.papers / "paper-one.yaml"
    broken.write_text("id: paper-one\ntitle: [unclosed\n")
    write_dump(catalogue, "2.txt", block_dump(("Paper Two", B)))
    with pytest.raises(CatalogueError, match="cannot be read"):
        run_ingest(catalogue)
    assert broken.read_text() == "id: paper-one\ntitle: [unclosed\n"
    assert not (catalogue.papers / "paper-two.yaml").exists()


def test_extra_dump_is_copied_in(catalogue: Layout, tmp_path: Path) -> None:
    new = tmp_path / "new.txt"
    new.write_text(block_dump(("Paper One", A)))
    run_ingest(catalogue, [new])
    assert (catalogue.dumps / "new.txt").read_text() == new.read_text()
    assert (catalogue.papers / "paper-one.yaml").exists()


def test_added_is_written_once_when_the_paper_is_created(catalogue: Layout, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13 UTC
    write_dump(catalogue, "1.txt", block_dump(("Paper One", A)))
    run_ingest(catalogue)
    assert '\nupvotes: null\nadded: "2023-11-14"\ncode: []\n' in (catalogue.papers / "paper-one.yaml").read_text()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    write_dump(catalogue, "2.txt", block_dump(("Paper One", A), ("Paper Two", B)))
    run_ingest(catalogue)
    papers = load_catalogue(catalogue).papers
    assert (papers["paper-one"].added, papers["paper-two"].added) == ("2023-11-14", "2027-01-15")
    assert len(papers["paper-one"].sources) == 2


def test_a_paper_without_added_keeps_none(catalogue: Layout) -> None:
    """A file from before the field is not given today's date: that would claim it was just added."""
    write_dump(catalogue, "1.txt", block_dump(("Paper One", A)))
    run_ingest(catalogue)
    path = catalogue.papers / "paper-one.yaml"
    path.write_text("".join(x for x in path.read_text().splitlines(True) if not x.startswith("added:")))
    write_dump(catalogue, "2.txt", block_dump(("Paper One", A)))
    run_ingest(catalogue)
    assert "added" not in path.read_text() and len(load_catalogue(catalogue).papers["paper-one"].sources) == 2


def test_committed_catalogue_is_what_ingest_makes(tmp_path: Path) -> None:
    """The shipped catalogue/papers is in sync with the shipped dumps: 401 papers, ingest a no-op."""
    from devkit import ROOT

    shutil.copytree(ROOT / "catalogue", tmp_path / "catalogue", ignore=shutil.ignore_patterns(".cache"))
    layout = Layout(tmp_path / "catalogue")
    loaded = load_catalogue(layout)
    assert loaded.problems == [] and len(loaded.papers) == 401
    assert {p.added for p in loaded.papers.values()} == {"2026-11-22"}, "the seeds' documented added date"
    claimed = sorted(s for p in loaded.papers.values() for s in p.sources)
    assert len(claimed) == len(set(claimed)) == 456
    before = snapshot(layout)
    report = run_ingest(layout)
    assert (report.entries, report.new_entries, report.created, report.merged) == (456, 0, 0, 0)
    assert (report.written, report.warnings) == (0, [])
    assert snapshot(layout) == before


def test_cache_gives_the_same_result_and_sees_edits(catalogue: Layout) -> None:
    write_dump(catalogue, "1.txt", block_dump(("Paper One", A), ("Paper Two", B)))
    run_ingest(catalogue)
    assert (catalogue.cache / "papers.marshal").exists()
    # a person edits a paper; the cached row must not hide the edit
    edit(catalogue, "paper-one", "tags: []", "tags:\n- kept")
    write_dump(catalogue, "2.txt", block_dump(("PAPER ONE", A)))
    run_ingest(catalogue)
    cached = load_catalogue(catalogue).papers
    assert cached["paper-one"].tags == ["kept"] and len(cached["paper-one"].sources) == 2
    # the same run without any cache gives the same files
    with_cache = snapshot(catalogue)
    shutil.rmtree(catalogue.cache)
    run_ingest(catalogue)
    assert snapshot(catalogue) == with_cache


def test_corrupt_cache_is_ignored(catalogue: Layout) -> None:
    write_dump(catalogue, "1.txt", block_dump(("Paper One", A)))
    run_ingest(catalogue)
    for path in catalogue.cache.rglob("*.marshal"):
        path.write_bytes(b"\x00garbage")
    write_dump(catalogue, "2.txt", block_dump(("Paper One", A)))
    report = run_ingest(catalogue)
    assert (report.created, report.merged) == (0, 1)
