"""Tag suggestions learnt from the curated tags, beside the match rules of tags.yml.

One linear classifier per tag over tf-idf features of title and abstract (arxiv-sanity-lite's per-tag
model); a tag's score is the classifier's probability plus `rule_boost` when the tag's match rules
suggest it (capped at 1). Cross-validation on the seeds preferred this boost to giving the classifier
the rules as one more feature (a little higher F1 and recall): as a feature, the classifier mostly
learns to echo the rules, and what is wanted from it is the tags they miss. Logistic regression rather
than a linear SVM: its scores are probabilities on one scale for every tag, so a single threshold
(chosen by cross-validation, see bench/tag_model.py) and the scores shown to a reviewer mean the same
for a common tag and a rare one; an SVM's margins would need per-tag calibration, which tags on a
handful of papers cannot support. `class_weight="balanced"` so a tag on 2% of papers is still learnt.
The liblinear solver: the same cross-validated precision and recall as lbfgs on the seeds, a quarter
of the CPU time, and single-threaded (lbfgs's BLAS threads made training five times slower on a busy
2-core machine). It is deterministic and `random_state` fixed, so the same catalogue gives the same
scores. Training cost grows with the papers, so a large catalogue trains on a deterministic sample
(`max_train`, chosen by a hash of the id).

Pure: the caller loads papers and the vocabulary and passes the rules as a function (usually
`TagVocabulary.suggest`). numpy and scikit-learn are imported where a model is trained or scored, so
importing this module (for its config and types) costs nothing: an ingest that creates no paper
never loads them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from .related import Doc
from .related import as_docs as as_labelled

if TYPE_CHECKING:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

Labelled = Doc
"""A paper as the model sees it: its text and the tags people gave it (the record related papers reads)."""

Rules = Callable[[str, str], Iterable[str]]
"""The rule-based suggestion: (title, abstract) → tag ids, e.g. `TagVocabulary.suggest`."""


class Scored(NamedTuple):
    """A tag and its score for a paper, 0-1: the classifier's probability, plus the rule boost."""

    tag: str
    score: float | None
    """None where the rules alone chose the tag (too few curated papers to learn from)."""


@dataclass(frozen=True)
class TagModelConfig:
    """The knobs; `threshold` is read off the cross-validation table (README, bench/tag_model.py)."""

    threshold: float = 0.5
    """A tag is suggested from this score on."""
    rule_boost: float = 0.5
    """Added to a tag's score when the rules suggest it: with the default threshold, rule tags always pass."""
    remove_below: float = 0.1
    """A tag a paper has is proposed for removal below this score."""
    c: float = 10.0
    """Inverse regularisation strength of each classifier."""
    min_df: int = 2
    min_positives: int = 2
    """A tag on fewer training papers gets no classifier: only the rules can suggest it."""
    max_tags: int = 6
    folds: int = 5
    seed: int = 0
    min_curated: int = 50
    """With fewer tagged papers to learn from, ingest tags new papers by the rules alone."""
    max_train: int = 5000
    """Train on at most this many papers (a sample fixed by id): bounds the time a large catalogue takes."""


@dataclass
class TagModel:
    """Trained classifiers by tag, and the vectorizer they share."""

    config: TagModelConfig
    vectorizer: TfidfVectorizer | None
    classifiers: dict[str, LogisticRegression] = field(default_factory=dict)

    def probabilities(self, texts: Sequence[tuple[str, str]]) -> list[dict[str, float]]:
        """For each (title, abstract), every classifier's probability (4 decimals): the text-only score.

        Takes text only, never tags: a paper's own labels cannot leak into its scores.
        """
        out: list[dict[str, float]] = [{} for _ in texts]
        if self.vectorizer is None or not texts:
            return out
        features = self.vectorizer.transform([f"{t}\n{a}" for t, a in texts])
        for tag, classifier in self.classifiers.items():
            for row, p in enumerate(classifier.predict_proba(features)[:, 1].tolist()):
                out[row][tag] = round(p, 4)
        return out

    def scores(self, texts: Sequence[tuple[str, str]], rules: Rules | None = None) -> list[dict[str, float]]:
        """Probabilities combined with the rules' suggestions for the same texts (see `combine`)."""
        probabilities = self.probabilities(texts)
        return [
            combine(p, rules(t, a) if rules else (), self.config)
            for p, (t, a) in zip(probabilities, texts, strict=True)
        ]


def combine(
    probabilities: dict[str, float], suggested: Iterable[str], config: TagModelConfig = TagModelConfig()
) -> dict[str, float]:
    """A score per tag: the classifier's probability, plus `rule_boost` if the rules suggest the tag, at most 1."""
    scores = dict(probabilities)
    for tag in suggested:
        scores[tag] = round(min(1.0, scores.get(tag, 0.0) + config.rule_boost), 4)
    return scores


def curated(papers: Iterable[Any], known: Collection[str]) -> list[Labelled]:
    """What a model learns from: live (not retired) papers with at least one tag of the vocabulary,
    keeping only those tags (a tag `check` would refuse is not taught)."""
    live = as_labelled(p for p in papers if not getattr(p, "retired", ""))
    return [d._replace(tags=tags) for d in live if (tags := tuple(t for t in d.tags if t in known))]


def sample(docs: Sequence[Labelled], limit: int) -> list[Labelled]:
    """At most `limit` papers, in id order: those whose ids hash lowest, so the same catalogue gives the same
    sample and adding a paper changes it by one at most."""
    if len(docs) <= limit:
        return sorted(docs)
    return sorted(sorted(docs, key=lambda d: hashlib.sha256(d.id.encode()).digest())[:limit])


def train(items: Iterable[Any], config: TagModelConfig = TagModelConfig()) -> TagModel:
    """Fit one classifier per tag on the given papers' text and tags (papers in id order, so deterministic;
    at most `max_train` of them, see `sample`)."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    docs = sample(as_labelled(items), config.max_train)
    vectorizer = TfidfVectorizer(
        sublinear_tf=True, ngram_range=(1, 2), stop_words="english", min_df=min(config.min_df, max(1, len(docs)))
    )
    try:
        features = vectorizer.fit_transform([f"{d.title}\n{d.abstract}" for d in docs])
    except ValueError:  # no words at all: nothing to learn from
        return TagModel(config, None)
    model = TagModel(config, vectorizer)
    for tag in sorted({t for d in docs for t in d.tags}):
        labels = np.array([tag in d.tags for d in docs])
        if labels.sum() < config.min_positives or labels.all():
            continue
        classifier = LogisticRegression(
            C=config.c, class_weight="balanced", solver="liblinear", max_iter=1000, random_state=config.seed
        )
        model.classifiers[tag] = classifier.fit(features, labels)
    return model


def choose(scores: dict[str, float], config: TagModelConfig = TagModelConfig()) -> list[Scored]:
    """The tags for a new paper: those scoring at least the threshold, best first, at most `max_tags`.

    At least one: when none reaches the threshold, the single best-scoring tag (a paper with no tag
    is invisible on the tag pages), unless nothing scored above 0.
    """
    ranked = [Scored(t, s) for t, s in sorted(scores.items(), key=lambda ts: (-ts[1], ts[0])) if s > 0]
    chosen = [x for x in ranked if x.score >= config.threshold][: config.max_tags]
    return chosen or ranked[:1]


class Suggestion(NamedTuple):
    """The tags chosen for a new paper, best first, and whether they are only the fallback."""

    tags: list[Scored]
    fallback: bool
    """No tag reached the threshold: the single best-scoring one was taken (weak: a person should look)."""


def suggest_new(
    model: TagModel, texts: Sequence[tuple[str, str]], rules: Rules | None, config: TagModelConfig = TagModelConfig()
) -> list[Suggestion]:
    """The tags for each new paper's (title, abstract), scored together in one pass (see `choose`)."""
    out = []
    for scores in model.scores(texts, rules):
        chosen = choose(scores, config)
        out.append(Suggestion(chosen, bool(chosen) and chosen[0].score < config.threshold))
    return out


class Review(NamedTuple):
    """Suggested changes to a paper's tags, for a person to accept or not."""

    additions: list[Scored]
    """Tags the paper lacks that score at least the threshold, best first."""
    removals: list[Scored]
    """Tags the paper has that score below `remove_below`, least likely first; a tag the model cannot
    score (no classifier: on too few papers) is never proposed for removal."""


def review(current: Iterable[str], scores: dict[str, float], config: TagModelConfig = TagModelConfig()) -> Review:
    """Additions and removals for a paper that already has tags, from its scores.

    Score existing papers with `held_out_scores` (a model that never saw the paper's own tags): a
    model trained on a paper reproduces its tags and would never propose a change.
    """
    have = set(current)
    additions = [Scored(t, s) for t, s in scores.items() if t not in have and s >= config.threshold]
    removals = [Scored(t, scores[t]) for t in have if t in scores and scores[t] < config.remove_below]
    return Review(sorted(additions, key=lambda x: (-x.score, x.tag)), sorted(removals, key=lambda x: (x.score, x.tag)))


def folds(n: int, config: TagModelConfig = TagModelConfig()) -> list[tuple[np.ndarray, np.ndarray]]:
    """k (train, held-out) index splits of n papers in id order: shuffled with the fixed seed, disjoint."""
    import numpy as np
    from sklearn.model_selection import KFold

    k = min(config.folds, n)
    if k < 2:
        return []
    return list(KFold(n_splits=k, shuffle=True, random_state=config.seed).split(np.arange(n)))


def held_out_scores(
    items: Iterable[Any], rules: Rules | None = None, config: TagModelConfig = TagModelConfig()
) -> dict[str, dict[str, float]]:
    """Every paper's scores from a model trained on the other folds only: k-fold cross-fitting.

    For measuring (bench/tag_model.py) and for reviewing existing papers (`review`). The held-out
    papers are scored from title and abstract alone, and the training set excludes them by
    construction (asserted). Without `rules`, the scores are the classifiers' probabilities alone.
    """
    docs = sorted(as_labelled(items))
    out: dict[str, dict[str, float]] = {}
    for train_rows, test_rows in folds(len(docs), config):
        assert not set(train_rows.tolist()) & set(test_rows.tolist()), "a held-out paper is in its training fold"
        model = train([docs[i] for i in train_rows], config)
        texts = [(docs[i].title, docs[i].abstract) for i in test_rows]
        for i, scores in zip(test_rows.tolist(), model.scores(texts, rules), strict=True):
            out[docs[i].id] = scores
    return out
