"""Code links found in abstracts: bare links, LaTeX leftovers, links cut by a space, paper links left out."""

from __future__ import annotations

import random
import re

import pytest

from devkit import block_dump
from papercat.codelinks import find_code_links
from papercat.limits import limits
from papercat.parse import parse_dump

ABS = "We study a thing. It works well on many benchmarks and we explain why in detail here."


def cases(table: dict[str, tuple[str, tuple[str, ...]]]) -> pytest.MarkDecorator:
    """Parametrize a test with one case per row, named by its key."""
    return pytest.mark.parametrize(("abstract", "links"), list(table.values()), ids=list(table))


PLAIN = {
    "sentence-end": ("Code is at https://github.com/a/b.", ("https://github.com/a/b",)),
    "colon-and-comma": (
        "Code: https://github.com/a/b, models: https://huggingface.co/a/b:",
        (
            "https://github.com/a/b",
            "https://huggingface.co/a/b",
        ),
    ),
    "balanced-brackets-kept": (
        "(see https://x.org/p_(q)) and [https://y.io/z]",
        ("https://x.org/p_(q)", "https://y.io/z"),
    ),
    "once-each-in-order": (
        "Twice https://a.com/x, https://b.com/y https://a.com/x.",
        (
            "https://a.com/x",
            "https://b.com/y",
        ),
    ),
    "many-closers": ("(((https://a.org/f(x)))).", ("https://a.org/f(x)",)),
    "http-kept": (
        "Old site http://www.cs.toronto.edu/~kriz/cifar.html.",
        ("http://www.cs.toronto.edu/~kriz/cifar.html",),
    ),
    "scheme-case": ("HTTPS://GitHub.com/A/B", ("https://GitHub.com/A/B",)),
    "git-suffix": (
        "found https://github.com/AI4Science-WestlakeU/beno.git.",
        ("https://github.com/AI4Science-WestlakeU/beno.git",),
    ),
    "truncated-abstract": ("Code at https://github.com/a/b…", ("https://github.com/a/b",)),
    "curly-quotes": ("the “https://a.org/x” page", ("https://a.org/x",)),
    "glued-to-a-word": ("Code:https://a.org/x and xhttps://b.org/y", ("https://a.org/x", "https://b.org/y")),
    "after-text-lower-lengthens": ("İstanbul lab: github.com/a/b", ("https://github.com/a/b",)),
    "case-ignored-in-ascii-only": ("gıthub.com/a/b and GITHUB.COM/c/d", ("https://GITHUB.COM/c/d",)),
    "none": ("No link here.", ()),
    "no-host": ("a bare https:// or https://x or https://. alone", ()),
}

BARE = {
    "github": (
        "Code for our experiments can be found at github.com/edwardjhu/TP4.",
        ("https://github.com/edwardjhu/TP4",),
    ),
    "www": ("See www.github.com/a/b and www.example.org.", ("https://www.github.com/a/b", "https://www.example.org")),
    "gitlab": ("Code: gitlab.com/group/sub/project", ("https://gitlab.com/group/sub/project",)),
    "bitbucket": ("(bitbucket.org/team/repo)", ("https://bitbucket.org/team/repo",)),
    "huggingface": (
        "Weights on huggingface.co/org/model, data on huggingface.co/datasets/org/d.",
        (
            "https://huggingface.co/org/model",
            "https://huggingface.co/datasets/org/d",
        ),
    ),
    "github-pages": (
        "Project page: my-lab.github.io/Project/ and x.github.io.",
        (
            "https://my-lab.github.io/Project/",
            "https://x.github.io",
        ),
    ),
    "in-latex": (r"at \url{github.com/a/b}", ("https://github.com/a/b",)),
    "host-alone-is-no-link": ("We host it on github.com. Also GitHub.com and gitlab.com/ too.", ()),
    "email-is-no-link": ("Write to team@github.com/x or me@www.example.org.", ()),
    "part-of-a-word": ("a mygithub.com/a/b and sub.gitlab.com/x/y and foo-www.example.org", ()),
    "inside-another-link": ("https://a.org/github.com/x/y", ("https://a.org/github.com/x/y",)),
}

LATEX = {
    "stray-brace": ("at https://github.com/a/b}", ("https://github.com/a/b",)),
    "url-command": (r"at \url{https://github.com/a/b}.", ("https://github.com/a/b",)),
    "code-suffix": (
        "We open-source our https://github.com/mikemccabe210/stabilizing_neural_operators{code} for reproducibility.",
        ("https://github.com/mikemccabe210/stabilizing_neural_operators",),
    ),
    "href": (r"\href{https://github.com/a/b}{https://github.com/a/b}", ("https://github.com/a/b",)),
    "href-text": (r"\href{https://github.com/a/b}{code}.", ("https://github.com/a/b",)),
    "color-wrapper": (
        "publicly available at the link: blue{https://github.com/RUCAIBox/FMLP-Rec}.",
        ("https://github.com/RUCAIBox/FMLP-Rec",),
    ),
    "escaped-characters": (
        r"at https://github.com/a/my\_repo\#readme and https://a.org/x\%20y",
        (
            "https://github.com/a/my_repo#readme",
            "https://a.org/x%20y",
        ),
    ),
    "footnote": (r"code https://github.com/a/b\footnote{Soon.}", ("https://github.com/a/b",)),
}

JOINED = {
    "after-host": ("Code: https://github.com/ user/repo.", ("https://github.com/user/repo",)),
    "inside-host": ("Code: https://github. com/x/y and more.", ("https://github.com/x/y",)),
    "before-tld": ("Code: https://github .com/x/y", ("https://github.com/x/y",)),
    "after-scheme": ("Code: https:// github.com/x/y.", ("https://github.com/x/y",)),
    "after-owner": (
        "Code: https://github.com/facebookresearch/ detectron. We show",
        ("https://github.com/facebookresearch/detectron",),
    ),
    "after-owner-with-path": (
        "Our code is available at https://github.com/deepmind/ deepmind-research/tree/master/nfnets",
        ("https://github.com/deepmind/deepmind-research/tree/master/nfnets",),
    ),
    "twice": ("at https://github. com/ user/repo", ("https://github.com/user/repo",)),
    "bare": ("at github.com/owner/ repo.", ("https://github.com/owner/repo",)),
    "other-host-path": ("at https://sites.google.com/ view/dln.", ("https://sites.google.com/view/dln",)),
    "before-path": ("at https://github.com /x/y", ("https://github.com/x/y",)),
}

NOT_JOINED = {
    "finished-then-space-period": (
        "available at https://github.com/x/y . We show",
        ("https://github.com/x/y",),
    ),
    "finished-then-word": (
        "at https://github.com/x/y and https://github.com/x/z/ tree",
        (
            "https://github.com/x/y",
            "https://github.com/x/z/",
        ),
    ),
    "sentence-goes-on": (
        "at https://github.com/facebookresearch/ for details and https://github.com/ under MIT.",
        ("https://github.com/facebookresearch/", "https://github.com/"),
    ),
    "sentence-word-capitalised": ("at https://github.com/org/ We show", ("https://github.com/org/",)),
    "not-a-path": (
        "at https://github.com/org/ (anonymised) and https://github.com/org/ .",
        ("https://github.com/org/",),
    ),
    "next-link": ("https://github.com/ https://github.com/a/b", ("https://github.com/", "https://github.com/a/b")),
    "owner-then-word": ("at https://github.com/deepmind models.", ("https://github.com/deepmind",)),
    "other-host-word": ("Page: https://manman1995.github.io/ Soon.", ("https://manman1995.github.io/",)),
    "other-host-deeper": ("at https://mmcheng.net/res2net/ models/x.", ("https://mmcheng.net/res2net/",)),
    "host-then-sentence": ("at https://example. We show", ()),
    "host-then-word-not-tld": ("at https://example. the end", ()),
    "two-spaces-never-one-link": ("https://github.com/  user/repo", ("https://github.com/",)),
}

PAPERS_AND_PAGES = {
    "arxiv-abs": (
        "Note: This paper describes an older version of DeepLIFT. See https://arxiv.org/abs/1704.02685 for the newer.",
        (),
    ),
    "arxiv-pdf-www": ("https://www.arxiv.org/pdf/2101.00001v2.pdf and www.arxiv.org/abs/1.2", ()),
    "arxiv-subdomains": ("https://export.arxiv.org/abs/1 and http://ar5iv.labs.arxiv.org/html/2401.1", ()),
    "doi-and-openreview": ("https://doi.org/10.1/x https://dx.doi.org/10.1/y https://openreview.net/forum?id=z", ()),
    "code-beside-paper": (
        "See https://arxiv.org/abs/1 and code at https://github.com/a/b",
        ("https://github.com/a/b",),
    ),
    "project-pages-kept": (
        "Page: https://namgyukang.github.io/Physics-Informed-Gaussians/ and https://sites.google.com/view/x "
        "and https://aka.ms/retnet",
        (
            "https://namgyukang.github.io/Physics-Informed-Gaussians/",
            "https://sites.google.com/view/x",
            "https://aka.ms/retnet",
        ),
    ),
    "arxiv-lookalike-kept": (
        "https://arxiv.org.example.com/x and https://github.com/arxiv/abs",
        (
            "https://arxiv.org.example.com/x",
            "https://github.com/arxiv/abs",
        ),
    ),
}


@cases(PLAIN)
def test_plain_links(abstract: str, links: tuple[str, ...]) -> None:
    assert find_code_links(abstract) == links


@cases(BARE)
def test_links_written_without_a_scheme_get_https(abstract: str, links: tuple[str, ...]) -> None:
    assert find_code_links(abstract) == links


@cases(LATEX)
def test_latex_leftovers_are_stripped(abstract: str, links: tuple[str, ...]) -> None:
    assert find_code_links(abstract) == links


@cases(JOINED)
def test_a_link_cut_by_a_space_is_rejoined(abstract: str, links: tuple[str, ...]) -> None:
    assert find_code_links(abstract) == links


@cases(NOT_JOINED)
def test_a_finished_link_never_takes_the_next_word(abstract: str, links: tuple[str, ...]) -> None:
    assert find_code_links(abstract) == links


@cases(PAPERS_AND_PAGES)
def test_paper_links_are_not_code_and_project_pages_are(abstract: str, links: tuple[str, ...]) -> None:
    assert find_code_links(abstract) == links


def test_a_dump_wrapped_inside_a_link_gives_the_whole_link() -> None:
    abstract = (
        "We study a thing and it works well on many benchmarks, as we show in detail here.\n"
        "Our code is available at https://github.com/facebookresearch/\n"
        "detectron and the models at gitlab.com/lab/models{code} for everyone to use and see."
    )
    (entry,) = parse_dump(block_dump(("A Title", abstract)).encode(), "d.txt").entries
    assert entry.code == ("https://github.com/facebookresearch/detectron", "https://gitlab.com/lab/models")


PIECES = ["https://", "http://", "github.com/", "www.", "a.b", ".", " ", "/", "{", "}", "\\", "\\_", "x", "(", ")", "@"]


@pytest.mark.parametrize("seed", range(20))
def test_every_link_fits_the_schema_and_the_site(seed: int) -> None:
    """Whatever the text, a link is an http(s) URL with a host and no character a page or a file cannot carry."""
    rng = random.Random(seed)
    text = "".join(rng.choice(PIECES) for _ in range(3000))
    links = find_code_links(text)
    assert links, "the pieces always make some link"
    for link in links:
        assert re.fullmatch(r"https?://[\w-]+(\.[\w-]+)+(/[^\s<>\"'`\\{}]*)?", link), link
        assert limits().url_ok(link)
