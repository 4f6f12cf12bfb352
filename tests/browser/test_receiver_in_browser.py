"""The ask page of a site built with RECEIVER_URL, in headless Chromium, posting to the
receiver `make receiver` runs: the reader lands on the thank-you page and the letter is on
disk, as the form sent it."""

import functools
import re

import pytest
from playwright.sync_api import expect

from conftest import Site, column
from imap_server import free_port
from receiver_helpers import Receiver

from .conftest import Quiet, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def letters_site(tmp_path_factory):
    """``(site address, receiver)``: a site whose /ask/ posts to a running receiver."""
    root = tmp_path_factory.mktemp("letters-site")
    site = Site(root)
    site.add_column("one", text=column(title="A first column", slug="one"))
    server = serve(functools.partial(Quiet, directory=str(site.output)))
    site_port, receiver_port = server.server_address[1], free_port()
    result = site.make("html", PELICANOPTS=f"-e 'RECEIVER_URL=\"http://127.0.0.1:{receiver_port}/letters\"'")
    assert result.returncode == 0, result.stdout + result.stderr
    receiver = Receiver(root / "submissions", root / "receiver.log", site_port=site_port,
                        port=receiver_port).start()
    yield f"http://127.0.0.1:{site_port}", receiver
    receiver.stop()
    server.shutdown()


def test_a_reader_sends_a_letter_and_lands_on_the_thank_you_page(page, letters_site):
    address, receiver = letters_site
    page.goto(f"{address}/ask/")
    expect(page.locator("form.ask-form")).to_have_attribute("action", f"http://127.0.0.1:{receiver.port}/letters")
    expect(page.locator(".privacy")).to_contain_text("the column's own server")
    page.get_by_label("Your question").fill("My manager reads my e-mail. Is that legal? <b>Really</b>?")
    page.get_by_label("Sign your letter").fill("Watched in Wichita")
    page.get_by_label("Your name").fill("Pat Example")
    page.get_by_label("Your e-mail address").fill("pat@example.net")
    page.get_by_label("The column may publish my letter").check()
    page.get_by_role("button", name="Send my question").click()
    expect(page).to_have_url(f"{address}/ask/thanks/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your letter")
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    [items] = receiver.stored().values()
    assert {k: v for k, v in items[0].items() if k != "received"} == {
        "question": "My manager reads my e-mail. Is that legal? <b>Really</b>?", "subject": "",
        "signoff": "Watched in Wichita", "name": "Pat Example", "email": "pat@example.net",
        "consent": "yes", "_gotcha": ""}


def test_the_browser_does_not_send_a_letter_without_a_question(page, letters_site):
    address, receiver = letters_site
    before = len(receiver.stored())
    page.goto(f"{address}/ask/")
    page.get_by_role("button", name="Send my question").click()
    expect(page).to_have_url(re.compile(r"/ask/$"))
    assert len(receiver.stored()) == before
