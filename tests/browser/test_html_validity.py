"""The Nu Html Checker (npm `vnu-jar`, run with the machine's Java) over the whole build."""

import subprocess

from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_nu_html_checker_finds_no_error_in_the_whole_build(built_site):
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only",
         "--skip-non-html", str(built_site.output)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr


def test_nu_html_checker_finds_no_error_in_pages_with_comments_and_their_forms(tmp_path):
    """A column with a thread over two pages, replies and the columnist's, and every form."""
    from comments_helpers import RECEIVER, add_comment
    from conftest import Site

    site = Site(tmp_path)
    site.add_column("boss", title="My boss")
    for i in range(5):
        add_comment(site, "2024-03-05-boss", f"c{i}", name=f"Reader <{i}>", date=f"2026-12-0{i + 1} 10:00",
                    parent="c0" if i % 2 else None, body=f"> quoted\n\nComment *{i}* [link](https://example.org)")
    add_comment(site, "2024-03-05-boss", "reply", name=None, columnist=True, parent="c2", date="2026-12-09 10:00")
    site.build(RECEIVER_URL=RECEIVER, COMMENTS_PER_PAGE=3)
    assert (site.output / "columns" / "boss" / "comments" / "2" / "index.html").exists()
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--skip-non-html",
                             str(site.output / "columns"), str(site.output / "index.html")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
