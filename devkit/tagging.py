"""A small catalogue a tag model can learn from, shared by the tests of suggestions and of ingest's
listing: three topics' words, papers tagged by topic (every fifth also 'theory'), and its tags.yml."""

from __future__ import annotations

import random
from pathlib import Path

from papercat.model import Paper
from papercat.paperfile import render_paper_yaml

TAGS = (
    ("quantum", "Quantum", "Quantum computing.", "qubit"),
    ("vision", "Vision", "Images.", "segmentation"),
    ("speech", "Speech", "Audio.", "spoken"),
    ("theory", "Theory", "Proofs.", "theorem"),
)
PRIVACY = ("privacy", "Privacy", "Private data.", "encrypted")
"""A tag no paper has: only its rule can suggest it."""
TOPIC_WORDS = {
    "quantum": "qubits entanglement quantum circuits superposition decoherence gates",
    "vision": "images pixels convolutional detection cameras objects",
    "speech": "audio acoustic waveform recognition speakers phonemes",
}
FILLER = ["method", "results", "propose", "show", "experiments", "model", "approach", "data", "training", "benchmark"]


def vocabulary(tags: tuple[tuple[str, str, str, str], ...] = TAGS) -> tuple[str, str]:
    """tags.yml and topics.yml (one topic gathering every tag) for (id, name, description, match word)."""
    tags_yml = "tags:\n" + "".join(
        f"- id: {i}\n  name: {n}\n  description: {d}\n  match: [{m}]\n" for i, n, d, m in tags
    )
    topics_yml = "topics:\n- id: all\n  title: All\n  description: Everything.\n  tags: [{}]\n".format(
        ", ".join(t[0] for t in tags)
    )
    return tags_yml, topics_yml


def papers(n: int, seed: int = 0) -> list[Paper]:
    """n papers, a third per topic, each tagged with its topic; every fifth also 'theory' (and says theorem)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        topic = list(TOPIC_WORDS)[i % 3]
        words = rng.sample(TOPIC_WORDS[topic].split(), 4) + rng.sample(FILLER, 6)
        tags = sorted({topic, "theory"} if i % 5 == 0 else {topic})
        extra = " theorem proof bound" if i % 5 == 0 else ""
        out.append(Paper(id=f"p{i:02d}", title=f"Paper {i} on {words[0]}", abstract=" ".join(words) + extra, tags=tags))
    return out


def write_catalogue(root: Path, items: list[Paper], tags: tuple[tuple[str, str, str, str], ...] = TAGS) -> None:
    """tags.yml, topics.yml and a paper file per item under the catalogue folder `root`."""
    tags_yml, topics_yml = vocabulary(tags)
    (root / "tags.yml").write_text(tags_yml)
    (root / "topics.yml").write_text(topics_yml)
    (root / "papers").mkdir(parents=True, exist_ok=True)
    for paper in items:
        (root / "papers" / f"{paper.id}.yaml").write_text(render_paper_yaml(paper))
