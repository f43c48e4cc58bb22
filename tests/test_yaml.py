"""The canonical paper YAML: any text survives a round trip, and formatting is stable."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from papercat.model import Paper, Source
from papercat.paperfile import parse_paper, render_paper_yaml
from papercat.yamltext import load

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
    paper = Paper(
        id="p", title=text, abstract=text, notes=text, code=[text], tags=[text], sources=[Source(text, 3)], retired=text
    )
    return load(render_paper_yaml(paper), "p.yaml")


@given(st.text(min_size=1, max_size=300) | st.sampled_from(TRICKY))
@settings(max_examples=400, deadline=None)
def test_any_text_roundtrips(text: str) -> None:
    data = roundtrip(text)
    assert data["title"] == data["abstract"] == data["notes"] == data["retired"] == text
    assert data["code"] == data["tags"] == [text]
    assert data["sources"] == [{"dump": text, "line": 3}]


def test_long_abstract_is_folded_block_and_stable() -> None:
    paper = Paper(id="p", title="T", abstract="word " * 100 + "end.", sources=[Source("d.txt", 1)])
    text = render_paper_yaml(paper)
    assert "abstract: >-\n  word word" in text
    assert max(len(line) for line in text.splitlines()) <= 88
    parsed, problems = parse_paper(text, "p.yaml")
    assert problems == [] and render_paper_yaml(parsed) == text


def _depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


_NESTED = st.recursive(
    st.text(max_size=5) | st.integers(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=40,
)


@given(_NESTED, st.sampled_from([False, True, None]), st.integers(1, 6))
@settings(max_examples=300, deadline=None)
def test_depth_bound_is_an_upper_bound(value: object, flow: bool | None, indent: int) -> None:
    """The loader skips its event scan below the bound, so the bound must never be lower than the real depth."""
    import yaml

    from papercat.yamltext import _depth_bound

    text = yaml.safe_dump({"k": value}, default_flow_style=flow, indent=max(indent, 2))
    assert _depth(yaml.safe_load(text)) <= _depth_bound(text)


def test_deep_nesting_is_refused_before_it_is_composed() -> None:
    """libyaml composes recursively in C: 30,000 levels would crash the process, not raise."""
    from papercat.errors import CatalogueError

    for text in ("a: " + "[" * 30000, "- " * 30000 + "x", "a: " + "{b: " * 20000, "? " * 30000 + "x"):
        try:
            load(text, "deep.yaml")
        except CatalogueError as exc:
            assert str(exc).startswith("deep.yaml:1: ")
        else:
            raise AssertionError("accepted")


def test_the_schema_declares_the_paper_fields() -> None:
    """The JSON Schema and the Paper record name the same keys in the same order, and require the same."""
    from papercat.model import PAPER_FIELDS, PAPER_KEYS
    from papercat.paperfile import schema

    declared = schema()
    assert tuple(declared["properties"]) == PAPER_KEYS
    assert set(declared["required"]) >= {f.name for f in PAPER_FIELDS if f.kind == "line"}
    assert declared["additionalProperties"] is False
