"""Hardening: faults cost one column, never the build; a failed publish never touches the live site."""

import hashlib
import os

from conftest import column


def snapshot(folder):
    """Every file under ``folder``: relative path -> SHA-256 of its bytes."""
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_an_unreadable_column_is_reported_and_counted_and_costs_only_itself(site, capsys):
    site.add_column("first", column(title="First", slug="first"))
    site.add_column("second", column(title="Second", slug="second"))
    os.symlink(site.root / "gone.md", site.content / "columns" / "broken-link.md")
    site.build()
    err = capsys.readouterr().err.splitlines()
    assert [line for line in err if line.startswith("content/columns/broken-link.md:1: error: the file cannot "
                                                      "be read")]
    summary = [line for line in err if line.startswith("Columns: ")][-1]
    assert summary.startswith("Columns: 2 published, 0 hidden, 0 draft, 0 scheduled, 1 failed")
    assert site.exists("columns/first/index.html") and site.exists("columns/second/index.html")


def test_make_check_reports_an_unreadable_column_too(site, capsys):
    from advice_column.__main__ import main
    from conftest import PELICANCONF

    site.add_column("first", column(title="First", slug="first", topics="interviews"))
    os.symlink(site.root / "gone.md", site.content / "columns" / "broken-link.md")
    assert main(["--conf", str(PELICANCONF), "check", "--content", str(site.content)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("content/columns/broken-link.md:1: error: the file cannot be read")
    assert err[-1] == "Checked 2 columns: 1 error, 0 warnings"


def test_a_failed_publish_leaves_the_previous_site_byte_for_byte(site):
    site.add_column("live", column(title="Live column", slug="live", topics="interviews"))
    first = site.make("publish")
    assert first.returncode == 0, first.stderr
    before = snapshot(site.output)
    assert "columns/live/index.html" in before and any(p.startswith("pagefind/") for p in before)

    site.add_column("newer", column(title="Newer column", slug="newer", date="2024-04-01 09:00"))
    site.add_column("broken", text="Title: Broken\nDate: someday\n\nQ. Hi?\n\nA. Hello.\n")
    second = site.make("publish")
    assert second.returncode != 0
    assert "content/columns/broken.md:2: error:" in second.stderr
    assert "nothing was replaced" in second.stderr
    assert snapshot(site.output) == before
    assert not site.output.with_name(site.output.name + ".partial").exists()
