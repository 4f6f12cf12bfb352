"""Comment files written into a test site, as `make approve` or an editor writes them."""

RECEIVER = "http://127.0.0.1:8001/letters"


def comment(name="Pat", date="2026-12-01 10:00", body="Same here.", parent=None, columnist=False):
    lines = ([f"Name: {name}"] if name is not None else []) + [f"Date: {date}"]
    lines += [f"Parent: {parent}"] if parent else []
    lines += ["Columnist: yes"] if columnist else []
    return "\n".join(lines) + "\n\n" + body + "\n"


def add_comment(site, column_id, comment_id, **fields):
    return site.write(f"comments/{column_id}/{comment_id}.md", comment(**fields))
