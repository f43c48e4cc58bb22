"""`papercat dupes`: each close pair named well enough to decide it, and the exact lines to paste."""

from __future__ import annotations

import pytest

from papercat.cli import main
from papercat.files import Layout
from papercat.model import Paper, Source
from papercat.paperfile import render_paper_yaml

TITLE = "Fully Convolutional Networks for Semantic Segmentation"
FIRST = "Convolutional networks are powerful visual models that yield hierarchies of features."
CONFERENCE = Paper(
    id="fcn",
    title=TITLE,
    abstract=f"{FIRST} We adapt classifiers into fully convolutional networks. We reach the state of the art.",
    published="2014-11-14",
    sources=[Source("001.txt", 125)],
)
JOURNAL = Paper(
    id="fcn-2",
    title=TITLE + "\x1b[2J",  # a title is untrusted: no control character reaches the terminal
    abstract=f"{FIRST} We extend the conference version with deeper nets and a study of skip layers. We reach it.",
    published="May 20",
    sources=[Source("002.txt", 7), Source("003.txt", 9), Source("004.txt", 1)],
    distinct_from=["unrelated"],
)


@pytest.fixture
def pair(catalogue: Layout, monkeypatch) -> Layout:
    catalogue.papers.mkdir()
    for paper in (
        CONFERENCE,
        JOURNAL,
        Paper(id="unrelated", title="Something Else Entirely", sources=[Source("x", 1)]),
    ):
        (catalogue.papers / f"{paper.id}.yaml").write_text(render_paper_yaml(paper))
    monkeypatch.chdir(catalogue.root.parent)
    return catalogue


def dupes(capsys, *extra: str) -> list[str]:
    assert main(["dupes", "--catalogue", "catalogue", *extra]) == 0
    return capsys.readouterr().out.splitlines()


LEGEND = (
    "score: how alike two papers are, 0-100: the higher of their titles' similarity and their abstracts' "
    "(100 minus the % of words edited to turn one into the other); pairs from 85 up, most alike first"
)


def test_a_pair_is_named_with_titles_dates_sources_where_abstracts_part_and_what_to_paste(pair: Layout, capsys) -> None:
    assert dupes(capsys) == [
        LEGEND,
        "",
        "1. score 97.3: fcn and fcn-2",
        f"   A: {TITLE}",
        "      2014-11-14 · catalogue/dumps/001.txt:125",
        "   B: Fully Convolutional Networks for Semantic Segmentation\ufffd[2J",
        "      May 20 · catalogue/dumps/002.txt:7, catalogue/dumps/003.txt:9 and 1 more",
        "   abstracts: 44% of their words shared; they part at",
        "      A: We adapt classifiers into fully convolutional networks.",
        "      B: We extend the conference version with deeper nets and a study of skip l…",
        "   different papers? in catalogue/papers/fcn.yaml, replace `distinct_from: []` with:",
        "      distinct_from:",
        "      - fcn-2",
        "   the same paper? keep A, hide B: in catalogue/papers/fcn.yaml, replace `same_as: []` with:",
        "      same_as:",
        "      - fcn-2",
        "",
        "1 close pairs left apart; each decision in a paper file keeps the pair off this list.",
    ]


def test_the_pasted_lines_decide_the_pair(pair: Layout, capsys) -> None:
    path = pair.papers / "fcn.yaml"
    path.write_text(path.read_text().replace("distinct_from: []", "distinct_from:\n- fcn-2"))
    assert dupes(capsys) == [
        LEGEND,
        "",
        "0 close pairs left apart; each decision in a paper file keeps the pair off this list.",
    ]
    assert main(["check", "--catalogue", "catalogue"]) == 1  # the pasted form is canonical: only the sources are off
    assert "canonical" not in capsys.readouterr().out


def test_a_list_that_has_items_is_shown_whole(pair: Layout, capsys) -> None:
    (pair.papers / "fcn.yaml").unlink()
    (pair.papers / "a.yaml").write_text(render_paper_yaml(Paper(**{**vars(JOURNAL), "id": "a", "title": TITLE})))
    out = dupes(capsys)
    assert out[2] == "1. score 100.0: a and fcn-2"
    assert out[-9:-1] == [
        "   different papers? in catalogue/papers/a.yaml, replace `distinct_from:` and its 1 lines with:",
        "      distinct_from:",
        "      - unrelated",
        "      - fcn-2",
        "   the same paper? keep A, hide B: in catalogue/papers/a.yaml, replace `same_as: []` with:",
        "      same_as:",
        "      - fcn-2",
        "",
    ]


def test_limit_says_how_many_are_left_out(pair: Layout, capsys) -> None:
    assert dupes(capsys, "--limit", "0")[-1] == (
        "0 of 1 close pairs left apart; each decision in a paper file keeps the pair off this list."
    )
