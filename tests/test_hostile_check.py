"""Hostile and careless input to `check`, `ingest`, `tag` and `dupes`: one exact `path:line: message (hint)` each.

By class of issue 9: tag rules that could hang (4), a complete check (7), retired papers in the model (8),
and sources the dumps no longer hold (9).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from devkit import ROOT, abstract
from papercat import rules
from papercat.cli import main
from papercat.commands.check import run_check
from papercat.files import Layout
from papercat.model import Paper, Source
from papercat.paperfile import parse_paper, render_paper_yaml
from papercat.vocabulary import load_vocabulary

TITLES = ("Alpha Paper", "Beta Paper", "Gamma Paper", "Delta Paper")
"""The listings of dumps/d.txt, their titles on lines 3, 7, 11 and 15."""
LINE = {title: 3 + 4 * i for i, title in enumerate(TITLES)}


def paper(title: str, **fields) -> Paper:
    fields.setdefault("sources", [Source("d.txt", LINE[title])])
    return Paper(id=title.lower().replace(" ", "-"), title=title, abstract="An abstract.", **fields)


@pytest.fixture
def cat(catalogue: Layout) -> Layout:
    """Four good papers, each holding its listing of dumps/d.txt; no tags or topics."""
    catalogue.papers.mkdir()
    (catalogue.dumps / "d.txt").write_text("\n\n" + "".join(f"{t}\n\n{abstract(t)}\n\n" for t in TITLES))
    for title in TITLES:
        write(catalogue, paper(title))
    return catalogue


def write(layout: Layout, p: Paper) -> Path:
    path = layout.papers / f"{p.id}.yaml"
    path.write_text(render_paper_yaml(p))
    return path


def check(layout: Layout, capsys) -> list[str]:
    """The problem lines of `papercat check` (its exit code checked against them)."""
    code = main(["check", "--catalogue", str(layout.root)])
    out = capsys.readouterr().out.splitlines()
    assert code == (1 if out[:-1] else 0), out
    return out[:-1]


def test_the_fixture_is_clean(cat: Layout, capsys) -> None:
    assert check(cat, capsys) == []


# --- class 7: real dates, bounded integers, reserved ids -----------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("published: null", "published: 2023-02-30", 6, "published: '2023-02-30' is not a date in the calendar"),
        ("published: null", "published: 2023-02-29", 6, "published: '2023-02-29' is not a date in the calendar"),
        ("published: null", "published: Feb 30", 6, "published: 'Feb 30' is not a date in the calendar"),
        ("published: null", "published: Apr 31", 6, "published: 'Apr 31' is not a date in the calendar"),
        ("published: null", "published: 0000-01-01", 6, "published: '0000-01-01' is not a date in the calendar"),
    ],
    ids=["feb-30", "not-leap", "month-day-feb-30", "month-day-apr-31", "year-0"],
)
def test_dates_must_be_in_the_calendar(cat: Layout, capsys, old: str, new: str, line: int, message: str) -> None:
    path = cat.papers / "alpha-paper.yaml"
    path.write_text(path.read_text().replace(old, new))
    hint = "(YYYY-MM-DD, or the month and day as shown (Feb 29))"
    assert check(cat, capsys) == [f"{path}:{line}: {message} {hint}"]


@pytest.mark.parametrize("date", ["2024-02-29", "Feb 29", "Dec 31", "2023-12-31"])
def test_real_dates_pass(cat: Layout, capsys, date: str) -> None:
    write(cat, paper("Alpha Paper", published=date))
    assert check(cat, capsys) == []


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        (
            "published: null",
            "published: 2023-13-01",
            6,
            "published: '2023-13-01' must be a date: YYYY-MM-DD (2023-02-22), or the month and day as shown (Oct 24)",
        ),
        (
            "published: null",
            "published: Foo 3",
            6,
            "published: 'Foo 3' must be a date: YYYY-MM-DD (2023-02-22), or the month and day as shown (Oct 24)",
        ),
        ("authors_count: null", "authors_count: 0", 7, "authors_count: 0 must be from 1 to 10000"),
        ("authors_count: null", "authors_count: 10001", 7, "authors_count: 10001 must be from 1 to 10000"),
        ("upvotes: null", "upvotes: -1", 8, "upvotes: -1 must be from 0 to 10000000"),
        ("upvotes: null", "upvotes: 10000001", 8, "upvotes: 10000001 must be from 0 to 10000000"),
        ("upvotes: null", "upvotes: .inf", 8, "upvotes: inf must be a whole number or null (unknown)"),
        ("upvotes: null", "upvotes: " + "9" * 5000, 8, "invalid YAML: integer with too many digits"),
        ("upvotes: null", "upvotes: " + "9" * 4000, 8, "upvotes: " + "9" * 79 + "… must be from 0 to 10000000"),
        ("  line: 3", "  line: 0", 14, "line: 0 must be from 1 to 10000000"),
        ("  line: 3", "  line: 10000001", 14, "line: 10000001 must be from 1 to 10000000"),
        (
            "- dump: d.txt",
            '- dump: "d\\x1b[31m.txt"',
            13,
            "dump: 'd\\x1b[31m.txt' must be a file name in catalogue/dumps/ (no folder, no control characters)",
        ),
        (
            "- dump: d.txt",
            "- dump: ../d.txt",
            13,
            "dump: '../d.txt' must be a file name in catalogue/dumps/ (no folder, no control characters)",
        ),
    ],
    ids=[
        "month-13",
        "no-such-month",
        "authors-0",
        "authors-huge",
        "upvotes-negative",
        "upvotes-huge",
        "upvotes-inf",
        "int-5000-digits",
        "int-4000-digits",
        "line-0",
        "line-huge",
        "dump-control",
        "dump-path",
    ],
)
def test_values_out_of_bounds(cat: Layout, capsys, old: str, new: str, line: int, message: str) -> None:
    path = cat.papers / "alpha-paper.yaml"
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new))
    out = check(cat, capsys)
    assert len(out) == 1 and out[0].startswith(f"{path}:{line}: {message}"), out


def test_reserved_paper_id(cat: Layout, capsys) -> None:
    index = Paper(id="index", title="Index", abstract="An abstract.", sources=[Source("d.txt", 3)])
    path = write(cat, index)
    (cat.papers / "alpha-paper.yaml").unlink()
    out = check(cat, capsys)
    assert out[0] == (
        f"{path}:2: id 'index' is reserved for a generated page (rename the file and its id (e.g. add `-paper`))"
    )


# --- class 7: same_as and distinct_from ------------------------------------------------------------


def test_same_as_cycle_chain_both_ways_and_self(cat: Layout, capsys) -> None:
    a = write(cat, paper("Alpha Paper", same_as=["beta-paper"]))
    b = write(cat, paper("Beta Paper", same_as=["alpha-paper"]))
    c = write(cat, paper("Gamma Paper", same_as=["delta-paper"], distinct_from=["gamma-paper"]))
    d = write(cat, paper("Delta Paper", same_as=["no-such-paper"], distinct_from=["gamma-paper"]))
    assert check(cat, capsys) == [
        f"{a}:17: same_as names 'beta-paper', which names this paper back: a cycle, and both would be hidden "
        "(keep the same_as in the file of the paper to publish only)",
        f"{b}:17: same_as names 'alpha-paper', which names this paper back: a cycle, and both would be hidden "
        "(keep the same_as in the file of the paper to publish only)",
        f"{d}:18: same_as names 'no-such-paper', which is not another paper "
        "(use the id (file name) of an existing paper)",
        f"{c}:16: distinct_from names 'gamma-paper', which is not another paper "
        "(use the id (file name) of an existing paper)",
        f"{c}:18: same_as names 'delta-paper', and distinct_from says they are different papers "
        "(decide: keep it in same_as or in distinct_from, not both)",
    ]


def test_same_as_chain_and_two_keepers(cat: Layout, capsys) -> None:
    a = write(cat, paper("Alpha Paper", same_as=["beta-paper"]))
    write(cat, paper("Beta Paper", same_as=["gamma-paper"]))
    d = write(cat, paper("Delta Paper", same_as=["gamma-paper"]))
    assert check(cat, capsys) == [
        f"{a}:17: same_as names 'beta-paper', which itself names 'gamma-paper' in same_as: its listings would be lost "
        "(name 'gamma-paper' here too, and empty the same_as of 'beta-paper')",
        f"{d}:17: same_as names 'gamma-paper', which 'beta-paper' names too: its listings would be shown twice "
        "(name each file in one paper's same_as)",
    ]


def test_same_as_of_one_paper_is_fine(cat: Layout, capsys) -> None:
    write(cat, paper("Alpha Paper", same_as=["beta-paper", "gamma-paper"], distinct_from=["delta-paper"]))
    assert check(cat, capsys) == []


# --- class 7 and 9: sources ---------------------------------------------------------------------------


def test_a_source_twice_in_one_paper(cat: Layout, capsys) -> None:
    path = write(cat, paper("Alpha Paper", sources=[Source("d.txt", 3), Source("d.txt", 3)]))
    assert check(cat, capsys) == [
        f"{path}:15: sources: 'd.txt:3' is listed twice (first on line 13) (remove this line)"
    ]


def test_a_source_claimed_by_two_papers(cat: Layout, capsys) -> None:
    path = write(cat, paper("Beta Paper", sources=[Source("d.txt", 3), Source("d.txt", 7)]))
    dump = cat.dumps / "d.txt"
    assert check(cat, capsys) == [
        f"{path}:13: source {dump}:3 is also a source of 'alpha-paper' "
        "(a listing belongs to one paper: remove it from one file (same_as joins two files))",
        f"{path}:13: source {dump}:3 no longer holds this title (it holds 'Alpha Paper') "
        "(the dump was edited: fix the line, or move the source to the paper it now holds)",
    ]


def test_sources_the_dumps_no_longer_hold(cat: Layout, capsys) -> None:
    dump = cat.dumps / "d.txt"
    # an edited dump: a listing inserted at the top moves every line down by four
    dump.write_text("\n\nNew Paper\n\n" + abstract("new") + "\n\n" + dump.read_text().lstrip("\n"))
    write(cat, paper("Delta Paper", sources=[Source("gone.txt", 15)]))
    papers = {t: cat.papers / f"{t.lower().replace(' ', '-')}.yaml" for t in TITLES}
    hint = "(the dump was edited: fix the line, or move the source to the paper it now holds)"
    assert check(cat, capsys) == [
        f"{papers['Alpha Paper']}:13: source {dump}:3 no longer holds this title (it holds 'New Paper') {hint}",
        f"{papers['Beta Paper']}:13: source {dump}:7 no longer holds this title (it holds 'Alpha Paper') {hint}",
        f"{papers['Delta Paper']}:13: source {cat.dumps / 'gone.txt'}:15: the dump is gone "
        "(if it was renamed, run `papercat ingest`)",
        f"{papers['Gamma Paper']}:13: source {dump}:11 no longer holds this title (it holds 'Beta Paper') {hint}",
    ]


def test_a_line_that_holds_no_listing(cat: Layout, capsys) -> None:
    path = write(cat, paper("Alpha Paper", sources=[Source("d.txt", 4)]))
    assert check(cat, capsys) == [
        f"{path}:13: source {cat.dumps / 'd.txt'}:4 no longer holds a listing (the dump was edited: fix the line)"
    ]


@pytest.mark.parametrize(
    "title",
    ["Alpha paper", "Alpha Papers", "Alpha Paper: A Subtitle", "A Title a Person Rewrote Completely"],
    ids=["case", "typo", "subtitle", "rewritten-same-abstract"],
)
def test_a_corrected_title_still_holds_its_listing(cat: Layout, capsys, title: str) -> None:
    write(cat, Paper(id="alpha-paper", title=title, abstract=abstract("Alpha Paper"), sources=[Source("d.txt", 3)]))
    assert check(cat, capsys) == []


# --- class 7: files in papers/ -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "message"),
    [
        ("x.yml", "file", "not read: paper files end in .yaml (rename it to x.yaml)"),
        ("x.YAML", "file", "not read: paper files end in .yaml (rename it to x.yaml)"),
        ("x.yaml~", "file", "not read: paper files end in .yaml (rename it to x.yaml)"),
        ("notes.txt", "file", "not read: not a paper file (<id>.yaml) (rename it, or move it out of papers/)"),
        ("X.yaml", "file", "the file name is not a paper id (ids are lowercase words joined by hyphens)"),
        ("sub", "folder", "a folder in papers/; nothing in it is read (paper files sit directly in papers/)"),
        ("sub.yaml", "folder", "a folder in papers/; nothing in it is read (paper files sit directly in papers/)"),
        ("link.yml", "symlink", "not a regular file (symlink); not read (paper files are plain <id>.yaml files)"),
        ("link.yaml", "symlink", "not a regular file (symlink); not read (make it a plain file)"),
    ],
)
def test_misnamed_and_misplaced_files_are_reported(cat: Layout, capsys, name: str, kind: str, message: str) -> None:
    path = cat.papers / name
    text = render_paper_yaml(paper("Alpha Paper"))
    if kind == "folder":
        path.mkdir()
        (path / "alpha-paper.yaml").write_text(text)
    elif kind == "symlink":
        path.symlink_to(cat.papers / "alpha-paper.yaml")
    else:
        path.write_text(text)
    out = check(cat, capsys)
    assert f"{path}: {message}" in out, out


def test_hidden_temporary_files_are_ignored(cat: Layout, capsys) -> None:
    (cat.papers / ".alpha-paper.yaml.1234.tmp").write_text("half a fi")
    assert check(cat, capsys) == []


# --- class 8: retired papers (model side) -------------------------------------------------------------


def test_retired_is_written_last_and_only_when_set() -> None:
    live = render_paper_yaml(paper("Alpha Paper"))
    assert "retired" not in live
    reason = "A duplicate of beta-paper that the listings could not tell apart; " * 3
    retired = render_paper_yaml(paper("Alpha Paper", retired=reason.strip()))
    assert retired.startswith(live) and retired[len(live) :].startswith("retired: >-\n  A duplicate")
    parsed, problems = parse_paper(retired, "p.yaml")
    assert problems == [] and parsed.retired == reason.strip() and render_paper_yaml(parsed) == retired


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("''", "retired: must not be empty"),
        ("' '", "retired: ' ' must not be blank"),
        ("[x]", "retired: ['x'] must be text"),
    ],
    ids=["empty", "blank", "list"],
)
def test_retired_needs_a_reason(cat: Layout, capsys, value: str, message: str) -> None:
    path = cat.papers / "alpha-paper.yaml"
    path.write_text(path.read_text() + f"retired: {value}\n")
    assert check(cat, capsys) == [f"{path}:17: {message} (see catalogue/paper.schema.json)"]


def test_a_retired_paper_passes_check(cat: Layout, capsys) -> None:
    write(cat, paper("Alpha Paper", retired="Not a machine-learning paper."))
    assert check(cat, capsys) == []


# --- class 4: tag rules can never hang ingest or check -------------------------------------------------

TOPICS = "topics:\n- id: all\n  title: All\n  description: Everything.\n  tags: [t]\n"


def vocab(rule: str = "thing", tid: str = "t", name: str = "T", description: str = "D.", aliases: str = "[]") -> str:
    """tags.yml with one tag: id on line 2, name 3, description 4, its match rule 6, aliases 7."""
    return tag_item(rule, tid, name, description, aliases).join(["tags:\n", ""])


def tag_item(rule: str, tid: str = "t", name: str = "T", description: str = "D.", aliases: str = "[]") -> str:
    return f"- id: {tid}\n  name: {name}\n  description: {description}\n  match:\n  - {rule}\n  aliases: {aliases}\n"


RISKY = "a group repeated without bound holds only repeated or optional parts (catastrophic backtracking)"


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("'re:(a+)+$'", f"rule 're:(a+)+$': {RISKY}"),
        ("'re:(x|x)*y'", f"rule 're:(x|x)*y': {RISKY}"),
        ("'re:(\\w+\\s?)*$'", f"rule 're:(\\\\w+\\\\s?)*$': {RISKY}"),
        ("'re:\\b(?:(?<!x)\\w*)+:'", f"rule 're:\\\\b(?:(?<!x)\\\\w*)+:': {RISKY}"),
        ("'re:a{100000000}'", "rule 're:a{100000000}': repeat counts multiply to more than 1000 ({100000000})"),
        ("'re:(a{100}){100}'", "rule 're:(a{100}){100}': repeat counts multiply to more than 1000 ({100})"),
        ("'re:[a-z]{2000}'", "rule 're:[a-z]{2000}': repeat counts multiply to more than 1000 ({2000})"),
        ("'re:(unclosed'", "rule 're:(unclosed': bad regular expression: missing ) at position 9"),
        ("'re:a{2,1}'", "rule 're:a{2,1}': bad regular expression: min repeat greater than max repeat at position 2"),
        (f"'re:{'a' * 501}'", f"rule 're:{'a' * 75}…: longer than 500 characters"),
    ],
    ids=["nested-plus", "same-alternatives", "word-space", "lookbehind", "huge-count", "nested-counts", "class-count",
         "unclosed", "min-max", "too-long"],
)  # fmt: skip
def test_risky_or_broken_rules_are_refused_on_their_own_line(cat: Layout, capsys, rule: str, message: str) -> None:
    cat.tags.write_text(vocab(rule))
    cat.topics.write_text(TOPICS)
    started = time.perf_counter()
    assert check(cat, capsys) == [f"{cat.tags}:6: tag 't': {message} (fix the `re:` rule)"]
    assert main(["ingest", "--catalogue", str(cat.root)]) == 2
    # the problem keeps its own hint, with no second one after it
    assert capsys.readouterr().err == f"papercat: error: {cat.tags}:6: tag 't': {message} (fix the `re:` rule)\n"
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(
    "rule",
    [
        r"re:\bcompress(es|ed|ing)?\s+((the|large|deep)\s+)*(models?|networks?)\b",
        r"re:(?<!generative )\badversarial(?!\s+(nets?|networks?)\b)",
        r"re:\d{4}-\d{2}-\d{2}",
        r"re:(ab)+c",
        r"re:\p{Greek}+",
        r"re:(?i)(foo|bar)+",
        r"re:\(a+\)+",
    ],
)
def test_ordinary_rules_are_accepted(rule: str) -> None:
    assert rules.risk(rule[3:]) is None
    load_vocabulary(vocab(f"'{rule}'"))


def test_a_rule_that_times_out_is_disabled_and_reported_once(monkeypatch) -> None:
    monkeypatch.setattr(rules, "TIMEOUT", 0.01)
    vocabulary = load_vocabulary(vocab("'re:^(a|aa)*$'") + tag_item("word", tid="w"))
    slow = "a" * 60 + "b"
    started = time.perf_counter()
    assert vocabulary.suggest(slow, "A word.") == ["w"]
    assert vocabulary.suggest(slow, "Another word.") == ["w"]
    assert time.perf_counter() - started < 1
    assert [str(w) for w in vocabulary.warnings] == [
        f"tags.yml:6: tag 't': rule 're:^(a|aa)*$' timed out on '{'a' * 59}…'; disabled for the rest of this run "
        "(simplify the regular expression (no repeated group of repeats))"
    ]


def test_ingest_reports_a_rule_that_timed_out(cat: Layout, capsys, monkeypatch) -> None:
    monkeypatch.setattr(rules, "TIMEOUT", 0.01)
    cat.tags.write_text(vocab("'re:^(a|aa)*$'"))
    cat.topics.write_text(TOPICS)
    slow = "a" * 60 + "b"
    (cat.dumps / "e.txt").write_text(f"\n\n{slow}\n\n{abstract('e')}\n\n{slow} Two\n\n{abstract('f')}\n")
    assert main(["ingest", "--catalogue", str(cat.root)]) == 0
    err = capsys.readouterr().err
    assert err.count("timed out") == 1
    assert f"warning: {cat.tags}:6: tag 't': rule 're:^(a|aa)*$' timed out on '{'a' * 59}…'" in err


def test_the_engine_reads_rules_as_re_does() -> None:
    """Every `re:` rule of the shipped vocabulary finds the same matches as Python's `re` on every seed paper."""
    from papercat.catalogue import load_catalogue

    layout = Layout(ROOT / "catalogue")
    vocabulary = load_vocabulary(layout.tags.read_text())
    texts = [t for p in load_catalogue(layout).papers.values() for t in (p.title, p.abstract)]
    compared = 0
    for tag in vocabulary.tags.values():
        for rule in tag.rules:
            try:
                reference = re.compile(rule.pattern.pattern, re.IGNORECASE)
            except re.error:
                continue  # variable-width look-behind: `regex` only
            compared += 1
            for text in texts:
                assert rule.pattern.findall(text) == reference.findall(text), (rule.text, text)
    assert compared >= 30


@pytest.mark.parametrize(
    ("field", "value", "line", "what", "point"),
    [
        ("name", '"Trans\\aformers"', 3, "name", "U+0007"),
        ("name", '"A\\x7fB"', 3, "name", "U+007F"),
        ("name", '"A\\x9bB"', 3, "name", "U+009B"),
        ("name", '"A\\u202eB"', 3, "name", "U+202E"),
        ("name", '"A\\ufffeB"', 3, "name", "U+FFFE"),
        ("name", '"A\\U0010ffffB"', 3, "name", "U+10FFFF"),
        ("description", '"A\\x00B."', 4, "description", "U+0000"),
        ("aliases", '[ok, "b\\x1bd"]', 7, "alias", "U+001B"),
    ],
)
def test_tag_text_the_site_cannot_show(
    cat: Layout, capsys, field: str, value: str, line: int, what: str, point: str
) -> None:
    cat.tags.write_text(vocab(**{field: value}))
    cat.topics.write_text(TOPICS)
    assert check(cat, capsys) == [
        f"{cat.tags}:{line}: tag 't': {what} holds {point}, a control character or non-character the site cannot "
        "show (remove it; write the text as it should read)"
    ]


@pytest.mark.parametrize(("field", "line"), [("title", 3), ("description", 4)])
def test_topic_text_the_site_cannot_show(cat: Layout, capsys, field: str, line: int) -> None:
    cat.tags.write_text(vocab())
    cat.topics.write_text(re.sub(rf"  {field}: .*\n", lambda _: f'  {field}: "A\\x07B"\n', TOPICS))
    out = check(cat, capsys)
    assert out[0] == (
        f"{cat.topics}:{line}: topic 'all': {field} holds U+0007, a control character or non-character the site "
        "cannot show (remove it; write the text as it should read)"
    )


def test_reserved_tag_and_topic_ids(cat: Layout, capsys) -> None:
    cat.tags.write_text(vocab().replace("id: t", "id: index"))
    cat.topics.write_text(TOPICS.replace("[t]", "[index]"))
    assert check(cat, capsys) == [f"{cat.tags}:2: tag id 'index' is reserved for the list of tags (rename it)"]
    cat.tags.write_text(vocab())
    cat.topics.write_text(TOPICS.replace("id: all", "id: index"))
    assert check(cat, capsys) == [f"{cat.topics}:2: topic id 'index' is reserved for the list of topics (rename it)"]


# --- class 7: no traceback, whatever the files hold -----------------------------------------------------

GOOD = render_paper_yaml(paper("Alpha Paper"))
ODD = {
    "empty": b"",
    "binary": bytes(range(256)) * 4,
    "utf-16": GOOD.encode("utf-16"),
    "a-list": b"- a\n- b\n",
    "title-12": GOOD.replace("title: Alpha Paper", "title: 12").encode(),
    "nested-flow": ("a: " + "[" * 30000 + "]" * 30000 + "\n").encode(),
    "nested-block": ("- " * 30000 + "x\n").encode(),
    "nested-unclosed": ("a: " + "{b: " * 20000 + "\n").encode(),
    "10-MB": b"title: " + b"x" * 10_000_000 + b"\n",
    "python-tag": GOOD.replace("notes: ''", "notes: !!python/object/apply:os.system [x]").encode(),
    "set-key": GOOD.replace("notes: ''", "? !!set {a}\n: 2").encode(),
    "many-docs": (GOOD + "---\nid: q\n").encode(),
}


@pytest.mark.parametrize("command", [["check"], ["ingest"], ["tag", "add", "alpha-paper", "t"], ["dupes"]])
@pytest.mark.parametrize("name", list(ODD))
def test_odd_paper_files_give_one_line_naming_the_file(cat: Layout, capsys, name: str, command: list[str]) -> None:
    cat.tags.write_text(vocab())
    cat.topics.write_text(TOPICS)
    path = cat.papers / "alpha-paper.yaml"
    path.write_bytes(ODD[name])
    code = main([*command, "--catalogue", str(cat.root)])
    out, err = capsys.readouterr()
    assert code in (1, 2)
    assert "unexpected" not in err and "Traceback" not in err
    if command == ["dupes"]:
        assert err == "papercat: error: 1 paper files cannot be read (run `papercat check`)\n"
    else:
        assert f"{path}:" in (out + err)


@pytest.mark.parametrize("which", ["tags", "topics"])
@pytest.mark.parametrize(
    "data", [b"", bytes(range(256)), b"- a\n", b"tags: " + b"[" * 30000, b"topics: {", "folder"], ids=repr
)
def test_odd_vocabulary_files_give_one_line_naming_the_file(cat: Layout, capsys, which: str, data) -> None:
    path = getattr(cat, which)
    cat.tags.write_text(vocab())
    cat.topics.write_text(TOPICS)
    path.unlink()
    if data == "folder":
        path.mkdir()
    else:
        path.write_bytes(data)
    for command in (["check"], ["ingest"], ["tag", "add", "alpha-paper", "t"]):
        code = main([*command, "--catalogue", str(cat.root)])
        out, err = capsys.readouterr()
        assert code in (1, 2) and "unexpected" not in err, (command, err)
        assert f"{path}:" in (out + err), (command, out, err)


def test_tag_refuses_ids_that_are_not_slugs_and_edits_that_break_the_file(cat: Layout, capsys) -> None:
    cat.tags.write_text(vocab() + "".join(tag_item("thing", tid=f"t{i}") for i in range(13)))
    assert main(["tag", "add", "../alpha-paper", "t", "--catalogue", str(cat.root)]) == 2
    assert capsys.readouterr().err == (
        "papercat: error: no paper '../alpha-paper' (a paper id is lowercase words joined by hyphens)\n"
    )
    path = cat.papers / "alpha-paper.yaml"
    before = path.read_text()
    assert main(["tag", "add", "alpha-paper", *(f"t{i}" for i in range(13)), "--catalogue", str(cat.root)]) == 2
    assert capsys.readouterr().err == (
        f"papercat: error: {path}: tags: lists 13 items, more than the 12 allowed (the file was left as it was)\n"
    )
    assert path.read_text() == before


def test_check_of_the_shipped_catalogue_is_quick_and_clean(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(ROOT / "catalogue", tmp_path / "catalogue", ignore=shutil.ignore_patterns(".cache"))
    assert run_check(Layout(tmp_path / "catalogue")) == []
