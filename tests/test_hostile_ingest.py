"""Hostile and careless input to ingest, by class of issue 9: each gives exact warnings and never a traceback.

Classes: 1 text YAML cannot carry, 3 dumps that are not regular files and absurd metadata numbers,
5 titles in every script, 6 values past the schema's limits, 8 deleted and retired papers,
9 renamed dumps, 10 temporary files of an interrupted run. Every test runs with the catalogue at
`catalogue/` under the working folder, so messages show the paths a person would see.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from devkit import ROOT, abstract, block_dump
from papercat import dumps
from papercat.blocking import block_keys
from papercat.catalogue import load_catalogue
from papercat.commands.check import run_check
from papercat.commands.ingest import IngestReport, run_ingest
from papercat.dedupe import Fingerprint
from papercat.files import Layout, NotRegularFile, read_regular
from papercat.paperfile import parse_paper
from papercat.text import clean_line, fold, slugify

A = abstract("a", 80)
B = abstract("b", 80)
DUMP_HINT = "copy the page's text into a plain file; dumps are never read through links or devices"
NUMBER_HINT = "correct the number in the dump"


@pytest.fixture
def cat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Layout:
    """An empty catalogue at ./catalogue, with a dumps folder."""
    monkeypatch.chdir(tmp_path)
    layout = Layout(Path("catalogue"))
    layout.dumps.mkdir(parents=True)
    return layout


def write_dump(layout: Layout, name: str, text: str) -> None:
    (layout.dumps / name).write_text(text, encoding="utf-8")


def messages(report: IngestReport) -> list[str]:
    return [str(w) for w in report.warnings]


def files(layout: Layout) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(layout.papers.iterdir())}


def check_after_cache_wipe(layout: Layout) -> list[str]:
    """What `papercat check` says about the catalogue as a fresh clone would see it."""
    shutil.rmtree(layout.cache, ignore_errors=True)
    return [str(p) for p in run_check(layout)]


# --- class 1: code points YAML cannot carry never reach a title ----------------------------------

CODE_POINTS = {
    "C0 control": ("\x01", ""),
    "backspace": ("\x08", ""),
    "escape": ("\x1b", ""),
    "unit separator": ("\x1f", " "),
    "DEL": ("\x7f", ""),
    "C1 control": ("\x80", ""),
    "CSI": ("\x9b", ""),
    "NEL": ("\x85", " "),
    "line separator": ("\u2028", " "),
    "paragraph separator": ("\u2029", " "),
    "non-character FDD0": ("\ufdd0", ""),
    "non-character FFFE": ("\ufffe", ""),
    "non-character FFFF": ("\uffff", ""),
    "non-character 1FFFF": ("\U0001ffff", ""),
    "non-character 10FFFE": ("\U0010fffe", ""),
    "lone surrogate": ("\ud800", ""),
    "zero-width space": ("\u200b", ""),
}


@pytest.mark.parametrize(
    ("char", "becomes"), [*CODE_POINTS.values(), ("\x00", "")], ids=[*CODE_POINTS, "NUL"]
)  # a dump holding NUL is refused as binary, so NUL is only tested here
def test_clean_line_drops_what_yaml_cannot_carry(char: str, becomes: str) -> None:
    assert clean_line(f"Atten{char}tion Is All{char} You Need") == f"Atten{becomes}tion Is All You Need"


@pytest.mark.parametrize(
    ("entity", "title"),
    [("&#1;", "Attention Is All"), ("&#x7f;", "Attention Is All"), ("&#xd800;", "Attention Is All\ufffd")],
    ids=["C0", "DEL", "surrogate"],
)
def test_entities_of_control_characters_do_not_come_back(entity: str, title: str) -> None:
    assert clean_line(f"Attention Is All{entity}") == title


@pytest.mark.parametrize(
    ("char", "becomes"),
    [v for k, v in CODE_POINTS.items() if k != "lone surrogate"],  # UTF-8 cannot hold one
    ids=[k for k in CODE_POINTS if k != "lone surrogate"],
)
def test_pasted_title_with_any_such_code_point_makes_a_clean_paper(cat: Layout, char: str, becomes: str) -> None:
    write_dump(cat, "d.txt", block_dump((f"Hostile{char}Title [x](javascript:alert(1))", A)))
    report = run_ingest(cat)
    assert (report.created, messages(report)) == (1, [])
    ((name, data),) = files(cat).items()
    paper, problems = parse_paper(data.decode("utf-8"), name)
    assert problems == [] and paper is not None
    assert paper.title == f"Hostile{becomes}Title [x](javascript:alert(1))"
    assert paper.title.isprintable()
    assert check_after_cache_wipe(cat) == []


# --- class 3: dumps that are not regular files are never opened ----------------------------------


def _symlink_inside(layout: Layout) -> str:
    (layout.root / "secret.txt").write_text(block_dump(("Secret Paper", B)))
    os.symlink("../secret.txt", layout.dumps / "x.txt")
    return "symlink"


def _symlink_outside(layout: Layout) -> str:
    os.symlink("/etc/passwd", layout.dumps / "x.txt")
    return "symlink"


def _dangling_symlink(layout: Layout) -> str:
    os.symlink("nowhere.txt", layout.dumps / "x.txt")
    return "symlink"


def _symlink_to_folder(layout: Layout) -> str:
    os.symlink("/etc", layout.dumps / "x.txt")
    return "symlink"


def _fifo(layout: Layout) -> str:
    os.mkfifo(layout.dumps / "x.txt")
    return "named pipe"


def _socket(layout: Layout) -> str:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(layout.dumps / "x.txt"))
    sock.close()
    return "socket"


def _folder(layout: Layout) -> str:
    (layout.dumps / "x.txt").mkdir()
    (layout.dumps / "x.txt" / "inner.txt").write_text(block_dump(("Secret Paper", B)))
    return "folder"


NOT_REGULAR = {
    "symlink inside": _symlink_inside,
    "symlink outside": _symlink_outside,
    "dangling symlink": _dangling_symlink,
    "symlink to folder": _symlink_to_folder,
    "fifo": _fifo,
    "socket": _socket,
    "folder": _folder,
}


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Fail instead of hanging when something opens a named pipe for reading."""

    def hung(*_: object) -> None:
        raise TimeoutError("ingest hung (a named pipe was opened?)")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("make", NOT_REGULAR.values(), ids=NOT_REGULAR.keys())
def test_dump_that_is_not_a_regular_file_is_refused(cat: Layout, make, no_hang) -> None:
    write_dump(cat, "good.txt", block_dump(("Paper One", A)))
    kind = make(cat)
    report = run_ingest(cat)
    assert messages(report) == [f"catalogue/dumps/x.txt: not a regular file ({kind}); skipped ({DUMP_HINT})"]
    assert report.dumps == 1 and sorted(files(cat)) == ["paper-one.yaml"]
    assert b"Secret" not in b"".join(files(cat).values()) and b"root:" not in b"".join(files(cat).values())
    assert check_after_cache_wipe(cat) == []


def test_opening_refuses_a_file_swapped_for_a_link(cat: Layout) -> None:
    os.symlink("/etc/passwd", cat.dumps / "x.txt")
    with pytest.raises(NotRegularFile, match="symlink"):
        read_regular(cat.dumps / "x.txt")
    os.mkfifo(cat.dumps / "p.txt")
    with pytest.raises(NotRegularFile, match="named pipe"):
        read_regular(cat.dumps / "p.txt")


@pytest.mark.parametrize("make", [_symlink_outside, _fifo, _folder], ids=["symlink", "fifo", "folder"])
def test_dump_given_on_the_command_line_that_is_not_a_regular_file(cat: Layout, make, no_hang) -> None:
    outside = Layout(Path("elsewhere"))
    outside.dumps.mkdir(parents=True)
    kind = make(outside)
    report = run_ingest(cat, [Path("elsewhere/dumps/x.txt")])
    assert messages(report) == [f"elsewhere/dumps/x.txt: not a regular file ({kind}); skipped ({DUMP_HINT})"]
    assert not os.path.lexists(cat.dumps / "x.txt")


def test_dumps_folder_that_is_a_symlink_is_not_read(cat: Layout) -> None:
    shutil.rmtree(cat.dumps)
    Path("real").mkdir()
    Path("real/d.txt").write_text(block_dump(("Paper One", A)))
    os.symlink("../real", cat.dumps)
    report = run_ingest(cat)
    assert messages(report) == [
        "catalogue/dumps: not a folder (symlink); no dumps read (dumps must be a real folder in the catalogue)"
    ]
    assert report.created == 0


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("bad\nname.txt", "bad\\nname.txt"),
        ("bell\x07.txt", "bell\\x07.txt"),
        (os.fsdecode(b"x\xff.txt"), "x\\udcff.txt"),
    ],
    ids=["newline", "control", "not-utf8"],
)
def test_dump_name_a_paper_cannot_record_is_refused(cat: Layout, name: str, shown: str) -> None:
    write_dump(cat, name, block_dump(("Paper One", A)))
    report = run_ingest(cat)
    hint = "rename it: letters, digits, dots, dashes and underscores are safe"
    message = "a file name a paper's sources cannot record; skipped"
    assert messages(report) == [f"catalogue/dumps/{shown}: {message} ({hint})"]
    assert report.created == 0


META = "  \u2022 {authors} authors\n\u00b7\n{date}\n\n"
DIGITS = "9" * 5000


@pytest.mark.parametrize(
    ("authors", "date", "fields", "warning"),
    [
        ("0", "Feb 22, 2023", (None, "2023-02-22", None), "15: author count '0' is not a number from 1 to 10000"),
        ("10001", "Oct 24", (None, "Oct 24", None), "15: author count '10001' is not a number from 1 to 10000"),
        (DIGITS, "Oct 24", (None, "Oct 24", None), f"15: author count '{'9' * 40}…' is not a number from 1 to 10000"),
        ("\u0663", "Oct 24", (None, "Oct 24", None), "15: author count '\u0663' is not a number from 1 to 10000"),
        ("3", "Feb 22, 1492", (3, None, None), "17: date 'Feb 22, 1492' is not a real date from 1900 to 2100"),
        ("3", "Feb 22, 99999", (3, None, None), "17: date 'Feb 22, 99999' is not a real date from 1900 to 2100"),
        ("3", f"Feb 22, {DIGITS}", (3, None, None), f"17: date 'Feb 22, {'9' * 32}…' is not a real date"),
        ("3", "Feb 30, 2023", (3, None, None), "17: date 'Feb 30, 2023' is not a real date from 1900 to 2100"),
        ("3", "Feb 30", (3, None, None), "17: date 'Feb 30' is not a real date from 1900 to 2100"),
        ("3", "Feb \u0662\u0662, 2023", (3, None, None), "17: date 'Feb \u0662\u0662, 2023' is not a real date"),
        ("3", "Oct 24 10000001", (3, "Oct 24", None), "17: upvote count '10000001' is not a number from 0 to 10000000"),
        ("3", f"Oct 24 {DIGITS}", (3, "Oct 24", None), f"17: upvote count '{'9' * 40}…' is not a number"),
        ("3", "\u00b7\n99999999999", (3, None, None), "18: upvote count '99999999999' is not a number from 0 to"),
    ],
    ids=[
        "no-authors",
        "too-many-authors",
        "5000-digit-authors",
        "arabic-indic-authors",
        "year-too-early",
        "five-digit-year",
        "5000-digit-year",
        "feb-30",
        "feb-30-no-year",
        "arabic-indic-day",
        "too-many-upvotes",
        "5000-digit-upvotes",
        "upvotes-line",
    ],
)
def test_absurd_metadata_numbers_are_left_empty_with_a_warning(
    cat: Layout, authors: str, date: str, fields: tuple, warning: str
) -> None:
    write_dump(cat, "d.txt", block_dump(("Paper One", A), meta=META.format(authors=authors, date=date)))
    write_dump(cat, "e.txt", block_dump(("Paper Two", B)))
    report = run_ingest(cat)
    (found,) = messages(report)
    line, message = warning.split(": ", 1)
    assert found.startswith(f"catalogue/dumps/d.txt:{line}: {message}")
    assert found.endswith(f"; left empty ({NUMBER_HINT})")
    assert report.created == 2
    paper = load_catalogue(cat).papers["paper-one"]
    assert (paper.authors_count, paper.published, paper.upvotes) == fields
    assert check_after_cache_wipe(cat) == []


def test_numbers_at_the_bounds_are_kept(cat: Layout) -> None:
    write_dump(cat, "d.txt", block_dump(("Paper One", A), meta=META.format(authors="10000", date="Feb 29, 2024 0")))
    write_dump(cat, "e.txt", block_dump(("Paper Two", B), meta=META.format(authors="1", date="Dec 31, 2100 10000000")))
    assert messages(run_ingest(cat)) == []
    papers = load_catalogue(cat).papers
    assert (papers["paper-one"].authors_count, papers["paper-one"].published, papers["paper-one"].upvotes) == (
        10000,
        "2024-02-29",
        0,
    )
    assert (papers["paper-two"].authors_count, papers["paper-two"].upvotes) == (1, 10000000)


def test_an_unexpected_error_in_one_dump_is_one_warning(cat: Layout, monkeypatch: pytest.MonkeyPatch) -> None:
    real = dumps.parse_dump

    def parse(data: bytes, name: str):  # noqa: ANN202
        if name == "bad.txt":
            raise RuntimeError("boom")
        return real(data, name)

    monkeypatch.setattr(dumps, "parse_dump", parse)
    write_dump(cat, "bad.txt", block_dump(("Paper One", A)))
    write_dump(cat, "good.txt", block_dump(("Paper Two", B)))
    report = run_ingest(cat)
    assert messages(report) == [
        "catalogue/dumps/bad.txt: could not be parsed (RuntimeError: boom); skipped "
        "(please report it with the dump; the other dumps were read)"
    ]
    assert sorted(files(cat)) == ["paper-two.yaml"]


PIECES = [
    *"aB \n\n\n\r\t·•-1٣",
    "Feb ",
    "Oct 24",
    ", ",
    " authors",
    "\x1b",
    "\x85",
    "\ufffe",
    "\u2028",
    "&#1;",
    "&amp;",
    "...",
    "https://x.y/",
    "Subscribe",
    "9" * 50,
    "Word " * 30,
]


@pytest.mark.parametrize("seed", range(30))
def test_random_dumps_never_raise_and_give_schema_values(seed: int) -> None:
    import random

    from papercat.parse import parse_dump

    rng = random.Random(seed)
    text = "".join(rng.choice(PIECES) for _ in range(4000))
    result = parse_dump(text.encode(), "r.txt")
    for entry in result.entries:
        assert entry.title.isprintable() and entry.abstract.isprintable()
        assert entry.authors_count is None or 1 <= entry.authors_count <= 10000
        assert entry.upvotes is None or 0 <= entry.upvotes <= 10000000
    assert all(str(w).startswith("r.txt:") for w in result.warnings)


# --- class 5: every script is compared on its own words ------------------------------------------

SCRIPTS = {
    "cyrillic": ("Обучение с подкреплением", "Глубокие нейронные сети"),
    "greek": ("Μηχανική μάθηση", "Βαθιά νευρωνικά δίκτυα"),
    "chinese": ("深度强化学习", "图神经网络"),
    "arabic": ("التعلم العميق", "الشبكات العصبية"),
    "devanagari": ("गहन अधिगम", "तंत्रिका नेटवर्क"),
}


@pytest.mark.parametrize(("one", "two"), SCRIPTS.values(), ids=SCRIPTS.keys())
def test_titles_in_other_scripts_fold_to_their_own_words(one: str, two: str) -> None:
    assert fold(one) and fold(two) and fold(one) != fold(two)
    assert fold(one.upper() + "!") == fold(one)


@pytest.mark.parametrize(("one", "two"), SCRIPTS.values(), ids=SCRIPTS.keys())
def test_different_titles_in_one_script_stay_apart_and_get_ascii_ids(cat: Layout, one: str, two: str) -> None:
    write_dump(cat, "d.txt", block_dump((one, A), (two, A), (one.upper(), A)))
    report = run_ingest(cat)
    assert (report.created, report.merged, messages(report)) == (2, 0, [])
    ids = {p.title: p.id for p in load_catalogue(cat).papers.values()}
    expected = {t: "paper-" + hashlib.sha256(fold(t).encode()).hexdigest()[:8] for t in (one, two)}
    assert ids == expected
    assert check_after_cache_wipe(cat) == []


def test_ids_of_titles_without_ascii_letters_are_deterministic(tmp_path: Path) -> None:
    assert slugify("Обучение с подкреплением") == slugify("ОБУЧЕНИЕ С ПОДКРЕПЛЕНИЕМ!") == "paper-bb3deef3"
    assert slugify("🚀🚀") == "paper-" + hashlib.sha256("🚀🚀".encode()).hexdigest()[:8]
    assert slugify("GPT-4 для текста") == "gpt-4"  # ASCII words, where there are some, make the id


def test_same_title_twice_in_another_script_gets_a_suffix(cat: Layout) -> None:
    write_dump(cat, "d.txt", block_dump(("Обучение", A), ("Обучение", B)))
    run_ingest(cat)
    base = slugify("Обучение")
    assert sorted(p.stem for p in cat.papers.iterdir()) == [base, f"{base}-2"]


@pytest.mark.parametrize("title", ["🚀🚀🚀", "???", "— · —"], ids=["emoji", "punctuation", "dashes"])
def test_a_title_that_folds_to_nothing_never_matches(cat: Layout, title: str) -> None:
    fp = Fingerprint.of(title, A)
    assert fp.title == "" and all(value for _, value in block_keys(fp, {}))
    write_dump(cat, "d.txt", block_dump((title, A), (title, A), ("¿¡", B)))
    report = run_ingest(cat)
    assert (report.created, report.merged) == (3, 0)


def test_fresh_ingest_of_the_seeds_gives_the_shipped_ids(cat: Layout) -> None:
    """Folding every script must not change an id a fresh clone's ingest gives (ids are file names)."""
    shutil.rmtree(cat.dumps)
    shutil.copytree(ROOT / "catalogue" / "dumps", cat.dumps)
    run_ingest(cat)
    assert sorted(os.listdir(cat.papers)) == sorted(os.listdir(ROOT / "catalogue" / "papers"))


# --- class 6: ingest never writes what check rejects ---------------------------------------------


def test_over_long_abstract_is_cut_with_a_warning(cat: Layout) -> None:
    long_abstract = " ".join([A] * 60)  # ~30,000 characters
    write_dump(cat, "d.txt", block_dump(("Paper One", long_abstract)))
    report = run_ingest(cat)
    hint = "is it several abstracts run together? put a blank line and a title between them"
    assert messages(report) == [f"catalogue/dumps/d.txt:13: abstract longer than 20000 characters; cut to fit ({hint})"]
    paper = load_catalogue(cat).papers["paper-one"]
    assert len(paper.abstract) <= 20000 and paper.abstract.endswith("…")
    assert long_abstract.startswith(paper.abstract[:-1].rstrip())
    assert check_after_cache_wipe(cat) == []


def test_over_long_link_is_not_kept_as_code(cat: Layout) -> None:
    url = "https://github.com/" + "a" * 600
    write_dump(cat, "d.txt", block_dump(("Paper One", f"{A} Code: {url} and https://github.com/ok/repo.")))
    report = run_ingest(cat)
    assert messages(report) == [
        f"catalogue/dumps/d.txt:13: link '{url[:40]}…' is longer than 500 characters or malformed; not kept as code "
        "(add the link to the paper file by hand if it is right)"
    ]
    assert load_catalogue(cat).papers["paper-one"].code == ["https://github.com/ok/repo"]
    assert check_after_cache_wipe(cat) == []


CUT_HINT = "the whole text stays in the dump"


def test_abstract_too_big_in_bytes_is_cut_to_keep_the_file_under_64_kib(cat: Layout) -> None:
    wide = " ".join("𠀀𠀁𠀂𠀃" * 4 for _ in range(1100))  # 18,700 characters, 4 bytes each: ~73 KB
    emoji = " ".join("😀😃😄😁" * 4 for _ in range(1100))
    write_dump(cat, "d.txt", block_dump(("Paper One", wide), ("Paper Two", emoji)))
    report = run_ingest(cat)
    assert messages(report) == [
        f"catalogue/dumps/d.txt:{line}: abstract cut to keep paper '{pid}' under 64 KiB ({CUT_HINT})"
        for line, pid in ((11, "paper-one"), (15, "paper-two"))
    ]
    for path in cat.papers.iterdir():
        assert 60 * 1024 < path.stat().st_size <= 64 * 1024
    assert check_after_cache_wipe(cat) == []


LONG_NAME = "n" * 150 + ".txt"


def test_sources_stop_before_the_file_passes_64_kib(cat: Layout) -> None:
    write_dump(cat, LONG_NAME, block_dump(*[("Paper One", A)] * 500))
    report = run_ingest(cat)
    kept = len(load_catalogue(cat).papers["paper-one"].sources)
    assert 300 < kept < 500 and report.created == 1
    hint = "is one page pasted many times? remove the repeats from the dump"
    expected = [
        f"catalogue/dumps/{LONG_NAME}:{11 + 4 * n}: listing not added to paper 'paper-one': "
        f"its file would pass 64 KiB ({hint})"
        for n in range(kept, 500)
    ]
    assert messages(report) == expected
    assert (cat.papers / "paper-one.yaml").stat().st_size <= 64 * 1024
    before = files(cat)
    again = run_ingest(cat)
    assert (again.written, messages(again), files(cat)) == (0, expected, before)
    assert check_after_cache_wipe(cat) == []


def test_sources_added_to_an_existing_paper_stop_before_64_kib(cat: Layout) -> None:
    write_dump(cat, LONG_NAME, block_dump(*[("Paper One", A)] * 300))
    assert messages(run_ingest(cat)) == []
    write_dump(cat, "m" + LONG_NAME, block_dump(*[("Paper One", A)] * 300))
    report = run_ingest(cat)
    paper = load_catalogue(cat).papers["paper-one"]
    assert 300 < len(paper.sources) < 600
    assert len(messages(report)) == 600 - len(paper.sources)
    assert messages(report)[-1].startswith(f"catalogue/dumps/m{LONG_NAME}:{11 + 4 * 299}: listing not added")
    assert check_after_cache_wipe(cat) == []


# --- class 8: a deleted paper comes back loudly; a retired one stays retired ---------------------

RECREATED = (
    "RE-CREATED from its dump listings: this paper's file had been deleted "
    "(to remove a paper for good, restore its file and set `retired: <reason>` in it; deleting it never does)"
)


def test_recreating_a_deleted_paper_file_is_loud(cat: Layout) -> None:
    write_dump(cat, "d.txt", block_dump(("Paper One", A), ("Paper Two", B)))
    run_ingest(cat)
    (cat.papers / "paper-one.yaml").unlink()
    report = run_ingest(cat)
    assert messages(report) == [f"catalogue/papers/paper-one.yaml: {RECREATED}"]
    assert report.created == 1


def test_recreating_a_file_deleted_since_the_last_commit_is_loud_without_a_cache(cat: Layout) -> None:
    write_dump(cat, "d.txt", block_dump(("Paper One", A), ("Paper Two", B)))
    run_ingest(cat)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "catalogue/papers"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "papers"], check=True)
    (cat.papers / "paper-two.yaml").unlink()
    shutil.rmtree(cat.cache)  # a fresh clone: no cache
    assert messages(run_ingest(cat)) == [f"catalogue/papers/paper-two.yaml: {RECREATED}"]


def test_a_retired_paper_is_never_recreated_nor_extended_into_a_new_one(cat: Layout) -> None:
    write_dump(cat, "d.txt", block_dump(("Paper One", A)))
    run_ingest(cat)
    path = cat.papers / "paper-one.yaml"
    path.write_text(path.read_text() + "retired: >-\n  not a paper, a blog post\n")
    assert check_after_cache_wipe(cat) == []
    write_dump(cat, "e.txt", block_dump(("PAPER ONE", A)))  # the same paper listed again
    report = run_ingest(cat)
    assert (report.created, report.merged, messages(report)) == (0, 1, [])
    paper = load_catalogue(cat).papers["paper-one"]
    assert paper.retired == "not a paper, a blog post" and len(paper.sources) == 2
    before = files(cat)
    assert run_ingest(cat).written == 0 and files(cat) == before


# --- class 9: a renamed dump moves its sources, it does not add new ones -------------------------

MOVED_HINT = "a dump's file name is part of every paper's sources: keep it once the dump is added"


@pytest.mark.parametrize("wipe_cache", [False, True], ids=["with-cache", "fresh-clone"])
def test_renamed_dump_moves_its_sources(cat: Layout, wipe_cache: bool) -> None:
    write_dump(cat, "old.txt", block_dump(("Paper One", A), ("Paper Two", B)))
    run_ingest(cat)
    (cat.dumps / "old.txt").rename(cat.dumps / "new.txt")
    if wipe_cache:
        shutil.rmtree(cat.cache)
    report = run_ingest(cat)
    assert messages(report) == [
        f"catalogue/dumps/new.txt: holds the listings of 'old.txt', which is gone: 2 sources now name this dump "
        f"({MOVED_HINT})"
    ]
    assert (report.created, report.merged) == (0, 0)
    papers = load_catalogue(cat).papers
    assert [s.key for s in papers["paper-one"].sources] == ["new.txt:11"]
    assert [s.key for s in papers["paper-two"].sources] == ["new.txt:15"]
    before = files(cat)
    assert (run_ingest(cat).written, files(cat)) == (0, before)
    assert check_after_cache_wipe(cat) == []


def test_renamed_dump_with_a_corrected_title_still_moves(cat: Layout) -> None:
    write_dump(cat, "old.txt", block_dump(("Paper One", A), ("Paper Two", B), ("Paper Three", abstract("c", 80))))
    run_ingest(cat)
    path = cat.papers / "paper-two.yaml"
    path.write_text(path.read_text().replace("title: Paper Two", "title: A Wholly Different Name"))
    (cat.dumps / "old.txt").rename(cat.dumps / "new.txt")
    report = run_ingest(cat)
    assert report.created == 0 and len(messages(report)) == 1
    assert {s.dump for p in load_catalogue(cat).papers.values() for s in p.sources} == {"new.txt"}


def test_renamed_and_extended_dump_moves_and_adds(cat: Layout) -> None:
    write_dump(cat, "old.txt", block_dump(("Paper One", A)))
    run_ingest(cat)
    (cat.dumps / "old.txt").unlink()
    write_dump(cat, "new.txt", block_dump(("Paper One", A), ("Paper Two", B)))
    report = run_ingest(cat)
    assert report.created == 1 and len(messages(report)) == 1
    assert [s.key for s in load_catalogue(cat).papers["paper-one"].sources] == ["new.txt:11"]


def test_a_different_dump_is_not_taken_for_a_renamed_one(cat: Layout) -> None:
    write_dump(cat, "old.txt", block_dump(("Paper One", A)))
    run_ingest(cat)
    (cat.dumps / "old.txt").unlink()
    write_dump(cat, "new.txt", block_dump(("Another Paper", B)))
    report = run_ingest(cat)
    assert (report.created, messages(report)) == (1, [])
    assert [s.key for s in load_catalogue(cat).papers["paper-one"].sources] == ["old.txt:11"]


# --- class 10: temporary files of a killed run ---------------------------------------------------


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_leftover_temporary_files_are_removed_and_only_ours(cat: Layout) -> None:
    write_dump(cat, "d.txt", block_dump(("Paper One", A)))
    run_ingest(cat)
    dead, alive = _dead_pid(), os.getpid()
    ours = [
        cat.papers / f".paper-one.yaml.{dead}.tmp",
        cat.papers / f".paper-two.yaml.{dead}.tmp",
        cat.cache / f".papers.marshal.{dead}.tmp",
        cat.cache / "dumps" / f".d.txt.marshal.{dead}.tmp",
        cat.root / f".paper.schema.json.{dead}.tmp",
        cat.dumps / f".d.txt.{dead}.tmp",  # papercat ingest DUMP copies a dump in
    ]
    others = [
        cat.papers / f".paper-one.yaml.{alive}.tmp",  # a run still at work
        cat.papers / ".notes.tmp",
        cat.cache / f"papers.marshal.{dead}.tmp",
        cat.papers / f".paper-one.yaml.{dead}x.tmp",
        cat.dumps / f".d.txt.{dead}.tmp.bak",
    ]
    for path in ours + others:
        path.write_text("half-written")
    assert [str(p) for p in run_check(cat)] == []
    report = run_ingest(cat)
    assert report.summary().endswith("; 0 warnings; removed 6 temporary files of an interrupted run")
    assert [p for p in ours if p.exists()] == []
    assert [p for p in others if not p.exists()] == []


def test_git_ignores_our_temporary_files() -> None:
    names = ["catalogue/papers/.x-y.yaml.1234.tmp", "catalogue/.cache/.papers.marshal.99.tmp", "docs/.index.md.7.tmp"]
    out = subprocess.run(
        ["git", "-C", str(ROOT), "check-ignore", "--no-index", *names], capture_output=True, text=True, check=False
    ).stdout.split()
    assert out == names
    kept = subprocess.run(
        ["git", "-C", str(ROOT), "check-ignore", "--no-index", "catalogue/papers/x.yaml"], capture_output=True
    )
    assert kept.returncode == 1
