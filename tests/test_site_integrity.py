"""Whole-site invariants: no broken internal link or anchor, and reproducible output."""

import shutil

from conftest import PUBLISHCONF, ROOT, column
from linkcheck import broken_links

SITE_URL = "https://columns.example.net"


def fill(site, n=14):
    """The project's own content plus enough columns for several pages."""
    shutil.copytree(ROOT / "content", site.content, dirs_exist_ok=True)
    for i in range(n):
        site.add_column(
            f"column-{i}",
            title=f"Question number {i}",
            date=f"2023-{i % 12 + 1:02d}-{i % 27 + 1:02d} 08:30",
            topics="interviews, salary" if i % 2 else "networking",
        )


def test_link_checker_reports_missing_pages_and_anchors(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="/a/">ok</a> <a href="/missing/">gone</a> <a href="/a/#there">ok</a> '
        '<a href="/a/#nowhere">no anchor</a> <img src="pic.png" alt="">', encoding="utf-8")
    (tmp_path / "a" / "index.html").write_text('<h1 id="there">A</h1>', encoding="utf-8")
    problems = broken_links(tmp_path)
    assert len(problems) == 3
    assert any("/missing/" in p for p in problems)
    assert any("#nowhere" in p for p in problems)
    assert any("pic.png" in p for p in problems)


def test_local_build_has_no_broken_internal_link(site):
    fill(site)
    result = site.make("html")
    assert result.returncode == 0, result.stderr
    assert broken_links(site.output) == []


def test_public_build_has_no_broken_internal_link(site):
    fill(site)
    result = site.make("publish", SITEURL=SITE_URL)
    assert result.returncode == 0, result.stdout + result.stderr
    assert broken_links(site.output, SITE_URL) == []


def files_of(output):
    """Every output file but the search index (not deterministic upstream), by relative path."""
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in output.rglob("*")
        if path.is_file() and "pagefind" not in path.relative_to(output).parts
    }


def test_two_builds_of_the_same_content_are_byte_identical(site, tmp_path):
    fill(site)
    first = files_of(site.build(PUBLISHCONF, SITEURL=SITE_URL))
    second = files_of(site.build(PUBLISHCONF, SITEURL=SITE_URL, OUTPUT_PATH=str(tmp_path / "again")))
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []


def test_every_column_file_is_accounted_for_in_the_summary(site, capfd):
    site.add_column("published")
    site.add_column("hidden", status="hidden")
    site.add_column("draft", status="draft")
    site.add_column("scheduled", date="2999-01-01 09:00")
    site.add_column("broken", text=column(date="the day after tomorrow"))
    site.build()
    summary = [line for line in capfd.readouterr().err.splitlines() if line.startswith("Columns:")]
    assert len(summary) == 1
    assert summary[0].startswith("Columns: 1 published, 1 hidden, 1 draft, 1 scheduled, 1 failed, ")
