"""The topic vocabulary: the shipped starter set, and every way a vocabulary file can be wrong."""

import tomllib

import pytest
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st
from pelican.settings import read_settings

from advice_column.settings import with_defaults
from advice_column.topics import vocabulary
from conftest import PELICANCONF, ROOT

REQUIRED_SLUGS = {
    "interviews", "follow-up", "job-search", "networking", "resumes", "salary", "negotiation",
    "layoffs", "unemployment", "managers", "coworkers", "workplace-conflict", "remote-work",
    "career-change", "references", "workplace-ethics", "promotions", "quitting", "benefits",
    "discrimination", "work-life-balance",
}


#: The project's settings, plugin defaults included (read once: the property tests parse a lot).
SETTINGS = with_defaults(read_settings(str(PELICANCONF), override={"PATH": str(ROOT / "content")}))


@pytest.fixture
def parse(site):
    """Parse vocabulary text as if it were the site's ``content/topics.toml``."""
    def parse(text):
        return vocabulary.parse(text, str(site.content / "topics.toml"), SETTINGS, str(site.content))

    return parse


def messages(problems):
    return [str(problem) for problem in problems]


def test_shipped_vocabulary_has_every_starter_topic_described_and_no_problem(parse):
    found, problems = parse((ROOT / "content" / "topics.toml").read_text(encoding="utf-8"))
    assert problems == []
    assert REQUIRED_SLUGS <= {topic.slug for topic in found}
    for topic in found:
        assert len(topic.description.split()) >= 15, topic.slug
        assert len(topic.keywords) >= 10, topic.slug


def test_topics_are_found_by_slug_or_name_in_any_case(parse):
    found, _ = parse((ROOT / "content" / "topics.toml").read_text(encoding="utf-8"))
    for value in ("work-life-balance", "Work-Life Balance", "  WORK-LIFE-BALANCE "):
        assert found.find(value).slug == "work-life-balance"
    assert found.find("Résumés and cover letters").slug == "resumes"
    assert found.find("resumes and cover letters").slug == "resumes"
    assert found.find("interview") is None


def test_topics_are_ordered_parents_first_then_children_by_name(parse):
    found, problems = parse("""
[b]
name = "Bravo"
description = "b"
[a2]
name = "Alpha two"
description = "a"
parent = "b"
[a1]
name = "Zulu"
description = "z"
parent = "b"
[c]
name = "Charlie"
description = "c"
parent = "a1"
[a]
name = "Alpha"
description = "a"
""")
    assert problems == []
    assert [topic.slug for topic in found] == ["a", "b", "a2", "a1", "c"]
    c = found.find("c")
    assert [t.slug for t in c.ancestors] == ["a1", "b"]
    assert [t.slug for t in found.find("b").children] == ["a2", "a1"]


def test_toml_syntax_error_names_the_file_and_line(parse):
    found, problems = parse('[interviews]\nname = "Interviews"\ndescription = "unterminated\n')
    assert found is None
    assert messages(problems) == [
        "content/topics.toml:3: error: the topic vocabulary is not valid TOML: Illegal character "
        "'\\n'; fix the syntax (https://toml.io); no column's topics were checked"]


#: Entries of table [x] (its header on line 5, its first field on line 6), what is wrong with
#: each, and the line it is reported at: the bad field's, or the header's when the field is missing.
@pytest.mark.parametrize("entry, line, message", [
    ('name = "X"', 5, "topic 'x': 'description' is missing; give the topic a description"),
    ('description = "An x."', 5, "topic 'x': 'name' is missing; give the topic a name"),
    ('name = "X"\ndescription = "  "', 7, "topic 'x': 'description' is empty"),
    ('name = 3\ndescription = "An x."', 6, "topic 'x': 'name' is an integer; make it a string"),
    ('name = "X"\ndescription = "An x."\nkeywords = "x"', 8,
     "topic 'x': 'keywords' is a string; make it an array of strings"),
    ('name = "X"\ndescription = "An x."\n\n  keywords = [\n  "x",\n  2,\n]', 9,
     "topic 'x': 'keywords' holds something other than non-empty strings"),
    ('name = "X"\ndescription = "An x."\nkeyword = ["x"]', 8,
     "topic 'x': unknown field 'keyword'; did you mean 'keywords'?"),
    ('name = "X"\ndescription = "An x."\n"parent" = "zz"', 8,
     "topic 'x': parent 'zz' is not a topic; did you mean 'z'?"),
    ('parent = "x"\nname = "X"\ndescription = "An x."', 6, "topic 'x': is its own parent"),
    ('description = "An x."\nname = "Z"', 7, "topic 'x': topic 'z' has the same name, 'Z'"),
])
def test_malformed_entry_is_an_error_at_the_line_of_its_field(parse, entry, line, message):
    found, problems = parse(f'[z]\nname = "Z"\ndescription = "A z."\n\n[x]\n{entry}\n')
    assert len(problems) == 1
    assert messages(problems)[0].startswith(f"content/topics.toml:{line}: error: {message}")
    assert found.find("x") is not None, "a bad entry with a good slug is kept"


def test_a_field_that_cannot_be_found_is_reported_at_its_entry(parse):
    _, problems = parse('\nx = { name = "X", description = "An x.", parent = "nope" }\n\n'
                        '[z]\nname = "Z"\ndescription = "A z."\n')
    assert messages(problems)[0].startswith("content/topics.toml:2: error: topic 'x': parent 'nope' is not a topic")


def test_bad_slug_and_non_table_entries_are_errors_and_left_out(parse):
    found, problems = parse('odd = 3\n\n["Remote Work"]\nname = "Remote"\ndescription = "r"\n')
    assert messages(problems) == [
        "content/topics.toml:1: error: topic 'odd': is an integer, not a table; write it as a "
        "table [odd] with name, description, parent and keywords",
        "content/topics.toml:3: error: topic 'Remote Work': the slug is not lower-case letters and "
        "digits joined by single hyphens; rename the table, as in [work-life-balance]",
    ]
    assert len(found) == 0


def test_parent_cycle_is_an_error_and_is_broken(parse):
    found, problems = parse("""
[a]
name = "A"
description = "a"
parent = "c"
[b]
name = "B"
description = "b"
parent = "a"
[c]
name = "C"
description = "c"
parent = "b"
""")
    assert messages(problems) == [
        "content/topics.toml:5: error: topic 'a': its parents form a cycle (a → c → b → a); a topic "
        "cannot be its own ancestor: remove one of these parents"]
    assert [topic.slug for topic in found] == ["a", "b", "c"]  # a is now a root, b under a, c under b


def test_malformed_vocabulary_is_reported_by_the_build_and_the_rest_is_built(site, capfd):
    site.write("topics.toml", '[interviews]\nname = "Interviews"\ndescriptoin = "Job interviews."\n'
                              '\n[salary]\nname = "Salary"\ndescription = "Pay."\n')
    site.add_column("pay", topics="salary")
    site.build()
    err = capfd.readouterr().err
    assert ("content/topics.toml:3: error: topic 'interviews': unknown field 'descriptoin'; "
            "did you mean 'description'?") in err
    assert "content/topics.toml:1: error: topic 'interviews': 'description' is missing" in err
    assert site.exists("topics/salary/index.html")
    assert site.exists("topics/interviews/index.html")
    assert "Pay." in site.page("topics/salary/").get_text()


def test_unreadable_vocabulary_is_one_error_and_columns_are_still_built(site, capfd):
    site.write("topics.toml", "[interviews\n")
    site.add_column("one", topics="interviews")
    site.build()
    err = capfd.readouterr().err
    assert "content/topics.toml:1: error: the topic vocabulary is not valid TOML" in err
    assert "unknown topic" not in err
    assert site.exists("columns/one/index.html")


# --- property tests: nothing a vocabulary file holds makes the reader crash -----------------

toml_values = st.recursive(
    st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
entries = st.dictionaries(
    st.sampled_from(["name", "description", "parent", "keywords", "other"]) | st.text(max_size=8),
    toml_values | st.sampled_from(["a", "b", "c"]) | st.lists(st.text(max_size=8), max_size=3),
    max_size=5,
)
vocabularies = st.dictionaries(st.sampled_from(["a", "b", "c", "Bad Slug", "d-e"]) | st.text(max_size=8),
                               entries | toml_values, max_size=6)


# No deadline: the machine is shared, and a slow example is not a wrong one.
@hypothesis_settings(max_examples=200, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=vocabularies)
def test_any_parsed_structure_gives_topics_and_problems_never_a_crash(site, data):
    found, problems = vocabulary.build(data, {}, str(site.content / "topics.toml"), SETTINGS,
                                       str(site.content))
    slugs = {topic.slug for topic in found}
    for slug in data:  # every entry is a topic, or reported, or both
        assert slug in slugs or any(p.what.startswith(f"topic '{slug}': ") for p in problems)
    for topic in found:
        assert vocabulary.SLUG.fullmatch(topic.slug)
        assert topic not in topic.ancestors
        assert topic.url == f"topics/{topic.slug}/"


@hypothesis_settings(max_examples=300, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from('[]{}="\'\n #.,-_abcxyz01'), max_size=80) | st.text(max_size=80))
def test_any_text_gives_a_vocabulary_or_a_syntax_error_never_a_crash(parse, text):
    found, problems = parse(text)
    if found is None:
        assert len(problems) == 1 and "not valid TOML" in problems[0].what
    else:
        assert all(problem.path == "content/topics.toml" for problem in problems)
        tomllib.loads(text)
