"""The repository's own paths, and small inputs built from text: dumps, abstracts, a site skeleton."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SEEDS = ROOT / "catalogue" / "dumps"


def site_skeleton(root: Path) -> None:
    """The repository's mkdocs.yml, theme overrides and hand-written pages, copied under root."""
    import shutil

    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", root / "overrides")
    (root / "docs").mkdir()
    for item in ("contributing.md", "about.md", "suggest-tags.md", "assets"):
        src = ROOT / "docs" / item
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / "docs" / item)


def block_dump(*entries: tuple[str, str], meta: str = "") -> str:
    """A blank-line layout dump with the page header, entries given as (title, abstract)."""
    head = (
        "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\nMar 11\n\n"
    )
    return head + "".join(f"{t}\n\n{a}\n\n{meta}" for t, a in entries)


def abstract(seed: str, words: int = 60) -> str:
    """A deterministic abstract of distinct words, so unrelated abstracts never look alike."""
    import random

    rng = random.Random(seed)
    vocab = [f"{a}{b}" for a in ("lor", "ips", "dol", "sit", "ame", "con", "adi", "eli", "sed") for b in "aeiouxyz"]
    return " ".join(rng.choice(vocab) for _ in range(words)).capitalize() + "."


HOSTILE_TITLE = "</script><img src=x onerror=alert(1)> [x](javascript:alert(1)) *a* \u202eevil\x07"
"""A title that tries markup, a script end, a link, bidi and a control character: it must stay text."""


def undelta(deltas: list[int]) -> list[int]:
    """A delta-encoded posting list of the browse index back to its numbers."""
    out, acc = [], 0
    for d in deltas:
        acc += d
        out.append(acc)
    return out


# a two-tag vocabulary and its one topic, as tags.yml and topics.yml hold them (tag and diff tests)
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
