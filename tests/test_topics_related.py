"""Related columns on each column page: shared topics first, then shared words; never itself."""

import pytest
from advice_column.topics import related as related_module

from conftest import PUBLISHCONF

#: slug -> (topics, letter). Dates step back a day each, in this order.
COLUMNS = {
    "raise-refused": ("salary", "My boss refused my raise again. Inflation keeps eating my paycheck."),
    "raise-denied": ("salary", "They denied my raise. My paycheck shrinks with inflation every year."),
    "raise-delayed": ("salary", "My raise is delayed until spring."),
    "offer-counter": ("negotiation", "Should I counter the offer? The paycheck is smaller than my current one."),
    "benefits-vs-pay": ("benefits", "Better insurance or a bigger salary?"),
    "panel-nerves": ("interviews", "Panel interviews terrify me. How do I prepare?"),
    "stolen-credit": ("coworkers", "My teammate keeps taking credit for my work in meetings."),
}


def add_columns(site, **extra):
    for day, (slug, (topics, letter)) in enumerate(COLUMNS.items()):
        site.add_column(slug, title=slug.replace("-", " ").capitalize(), date=f"2024-03-{20 - day:02d} 09:00",
                        topics=topics, body=f"Q. {letter}\n\nA. An answer.", **extra.get(slug, {}))


@pytest.fixture(params=["ranked in the build", "ranked in the background"])
def ranking(request, monkeypatch):
    """Build options: related columns ranked in the build's process, or (as for a large archive)
    in a forked process that scores in two more while the build goes on."""
    if request.param == "ranked in the background":
        monkeypatch.setattr(related_module, "MIN_PARALLEL", 1)
    return {"RENDER_PROCESSES": 2}


def related(site, slug):
    return [a["href"].split("/")[-2] for a in site.page(f"columns/{slug}/").select("aside.related li a")]


def test_related_columns_share_topics_first_then_words_and_never_the_column_itself(site, ranking):
    add_columns(site)
    site.build(**ranking)
    # The same topic and three shared words ("raise", "paycheck", "inflation") come first; then
    # two columns at one topic and one word each: "raise-delayed" (salary, "raise") and
    # "offer-counter" (negotiation, a child of salary, and "paycheck"), in slug order.
    assert related(site, "raise-refused") == ["raise-denied", "offer-counter", "raise-delayed"]
    # negotiation and benefits share their parent, salary; "paycheck" breaks the tie.
    assert related(site, "offer-counter")[:2] == ["raise-denied", "raise-refused"]
    for slug in COLUMNS:
        assert slug not in related(site, slug)


def test_related_columns_follow_the_setting_and_can_be_turned_off(site):
    add_columns(site)
    site.build(RELATED_COLUMNS=1)
    assert related(site, "raise-refused") == ["raise-denied"]
    site.build(RELATED_COLUMNS=0)
    assert site.page("columns/raise-refused/").select("aside.related") == []


def test_a_column_sharing_nothing_has_no_related_section(site):
    add_columns(site)
    site.build()
    assert site.page("columns/panel-nerves/").select("aside.related") == []


def test_only_published_columns_are_suggested(site, ranking):
    add_columns(site, **{"raise-denied": {"status": "hidden"}, "raise-delayed": {"status": "draft"}})
    site.build(PUBLISHCONF, SITEURL="https://example.net", **ranking)
    found = [a["href"] for a in site.page("columns/raise-refused/").select("aside.related li a")]
    assert found == ["https://example.net/columns/offer-counter/",
                     "https://example.net/columns/benefits-vs-pay/"]
    # a hidden column's own page still gets related columns, all of them published
    assert set(related(site, "raise-denied")) == {"raise-refused", "offer-counter", "benefits-vs-pay"}


def test_equal_scores_are_broken_by_slug(site, ranking):
    for slug in ("zeta", "alpha", "mu"):
        site.add_column(slug, topics="layoffs", body="Q. Hello?\n\nA. Hi.")
    site.add_column("origin", topics="layoffs", body="Q. Greetings?\n\nA. Hi.")
    site.build(**ranking)
    assert related(site, "origin") == ["alpha", "mu", "zeta"]


EDITS = {
    # a letter that now shares "raise", "inflation" and "paycheck" with the raise columns, whose own
    # index entries do not change: the columns under them do
    "a letter": lambda site: site.add_column(
        "panel-nerves", title="Panel nerves", date="2024-03-15 09:00", topics="interviews",
        body="Q. Panel interviews terrify me; my raise is late, inflation eats my paycheck.\n\nA. An answer."),
    "a topic": lambda site: site.add_column(
        "stolen-credit", title="Stolen credit", date="2024-03-14 09:00", topics="salary",
        body=f"Q. {COLUMNS['stolen-credit'][1]}\n\nA. An answer."),
    "an answer": lambda site: site.add_column(
        "raise-delayed", title="Raise delayed", date="2024-03-18 09:00", topics="salary",
        body=f"Q. {COLUMNS['raise-delayed'][1]}\n\nA. A longer answer, about inflation and paychecks."),
    "a new column": lambda site: site.add_column(
        "raise-again", title="Raise again", date="2024-03-21 09:00", topics="salary",
        body="Q. My raise was refused: inflation, paycheck, boss.\n\nA. An answer."),
    "a deleted column": lambda site: (site.content / "columns" / "raise-denied.md").unlink(),
}


@pytest.mark.parametrize("edit", EDITS)
def test_a_rebuild_keeps_only_rankings_that_cannot_have_changed(site, ranking, monkeypatch, tmp_path, edit):
    """With the content cache, a column keeps the last build's related columns only when they
    would be the same: after each kind of edit, every column's are a build without the cache's."""
    add_columns(site)
    monkeypatch.setenv("CONTENT_CACHE_DIR", str(tmp_path / "cache"))
    site.build(**ranking)
    EDITS[edit](site)
    site.build(**ranking)
    assert list((tmp_path / "cache").glob("advice-column.related"))
    slugs = [path.stem for path in (site.content / "columns").glob("*.md")]
    cached = {slug: related(site, slug) for slug in slugs}
    if edit == "a letter":
        assert "panel-nerves" in cached["raise-refused"]
    monkeypatch.delenv("CONTENT_CACHE_DIR")
    site.build(**ranking)
    assert cached == {slug: related(site, slug) for slug in slugs}


def test_a_ranking_that_cannot_be_kept_is_a_warning_and_the_next_build_ranks_again(tmp_path, caplog):
    from advice_column.columns import results

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    results.save(str(blocked / "advice-column.related"), {"kept": True})
    assert "Could not keep" in caplog.text and "not-a-folder" in caplog.text
    assert results.load(str(blocked / "advice-column.related")) is None
