"""Class 2 of issue 9: every value of a pull request is inert in the `papercat diff` summary, which GitHub
renders as Markdown (no image, link, HTML, mention, autolink, reference); odd paper file names give a
clear line, never a traceback. And the display side of class 8: retired and re-created papers."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from devkit.fixtures import TOPICS, VOCAB
from devkit.gitrepo import commit, git
from papercat.cli import main
from papercat.files import Layout
from papercat.model import Paper, Source
from papercat.paperfile import render_paper_yaml
from papercat.summary import md_code, md_text

J = "\u2060"  # the word joiner md_text puts after each character that starts a GitHub link
R = "\ufffd"

TEXT = {
    # class: (untrusted value, the exact Markdown)
    "link": ("[x](javascript:alert(1))", f"\\[x\\]\\(javascript\\:{J}alert\\(1\\)\\)"),
    "image": ("![i](http://evil.example/x.png)", f"\\!\\[i\\]\\(http\\:{J}\\/\\/evil\\.example\\/x\\.png\\)"),
    "html": ("<img src=x onerror=alert(1)>", "&lt;img src\\=x onerror\\=alert\\(1\\)&gt;"),
    "html-comment": ("<!-- x -->", "&lt;\\!\\-\\- x \\-\\-&gt;"),
    "angle-autolink": ("<https://evil.example>", f"&lt;https\\:{J}\\/\\/evil\\.example&gt;"),
    "url-autolink": ("see https://evil.example/a", f"see https\\:{J}\\/\\/evil\\.example\\/a"),
    "www-autolink": ("www.evil.example", f"www{J}\\.evil\\.example"),
    "email-autolink": ("mail a@evil.example", f"mail a\\@{J}evil\\.example"),
    "mailto": ("mailto:a@b.co", f"mailto\\:{J}a\\@{J}b\\.co"),
    "mention": ("cc @octocat and @org/team", f"cc \\@{J}octocat and \\@{J}org\\/team"),
    "issue-reference": ("fixes #12, GH-3 and o/r#4", f"fixes \\#{J}12\\, GH{J}\\-3 and o\\/r\\#{J}4"),
    "emoji": (":smile: :+1:", f"\\:{J}smile\\: \\:{J}\\+1\\:"),
    "emphasis": ("*a* _b_ **c** ~~d~~", "\\*a\\* \\_b\\_ \\*\\*c\\*\\* \\~\\~d\\~\\~"),
    "table": ("a | b || c", "a \\| b \\|\\| c"),
    "code": ("`x` ``y``", "\\`x\\` \\`\\`y\\`\\`"),
    "heading": ("# H", "\\# H"),
    "list": ("- item", "\\- item"),
    "ordered-list": ("1. item", "1\\. item"),
    "quote": ("> quote", "&gt; quote"),
    "footnote-and-task": ("[^1] [ ] [x]", "\\[\\^1\\] \\[ \\] \\[x\\]"),
    "entities": ("&amp; &lt; &#64;", f"&amp;amp\\; &amp;lt\\; &amp;\\#{J}64\\;"),
    "backslash": ("a\\b\\", "a\\\\b\\\\"),
    "math": ("$x$ and $$y$$", "\\$x\\$ and \\$\\$y\\$\\$"),
    "new-lines": ("a\nb\r\n\nc\u2028d", "a b c d"),
    "controls": ("a\x00\x1b\x7f\x85\x9fb", f"a{R}{R}{R} {R}b"),
    "noncharacters-and-surrogates": ("a\ufffe\U0010ffff\ud800b", f"a{R}{R}{R}b"),
    "bidi-override": ("\u202egnp.exe", f"{R}gnp\\.exe"),
    "plain": ("Attention Is All You Need: Transformers", "Attention Is All You Need\\: Transformers"),
}


@pytest.mark.parametrize("case", sorted(TEXT))
def test_inline_text_is_exactly_escaped(case: str) -> None:
    value, want = TEXT[case]
    assert md_text(value) == want
    assert_inert(want)


CODE = {
    # value: (code span, code span in a table cell)
    "plain-id": ("`plain-id`", "`plain-id`"),
    "a`b": ("``a`b``", "``a`b``"),
    "`a": ("`` `a ``", "`` `a ``"),
    "a``b`": ("``` a``b` ```", "``` a``b` ```"),
    "a|b": ("`a|b`", "`a\\|b`"),
    "a\\|b": ("`a\\|b`", "`a\\\\|b`"),
    "new\nline": ("`new line`", "`new line`"),
    "": ("` `", "` `"),
    "x\x00\u202e": (f"`x{R}{R}`", f"`x{R}{R}`"),
    "@user #1 http://x": ("`@user #1 http://x`", "`@user #1 http://x`"),
}


@pytest.mark.parametrize("value", sorted(CODE))
def test_code_span_fence_outgrows_every_backtick_run(value: str) -> None:
    assert (md_code(value), md_code(value, table=True)) == CODE[value]


_CODE_SPAN = re.compile(r"(?<!\\)(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def assert_inert(markdown: str) -> None:
    """Nothing in this Markdown can start a GitHub construct outside code spans: every ASCII punctuation
    character is backslash-escaped (`& < >` are entities), and every `@`, `#`, `:`, `www.` and `GH-` is
    cut by a word joiner from what would make it a mention, reference, emoji or link."""
    text = _CODE_SPAN.sub("", markdown)
    assert not re.search(r"[!-/:-@\[-`{-~]", re.sub(r"\\[!-/:-@\[-`{-~]|&(amp|lt|gt);", "", text)), markdown
    decoded = re.sub(r"\\(.)", r"\1", text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    assert not re.search(r"[@#:][^\s\u2060]|(?i:www\.|\bgh-\d)", decoded), markdown


def assert_no_live_markup(summary: str) -> None:
    """The whole summary, our own headings and tables included: outside code spans, nothing that GitHub
    would turn into a link, image, HTML, mention or reference."""
    text = _CODE_SPAN.sub("", summary)
    assert "](" not in text and "<" not in text, text
    assert not re.search(r"(?<!\\)[\[\]*_`!]", text), text
    assert not re.search(r"[@#][A-Za-z0-9]|(?i:https?\\?:/|www\.|www\\\.)", text), text


# --- end to end, on real git repositories ---------------------------------------------------------


def paper(pid: str, title: str, line: int, **fields: object) -> Paper:
    return Paper(id=pid, title=title, abstract="An abstract.", sources=[Source("1.txt", line)], **fields)


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, Layout, str]:
    git(tmp_path, "init", "-q", "-b", "main")
    layout = Layout(tmp_path / "catalogue")
    layout.papers.mkdir(parents=True)
    layout.tags.write_text(VOCAB)
    layout.topics.write_text(TOPICS)
    for p in (paper("kept", "Kept", 1), paper("renamed", "Renamed", 3), paper("to-retire", "To Retire", 5)):
        (layout.papers / f"{p.id}.yaml").write_text(render_paper_yaml(p))
    split = paper("split", "Split", 7)
    split.sources.append(Source("1.txt", 9))
    (layout.papers / "split.yaml").write_text(render_paper_yaml(split))
    return tmp_path, layout, commit(tmp_path, "base")


def summary(layout: Layout, capsys: pytest.CaptureFixture[str], *revs: str) -> str:
    capsys.readouterr()
    assert main(["diff", *revs, "--catalogue", str(layout.root)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


HOSTILE = "[x](javascript:alert(1)) ![](http://evil.example/i.png) <b>@octocat</b> #1 a@b.co www.evil.example"


def test_every_pull_request_value_is_inert(repo, capsys) -> None:
    root, layout, base = repo
    layout.tags.write_text(VOCAB + "- id: hostile\n  name: Hostile\n  description: d\n  match: [hostile]\n")
    layout.topics.write_text(TOPICS + "- id: evil\n  title: x\n  description: d\n  tags: [hostile]\n")
    added = paper("added", HOSTILE, 11, tags=["hostile", "no-such-tag"], notes=HOSTILE)
    (layout.papers / "added.yaml").write_text(render_paper_yaml(added))
    kept = layout.papers / "kept.yaml"
    kept.write_text(kept.read_text().replace("title: Kept", f"title: '{HOSTILE}'"))
    head = commit(root, "hostile")
    out = summary(layout, capsys, base, head)
    assert out.startswith(f"## Catalogue changes (`{base}` → `{head}`)\n")
    assert f"| `added` | {md_text(HOSTILE)} | `hostile`, `no-such-tag` |" in out
    assert "| `added` | `no-such-tag` | –" in out
    assert f"- `kept`: title Kept → {md_text(HOSTILE)}" in out
    assert "- tags added: `hostile`" in out and "- topics added: `evil`" in out
    assert_no_live_markup(out)


def test_revision_names_are_code(repo, capsys) -> None:
    root, layout, base = repo
    git(root, "tag", "@octocat`|<b>#1(y)")
    out = summary(layout, capsys, "@octocat`|<b>#1(y)")
    assert out.startswith("## Catalogue changes (``@octocat`|<b>#1(y)`` → `working tree`)\n")


ODD_NAMES = ["new\nline.yaml", "x\n.yaml", "back`tick.yaml", "pi|pe.yaml", "Upper.yaml", "@octocat #1.yaml"]
MISPLACED = ["other.yml", "other.YAML", "sub/nested.yaml"]


@pytest.mark.parametrize("head", ["commit", "working tree"])
def test_odd_file_names_get_one_clear_line(repo, capsys, head: str) -> None:
    root, layout, base = repo
    for name in [*ODD_NAMES, *MISPLACED]:
        path = layout.papers / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(render_paper_yaml(paper("kept", "Kept", 1)))
    os.symlink("../tags.yml", layout.papers / "linked.yaml")
    os.symlink("/etc", layout.papers / "folder-link.yaml")
    (layout.papers / os.fsdecode(b"latin-\xe9.yaml")).write_text("x")
    revs = [base, commit(root, "odd names")] if head == "commit" else [base]
    out = summary(layout, capsys, *revs)
    lines = out.split("### ⚠️ Files that cannot be read\n\n")[1].split("\n\n")[0].splitlines()
    not_id = [f"file name {name!r} is not a paper id (name it <id>.yaml: a-z, 0-9, hyphens)" for name in ODD_NAMES]
    not_id.append(f"file name 'latin-{R}.yaml' is not a paper id (name it <id>.yaml: a-z, 0-9, hyphens)")
    misplaced = [f"{name!r} is not read (paper files are catalogue/papers/<id>.yaml)" for name in MISPLACED]
    links = [
        f"- `catalogue/papers/{n}`: not a regular file \\(symlink\\)\\; not read \\(commit the file itself\\)"
        for n in ("folder-link.yaml", "linked.yaml")
    ]
    assert sorted(lines) == sorted([*(f"- `catalogue/papers`: {md_text(m)}" for m in not_id + misplaced), *links])
    assert "### Papers added" not in out  # nothing of the odd files was read as a paper
    assert_no_live_markup(out)


@pytest.mark.parametrize("head", ["commit", "working tree"])
def test_symlinked_vocabulary_is_not_read(repo, capsys, head: str) -> None:
    root, layout, base = repo
    layout.topics.unlink()
    os.symlink("/etc/hostname", layout.topics)
    out = summary(layout, capsys, *([base, commit(root, "link")] if head == "commit" else [base]))
    assert "- `catalogue/topics.yml`: not a regular file \\(symlink\\)\\; not read" in out


def test_id_that_does_not_match_its_file_name(repo, capsys) -> None:
    _, layout, base = repo
    (layout.papers / "other-name.yaml").write_text(render_paper_yaml(paper("kept", "Kept", 1)))
    out = summary(layout, capsys, base)
    message = "id 'kept' does not match the file name (set `id: other-name`)"
    assert f"- `catalogue/papers/other-name.yaml:2`: {md_text(message)}\n" in out


def test_retired_recreated_and_split_papers(repo, capsys) -> None:
    root, layout, base = repo
    retire = layout.papers / "to-retire.yaml"
    reason = "Duplicate of [x](http://evil.example) @team"
    retire.write_text(render_paper_yaml(paper("to-retire", "To Retire", 5, retired=reason)))
    # a paper file deleted and made again under another id, from the same listing
    (layout.papers / "renamed.yaml").unlink()
    (layout.papers / "renamed-again.yaml").write_text(render_paper_yaml(paper("renamed-again", "Renamed", 3)))
    # a listing moved out of `split` into a new file (README: how to split a wrong merge) is a new paper
    (layout.papers / "split.yaml").write_text(render_paper_yaml(paper("split", "Split", 7)))
    (layout.papers / "split-out.yaml").write_text(render_paper_yaml(paper("split-out", "Split Out", 9)))
    # a new paper already retired, and one claiming a listing another paper still has
    (layout.papers / "born-retired.yaml").write_text(render_paper_yaml(paper("born-retired", "B", 20, retired="x")))
    (layout.papers / "kept-twice.yaml").write_text(render_paper_yaml(paper("kept-twice", "Kept", 1)))
    out = summary(layout, capsys, base, commit(root, "retire"))
    assert (
        "### Papers retired (2)\n\n| Paper | Title | Reason |\n| --- | --- | --- |\n"
        "| `born-retired` | B | x |\n"
        f"| `to-retire` | To Retire | Duplicate of \\[x\\]\\(http\\:{J}\\/\\/evil\\.example\\) \\@{J}team |\n"
    ) in out
    assert (
        "### ⚠️ Paper files re-created (2)\n\n"
        "- `kept-twice` Kept: re-created from listings of `kept`\n"
        "- `renamed-again` Renamed: re-created from listings of `renamed`\n"
    ) in out
    assert (
        "### Papers added (1)\n\n| Paper | Title | Tags |\n| --- | --- | --- |\n| `split-out` | Split Out | none |\n"
    ) in out
    assert "### ⚠️ Paper files deleted\n\n- `renamed`\n" in out
    # un-retiring is a field change
    retire.write_text(render_paper_yaml(paper("to-retire", "To Retire", 5)))
    again = summary(layout, capsys, "HEAD")
    assert "- `to-retire`: retired" in again and "Papers retired" not in again
