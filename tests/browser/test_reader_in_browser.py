"""What a reader gets in a real browser: navigation, search, the ask form, accessibility,
layout on a phone, and not one request to another origin."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import ANSWER_ONLY_WORD

pytestmark = pytest.mark.browser

#: One page of each type the theme renders.
PAGE_TYPES = {
    "home": "/",
    "home-page-2": "/page/2/",
    "column": "/columns/why-no-updates-after-job-interview/",
    "two-letter-column": "/columns/two-letters/",
    "follow-up-column": "/columns/follow-up/",
    "archives": "/archives/",
    "about": "/about/",
    "ask": "/ask/",
    "ask-thanks": "/ask/thanks/",
    "subscribe": "/subscribe/",
    "topics": "/topics/",
    "topic": "/topics/managers/",
    "search": f"/search/?q={ANSWER_ONLY_WORD}",
    "not-found": "/404.html",
}
WIDTHS = {"phone-375": 375, "desktop": 1280}
#: The pages also photographed at a larger phone's and a desktop's width.
SHOWCASE = ["home", "column", "ask", "search"]

axe = Axe()


def open_page(page, path):
    page.goto(path)
    if path.startswith("/search/?q="):
        expect(page.locator("#search-results li").first).to_be_visible()


def test_reader_goes_from_the_home_page_to_a_column_and_its_neighbours(page):
    page.goto("/")
    page.get_by_role("link", name="Update: the interview silence ended").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Update: the interview silence ended")
    page.get_by_role("link", name="Why no updates after job interview?").first.click()
    expect(page).to_have_url(re.compile(r"/columns/why-no-updates-after-job-interview/$"))
    page.get_by_role("navigation", name="Newer and older columns").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_count(1)


def test_reader_goes_from_home_to_a_topic_to_a_column_to_a_related_column(page):
    page.goto("/")
    entry = page.get_by_role("listitem").filter(has=page.get_by_role("link", name="Two readers, one boss"))
    entry.get_by_role("list", name="Topics").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Managers")
    page.get_by_role("link", name="My manager takes credit for my work").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My manager takes credit for my work")
    related = page.get_by_role("complementary", name="Related columns").get_by_role("link").first
    title = related.inner_text()
    assert title and title != "My manager takes credit for my work"
    related.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_search_narrows_results_to_a_topic(page):
    page.goto("/search/")
    page.get_by_label("Words to find").fill("writing")
    page.get_by_label("Topic").select_option(label="Salary and pay")
    page.get_by_role("button", name="Search").click()
    results = page.locator("#search-results li")
    expect(results).to_have_count(1)
    expect(results.get_by_role("link")).to_have_text("My raise keeps being postponed")


def test_search_finds_a_column_by_a_word_only_its_answer_contains(page):
    page.goto("/search/")
    page.get_by_label("Words to find").fill(ANSWER_ONLY_WORD)
    page.get_by_role("button", name="Search").click()
    results = page.locator("#search-results li")
    expect(results).to_have_count(1)
    expect(results.get_by_role("link")).to_have_text("Two readers, one boss")
    expect(page.get_by_role("status")).to_contain_text("1 column found")
    expect(page).to_have_url(re.compile(rf"\?q={ANSWER_ONLY_WORD}"))
    results.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/columns/two-letters/$"))


def search_results(page, url):
    """The status line and the sorted result titles of the search at ``url``."""
    page.goto(url)
    expect(page.get_by_role("status")).to_contain_text("found")
    return page.get_by_role("status").inner_text(), sorted(page.locator("#search-results h2").all_inner_texts())


@pytest.mark.parametrize("query", ["q=writing", "q=writing&topic=Salary+and+pay", f"q={ANSWER_ONLY_WORD}",
                                   "q=boss&topic=Managers", "q=notes+manager"])
def test_search_over_many_shards_finds_what_a_single_index_finds(page, base_url, sharded_site_url, query):
    entries = set()
    page.on("request", lambda request: entries.add(request.url.split("?")[0])
            if request.url.endswith("pagefind-entry.json", 0, request.url.find("?")) else None)
    status, titles = search_results(page, f"{sharded_site_url}/search/?{query}")
    bundles = page.locator("form.search-form").get_attribute("data-pagefind-bundles").split()
    assert (status, titles) == search_results(page, f"{base_url}/search/?{query}")
    assert titles, "the query must find something"
    sharded_entries = {url for url in entries if url.startswith(sharded_site_url)}
    assert len(bundles) >= 4 and sharded_entries == {f"{sharded_site_url}{b}pagefind-entry.json" for b in bundles}


def test_search_for_an_unknown_word_says_nothing_was_found(page):
    page.goto("/search/?q=xylophonist")
    expect(page.get_by_role("status")).to_contain_text("No column found")
    expect(page.locator("#search-results li")).to_have_count(0)


def test_ask_form_submits_every_field_to_the_form_backend(page, form_backend):
    page.goto("/ask/")
    page.get_by_label("Your question").fill("My manager reads my e-mail. Is that legal?")
    page.get_by_label("Sign your letter").fill("Watched in Wichita")
    page.get_by_label("Your name").fill("Pat Example")
    page.get_by_label("Your e-mail address").fill("pat@example.net")
    page.get_by_label("The column may publish my letter").check()
    before = len(form_backend.received)
    page.get_by_role("button", name="Send my question").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert form_backend.received[before:] == [[
        ("question", "My manager reads my e-mail. Is that legal?"),
        ("signoff", "Watched in Wichita"),
        ("name", "Pat Example"),
        ("email", "pat@example.net"),
        ("consent", "yes"),
        ("_gotcha", ""),
    ]]


def test_ask_form_will_not_send_without_a_question(page, form_backend):
    page.goto("/ask/")
    before = len(form_backend.received)
    page.get_by_role("button", name="Send my question").click()
    expect(page).to_have_url(re.compile(r"/ask/$"))
    assert page.get_by_label("Your question").evaluate("field => field.validity.valueMissing")
    assert len(form_backend.received) == before


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_has_no_accessibility_violations(page, artifacts, name, scheme):
    page.emulate_media(color_scheme=scheme)
    open_page(page, PAGE_TYPES[name])
    if scheme == "dark":
        page.screenshot(path=artifacts / f"{name}-desktop-dark.png")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == (
        "rgb(23, 21, 19)" if scheme == "dark" else "rgb(251, 250, 246)"), "the stylesheet did not load"
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_no_page_requests_anything_from_another_origin(page, base_url):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for path in PAGE_TYPES.values():
        open_page(page, path)
        page.wait_for_load_state("load")
    assert any("/pagefind/" in url for url in requested), "the search page must load its index"
    assert [url for url in requested if not url.startswith(base_url + "/")] == []


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_fits_a_320px_phone_without_horizontal_scrolling(page, artifacts, name):
    page.set_viewport_size({"width": 320, "height": 800})
    open_page(page, PAGE_TYPES[name])
    page.screenshot(path=artifacts / f"{name}-phone-320.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{overflow}px of horizontal scrolling"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", SHOWCASE)
def test_main_pages_fit_phone_and_desktop_widths(page, artifacts, name, width):
    page.set_viewport_size({"width": WIDTHS[width], "height": 800})
    open_page(page, PAGE_TYPES[name])
    page.screenshot(path=artifacts / f"{name}-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_keyboard_user_skips_to_the_content_with_a_visible_focus(page):
    page.goto("/columns/why-no-updates-after-job-interview/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => {
        const style = getComputedStyle(document.activeElement);
        return {inMain: !!document.activeElement.closest("main"), outline: style.outlineStyle,
                width: parseFloat(style.outlineWidth)};
    }""")
    assert focused == {"inMain": True, "outline": "solid", "width": 3}


def test_print_stylesheet_leaves_only_the_column(page):
    page.goto("/columns/why-no-updates-after-job-interview/")
    page.emulate_media(media="print")
    for hidden in ("nav.site-nav", ".ask-invite", ".neighbours", ".skip-link"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.locator("article.column")).to_be_visible()

