"""`make receiver`'s `POST /comments`: a comment stored apart from letters, with its own id, then
303 back to the page it came from at its "awaits moderation" notice; the letters' rules (origin,
rate, type, size, fields) with a comment's words; nothing stored on a refusal; never read as a letter."""

import html
import json

import pytest

from hostile import PAYLOADS
from receiver_helpers import RATE, address, receiver  # noqa: F401 (fixtures)

COLUMN = "2024-03-05-boss"


def comment(marker, **fields):
    return {"column": COLUMN, "page": "columns/boss/", "parent": "", "name": "Pat",
            "email": f"{marker}@example.com", "body": f"Same thing happened to me. [{marker}]", "_gotcha": "",
            **fields}


def stored_comments(receiver):
    folder = receiver.submissions / "comments"
    return {path: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(folder.glob("*/*.json"))} if folder.is_dir() else {}


def with_marker(receiver, marker):
    return [items[0] for items in stored_comments(receiver).values() if f"[{marker}]" in items[0]["body"]]


def post(receiver, fields, address, **kwargs):
    """``(status, headers, text)``, the text unescaped."""
    status, headers, text = receiver.post(fields, path="/comments",
                                          headers={**address, **kwargs.pop("headers", {})}, **kwargs)
    return status, headers, html.unescape(text)


def test_a_comment_is_stored_apart_from_letters_then_303_to_its_page_at_the_notice(receiver, address):
    status, headers, _ = post(receiver, comment("good-1", parent="abc123"), address)
    assert status == 303
    assert headers["location"] == f"{receiver.site}/columns/boss/#comment-pending"
    [stored] = with_marker(receiver, "good-1")
    assert {k: v for k, v in stored.items() if k not in ("id", "received")} == comment("good-1", parent="abc123")
    assert len(stored["id"]) == 12 and int(stored["id"], 16) >= 0
    assert not receiver.stored()  # nothing under received/: the letters' folder


def test_a_reply_on_a_further_page_goes_back_to_that_page(receiver, address):
    status, headers, _ = post(receiver, comment("page-1", page="columns/boss/comments/3/"), address)
    assert status == 303 and headers["location"].endswith("/columns/boss/comments/3/#comment-pending")


def test_every_comment_gets_its_own_id(receiver, address):
    for n in range(3):
        assert post(receiver, comment(f"ids-{n}"), address)[0] == 303
    ids = {c["id"] for n in range(3) for c in with_marker(receiver, f"ids-{n}")}
    assert len(ids) == 3


def test_the_honeypot_gets_the_same_answer_and_is_stored(receiver, address):
    status, headers, _ = post(receiver, comment("bot-1", _gotcha="http://spam.example"), address)
    assert status == 303 and headers["location"].endswith("#comment-pending")
    assert with_marker(receiver, "bot-1")[0]["_gotcha"] == "http://spam.example"


REFUSALS = {
    "no name": (400, comment("r-1", name=" "), "The comment has no name to show."),
    "no body": (400, comment("r-2", body="\n "), "The comment has no text."),
    "no column": (400, comment("r-3", column=""), "does not say which column"),
    "a column that is not an id": (400, comment("r-4", column="../../etc"), "does not say which column"),
    "a page off the site": (400, comment("r-5", page="//evil.example/"), "does not say which column"),
    "an absolute page": (400, comment("r-6", page="https://evil.example/"), "does not say which column"),
    "a bad parent": (400, comment("r-7", parent="<x>"), "replies to no comment"),
    "a name too long": (400, comment("r-8", name="n" * 81), "“name” is over 80"),
    "a body over COMMENT_MAX_LENGTH": (400, comment("r-9", body="[r-9] " + "b" * 5000), "“body” is over 5,000"),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_a_comment_that_cannot_be_taken_is_refused_with_what_to_do_and_nothing_stored(receiver, address, case):
    status, fields, words = REFUSALS[case]
    marker = fields["email"].split("@")[0]
    got, _headers, text = post(receiver, fields, address)
    assert got == status
    assert words in html.unescape(text)
    assert not [c for c in stored_comments(receiver).values() if c[0]["email"].startswith(marker + "@")]


def test_the_letters_rules_apply_in_a_comments_words(receiver, address):
    status, _h, text = post(receiver, comment("o-1"), address, headers={"Origin": "https://evil.example"})
    assert status == 403 and "Comments are accepted only from the column's own pages" in text
    status, _h, text = post(receiver, comment("t-1"), address, headers={"Content-Type": "text/plain"})
    assert status == 415 and "comment forms" in text
    status, _h, text = post(receiver, comment("big-1", body="x" * 300_000), address)
    assert status == 413 and "The comment is over 262,144 bytes" in text
    assert "Back to the site" in text
    assert not with_marker(receiver, "o-1") and not with_marker(receiver, "t-1")


def test_too_many_comments_from_one_address_are_429_and_letters_are_counted_apart(receiver, address):
    answers = [post(receiver, comment(f"rate-{n}"), address)[0] for n in range(RATE + 1)]
    assert answers == [303] * RATE + [429]
    assert post(receiver, comment("rate-x"), address)[2].count("Too many comments") >= 1
    letter = {"question": "Still allowed? [rate-letter]"}
    assert receiver.post(letter, headers=address)[0] == 303


def test_the_log_holds_no_comment_text_name_or_address(receiver, address):
    post(receiver, comment("logged-1", name="Quokka Person"), address)
    log = receiver.log()
    assert "comment stored" in log
    for secret in ("Quokka", "logged-1", address["X-Forwarded-For"]):
        assert secret not in log


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_hostile_text_in_every_field_is_stored_as_data_or_refused(receiver, name):
    """What is shown (name, text) and what stays private (e-mail, honeypot) is stored exactly as
    sent; what steers the comment (column, page, parent) is refused unless it is an id or a path."""
    payload = PAYLOADS[name]
    address = {"X-Forwarded-For": f"192.0.2.{sorted(PAYLOADS).index(name) + 1}"}
    marker = f"hostile-{sorted(PAYLOADS).index(name)}"
    fields = comment(marker, name=payload[:80], body=f"{payload} [{marker}]", email=payload[:254],
                     _gotcha=payload)
    assert post(receiver, fields, address)[0] == 303
    [stored] = with_marker(receiver, marker)
    assert {k: stored[k] for k in fields} == fields
    for steering in ("column", "page", "parent"):
        status, _headers, text = post(receiver, comment(f"{marker}-{steering}", **{steering: payload}), address)
        assert status == 400, steering
        assert not with_marker(receiver, f"{marker}-{steering}")
