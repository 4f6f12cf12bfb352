"""Hardening: the topic vocabulary (``content/topics.toml``) on broken and hostile input.

Any text is read without exception; every entry of a vocabulary is either a
topic or named in a problem (never silently dropped); every problem is
``path:line: error: what; what to do``; hostile names and descriptions are
shown literally and never become active on the topic pages, the topics index,
the subscribe page, the OPML list or the topic feeds.
"""

import html
import json
import re
import tomllib
import xml.etree.ElementTree as ET

import feedparser
import pytest
from conftest import PELICANCONF, Site, column
from hostile import PAYLOADS, assert_inert, assert_shows, problems
from hypothesis import given, settings
from hypothesis import strategies as st

from advice_column.__main__ import main
from advice_column.settings import load
from advice_column.topics.vocabulary import parse

SETTINGS = load(str(PELICANCONF))
PROBLEM = re.compile(r"^content/topics\.toml(?::(?P<line>\d+))?: error: (?P<what>.+?); (?P<todo>.+)$")


# --- Never a crash, every entry accounted for -------------------------------------------------------

def vocabulary(text):
    return parse(text, "/site/content/topics.toml", SETTINGS, "/site/content")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_read_without_exception(text):
    topics, found = vocabulary(text)
    lines = max(len(text.splitlines()), 1)
    assert topics is not None or found
    assert all(p.line is None or 1 <= p.line <= lines + 1 for p in found)


PLAIN = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=30)
VALUES = st.one_of(PLAIN, st.just(""), st.integers(-3, 3), st.booleans(), st.lists(PLAIN, max_size=3))
KEYS = st.text(alphabet="abz09-_ Z.", min_size=1, max_size=8)
ENTRY = st.one_of(
    st.fixed_dictionaries({}, optional={"name": VALUES, "description": VALUES, "parent": KEYS | VALUES,
                                        "keywords": VALUES, "nmae": VALUES}),
    VALUES,
)


def toml_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(map(toml_value, value)) + "]"
    return json.dumps(value, ensure_ascii=False)


def toml(data):
    """``data`` written as TOML: plain values first, then one table per dict."""
    key = lambda k: json.dumps(k, ensure_ascii=False)  # noqa: E731
    plain = [f"{key(k)} = {toml_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    tables = [f"[{key(k)}]\n" + "".join(f"{key(f)} = {toml_value(x)}\n" for f, x in v.items())
              for k, v in data.items() if isinstance(v, dict)]
    return "\n".join(plain) + "\n\n" + "\n".join(tables)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(KEYS, ENTRY, max_size=6))
def test_every_entry_is_a_topic_or_named_in_a_problem(data):
    text = toml(data)
    assert tomllib.loads(text) == data
    topics, found = vocabulary(text)
    slugs = {topic.slug for topic in topics}
    for slug in data:
        assert slug in slugs or any(f"topic '{slug}'" in p.what for p in found), (slug, found)
    for problem in found:
        assert str(problem).startswith("content/topics.toml")
        assert problem.what and problem.todo


# --- Errors for people ------------------------------------------------------------------------------

BROKEN_VOCABULARY = """\
[job-search]
name = "Job search"
description = "Finding work."

["Bad Slug"]
name = "Bad"
description = "A slug with spaces."

[no-name]
description = "It has no name."

[typo]
name = "Typo"
descriptoin = "A misspelt field."

[orphan]
name = "Orphan"
description = "Its parent does not exist."
parent = "job-serch"

[wrong-type]
name = 3
description = "A number for a name."

[loop-a]
name = "Loop A"
description = "A"
parent = "loop-b"

[loop-b]
name = "Loop B"
description = "B"
parent = "loop-a"
"""
#: slug -> (line of the field at fault, or of the entry when it has no such field; words in the message)
EXPECTED = {"Bad Slug": (5, "slug"), "no-name": (9, "'name' is missing"), "typo": (14, "unknown field"),
            "orphan": (19, "parent 'job-serch' is not a topic"), "wrong-type": (22, "'name' is an integer"),
            "loop-a": (28, "cycle")}


@pytest.mark.parametrize("how", ["check", "build"])
def test_every_vocabulary_and_topic_error_names_file_line_what_and_what_to_do(site, capsys, how):
    site.write("topics.toml", BROKEN_VOCABULARY)
    site.add_column("unknown", column(title="Unknown topic", slug="unknown", topics="job-serch"))
    site.add_column("none", "Title: No topics\nDate: 2024-03-05 09:00\n\nQ. Hi?\n\nA. Hello.\n")
    if how == "check":
        assert main(["--conf", str(PELICANCONF), "check", "--content", str(site.content)]) == 1
    else:
        site.build()
    lines = capsys.readouterr().err.splitlines()
    vocabulary_lines = [PROBLEM.match(line) for line in lines if line.startswith("content/topics.toml")]
    assert all(vocabulary_lines), lines
    for slug, (line, words) in EXPECTED.items():
        assert any(m["line"] == str(line) and f"topic '{slug}'" in m["what"] and words in m["what"]
                   for m in vocabulary_lines), (slug, [m.string for m in vocabulary_lines])
    for match in vocabulary_lines:
        assert len(match["todo"].split()) >= 3
    unknown = [line for line in lines if line.startswith("content/columns/unknown.md:")]
    assert unknown and re.match(r"^content/columns/unknown\.md:\d+: error: unknown topic 'job-serch'; "
                                r".*did you mean 'job-search'", unknown[0]), "\n".join(lines)
    missing = [line for line in lines if line.startswith("content/columns/none.md:")]
    assert missing and ": warning: " in missing[0] and "; " in missing[0], lines


def test_a_vocabulary_that_is_not_toml_is_one_error_at_its_line(site, capsys):
    site.write("topics.toml", '[job-search]\nname = "Job search\ndescription = "x"\n')
    site.build()
    [line] = [line for line in capsys.readouterr().err.splitlines() if line.startswith("content/topics.toml")]
    match = PROBLEM.match(line)
    assert match and match["line"] == "2" and "not valid TOML" in match["what"], line


# --- Hostile names and descriptions -----------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_topics(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("topics"))
    entries = []
    for number, payload in enumerate(PAYLOADS.values(), 1):
        entries.append(f"[xss-{number}]\nname = {json.dumps(payload)}\n"
                       f"description = {json.dumps('About ' + payload)}\n")
        site.add_column(f"c{number}", column(title=f"Column {number}", slug=f"c{number}",
                                             topics=f"xss-{number}"))
    site.write("topics.toml", "\n".join(entries))
    site.build()
    return site


def test_topic_pages_index_and_subscribe_page_are_inert_and_show_names_literally(hostile_topics):
    for path in sorted(hostile_topics.output.rglob("*.html")):
        assert not problems(path.read_text(encoding="utf-8")), path
    index = hostile_topics.page("topics/")
    for number, payload in enumerate(PAYLOADS.values(), 1):
        page = hostile_topics.page(f"topics/xss-{number}/")
        assert_shows(page.h1, payload, f"topics/xss-{number}/ h1")
        assert_shows(page.select_one("main"), "About " + payload, f"topics/xss-{number}/")
        assert_shows(index.select_one("main"), payload, "topics/")
        assert_shows(hostile_topics.page(f"columns/c{number}/").select_one("main"), payload, f"c{number}")


def test_topic_feeds_and_opml_carry_hostile_names_as_text(hostile_topics):
    opml = ET.parse(hostile_topics.output / "feeds/index.opml").getroot()
    titles = " ".join(outline.get("title", "") + outline.get("text", "") for outline in opml.iter("outline"))
    for payload in PAYLOADS.values():
        assert payload in titles
    for path in sorted((hostile_topics.output / "feeds/topics").iterdir()):
        if path.suffix == ".json":
            feed = json.loads(path.read_text(encoding="utf-8"))
            assert any(payload in feed["title"] for payload in PAYLOADS.values()), path.name
            for item in feed["items"]:
                assert_inert(item["content_html"], path.name)
            continue
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, path.name
        detail = parsed.feed.title_detail
        shown = detail.value if detail.type == "text/html" else html.escape(detail.value)
        assert_inert(shown, f"{path.name} title")
        for entry in parsed.entries:
            for tag in entry.get("tags", []):
                assert_inert(html.escape(tag.term), path.name)
