"""`make check` reports the vocabulary's problems and every column's topic problems, without building."""

from conftest import column


def test_make_check_reports_vocabulary_unknown_and_missing_topics(site):
    vocabulary = (site.content / "topics.toml").read_text(encoding="utf-8")
    site.write("topics.toml", vocabulary + '\n[office-pets]\nname = "Office pets"\n')
    site.add_column("typo", text=column(title="A typo", slug="typo", topics="salary, intervews"))
    site.add_column("bare", topics=None, title="Should I negotiate the offer?", body="""
        Q. The job offer came in low. Can I negotiate the salary?

        A. Yes.""")
    site.add_column("fine", topics="Salary and pay")
    result = site.make("check")
    assert result.returncode != 0, result.stderr
    lines = result.stderr.splitlines()
    line = len(vocabulary.splitlines()) + 2
    assert (f"content/topics.toml:{line}: error: topic 'office-pets': 'description' is missing; "
            "give the topic a description") in lines
    assert ("content/columns/typo.md:4: error: unknown topic 'intervews'; did you mean 'interviews'? "
            "Use a topic's slug or name from content/topics.toml, or add the topic there") in lines
    bare = next(line for line in lines if line.startswith("content/columns/bare.md"))
    assert bare.startswith("content/columns/bare.md:1: warning: the column has no topics")
    assert "'Topics: negotiation, salary" in bare
    assert not [line for line in lines if "fine.md" in line]
    assert not site.exists("index.html")
