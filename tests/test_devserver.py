"""`make devserver`: what it serves and writes, and that the public build has no trace of it."""

from bs4 import BeautifulSoup

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
