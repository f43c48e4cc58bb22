"""Browse's words index: which words a paper is found by, and chunks that hold each word exactly once,
in order, with the papers that have it (tests/test_browser.py checks the page's side against these)."""

from __future__ import annotations

import json
import random
from bisect import bisect_right

import pytest

from devkit.fixtures import HOSTILE_TITLE as HOSTILE
from devkit.fixtures import undelta
from papercat.model import Paper
from papercat.site import browse_index as bi
from papercat.site import browse_words as bw
from papercat.site.model import Site, sort_newest
from papercat.vocabulary import TagVocabulary


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("networks", "network"),
        ("studies", "study"),
        ("loss", "loss"),
        ("focus", "focus"),
        ("analysis", "analysis"),
        ("gas", "gas"),  # three letters: left alone
        ("ties", "tie"),  # too short for -ies
        ("transformers", "transformer"),
    ],
)
def test_fold_turns_a_plural_into_its_singular(word: str, folded: str) -> None:
    assert bw.fold(word) == folded


def test_words_drop_case_and_accents_and_hold_hyphenated_words_joined_too() -> None:
    found = bw.words("Pre-Training of Schrödinger NETWORKS, v2 — Ångström-scale naïve Bayes")
    assert {"pre", "training", "pretraining", "schrodinger", "network", "v2", "angstrom", "scale"} <= found
    assert {"angstromscale", "naive", "baye"} <= found  # "bayes" folds like any plural
    assert all(w.isascii() and w.isalnum() for w in found)
    assert bw.words("") == set() and bw.words("— … 🙂") == set()


def test_a_paper_is_found_by_its_title_abstract_authors_and_notes() -> None:
    paper = Paper(
        id="p", title="Deep Residual Learning", abstract="We ease training.", authors=["Kaiming He"], notes="Read: WRN."
    )
    every, title = bw.paper_words(paper)
    assert title == {"deep", "residual", "learning"}
    assert {"ease", "training", "kaiming", "he", "read", "wrn"} <= every and title <= every
    assert "wide" not in every  # the tags' names are not words: browse filters on tags


def papers(n: int, seed: int = 1) -> list[Paper]:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(40)] + ["alpha", "alphabet", "alpine", "beta", "zeta", "0day"]
    return [
        Paper(
            id=f"p{i}",
            title=" ".join(rng.sample(vocab, 3)) if i != 7 else HOSTILE,
            abstract=" ".join(rng.choices(vocab, k=rng.randint(0, 30))),
        )
        for i in range(n)
    ]


def test_chunks_hold_each_word_once_in_order_with_exactly_its_papers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bi, "CHUNK", 300)  # many small chunks
    newest = papers(60)
    firsts, chunks = bi.word_chunks(newest)
    parsed = [json.loads(c) for c in chunks]
    assert len(parsed) == len(firsts) > 5 and firsts == sorted(firsts)
    seen = []
    for k, chunk in enumerate(parsed):
        keys = list(chunk)
        assert keys == sorted(keys) and keys[0] == firsts[k]
        if k + 1 < len(firsts):
            assert keys[-1] < firsts[k + 1]
        for word in keys:  # where browse.js looks a word up: the last chunk starting at or before it
            assert bisect_right(firsts, word) - 1 == k
        seen += keys
    every = [bw.paper_words(p) for p in newest]
    assert seen == sorted({w for words, _ in every for w in words})
    for chunk in parsed:
        for word, lists in chunk.items():
            assert undelta(lists[0]) == [i for i, (words, _) in enumerate(every) if word in words]
            title = [i for i, (_, t) in enumerate(every) if word in t]
            assert (undelta(lists[1]) if len(lists) > 1 else []) == title


def test_a_prefix_spans_the_chunks_of_the_words_it_begins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bi, "CHUNK", 60)
    firsts, chunks = bi.word_chunks(papers(30))
    holding = {w: k for k, c in enumerate(chunks) for w in json.loads(c)}
    begun = {k for w, k in holding.items() if w.startswith("alp")}
    start = bisect_right(firsts, "alp") - 1  # what browse.js reads for "alp…": start to the bound for "alp~"
    end = bisect_right(firsts, "alp~")
    assert begun and begun <= set(range(start, end))


def test_the_words_files_come_with_the_browse_index_and_the_same_bytes_each_run() -> None:
    newest = sort_newest(papers(25))
    site = Site(newest, TagVocabulary(), [])
    one, two = bi.browse_files(site), bi.browse_files(Site(list(reversed(newest)), TagVocabulary(), []))
    assert one.files == two.files and one.version == two.version
    meta = json.loads(one.files["browse-index/words.json"])
    assert meta["prefix"] == bw.PREFIX
    assert [f"browse-index/words/{k}.json" for k in range(len(meta["firsts"]))] == sorted(
        (p for p in one.files if p.startswith("browse-index/words/")), key=lambda p: int(p.rsplit("/", 1)[1][:-5])
    )
    # a hostile title gives words made of letters and digits only: nothing to escape in a key
    assert all(w.isascii() and w.isalnum() for p in one.files if "/words/" in p for w in json.loads(one.files[p]))
