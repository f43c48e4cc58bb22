"""The built site in a real browser: search, browse filters, URL state, tag links, no console errors.

Playwright for Python drives Debian's Chromium (/usr/bin/chromium; never a downloaded browser)
against the seed site served on 127.0.0.1 under a sub-path, as on GitHub Pages. Without Chromium
these tests skip with a hint, except where PAPERCAT_REQUIRE_BROWSER=1 (CI), where they fail.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote_plus

import pytest

from devkit import ROOT
from devkit.browser import artifacts_folder, chromium_or_skip, served
from papercat.catalogue import load_catalogue
from papercat.files import Layout
from papercat.markup import safe_url
from papercat.site.browse_words import PREFIX, WORD, fold, normalize, paper_words
from papercat.site.model import sort_newest, title_key, year_of
from papercat.vocabulary import load_topics, load_vocabulary


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return artifacts_folder(tmp_path_factory.mktemp("artifacts"))


# query -> (expected paper id, the rank it must have at most) in the header search (Pagefind). Exact
# titles first, then words of an abstract or a tag. Pagefind ranks by matched words, not phrases: a
# paper whose abstract repeats every word of a title can pass it ("gated linear attention" 2nd,
# "layer normalization" 3rd behind papers on normalization layers), so those allow the top three.
SEARCHES = [
    ("pointer networks", "pointer-networks", 1),
    ("neural tangent kernel", "neural-tangent-kernel-convergence-and-generalization-in-neural-networks", 1),
    ("hopfield", "hopfield-networks-is-all-you-need", 1),
    ("squeeze excitation", "squeeze-and-excitation-networks", 1),
    ("mish", "mish-a-self-regularized-non-monotonic-activation-function", 1),
    ("quartznet", "quartznet-deep-automatic-speech-recognition-with-1d-time-channel-separable", 1),
    ("retentive network", "retentive-network-a-successor-to-transformer-for-large-language-models", 1),
    ("gated linear attention", "gated-linear-attention-transformers-with-hardware-efficient-training", 3),
    ("layer normalization", "layer-normalization", 3),
    ("root mean square layer normalization", "root-mean-square-layer-normalization", 1),
    ("stochastic depth", "deep-networks-with-stochastic-depth", 1),
    ("infinite width feature learning", "feature-learning-in-infinite-width-neural-networks", 1),
    ("hypernetworks continual learning", "continual-learning-with-dependency-preserving-hypernetworks", 1),
    ("fourier neural operator", "fourier-neural-operator-for-parametric-partial-differential-equations", 3),
    ("wide residual networks", "wide-residual-networks", 3),
    ("grokking", "benign-overfitting-and-grokking-in-relu-networks-for-xor-cluster-data", 3),
    ("Delaunay triangulations", "pointer-networks", 1),  # words of the abstract only
    ("speech commands", "matchboxnet-1d-time-channel-separable-convolutional-neural-network-architecture", 3),
    ("mixture of experts routing", "remoe-fully-differentiable-mixture-of-experts-with-relu-routing", 3),
    ("private inference relu", "deepreduce-relu-reduction-for-fast-private-inference", 3),
    ("Kolmogorov-Arnold", "af-kan-activation-function-based-kolmogorov-arnold-networks-for-efficient", 3),
]


@pytest.fixture(scope="module")
def site_url(seed_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed site, built strict and served under /papercat/ on a free loopback port."""
    chromium_or_skip()
    with served(seed_site, tmp_path_factory.mktemp("browser")) as url:
        yield url


@pytest.fixture
def page(browser) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("requestfailed", lambda r: pg.errors.append(f"request failed: {r.url}"))
    yield pg
    errors = list(pg.errors)
    context.close()
    assert errors == [], errors


@pytest.fixture(scope="module")
def catalogue() -> dict:
    layout = Layout(ROOT / "catalogue")
    papers = load_catalogue(layout).papers
    topics, _ = load_topics(layout.topics.read_text())
    tags = load_vocabulary(layout.tags.read_text()).tags
    return {"papers": list(papers.values()), "topics": {t.id: t for t in topics}, "tags": tags}


def search_results(page, site_url: str, query: str) -> list[str]:
    page.goto(f"{site_url}?q={quote_plus(query)}")
    page.wait_for_selector("a.md-search-result__link", timeout=15000)
    ids: list[str] = []
    for href in page.eval_on_selector_all("a.md-search-result__link", "els => els.map(e => e.href)"):
        m = re.search(r"/papers/([^/#?]+)", href)
        if m and m.group(1) not in ids:
            ids.append(m.group(1))
    return ids


@pytest.mark.parametrize(("query", "expected", "rank"), SEARCHES, ids=[q for q, _, _ in SEARCHES])
def test_search_finds_the_paper(page, site_url: str, query: str, expected: str, rank: int) -> None:
    ids = search_results(page, site_url, query)
    assert expected in ids[:rank], f"{query!r}: {expected} not in the top {rank}: {ids[:5]}"


def test_search_finds_a_paper_by_its_tag(page, site_url: str, catalogue: dict) -> None:
    tagged = {p.id for p in catalogue["papers"] if "kolmogorov-arnold-networks" in p.tags}
    ids = search_results(page, site_url, "Kolmogorov-Arnold networks")
    assert set(ids[:3]) <= tagged and ids[0] in tagged


def browse(page, site_url: str, query: str = "") -> str:
    page.goto(f"{site_url}browse/{query}")
    page.wait_for_function(READY)
    return page.inner_text("#pc-count")


def count(text: str) -> int:
    return int(re.match(r"(\d+)", text).group(1))


READY = "(b => b && !b.dataset.busy && b.dataset.view === location.search)(document.getElementById('pc-browse'))"
"""The browse page has rendered the results of the address shown (browse.js clears data-busy and sets
data-view to it): after a back/forward, the view of the address before is not taken for it."""


def shown_count(page) -> int:
    """The live count, once the results of the current state are on screen."""
    page.wait_for_function(READY)
    return count(page.inner_text("#pc-count"))


def typed_words(query: str) -> list[str]:
    """The words of a words-box query, as browse.js splits them (hyphenated words in their parts)."""
    out: list[str] = []
    for word in WORD.findall(normalize(query)):
        out += [part for part in word.split("-") if part not in out]
    return out


def title_hits(paper, query: str) -> int | None:
    """None when the paper lacks a word of the query, else how many of its words are in the title: the
    words box's rule over the index's words (browse_words.py), every word whole, the last one from
    PREFIX letters on also as the start of a longer word."""
    every, title = paper_words(paper)
    typed = typed_words(query)
    hits = 0
    for k, word in enumerate(typed):
        prefix = k == len(typed) - 1 and len(word) >= PREFIX
        found = {w for w in every if w == fold(word) or (prefix and w.startswith(fold(word)))}
        if not found:
            return None
        hits += bool(found & title)
    return hits


def matching(catalogue: dict, *, tags=(), mode="any", topic=None, years=None, undated=False, code=False, words=()):
    """The papers a browse view must show, newest first; with words, those with most of them in the title first."""
    found = []
    for p in sort_newest(catalogue["papers"]):
        if tags and not (all if mode == "all" else any)(t in p.tags for t in tags):
            continue
        if topic and not set(p.tags) & set(catalogue["topics"][topic].tags):
            continue
        if years:
            y = year_of(p)
            if not (y and years[0] <= y <= years[1]) and not (undated and not y):
                continue
        if code and not any(safe_url(u) for u in p.code):
            continue
        if words and title_hits(p, " ".join(words)) is None:
            continue
        found.append(p)
    if words:
        found.sort(key=lambda p: -title_hits(p, " ".join(words)))  # stable: newest first among equals
    return found


def expected(catalogue: dict, **spec) -> int:
    """How many papers a browse view must show (see `matching`)."""
    return len(matching(catalogue, **spec))


@pytest.mark.parametrize(
    ("query", "spec"),
    [
        ("", {}),
        ("?tags=neural-operators", {"tags": ["neural-operators"]}),
        ("?tags=transformers,attention", {"tags": ["transformers", "attention"]}),
        ("?tags=transformers,attention&match=all", {"tags": ["transformers", "attention"], "mode": "all"}),
        ("?topic=scientific-ml", {"topic": "scientific-ml"}),
        ("?from=2020&to=2022", {"years": (2020, 2022)}),
        ("?code=1", {"code": True}),
        ("?words=operator", {"words": ["operator"]}),
        ("?words=fourier+operator", {"words": ["fourier", "operator"]}),
        (
            "?tags=activation-functions&from=2018&code=1",
            {"tags": ["activation-functions"], "years": (2018, 9999), "code": True},
        ),
        (
            "?topic=architectures&words=convolution&to=2019",
            {"topic": "architectures", "words": ["convolution"], "years": (0, 2019)},
        ),
        ("?from=2021&undated=1", {"years": (2021, 9999), "undated": True}),
        ("?tags=transformers,attention&match=all&sort=title", {"tags": ["transformers", "attention"], "mode": "all"}),
        ("?tags=attention&from=2018&to=2023", {"tags": ["attention"], "years": (2018, 2023)}),
        ("?code=1&sort=upvotes", {"code": True}),
        (
            "?tags=normalization,initialization,attention&topic=building-blocks&code=1&sort=upvotes",
            {"tags": ["normalization", "initialization", "attention"], "topic": "building-blocks", "code": True},
        ),
        ("?words=attention&tags=transformers", {"words": ["attention"], "tags": ["transformers"]}),
    ],
    ids=[
        "all",
        "tag",
        "tags-any",
        "tags-all",
        "topic",
        "years",
        "code",
        "word",
        "words",
        "tag-years-code",
        "topic-words-years",
        "years-undated",
        "tags-all-title",
        "tag-years",
        "code-upvotes",
        "tags-topic-code-upvotes",
        "words-tag",
    ],
)
def test_browse_filters_give_the_catalogues_count(page, site_url: str, catalogue: dict, query: str, spec: dict) -> None:
    text = browse(page, site_url, query)
    want = expected(catalogue, **spec)
    assert count(text) == want, (query, text, want)
    shown = page.eval_on_selector_all("#pc-results li", "els => els.length")
    assert shown == min(count(text), 50)


@pytest.mark.parametrize(
    "words",
    [
        "pre-training",  # its parts, wherever they are
        "pretraining",  # also "pre-training", which the index holds joined too
        "networks",  # the plural folds to "network"
        "normaliz",  # the last word, typed in part, begins longer ones
        "nor",  # under four letters: a whole word only
        "neural operators",
        "LAYER Normalization",
        "Kaimíng",  # accents and case are dropped, as in the index
        "residual xyzzy",  # a word no paper has: nothing
        "the",  # nearly every paper: those with it in the title first
    ],
)
def test_words_find_what_the_index_holds_best_match_first(page, site_url: str, catalogue: dict, words: str) -> None:
    text = browse(page, site_url, "?words=" + quote_plus(words))
    want = [p.id for p in matching(catalogue, words=[words])]
    assert count(text) == len(want), (words, text)
    assert listed(page) == want[:50]


def test_words_box_needs_no_search_index(page, site_url: str, catalogue: dict) -> None:
    """Browse reads browse-index/ alone: words work where Pagefind's index is missing (`papercat serve`)."""
    asked: list[str] = []
    page.route("**/pagefind/**", lambda route: (asked.append(route.request.url), route.abort()))
    text = browse(page, site_url, "?words=pointer+networks")
    assert count(text) == len(matching(catalogue, words=["pointer networks"])) > 0
    assert listed(page)[0] == "pointer-networks" and asked == []


def test_controls_drive_the_url_and_back_forward_restore(page, site_url: str, catalogue: dict) -> None:
    browse(page, site_url)
    page.check('input[name="tag"][value="neural-operators"]')
    page.check("#pc-code")
    page.select_option("#pc-sort", "upvotes")
    assert "tags=neural-operators" in page.url and "code=1" in page.url and "sort=upvotes" in page.url
    both = expected(catalogue, tags=["neural-operators"], code=True)
    assert shown_count(page) == both
    page.go_back()  # undo the sort
    page.go_back()  # undo "has code"
    page.wait_for_function("!location.search.includes('code=1')")
    assert shown_count(page) == expected(catalogue, tags=["neural-operators"])
    assert not page.is_checked("#pc-code")
    page.go_forward()
    page.wait_for_function("location.search.includes('code=1')")
    assert shown_count(page) == both and page.is_checked("#pc-code")
    page.go_forward()
    page.wait_for_function("location.search.includes('sort=upvotes')")
    assert page.input_value("#pc-sort") == "upvotes"
    # a shared link reopens the same view
    shared = page.url
    other = page.context.new_page()
    other.goto(shared)
    other.wait_for_function("document.getElementById('pc-count').textContent.includes('papers')")
    assert other.inner_text("#pc-count") == page.inner_text("#pc-count")
    assert (
        other.is_checked('input[name="tag"][value="neural-operators"]') and other.input_value("#pc-sort") == "upvotes"
    )
    other.close()
    page.click("#pc-clear")
    assert page.url.endswith("/browse/") and shown_count(page) == len(catalogue["papers"])


def listed(page) -> list[str]:
    return [
        h.rstrip("/").rsplit("/", 1)[1]
        for h in page.eval_on_selector_all("#pc-results a", "els => els.map(e => e.href)")
    ]


ORDERS = {
    "newest": lambda p: 0,  # sort_newest's own order
    "upvotes": lambda p: -(p.upvotes or 0),
    "title": title_key,
}


@pytest.mark.parametrize(
    ("query", "spec", "order"),
    [
        ("?sort=upvotes", {}, "upvotes"),
        ("?sort=title", {}, "title"),
        ("?tags=attention", {"tags": ["attention"]}, "newest"),
        ("?code=1&sort=upvotes", {"code": True}, "upvotes"),
        ("?topic=architectures&sort=title", {"topic": "architectures"}, "title"),
        ("?from=2015&undated=1&sort=upvotes", {"years": (2015, 9999), "undated": True}, "upvotes"),
        ("?words=network", {"words": ["network"]}, "relevance"),
        ("?words=the+model&sort=title", {"words": ["the", "model"]}, "title"),
        (
            "?words=attention&tags=transformers&sort=upvotes",
            {"words": ["attention"], "tags": ["transformers"]},
            "upvotes",
        ),
    ],
    ids=[
        "upvotes",
        "title",
        "tag",
        "code-upvotes",
        "topic-title",
        "years-undated-upvotes",
        "words-relevance",
        "words-title",
        "words-tag-upvotes",
    ],
)
def test_results_come_in_order_and_show_more_brings_the_rest(
    page, site_url: str, catalogue: dict, query: str, spec: dict, order: str
) -> None:
    keep = [p.id for p in matching(catalogue, **spec)]
    if order == "relevance":
        want = keep
    else:
        want = [p.id for p in sorted(sort_newest(catalogue["papers"]), key=ORDERS[order]) if p.id in set(keep)]
    browse(page, site_url, query)
    assert listed(page) == want[:50]
    while page.is_visible("#pc-more"):
        before = len(listed(page))
        page.click("#pc-more")
        page.wait_for_function(f"document.querySelectorAll('#pc-results li').length > {before}")
    assert listed(page) == want


def test_first_view_is_the_index_newest_order(page, site_url: str, catalogue: dict) -> None:
    browse(page, site_url)
    want = [p.id for p in sort_newest(catalogue["papers"])]
    assert listed(page) == want[:50]
    page.click("#pc-more")  # the static first page, then the index for the rest
    page.wait_for_function("document.querySelectorAll('#pc-results li').length > 50")
    page.wait_for_function(READY)
    assert listed(page) == want[:100]


def test_results_link_to_papers_under_the_sub_path(page, site_url: str) -> None:
    browse(page, site_url, "?words=pointer")
    page.click("#pc-results a >> text=Pointer Networks")
    page.wait_for_url(re.compile(r".*/papercat/papers/pointer-networks/$"))
    assert page.inner_text("h1") == "Pointer Networks"


def test_browse_reached_by_instant_navigation(page, site_url: str, catalogue: dict) -> None:
    page.goto(f"{site_url}about/")
    page.click("a.md-tabs__link >> text=Browse")
    page.wait_for_url(re.compile(r".*/papercat/browse/$"))
    assert shown_count(page) == len(catalogue["papers"])
    page.check('input[name="tag"][value="hypernetworks"]')
    assert shown_count(page) == expected(catalogue, tags=["hypernetworks"])


def test_keyboard_only(page, site_url: str, catalogue: dict) -> None:
    browse(page, site_url)
    page.focus("#pc-q")
    page.keyboard.type("hopfield")
    page.wait_for_function("location.search.includes('words=hopfield')")
    page.focus('input[name="tag"][value="generalization"]')
    page.keyboard.press("Space")
    page.wait_for_function("location.search.includes('tags=generalization')")
    assert page.is_checked('input[name="tag"][value="generalization"]')
    for control in ("#pc-q", "#pc-topic", "#pc-from", "#pc-to", "#pc-code", "#pc-sort"):
        label = page.eval_on_selector(control, "e => e.labels && e.labels.length && e.labels[0].textContent.trim()")
        assert label, f"{control} has no label"


def test_tag_page_lists_the_right_papers(page, site_url: str, catalogue: dict) -> None:
    page.goto(f"{site_url}papers/pointer-networks/")
    page.click(".pc-tags a >> nth=0")
    page.wait_for_url(re.compile(r".*/papercat/tags/[^/]+/$"))
    tag = page.url.rstrip("/").rsplit("/", 1)[1]
    listed = {
        h.rstrip("/").rsplit("/", 1)[1] for h in page.eval_on_selector_all(".pc-list a", "els => els.map(e => e.href)")
    }
    assert listed == {p.id for p in catalogue["papers"] if tag in p.tags}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_readable_in_both_palettes_and_on_a_phone(browser, site_url: str, scheme: str, artifacts: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{site_url}browse/?tags=transformers")
    page.wait_for_function("document.getElementById('pc-count').textContent.includes('papers')")
    contrast = page.evaluate("""() => {
        const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => {
            v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
        const fg = lum(getComputedStyle(document.querySelector('#pc-results a')).color);
        const opaque = el => { for (; el; el = el.parentElement) { const c = getComputedStyle(el).backgroundColor;
            if (c && !/rgba\\(.*, 0\\)$/.test(c) && c !== 'transparent') return c; } return 'rgb(255, 255, 255)'; };
        const bg = lum(opaque(document.getElementById('pc-results')));
        const text = lum(getComputedStyle(document.getElementById('pc-count')).color);
        const ratio = (a, b) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        return [ratio(fg, bg), ratio(text, bg), document.documentElement.scrollWidth, innerWidth];
    }""")
    page.screenshot(path=str(artifacts / f"browse-phone-{scheme}.png"), full_page=False)
    context.close()
    link_ratio, text_ratio, width, viewport = contrast
    assert link_ratio >= 4.5 and text_ratio >= 4.5, contrast
    assert width <= viewport, "the browse page scrolls sideways on a phone"


def test_screenshots_are_kept(page, site_url: str, artifacts: Path) -> None:
    browse(page, site_url, "?tags=activation-functions&sort=upvotes")
    page.screenshot(path=str(artifacts / "browse.png"), full_page=True)
    page.goto(f"{site_url}papers/pointer-networks/")
    page.screenshot(path=str(artifacts / "paper.png"), full_page=True)
    assert (artifacts / "browse.png").stat().st_size > 10_000


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_count_and_first_results_are_above_the_fold(browser, site_url: str, width: int, height: int) -> None:
    """Results first: the count and the first three results are on screen without scrolling, at a laptop's
    size and a phone's (where the filters fold away); "Show more" shows only when there is more."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    browse(page, site_url)
    boxes = page.eval_on_selector_all(
        "#pc-count, #pc-results > li:nth-child(-n+3)", "els => els.map(e => e.getBoundingClientRect().bottom)"
    )
    assert len(boxes) == 4 and max(boxes) <= height, boxes
    assert page.is_visible("#pc-more")
    browse(page, site_url, "?words=pointer")  # a handful of papers: nothing more to show
    assert 0 < len(listed(page)) < 50 and not page.is_visible("#pc-more")
    context.close()
