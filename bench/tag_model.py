"""How well learnt tag suggestions agree with the curated tags: 5-fold cross-validation on a catalogue.

Run: python3 dev.py bench bench/tag_model.py [--catalogue catalogue] [--thresholds 0.3 0.5 ...] [--boost 0.5]
         [--train-sizes 10000 ...]
Reads whatever is in the catalogue now (tags.yml and the paper files, through papercat's own
loaders). Papers are split into 5 folds (fixed seed); each fold's papers are tagged by a model
trained on the other four, from their title and abstract only. Micro precision and recall over
(paper, tag) pairs, as ingest would tag a new paper (tags scoring at least the threshold, at most six,
at least one), for:
  (a) the rules alone (`TagVocabulary.suggest`, nothing learnt),
  (b) the classifier alone (its probabilities),
  (c) the combination (probability plus the rule boost: what `papercat.tagmodel` suggests).
Prints the Markdown table for the README and the combination's threshold with the best F1; with
--train-sizes, also the time `train` takes on synthetic catalogues of those sizes (devkit's text, 3-5
random shipped tags a paper: nothing to learn, so the solver works hardest; at most `max_train` used).
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STABLE = Path("/work/stable/src")
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))  # devkit

from papercat.tagmodel import Labelled, TagModelConfig, choose, combine, held_out_scores, train  # noqa: E402


def load(catalogue: Path) -> tuple[list[Labelled], object, str]:
    """Papers, the vocabulary, and which papercat loaded them (the working tree, else the frozen copy).

    Other people edit the working tree while this runs; if its loaders cannot be imported, the frozen
    copy's are used for loading only (tagmodel, imported above, stays the working tree's).
    """
    source = "working tree"
    try:
        from papercat.catalogue import load_catalogue, load_vocabularies
        from papercat.files import Layout
    except Exception as exc:  # noqa: BLE001 - any import failure means a half-edited tree
        source = f"{STABLE} (working tree failed: {exc.__class__.__name__}: {exc})"
        for name in [m for m in sys.modules if m == "papercat" or m.startswith("papercat.")]:
            del sys.modules[name]
        sys.path.insert(0, str(STABLE))
        from papercat.catalogue import load_catalogue, load_vocabularies
        from papercat.files import Layout
    layout = Layout(catalogue)
    vocabulary, _, problems = load_vocabularies(layout)
    loaded = load_catalogue(layout)
    if problems or loaded.problems:
        sys.exit("\n".join(map(str, [*problems, *loaded.problems])))
    live = [p for p in loaded.papers.values() if not getattr(p, "retired", "")]
    papers = [Labelled(p.id, p.title, p.abstract, tuple(sorted(p.tags))) for p in live]
    return papers, vocabulary, source


def micro(papers: list[Labelled], predicted: dict[str, set[str]]) -> tuple[float, float, float, int]:
    """Micro precision, recall, F1 over (paper, tag) pairs, and papers whose tags are predicted exactly."""
    hits = sum(len(set(p.tags) & predicted[p.id]) for p in papers)
    made = sum(len(predicted[p.id]) for p in papers)
    wanted = sum(len(p.tags) for p in papers)
    precision, recall = hits / max(1, made), hits / max(1, wanted)
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    return precision, recall, f1, sum(set(p.tags) == predicted[p.id] for p in papers)


def row(name: str, threshold: str, papers: list[Labelled], predicted: dict[str, set[str]]) -> str:
    precision, recall, f1, same = micro(papers, predicted)
    return f"| {name} | {threshold} | {precision:.3f} | {recall:.3f} | {f1:.3f} | {same} |"


def training_time(sizes: list[int], tags: list[str], config: TagModelConfig) -> None:
    """Seconds `train` takes on synthetic catalogues of each size."""
    import random

    from devkit.synth import Synth

    for n in sizes:
        synth, rng = Synth(seed=3), random.Random(3)
        docs = [Labelled(f"p{i:06d}", *synth.paper(), tuple(rng.sample(tags, rng.randint(3, 5)))) for i in range(n)]
        start = time.perf_counter()
        model = train(docs, config)
        used = min(n, config.max_train)
        print(
            f"train on {n} synthetic papers ({used} used): {time.perf_counter() - start:.1f} s, "
            f"{len(model.classifiers)} classifiers"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--catalogue", type=Path, default=ROOT / "catalogue")
    parser.add_argument("--thresholds", type=float, nargs="+", default=[0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
    parser.add_argument("--boost", type=float, default=TagModelConfig().rule_boost)
    parser.add_argument("--train-sizes", type=int, nargs="*", default=[], help="also time training at these sizes")
    args = parser.parse_args()
    papers, vocabulary, source = load(args.catalogue)
    config = replace(TagModelConfig(), rule_boost=args.boost)
    start = time.perf_counter()
    train(papers, config)
    print(f"train on the {len(papers)} curated papers (what ingest does): {time.perf_counter() - start:.1f} s")
    training_time(args.train_sizes, sorted(vocabulary.tags), config)
    start = time.perf_counter()
    probabilities = held_out_scores(papers, None, config)  # no rules: the classifiers' own probabilities
    seconds = time.perf_counter() - start
    ruled = {p.id: set(vocabulary.suggest(p.title, p.abstract)) for p in papers}
    combined = {pid: combine(probabilities[pid], ruled[pid], config) for pid in ruled}
    tags = {t for p in papers for t in p.tags}
    print(f"{len(papers)} papers, {len(tags)} tags in use, loaded from the {source}; {config}")
    print(f"{config.folds}-fold cross-validation (seed {config.seed}): {seconds:.1f} s\n")
    print("| suggestion | threshold | precision | recall | F1 | papers with exactly the curated tags |")
    print("|---|---|---|---|---|---|")
    print(row("(a) rules alone", "—", papers, ruled))
    best = (-1.0, 0.0)
    for threshold in args.thresholds:
        at = replace(config, threshold=threshold)
        alone = {pid: {x.tag for x in choose(s, at)} for pid, s in probabilities.items()}
        both = {pid: {x.tag for x in choose(s, at)} for pid, s in combined.items()}
        print(row("(b) classifier alone", f"{threshold:.2f}", papers, alone))
        print(row("(c) combination", f"{threshold:.2f}", papers, both))
        best = max(best, (micro(papers, both)[2], -threshold))
    chosen = -best[1]
    note = "the default" if chosen == config.threshold else f"differs from the default {config.threshold}"
    print(f"\ncombination's best F1 {best[0]:.3f} at threshold {chosen:.2f} ({note})")
    flagged = sum(combined[p.id].get(t, 1.0) < config.remove_below for p in papers for t in p.tags)
    total = sum(len(p.tags) for p in papers)
    print(f"review load: {flagged} of {total} curated tags score below {config.remove_below} (proposed for removal)")


if __name__ == "__main__":
    main()
