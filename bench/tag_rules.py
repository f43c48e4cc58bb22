"""How well the tag rules' suggestions agree with the catalogue's curated tags.

Run: python3 dev.py bench bench/tag_rules.py [--catalogue catalogue] [--detail]
For every paper, compares `TagVocabulary.suggest(title, abstract)` (what ingest gives a new paper)
with the tags in its file (what people chose): micro-averaged precision and recall, papers whose tags
equal the suggestion, and with --detail the tags most often suggested wrongly or missed.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from papercat.catalogue import load_catalogue, load_vocabularies  # noqa: E402
from papercat.files import Layout  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--catalogue", type=Path, default=ROOT / "catalogue")
    parser.add_argument("--detail", action="store_true", help="list the tags most often wrong or missed")
    args = parser.parse_args()
    layout = Layout(args.catalogue)
    vocabulary, _, problems = load_vocabularies(layout)
    if problems:
        sys.exit("\n".join(map(str, problems)))
    papers = list(load_catalogue(layout).papers.values())
    wrong, missed, same, hits = Counter(), Counter(), 0, 0
    for paper in papers:
        chosen, suggested = set(paper.tags), set(vocabulary.suggest(paper.title, paper.abstract))
        hits += len(chosen & suggested)
        wrong.update(suggested - chosen)
        missed.update(chosen - suggested)
        same += chosen == suggested
    precision = hits / max(1, hits + sum(wrong.values()))
    recall = hits / max(1, hits + sum(missed.values()))
    print(f"{len(papers)} papers: precision {precision:.3f}, recall {recall:.3f}, same tags on {same}")
    if args.detail:
        print("suggested, not chosen:", ", ".join(f"{t} {n}" for t, n in wrong.most_common(10)))
        print("chosen, not suggested:", ", ".join(f"{t} {n}" for t, n in missed.most_common(10)))


if __name__ == "__main__":
    main()
