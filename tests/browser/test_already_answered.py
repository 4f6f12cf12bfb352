"""Search before you ask: on /ask/, as the reader pauses typing a question, published columns that already
answer something close, from the site's own index in the browser; nothing typed leaves the page."""

import functools

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from conftest import Site
from .conftest import Quiet, serve

pytestmark = pytest.mark.browser

axe = Axe()
QUESTION = "My manager postponed my raise again and my salary review keeps slipping. Should I negotiate?"


@pytest.fixture(scope="module")
def ask_site_url(tmp_path_factory):
    """A site with an ask form and columns on pay, built with `make html`, served on 127.0.0.1."""
    site = Site(tmp_path_factory.mktemp("ask"))
    site.add_column("raise", title="My raise keeps being postponed", topics="salary",
                    body="Q. My manager postponed my raise twice.\n\nA. Ask for the salary review in writing.")
    site.add_column("rerun", title="From the archive: the postponed raise", topics="salary", rerun_of="raise",
                    date="2026-12-01 09:00",
                    body="Q. My manager postponed my raise twice.\n\nA. Ask for the salary review in writing.")
    site.add_column("negotiate", title="Negotiating a first offer", topics="negotiation",
                    body="Q. How do I negotiate my salary for a first job?\n\nA. Name a number first.")
    site.add_column("lunch", title="A coworker eats my lunch", topics="coworkers",
                    body="Q. Someone eats my lunch from the fridge.\n\nA. Label it.")
    for i in range(6):
        site.add_column(f"pay-{i}", title=f"Pay question {i}", topics="salary", date=f"2023-0{i + 1}-01 09:00",
                        body=f"Q. Is my salary fair, number {i}? My manager postponed the review.\n\nA. Compare.")
    result = site.make("html", PELICANOPTS="-e 'FORM_ACTION=\"https://forms.example.org/submit\"'")
    assert result.returncode == 0, result.stdout + result.stderr
    server = serve(functools.partial(Quiet, directory=str(site.output)))
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_typing_a_question_shows_up_to_five_columns_that_already_answer_it(page, ask_site_url):
    requests = []
    page.on("request", lambda request: requests.append((request.url, request.post_data or "")))
    page.goto(f"{ask_site_url}/ask/")
    suggestions = page.get_by_role("region", name="Already answered?")
    expect(suggestions).to_be_hidden()
    page.get_by_label("Your question").press_sequentially(QUESTION, delay=5)
    expect(suggestions).to_be_visible()
    links = suggestions.get_by_role("link")
    expect(links).to_have_count(5)
    titles = links.all_inner_texts()
    assert "A coworker eats my lunch" not in titles
    assert sum("postponed raise" in t or "raise keeps" in t for t in titles) == 1  # a letter and its rerun: once
    assert all(link.get_attribute("href").startswith("/columns/") for link in links.all())
    expect(page.get_by_role("status")).to_contain_text("may already answer your question")
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    typed = {word.lower().strip("?.") for word in QUESTION.split() if len(word) > 3}
    for url, data in requests:
        assert url.startswith(ask_site_url), url
        assert not any(word in url.lower() or word in data.lower() for word in typed), url


def test_a_question_about_nothing_published_shows_nothing(page, ask_site_url):
    page.goto(f"{ask_site_url}/ask/")
    page.get_by_label("Your question").fill("Quantum gardening for penguins in Antarctica")
    page.wait_for_timeout(1500)
    expect(page.get_by_role("region", name="Already answered?")).to_be_hidden()


def test_without_javascript_the_ask_page_is_as_before(browser, ask_site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{ask_site_url}/ask/")
    expect(page.locator("#already-answered")).to_be_hidden()
    expect(page.get_by_role("button", name="Send my question")).to_be_visible()
    context.close()
