"""The catalogue export: golden papers.json and papers.csv, the documented JSON object, RFC 4180 CSV that
reads back to the JSON's values, formula injection defused, lists that split back, page addresses,
papers.bib when a paper is citable, and the same bytes for the same catalogue."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest

from devkit.feedsite import URL, feed_papers, feed_site
from devkit.sites import GOLDEN, REGOLD, golden
from papercat.model import Paper
from papercat.site.export import FIELDS, cell, export_files, papers_csv, papers_json, records
from papercat.site.links import address


def test_golden_json() -> None:
    golden("papers.json", papers_json(records(feed_site())))


def test_golden_csv() -> None:
    """Compared as bytes: the CRLF line ends are part of the format (reading text would translate them)."""
    path = GOLDEN / "papers.csv"
    data = papers_csv(records(feed_site())).encode("utf-8")
    if REGOLD:
        path.write_bytes(data)
    assert data == path.read_bytes(), f"differs from {path}; PAPERCAT_REGOLD=1 to accept"


def test_json_is_the_documented_object_sorted_by_id() -> None:
    document = json.loads(papers_json(records(feed_site())))
    assert list(document) == ["format", "version", "papers"]
    assert (document["format"], document["version"]) == ("papercat-papers", 1)
    ids = [p["id"] for p in document["papers"]]
    assert ids == sorted(p.id for p in feed_papers())
    assert all(list(p) == list(FIELDS) for p in document["papers"])
    newer = document["papers"][ids.index("newer-paper")]
    assert newer["code"] == ["https://example.org/code;v=2"]  # the javascript: link is not exported
    assert newer["tags"] == ["transformers", "xss"] and newer["topics"] == ["models"]
    assert (newer["published"], newer["year"], newer["added"]) == ("Oct 24", 2024, "2027-01-05")
    hostile = document["papers"][ids.index("hostile-paper")]
    assert hostile["tags"] == ["xss"]  # a tag the vocabulary does not know is not exported
    assert hostile["title"] == '=HYPERLINK("http://evil")<script>alert(1)</script> ]]> \ufffd \ufffd end'
    assert hostile["page"] == f"{URL}papers/hostile-paper/"


def test_empty_catalogue() -> None:
    site = feed_site(papers=[])
    assert papers_json(records(site)) == '{"format":"papercat-papers","version":1,"papers":[]}\n'
    assert papers_csv(records(site)) == ",".join(f'"{f}"' for f in FIELDS) + "\r\n"
    assert [path for path, _ in export_files(site)] == ["papers.json", "papers.csv"]  # nothing to cite


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_is_rfc_4180_and_reads_back_to_the_json() -> None:
    text = papers_csv(records(feed_site()))
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n")[:-1]:
        assert line.startswith('"') and line.endswith('"')  # every field quoted
    rows = csv_rows(text)
    papers = json.loads(papers_json(records(feed_site())))["papers"]
    assert [r["id"] for r in rows] == [p["id"] for p in papers]
    for row, paper in zip(rows, papers, strict=True):
        for name in ("abstract", "published", "arxiv", "url", "page"):
            assert row[name].removeprefix("'") == (paper[name] or ""), name
        for name in ("year", "upvotes", "authors_count"):
            assert row[name] == ("" if paper[name] is None else str(paper[name])), name
        for name in ("tags", "topics"):
            assert row[name] == ";".join(paper[name])


def test_csv_lists_split_back_on_semicolons() -> None:
    rows = {r["id"]: r for r in csv_rows(papers_csv(records(feed_site())))}
    assert rows["newer-paper"]["code"] == "https://example.org/code%3Bv=2"  # a `;` in a URL, percent-encoded
    assert rows["hostile-paper"]["authors"] == "'@evil, Name"  # a `;` in a name becomes `,`; then defused
    assert rows["attention-is-all-you-need"]["authors"].split(";") == ["Ashish Vaswani", "Noam Shazeer"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_a_spreadsheet_would_run_gets_a_quote(start: str) -> None:
    assert cell(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"
    assert cell([f"{start}x", "y"]) == f"'{start}x;y"


@pytest.mark.parametrize("value", ["Attention", " =1", "'=1", "1-2", "", None, 0, 12])
def test_other_cells_are_left_alone(value: object) -> None:
    assert cell(value) == ("" if value is None else str(value))


def test_formula_injection_in_every_text_field() -> None:
    """Titles, abstracts, venues and names are typed in pull requests: each starting cell is defused."""
    attack = "=cmd|' /C calc'!A0"
    paper = Paper(
        id="attack",
        title=attack,
        abstract="+" + attack,
        venue="@SUM(1+1)*cmd|' /C calc'!A0",
        authors=["-2+3+cmd|' /C calc'!A0", "Ok Name"],
        tags=["transformers"],
    )
    row = csv_rows(papers_csv(records(feed_site(papers=[paper]))))[0]
    assert row["title"] == "'" + attack
    assert row["abstract"] == "'+" + attack
    assert row["venue"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert row["authors"] == "'-2+3+cmd|' /C calc'!A0;Ok Name"
    assert row["id"] == "attack" and row["tags"] == "transformers"
    assert (
        json.loads(papers_json(records(feed_site(papers=[paper]))))["papers"][0]["title"] == attack
    )  # JSON: unchanged


def test_page_address_without_site_url_is_a_path_from_the_site_root() -> None:
    site = feed_site(site_url="")
    assert json.loads(papers_json(records(site)))["papers"][0]["page"] == "papers/attention-is-all-you-need/"
    flat = replace(feed_site(), directory_urls=False)
    assert json.loads(papers_json(records(flat)))["papers"][0]["page"] == f"{URL}papers/attention-is-all-you-need.html"
    assert address(flat, "feed.xml") == f"{URL}feed.xml"


def test_bibtex_lists_the_citable_papers_with_their_page() -> None:
    files = dict(export_files(feed_site()))
    assert sorted(files) == ["papers.bib", "papers.csv", "papers.json"]
    bib = files["papers.bib"]
    assert [line for line in bib.splitlines() if line.startswith("@")] == [
        "@inproceedings{name2020hyperlink,",
        "@inproceedings{vaswani2017attention,",
    ]


def test_same_bytes_whatever_the_order_papers_come_in() -> None:
    forward = dict(export_files(feed_site()))
    backward = dict(export_files(feed_site(papers=list(reversed(feed_papers())))))
    assert forward == backward
