"""The canonical paper YAML: any text survives a round trip, and formatting is stable."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from papercat.model import Paper, Source
from papercat.papers import parse_paper, render_paper_yaml
from papercat.yamlio import load

TRICKY = [
    "yes",
    "No",
    "null",
    "~",
    "1e3",
    "0x1F",
    "12:30",
    "2023-02-22",
    "a: b",
    "x #y",
    "- x",
    "[a]",
    "{a}",
    "*star",
    "&amp",
    "!tag",
    "%p",
    "@x",
    "|",
    "> x",
    "?",
    "1_000",
    ".inf",
    "on",
    "a  b",
    " lead",
    "trail ",
    "line\nbreak",
    "x\r\ny",
    "a\u2028b",
    "\x07",
    "\ufeffbom",
    "<img src=x onerror=alert(1)>",
    "$\\alpha$",
]


def roundtrip(text: str) -> dict:
    paper = Paper(id="p", title=text, abstract=text, notes=text, code=[text], tags=[text], sources=[Source(text, 3)])
    return load(render_paper_yaml(paper), "p.yaml")


@given(st.text(min_size=1, max_size=300) | st.sampled_from(TRICKY))
@settings(max_examples=400, deadline=None)
def test_any_text_roundtrips(text: str) -> None:
    data = roundtrip(text)
    assert data["title"] == data["abstract"] == data["notes"] == text
    assert data["code"] == data["tags"] == [text]
    assert data["sources"] == [{"dump": text, "line": 3}]


def test_long_abstract_is_folded_block_and_stable() -> None:
    paper = Paper(id="p", title="T", abstract="word " * 100 + "end.", sources=[Source("d.txt", 1)])
    text = render_paper_yaml(paper)
    assert "abstract: >-\n  word word" in text
    assert max(len(line) for line in text.splitlines()) <= 88
    parsed, problems = parse_paper(text, "p.yaml")
    assert problems == [] and render_paper_yaml(parsed) == text
