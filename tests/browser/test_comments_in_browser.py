"""Comments in headless Chromium, end to end: a reader posts a comment and a reply through the
column page's forms to the receiver `make receiver` runs, lands back on the page at the
"awaits moderation" notice; an editor approves them with `make approve` and rebuilds; the reader
sees them, the reply nested. Axe on a page with comments and its form, light and dark."""

import functools
import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from comments_helpers import add_comment
from conftest import Site, column
from imap_server import free_port
from receiver_helpers import Receiver

from .conftest import Quiet, serve

pytestmark = pytest.mark.browser

COLUMN = "2024-03-05-one"
axe = Axe()


def commented_site(root, with_comments=False):
    """``(site, site address, receiver)``: a column page whose form posts to a running receiver."""
    site = Site(root)
    site.add_column("one", text=column(title="A first column", slug="one"))
    if with_comments:
        add_comment(site, COLUMN, "c1", name="Pat", body="Same here, *really*. See [my notes](https://example.org).")
        add_comment(site, COLUMN, "c2", name=None, columnist=True, parent="c1", date="2026-12-02 10:00",
                    body="> Same here\n\nThank you, Pat.")
    server = serve(functools.partial(Quiet, directory=str(site.output)))
    site_port, receiver_port = server.server_address[1], free_port()
    site.receiver_option = f"-e 'RECEIVER_URL=\"http://127.0.0.1:{receiver_port}/letters\"'"
    build(site)
    receiver = Receiver(root / "submissions", root / "receiver.log", site_port=site_port,
                        port=receiver_port).start()
    return site, server, receiver


def build(site):
    result = site.make("html", PELICANOPTS=site.receiver_option)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def commenting(tmp_path):
    site, server, receiver = commented_site(tmp_path)
    yield site, f"http://127.0.0.1:{server.server_address[1]}", receiver
    receiver.stop()
    server.shutdown()


def stored(receiver):
    folder = receiver.submissions / "comments"
    return [json.loads(path.read_text(encoding="utf-8"))[0] for path in sorted(folder.glob("*/*.json"))]


def fresh(page, url):
    """Load ``url`` anew (not a jump within the page already shown)."""
    page.goto("about:blank")
    page.goto(url)


def approve(site, receiver, comment_id):
    result = site.make("approve", ID=comment_id, SUBMISSIONS_DIR=receiver.submissions,
                       EDITORIAL_DIR=site.root / "editorial")
    assert result.returncode == 0, result.stderr
    build(site)


def test_a_comment_and_a_reply_posted_approved_and_rebuilt_appear_on_the_page(page, commenting):
    site, address, receiver = commenting
    column_url = f"{address}/columns/one/"
    page.goto(column_url)
    expect(page.locator(".comment-jump")).to_contain_text("0 comments")
    expect(page.locator("#comment-pending")).to_be_hidden()
    form = page.locator("form.comment-form")
    expect(form.get_by_label("In reply to")).to_have_count(0)  # no comment yet to reply to
    form.get_by_label("Your comment").fill("My manager did the same. <b>Twice</b>!")
    form.get_by_label("Name to show").fill("Pat in Portland")
    form.get_by_label("E-mail address").fill("pat@example.net")
    form.get_by_role("button", name="Send my comment").click()
    expect(page).to_have_url(f"{column_url}#comment-pending")
    expect(page.locator("#comment-pending")).to_be_visible()
    [first] = stored(receiver)
    assert (first["column"], first["name"], first["email"], first["parent"]) == (
        COLUMN, "Pat in Portland", "pat@example.net", "")
    assert first["body"] == "My manager did the same. <b>Twice</b>!"

    approve(site, receiver, first["id"])
    fresh(page, column_url)
    comment = page.locator(f"#comment-{first['id']}")
    expect(comment).to_contain_text("Pat in Portland")
    expect(comment.locator(".comment-body")).to_have_text("My manager did the same. <b>Twice</b>!")
    expect(page.locator(".comment-jump")).to_contain_text("1 comment")

    comment.get_by_role("link", name="Reply").click()
    expect(page).to_have_url(f"{column_url}#comment-form")
    form = page.locator("form.comment-form")
    form.get_by_label("In reply to").select_option(label="Pat in Portland, " + comment.locator("time").inner_text())
    form.get_by_label("Your comment").fill("Same here: keep notes of everything.")
    form.get_by_label("Name to show").fill("Sam")
    form.get_by_role("button", name="Send my comment").click()
    expect(page).to_have_url(f"{column_url}#comment-pending")
    reply = next(item for item in stored(receiver) if item["id"] != first["id"])
    assert reply["parent"] == first["id"] and reply["email"] == ""

    approve(site, receiver, reply["id"])
    fresh(page, f"{column_url}#comment-{reply['id']}")
    nested = page.locator(f"#comment-{first['id']} + .comment-replies #comment-{reply['id']}")
    expect(nested).to_contain_text("Same here: keep notes of everything.")
    expect(page.locator(".comment-jump")).to_contain_text("2 comments")
    page.get_by_role("link", name="Jump to comments").click()
    expect(page).to_have_url(f"{column_url}#comments")
    for path in site.output.rglob("*"):
        if path.is_file():
            assert b"pat@example.net" not in path.read_bytes(), path


def test_the_browser_does_not_send_a_comment_without_a_name(page, commenting):
    _site, address, receiver = commenting
    page.goto(f"{address}/columns/one/")
    form = page.locator("form.comment-form")
    form.get_by_label("Your comment").fill("No name given.")
    form.get_by_role("button", name="Send my comment").click()
    expect(page).to_have_url(f"{address}/columns/one/")
    assert form.get_by_label("Name to show").evaluate("field => field.validity.valueMissing")
    assert stored(receiver) == []


@pytest.fixture(scope="module")
def with_comments(tmp_path_factory):
    site, server, receiver = commented_site(tmp_path_factory.mktemp("with-comments"), with_comments=True)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    receiver.stop()
    server.shutdown()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_page_with_comments_and_its_form_has_no_accessibility_violations(page, with_comments, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{with_comments}/columns/one/#comment-pending")
    expect(page.locator("#comment-c2.comment-columnist")).to_be_visible()
    expect(page.locator("#comment-pending")).to_be_visible()
    page.get_by_label("In reply to").select_option("c1")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == (
        "rgb(23, 21, 19)" if scheme == "dark" else "rgb(251, 250, 246)"), "the stylesheet did not load"
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
