"""`make devserver` in Chromium: the open page reloads by itself when its file changes, and a
content error shows over the open page (and in the terminal) until the file is fixed."""

import pytest
from playwright.sync_api import expect

from conftest import column
from devserver_helpers import Devserver

pytestmark = pytest.mark.browser


@pytest.fixture
def devserver(site):
    site.add_column("raise", title="My raise keeps being postponed", date="2025-03-04 09:00",
                    topics="salary", body="Q. My raise was postponed again.\n\nA. Ask for a date in writing.")
    site.add_column("lunch", title="A coworker eats my lunch", date="2025-04-04 09:00",
                    topics="coworkers", body="Q. Someone takes my lunch.\n\nA. Label it, then tell HR.")
    with Devserver(site) as server:
        yield server


def test_the_open_page_reloads_when_its_file_changes_and_an_unchanged_page_does_not(
        devserver, site, context):
    column_page, about_page = context.new_page(), context.new_page()
    column_page.goto(devserver.url + "/columns/raise/")
    about_page.goto(devserver.url + "/about/")
    for page in (column_page, about_page):
        expect(page.locator("h1")).to_be_visible()
        page.evaluate("window.notReloaded = true")
    builds = devserver.builds()

    site.add_column("raise", title="My raise keeps being postponed", date="2025-03-04 09:00",
                    topics="salary", body="Q. My raise was postponed again.\n\nA. Ask for a wombat in writing.")

    expect(column_page.locator("main")).to_contain_text("Ask for a wombat in writing", timeout=60_000)
    assert column_page.evaluate("window.notReloaded") is None
    devserver.wait_for_builds(builds + 1)
    assert about_page.evaluate("window.notReloaded") is True


def test_a_content_error_shows_on_the_open_page_and_in_the_terminal_until_it_is_fixed(
        devserver, site, page):
    page.goto(devserver.url + "/columns/raise/")
    expect(page.locator("h1")).to_have_text("My raise keeps being postponed")
    builds = devserver.builds()

    site.add_column("raise", text=column(title="My raise keeps being postponed", date="the fifth of May",
                                         slug="raise", topics="salary"))

    problem = "content/columns/raise.md:2: error: `Date` is not a date"
    overlay = page.locator("#devserver-problems")
    expect(overlay).to_contain_text(problem, timeout=60_000)
    devserver.wait_for_builds(builds + 1)
    assert problem in devserver.terminal()
    expect(page.locator("h1")).to_have_text("My raise keeps being postponed")
    status, served = devserver.get("/columns/raise/")
    assert status == 200 and "My raise keeps being postponed" in served

    page.reload()  # a page opened after the failed build shows the errors too
    expect(overlay).to_contain_text(problem, timeout=30_000)

    site.add_column("raise", title="My raise came through", date="2025-03-04 09:00", topics="salary")

    expect(page.locator("h1")).to_have_text("My raise came through", timeout=60_000)
    expect(overlay).to_have_count(0)
