"""The `wla` command: check content, start new files, preview one, and more.

`main(argv)` returns the exit code, so tests call it directly. Output is plain
English for people; `--format github` writes annotations for pull requests.
Only `wla preview` runs MkDocs (through the adapter, `mkdocs/preview.py`); every other command
works on the content alone.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from wla_site.cli import freshness, intake
from wla_site.cli.scaffold import check_new_slug, content_path, template_text
from wla_site.cli.schemas import schema_texts
from wla_site.content.kinds import BY_NAME, KINDS
from wla_site.content.models import Vocabulary
from wla_site.content.problems import ContentError, Problems, inert_line
from wla_site.content.publishing import summary as left_out_summary
from wla_site.content.site import RESERVED_SLUGS, build_today, load_vocabulary
from wla_site.project import load_project
from wla_site.settings import Settings, find_root, placeholder_address_problem, read_settings


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    args.root = find_root(Path.cwd()) if args.root is None else args.root
    return int(args.handler(args))


def run() -> None:
    """Entry point of the `wla` script."""
    sys.exit(main())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wla",
        description="Tools for the Workplace Learning Advocates website content.",
    )
    parser.add_argument(
        "--root", type=Path, default=None,
        help="the website's folder, holding mkdocs.yml (default: found from this folder upwards, as git does)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    # `--root` may also follow the command (`wla check --root site-content`).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    check = commands.add_parser("check", parents=[common], help="check every content file and report all problems")
    check.add_argument("files", nargs="*", metavar="FILE",
                       help="check just these files (and what they refer to) instead of everything")
    check.add_argument("--format", choices=("plain", "github"), default="plain",
                       help="plain English (default) or GitHub Actions annotations")
    check.add_argument("--drafts", action="store_true", help="check drafts as if they were published")
    check.set_defaults(handler=_check)

    new = commands.add_parser("new", parents=[common], help="start a new content file with examples to replace")
    new.add_argument("kind", choices=list(BY_NAME), help="what to create")
    new.add_argument("slug", help="the file name without extension, like wigan-learning-club")
    new.set_defaults(handler=_new)

    preview = commands.add_parser(
        "preview", parents=[common],
        help="serve a site holding just one content file, rebuilt each time you save it",
    )
    preview.add_argument("path", help="the content file, like case_studies/my-story.md")
    preview.add_argument("--build-only", metavar="DIR", type=Path,
                         help="build the preview once into DIR instead of serving it")
    preview.add_argument("--dev-addr", metavar="IP:PORT", help="where to serve (default: 127.0.0.1:8000)")
    preview.add_argument("--open", action="store_true", help="open the preview in your web browser")
    preview.set_defaults(handler=_preview)

    schema = commands.add_parser(
        "schema", parents=[common],
        help="write the JSON Schemas (schemas/) and the case-study issue form from the models and vocabulary.yml",
    )
    schema.add_argument("--check", action="store_true",
                        help="write nothing; fail if the committed files are out of date")
    schema.set_defaults(handler=_schema)

    report = commands.add_parser("report", parents=[common], help="report on the content: freshness")
    report_kinds = report.add_subparsers(dest="report", metavar="REPORT", required=True)
    fresh = report_kinds.add_parser(
        "freshness", parents=[common],
        help="list providers not checked for 12 months and links in the content that no longer work",
    )
    freshness.add_arguments(fresh)
    fresh.set_defaults(handler=freshness.run)

    from_issue = commands.add_parser(
        "from-issue", parents=[common],
        help="write a case study from the body of an issue made with the case-study form",
    )
    from_issue.add_argument("--body-file", required=True, type=Path, metavar="FILE",
                            help="a file holding the issue's body (- to read it from standard input)")
    from_issue.add_argument("--slug", help="the file name without .md (default: made from the headline)")
    from_issue.add_argument("--issue", type=int, metavar="NUMBER", help="the issue's number, noted in the file")
    from_issue.set_defaults(handler=_from_issue)
    return parser


def _check(args: argparse.Namespace) -> int:
    settings = read_settings(Path(args.root).resolve())
    placeholder = placeholder_address_problem(settings.site_url, os.environ)
    if placeholder is not None:
        print(placeholder, file=sys.stderr)
        return 1
    only = None
    if args.files:
        only = _files_to_check(settings, args.files)
        if only is None:
            return 1
    try:
        site = load_project(settings, include_drafts=args.drafts, only=only)
    except ContentError as error:
        if args.format == "github":
            print(error.problems.github())
        print(error.problems.report(), file=sys.stderr if args.format == "github" else sys.stdout)
        return 1
    if only is not None:
        print(f"No problems in {_and(only)}.")
    else:
        counts = [_count(site.items(kind), kind.one, kind.many)
                  + ("" if (settings.content_dir / kind.folder).is_dir() else f" (there is no {kind.folder}/ folder)")
                  for kind in KINDS]
        print(f"All content is fine: {_and(counts)}.")
    for line in left_out_summary(site.left_out):
        print(line)
    return 0


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _files_to_check(settings: Settings, given: list[str]) -> list[str] | None:
    """The files named on the command line, relative to the project; None after saying what is wrong."""
    found: list[str] = []
    wrong: list[str] = []
    root = settings.root.resolve()
    # A path is read from the folder the command runs in, when that is in the project; else from the project.
    bases = [Path.cwd(), root] if Path.cwd().resolve().is_relative_to(root) else [root, Path.cwd()]
    for name in given:
        candidates = [base / name for base in bases] if not Path(name).is_absolute() else [Path(name)]
        path = next((c.resolve() for c in candidates if c.is_file()), None)
        if path is None:
            wrong.append(f'"{name}" is not a file. Give the path of a content file, like case_studies/my-story.md.')
        elif not path.is_relative_to(root):
            wrong.append(f'"{name}" is not in the website\'s folder ({settings.root}).')
        else:
            found.append(path.relative_to(root).as_posix())
    for message in wrong:
        print(message, file=sys.stderr)
    return None if wrong else found


def _count(items: list[object], one: str, many: str) -> str:
    return f"{len(items)} {one if len(items) == 1 else many}"


def _new(args: argparse.Namespace) -> int:
    root: Path = read_settings(Path(args.root).resolve()).content_dir
    problem = check_new_slug(root, args.kind, args.slug)
    if problem:
        print(inert_line(problem), file=sys.stderr)
        return 1
    path = content_path(root, args.kind, args.slug)
    path.parent.mkdir(parents=True, exist_ok=True)
    today = _today(root)
    path.write_text(template_text(args.kind, today, root), encoding="utf-8")
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    print(f"Wrote {rel}. Replace the examples, then run `wla check`.")
    return 0


def _today(root: Path) -> date:
    from zoneinfo import ZoneInfo

    return build_today(ZoneInfo(read_settings(root).timezone))


def _preview(args: argparse.Namespace) -> int:
    from wla_site.mkdocs import preview

    root: Path = args.root.resolve()
    if not (root / "mkdocs.yml").is_file():
        print(f"There is no mkdocs.yml in {root}. Run this in the website's folder, or give --root.", file=sys.stderr)
        return 1
    rel = preview.preview_path(root, args.path)
    if rel is None:
        print(
            inert_line(f'"{args.path}" is not a content file. Give the path of one, like case_studies/my-story.md.'),
            file=sys.stderr,
        )
        return 1
    if args.build_only is not None:
        report = preview.check(root, rel)
        if report is not None:
            print(report, file=sys.stderr)
            return 1
        seconds = preview.build(root, rel, args.build_only.resolve())
        print(inert_line(f"Built a preview of {rel} into {args.build_only} in {seconds:.1f} seconds."))
        return 0
    print(inert_line(f"Previewing {rel}. Open the address below; the page reloads each time you save. Stop with Ctrl+C."))
    try:
        preview.serve(root, rel, dev_addr=args.dev_addr, open_in_browser=args.open)
    except KeyboardInterrupt:
        print("Preview stopped.", file=sys.stderr)
    return 0


def _vocabulary_or_report(root: Path) -> Vocabulary | None:
    problems = Problems()
    vocabulary = load_vocabulary(root, problems)
    if vocabulary is None or problems:
        print(problems.report(), file=sys.stderr)
        return None
    return vocabulary


def generated_files(root: Path) -> dict[str, str] | None:
    """Every file `wla schema` writes, by path relative to `root`, or None after a report."""
    vocabulary = _vocabulary_or_report(root)
    if vocabulary is None:
        return None
    return {**schema_texts(vocabulary), intake.FORM_PATH: intake.issue_form_text(vocabulary)}


def _schema(args: argparse.Namespace) -> int:
    root: Path = args.root
    files = generated_files(root)
    if files is None:
        return 1
    stale = [rel for rel, text in files.items() if _read(root / rel) != text]
    if args.check:
        if stale:
            print("These files are out of date with the models or vocabulary.yml:", file=sys.stderr)
            for rel in stale:
                print(f"  {rel}", file=sys.stderr)
            print("Run `wla schema` and commit the files it writes.", file=sys.stderr)
            return 1
        print(f"The schemas and the issue form are up to date ({len(files)} files).")
        return 0
    for rel in stale:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[rel], encoding="utf-8")
        print(f"Wrote {rel}.")
    if not stale:
        print(f"The schemas and the issue form were already up to date ({len(files)} files).")
    return 0


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _from_issue(args: argparse.Namespace) -> int:
    root: Path = args.root
    try:
        raw = sys.stdin.buffer.read() if str(args.body_file) == "-" else args.body_file.read_bytes()
    except OSError as exc:
        print(inert_line(f"Cannot read {args.body_file}: {exc.strerror or exc}."), file=sys.stderr)
        return 1
    body = raw.decode("utf-8", errors="replace")
    vocabulary = _vocabulary_or_report(root)
    if vocabulary is None:
        return 1
    answers = intake.read_answers(body)
    if not answers:
        labels = ", ".join(q.label for q in intake.QUESTIONS[:3])
        # On standard output, like the answers to change: it is for the person who sent the form.
        print(f"This is not the case-study form: none of its questions ({labels}...) were found.")
        return 1
    if args.slug:
        problem = check_new_slug(root, "case-study", args.slug)
        if problem:
            print(inert_line(problem), file=sys.stderr)
            return 1
        slug = args.slug
    else:
        title = intake.one_line(answers.get("title") or "")
        slug = intake.free_slug(root, intake.slug_from_title(title), RESERVED_SLUGS)
    result = intake.case_study_from_form(body, vocabulary, _today(args.root), slug, issue=args.issue)
    if result.problems:
        print(intake.report(result.problems))
        print("Nothing was written.", file=sys.stderr)
        return 1
    path = content_path(root, "case-study", slug)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(result.text, encoding="utf-8")
    print(f"Wrote {path.relative_to(root).as_posix()} from the form.")
    return 0
