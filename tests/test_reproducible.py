"""Same commit, same SOURCE_DATE_EPOCH: the same bytes, feeds and calendars included."""

from __future__ import annotations

import hashlib

from lxml import etree

from tests.conftest import new_project


def digest(site_dir) -> dict[str, str]:
    return {
        p.relative_to(site_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site_dir.rglob("*")) if p.is_file()
    }


def test_two_builds_are_byte_identical(tmp_path):
    first = new_project(tmp_path / "one", with_samples=True)
    second = new_project(tmp_path / "two", with_samples=True)
    first.build()
    second.build()
    one, two = digest(first.site_dir), digest(second.site_dir)
    assert one == two
    for expected in ("newsletters/feed.xml", "newsletters/atom.xml", "case-studies/feed.xml",
                     "events/feed.xml", "events/calendar.ics", "sitemap.xml"):
        assert expected in one
    # Building again in place gives the same bytes too.
    first.build()
    assert digest(first.site_dir) == one


def test_a_later_build_date_changes_only_what_depends_on_today(tmp_path):
    project = new_project(tmp_path / "p", with_samples=True)
    project.build()
    feed = etree.parse(str(project.site_dir / "newsletters/feed.xml"))
    first = etree.tostring(feed)
    project.build(epoch="1830297600")  # 2028-01-01
    # The e-shot feed depends only on the issues, not on the build date.
    assert etree.tostring(etree.parse(str(project.site_dir / "newsletters/feed.xml"))) == first


def test_missing_site_url_is_a_clear_error(project):
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_url: https://wla-network.example.org/\n", ""))
    result = project.build(check=False)
    assert result.returncode == 1
    assert "mkdocs.yml needs a site_url (like https://example.org/)" in result.stderr
    assert "Traceback" not in result.stderr


def test_committed_logo_png_is_the_drawn_logo():
    """overrides/ ships the feed logo as a PNG to save drawing it on every build; keep it in step."""
    from wla_site.publish import logo_png

    from tests.conftest import REPO

    assert (REPO / "overrides/assets/images/logo.png").read_bytes() == logo_png()
