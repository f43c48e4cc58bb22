"""Citations: a BibTeX entry for each paper with enough known facts, its key unique across the catalogue.

Pure. Names, titles and venues are untrusted text typed in pull requests: each is normalised
(`markup.plain`) and BibTeX-escaped, so no value can close its field, open another, start an entry or
run a LaTeX command. BibTeX counts every brace, even `\\{`, so braces in a value are written as
`\\textbraceleft{}`/`\\textbraceright{}`: the only braces in an entry are the ones written here, in pairs.

A paper is citable when its title, a year and something that names it (its authors or its arXiv id)
are known: a year and a title alone point at nothing a reader could find, and an entry with an empty
author is what reference managers flag first.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import quote

from .. import markup
from ..model import Paper

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    **{c: "\\" + c for c in "%&$#_"},
}
_SPECIAL_RE = re.compile(r"[\\{}~^%&$#_]")
_AND = re.compile(r"(?<!\S)and(?!\S)", re.IGNORECASE)
# letters NFKD does not decompose into an ASCII base letter
_TRANSLIT = str.maketrans({"ß": "ss", "ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i"})
_NOT_KEY = re.compile(r"[^a-z0-9]+")
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_STOP_WORDS = frozenset({"a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "at", "by", "from"})


def escape(value: str) -> str:
    """Untrusted text as the inside of a brace-delimited BibTeX field: one line, every special character
    written as a LaTeX command that prints it."""
    return _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group()], markup.plain(value))


def _name(value: str) -> str:
    # a standalone "and" would split one name into two authors: braced, it is a word of the name
    return _AND.sub(lambda m: "{" + m.group() + "}", escape(value))


def citation_year(paper: Paper) -> int | None:
    """The year to cite: the `year` a person gave (the venue's year), else that of a full `published` date."""
    if paper.year:
        return paper.year
    published = paper.published or ""
    return int(published[:4]) if published[:1].isdigit() else None


def citable(paper: Paper) -> bool:
    """Title, year and authors or an arXiv id: the least a reader needs to find the paper."""
    return bool(paper.title.strip() and citation_year(paper) and (paper.authors or paper.arxiv))


def _ascii_words(value: str) -> list[str]:
    text = value.lower()
    if not text.isascii():  # most names and titles are ASCII: no decomposition to pay for
        text = unicodedata.normalize("NFKD", markup.plain(text).casefold().translate(_TRANSLIT))
        text = "".join(c for c in text if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    return [w for w in _NOT_KEY.split(text) if w]


def _surname(name: str) -> str:
    """`Geoffrey E. Hinton` -> `hinton`; `Ba, Jimmy Lei` -> `ba`; `Martin Luther King Jr.` -> `king`."""
    if "," in name:
        return "".join(_ascii_words(name.split(",")[0]))
    words = _ascii_words(name)
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    return words[-1] if words else ""


def base_key(paper: Paper) -> str:
    """`<first author's surname><year><first title word>` in ASCII letters and digits (`ba2016layer`).

    The title word skips leading small words (`On the ...`), as Google Scholar's keys do; a title with
    no ASCII word takes the first word of the paper's id (an ASCII slug).
    """
    surname = _surname(paper.authors[0]) if paper.authors else ""
    words = _ascii_words(paper.title) or _ascii_words(paper.id)[:1]
    word = next((w for w in words if w not in _STOP_WORDS), words[0] if words else "")
    return f"{surname}{citation_year(paper) or ''}{word}"


def keys(papers: Iterable[Paper]) -> dict[str, str]:
    """Citation keys of the citable papers, by paper id: unique, and the same whatever order they come in.

    Papers sharing a base key keep it in the order they entered the catalogue (`added`, then id), the
    first as it is and the others with `-2`, `-3`...: a paper added later never takes an earlier one's
    key, and a base key (letters and digits only) can never equal a suffixed one.
    """
    groups: dict[str, list[Paper]] = defaultdict(list)
    for paper in papers:
        if citable(paper):
            groups[base_key(paper)].append(paper)
    out = {}
    for base, group in groups.items():
        group.sort(key=lambda p: (p.added or "", p.id))
        for n, paper in enumerate(group, start=1):
            out[paper.id] = base if n == 1 else f"{base}-{n}"
    return out


def arxiv_url(arxiv: str, kind: str = "abs") -> str:
    """`https://arxiv.org/abs/<id>` (or `pdf`); the id is percent-encoded although the schema checks it."""
    return f"https://arxiv.org/{kind}/{quote(markup.plain(arxiv))}"


def _url(paper: Paper, page_url: str) -> str:
    url = (paper.url and markup.safe_url(paper.url)) or (paper.arxiv and arxiv_url(paper.arxiv)) or page_url
    # a URL is written as typed (styles print it verbatim), but a brace would close the field
    return url.replace("{", "%7B").replace("}", "%7D")


def bibtex(paper: Paper, page_url: str = "", key: str = "") -> str | None:
    """The paper's BibTeX entry, or None when it is not citable (see `citable`).

    `@inproceedings` with `booktitle` when a venue is known (the reviewed version, which citations
    should name), else `@article` for an arXiv preprint (with `eprint` and `archivePrefix`; the
    category, `primaryClass`, is never known), else `@misc`. `url` is the paper's own address, its
    arXiv page, or `page_url` (its catalogue page). No field is ever free text (`note` is never
    written). `key` defaults to the paper's base key; pass the one from `keys` for the catalogue's.
    """
    if not citable(paper):
        return None
    fields = []
    if paper.authors:
        fields.append(("author", " and ".join(_name(a) for a in paper.authors)))
    fields.append(("title", "{" + escape(paper.title) + "}"))  # inner braces keep its capitals
    if venue := escape(paper.venue):
        kind = "inproceedings"
        fields.append(("booktitle", venue))
    elif paper.arxiv:
        kind = "article"
        fields.append(("journal", "arXiv preprint arXiv:" + escape(paper.arxiv)))
    else:
        kind = "misc"
    fields.append(("year", str(citation_year(paper))))
    if paper.arxiv:
        fields += [("eprint", escape(paper.arxiv)), ("archivePrefix", "arXiv")]
    url = _url(paper, page_url)
    if url:
        fields.append(("url", markup.plain(url)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key or base_key(paper)},\n{body}\n}}\n"


def papers_bib(papers: Iterable[Paper], page_urls: dict[str, str] | None = None) -> str:
    """`papers.bib`: every citable paper's entry, sorted by key, with the keys the paper pages show.

    `page_urls` (paper id -> absolute page address) gives `@misc` entries a `url`; without it they
    have none.
    """
    papers = list(papers)
    by_id = {p.id: p for p in papers}
    urls = page_urls or {}
    entries = []
    for pid, key in sorted(keys(papers).items(), key=lambda item: item[1]):
        entries.append(bibtex(by_id[pid], urls.get(pid, ""), key))
    return "\n".join(e for e in entries if e)
