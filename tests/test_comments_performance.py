"""Approving a comment and rebuilding re-renders that column's page, its comments' feed and the
lists that show its count, nothing else, and writes what a cold build with the performance layer
off writes."""

import pytest

from comments_helpers import add_comment
from test_performance import differences, files_of, mtimes, reference_build, rendered

N = 36
TOPICS = ("interviews", "salary", "networking", "managers", "quitting")


@pytest.fixture(autouse=True)
def no_cache_in_process(monkeypatch):
    monkeypatch.delenv("CONTENT_CACHE_DIR", raising=False)


def fill(site):
    for i in range(N):
        site.add_column(f"c{i:03d}", title=f"Question {i}", date=f"2024-{i % 12 + 1:02d}-{i % 27 + 1:02d} 08:30",
                        topics=", ".join(TOPICS[i % 5: i % 5 + 1 + i % 2]))
    add_comment(site, "2024-05-05-c004", "first", body="An early comment.")


def listing(site, column):
    """The output files that show ``column``'s comments or their count: its page, the lists, its
    comments' feed."""
    link = f'href="/columns/{column}/#comments"'.encode()
    feed = f"columns/{column}/comments.atom.xml"
    return ({path for path, data in files_of(site.output).items() if link in data} | {f"columns/{column}/index.html"}
            | ({feed} if (site.output / feed).exists() else set()))


@pytest.mark.parametrize("change", ["approve", "reply", "remove"])
def test_a_comment_re_renders_its_column_and_the_lists_showing_its_count_and_nothing_else(
        site, tmp_path, capfd, change):
    fill(site)
    assert site.make("html").returncode == 0
    quiet = site.make("html", PELICANOPTS="-v")
    assert quiet.returncode == 0, quiet.stderr
    before, listed = mtimes(site.output), listing(site, "c004")
    if change == "approve":
        add_comment(site, "2024-05-05-c004", "second", date="2026-12-02 10:00", body="A new one.")
    elif change == "reply":
        add_comment(site, "2024-05-05-c004", "second", date="2026-12-02 10:00", parent="first", body="Agreed.")
    else:
        (site.content / "comments" / "2024-05-05-c004" / "first.md").unlink()
    result = site.make("html", PELICANOPTS="-v")
    assert result.returncode == 0, result.stderr
    expected = listed | listing(site, "c004")
    assert any(path.startswith("page/") for path in expected)  # the home page that lists it
    assert any(path.startswith("topics/") for path in expected)
    changed = {path.relative_to(site.output).as_posix() for path, when in mtimes(site.output).items()
               if before.get(path) != when}
    assert changed == expected
    assert rendered(result) == rendered(quiet) + len(expected)
    built = files_of(site.output)
    reference, _ = reference_build(site, tmp_path, "reference", capfd)
    assert differences(built, reference) == []
