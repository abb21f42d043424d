"""The `wla` command: check content, start new files, and more, without MkDocs.

`main(argv)` returns the exit code, so tests call it directly. Output is plain
English for people; `--format github` writes annotations for pull requests.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from wla_site.problems import ContentError
from wla_site.scaffold import KIND_FOLDERS, check_new_slug, content_path, template_text
from wla_site.site import build_today, load_site


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    return args.handler(args)


def run() -> None:
    """Entry point of the `wla` script."""
    sys.exit(main())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wla",
        description="Tools for the Workplace Learning Advocates website content.",
    )
    parser.add_argument(
        "--root", type=Path, default=Path("."),
        help="the folder holding vocabulary.yml and the content folders (default: this folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="check every content file and report all problems")
    check.add_argument("--format", choices=("plain", "github"), default="plain",
                       help="plain English (default) or GitHub Actions annotations")
    check.add_argument("--drafts", action="store_true", help="check drafts as if they were published")
    check.set_defaults(handler=_check)

    new = commands.add_parser("new", help="start a new content file with examples to replace")
    new.add_argument("kind", choices=list(KIND_FOLDERS), help="what to create")
    new.add_argument("slug", help="the file name without extension, like wigan-learning-club")
    new.set_defaults(handler=_new)
    return parser


def _check(args: argparse.Namespace) -> int:
    root = args.root
    try:
        site = load_site(root, include_drafts=args.drafts)
    except ContentError as error:
        if args.format == "github":
            print(error.problems.github())
        print(error.problems.report(), file=sys.stderr if args.format == "github" else sys.stdout)
        return 1
    print(
        f"All content is fine: {_count(site.case_studies, 'case study', 'case studies')}, "
        f"{_count(site.events, 'event', 'events')}, {_count(site.newsletters, 'e-shot issue', 'e-shot issues')} "
        f"and {_count(site.providers, 'provider', 'providers')}."
    )
    return 0


def _count(items: list, one: str, many: str) -> str:
    return f"{len(items)} {one if len(items) == 1 else many}"


def _new(args: argparse.Namespace) -> int:
    root: Path = args.root
    problem = check_new_slug(root, args.kind, args.slug)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    path = content_path(root, args.kind, args.slug)
    path.parent.mkdir(parents=True, exist_ok=True)
    today = _today()
    path.write_text(template_text(args.kind, today, root), encoding="utf-8")
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    print(f"Wrote {rel}. Replace the examples, then run `wla check`.")
    return 0


def _today() -> date:
    from zoneinfo import ZoneInfo

    return build_today(ZoneInfo("Europe/London"))
