"""A column's later life in a real browser: search lists a column with a content note by its note, never by
its letter, finds nothing of a withdrawn column, lists a letter and its rerun as one entry, and the pages that
show them stay accessible."""

import functools

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from conftest import Site
from .conftest import Quiet, serve

pytestmark = pytest.mark.browser

axe = Axe()


@pytest.fixture(scope="module")
def life_site_url(tmp_path_factory):
    """A small site built with `make html` (search index included), served on 127.0.0.1."""
    site = Site(tmp_path_factory.mktemp("life"))
    site.add_column("hard", title="When the layoff hurts", topics="layoffs", content_note="self-harm, job loss",
                    body="Q. Since the layoff the wombat of despair sits on my chest.\n\nA. Call someone today.")
    site.add_column("gone", title="Withdrawn letter", topics="layoffs", status="withdrawn",
                    withdrawn="2026-12-01", body="Q. My quagga manager.\n\nA. Leave.")
    site.add_column("plain", title="Wombat facts for interviews", topics="interviews",
                    body="Q. Should I mention my wombat hobby?\n\nA. Only if asked.")
    site.add_column("original", title="The capybara boss", topics="managers", date="2019-03-05 09:00",
                    body="Q. My boss is as calm as a capybara and never decides.\n\nA. Decide for them.")
    site.add_column("rerun", title="From the archive: the capybara boss", topics="managers",
                    date="2026-12-01 09:00", rerun_of="original",
                    body="Q. My boss is as calm as a capybara and never decides.\n\nA. Decide for them.")
    result = site.make("html")
    assert result.returncode == 0, result.stdout + result.stderr
    server = serve(functools.partial(Quiet, directory=str(site.output)))
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_search_lists_a_column_with_a_content_note_by_its_note(page, life_site_url):
    page.goto(f"{life_site_url}/search/?q=wombat")
    results = page.locator("#search-results li")
    expect(results).to_have_count(2)
    hard = results.filter(has_text="When the layoff hurts")
    expect(hard.locator("p")).to_have_text("Content note: self-harm, job loss.")
    expect(hard).not_to_contain_text("despair")
    expect(results.filter(has_text="Wombat facts").locator("p mark").first).to_be_visible()
    assert axe.run(page).violations_count == 0


def test_search_finds_nothing_of_a_withdrawn_column(page, life_site_url):
    page.goto(f"{life_site_url}/search/?q=quagga")
    expect(page.get_by_role("status")).to_contain_text("No column found")
    expect(page.locator("#search-results li")).to_have_count(0)


@pytest.mark.parametrize("path", ["/columns/hard/", "/columns/gone/", "/columns/rerun/", "/topics/managers/", "/"])
def test_the_notice_and_the_noted_column_have_no_accessibility_violations(page, life_site_url, path):
    page.goto(f"{life_site_url}{path}")
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_search_lists_a_letter_and_its_rerun_as_one_entry_with_both_dates(page, life_site_url):
    page.goto(f"{life_site_url}/search/?q=capybara")
    results = page.locator("#search-results li")
    expect(results).to_have_count(1)
    expect(results.locator("p.meta")).to_have_text("First ran March 5, 2019; rerun December 1, 2026")
    expect(page.get_by_role("status")).to_contain_text("1 column found")
