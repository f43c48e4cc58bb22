"""Related papers on the paper pages: the section (golden), its order, count and escaping, the cache that
spares the computation on an unchanged catalogue, and links that resolve in a strict build."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from devkit import ROOT, site_skeleton
from devkit.sites import assert_links_resolve, build_site, golden
from papercat import relatedcache
from papercat.commands.generate import run_generate
from papercat.errors import PapercatError
from papercat.files import Layout
from papercat.model import Paper, Source
from papercat.paperfile import render_paper_yaml
from papercat.related import RelatedConfig, content_digest, related_papers
from papercat.siteconfig import read_site_config

ODE = "neural ordinary differential equations adjoint solver continuous depth dynamics"
KERNEL = "neural tangent kernel infinite width gaussian process lazy training limit"
SPEECH = "speech recognition acoustic model separable convolution keyword spotting audio"
CONV = "fully convolutional networks semantic segmentation pixels dense prediction upsampling"
HOSTILE = '<img src=x onerror=alert(1)> & "ODE" </ul><script>alert(1)</script>'


def paper(pid: str, title: str, words: str, extra: str, tags: list[str], **fields: object) -> Paper:
    """A paper whose abstract is mostly one topic's words, so which papers are related is plain."""
    abstract = f"We study {words}. Our method adds {extra}. Results on {words}."
    return Paper(id=pid, title=title, abstract=abstract, tags=tags, sources=[Source("000_a.txt", 1)], **fields)


PAPERS = [
    paper(
        "ode-adjoint",
        "Neural ODEs with Adjoint Solvers",
        ODE,
        "memory efficient gradients",
        ["neural-odes"],
        published="2018-06-19",
    ),
    paper(
        "ode-irregular",
        "Latent ODEs for Irregular Time Series",
        ODE,
        "irregular sampling",
        ["neural-odes"],
        year=2019,
        published="Jul 8",
    ),
    paper("ode-flows", "Continuous Normalizing Flows", ODE, "free-form jacobians", ["neural-odes"], year=2018),
    paper("ode-hostile", HOSTILE, ODE, "hostile markup titles", ["neural-odes"], published="Oct 24"),
    paper("ode-retired", "A Retired ODE Paper", ODE, "retired results", ["neural-odes"], retired="a duplicate"),
    paper(
        "ntk-convergence",
        "Neural Tangent Kernel Convergence",
        KERNEL,
        "convergence proof",
        ["infinite-width-and-kernels"],
        published="2018-06-20",
    ),
    paper(
        "ntk-features", "Feature Learning Beyond the Kernel", KERNEL, "feature learning", ["infinite-width-and-kernels"]
    ),
    paper("speech-commands", "Separable Speech Models", SPEECH, "commands dataset", ["convolutional-networks"]),
    paper("speech-voice", "Voice Activity Detection", SPEECH, "voice activity", ["convolutional-networks"]),
    paper("fcn", "Fully Convolutional Networks", CONV, "skip layers", ["convolutional-networks"], year=2015),
    paper(
        "fcn-2", "Fully Convolutional Networks", CONV, "journal version extended", ["convolutional-networks"], year=2016
    ),
]


def write_catalogue(root: Path, papers: list[Paper], related: int | None = None) -> Layout:
    """The catalogue, the repository's tags and topics, and mkdocs.yml (with `related` set if given)."""
    layout = Layout(root / "catalogue")
    layout.papers.mkdir(parents=True)
    for name in ("tags.yml", "topics.yml"):
        (layout.root / name).write_text((ROOT / "catalogue" / name).read_text(encoding="utf-8"), encoding="utf-8")
    for p in papers:
        (layout.papers / f"{p.id}.yaml").write_text(render_paper_yaml(p), encoding="utf-8")
    site_skeleton(root)
    if related is not None:
        config = root / "mkdocs.yml"
        config.write_text(config.read_text() + f"\nextra:\n  papercat:\n    related: {related}\n")
    return layout


def generate(root: Path) -> dict[str, str]:
    """Run generate on the fixture; the paper pages' Markdown by id."""
    run_generate(Layout(root / "catalogue"), read_site_config(root / "mkdocs.yml"))
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((root / "docs" / "papers").glob("*.md"))}


def section(page: str) -> str:
    """The page's related-papers section, from its heading to the end of its list ('' when absent)."""
    start = page.find("<h2>Related papers</h2>")
    return "" if start < 0 else page[start : page.index("</ul>", start) + len("</ul>")]


class Items(HTMLParser):
    """Each list item of a section: its text and the links in it."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.items: list[tuple[str, list[str]]] = []
        self.tags: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "li":
            self.items.append(("", []))
        elif tag == "a" and self.items:
            self.items[-1][1].append(dict(attrs)["href"] or "")

    def handle_data(self, data: str) -> None:
        if self.items:
            self.items[-1] = (self.items[-1][0] + data, self.items[-1][1])


@pytest.fixture
def site(tmp_path: Path) -> Path:
    write_catalogue(tmp_path, PAPERS)
    return tmp_path


def test_golden_related_section(site: Path) -> None:
    pages = generate(site)
    golden("related-section.md", "\n\n".join(f"{pid}:\n{section(pages[pid])}" for pid in ("ode-adjoint", "fcn")) + "\n")


def test_section_sits_in_the_part_search_ignores_before_the_links(site: Path) -> None:
    page = generate(site)["ode-adjoint"]
    ignored = page.index("<div data-pagefind-ignore>")
    assert ignored < page.index("<h2>Related papers</h2>") < page.index("<h2>Links</h2>")


def test_other_version_is_first_and_labelled(site: Path) -> None:
    items = Items(section(generate(site)["fcn"])).items
    assert items[0] == ("Other version: Fully Convolutional Networks (2016)", ["../fcn-2/"])
    assert all(not text.startswith("Other version") for text, _ in items[1:])


def test_only_published_papers_are_listed(site: Path) -> None:
    pages = generate(site)
    assert "ode-retired" not in pages
    listed = {href for page in pages.values() for _, hrefs in Items(section(page)).items for href in hrefs}
    assert "../ode-retired/" not in listed and listed <= {f"../{pid}/" for pid in pages}
    texts = [text for text, _ in Items(section(pages["ode-adjoint"])).items]
    # the three other published ODE papers first (the retired one is not among them), each with its date
    assert sorted(texts) == sorted(
        [
            "Continuous Normalizing Flows (2018)",
            "Latent ODEs for Irregular Time Series (Jul 8, 2019)",
            f"{HOSTILE} (Oct 24)",
        ]
    )


def test_hostile_title_stays_text(site: Path) -> None:
    html = section(generate(site)["ode-adjoint"])
    parsed = Items(html)
    assert "img" not in parsed.tags and "script" not in parsed.tags
    assert parsed.tags.count("ul") == 1 and parsed.tags.count("li") == len(parsed.items)
    assert f"{HOSTILE} (Oct 24)" in [text for text, _ in parsed.items]
    assert '&lt;img src=x onerror=alert(1)&gt; &amp; "ODE" &lt;/ul&gt;&lt;script&gt;alert(1)&lt;/script&gt;</a>' in html


@pytest.mark.parametrize("count", [1, 3])
def test_count_from_mkdocs_yml_is_honoured(tmp_path: Path, count: int) -> None:
    write_catalogue(tmp_path, PAPERS, related=count)
    pages = generate(tmp_path)
    assert len(Items(section(pages["ode-adjoint"])).items) == count
    # an other version is always listed: with one slot, it takes it
    assert Items(section(pages["fcn"])).items[:1] == [
        ("Other version: Fully Convolutional Networks (2016)", ["../fcn-2/"])
    ]


def test_count_zero_turns_the_section_off_and_computes_nothing(tmp_path: Path) -> None:
    write_catalogue(tmp_path, PAPERS, related=0)
    pages = generate(tmp_path)
    assert pages and not any("Related papers" in page for page in pages.values())
    assert not (tmp_path / "catalogue" / ".cache" / relatedcache.CACHE_FILE).exists()


@pytest.mark.parametrize("extra", ["", "extra:\n  social: []\n", "extra:\n  papercat:\n    feeds: 20\n"])
def test_count_defaults_to_five(tmp_path: Path, extra: str) -> None:
    (tmp_path / "mkdocs.yml").write_text(f"site_name: x\n{extra}")
    assert read_site_config(tmp_path / "mkdocs.yml").related == 5


@pytest.mark.parametrize("value", ["-1", "five", "true", "1.5", "101"])
def test_a_bad_count_is_one_clear_error(tmp_path: Path, value: str) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: x\nextra:\n  papercat:\n    related: {value}\n")
    with pytest.raises(PapercatError) as caught:
        read_site_config(config)
    shown = {"true": "True", "five": "'five'"}.get(value, value)
    assert str(caught.value) == (
        f"{config}: extra: papercat: related: {shown} is not a count of papers "
        "(give a whole number from 0 (no related papers) to 100)"
    )


def fail(*args: object, **kwargs: object) -> None:
    raise AssertionError("related papers computed again")


def test_unchanged_catalogue_reuses_the_stored_result(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = generate(site)
    stored = (site / "catalogue" / ".cache" / relatedcache.CACHE_FILE).read_bytes()
    monkeypatch.setattr(relatedcache, "related_papers", fail)
    assert generate(site) == first
    assert (site / "catalogue" / ".cache" / relatedcache.CACHE_FILE).read_bytes() == stored


def test_a_hit_never_imports_scikit_learn(site: Path) -> None:
    generate(site)
    code = (
        "import sys; from pathlib import Path; from papercat.cli import main\n"
        "main(['generate', '--catalogue', 'catalogue', '-f', 'mkdocs.yml'])\n"
        "print(sorted(m for m in ('numpy', 'scipy', 'sklearn') if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=site, capture_output=True, text=True, env=dict(os.environ))
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-1] == "[]"


@pytest.mark.parametrize(
    "change",
    [
        {"abstract": "We study neural tangent kernel infinite width gaussian process limits instead."},
        {"title": "Adjoint Sensitivity for Neural ODEs"},
        {"tags": ["neural-odes", "optimization"]},
    ],
    ids=["abstract", "title", "tags"],
)
def test_an_edit_computes_again(site: Path, monkeypatch: pytest.MonkeyPatch, change: dict) -> None:
    generate(site)
    edited = replace(PAPERS[0], **change)
    (site / "catalogue" / "papers" / "ode-adjoint.yaml").write_text(render_paper_yaml(edited), encoding="utf-8")
    calls = []
    monkeypatch.setattr(relatedcache, "related_papers", lambda *a: calls.append(a) or related_papers(*a))
    generate(site)
    assert len(calls) == 1
    stored = json.loads((site / "catalogue" / ".cache" / relatedcache.CACHE_FILE).read_text(encoding="utf-8"))
    papers = [edited, *[p for p in PAPERS[1:] if not p.retired]]
    assert stored["digest"] == content_digest(papers, RelatedConfig())


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"\xff\xfe\x00 not text",
        b'{"digest": ',
        b"[]",
        b'{"digest": "DIGEST", "related": {"fcn": [1]}}',
        b'{"digest": "DIGEST", "related": {"fcn": [{"id": "fcn-2", "score": 1, "kind": "<b>"}]}}',
    ],
    ids=["empty", "binary", "truncated", "a list", "bad neighbour", "bad kind"],
)
def test_a_corrupt_cache_is_ignored(site: Path, monkeypatch: pytest.MonkeyPatch, garbage: bytes) -> None:
    first = generate(site)
    path = site / "catalogue" / ".cache" / relatedcache.CACHE_FILE
    stored = path.read_bytes()
    digest = json.loads(stored)["digest"]
    path.write_bytes(garbage.replace(b"DIGEST", digest.encode()))
    assert generate(site) == first
    assert path.read_bytes() == stored


def test_links_resolve_in_a_strict_build(tmp_path: Path) -> None:
    write_catalogue(tmp_path / "source", PAPERS)
    want = Items(section(generate(tmp_path / "source")["ode-adjoint"])).items
    built = build_site(tmp_path / "build", tmp_path / "source" / "catalogue")
    page = (built / "papers" / "ode-adjoint" / "index.html").read_text(encoding="utf-8")
    assert len(want) == 3 and Items(section(page)).items == want
    assert assert_links_resolve(built) > 0
