"""The browse index: posting lists give exact counts, year ranges are number ranges, shards split where
they should, the bytes are the same on every run, and untrusted titles stay text."""

from __future__ import annotations

import json
import random
import re
from dataclasses import replace

import pytest

from devkit.fixtures import HOSTILE_TITLE as HOSTILE
from devkit.fixtures import undelta
from papercat import markup
from papercat.model import Paper
from papercat.site import browse_index as bi
from papercat.site import site_pages
from papercat.site.browse import render_browse
from papercat.site.model import Site, sort_newest, year_of
from papercat.vocabulary import Tag, TagVocabulary, Topic


def catalogue() -> Site:
    vocab = TagVocabulary()
    for t in ("alpha", "beta", "gamma", "delta"):
        vocab.tags[t] = Tag(t, t.title(), f"About {t}.")
    topics = [Topic("ab", "A and B", "", ("alpha", "beta")), Topic("g", "G", "", ("gamma",))]
    dates = [
        "2024-05-01",
        "2023-01-02",
        "2024-01-09",
        "Mar 11",
        None,
        "2021-12-31",
        "2023-07-07",
        "Jan 02",
        "2019-02-03",
    ]
    papers = [
        Paper(
            id=f"p{i}",
            title=HOSTILE if i == 4 else f"Paper {chr(ord('z') - i)}",
            published=date,
            upvotes=(i * 7) % 5,
            code=["https://github.com/o/r"] if i % 3 == 0 else ["javascript:alert(1)"] if i == 5 else [],
            tags=[t for k, t in enumerate(vocab.tags) if (i + k) % 3 == 0] + (["unknown-tag"] if i == 2 else []),
        )
        for i, date in enumerate(dates)
    ]
    return Site(papers, vocab, topics)


@pytest.fixture
def small_shards(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bi, "ROWS", 4)
    monkeypatch.setattr(bi, "BLOCK", 5)


def read(index: bi.BrowseIndex, path: str) -> object:
    return json.loads(index.files[f"browse-index/{path}"])


def test_posting_lists_hold_exactly_the_papers_of_each_tag_topic_and_code() -> None:
    site = catalogue()
    index = bi.browse_files(site)
    manifest = read(index, "manifest.json")
    ids = [p.id for p in sort_newest(site.papers)]
    named = {name: {ids[i] for i in undelta(read(index, f"{name}.json"))} for name in ("code",)}
    for t in ("alpha", "beta", "gamma", "delta"):
        named[f"tag/{t}"] = {ids[i] for i in undelta(read(index, f"tag/{t}.json"))}
    for t in ("ab", "g"):
        named[f"topic/{t}"] = {ids[i] for i in undelta(read(index, f"topic/{t}.json"))}
    assert named == {
        "code": {"p0", "p3", "p6"},  # p5's only link is not http(s)
        "tag/alpha": {"p0", "p3", "p6"},
        "tag/beta": {"p2", "p5", "p8"},
        "tag/gamma": {"p1", "p4", "p7"},
        "tag/delta": {"p0", "p3", "p6"},
        "topic/ab": {"p0", "p2", "p3", "p5", "p6", "p8"},
        "topic/g": {"p1", "p4", "p7"},
    }
    assert manifest["tags"] == ["alpha", "beta", "gamma", "delta"]
    assert manifest["tagCounts"] == [3, 3, 3, 3]
    assert manifest["topics"] == {"ab": 6, "g": 3}
    assert manifest["code"] == 3 and manifest["total"] == 9


def test_numbers_run_newest_first_and_each_year_is_one_range() -> None:
    site = catalogue()
    index = bi.browse_files(site)
    manifest = read(index, "manifest.json")
    newest = sort_newest(site.papers)
    assert [p.id for p in newest] == ["p0", "p2", "p6", "p1", "p5", "p8", "p3", "p7", "p4"]
    assert manifest["years"] == [[2024, 0], [2023, 2], [2021, 4], [2019, 5]]
    assert manifest["dated"] == 6
    ends = [y[1] for y in manifest["years"][1:]] + [manifest["dated"]]
    for (year, start), end in zip(manifest["years"], ends, strict=True):
        assert {year_of(p) for p in newest[start:end]} == {year}
    assert all(year_of(p) is None for p in newest[manifest["dated"] :])


def test_rows_split_into_shards_per_order(small_shards: None) -> None:
    site = catalogue()
    index = bi.browse_files(site)
    manifest = read(index, "manifest.json")
    assert (manifest["rows"], manifest["block"], manifest["orders"]) == (4, 5, {"upvotes": 2, "title": 2})
    for order in ("newest", "upvotes", "title"):
        sizes = [len(read(index, f"rows/{order}/{k}.json")) for k in range(3)]
        assert sizes == [4, 4, 1], order
        assert f"browse-index/rows/{order}/3.json" not in index.files
    assert read(index, "rows/newest/0.json")[0] == ["p0", "Paper z", "May 1, 2024", 0, 1, [0, 3]]
    assert read(index, "rows/newest/2.json") == [["p4", markup.plain(HOSTILE), "", 3, 0, [2]]]
    newest = [p.id for p in sort_newest(site.papers)]
    by_upvotes = [r[0] for k in range(3) for r in read(index, f"rows/upvotes/{k}.json")]
    by_title = [r[0] for k in range(3) for r in read(index, f"rows/title/{k}.json")]
    assert by_upvotes == ["p2", "p7", "p4", "p6", "p1", "p8", "p3", "p0", "p5"]  # ties stay newest first
    assert by_title == ["p8", "p7", "p6", "p5", "p3", "p2", "p1", "p0", "p4"]  # "paper r" .. "script img"
    for order, ids in (("upvotes", by_upvotes), ("title", by_title)):
        perm = undelta(read(index, f"order/{order}/0.json")) + undelta(read(index, f"order/{order}/1.json"))
        assert [newest[i] for i in perm] == ids, order
        assert len(read(index, f"order/{order}/1.json")) == 4


def test_row_of_a_paper_that_names_an_unknown_tag_lists_only_known_ones() -> None:
    rows = read(bi.browse_files(catalogue()), "rows/newest/0.json")
    assert rows[1][0] == "p2" and rows[1][5] == [1]


def test_same_bytes_on_every_run_whatever_the_input_order() -> None:
    site = catalogue()
    first = bi.browse_files(site)
    shuffled = list(site.papers)
    random.Random(1).shuffle(shuffled)
    again = bi.browse_files(Site(shuffled, site.vocabulary, site.topics))
    assert again == first
    assert re.fullmatch(r"[0-9a-f]{12}", first.version)
    changed = [replace(p, title="Paper changed") if p.id == "p3" else p for p in site.papers]
    assert bi.browse_files(Site(changed, site.vocabulary, site.topics)).version != first.version


def test_hostile_title_is_text_in_its_row() -> None:
    site = catalogue()
    index = bi.browse_files(site)
    text = index.files["browse-index/rows/newest/0.json"]
    row = next(r for r in json.loads(text) if r[0] == "p4")
    assert row[1] == markup.plain(HOSTILE)
    assert "\x07" not in row[1] and "\u202e" not in row[1] and "<img src=x" in row[1]
    assert text.count("\n") == 1  # one line: no raw control character splits it


def test_page_carries_the_index_version_and_site_pages_yield_the_files() -> None:
    site = catalogue()
    index = bi.browse_files(site)
    page = render_browse(site, index.version)
    assert f'data-index="../browse-index/" data-version="{index.version}"' in page
    assert 'data-paper-href="../papers/" data-paper-end="/"' in page
    pages = dict(site_pages(site))
    assert pages["browse.md"] == page
    assert {p: t for p, t in pages.items() if p.startswith("browse-index/")} == index.files
    # the page's own first view lists the papers in the index's order
    assert re.findall(r'href="\.\./papers/(p\d)/"', page) == [p.id for p in sort_newest(site.papers)]


def test_empty_catalogue_gives_a_manifest_and_empty_lists() -> None:
    site = catalogue()
    index = bi.browse_files(Site([], site.vocabulary, site.topics))
    manifest = read(index, "manifest.json")
    assert (manifest["total"], manifest["dated"], manifest["years"], manifest["orders"]) == (
        0,
        0,
        [],
        {"upvotes": 0, "title": 0},
    )
    assert read(index, "tag/alpha.json") == [] and read(index, "code.json") == []
    assert not [p for p in index.files if "/rows/" in p]
