"""The `papercat` command: a thin layer that parses arguments, calls the library and prints reports.

Exit codes: 0 success, 1 problems found (check, strict warnings), 2 usage or fatal error. No command ends in a
traceback: an error papercat expects is one `path:line: message (hint)` line, and any other is one line too
(`--debug` shows its traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import PapercatError
from .files import Layout, append_text


def _err(message: str) -> None:
    print(f"papercat: error: {message}", file=sys.stderr)


def _printable(text: str) -> str:
    """One line of visible text: whitespace runs become one space, control characters are escaped, so a value
    read from a file can neither split the line nor drive the terminal."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in " ".join(text.split()))


def unexpected(exc: BaseException) -> str:
    """The one line for an exception papercat did not expect, naming the file when the exception knows it."""
    where, message = "", str(exc)
    if isinstance(exc, OSError) and exc.filename is not None:
        name = exc.filename
        where, message = f"{os.fsdecode(name) if isinstance(name, bytes) else name}: ", exc.strerror or message
    notes = getattr(exc, "__notes__", [])  # e.g. `exc.add_note(f"while reading {path}")` where a file is at work
    text = f"{where}unexpected {type(exc).__name__}" + (f": {message}" if message else "")
    text = _printable(" ".join([text, *notes]))
    return f"{text} (run with --debug for the traceback; please report it)"


def cmd_ingest(args: argparse.Namespace) -> int:
    from .commands.ingest import run_ingest

    report = run_ingest(Layout(args.catalogue), [Path(p) for p in args.dumps])
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(report.summary())
    for line in report.listing():
        print(line)
    return 1 if args.strict and report.warnings else 0


def cmd_check(args: argparse.Namespace) -> int:
    from .commands.check import check_catalogue, github_annotation

    report = check_catalogue(Layout(args.catalogue), fix=args.fix)
    for path in report.rewritten:
        print(f"rewrote {path}")
    if args.fix:
        print(f"{len(report.rewritten)} files rewritten in canonical form")
    for problem in report.problems:
        print(github_annotation(problem) if args.format == "github" else problem)
    print(f"{len(report.problems)} problems" if report.problems else "catalogue OK")
    return 1 if report.problems else 0


def cmd_dupes(args: argparse.Namespace) -> int:
    from .commands.dupes import report_lines, run_dupes

    layout = Layout(args.catalogue)
    pairs, papers = run_dupes(layout)
    for line in report_lines(pairs, papers, layout, args.limit):
        print(line)
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from .commands.generate import run_generate
    from .siteconfig import read_site_config

    report = run_generate(Layout(args.catalogue), read_site_config(args.config))
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(report.summary())
    return 1 if getattr(args, "strict", False) and report.warnings else 0


def cmd_build(args: argparse.Namespace) -> int:
    from .commands.build import run_builder, run_indexer
    from .siteconfig import read_site_config

    code = cmd_ingest(argparse.Namespace(**{**vars(args), "dumps": []}))
    if code:
        return code
    if cmd_generate(args):
        return 1
    config = read_site_config(args.config)
    if run_builder(args.config, "build", "--strict", "--quiet"):
        print("papercat: error: the site build failed (see the messages above)", file=sys.stderr)
        return 1
    if run_indexer(config.site_dir):
        print("papercat: error: indexing the site for search failed (see the messages above)", file=sys.stderr)
        return 1
    # search and browse fetch their index, which browsers refuse over file://: suggest a server
    print(
        f"site built in {config.site_dir}/ with its search index; preview it with "
        f"`python3 -m http.server -d {config.site_dir}` (search needs a server, not file://)"
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Generate, run `mkdocs serve`, and regenerate pages whenever a paper file or tags/topics change."""
    from .commands import serve
    from .commands.build import mkdocs_command

    def regenerate() -> None:  # mkdocs serve sees the changed pages and reloads the browser
        try:
            cmd_generate(args)
        except PapercatError as exc:  # keep serving: the next edit may fix it
            _err(str(exc))
        except Exception as exc:
            if args.debug:
                raise
            _err(unexpected(exc))

    cmd_generate(args)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = mkdocs_command(args.config, "serve", "--dev-addr", args.dev_addr)
    return serve.serve(command, env, Layout(args.catalogue), regenerate)


def cmd_diff(args: argparse.Namespace) -> int:
    from .commands.diff import run_diff

    summary = run_diff(Layout(args.catalogue), args.base, args.head)
    if args.output:
        append_text(args.output, summary)
    else:
        print(summary, end="")
    return 0


def cmd_tag(args: argparse.Namespace) -> int:
    from .commands.tag import run_tag

    before, after = run_tag(Layout(args.catalogue), args.paper, args.tags, remove=args.action == "remove")
    print(f"{args.paper}: tags {', '.join(before) or '(none)'} -> {', '.join(after) or '(none)'}")
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    from .commands.suggest import run_suggest

    report = run_suggest(Layout(args.catalogue), args.papers)
    for problem in report.problems:
        print(f"error: {problem}", file=sys.stderr)
    for line in report.lines:
        print(line)
    print(report.summary)
    return 1 if report.problems else 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; every subcommand has help text (a test checks it)."""
    parser = argparse.ArgumentParser(prog="papercat", description="Build an annotated catalogue of ML papers.")
    parser.add_argument("--version", action="version", version=f"papercat {__version__}")
    debug = "show the traceback of an unexpected error instead of one line"
    parser.add_argument("--debug", action="store_true", help=debug)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--catalogue", type=Path, default=Path("catalogue"), help="catalogue root folder (default: catalogue)"
    )
    # also after the command (`papercat check --debug`); SUPPRESS keeps a --debug given before it
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=debug)
    # only where warnings exist: ingest (and build, which ingests)
    strict = argparse.ArgumentParser(add_help=False)
    strict.add_argument("--strict", action="store_true", help="treat every warning as a failure (exit 1)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", parents=[common, strict], help="read dumps into one YAML file per paper")
    p.add_argument("dumps", nargs="*", metavar="DUMP", help="extra dumps to copy in first (default: catalogue/dumps/*)")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("check", parents=[common], help="validate paper, tag and topic files")
    p.add_argument("--fix", action="store_true", help="rewrite files that are valid but not canonically formatted")
    p.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="text: path:line: message (hint); github: workflow commands that annotate a pull request's lines",
    )
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("dupes", parents=[common], help="list close pairs of papers that were not merged")
    p.add_argument("--limit", type=int, default=50, help="show at most this many pairs (default 50)")
    p.set_defaults(func=cmd_dupes)

    site = argparse.ArgumentParser(add_help=False)
    site.add_argument(
        "-f", "--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs config (default mkdocs.yml)"
    )

    p = sub.add_parser("generate", parents=[common, site], help="write the site's Markdown pages into docs/")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser(
        "build", parents=[common, strict, site], help="ingest, generate pages, and build the site into site/"
    )
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", parents=[common, site], help="live preview that regenerates pages on every edit")
    p.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default 127.0.0.1:8000)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("diff", parents=[common], help="summarise catalogue changes between two git revisions")
    p.add_argument("base", help="the base revision (commit, branch or tag)")
    p.add_argument("head", nargs="?", help="the head revision (default: the working tree)")
    p.add_argument("--output", help="append the Markdown summary to this file (e.g. $GITHUB_STEP_SUMMARY)")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("tag", parents=[common], help="add or remove tags on a paper, keeping its file canonical")
    p.add_argument("action", choices=["add", "remove"], help="add or remove")
    p.add_argument("paper", help="the paper id (its file name without .yaml)")
    p.add_argument("tags", nargs="+", metavar="TAG", help="tag ids from tags.yml")
    p.set_defaults(func=cmd_tag)

    p = sub.add_parser(
        "suggest", parents=[common], help="tags to add or remove on papers, scored, learnt from the curated tags"
    )
    p.add_argument("papers", nargs="*", metavar="PAPER", help="paper ids or files (default: every live paper)")
    p.set_defaults(func=cmd_suggest)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except PapercatError as exc:
        _err(str(exc))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `papercat check | head`: the reader left, nothing is wrong
        return 1
    except Exception as exc:  # the last resort: one line, never a traceback (unless asked for)
        if args.debug:
            raise
        _err(unexpected(exc))
        return 2


if __name__ == "__main__":
    sys.exit(main())
