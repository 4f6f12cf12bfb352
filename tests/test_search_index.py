"""The search index: built in shards of columns, and on a rebuild only where a shard changed.

What the reader's browser gets is checked in tests/browser (one bundle, and many); here,
what is in each bundle: Pagefind's records (``fragment/*.pf_fragment``, gzip-compressed
JSON with each page's URL and indexed text), and which bundle files a rebuild touched.
"""

import doctest
import gzip
import json
import os
import stat
import threading

import pytest
from pelican import Pelican, signals

from advice_column.search import index, pagefind, shards
from advice_column.search.shards import indexed_part
from conftest import column

#: Build options for a site indexed in shards of two columns, with the content cache on.
SHARDS_OF_TWO = {"SEARCH_INDEX": True, "SEARCH_SHARD_SIZE": 2}


def cached(site):
    return {**SHARDS_OF_TWO, "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
            "CACHE_PATH": str(site.root / "cache")}


def add_columns(site, count):
    """Columns ``c1``… (oldest first), each with a word of its own (``wordN``)."""
    for i in range(1, count + 1):
        site.add_column(f"c{i}", title=f"Question {i}", date=f"2024-01-{i:02d} 09:00",
                        body=f"Q. A letter about word{i}.\n\nA. An answer.")


def records(bundle):
    """URL -> indexed text of every page in a Pagefind bundle."""
    found = {}
    for fragment in (bundle / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[data["url"]] = data["content"]
    return found


def files(bundle):
    """Every file of a bundle: relative path -> (inode, modification time)."""
    return {str(p.relative_to(bundle)): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in bundle.rglob("*") if stat.S_ISREG(p.stat().st_mode)}


def summary(text):
    return [line for line in text.splitlines() if line.startswith("Search index: ") and " shards " in line][-1]


def test_columns_are_indexed_in_shards_in_date_order_and_the_search_page_lists_them(site):
    add_columns(site, 5)
    site.add_column("hidden", title="Hidden", status="hidden", body="Q. Hidden word0?\n\nA. Yes.")
    output = site.build(**SHARDS_OF_TWO)
    bundles = sorted(p.name for p in (output / "pagefind").iterdir())
    assert bundles == ["1", "2", "3"]
    assert [sorted(records(output / "pagefind" / b)) for b in bundles] == [
        ["/columns/c1/", "/columns/c2/"], ["/columns/c3/", "/columns/c4/"], ["/columns/c5/"]]
    assert "word3" in records(output / "pagefind" / "2")["/columns/c3/"]
    form = site.page("search/").find("form", attrs={"role": "search"})
    assert form["data-pagefind-bundles"] == "/pagefind/1/ /pagefind/2/ /pagefind/3/"


def test_by_default_the_shard_size_suits_the_archive(site, capfd):
    add_columns(site, 5)
    output = site.build(SEARCH_INDEX=True)
    assert sorted(records(output / "pagefind" / "1")) == [f"/columns/c{i}/" for i in range(1, 6)]
    assert summary(capfd.readouterr().err).endswith(", up to 5 columns a shard)")


@pytest.mark.parametrize("module", [shards, pagefind])
def test_docstring_examples_hold(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


def test_a_rebuild_indexes_each_shard_as_soon_as_its_pages_are_on_disk_a_first_build_after_all(
        site, monkeypatch):
    add_columns(site, 5)
    events = []
    start = index.Update.start

    def written(path, context):  # Pelican's signal, sent once the page is on disk
        events.append(("page", os.path.relpath(path, site.output)))

    def started(update, shard):
        events.append(("shard", shard.number, all((site.output / page).is_file() for page in shard.pages)))
        start(update, shard)

    monkeypatch.setattr(index.Update, "start", started)
    signals.content_written.connect(written)
    try:
        site.build(**cached(site))
        first_shard = min(i for i, event in enumerate(events) if event[0] == "shard")
        assert [event for event in events[first_shard:] if event[0] == "page"] == []
        del events[:]
        edited = site.content / "columns" / "c5.md"
        edited.write_text(edited.read_text(encoding="utf-8").replace("word5", "aardvarks"), encoding="utf-8")
        output = site.build(**cached(site))
        members = {1: ["columns/c1/index.html", "columns/c2/index.html"],
                   2: ["columns/c3/index.html", "columns/c4/index.html"], 3: ["columns/c5/index.html"]}
        for number, shard_pages in members.items():
            at = events.index(next(event for event in events if event[:2] == ("shard", number)))
            assert events[at][2], f"shard {number} started before its pages were on disk"
            done = {event[1] for event in events[:at] if event[0] == "page"}
            assert set(shard_pages) <= done, f"shard {number} started before its pages were written"
        assert events.index(("shard", 3, True)) < events.index(("page", "archives/index.html"))
        assert "aardvarks" in records(output / "pagefind" / "3")["/columns/c5/"]
    finally:
        signals.content_written.disconnect(written)


def test_a_rebuild_indexes_first_the_shard_of_an_edited_column_then_checks_the_others(site, monkeypatch):
    add_columns(site, 5)
    site.build(**cached(site))
    events = []
    start = index.Update.start

    def written(path, context):
        events.append(("page", os.path.relpath(path, site.output)))

    def started(update, shard):
        events.append(("shard", shard.number))
        start(update, shard)

    monkeypatch.setattr(index.Update, "start", started)
    signals.content_written.connect(written)
    try:
        oldest = site.content / "columns" / "c1.md"  # its page comes last in Pelican's order
        oldest.write_text(oldest.read_text(encoding="utf-8").replace("word1", "aardvarks"), encoding="utf-8")
        output = site.build(**cached(site))
    finally:
        signals.content_written.disconnect(written)
    assert events[:3] == [("page", "columns/c2/index.html"), ("page", "columns/c1/index.html"), ("shard", 1)]
    assert {event for event in events if event[0] == "shard"} == {("shard", 1), ("shard", 2), ("shard", 3)}
    assert "aardvarks" in records(output / "pagefind" / "1")["/columns/c1/"]


def test_a_build_that_fails_while_rendering_leaves_no_search_work_behind(site, monkeypatch):
    add_columns(site, 3)
    site.build(**cached(site))
    (site.content / "columns" / "c3.md").write_text(column(title="Question 3", slug="c3", date="2024-01-03 09:00",
                                                          body="Q. About aardvarks?\n\nA. Yes."), encoding="utf-8")

    def fail(path, context):
        raise RuntimeError("the disk is full")

    signals.content_written.connect(fail)
    try:
        with pytest.raises(RuntimeError, match="the disk is full"):
            site.build(**cached(site))
    finally:
        signals.content_written.disconnect(fail)
    assert not (site.output / "pagefind" / ".work").exists()
    assert not [thread for thread in threading.enumerate() if thread.name.startswith("advice-column-search")]
    site.build(**cached(site))
    assert "aardvarks" in records(site.output / "pagefind" / "2")["/columns/c3/"]


def test_pages_whose_paths_hold_glob_characters_are_indexed_in_their_own_shard(site):
    add_columns(site, 3)
    odd = "columns [x]/{slug} (x),[y]*?$:<>/index.html"  # in the folder the shard's pages share, too
    output = site.build(**SHARDS_OF_TWO, ARTICLE_SAVE_AS=odd, ARTICLE_URL=odd)
    assert [sorted(records(output / "pagefind" / b)) for b in ("1", "2")] == [
        ["/columns [x]/c1 (x),[y]*?$:<>/", "/columns [x]/c2 (x),[y]*?$:<>/"], ["/columns [x]/c3 (x),[y]*?$:<>/"]]


def test_rebuild_after_an_edit_reindexes_only_that_columns_shard(site, capfd):
    add_columns(site, 5)
    output = site.build(**cached(site))
    before = {b: files(output / "pagefind" / b) for b in ("1", "2", "3")}
    capfd.readouterr()
    edited = site.content / "columns" / "c3.md"
    edited.write_text(column(title="Question 3", slug="c3", date="2024-01-03 09:00",
                             body="Q. A letter about aardvarks.\n\nA. An answer."), encoding="utf-8")
    site.build(**cached(site))
    assert summary(capfd.readouterr().err).startswith("Search index: 1 of 3 shards re-indexed, 2 kept,")
    assert files(output / "pagefind" / "1") == before["1"]
    assert files(output / "pagefind" / "3") == before["3"]
    assert files(output / "pagefind" / "2") != before["2"]
    shard = records(output / "pagefind" / "2")
    assert "aardvarks" in shard["/columns/c3/"] and "word3" not in shard["/columns/c3/"]


def test_the_devservers_second_build_by_the_same_pelican_reindexes_only_the_edited_shard(site, capfd):
    add_columns(site, 4)
    pelican = Pelican(site.settings(**cached(site)))
    pelican.run()
    edited = site.content / "columns" / "c1.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("word1", "aardvarks"), encoding="utf-8")
    capfd.readouterr()
    pelican.run()
    assert summary(capfd.readouterr().err).startswith("Search index: 1 of 2 shards re-indexed, 1 kept,")
    assert "aardvarks" in records(site.output / "pagefind" / "1")["/columns/c1/"]


def test_a_new_column_reindexes_only_the_last_shard_and_an_unchanged_site_nothing(site, capfd):
    add_columns(site, 3)
    site.build(**cached(site))
    site.build(**cached(site))
    assert summary(capfd.readouterr().err).startswith("Search index: 0 of 2 shards re-indexed, 2 kept,")
    site.add_column("c4", title="Question 4", date="2024-01-04 09:00", body="Q. About word4?\n\nA. Yes.")
    site.build(**cached(site))
    assert summary(capfd.readouterr().err).startswith("Search index: 1 of 2 shards re-indexed, 1 kept,")
    assert sorted(records(site.output / "pagefind" / "2")) == ["/columns/c3/", "/columns/c4/"]


def test_deleting_a_column_reindexes_its_shard_and_removes_a_shard_that_is_gone(site, capfd):
    add_columns(site, 5)
    output = site.build(**cached(site))
    first = files(output / "pagefind" / "1")
    (site.content / "columns" / "c3.md").unlink()
    site.build(**cached(site))
    assert summary(capfd.readouterr().err).startswith("Search index: 1 of 2 shards re-indexed, 1 kept,")
    assert sorted(p.name for p in (output / "pagefind").iterdir()) == ["1", "2"]
    assert files(output / "pagefind" / "1") == first
    assert sorted(records(output / "pagefind" / "2")) == ["/columns/c4/", "/columns/c5/"]
    assert 'data-pagefind-bundles="/pagefind/1/ /pagefind/2/"' in (output / "search" / "index.html").read_text()


def test_a_shard_pagefind_cannot_index_is_an_error_naming_it_and_fails_a_strict_build(
        site, tmp_path, monkeypatch, capfd):
    """Reported and counted by a build; `pelican --fatal warnings` (`make publish`) fails on it."""
    fake = tmp_path / "pagefind"
    fake.write_text('#!/bin/sh\n[ "$1" = --version ] && echo "pagefind 1.5.2" && exit 0\n'
                    'echo "Error: disk full" >&2\nexit 3\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    add_columns(site, 1)
    site.build(**SHARDS_OF_TWO)
    err = capfd.readouterr().err
    failure = ("output/pagefind/1: error: Pagefind could not index search shard 1 of 1 "
               "(1 column: columns/c1/index.html): Error: disk full; ")
    assert failure in err
    assert "Search index: 0 of 1 shards re-indexed, 0 kept, 1 failed," in err
    assert [line for line in err.splitlines() if line.startswith("Columns: ")][-1].endswith("1 error, 0 warnings")
    strict = site.pelican("--fatal", "warnings")
    assert strict.returncode != 0
    assert failure in strict.stderr


def test_without_search_index_no_bundle_is_written(site):
    add_columns(site, 1)
    output = site.build()
    assert not (output / "pagefind").exists()
    assert site.page("search/").find("form")["data-pagefind-bundles"] == "/pagefind/1/"


def test_what_follows_the_indexed_article_is_left_out_of_its_digest_unless_pagefind_reads_it():
    page = (b'<html lang="en"><title>T</title><article class="column" data-pagefind-body><h1>A</h1>'
            b'<article>nested</article> more text</article><aside>Related: B</aside>')
    assert indexed_part(page) == page[:page.index(b"<aside>")]
    for tail in (b'<p data-pagefind-filter="topic">X</p>', b'<IMG src="a.png">'):
        assert indexed_part(page + tail) == page + tail
    assert indexed_part(b"<html><p>no body</p></html>") == b"<html><p>no body</p></html>"
