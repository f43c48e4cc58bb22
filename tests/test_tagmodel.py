"""Learnt tag suggestions: a small synthetic labelled set (built here, not the seed catalogue)."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence

import pytest

from papercat import tagmodel
from papercat.model import Paper
from papercat.tagmodel import (
    Labelled,
    Review,
    Scored,
    TagModel,
    TagModelConfig,
    choose,
    combine,
    folds,
    held_out_scores,
    review,
    train,
)

TOPICS = {
    "quantum": "qubits entanglement quantum circuits superposition decoherence gates",
    "vision": "images pixels segmentation convolutional detection cameras",
    "speech": "audio speech acoustic spoken waveform recognition",
}
FILLER = ["method", "results", "propose", "show", "experiments", "model", "approach", "data", "training", "benchmark"]


def corpus(n: int = 45, seed: int = 0) -> list[Labelled]:
    """n papers, a third per topic, each tagged with its topic; theory papers (every fifth) also 'theory'."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        topic = list(TOPICS)[i % 3]
        words = rng.sample(TOPICS[topic].split(), 4) + rng.sample(FILLER, 6)
        tags = (topic, "theory") if i % 5 == 0 else (topic,)
        extra = " theorem proof bound" if i % 5 == 0 else ""
        docs.append(Labelled(f"p{i:02d}", f"Paper {i} on {words[0]}", " ".join(words) + extra, tuple(sorted(tags))))
    return docs


def rules(title: str, abstract: str) -> list[str]:
    """A stand-in for TagVocabulary.suggest: one phrase rule for a tag no paper carries."""
    return ["privacy"] if "encrypted" in abstract else []


def test_classifier_learns_an_obvious_tag() -> None:
    model = train(corpus())
    [scores] = model.probabilities([("A new paper", "entanglement of qubits in quantum circuits, results")])
    assert max(scores, key=scores.get) == "quantum"
    assert scores["quantum"] >= 0.5 > max(scores["vision"], scores["speech"])
    assert [x.tag for x in choose(scores)] == ["quantum"]
    assert set(model.classifiers) == {"quantum", "speech", "theory", "vision"}


def test_new_paper_gets_at_least_one_and_at_most_six_tags() -> None:
    many = {f"t{i}": 0.9 - i / 100 for i in range(8)}
    assert [x.tag for x in choose(many)] == ["t0", "t1", "t2", "t3", "t4", "t5"]
    assert choose({"a": 0.2, "b": 0.3}) == [Scored("b", 0.3)]
    assert choose({"a": 0.0}) == []
    assert choose({"a": 0.6, "b": 0.6, "c": 0.7}) == [Scored("c", 0.7), Scored("a", 0.6), Scored("b", 0.6)]


def test_rules_boost_the_score_and_reach_tags_without_a_classifier() -> None:
    model = train(corpus())
    [plain, boosted] = model.scores([("T", "pixels images"), ("T", "pixels images, encrypted")], rules)
    assert "privacy" not in plain and boosted["privacy"] == 0.5
    assert combine({"vision": 0.4, "speech": 0.7}, ["speech", "vision"]) == {"vision": 0.9, "speech": 1.0}
    assert [x.tag for x in choose(boosted)][:2] == ["vision", "privacy"]


def test_review_lists_additions_and_removals_with_scores() -> None:
    model = train(corpus())
    [scores] = model.scores([("Qubits", "quantum circuits with entanglement and decoherence")])
    found = review(["vision", "rare-tag"], scores)
    assert isinstance(found, Review)
    assert [x.tag for x in found.additions] == ["quantum"] and found.additions[0].score >= 0.5
    assert [x.tag for x in found.removals] == ["vision"] and found.removals[0].score < 0.1
    assert found.removals[0].score == scores["vision"]  # the score shown is the model's
    nothing = review(["quantum"], scores, TagModelConfig(threshold=1.01, remove_below=0.0))
    assert nothing == Review([], [])


def test_folds_partition_the_papers() -> None:
    splits = folds(23)
    assert len(splits) == 5
    held = [set(test.tolist()) for _, test in splits]
    assert set().union(*held) == set(range(23)) and sum(map(len, held)) == 23
    for train_rows, test_rows in splits:
        assert not set(train_rows.tolist()) & set(test_rows.tolist())
        assert len(train_rows) + len(test_rows) == 23
    assert folds(1) == []


def test_cross_validation_never_trains_on_the_held_out_fold(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every paper is scored by a model whose training set excludes it (recorded at the train call)."""
    trained_on: list[set[str]] = []
    scored: dict[str, int] = {}
    real_train = tagmodel.train

    def spy(items: Iterable[Labelled], config: TagModelConfig) -> TagModel:
        docs = list(items)
        trained_on.append({d.id for d in docs})
        model = real_train(docs, config)
        real_probabilities = model.probabilities

        def probabilities(texts: Sequence[tuple[str, str]]) -> list[dict[str, float]]:
            for title, _ in texts:
                scored[title] = len(trained_on) - 1
            return real_probabilities(texts)

        model.probabilities = probabilities
        return model

    monkeypatch.setattr(tagmodel, "train", spy)
    docs = corpus()
    result = held_out_scores(docs)
    assert len(trained_on) == 5 and set(result) == {d.id for d in docs}
    by_title = {d.title: d.id for d in docs}
    assert len(scored) == len(docs)
    for title, fold in scored.items():
        assert by_title[title] not in trained_on[fold]


def test_a_papers_own_tags_do_not_change_its_held_out_scores() -> None:
    docs = corpus()
    before = held_out_scores(docs)
    relabelled = [d._replace(tags=("speech",)) if d.id == "p00" else d for d in docs]
    after = held_out_scores(relabelled)
    assert after["p00"] == before["p00"]
    assert after != before  # other folds did learn from the changed label


def test_deterministic_and_order_free() -> None:
    docs = corpus()
    first = held_out_scores(docs, rules)
    assert held_out_scores(list(reversed(docs)), rules) == first
    assert held_out_scores(docs, rules) == first
    text = [("T", "speech audio waveform")]
    assert train(docs).probabilities(text) == train(list(reversed(docs))).probabilities(text)


def test_accepts_papers_and_tuples() -> None:
    docs = corpus(15)
    papers = [Paper(id=d.id, title=d.title, abstract=d.abstract, tags=list(d.tags)) for d in docs]
    tuples = [(d.id, d.title, d.abstract, list(d.tags)) for d in docs]
    assert tagmodel.as_labelled(papers) == tagmodel.as_labelled(tuples) == docs


def test_nothing_to_learn_from() -> None:
    empty = train([])
    assert empty.classifiers == {} and empty.scores([("T", "encrypted")], rules) == [{"privacy": 0.5}]
    one_tag_everywhere = train([Labelled("a", "x y", "words here", ("t",)), Labelled("b", "y z", "more words", ("t",))])
    assert one_tag_everywhere.classifiers == {}
    assert held_out_scores([]) == {}


def test_large_catalogues_train_on_a_deterministic_sample() -> None:
    docs = corpus(45)
    picked = tagmodel.sample(docs, 20)
    assert len(picked) == 20 and picked == sorted(picked) and set(picked) <= set(docs)
    assert tagmodel.sample(list(reversed(docs)), 20) == picked  # the same catalogue gives the same sample
    grown = tagmodel.sample([*docs, Labelled("zz", "T", "qubits", ("quantum",))], 20)
    assert len(set(grown) - set(picked)) <= 1  # one more paper changes the sample by one at most
    assert tagmodel.sample(docs, 100) == sorted(docs)
    small = train(docs, TagModelConfig(max_train=20))
    assert small.vectorizer is not None and len(small.vectorizer.vocabulary_) < len(train(docs).vectorizer.vocabulary_)


def test_curated_keeps_live_papers_and_known_tags() -> None:
    papers = [
        Paper(id="a", title="A", abstract="x", tags=["quantum", "typo-tag"]),
        Paper(id="b", title="B", abstract="y", tags=["quantum"], retired="a duplicate"),
        Paper(id="c", title="C", abstract="z", tags=["typo-tag"]),
        Paper(id="d", title="D", abstract="w", tags=[]),
    ]
    assert tagmodel.curated(papers, {"quantum"}) == [Labelled("a", "A", "x", ("quantum",))]


def test_suggest_new_marks_the_fallback() -> None:
    model = train(corpus())
    confident, fallback, privacy = tagmodel.suggest_new(
        model,
        [("Qubits", "entanglement of qubits in quantum circuits"), ("Hm", "method results"), ("T", "encrypted")],
        rules,
    )
    assert [x.tag for x in confident.tags] == ["quantum"] and not confident.fallback
    assert len(fallback.tags) == 1 and fallback.fallback and fallback.tags[0].score < 0.5
    assert privacy.tags[0] == Scored("privacy", privacy.tags[0].score) and privacy.tags[0].score >= 0.5


def test_importing_the_model_does_not_load_scikit_learn() -> None:
    import subprocess
    import sys

    code = "import sys, papercat.tagmodel; print(sorted(m for m in ('sklearn', 'numpy') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout == "[]\n"
