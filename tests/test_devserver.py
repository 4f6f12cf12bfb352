"""`make devserver`: what it serves and writes, and that the public build has no trace of it."""

import os

from bs4 import BeautifulSoup

from conftest import PELICANCONF
from devserver_helpers import Devserver

MARK = b"__devserver"


def files_with(output, needle):
    return sorted(str(path.relative_to(output)) for path in output.rglob("*")
                  if path.is_file() and needle in path.read_bytes())


def test_the_reload_script_is_in_the_pages_served_and_nowhere_in_the_files(site):
    site.add_column("raise", title="My raise keeps being postponed", topics="salary")
    with Devserver(site) as devserver:
        status, served = devserver.get("/columns/raise/")
        scripts = [tag["src"] for tag in BeautifulSoup(served, "html.parser").find_all("script", src=True)]
        assert status == 200 and "/__devserver/client.js" in scripts
        status, missing = devserver.get("/columns/no-such-column/")
        assert status == 404 and "/__devserver/client.js" in missing
        assert devserver.get("/__devserver/client.js")[0] == 200
        status, stylesheet = devserver.get("/theme/css/site.css")
        assert status == 200 and "__devserver" not in stylesheet
    assert (site.output / "columns" / "raise" / "index.html").is_file()
    assert files_with(site.output, MARK) == []


def test_make_html_and_make_publish_have_no_trace_of_the_devserver(site):
    site.add_column("raise", title="My raise keeps being postponed", topics="salary")
    result = site.make("html")
    assert result.returncode == 0, result.stderr
    assert (site.output / "index.html").is_file() and files_with(site.output, MARK) == []
    result = site.make("publish", SITEURL="https://columns.example.net")
    assert result.returncode == 0, result.stderr
    assert (site.output / "index.html").is_file() and files_with(site.output, MARK) == []


def test_however_many_builds_the_devserver_runs_it_keeps_the_columns_of_one(site, monkeypatch):
    """Each build frees the last one's columns before it reads its own."""
    import gc

    from pelican import parse_arguments
    from pelican.contents import Article

    from advice_column.devserver import memory
    from advice_column.devserver.session import Session

    for i in range(5):
        site.add_column(f"c{i}", title=f"Question {i}", date=f"2024-0{i + 1}-05 09:00")
    monkeypatch.setenv("CONTENT_CACHE_DIR", str(site.root / "cache"))
    session = Session(parse_arguments([str(site.content), "-o", str(site.output), "-s", str(PELICANCONF),
                                       "-q", "-e", "SEARCH_INDEX=false"]))
    for round_ in range(4):
        site.add_column("c0", title=f"Question 0, round {round_}", date="2024-01-05 09:00")
        assert session.build({str(site.content / "columns" / "c0.md")}) == []
        memory.settle()  # what the devserver does after a build: no collection
        gc.unfreeze()
        alive = [o for o in gc.get_objects() if isinstance(o, Article)]
        gc.freeze()
        titles = sorted(column.title for column in alive)
        del alive
        assert titles == [f"Question 0, round {round_}", *(f"Question {i}" for i in range(1, 5))]


def test_pages_shown_before_a_build_are_the_pages_that_build_writes(site, monkeypatch):
    """Random edits of every kind (a word, a title, a topic, a new column, a deleted one) on an
    archive whose lists have several pages: what the devserver shows before each build (the
    saved column's page, the home page and its topics' pages) is, byte for byte, what the build
    then writes, and a deleted column's page is gone."""
    import random

    from pelican import parse_arguments

    from advice_column.devserver import memory
    from advice_column.devserver.session import Session

    rng = random.Random(7)
    topics = ("salary", "managers", "coworkers", "interviews")
    columns = {}  # slug -> (title, date, topics, word)

    def write(slug):
        title, date, on, word = columns[slug]
        site.add_column(slug, title=title, date=date, topics=", ".join(on),
                        body=f"Q. What now?\n\nA. Say it plainly, like a {word}.")

    days = rng.sample(range(1, 600), 80)
    for i in range(25):
        columns[f"c{i}"] = (f"Question {i}", f"{2020 + days[i] // 300}-{days[i] // 28 % 12 + 1:02d}-"
                            f"{days[i] % 28 + 1:02d} 09:{i:02d}", rng.sample(topics, 1), "wombat")
        write(f"c{i}")
    monkeypatch.setenv("CONTENT_CACHE_DIR", str(site.root / "cache"))
    session = Session(parse_arguments([str(site.content), "-o", str(site.output), "-s", str(PELICANCONF),
                                       "-q", "-e", "SEARCH_INDEX=false"]))
    assert session.build() == []
    memory.collect()
    shown_lists = 0
    for made in range(25, 45):
        kind = rng.choice(("word", "title", "topic", "new", "new", "delete"))
        slug = rng.choice(sorted(columns))
        path = site.content / "columns" / f"{slug}.md"
        if kind == "new":
            slug, path = f"c{made}", site.content / "columns" / f"c{made}.md"
            date = (f"2026-11-{made - 20:02d} 08:00" if rng.random() < 0.5  # the newest, or among the others
                    else f"2021-{made % 12 + 1:02d}-15 10:{made:02d}")
            columns[slug] = (f"Question {made}", date, rng.sample(topics, 2), "quokka")
            write(slug)
        elif kind == "delete":
            gone = columns.pop(slug)
            path.unlink()
        else:
            title, date, on, word = columns[slug]
            columns[slug] = {"word": (title, date, on, f"okapi{made}"),
                             "title": (f"{title}, again", date, on, word),
                             "topic": (title, date, [*on, *[t for t in topics if t not in on][:1]], word)}[kind]
            write(slug)
        shown = {}
        for pages in session.preview({str(path)}):
            shown.update(pages)
        assert shown, f"nothing shown before the build for a {kind} edit"
        home = str(site.output / "index.html")
        assert home in shown, f"the home page is not shown before the build for a {kind} edit"
        topic_pages = {str(site.output / "topics" / topic / "index.html") for topic in (columns[slug] if slug in columns else gone)[2]}
        assert topic_pages <= set(shown), f"the column's topic pages are not shown for a {kind} edit"
        if kind in ("new", "delete"):
            shown_lists += 1
            newest = sorted((date, title) for title, date, _, _ in columns.values())[-10:]
            listed = BeautifulSoup(shown[home], "html.parser").select("main .column-list h2 a")
            assert sorted(link.get_text() for link in listed) == sorted(title for _, title in newest)
            if kind == "delete":
                assert shown[str(site.output / "columns" / slug / "index.html")] is None
                assert gone[0] not in shown[home].decode()
        assert session.build({str(path)}) == []
        memory.collect()
        for output, data in shown.items():
            if data is None:
                assert not os.path.exists(output), f"{output} is still there"
            else:
                with open(output, "rb") as file:
                    assert file.read() == data, f"{kind} edit: the build wrote another {output}"
    assert shown_lists >= 5


def test_a_new_column_the_model_cannot_place_exactly_is_left_to_the_build(site, monkeypatch):
    """Nothing is shown before the build for a new column dated to the minute like another (its
    place among them is Pelican's reading order), nor for a scheduled one; the build shows both."""
    from pelican import parse_arguments

    from advice_column.devserver.session import Session

    for i in range(3):
        site.add_column(f"c{i}", title=f"Question {i}", date=f"2024-0{i + 1}-05 09:00")
    monkeypatch.setenv("CONTENT_CACHE_DIR", str(site.root / "cache"))
    session = Session(parse_arguments([str(site.content), "-o", str(site.output), "-s", str(PELICANCONF),
                                       "-q", "-e", "SEARCH_INDEX=false"]))
    assert session.build() == []
    for slug, date in (("twin", "2024-02-05 09:00"), ("later", "2099-01-01 09:00"), ("plain", "2024-04-05 09:00")):
        path = site.add_column(slug, title=f"Question {slug}", date=date)
        shown = [pages for pages in session.preview({str(path)})]
        assert bool(shown) == (slug == "plain"), slug
        assert session.build({str(path)}) == []
    assert "Question twin" in (site.output / "index.html").read_text()
