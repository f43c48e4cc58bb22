"""Deduplication: the classes of 'same paper' and 'different paper', and the dev-set bar."""

from __future__ import annotations

import itertools
import json
import shutil
from collections import Counter

import pytest

from devkit import DATA, SEEDS, abstract
from papercat.blocking import Index, document_frequencies
from papercat.catalogue import load_catalogue
from papercat.commands.ingest import run_ingest
from papercat.dedupe import Fingerprint, match_score
from papercat.files import Layout

BASE_TITLE = "Resurrecting Recurrent Neural Networks for Long Sequences"
BASE_ABS = abstract("base", 150)


def same(t1: str, a1: str, t2: str, a2: str) -> bool:
    return match_score(Fingerprint.of(t1, a1), Fingerprint.of(t2, a2)) is not None


def _edit(text: str, positions: tuple[int, ...], word: str = "novel") -> str:
    words = text.split()
    for p in positions:
        words[p] = word
    return " ".join(words)


@pytest.mark.parametrize(
    "title",
    [
        BASE_TITLE.upper(),
        BASE_TITLE.lower(),
        "Resurrecting Recurrent Neural Networks for Long Sequences.",
        "Resurrecting  Recurrent Neural\u00a0Networks for Long Sequences ",
        "Resurrecting Recurrent Neural Networks for Long Sequences!",
        "Resurrecting Recurrent Neural Netwroks for Long Sequences",
        "Resurrecting Recurrent Neural Networks for Long Sequnces",
        "Resurrecting Recurrent Neural Networks &amp; Long Sequences".replace("&amp;", "for"),
    ],
)
def test_title_variants_with_same_abstract_merge(title: str) -> None:
    assert same(BASE_TITLE, BASE_ABS, title, BASE_ABS)


def test_unicode_and_entity_title_forms_merge() -> None:
    assert same("D'OH: Decoder-Only Hypernetworks", BASE_ABS, "D\u2019OH: Decoder\u2010Only Hypernetworks", BASE_ABS)
    assert same("Gated Linear Attention & Friends", BASE_ABS, "Gated Linear Attention &amp; Friends", BASE_ABS)
    assert same("Hardware-Efficient Training", BASE_ABS, "Hardware-E\ufb03cient Training", BASE_ABS)


def test_dropped_subtitle_merges() -> None:
    assert same("AP: Selective Activation for De-sparsifying Pruned Networks", BASE_ABS, "AP", BASE_ABS)
    assert same("Sonnet - Spectral Operator Networks", BASE_ABS, "Sonnet", BASE_ABS)


@pytest.mark.parametrize(
    "other",
    [
        " ".join(BASE_ABS.split()[:40]) + "...",
        " ".join(BASE_ABS.split()[:40])[:-3] + "\u2026",
        " ".join(BASE_ABS.split()[:25]),
        "\n".join(BASE_ABS[i : i + 70] for i in range(0, len(BASE_ABS), 70)),
        _edit(BASE_ABS, (10, 90)),
        _edit(BASE_ABS, (5, 60, 120)),
        BASE_ABS.replace(" ", "  ").replace(", ", " , "),
    ],
    ids=["ellipsis", "unicode-ellipsis", "cut", "rewrapped", "two-words", "three-words", "spacing"],
)
def test_abstract_variants_merge(other: str) -> None:
    assert same(BASE_TITLE, BASE_ABS, BASE_TITLE, other)


def test_titles_sharing_most_words_stay_apart() -> None:
    assert not same(
        "Neural Ordinary Differential Equations", abstract("a"), "On Neural Differential Equations", abstract("b")
    )
    assert not same("Universal Transformers", abstract("a"), "Universal Transformers Revisited", abstract("b"))


def test_same_title_different_abstract_stays_apart() -> None:
    assert not same(BASE_TITLE, BASE_ABS, BASE_TITLE, abstract("other", 150))


def test_conference_and_journal_versions_stay_apart() -> None:
    # a revised abstract: about one word in ten rewritten, as between FCN's two versions
    journal = _edit(BASE_ABS, tuple(range(3, 150, 10)), "revised")
    assert not same(BASE_TITLE, BASE_ABS, BASE_TITLE, journal)


def test_same_abstract_different_title_stays_apart() -> None:
    assert not same("Pointer Networks", BASE_ABS, "Fully Convolutional Networks", BASE_ABS)


def test_truncated_copy_joins_the_version_it_copies() -> None:
    journal = _edit(BASE_ABS, tuple(range(3, 150, 10)), "revised")
    index = Index(document_frequencies([Fingerprint.of(BASE_TITLE, BASE_ABS)]))
    from papercat.blocking import Cluster

    conf, jour = Cluster("conf"), Cluster("journal")
    index.add(conf, Fingerprint.of(BASE_TITLE, BASE_ABS))
    index.add(jour, Fingerprint.of(BASE_TITLE, journal))
    cut = " ".join(journal.split()[:30]) + "..."
    assert index.best_match(Fingerprint.of(BASE_TITLE, cut)).key == "journal"


def _pairwise(truth: dict[str, str], owner: dict[str, str]) -> tuple[float, float]:
    def pairs(groups: dict[str, list[str]]) -> set[tuple[str, str]]:
        return {p for members in groups.values() for p in itertools.combinations(sorted(members), 2)}

    by_truth: dict[str, list[str]] = {}
    by_found: dict[str, list[str]] = {}
    for key, label in truth.items():
        by_truth.setdefault(label, []).append(key)
        if key in owner:
            by_found.setdefault(owner[key], []).append(key)
    true_pairs, found = pairs(by_truth), pairs(by_found)
    tp = len(true_pairs & found)
    return (tp / len(found) if found else 1.0), tp / len(true_pairs)


def test_devset_bar(tmp_path) -> None:
    """Seeds plus the labelled dev set: pairwise precision >= 0.995 and recall >= 0.99, nothing lost."""
    layout = Layout(tmp_path / "catalogue")
    layout.dumps.mkdir(parents=True)
    for path in [*SEEDS.iterdir(), *(DATA / "dedupe" / "dumps").iterdir()]:
        shutil.copy(path, layout.dumps / path.name)
    run_ingest(layout)
    truth = json.loads((DATA / "dedupe" / "truth.json").read_text())["truth"]
    owner = {}
    for paper in load_catalogue(layout).papers.values():
        for src in paper.sources:
            assert src.key not in owner, f"{src.key} claimed twice"
            owner[src.key] = paper.id
    assert set(truth) <= set(owner), f"lost entries: {sorted(set(truth) - set(owner))[:5]}"
    precision, recall = _pairwise(truth, owner)
    assert precision >= 0.995 and recall >= 0.99, (precision, recall)
    assert len(set(owner.values())) == len(set(truth.values())) == 419


def test_seeds_give_401_papers(tmp_path) -> None:
    layout = Layout(tmp_path / "catalogue")
    shutil.copytree(SEEDS, layout.dumps)
    report = run_ingest(layout)
    assert (report.entries, report.created) == (456, 401)
    papers = load_catalogue(layout).papers
    fcn = [p for p in papers.values() if p.title == "Fully Convolutional Networks for Semantic Segmentation"]
    assert len(fcn) == 2
    assert Counter(len(p.sources) for p in papers.values())[1] > 300


@pytest.mark.parametrize(("a", "b"), [("GNOT", "GNOX"), ("Pointer Networks", "Pointer Netwroks"), ("MgNO", "MgN0")])
def test_one_letter_typo_in_short_title_merges(a: str, b: str) -> None:
    assert same(a, BASE_ABS, b, BASE_ABS)


def test_synthetic_variations_bar() -> None:
    """A labelled synthetic set with every copy variation (like the held-out sets): no wrong or missed merge."""
    from devkit.synth import Synth, dump_text
    from papercat.parse import parse_dump

    synth = Synth(seed=11, vocab_size=3000)
    made: list[tuple[str, str]] = []
    labelled: list[tuple[int, str, str]] = []
    for _ in range(1500):
        if made and synth.rng.random() < 0.25:
            label = synth.rng.randrange(len(made))
            labelled.append((label, *synth.variant(*made[label])))
        else:
            made.append(synth.paper())
            labelled.append((len(made) - 1, *made[-1]))
    entries = parse_dump(dump_text([(t, a, "") for _, t, a in labelled]).encode(), "s.txt").entries
    assert len(entries) == len(labelled)
    fps = [Fingerprint.of(e.title, e.abstract) for e in entries]
    index = Index(document_frequencies(fps))
    owner = []
    for n, fp in enumerate(fps):
        from papercat.blocking import Cluster

        cluster = index.best_match(fp) or Cluster(str(n))
        index.add(cluster, fp)
        owner.append(cluster.key)
    truth = {str(n): str(label) for n, (label, _, _) in enumerate(labelled)}
    precision, recall = _pairwise(truth, {str(n): o for n, o in enumerate(owner)})
    assert precision == 1.0 and recall >= 0.995, (precision, recall)
