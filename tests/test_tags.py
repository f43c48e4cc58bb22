"""Tags and topics: suggestion rules, vocabulary checks, and the shipped vocabulary's bounds."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from devkit import ROOT, abstract, block_dump
from devkit.fixtures import TOPICS, VOCAB
from papercat.catalogue import load_catalogue
from papercat.cli import main
from papercat.commands.ingest import run_ingest
from papercat.files import Layout
from papercat.vocabulary import load_vocabulary


@pytest.fixture
def tagged(catalogue: Layout) -> Layout:
    catalogue.tags.write_text(VOCAB)
    catalogue.topics.write_text(TOPICS)
    return catalogue


def test_suggest_scores_title_above_abstract() -> None:
    vocab = load_vocabulary(VOCAB)
    assert vocab.suggest("Searching for Activation Functions", "Nothing here.") == ["activation-functions"]
    assert vocab.suggest("A Paper", "We use transformers. Transformers are good. A transformer.") == ["transformers"]
    # one abstract mention is below the threshold, but the single best match is kept
    assert vocab.suggest("A Paper", "One ReLU.") == ["activation-functions"]
    assert vocab.suggest("A Paper", "Nothing relevant.") == []


def test_new_papers_get_suggested_tags_and_existing_are_never_retagged(tagged: Layout) -> None:
    (tagged.dumps / "1.txt").write_text(block_dump(("Transformers Everywhere", abstract("a"))))
    run_ingest(tagged)
    path = tagged.papers / "transformers-everywhere.yaml"
    assert load_catalogue(tagged).papers["transformers-everywhere"].tags == ["transformers"]
    path.write_text(path.read_text().replace("tags:\n- transformers\n", "tags: []\n"))
    (tagged.dumps / "2.txt").write_text(block_dump(("TRANSFORMERS EVERYWHERE", abstract("a"))))
    run_ingest(tagged)
    paper = load_catalogue(tagged).papers["transformers-everywhere"]
    assert paper.tags == [] and len(paper.sources) == 2


def test_check_rejects_unknown_tag_with_suggestion(tagged: Layout, capsys) -> None:
    (tagged.dumps / "1.txt").write_text(block_dump(("Transformers Everywhere", abstract("a"))))
    run_ingest(tagged)
    path = tagged.papers / "transformers-everywhere.yaml"
    path.write_text(path.read_text().replace("- transformers\n", "- transformers\n- activations\n- transfomers\n"))
    capsys.readouterr()
    assert main(["check", "--catalogue", str(tagged.root)]) == 1
    out = capsys.readouterr().out
    alias = "tag 'activations' is an alias of tag 'activation-functions' (write the id: activation-functions)"
    assert f"{path}:16: {alias}" in out
    assert f"{path}:17: unknown tag 'transfomers' (did you mean 'transformers'?)" in out


def test_check_rejects_topics_with_unknown_tags_and_orphan_tags(tagged: Layout, capsys) -> None:
    tagged.topics.write_text(TOPICS.replace("[activation-functions, transformers]", "[activation-function]"))
    assert main(["check", "--catalogue", str(tagged.root)]) == 1
    out = capsys.readouterr().out
    assert "topic 'blocks' names unknown tag 'activation-function' (did you mean 'activation-functions'?)" in out
    assert "tag 'transformers' is in no topic" in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (VOCAB.replace("id: transformers", "id: Transformers!"), "tag id 'Transformers!' is not a slug"),
        (VOCAB + VOCAB.split("tags:\n")[1], "tag 'activation-functions' is defined twice"),
        (VOCAB.replace("'re:\\brelu\\b'", "'re:(unclosed'"), "bad regular expression"),
        (VOCAB.replace("  description: The transformer.\n", ""), "tag 'transformers' needs a description"),
    ],
)
def test_bad_vocabulary_is_reported_with_line(tagged: Layout, capsys, text: str, message: str) -> None:
    tagged.tags.write_text(text)
    assert main(["check", "--catalogue", str(tagged.root)]) == 1
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith(f"{tagged.tags}:") and message in line


def test_shipped_vocabulary_bounds(tmp_path: Path, capsys) -> None:
    """The curation rules are `papercat check`'s: the shipped catalogue keeps them, and a one-line edit that
    breaks one gets its own line naming the file and line to fix."""
    shutil.copytree(ROOT / "catalogue", tmp_path / "catalogue", ignore=shutil.ignore_patterns(".cache"))
    layout = Layout(tmp_path / "catalogue")
    assert main(["check", "--catalogue", str(layout.root)]) == 0
    capsys.readouterr()
    papers = load_catalogue(layout).papers
    counts = Counter(t for p in papers.values() for t in p.tags)
    rare = min(counts, key=lambda t: (counts[t], t))
    holders = sorted(pid for pid, p in papers.items() if rare in p.tags)
    for pid in holders[1:]:  # leave the rarest tag on one paper only
        assert main(["tag", "remove", pid, rare, "--catalogue", str(layout.root)]) == 0
    untagged = holders[-1]
    for tag in list(papers[untagged].tags):  # and leave one paper with no tag
        main(["tag", "remove", untagged, tag, "--catalogue", str(layout.root)])
    capsys.readouterr()
    assert main(["check", "--catalogue", str(layout.root)]) == 1
    out = capsys.readouterr().out.splitlines()
    line = 1 + next(n for n, text in enumerate(layout.tags.read_text().splitlines()) if text == f"- id: {rare}")
    assert (
        f"{layout.tags}:{line}: tag {rare!r} is on 1 paper; a tag needs at least 2 (tag more papers with it, "
        "or fold it into a broader tag)" in out
    )
    tags_line = 1 + next(
        n
        for n, t in enumerate(layout.papers.joinpath(f"{untagged}.yaml").read_text().splitlines())
        if t.startswith("tags:")
    )
    assert (
        f"{layout.papers / untagged}.yaml:{tags_line}: 0 tags; a paper has at least 1 (tag it from "
        "catalogue/tags.yml: `papercat tag add ID TAG`)" in out
    )


def test_shipped_catalogue_passes_check(tmp_path: Path, capsys) -> None:
    shutil.copytree(ROOT / "catalogue", tmp_path / "catalogue", ignore=shutil.ignore_patterns(".cache"))
    assert main(["check", "--catalogue", str(tmp_path / "catalogue")]) == 0
