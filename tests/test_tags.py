"""Tags and topics: suggestion rules, vocabulary checks, and the shipped vocabulary's bounds."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from papercat.cli import main
from papercat.pipeline import run_ingest
from papercat.store import Layout, load_catalogue
from papercat.tags import load_topics, load_vocabulary

from .conftest import ROOT, abstract, block_dump

VOCAB = """tags:
- id: activation-functions
  name: Activation functions
  description: Nonlinearities.
  aliases: [activations]
  match: [activation function, 're:\\brelu\\b']
- id: transformers
  name: Transformers
  description: The transformer.
  match: [transformer]
"""
TOPICS = """topics:
- id: blocks
  title: Blocks
  description: Parts.
  tags: [activation-functions, transformers]
"""


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
    assert f"{path}:15: unknown tag 'activations' (did you mean 'activation-functions'?)" in out
    assert f"{path}:16: unknown tag 'transfomers' (did you mean 'transformers'?)" in out


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


def test_shipped_vocabulary_bounds() -> None:
    layout = Layout(ROOT / "catalogue")
    vocab = load_vocabulary(layout.tags.read_text())
    topics, problems = load_topics(layout.topics.read_text())
    assert problems == []
    assert 30 <= len(vocab.tags) <= 60 and 6 <= len(topics) <= 12
    assert {t for topic in topics for t in topic.tags} == set(vocab.tags)
    papers = load_catalogue(layout).papers
    counts = Counter(t for p in papers.values() for t in p.tags)
    assert all(1 <= len(p.tags) <= 6 for p in papers.values())
    assert set(counts) == set(vocab.tags)
    assert min(counts.values()) >= 2 and max(counts.values()) <= len(papers) / 3


def test_shipped_catalogue_passes_check(tmp_path: Path, capsys) -> None:
    shutil.copytree(ROOT / "catalogue", tmp_path / "catalogue", ignore=shutil.ignore_patterns(".cache"))
    assert main(["check", "--catalogue", str(tmp_path / "catalogue")]) == 0
