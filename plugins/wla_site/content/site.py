"""All content gathered into one validated `Site`, with the indexes pages need.

`load_site` reads every content file, validates it against the models, checks
what only the whole set can show (unique slugs and issue numbers, features
that exist, images that exist and are safe) and raises one `ContentError`
listing every problem. A `Site` is then read-only: listings, region and theme
pages use indexes built once here, so no page costs more as content grows.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from wla_site.content.examples import refuse_examples
from wla_site.content.kinds import BY_FOLDER, KINDS, Kind
from wla_site.content.markup import markdown_problem, render_markdown
from wla_site.content.models import (
    CaseStudy,
    Event,
    Item,
    NewsletterIssue,
    Provider,
    Vocabulary,
    is_slug,
)
from wla_site.content.problems import ContentError, Problems, did_you_mean
from wla_site.content.publishing import LeftOut, hold_back
from wla_site.content.reading import (
    SourceFile,
    content_files,
    links_outside,
    load_markdown_file,
    load_yaml_file,
    normal_text,
    split_front_matter,
)
from wla_site.content.validation import validate
from wla_site.settings import DEFAULT_TIMEZONE

_OWN_FIELDS = ("case_studies", "events", "newsletters", "providers")
"""Kinds the Site holds in a field named after their folder; others are in `Site.others`."""

RESERVED_SLUGS = {"feed", "atom", "calendar", "page", "index"}
"""Names used by listings and feeds beside the items, so not free for items."""

IMAGE_TYPES = {".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".webp": b"RIFF"}
MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_IMAGE_SIDE = 8000
"""Pixels on the longer side at most: a small file can still unpack to gigabytes in a browser."""


def build_moment(environ: dict[str, str] | None = None) -> datetime:
    """The build's time, in UTC: from SOURCE_DATE_EPOCH when set, else the clock."""
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return datetime.now(tz=timezone.utc)
    try:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise ContentError(_single("SOURCE_DATE_EPOCH", f'"{epoch}" is not a number of seconds since 1970.')) from None


def build_today(zone: ZoneInfo, environ: dict[str, str] | None = None) -> date:
    """The build's "today": from SOURCE_DATE_EPOCH when set, else the clock, in the site's zone."""
    return build_moment(environ).astimezone(zone).date()


def _single(path: str, message: str) -> Problems:
    problems = Problems()
    problems.add(path, message)
    return problems


@dataclass
class Site:
    """Every published item, cross-references resolved, and the build's today."""

    root: Path
    vocabulary: Vocabulary
    today: date
    timezone: ZoneInfo
    case_studies: list[CaseStudy]
    events: list[Event]
    newsletters: list[NewsletterIssue]
    providers: list[Provider]
    include_drafts: bool = False
    others: dict[str, list[Item]] = field(default_factory=dict)
    """Items of kinds without a field of their own here, by kind name."""
    _indexes: dict[tuple[str, str], dict[str, list[Any]]] = field(default_factory=dict, repr=False)
    left_out: list[LeftOut] = field(default_factory=list)
    """Items read and found fine but not published by this build: drafts, and items dated ahead."""
    built_at: datetime | None = None
    """The build's time (SOURCE_DATE_EPOCH when set), in UTC: what calendars stamp their events with."""
    partial: bool = False
    """Only some files were read (`wla preview`, `wla check FILE`): the others are on disk, not here."""
    _html: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.case_studies.sort(key=lambda c: (c.date, c.title), reverse=True)
        self.newsletters.sort(key=lambda n: (n.date, n.issue), reverse=True)
        self.events.sort(key=lambda e: e.sort_key)
        for event in self.events:
            event.bind_today(self.today)
        self.providers.sort(key=lambda p: (p.name.casefold(), p.slug))
        for items in self.others.values():
            items.sort(key=lambda item: (item.title.casefold(), item.slug))
        self.case_study_by_slug = {c.slug: c for c in self.case_studies}
        self.event_by_slug = {e.slug: e for e in self.events}
        self.case_studies_by_region = _index(self.case_studies, lambda c: [c.organisation.region])
        self.case_studies_by_theme = _index(self.case_studies, lambda c: c.themes)
        self.case_studies_by_sector = _index(self.case_studies, lambda c: [c.organisation.sector])
        self.events_by_region = _index(self.events, lambda e: [e.region])
        self.events_by_theme = _index(self.events, lambda e: e.themes)
        self.providers_by_region = _index(self.providers, lambda p: p.regions)
        # What is to come goes by each event's next date (a repeating meeting's, not its first).
        self.upcoming = sorted((e for e in self.events if e.last_day >= self.today), key=lambda e: e.upcoming_sort_key)
        self.past = sorted(
            (e for e in self.events if e.last_day < self.today), key=lambda e: e.sort_key, reverse=True
        )

    def items(self, kind: Kind) -> list[Any]:
        """Every published item of one kind, in its listing's order."""
        return getattr(self, kind.folder) if kind.folder in _OWN_FIELDS else self.others.get(kind.name, [])

    def by_term(self, kind: Kind, attribute: str) -> dict[str, list[Any]]:
        """Items of a kind indexed by the terms in one of their list fields (built once)."""
        key = (kind.name, attribute)
        if key not in self._indexes:
            self._indexes[key] = _index(self.items(kind), lambda item: getattr(item, attribute))
        return self._indexes[key]

    # --- events ---------------------------------------------------------------------------

    def upcoming_events(self, region: str | None = None) -> list[Event]:
        """Events that end today or later, soonest first."""
        if region is None:
            return self.upcoming
        return self._upcoming_of(self.events_by_region.get(region, []))

    def _upcoming_of(self, events: list[Event]) -> list[Event]:
        return sorted((e for e in events if e.last_day >= self.today), key=lambda e: e.upcoming_sort_key)

    def region_calendar_events(self, region: str) -> list[Event]:
        """What a region's feed-and-calendar subscribers get: its upcoming events and the national ones."""
        own = self.upcoming_events(region)
        if region == "national":
            return own
        return sorted(own + self.upcoming_events("national"), key=lambda e: e.upcoming_sort_key)

    def upcoming_theme_events(self, theme: str) -> list[Event]:
        """Upcoming events about a theme, soonest first."""
        return self._upcoming_of(self.events_by_theme.get(theme, []))

    def past_events_by_year(self) -> list[tuple[int, list[Event]]]:
        """Events that have ended, newest first, grouped by the year they started."""
        years: dict[int, list[Event]] = defaultdict(list)
        for event in self.past:
            years[event.first_day.year].append(event)
        return sorted(years.items(), reverse=True)

    def is_upcoming(self, event: Event) -> bool:
        return event.last_day >= self.today

    # --- regions, themes and relations ---------------------------------------------------

    def providers_for_region(self, region: str) -> list[Provider]:
        """Providers serving a region, then the national ones (each listed once)."""
        local = self.providers_by_region.get(region, [])
        if region == "national":
            return local
        national = [p for p in self.providers_by_region.get("national", []) if region not in p.regions]
        return local + national

    def related_case_studies(self, case: CaseStudy, limit: int = 3) -> list[CaseStudy]:
        """Other stories sharing the most themes (then region, then newest), from a bounded pool."""
        pool: dict[str, CaseStudy] = {}
        for theme in case.themes:
            for other in self.case_studies_by_theme.get(theme, [])[:12]:
                if other.slug != case.slug:
                    pool[other.slug] = other
        for other in self.case_studies_by_region.get(case.region, [])[:6]:
            if other.slug != case.slug:
                pool[other.slug] = other

        def score(other: CaseStudy) -> tuple[int, bool, date, str]:
            shared = len(set(other.themes) & set(case.themes))
            return (shared, other.region == case.region, other.date, other.slug)

        return sorted(pool.values(), key=score, reverse=True)[:limit]

    def featured(self, issue: NewsletterIssue) -> tuple[list[CaseStudy], list[Event]]:
        """The case studies and events an e-shot issue features, in the order it lists them."""
        cases = [self.case_study_by_slug[s] for s in issue.features.case_studies if s in self.case_study_by_slug]
        events = [self.event_by_slug[s] for s in issue.features.events if s in self.event_by_slug]
        return cases, events

    def latest_newsletter(self) -> NewsletterIssue | None:
        return self.newsletters[0] if self.newsletters else None

    def label(self, kind: str, value: str) -> str:
        return self.vocabulary.label(kind, value)

    # --- rendered Markdown, once per item ------------------------------------------------

    def html(self, item: Item) -> str:
        """The item's Markdown (body, or an event's description) as cleaned HTML, cached."""
        key = (type(item).__name__, item.slug)
        cached = self._html.get(key)
        if cached is None:
            source = item.description if isinstance(item, Event) else item.body
            cached = self._html[key] = render_markdown(source or "")
        return cached


def _index(items: list[Any], keys: Any) -> dict[str, list[Any]]:
    index: dict[str, list[Any]] = defaultdict(list)
    for item in items:
        for key in keys(item):
            index[key].append(item)
    return dict(index)


def load_vocabulary(root: Path, problems: Problems) -> Vocabulary | None:
    path = root / "vocabulary.yml"
    if not path.is_file():
        problems.add("vocabulary.yml", "the file is missing. It lists the regions, sectors, themes, offers and kinds of event.")
        return None
    source = load_yaml_file(path, "vocabulary.yml", problems)
    if source is None:
        return None
    return validate(Vocabulary, source, problems, {})  # type: ignore[return-value]


def load_site(
    root: Path | str,
    *,
    timezone_name: str = DEFAULT_TIMEZONE,
    include_drafts: bool = False,
    today: date | None = None,
    only: str | Sequence[str] | None = None,
    published_folders: tuple[Path, ...] = (),
) -> Site:
    """Read, validate and cross-check all content under `root`; raise `ContentError` listing every problem.

    `only` (a path like `case_studies/x.md`, or several) loads just those items, for a quick
    preview or check; an e-shot issue brings the case studies and events it may feature.
    """
    root = Path(root).resolve()
    problems = Problems()
    try:
        zone = ZoneInfo(timezone_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ContentError(_single("mkdocs.yml", f'"{timezone_name}" is not a time zone. Use a name like Europe/London.')) from None
    vocabulary = load_vocabulary(root, problems)
    for folder in published_folders:
        for rel in links_outside(folder, root):
            problems.add(rel, "this is a link to a file outside the website's folder, so it would publish that "
                              "file. Put the file itself here, or remove the link.")
    context = {"vocabulary": vocabulary, "timezone": zone}
    wanted = _preview_selection(root, only, problems) if only is not None else None
    loaded: dict[str, list[Any]] = {}
    unreadable: set[str] = set()
    for kind in KINDS:
        names = None if wanted is None else wanted.get(kind.folder, set())
        loaded[kind.folder] = _load_kind(root, kind.folder, kind.model, kind.suffixes, problems, context, names,
                                         unreadable)
    if vocabulary is None:
        raise ContentError(problems)

    newsletters: list[NewsletterIssue] = loaded["newsletters"]
    cases: list[CaseStudy] = loaded["case_studies"]
    _check_issue_numbers(root, newsletters, problems)
    _check_images(root, cases, problems)
    for kind in KINDS:
        if kind.check_files is not None:
            kind.check_files(root, loaded[kind.folder], problems, lambda item, loc: _line(root, item, loc))
    built_at = build_moment() if today is None else datetime.combine(today, time(0), zone).astimezone(timezone.utc)
    today = built_at.astimezone(zone).date() if today is None else today
    cases, held_cases = hold_back(cases, today, include_drafts=include_drafts)
    newsletters, held_issues = hold_back(newsletters, today, include_drafts=include_drafts)
    _check_features(root, newsletters, cases, loaded["events"], problems, include_drafts, unreadable,
                    [*held_cases, *held_issues])
    if problems:
        raise ContentError(problems)
    return Site(
        root=root,
        vocabulary=vocabulary,
        today=today,
        timezone=zone,
        case_studies=cases,
        events=loaded["events"],
        newsletters=newsletters,
        providers=loaded["providers"],
        include_drafts=include_drafts,
        others={BY_FOLDER[f].name: [i for i in items if include_drafts or not getattr(i, "draft", False)]
                for f, items in loaded.items() if f not in _OWN_FIELDS},
        left_out=[*held_cases, *held_issues],
        built_at=built_at,
        partial=wanted is not None,
    )


def _preview_selection(root: Path, only: str | Sequence[str], problems: Problems) -> dict[str, set[str] | None]:
    """Which files to load for a preview or check of some items: {folder: names (None for all)}."""
    selection: dict[str, set[str] | None] = {}
    for given in [only] if isinstance(only, str) else only:
        path = Path(given)
        if path.is_absolute():
            try:
                path = path.resolve().relative_to(root)
            except ValueError:
                path = Path(given)
        folder = path.parent.as_posix()
        if folder not in BY_FOLDER or not (root / path).is_file():
            problems.add(given, "there is no content file here. Give the path of one, like case_studies/my-story.md.")
            raise ContentError(problems)
        names = selection.setdefault(folder, set())
        if names is not None:
            names.add(path.name)
        if folder == "newsletters":
            selection.update(case_studies=None, events=None)
    return selection


def _load_kind(
    root: Path,
    folder: str,
    model: type[Item],
    suffixes: tuple[str, ...],
    problems: Problems,
    context: dict[str, Any],
    names: set[str] | None = None,
    unreadable: set[str] | None = None,
) -> list[Any]:
    """The items of one folder; the paths of files with problems go in `unreadable`."""
    items: list[Any] = []
    seen: dict[str, str] = {}
    reader = load_markdown_file if ".md" in suffixes else load_yaml_file
    # A file that is no link, in a folder that is in the website's folder, is in it too: only
    # links need following, which saves resolving thousands of paths.
    folder_inside = inside(root / folder, root)
    for path in content_files(root / folder, suffixes):
        if names is not None and path.name not in names:
            continue
        rel = f"{folder}/{path.name}"
        slug = path.stem
        if not is_slug(slug):
            problems.add(
                rel,
                f'the file name "{path.name}" must be lowercase letters, digits and single hyphens, '
                f'like {_suggest_slug(slug)}{path.suffix}.',
            )
            continue
        if slug in RESERVED_SLUGS:
            problems.add(rel, f'"{slug}" is a name the site uses for itself. Choose a more descriptive file name.')
            continue
        if slug in seen:
            problems.add(rel, f"another file has the same name: {seen[slug]}. Rename one of them.")
            continue
        seen[slug] = rel
        if not (folder_inside and not path.is_symlink()) and not inside(path, root):
            problems.add(rel, f"this file is a link to {path.resolve()}, outside the website's folder. "
                              "Put the content itself here instead of a link.")
            continue
        source = reader(path, rel, problems)
        untouched = source is not None and refuse_examples(folder, source, problems)
        item = validate(model, source, problems, context) if source is not None else None
        if untouched or not isinstance(item, Item) or source is None or not _markdown_is_safe(item, source, problems):
            if unreadable is not None:
                unreadable.add(rel)  # None when the file has problems: they are in `problems`
            continue
        item.bind(slug, rel, source.body, source.body_line)
        items.append(item)
    if names is None:
        _warn_stray_files(root / folder, folder, suffixes, problems)
    return items


def _markdown_is_safe(item: Item, source: SourceFile, problems: Problems) -> bool:
    """Refuse Markdown that would take the renderer minutes (or its whole stack) to read."""
    if isinstance(item, Event):
        text, field = item.description or "", "description"
        key_line = source.line_of(("description",)) or 1
        lines = source.yaml_text.split("\n")
        index = key_line - 1 - source.line_offset
        key_text = lines[index] if 0 <= index < len(lines) else ""
        # Lines of a block (`description: |`) are the file's lines from the next one on;
        # a quoted or plain value can only be placed at its field.
        block = re.search(r":\s*[|>][-+0-9]*\s*(#.*)?$", key_text)
    else:
        text, field = source.body, None
    found = markdown_problem(text)
    if found is None:
        return True
    line, message = found
    if isinstance(item, Event):
        line = key_line + line if block else key_line
    else:
        line = source.body_line + line - 1
    problems.add(source.path, message, line=line, field=field)
    return False


def _warn_stray_files(folder: Path, name: str, suffixes: tuple[str, ...], problems: Problems) -> None:
    """A file with the wrong extension would be silently ignored: say so instead."""
    if not folder.is_dir():
        return
    near = {".md": (".markdown", ".txt", ".mdown"), ".yml": (".yaml.txt", ".json", ".txt", ".yml.txt")}
    for path in folder.iterdir():
        if path.is_dir() and path.suffix.lower() in suffixes and not path.name.startswith((".", "_")):
            problems.add(f"{name}/{path.name}", f"this is a folder, not a file, so it is not read. Content files "
                                                f"are files ending in {suffixes[0]}: move the file out of the folder.")
            continue
        if not path.is_file() or path.name.startswith((".", "_")):
            continue
        for suffix in suffixes:
            if path.suffix.lower() in near.get(suffix, ()):
                problems.add(f"{name}/{path.name}", f"this file is not read: content files here end in {suffix}. Rename it.")


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, links followed, is in `root` (links within the website's folder are fine)."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return False


def image_size_problem(path: Path) -> str | None:
    """Why an image's size in pixels is refused, read from its header alone, or None."""
    from PIL import Image, UnidentifiedImageError

    too_big = "Make it smaller: 2000 pixels across is plenty for the website."
    try:
        with Image.open(path) as image:
            width, height = image.size
    except Image.DecompressionBombError:
        return f"the picture has hundreds of millions of pixels; the most allowed is {MAX_IMAGE_SIDE} on the longer side. {too_big}"
    except (UnidentifiedImageError, OSError, ValueError):
        return None  # its first bytes were checked already; a size cannot be read from it
    if max(width, height) > MAX_IMAGE_SIDE:
        return f"the picture is {width} × {height} pixels; the most allowed is {MAX_IMAGE_SIDE} on the longer side. {too_big}"
    return None


def _suggest_slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "my-case-study"


def _check_issue_numbers(root: Path, newsletters: list[NewsletterIssue], problems: Problems) -> None:
    by_number: dict[int, NewsletterIssue] = {}
    for issue in sorted(newsletters, key=lambda n: n.source_path):
        other = by_number.get(issue.issue)
        if other is not None:
            problems.add(
                issue.source_path,
                f"issue number {issue.issue} is already used by {other.source_path}. Each issue needs its own number.",
                line=_line(root, issue, ("issue",)),
                field="issue",
            )
        else:
            by_number[issue.issue] = issue


def _check_features(
    root: Path,
    newsletters: list[NewsletterIssue],
    cases: list[CaseStudy],
    events: list[Event],
    problems: Problems,
    include_drafts: bool,
    unreadable: set[str],
    held: Sequence[LeftOut] = (),
) -> None:
    """Every featured item exists; one whose file has problems of its own is not named again."""
    held_by_path = {h.path: h for h in held}
    case_slugs = {c.slug for c in cases}
    event_slugs = {e.slug for e in events}
    for issue in newsletters:
        for kind, slugs, known, folder in (
            ("case_studies", issue.features.case_studies, case_slugs, "case_studies"),
            ("events", issue.features.events, event_slugs, "events"),
        ):
            for index, slug in enumerate(slugs):
                if slug in known or any(f"{folder}/{slug}{suffix}" in unreadable for suffix in BY_FOLDER[folder].suffixes):
                    continue
                waiting = held_by_path.get(f"{folder}/{slug}.md")
                if waiting is not None:
                    problems.add(
                        issue.source_path,
                        f'the case study "{slug}" {waiting.why()}. Feature it in a later issue, or publish it first.',
                        line=_line(root, issue, ("features", kind, index)),
                        field=f"features.{kind}[{index + 1}]",
                    )
                    continue
                hint = did_you_mean(slug, known)
                mean = f' Did you mean "{hint}"?' if hint else ""
                what = "case study" if kind == "case_studies" else "event"
                extra = "" if include_drafts else " (drafts do not count)"
                problems.add(
                    issue.source_path,
                    f'there is no published {what} "{slug}"{extra}.{mean} Use the file name in {folder}/ without its extension.',
                    line=_line(root, issue, ("features", kind, index)),
                    field=f"features.{kind}[{index + 1}]",
                )


def _check_images(root: Path, cases: list[CaseStudy], problems: Problems) -> None:
    base = (root / "case_studies").resolve()
    for case in cases:
        if case.image is None:
            continue
        src = case.image.src
        def bad(message: str, case: CaseStudy = case) -> None:
            problems.add(case.source_path, message, line=_line(root, case, ("image", "src")), field="image.src")

        if "://" in src or src.startswith(("//", "data:")):
            bad(f'"{src}" is a remote image. Add the picture to case_studies/images/ and give its path, like images/team.jpg.')
            continue
        if src.startswith(("/", "\\")) or (len(src) > 1 and src[1] == ":") or ".." in Path(src).parts or "\\" in src:
            bad(f'"{src}" must be a path inside case_studies/, like images/team.jpg.')
            continue
        suffix = Path(src).suffix.lower()
        if suffix not in IMAGE_TYPES:
            bad(f'"{src}" is not a PNG, JPEG or WebP image. Save the picture in one of those formats.')
            continue
        if (base / src).exists() and not inside(base / src, root):
            bad(f'"{src}" is a link to a file outside the website\'s folder. Put the picture itself in case_studies/images/.')
            continue
        path = (base / src).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            bad(f'there is no image at case_studies/{src}. Check the spelling and that the file was added.')
            continue
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            bad(f"the image is {size // 1024} KB; the most allowed is {MAX_IMAGE_BYTES // 1024} KB. Make it smaller.")
            continue
        with path.open("rb") as handle:
            head = handle.read(12)
        magic = IMAGE_TYPES[suffix]
        if not head.startswith(magic) or (suffix == ".webp" and head[8:12] != b"WEBP"):
            bad(f'"{src}" is not really a {suffix[1:].upper()} image. Save it again as PNG, JPEG or WebP.')
            continue
        problem = image_size_problem(path)
        if problem:
            bad(problem)


def _line(root: Path, item: Item, loc: tuple[Any, ...]) -> int | None:
    """The line of a field of an item, read again from its file (only when reporting a problem)."""
    text = normal_text((root / item.source_path).read_text(encoding="utf-8"))
    front = split_front_matter(text) if item.source_path.endswith(".md") else None
    source = SourceFile(item.source_path, {}, yaml_text=front[0] if front else text, line_offset=1 if front else 0)
    return source.line_of(loc)
