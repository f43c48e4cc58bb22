"""`papercat check` in words a web-editor user can act on: tag names, patterns, repeats, one-line lists,
YAML slips (tabs, indentation, missing spaces, unclosed quotes), and GitHub annotations that cannot be
forged from a file name or a tag."""

from __future__ import annotations

from functools import partial

import pytest

from devkit import ROOT
from papercat.cli import main
from papercat.commands.check import github_annotation
from papercat.errors import Problem
from papercat.files import Layout
from papercat.model import Paper, Source
from papercat.paperfile import form_problems, parse_paper, render_paper_yaml
from papercat.vocabulary import load_vocabulary, tag_name_message

GOOD = Paper(
    id="p",
    title="Good Paper",
    abstract="An abstract.",
    tags=["attention", "transformers"],
    sources=[Source("d.txt", 3)],
)
BASE = render_paper_yaml(GOOD)  # tags on lines 10-12
VOCABULARY = load_vocabulary((ROOT / "catalogue" / "tags.yml").read_text(encoding="utf-8"))


def messages(text: str) -> list[str]:
    _, problems = parse_paper(text, "p.yaml", partial(tag_name_message, vocabulary=VOCABULARY))
    return [str(p) for p in problems]


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        ("Vision transformers", "tag 'Vision transformers' is the name of tag 'vision-transformers'"),
        ("vision transformers", "tag 'vision transformers' is the name of tag 'vision-transformers'"),
        ("MoE", "tag 'MoE' is an alias of tag 'mixture-of-experts'"),
        ("ViT", "tag 'ViT' is an alias of tag 'vision-transformers'"),
        ("Vision_Transformers", "tag 'Vision_Transformers' is the name of tag 'vision-transformers'"),
    ],
)
def test_a_tag_written_as_its_name_or_alias_names_the_id(tag: str, message: str) -> None:
    tid = message.rsplit(" ", 1)[1].strip("'")
    assert messages(BASE.replace("- transformers", f"- {tag}")) == [f"p.yaml:12: {message} (write the id: {tid})"]


def test_an_alias_that_is_a_valid_id_is_named_by_the_vocabulary_check(catalogue: Layout, capsys) -> None:
    catalogue.papers.mkdir()
    (catalogue.root / "tags.yml").write_text((ROOT / "catalogue" / "tags.yml").read_text(encoding="utf-8"))
    (catalogue.papers / "p.yaml").write_text(BASE.replace("- transformers", "- moe"))
    main(["check", "--catalogue", str(catalogue.root)])
    path = catalogue.papers / "p.yaml"
    found = [line for line in capsys.readouterr().out.splitlines() if line.startswith(str(path))]
    assert f"{path}:12: tag 'moe' is an alias of tag 'mixture-of-experts' (write the id: mixture-of-experts)" in found


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "- transformers",
            "- Graph nets",
            "p.yaml:12: tag 'Graph nets' is not a tag id (did you mean 'graph-neural-networks'?)",
        ),
        (
            "- transformers",
            "    - transformers",
            "p.yaml:11: tag 'attention - transformers' is not a tag id "
            '(start each tag with "- " at the start of its own line)',
        ),
        (
            "- transformers",
            "- attention",
            "p.yaml:12: tag 'attention' is listed twice (first on line 11) (remove this line)",
        ),
        (
            "published: null",
            "published: 2023-13-01",
            "p.yaml:6: published: '2023-13-01' must be a date: YYYY-MM-DD (2023-02-22), or the month and day as "
            "shown (Oct 24) (see catalogue/paper.schema.json)",
        ),
        (
            "published: null",
            "published: null\nyear: 1850",
            "p.yaml:7: year: 1850 must be from 1900 to 2100 (see catalogue/paper.schema.json)",
        ),
        (
            "published: null",
            "published: null\narxiv: 1706.03762",
            "p.yaml:7: arxiv: 1706.03762 must be text; YAML reads it as a number: "
            'put it in quotes (arxiv: "1706.03762") (see catalogue/paper.schema.json)',
        ),
        (
            "published: null",
            "published: null\narxiv: arXiv:1706.03762",
            "p.yaml:7: arxiv: 'arXiv:1706.03762' must be an arXiv id: 1706.03762 (four digits, a dot, four or five "
            "digits) or hep-th/9901001 (old style), optionally with a version (1706.03762v2) "
            "(see catalogue/paper.schema.json)",
        ),
        (
            "published: null",
            "published: null\nurl: www.example.org/paper",
            "p.yaml:7: url: 'www.example.org/paper' must be a web address starting with https:// or http://, with no "
            "spaces, quotes or angle brackets (see catalogue/paper.schema.json)",
        ),
        (
            "published: null",
            "published: null\nvenue: ' '",
            "p.yaml:7: venue: ' ' must not be blank (see catalogue/paper.schema.json)",
        ),
        (
            "title: Good Paper",
            "title: Good Paper\nauthors:\n- A. Author\n- A. Author",
            "p.yaml:6: authors: 'A. Author' is listed twice (first on line 5) (remove this line)",
        ),
        (
            "upvotes: null",
            "upvotes: null\nadded: 22-11-2026",
            "p.yaml:9: added: '22-11-2026' must be a date: YYYY-MM-DD (2026-11-22) (see catalogue/paper.schema.json)",
        ),
        (
            "id: p",
            "id: My Paper",
            "p.yaml:2: id: 'My Paper' must be an id: lowercase letters and digits, words joined by "
            "single hyphens (vision-transformers) (see catalogue/paper.schema.json)",
        ),
        (
            "distinct_from: []",
            "distinct_from:\n- Other Paper",
            "p.yaml:18: distinct_from: 'Other Paper' must be an id: lowercase letters and digits, "
            "words joined by single hyphens (vision-transformers) (see catalogue/paper.schema.json)",
        ),
        (
            "- dump: d.txt",
            "- dump: ../d.txt",
            "p.yaml:15: dump: '../d.txt' must be a file name in catalogue/dumps/ (no folder, no "
            "control characters) (see catalogue/paper.schema.json)",
        ),
        (
            "  line: 3",
            "  line: 3\n  page: 2",
            "p.yaml:15: sources: unknown key 'page' (see catalogue/paper.schema.json)",
        ),
        (
            "tags:\n- attention\n- transformers",
            "tags: attention",
            "p.yaml:10: tags: 'attention' must be a list, one \"- item\" per line under the key "
            "(see catalogue/paper.schema.json)",
        ),
    ],
    ids=[
        "unknown-tag",
        "item-indented-into-the-one-above",
        "tag-twice",
        "date",
        "year",
        "arxiv-number",
        "arxiv-prefix",
        "url",
        "blank-venue",
        "author-twice",
        "added",
        "id",
        "distinct-from",
        "dump",
        "source-key",
        "tags-not-list",
    ],
)
def test_schema_problems_in_plain_words(old: str, new: str, message: str) -> None:
    found = messages(BASE.replace(old, new))
    assert found == [message]
    assert not any("^" in m or "does not match" in m for m in found)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "- attention",
            "\t- attention",
            "p.yaml:11: this line is indented with a tab; YAML indents with spaces only (replace the tab with spaces)",
        ),
        (
            "notes: ''",
            "\tnotes: ''",
            "p.yaml:13: this line is indented with a tab; YAML indents with spaces only (replace the tab with spaces)",
        ),
        (
            "- attention\n- transformers",
            "  - attention\n- transformers",
            "p.yaml:12: this line is indented differently from the lines around it "
            '(list items under tags: start with "- " at the start of the line)',
        ),
        (
            "notes: ''",
            "notes: see below\n- attention",
            "p.yaml:14: this list item follows notes: see below, which holds one value, not a list "
            '(list items start with "- " at the start of the line, right under their key)',
        ),
        ("- transformers", "-transformers", 'p.yaml:12: a list item needs a space after "-" (write: - transformers)'),
        ("notes: ''", "notes:''", "p.yaml:13: a key needs a space after \":\" (write: notes: '')"),
        (
            "title: Good Paper",
            'title: "Good Paper',
            'p.yaml:3: the quote " that starts the value on this line is never closed (end it with ")',
        ),
        (
            "title: Good Paper",
            "title: 'Good Paper",
            "p.yaml:3: the quote ' that starts the value on this line is never closed (end it with ')",
        ),
        (
            "notes: ''",
            "  notes: ''",
            "p.yaml:13: this key is indented; a paper file's keys start at the start of the line "
            "(remove the spaces before it)",
        ),
        (
            "title: Good Paper",
            "title: Good: Paper",
            'p.yaml:3: the value holds ": ", which YAML reads as another key (put it in quotes: title: "Good: Paper")',
        ),
        (
            "title: Good Paper",
            "title: [Good",
            "p.yaml:3: the [ or { on this line is never closed (close it, or put the value in quotes if it is text)",
        ),
    ],
    ids=[
        "tab-item",
        "tab-key",
        "item-indented",
        "item-under-one-value",
        "no-space-after-dash",
        "no-space-after-colon",
        "unclosed-double-quote",
        "unclosed-single-quote",
        "key-indented",
        "colon-in-value",
        "unclosed-bracket",
    ],
)
def test_yaml_slips_in_plain_words(old: str, new: str, message: str) -> None:
    assert messages(BASE.replace(old, new)) == [message]


def test_a_one_line_list_shows_the_fixed_form() -> None:
    text = BASE.replace("tags:\n- attention\n- transformers", "tags: [attention, transformers]")
    assert [str(p) for p in form_problems("p.yaml", text, BASE)] == [
        'p.yaml:10: tags: write one "- item" per line, not [attention, transformers] on one line '
        '(replace this line with "tags:" and below it: - attention / - transformers, each at the start of its line)'
    ]
    long = BASE.replace("code: []", "code: [https://a.org, https://b.org, https://c.org, https://d.org]")
    assert form_problems("p.yaml", long, BASE)[0].hint.endswith(
        "- https://a.org / - https://b.org / - https://c.org / …, each at the start of its line"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            BASE.replace("title: Good Paper", "title:   Good Paper"),
            "p.yaml:3: not in canonical form: this line should read 'title: Good Paper' (or run "
            "`papercat check --fix`)",
        ),
        (
            BASE + "\n",
            "p.yaml:19: not in canonical form: this line should not be there (or run `papercat check --fix`)",
        ),
        (
            BASE.replace("\n", "\r\n"),
            "p.yaml:1: not in canonical form: each line must end with a line feed (LF) (run `papercat check --fix`)",
        ),
    ],
)
def test_other_formatting_says_what_the_line_should_read(text: str, message: str) -> None:
    assert [str(p) for p in form_problems("p.yaml", text, BASE)] == [message]


def test_github_annotations_are_escaped() -> None:
    problem = Problem(
        "catalogue/papers/a,b:c%.yaml", 12, "tag 'x\n::error file=evil::owned\r' is not a tag id", "50% sure"
    )
    assert github_annotation(problem) == (
        "::error file=catalogue/papers/a%2Cb%3Ac%25.yaml,line=12,title=papercat check::"
        "tag 'x%0A::error file=evil::owned%0D' is not a tag id (50%25 sure)"
    )
    assert github_annotation(Problem("catalogue/papers", 0, "not a folder")) == (
        "::error file=catalogue/papers,title=papercat check::not a folder"
    )


def test_check_format_github_prints_one_command_a_problem(catalogue: Layout, capsys, monkeypatch) -> None:
    catalogue.papers.mkdir()
    name = "x::error file=y::z.yaml"  # a hostile file name from a pull request
    (catalogue.papers / name).write_text(BASE)
    monkeypatch.chdir(catalogue.root.parent)
    assert main(["check", "--format", "github", "--catalogue", "catalogue"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "::error file=catalogue/papers/x%3A%3Aerror file=y%3A%3Az.yaml,line=2,title=papercat check::"
        "id 'p' does not match the file name (set `id: x::error file=y::z`; ids never change)",
        "::error file=catalogue/papers/x%3A%3Aerror file=y%3A%3Az.yaml,title=papercat check::"
        "the file name is not a paper id (ids are lowercase words joined by hyphens)",
        "2 problems",
    ]


def test_fix_names_the_files_it_rewrote(catalogue: Layout, capsys, monkeypatch) -> None:
    catalogue.papers.mkdir()
    for pid in ("b", "a", "c"):
        text = render_paper_yaml(Paper(id=pid, title="T", sources=[Source("d.txt", ord(pid))]))
        (catalogue.papers / f"{pid}.yaml").write_text(text if pid == "c" else text.replace("title: T", "title:  T"))
    monkeypatch.chdir(catalogue.root.parent)
    main(["check", "--fix", "--catalogue", "catalogue"])
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == [
        "rewrote catalogue/papers/a.yaml",
        "rewrote catalogue/papers/b.yaml",
        "2 files rewritten in canonical form",
    ]
    main(["check", "--fix", "--catalogue", "catalogue"])
    assert capsys.readouterr().out.splitlines()[0] == "0 files rewritten in canonical form"
