"""`papercat suggest`: scored additions and removals for a person to review, from held-out scores."""

from __future__ import annotations

import pytest

from devkit import tagging
from papercat.cli import main
from papercat.files import Layout
from papercat.model import Paper
from papercat.paperfile import render_paper_yaml
from papercat.tagmodel import TagModelConfig, curated, held_out_scores, train

VOCAB = (*tagging.TAGS, tagging.PRIVACY)
papers = tagging.papers


def write(layout: Layout, items: list[Paper]) -> None:
    tagging.write_catalogue(layout.root, items, VOCAB)


MISLABELLED = Paper(
    id="p03", title="Paper 3 on pixels", abstract="images pixels cameras detection method results", tags=["speech"]
)


@pytest.fixture
def cat(catalogue: Layout) -> Layout:
    """60 curated papers; p03, a vision paper, is tagged `speech` by mistake."""
    write(catalogue, [MISLABELLED if p.id == "p03" else p for p in papers(60)])
    return catalogue


def test_named_paper_gets_scored_additions_and_removals(cat: Layout, capsys) -> None:
    assert main(["suggest", "--catalogue", str(cat.root), "p03"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{cat.papers}/p03.yaml: Paper 3 on pixels",
        "  add vision (0.95)",
        "  remove speech (0.06)",
        "1 papers reviewed by the rules and a model learnt from 60 curated papers (5-fold held-out scores): "
        "1 tags to add and 1 to remove on 1 papers",
    ]


def test_scores_are_held_out_not_from_a_model_that_saw_the_paper(cat: Layout, capsys) -> None:
    """The whole catalogue's review uses each paper's fold model: the mislabel is caught, while a model trained
    on p03 itself would have learnt its wrong tag (its `speech` score would be far higher)."""
    assert main(["suggest", "--catalogue", str(cat.root), f"{cat.papers}/p03.yaml"]) == 0
    named = capsys.readouterr().out.splitlines()
    assert main(["suggest", "--catalogue", str(cat.root)]) == 0
    everything = capsys.readouterr().out.splitlines()
    assert named[:3] == everything[everything.index(named[0]) :][:3]  # the same line whichever way it is asked
    known = {"quantum", "vision", "speech", "theory", "privacy"}
    taught = curated([MISLABELLED if p.id == "p03" else p for p in papers(60)], known)
    held = held_out_scores(taught)["p03"]["speech"]
    seen = train(taught).probabilities([(MISLABELLED.title, MISLABELLED.abstract)])[0]["speech"]
    assert held == 0.0572 and held < 0.1 <= seen  # assumes the fixture: only the held-out score proposes removal
    assert everything[-1].startswith("60 papers reviewed by the rules and a model learnt from 60 curated papers")


def test_unknown_paper_is_one_line_with_did_you_mean_and_others_still_reviewed(cat: Layout, capsys) -> None:
    write(cat, [Paper(id="neural-odes", title="Neural ODEs", abstract="A theorem.", tags=["theory"])])
    assert main(["suggest", "--catalogue", str(cat.root), "nueral-odes", "p03", "no-such-thing-at-all"]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "error: nueral-odes: no such paper (did you mean 'neural-odes'?)",
        f"error: no-such-thing-at-all: no such paper (paper ids are the file names in {cat.papers})",
    ]
    assert captured.out.splitlines()[0] == f"{cat.papers}/p03.yaml: Paper 3 on pixels"


def test_hostile_title_is_printed_as_plain_text(cat: Layout, capsys) -> None:
    hostile = Paper(id="evil", title="Evil \x1b[2J\x9b31m\u202e\x07 title\nnext", abstract="encrypted qubits", tags=[])
    (cat.papers / "evil.yaml").write_text(render_paper_yaml(hostile))
    assert main(["suggest", "--catalogue", str(cat.root), "evil"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"{cat.papers}/evil.yaml: Evil \ufffd[2J\ufffd31m\ufffd\ufffd title next"
    assert not any(ch in out for ch in "\x1b\x9b\u202e\x07")
    assert out.splitlines()[1] == "  add quantum (0.86), privacy (0.50)"  # untagged: the model of every paper


def test_tiny_catalogue_falls_back_to_the_rules(catalogue: Layout, capsys) -> None:
    write(
        catalogue, [*papers(4), Paper(id="x", title="A theorem on spoken words", abstract="Nothing.", tags=["speech"])]
    )
    assert main(["suggest", "--catalogue", str(catalogue.root)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{catalogue.papers}/x.yaml: A theorem on spoken words",
        "  add theory",
        "5 papers reviewed by the rules alone (5 curated papers; learning from them needs 50): "
        "1 tags to add and 0 to remove on 1 papers",
    ]


def test_suggest_is_deterministic(cat: Layout, capsys) -> None:
    main(["suggest", "--catalogue", str(cat.root)])
    first = capsys.readouterr().out
    main(["suggest", "--catalogue", str(cat.root)])
    assert capsys.readouterr().out == first
    assert TagModelConfig().folds == 5
