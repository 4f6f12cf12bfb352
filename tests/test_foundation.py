"""The foundation: the configuration builds the right files, and the public build is strict."""

import shutil
from datetime import datetime, timedelta

from conftest import PUBLISHCONF, ROOT, column

SEED = ROOT / "content" / "columns" / "why-no-updates-after-job-interview.md"


def test_seed_column_is_published_at_its_pretty_url(site):
    shutil.copy(SEED, site.content / "columns")
    site.build()
    page = site.page("columns/why-no-updates-after-job-interview/")
    text = page.get_text(" ")
    assert page.h1.get_text(strip=True) == "Why no updates after job interview?"
    assert "I have been out of work now for nearly four months." in text
    assert "The job search is not tennis." in text
    assert "You have been dong this" in text  # the reader's words stay word for word
    assert "Jump To Comments" not in text


def test_columns_paginate_at_pretty_urls(site):
    for n in range(12):
        site.add_column(f"c{n}", title=f"Column {n}", date=f"2024-01-{n + 1:02d} 09:00")
    site.build()
    assert site.exists("index.html")
    assert site.exists("page/2/index.html")
    older = site.page("").find("a", rel="next")
    assert older["href"] == "/page/2/"


def test_unused_pelican_outputs_are_not_written(site):
    site.add_column("one")
    site.build()
    written = {p.relative_to(site.output).as_posix() for p in site.output.rglob("*")}
    assert not {"tags.html", "categories.html", "authors.html"} & written
    assert not any(p.startswith(("tag/", "category/", "author/")) for p in written)
    assert not any(p.startswith("feeds/") and "misc" in p for p in written)


def test_local_build_previews_drafts_and_scheduled_columns_under_drafts(site):
    future = (datetime.now() + timedelta(days=30)).strftime("%Y-%m-%d %H:%M")
    site.add_column("draft", title="Draft column", status="draft")
    site.add_column("later", title="Scheduled column", date=future)
    site.build()
    assert site.exists("drafts/draft/index.html")
    assert site.exists("drafts/later/index.html")
    assert not site.exists("columns/draft/index.html")


def test_publish_build_has_no_draft_and_lists_no_hidden_or_future_column(site):
    future = (datetime.now() + timedelta(days=30)).strftime("%Y-%m-%d %H:%M")
    site.add_column("visible", title="Visible column")
    site.add_column("draft", title="Draft column", status="draft")
    site.add_column("hidden", title="Hidden column", status="hidden")
    site.add_column("later", title="Scheduled column", date=future)
    site.build(PUBLISHCONF)
    assert not site.exists("drafts")
    assert not site.exists("columns/draft/index.html")
    assert not site.exists("columns/later/index.html")
    home = site.page("").get_text()
    archives = site.page("archives/").get_text()
    for listing in (home, archives):
        assert "Visible column" in listing
        assert "Hidden column" not in listing
        assert "Scheduled column" not in listing
        assert "Draft column" not in listing


def test_publish_uses_absolute_urls_from_siteurl(site):
    site.add_column("visible")
    result = site.make("publish", SITEURL="https://columns.example.net")
    assert result.returncode == 0, result.stderr
    link = site.page("").select_one("ol.column-list a")
    assert link["href"] == "https://columns.example.net/columns/visible/"


def test_broken_metadata_fails_publish_but_not_html(site):
    site.add_column("good", title="A good column")
    site.add_column("broken", text="Title: Broken\nDate: not a date at all\n\nQ. Hi?\n\nA. Hello.\n")

    message = ("content/columns/broken.md:2: error: `Date` is not a date: 'not a date at all'; write it as "
               "`YYYY-MM-DD HH:MM` (e.g. `2024-03-05 09:00`), optionally with an offset")
    published = site.make("publish")
    assert published.returncode != 0
    assert published.stderr.splitlines().count(message) == 1
    assert not site.exists("index.html"), "a failed public build must not leave a site behind"

    local = site.make("html")
    assert local.returncode == 0, local.stderr
    assert local.stderr.splitlines().count(message) == 1
    assert "Columns: 1 published, 0 hidden, 0 draft, 0 scheduled, 1 failed, 1 error, 0 warnings" in local.stderr
    assert site.exists("columns/good/index.html")
    assert not site.exists("columns/broken/index.html")
