"""`papercat check`: every class of bad paper file, reported as `path:line: message (hint)`."""

from __future__ import annotations

import pytest

from devkit import abstract
from papercat.cli import main
from papercat.files import Layout
from papercat.model import Paper, Source
from papercat.paperfile import render_paper_yaml

GOOD = Paper(id="good-paper", title="Good Paper", abstract="An abstract.", sources=[Source("d.txt", 3)])


@pytest.fixture
def papers(catalogue: Layout) -> Layout:
    catalogue.papers.mkdir()
    (catalogue.papers / "good-paper.yaml").write_text(render_paper_yaml(GOOD))
    (catalogue.dumps / "d.txt").write_text(f"\n\nGood Paper\n\n{abstract('good')}\n")  # its listing, on line 3
    return catalogue


def run_check(layout: Layout, capsys) -> tuple[int, list[str]]:
    code = main(["check", "--catalogue", str(layout.root)])
    return code, capsys.readouterr().out.splitlines()


def test_clean_catalogue_passes(papers: Layout, capsys) -> None:
    assert run_check(papers, capsys) == (0, ["catalogue OK"])


BASE = render_paper_yaml(GOOD)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (BASE.replace("notes: ''", "notes: ''\ncolour: red"), 12, "unknown key 'colour'"),
        (
            BASE.replace("authors_count: null", "authors_count: five"),
            7,
            "authors_count: 'five' must be a whole number or null",
        ),
        (
            BASE.replace("tags: []", "tags: transformers"),
            10,
            "tags: 'transformers' must be a list, one \"- item\" per line under the key",
        ),
        (BASE.replace("id: good-paper", "id: other-paper"), 2, "id 'other-paper' does not match the file name"),
        (BASE.replace("notes: ''", "notes: ''\ntitle: Again"), 12, "duplicate key 'title' (first on line 3)"),
        (BASE.replace("title: Good Paper", "title: &t Good Paper"), 3, "YAML anchor (&t) is not allowed"),
        (BASE + "x: *t\n", 17, "YAML alias (*name) is not allowed"),
        (BASE.replace("title: Good Paper", "title: [Good"), 3, "the [ or { on this line is never closed"),
        (BASE.replace("title: Good Paper", "title:   Good Paper"), 3, "not in canonical form"),
        (
            BASE.replace("published: null", "published: 2023-02-30x"),
            6,
            "published: '2023-02-30x' must be a date: YYYY-MM-DD",
        ),
        (
            BASE.replace("code: []", "code:\n  - javascript:alert(1)"),
            10,
            "code: 'javascript:alert(1)' must be a web address starting with https://",
        ),
        (BASE.replace("  An abstract.", "  " + "x" * 70000), 1, "file is larger than 64 KiB"),
        (BASE.replace("distinct_from: []", "distinct_from:\n  - no-such-paper"), 16, "names 'no-such-paper'"),
    ],
    ids=[
        "unknown-key",
        "wrong-type",
        "tags-not-list",
        "id-mismatch",
        "duplicate-key",
        "anchor",
        "alias",
        "syntax",
        "non-canonical",
        "bad-date",
        "bad-link",
        "too-large",
        "unknown-distinct",
    ],
)
def test_bad_paper_files(papers: Layout, capsys, text: str, line: int, message: str) -> None:
    (papers.papers / "good-paper.yaml").write_text(text)
    code, out = run_check(papers, capsys)
    assert code == 1
    assert out[-1].endswith("problems")
    assert any(
        o.startswith(f"{papers.papers / 'good-paper.yaml'}:{line}: ") and message in o and "(" in o for o in out[:-1]
    ), out


def test_fix_rewrites_formatting_only(papers: Layout, capsys) -> None:
    path = papers.papers / "good-paper.yaml"
    path.write_text(BASE.replace("title: Good Paper", "title:   'Good Paper'"))
    assert main(["check", "--fix", "--catalogue", str(papers.root)]) == 0
    assert path.read_text() == BASE


def test_dates_stay_text(papers: Layout, capsys) -> None:
    path = papers.papers / "good-paper.yaml"
    path.write_text(BASE.replace("published: null", "published: 2023-02-22"))
    code, out = run_check(papers, capsys)
    assert code == 1 and "not in canonical form" in out[0]
    main(["check", "--fix", "--catalogue", str(papers.root)])
    assert 'published: "2023-02-22"' in path.read_text()
