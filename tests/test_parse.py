"""Parsing dumps: every layout of the seeds, page boilerplate, encodings, metadata, bad input."""

from __future__ import annotations

import pytest

from devkit import SEEDS, block_dump
from papercat.codelinks import find_code_links
from papercat.metadata import parse_date
from papercat.parse import parse_dump

ABS = "We study a thing. It works well on many benchmarks and we explain why in detail here."


def test_block_layout_with_metadata() -> None:
    text = block_dump(("A Title", ABS)) + "  \u2022 5 authors\n\u00b7\nFeb 22, 2023\n\nSecond Title\n\n" + ABS + "\n"
    result = parse_dump(text.encode(), "d.txt")
    assert result.warnings == []
    first, second = result.entries
    assert (first.title, first.source.line, first.authors_count, first.published) == ("A Title", 11, 5, "2023-02-22")
    assert second.published is None and second.authors_count is None
    assert second.source.line == 19


def test_dense_layout_with_glued_subscribe() -> None:
    text = (
        "Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\n"
        f"SubscribeFirst Paper\n{ABS}\nSecond Paper\n{ABS}\n"
    )
    result = parse_dump(text.encode(), "d.txt")
    assert [(e.title, e.source.line) for e in result.entries] == [("First Paper", 3), ("Second Paper", 5)]
    assert result.warnings == []


@pytest.mark.parametrize(
    ("line", "published", "upvotes"),
    [
        ("Jan 23, 2024 2", "2024-01-23", 2),
        ("Oct 24", "Oct 24", None),
        ("Jul 12 13", "Jul 12", 13),
        ("Sep 1, 2019", "2019-09-01", None),
    ],
)
def test_metadata_dates_and_upvotes(line: str, published: str, upvotes: int | None) -> None:
    text = block_dump(("T", ABS)) + f"  \u2022 3 authors\n\u00b7\n{line}\n"
    (entry,) = parse_dump(text.encode(), "d.txt").entries
    assert (entry.published, entry.upvotes, entry.authors_count) == (published, upvotes, 3)


def test_year_is_never_invented() -> None:
    assert parse_date("Oct 24") == ("Oct 24", None)
    assert parse_date("Feb 30, 2023") is None
    assert parse_date("Subscribe 3") is None


def test_page_date_is_boilerplate() -> None:
    result = parse_dump(block_dump(("T", ABS)).encode(), "d.txt")
    assert len(result.entries) == 1 and result.entries[0].published is None


def test_crlf_bom_entities_unicode_spaces_and_wrapping() -> None:
    wrapped = "\r\n".join(
        [
            "Attention layers -- which map a sequence of inputs to a sequence of outputs --",
            "are core building blocks of the Transformer architecture which has achieved",
            "significant breakthroughs in modern artificial intelligence. This paper is well-",
            "known and studies it.",
        ]
    )
    text = "\ufeffnew\r\n\r\n  Gated\u00a0Linear  Attention &amp; Friends &#39;24 \t\r\n\r\n" + wrapped + "\r\n"
    (entry,) = parse_dump(text.encode(), "d.txt").entries
    assert entry.title == "Gated Linear Attention & Friends '24"
    assert entry.source.line == 3
    assert entry.abstract.startswith("Attention layers -- which map")
    assert "achieved significant" in entry.abstract and "well-known" in entry.abstract
    assert "\r" not in entry.abstract


def test_ligatures_and_unicode_forms_fold() -> None:
    text = block_dump(("Hardware\u2010E\ufb03cient Training", ABS))
    (entry,) = parse_dump(text.encode(), "d.txt").entries
    assert entry.title == "Hardware-Efficient Training"


def test_truncated_abstract_is_flagged() -> None:
    (entry,) = parse_dump(
        block_dump(("T", "We show that convolutional networks by themselves...")).encode(), "d"
    ).entries
    assert entry.truncated


@pytest.mark.parametrize(
    ("abstract", "links"),
    [
        ("Code is at https://github.com/a/b.", ("https://github.com/a/b",)),
        ("(see https://x.org/p_(q)) and https://y.io/z;", ("https://x.org/p_(q)", "https://y.io/z")),
        ("Twice https://a.com/x, https://a.com/x.", ("https://a.com/x",)),
        ("No link here.", ()),
    ],
)
def test_code_links(abstract: str, links: tuple[str, ...]) -> None:
    assert find_code_links(abstract) == links


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty dump"),
        (b"   \n\n", "empty dump"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
    ],
)
def test_unreadable_dumps_warn(data: bytes, message: str) -> None:
    result = parse_dump(data, "bad.txt")
    assert result.entries == []
    assert len(result.warnings) == 1 and message in str(result.warnings[0])
    assert str(result.warnings[0]).startswith("bad.txt:1: ")


def test_not_utf8_names_line_and_still_parses() -> None:
    text = block_dump(("First", ABS), ("Caf\xe9 Networks", ABS)).encode("latin-1")
    result = parse_dump(text, "l1.txt")
    assert [e.title for e in result.entries] == ["First", "Café Networks"]
    assert str(result.warnings[0]).startswith("l1.txt:15: not UTF-8")


def test_title_without_abstract_at_end_warns_and_keeps_the_rest() -> None:
    text = block_dump(("Good One", ABS)) + "Dangling Title\n"
    result = parse_dump(text.encode(), "d.txt")
    assert [e.title for e in result.entries] == ["Good One"]
    assert [str(w) for w in result.warnings] == [
        "d.txt:15: title with no abstract: 'Dangling Title'; skipped (add the abstract below the title)"
    ]


def test_stray_line_between_entries_warns_and_keeps_pairing() -> None:
    long_abs = ABS * 4
    text = block_dump(("Good One", long_abs)) + "stray words\n\nNext Paper\n\n" + long_abs + "\n"
    result = parse_dump(text.encode(), "d.txt")
    assert [e.title for e in result.entries] == ["Good One", "Next Paper"]
    assert len(result.warnings) == 1 and "d.txt:15: stray line" in str(result.warnings[0])


def test_seed_dumps_parse_without_warnings() -> None:
    total = 0
    for path in sorted(SEEDS.iterdir()):
        result = parse_dump(path.read_bytes(), path.name)
        assert result.warnings == [], path.name
        total += len(result.entries)
    assert total == 456


def test_fcn_twice_in_one_dump_are_two_entries() -> None:
    path = SEEDS / "001_8ce00fd3c3b9dbf6.txt"
    titles = [e.title for e in parse_dump(path.read_bytes(), path.name).entries]
    assert titles.count("Fully Convolutional Networks for Semantic Segmentation") == 2
