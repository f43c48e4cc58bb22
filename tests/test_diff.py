"""`papercat diff` on a temporary git repository with real commits, and `papercat tag`."""

from __future__ import annotations

from pathlib import Path

import pytest

from devkit import abstract, block_dump
from devkit.fixtures import TOPICS, VOCAB
from devkit.gitrepo import commit, git
from papercat.cli import main
from papercat.commands.ingest import run_ingest
from papercat.files import Layout


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, Layout, str]:
    git(tmp_path, "init", "-q", "-b", "main")
    layout = Layout(tmp_path / "catalogue")
    layout.dumps.mkdir(parents=True)
    layout.tags.write_text(VOCAB)
    layout.topics.write_text(TOPICS)
    (layout.dumps / "1.txt").write_text(
        block_dump(("Transformers Everywhere", abstract("a")), ("Activation Function Zoo", abstract("b")))
    )
    run_ingest(layout)
    (tmp_path / ".gitignore").write_text(".cache/\n")
    return tmp_path, layout, commit(tmp_path, "first ingest")


def diff(layout: Layout, capsys, *revs: str) -> str:
    capsys.readouterr()
    assert main(["diff", *revs, "--catalogue", str(layout.root)]) == 0
    return capsys.readouterr().out


def test_tag_added_and_removed(repo, capsys) -> None:
    root, layout, base = repo
    assert main(["tag", "add", "transformers-everywhere", "activation-functions", "--catalogue", str(layout.root)]) == 0
    assert (
        main(["tag", "remove", "activation-function-zoo", "activation-functions", "--catalogue", str(layout.root)]) == 0
    )
    head = commit(root, "retag")
    out = diff(layout, capsys, base, head)
    assert "### Tags changed" in out
    assert "| `transformers-everywhere` Transformers Everywhere | `activation-functions` | none |" in out
    assert "| `activation-function-zoo` Activation Function Zoo | none | `activation-functions` |" in out


def test_unknown_tag_with_suggestion(repo, capsys) -> None:
    root, layout, base = repo
    path = layout.papers / "transformers-everywhere.yaml"
    path.write_text(path.read_text().replace("- transformers\n", "- transformers\n- activation-functons\n"))
    head = commit(root, "typo")
    out = diff(layout, capsys, base, head)
    assert "| `transformers-everywhere` | `activation-functons` | `activation-functions` |" in out


def test_new_vocabulary_tag_and_topic(repo, capsys) -> None:
    root, layout, base = repo
    layout.tags.write_text(VOCAB + "- id: speech\n  name: Speech\n  description: Speech.\n  match: [speech]\n")
    layout.topics.write_text(TOPICS + "- id: audio\n  title: Audio\n  description: Sound.\n  tags: [speech]\n")
    head = commit(root, "vocabulary")
    out = diff(layout, capsys, base, head)
    assert "- tags added: `speech`" in out and "- topics added: `audio`" in out


def test_edited_title_and_abstract(repo, capsys) -> None:
    root, layout, base = repo
    path = layout.papers / "transformers-everywhere.yaml"
    text = path.read_text()
    path.write_text(
        text.replace("title: Transformers Everywhere", "title: Transformers <b>Everywhere</b>").replace(
            "abstract: >-\n  ", "abstract: >-\n  Edited. "
        )
    )
    head = commit(root, "edit")
    out = diff(layout, capsys, base, head)
    assert (
        "- `transformers-everywhere`: title Transformers Everywhere → Transformers &lt;b&gt;Everywhere&lt;\\/b&gt;"
        in out
    )
    assert "- `transformers-everywhere`: abstract edited" in out


def test_citation_details_are_shown_with_their_new_values(repo, capsys) -> None:
    root, layout, base = repo
    path = layout.papers / "transformers-everywhere.yaml"
    text = path.read_text().replace("\nabstract:", '\nauthors:\n- Ada `Lovelace`\n- "@mention #1"\nabstract:')
    text = text.replace("\nupvotes: null\n", "\nyear: 2017\narxiv: '1706.03762'\nupvotes: 3\n").replace(
        "notes: ''", "notes: a note"
    )
    path.write_text(text)
    out = diff(layout, capsys, base, commit(root, "cite"))
    assert (
        "- `transformers-everywhere`: authors ``Ada `Lovelace`, @mention #1``; year `2017`; arxiv `1706.03762`; "
        "upvotes `3`; notes" in out
    )


def test_new_paper_from_a_new_dump_and_working_tree(repo, capsys) -> None:
    root, layout, base = repo
    (layout.dumps / "2.txt").write_text(
        block_dump(("A [Hostile](javascript:x) Paper", abstract("c")), ("TRANSFORMERS EVERYWHERE", abstract("a")))
    )
    run_ingest(layout)
    out = diff(layout, capsys, base)  # against the working tree
    assert "### Papers added (1)" in out
    assert "| `a-hostile-javascript-x-paper` | A \\[Hostile\\]\\(javascript\\:\u2060x\\) Paper | none |" in out
    assert "- `transformers-everywhere`: 1 new source" in out
    head = commit(root, "new dump")
    assert diff(layout, capsys, base, head).replace(head, "X") == out.replace("working tree", "X")


def test_no_change_and_bad_revision(repo, capsys) -> None:
    _, layout, base = repo
    assert "No change to papers, tags or topics." in diff(layout, capsys, base, base)
    assert main(["diff", "no-such-rev", "--catalogue", str(layout.root)]) == 2
    assert "papercat: error: git rev-parse" in capsys.readouterr().err


def test_tag_rejects_unknown_tag_and_keeps_file_canonical(repo, capsys) -> None:
    _, layout, _ = repo
    path = layout.papers / "transformers-everywhere.yaml"
    before = path.read_text()
    assert main(["tag", "add", "transformers-everywhere", "activations", "--catalogue", str(layout.root)]) == 2
    assert "unknown tag 'activations' (did you mean 'activation-functions'?)" in capsys.readouterr().err
    assert path.read_text() == before
    assert main(["tag", "add", "no-such-paper", "transformers", "--catalogue", str(layout.root)]) == 2
    main(["tag", "add", "transformers-everywhere", "activation-functions", "--catalogue", str(layout.root)])
    capsys.readouterr()
    assert main(["check", "--catalogue", str(layout.root)]) == 1
    # every paper file is valid and canonical; only the curation rules fault this two-paper catalogue's size
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "4 problems" and not any("papers/" in line for line in lines), lines
    assert all("/tags.yml:" in line or "/topics.yml:" in line for line in lines[:-1])
