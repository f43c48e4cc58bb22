"""Citations: BibTeX entries exact per kind, the minimum to cite, unique keys, hostile text kept inside its field."""

from __future__ import annotations

import random
import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papercat.model import Paper, Source
from papercat.site import cite

LAYER_NORM = Paper(
    id="layer-normalization",
    title="Layer Normalization",
    authors=["Jimmy Lei Ba", "Jamie Ryan Kiros", "Geoffrey E. Hinton"],
    year=2016,
    arxiv="1607.06450",
    sources=[Source("002_a.txt", 5)],
)
SENET = Paper(
    id="squeeze-and-excitation-networks",
    title="Squeeze-and-Excitation Networks",
    authors=["Jie Hu", "Li Shen", "Samuel Albanie", "Gang Sun", "Enhua Wu"],
    published="2017-09-05",
    year=2018,
    venue="CVPR 2018",
    arxiv="1709.01507",
)


def test_arxiv_preprint_is_an_article() -> None:
    assert cite.bibtex(LAYER_NORM, "https://example.org/papers/layer-normalization/") == (
        "@article{ba2016layer,\n"
        "  author = {Jimmy Lei Ba and Jamie Ryan Kiros and Geoffrey E. Hinton},\n"
        "  title = {{Layer Normalization}},\n"
        "  journal = {arXiv preprint arXiv:1607.06450},\n"
        "  year = {2016},\n"
        "  eprint = {1607.06450},\n"
        "  archivePrefix = {arXiv},\n"
        "  url = {https://arxiv.org/abs/1607.06450}\n"
        "}\n"
    )


def test_a_venue_makes_inproceedings_and_year_is_the_venues() -> None:
    assert cite.bibtex(SENET) == (
        "@inproceedings{hu2018squeeze,\n"
        "  author = {Jie Hu and Li Shen and Samuel Albanie and Gang Sun and Enhua Wu},\n"
        "  title = {{Squeeze-and-Excitation Networks}},\n"
        "  booktitle = {CVPR 2018},\n"
        "  year = {2018},\n"
        "  eprint = {1709.01507},\n"
        "  archivePrefix = {arXiv},\n"
        "  url = {https://arxiv.org/abs/1709.01507}\n"
        "}\n"
    )


def test_misc_takes_its_own_url_else_the_page_url() -> None:
    paper = Paper(id="on-the-x", title="On the X of Y", authors=["Ševčík, Ana"], published="2021-03-04")
    assert cite.bibtex(paper, "https://example.org/papers/on-the-x/") == (
        "@misc{sevcik2021x,\n"
        "  author = {Ševčík, Ana},\n"
        "  title = {{On the X of Y}},\n"
        "  year = {2021},\n"
        "  url = {https://example.org/papers/on-the-x/}\n"
        "}\n"
    )
    own = Paper(id="on-the-x", title="On the X of Y", authors=["A B"], year=2021, url="https://pub.example/x?a=1")
    assert cite.bibtex(own, "https://example.org/p/").splitlines()[-2] == "  url = {https://pub.example/x?a=1}"
    assert "url" not in (cite.bibtex(replace(own, url="")) or "")


@pytest.mark.parametrize(
    ("paper", "reason"),
    [
        (Paper(id="t", title="Title", authors=["A B"]), "no year"),
        (Paper(id="t", title="Title", published="Oct 24", authors=["A B"]), "a month and day are no year"),
        (Paper(id="t", title="Title", year=2020), "nothing names it: no authors, no arXiv id"),
        (Paper(id="t", title="Title", published="2020-01-02", authors_count=3), "a count names no one"),
    ],
)
def test_not_enough_to_cite(paper: Paper, reason: str) -> None:
    assert cite.bibtex(paper) is None, reason
    assert not cite.citable(paper)


def test_enough_to_cite_with_an_arxiv_id_alone() -> None:
    paper = Paper(id="x", title="Attention Is All You Need", arxiv="hep-th/9901001v2", year=2017)
    assert cite.bibtex(paper) == (
        "@article{2017attention,\n"
        "  title = {{Attention Is All You Need}},\n"
        "  journal = {arXiv preprint arXiv:hep-th/9901001v2},\n"
        "  year = {2017},\n"
        "  eprint = {hep-th/9901001v2},\n"
        "  archivePrefix = {arXiv},\n"
        "  url = {https://arxiv.org/abs/hep-th/9901001v2}\n"
        "}\n"
    )


@pytest.mark.parametrize(
    ("authors", "title", "key"),
    [
        (["Geoffrey E. Hinton"], "The Forward-Forward Algorithm", "hinton2020forward"),
        (["Martin Luther King Jr."], "A Dream", "king2020dream"),
        (["Łukasz Kaiser"], "One Model To Learn Them All", "kaiser2020one"),
        (["Ba, Jimmy Lei"], "On the of", "ba2020on"),  # only small words: the first one
        (["王小明"], "漢字", "2020paper"),  # nothing in ASCII: the id's first word
    ],
)
def test_base_keys(authors: list[str], title: str, key: str) -> None:
    assert cite.base_key(Paper(id="paper-bb3deef3", title=title, authors=authors, year=2020)) == key


def test_keys_are_unique_and_independent_of_order() -> None:
    def deep(pid: str, added: str | None) -> Paper:
        return Paper(id=pid, title="Deep Residual Learning", authors=["Kaiming He"], year=2016, added=added)

    papers = [deep("z-first", "2026-01-01"), deep("a-later", "2026-02-01"), deep("b-later", "2026-02-01"), SENET]
    papers.append(Paper(id="uncitable", title="Deep Residual Learning", authors=["Kaiming He"]))
    want = {
        "z-first": "he2016deep",
        "a-later": "he2016deep-2",
        "b-later": "he2016deep-3",
        "squeeze-and-excitation-networks": "hu2018squeeze",
    }
    for seed in range(5):
        random.Random(seed).shuffle(papers)
        assert cite.keys(papers) == want


def test_papers_bib_sorted_by_key_with_the_keys_pages_use() -> None:
    twin = Paper(id="layer-normalization-2", title="Layer normalization", authors=["J. Ba"], year=2016)
    bib = cite.papers_bib(
        [SENET, twin, LAYER_NORM, Paper(id="no", title="No")], {"layer-normalization-2": "https://e/x/"}
    )
    assert re.findall(r"^@\w+\{([^,]+),$", bib, re.M) == ["ba2016layer", "ba2016layer-2", "hu2018squeeze"]
    assert "  url = {https://e/x/}\n}\n\n@inproceedings{hu2018squeeze," in bib
    assert bib.endswith("}\n") and "\n\n\n" not in bib


# --- hostile text -------------------------------------------------------------------------------------


def parse_entry(text: str) -> tuple[str, str, dict[str, str]]:
    """A strict reading of one entry, counting braces as BibTeX does (a backslash does not hide one).

    Fails unless the text is exactly one `@type{key, name = {value}, ...}` entry.
    """
    m = re.match(r"@(\w+)\{([a-z0-9-]+),\n", text)
    assert m, text
    pos, fields = m.end(), {}
    while True:
        fm = re.compile(r"  (\w+) = \{").match(text, pos)
        assert fm, text[pos:]
        depth, i = 1, fm.end()
        while depth:
            assert i < len(text), "field never closes"
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        assert fm.group(1) not in fields, "a field written twice"
        fields[fm.group(1)] = text[fm.end() : i - 1]
        if text[i:] == "\n}\n":
            return m.group(1), m.group(2), fields
        assert text[i : i + 2] == ",\n", text[i:]
        pos = i + 2


def authors_at_depth_zero(value: str) -> list[str]:
    """Split an author field as BibTeX does: on ` and ` outside braces."""
    names, depth, start = [], 0, 0
    for i, c in enumerate(value):
        depth += {"{": 1, "}": -1}.get(c, 0)
        assert depth >= 0, value
        if depth == 0 and value[i : i + 5].lower() == " and ":
            names.append(value[start:i])
            start = i + 5
    return [*names, value[start:]]


HOSTILE = [
    "}, note = {pwned",
    "x}} @misc{evil, title={y",
    "\\input{/etc/passwd} \\def\\x{}",
    "100% of $x^2$ & #1 _under_ ~tilde~",
    "{{{ unbalanced",
    "}}} unbalanced",
    "Tom and Jerry AND Spike",
    "line\nbreak\r\n@article{x,",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_stay_in_their_field(value: str) -> None:
    paper = Paper(
        id="h",
        title=value,
        authors=[value, "B C"],
        venue=value,
        arxiv="1234.5678",
        year=2020,
        url="https://e.example/{x}}%20",
    )
    kind, key, fields = parse_entry(cite.bibtex(paper) or "")
    assert kind == "inproceedings" and re.fullmatch(r"[a-z0-9]*2020[a-z0-9]*", key)
    assert list(fields) == ["author", "title", "booktitle", "year", "eprint", "archivePrefix", "url"]
    assert len(authors_at_depth_zero(fields["author"])) == 2
    assert fields["url"] == "https://e.example/%7Bx%7D%7D%20"
    for name in ("author", "title", "booktitle"):
        assert "\n" not in fields[name]
        # no LaTeX command but the ones that print a character
        commands = set(re.findall(r"\\([a-zA-Z]+)", fields[name]))
        assert commands <= {"textbackslash", "textbraceleft", "textbraceright", "textasciitilde", "textasciicircum"}


def test_escaping_is_exact() -> None:
    assert cite.escape("a\\b{c}d%e&f$g#h_i~j^k") == (
        r"a\textbackslash{}b\textbraceleft{}c\textbraceright{}d\%e\&f\$g\#h\_i\textasciitilde{}j\textasciicircum{}k"
    )
    assert cite.bibtex(Paper(id="x", title="T", authors=["Tom and Jerry"], year=2020)).split("\n")[1] == (
        "  author = {Tom {and} Jerry},"
    )


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=60), st.lists(st.text(min_size=1, max_size=30).filter(str.strip), min_size=1))
def test_any_text_gives_one_well_formed_entry(title: str, authors: list[str]) -> None:
    paper = Paper(id="any", title=title, authors=authors, year=2020, venue=title)
    entry = cite.bibtex(paper)
    if entry is None:
        assert not title.strip()
        return
    _, _, fields = parse_entry(entry)
    assert list(fields) == ["author", "title", "booktitle", "year"]
    assert len(authors_at_depth_zero(fields["author"])) == len(authors)
