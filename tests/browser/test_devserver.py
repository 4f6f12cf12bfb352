"""`make devserver` in Chromium: the open page reloads by itself when its file changes, and a
content error shows over the open page (and in the terminal) until the file is fixed."""

import hashlib
import re

import pytest
from playwright.sync_api import expect

from conftest import column
from devserver_helpers import DONE, Devserver

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



def test_a_saved_column_is_shown_before_the_build_ends_and_the_build_writes_that_page(
        devserver, site, page):
    page.goto(devserver.url + "/columns/raise/")
    expect(page.locator("h1")).to_be_visible()
    builds = devserver.builds()

    site.add_column("raise", title="My raise is postponed again", date="2025-03-04 09:00",
                    topics="salary, negotiation",
                    body="Q. My raise was postponed again.\n\nA. Ask for a numbat in writing.")

    expect(page.locator("h1")).to_have_text("My raise is postponed again", timeout=60_000)
    expect(page.locator("main")).to_contain_text("Ask for a numbat in writing")
    devserver.wait_for_builds(builds + 1)
    shown = devserver.terminal().split("-> Shown before the build: ")
    assert len(shown) == 2 and shown[1].startswith(str(site.output / "columns" / "raise" / "index.html"))
    assert DONE.search(shown[1]), "shown before the build ended"
    served = page.locator("script[data-digest]").get_attribute("data-digest")
    on_disk = (site.output / "columns" / "raise" / "index.html").read_bytes()
    assert served == hashlib.sha1(on_disk).hexdigest(), "the build wrote the page shown before it"


def test_a_new_and_a_deleted_column_show_on_the_home_page_before_the_build_ends(devserver, site, page):
    page.goto(devserver.url + "/")
    expect(page.locator("main h2").first).to_have_text("A coworker eats my lunch")
    home = site.output / "index.html"

    for edit, first in (("new", "Someone took credit for my work"), ("delete", "A coworker eats my lunch")):
        builds = devserver.builds()
        if edit == "new":
            site.add_column("credit", title="Someone took credit for my work", date="2025-05-04 09:00",
                            topics="coworkers", body="Q. My idea, her name.\n\nA. Put it in writing first.")
        else:
            (site.content / "columns" / "credit.md").unlink()

        expect(page.locator("main h2").first).to_have_text(first, timeout=60_000)
        devserver.wait_for_builds(builds + 1)
        shown = devserver.terminal().split("-> Changed: ")[-1].split("-> Shown before the build: ")
        assert len(shown) >= 2 and str(home) in shown[1].splitlines()[0], f"{edit}: home page not shown first"
        assert DONE.search(shown[-1]), f"{edit}: shown before the build ended"
        served = page.locator("script[data-digest]").get_attribute("data-digest")
        assert served == hashlib.sha1(home.read_bytes()).hexdigest(), f"{edit}: the build wrote another home page"
    status, _ = devserver.get("/columns/credit/")
    assert status == 404


TOPICS = ("salary", "managers", "coworkers", "interviews", "negotiation", "quitting", "remote-work")
WORDS = ("wombat", "quokka", "narwhal", "axolotl", "pangolin", "okapi", "tapir", "dugong", "kinkajou",
         "gharial", "numbat", "bilby", "saiga", "takin", "zorilla", "aardwolf", "binturong", "fossa")


class Archive:
    """A small archive an editor changes at random: each column's answer ends with one word."""

    def __init__(self, site, rng):
        self.site, self.rng, self.columns, self.made = site, rng, {}, 0
        for _ in range(8):
            self.new_column()

    def write(self, slug):
        title, date, topics, word = self.columns[slug]
        self.site.add_column(slug, title=title, date=date, topics=", ".join(topics),
                             body=f"Q. What should I do about it?\n\nA. Say it plainly, like a {word}.")

    def new_column(self):
        self.made += 1
        slug = f"column-{self.made}"
        date = f"20{self.rng.randint(20, 26)}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d} 09:00"
        self.columns[slug] = (f"Question {self.made}", date, self.rng.sample(TOPICS, 1),
                              self.rng.choice(WORDS))
        self.write(slug)

    def edit(self, kind):
        slug = self.rng.choice(sorted(self.columns))
        title, date, topics, word = self.columns[slug]
        if kind == "word":
            self.columns[slug] = (title, date, topics, f"{self.rng.choice(WORDS)}{self.made}")
        elif kind == "title":
            self.columns[slug] = (f"{title}, asked again", date, topics, word)
        elif kind == "topic":
            more = [topic for topic in TOPICS if topic not in topics]
            self.columns[slug] = (title, date, topics + self.rng.sample(more, 1), word)
        if kind == "new":
            self.new_column()
        elif kind == "delete":
            del self.columns[slug]
            (self.site.content / "columns" / f"{slug}.md").unlink()
        else:
            self.write(slug)


def files_of(output):
    return {path.relative_to(output).as_posix(): path.read_bytes() for path in output.rglob("*")
            if path.is_file() and "pagefind" not in path.relative_to(output).parts}


def test_after_random_edits_the_devserver_wrote_what_a_cold_build_writes_and_search_finds_them(
        site, tmp_path, page):
    import random

    rng = random.Random(21)
    archive = Archive(site, rng)
    with Devserver(site) as devserver:
        for _ in range(30):
            builds = devserver.builds()
            archive.edit(rng.choice(("word", "word", "title", "topic", "new", "delete"))
                         if len(archive.columns) > 4 else "new")
            devserver.wait_for_builds(builds + 1)
        slug = sorted(archive.columns)[0]
        builds = devserver.builds()
        archive.columns[slug] = (*archive.columns[slug][:3], "quagga")
        archive.write(slug)
        devserver.wait_for_builds(builds + 1)
        page.goto(devserver.url + "/search/?q=quagga")
        expect(page.locator("#search-results li")).to_have_count(1, timeout=30_000)
        expect(page.locator("#search-results li a").first).to_have_attribute(
            "href", re.compile(f"/columns/{slug}/"))

        cold = site.make("html", OUTPUTDIR=tmp_path / "cold", PORT=devserver.port)
        assert cold.returncode == 0, cold.stderr
    built, expected = files_of(site.output), files_of(tmp_path / "cold")
    assert sorted(built) == sorted(expected)
    assert [path for path in expected if built[path] != expected[path]] == []
