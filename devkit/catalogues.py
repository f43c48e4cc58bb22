"""A synthetic catalogue of paper files with the shipped tags and topics, and the site around it (benchmarks)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from papercat.model import Paper, Source
from papercat.paperfile import render_paper_yaml
from papercat.vocabulary import load_vocabulary

from .fixtures import ROOT, site_skeleton
from .synth import Synth


def make_catalogue(root: Path, n: int) -> list[tuple[str, str]]:
    synth = Synth(seed=3)
    rng = random.Random(3)
    tags = list(load_vocabulary((ROOT / "catalogue" / "tags.yml").read_text()).tags)
    papers = root / "catalogue" / "papers"
    papers.mkdir(parents=True)
    for name in ("tags.yml", "topics.yml"):
        shutil.copy(ROOT / "catalogue" / name, root / "catalogue" / name)
    made = []
    for i in range(n):
        title, abstract = synth.paper()
        title = title[:90]
        pid = f"paper-{i:05d}"
        date = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        paper = Paper(
            id=pid,
            title=title,
            abstract=abstract,
            published=date,
            authors_count=rng.randint(1, 9),
            upvotes=rng.randint(0, 50),
            code=[f"https://github.com/synth/{pid}"] if i % 5 < 2 else [],  # 40% with code, as browse filters on it
            tags=sorted(rng.sample(tags, rng.randint(3, 5))),
            sources=[Source("synth.txt", 10 + 4 * i)],
        )
        (papers / f"{pid}.yaml").write_text(render_paper_yaml(paper))
        made.append((title, abstract))
    site_skeleton(root)
    return made
