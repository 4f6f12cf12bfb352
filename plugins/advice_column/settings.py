"""The plugin's settings: each declared once, here, with its default and what values it allows.

When Pelican starts (``initialized``) the defaults are installed into its own
copy of the settings (the user's ``pelicanconf.py`` values always win) and every
setting is checked: a wrong type or value stops the build with one line per
problem (``settings: error: <setting> is <value>; use <what is allowed>``). :func:`load` does
the same for the command line. docs/settings.md has a row for every setting.
"""

from pelican import signals
from pelican.settings import read_settings

from . import diagnostics

#: Site-wide settings of the public interface (docs/settings.md).
DEFAULTS = {
    "CONTACT_EMAIL": "",
    "FORM_ACTION": "",
    "FEED_MAX_ITEMS": 50,
    # --- topics (plugins/advice_column/topics): vocabulary, topic pages, related columns
    "TOPICS_VOCABULARY": "topics.toml",
    "TOPIC_URL": "topics/{slug}/",
    "TOPIC_SAVE_AS": "topics/{slug}/index.html",
    "TOPICS_URL": "topics/",
    "TOPICS_SAVE_AS": "topics/index.html",
    "RELATED_COLUMNS": 3,
    # --- columns (Q&A): plain-text excerpt of the first letter, in characters
    "EXCERPT_LENGTH": 300,
    # the hosts' rules file (`_redirects`: 410 Gone for withdrawn columns); empty: none (publishconf.py sets it)
    "REDIRECTS_SAVE_AS": "",
    # --- feeds: paths relative to the site root (docs/feeds.md) ---
    "SITE_FEED_ATOM": "feeds/all.atom.xml",
    "SITE_FEED_RSS": "feeds/all.rss.xml",
    "SITE_FEED_JSON": "feeds/all.json",
    "TOPIC_FEED_ATOM": "feeds/topics/{slug}.atom.xml",
    "TOPIC_FEED_RSS": "feeds/topics/{slug}.rss.xml",
    "TOPIC_FEED_JSON": "feeds/topics/{slug}.json",
    "FEEDS_OPML": "feeds/index.opml",
    "SUBSCRIBE_URL": "subscribe/",
    "SUBSCRIBE_SAVE_AS": "subscribe/index.html",
    # the address in feeds when SITEURL is empty (a local build, served by `make serve`)
    "FEED_LOCAL_SITEURL": "http://127.0.0.1:8000",
    # the domain in feed ids; empty: SITEURL's (set it to keep ids when the site moves)
    "FEED_ID_DOMAIN": "",
    # --- submissions: the private editorial queue (docs/letters.md) ---
    "SUBMISSION_MAX_BYTES": 262144,  # a letter's text over this is rejected as too_large
    "SUBMISSION_FIELDS": {},  # role -> form export column name(s), tried before the presets
    "SUBMISSION_SIMILAR_COLUMNS": 3,  # similar published columns listed per letter
    # the column's mailbox, fetched read-only by `make queue`: imaps://user@host[:port]/Folder
    # (the password from IMAP_PASSWORD in the environment or ~/.netrc, never here)
    "IMAP_URL": "",
    "IMAP_CAFILE": "",  # a CA bundle (PEM) for a server with its own certificate
    # --- the receiver (plugins/advice_column/receiver, `make receiver`): the ask form's own backend
    "RECEIVER_URL": "",  # its public /letters address: /ask/ then shows a form posting there
    "RECEIVER_HOST": "127.0.0.1",
    "RECEIVER_PORT": 8001,
    "RECEIVER_RATE": 10,  # posts a minute from one address; more are answered 429
    # --- comments (plugins/advice_column/comments, docs/comments.md): readers' comments, moderated
    "COMMENTS": True,  # False: no comment section, form or count anywhere
    "COMMENTS_PATH": "comments",  # approved comments, under PATH: <COMMENTS_PATH>/<column-id>/<id>.md
    "COMMENTS_PER_PAGE": 20,  # comments on the column's page, and on each further page
    "COMMENTS_PAGE_URL": "columns/{slug}/comments/{number}/",
    "COMMENTS_PAGE_SAVE_AS": "columns/{slug}/comments/{number}/index.html",
    "COMMENT_MAX_LENGTH": 5000,  # characters of a comment's text the receiver takes
    "COMMENTS_FEED_ATOM": "columns/{slug}/comments.atom.xml",  # a column's comments' feed ("": none)
    # reply notices (comments/notices.py): one e-mail to a commenter who left an address when a reply to
    # their comment is published; the password from NOTICE_SMTP_PASSWORD in the environment, never here
    "NOTICE_SMTP_HOST": "",  # the mail server notices go out through ("": no notices are sent)
    "NOTICE_SMTP_PORT": None,  # None: 587 with "starttls", 465 with "ssl", 25 with "none"
    "NOTICE_SMTP_SECURITY": "starttls",  # "starttls", "ssl", or "none" (a server on this machine)
    "NOTICE_SMTP_USER": "",  # the login ("": none)
    "NOTICE_SMTP_CAFILE": "",  # a CA bundle (PEM) for a server with its own certificate
    "NOTICE_FROM": "",  # the sender, e.g. "Ask the Career Coach <notices@example.org>"
    "NOTICE_MAX_AGE": 30,  # days: a reply older than this (since written or approved) gets no notice
    # --- performance (plugins/advice_column/performance): False builds the same site as plain Pelican
    # would, every column read and every page rendered in one process, no cache used
    "PERFORMANCE": True,
    # processes reading columns when the content cache is on, and rendering pages (None: one per core)
    "READ_PROCESSES": None,
    "RENDER_PROCESSES": None,
    # --- search (plugins/advice_column/search): the Pagefind index, in shards of columns
    "SEARCH_INDEX": True,  # False: no index is written (the search page then finds nothing)
    "SEARCH_SHARD_SIZE": None,  # columns a shard (None: 64 to 512, 10 to 20 shards); ~220 KB a column in Pagefind
    "SEARCH_PROCESSES": None,  # Pagefind processes at a time (None: one per core)
}

#: Settings that are gone, and what to do instead.
RETIRED = {
    "FATAL_WARNINGS": "remove it: `make publish` fails on any warning or error through Pelican's own "
                      "`--fatal warnings` (run `pelican --fatal warnings …` to get the same elsewhere)",
}


def text(value):
    return isinstance(value, str)


def count(least):
    def check(value):
        return isinstance(value, int) and not isinstance(value, bool) and value >= least
    return check


def optional(check):
    return lambda value: value is None or check(value)


def pattern(value):
    return isinstance(value, str) and "{slug}" in value


def flag(value):
    return isinstance(value, bool)


#: ``NOTICE_SMTP_SECURITY`` -> the port it uses when ``NOTICE_SMTP_PORT`` is None.
SECURITY = {"starttls": 587, "ssl": 465, "none": 25}


#: Each setting's check, and the words for what it allows.
CHECKS = {
    "CONTACT_EMAIL": (text, "an e-mail address as text (empty: none)"),
    "FORM_ACTION": (text, "the form service's URL as text (empty: the ask page's mailto link)"),
    "FEED_MAX_ITEMS": (optional(count(1)), "a whole number of items above 0, or None for every column"),
    "TOPICS_VOCABULARY": (text, "a file name under PATH, as text"),
    "TOPIC_URL": (pattern, "text with '{slug}', as in 'topics/{slug}/'"),
    "TOPIC_SAVE_AS": (pattern, "text with '{slug}', as in 'topics/{slug}/index.html'"),
    "TOPICS_URL": (text, "a URL path as text"),
    "TOPICS_SAVE_AS": (text, "a file path as text"),
    "RELATED_COLUMNS": (count(0), "a whole number of columns, 0 or more"),
    "EXCERPT_LENGTH": (count(1), "a whole number of characters above 0"),
    "REDIRECTS_SAVE_AS": (text, "a file path as text, as in '_redirects' (empty: no file)"),
    "SITE_FEED_ATOM": (text, "a file path as text"),
    "SITE_FEED_RSS": (text, "a file path as text"),
    "SITE_FEED_JSON": (text, "a file path as text"),
    "TOPIC_FEED_ATOM": (pattern, "text with '{slug}' so each topic gets its own file, as in "
                                 "'feeds/topics/{slug}.atom.xml'"),
    "TOPIC_FEED_RSS": (pattern, "text with '{slug}' so each topic gets its own file, as in "
                                "'feeds/topics/{slug}.rss.xml'"),
    "TOPIC_FEED_JSON": (pattern, "text with '{slug}' so each topic gets its own file, as in "
                                 "'feeds/topics/{slug}.json'"),
    "FEEDS_OPML": (text, "a file path as text"),
    "SUBSCRIBE_URL": (text, "a URL path as text"),
    "SUBSCRIBE_SAVE_AS": (text, "a file path as text"),
    "FEED_LOCAL_SITEURL": (lambda v: isinstance(v, str) and v.startswith(("http://", "https://")),
                           "an absolute http:// or https:// address"),
    "FEED_ID_DOMAIN": (text, "a domain name as text (empty: SITEURL's)"),
    "SUBMISSION_MAX_BYTES": (count(1), "a whole number of bytes above 0"),
    "SUBMISSION_FIELDS": (lambda v: isinstance(v, dict), "a dict of role -> column name(s), as in "
                                                         "{'question': 'Your letter'}"),
    "SUBMISSION_SIMILAR_COLUMNS": (count(0), "a whole number of columns, 0 or more"),
    "IMAP_URL": (lambda v: isinstance(v, str) and (not v or v.startswith(("imaps://", "imap://"))),
                 "an imaps:// or imap:// address as text (empty: no mailbox)"),
    "IMAP_CAFILE": (text, "the path of a CA bundle as text (empty: the system's)"),
    "RECEIVER_URL": (lambda v: isinstance(v, str) and (not v or v.startswith(("http://", "https://"))),
                     "the receiver's absolute http(s):// address of /letters (empty: none)"),
    "RECEIVER_HOST": (lambda v: isinstance(v, str) and bool(v.strip()), "a host name or address as text"),
    "RECEIVER_PORT": (lambda v: count(1)(v) and v <= 65535, "a port number from 1 to 65535"),
    "RECEIVER_RATE": (count(1), "a whole number of posts a minute above 0"),
    "COMMENTS": (flag, "True or False"),
    "COMMENTS_PATH": (lambda v: isinstance(v, str) and bool(v.strip()), "a folder under PATH, as text"),
    "COMMENTS_PER_PAGE": (count(1), "a whole number of comments above 0"),
    "COMMENTS_PAGE_URL": (lambda v: pattern(v) and "{number}" in v,
                          "text with '{slug}' and '{number}', as in 'columns/{slug}/comments/{number}/'"),
    "COMMENTS_PAGE_SAVE_AS": (lambda v: pattern(v) and "{number}" in v,
                              "text with '{slug}' and '{number}', as in "
                              "'columns/{slug}/comments/{number}/index.html'"),
    "COMMENT_MAX_LENGTH": (count(1), "a whole number of characters above 0"),
    "COMMENTS_FEED_ATOM": (lambda v: v == "" or pattern(v), "text with '{slug}', as in "
                                                           "'columns/{slug}/comments.atom.xml', or '' for none"),
    "NOTICE_SMTP_HOST": (text, "the mail server's host name or address as text (empty: no notices)"),
    "NOTICE_SMTP_PORT": (optional(lambda v: count(1)(v) and v <= 65535),
                         "a port number from 1 to 65535, or None for the usual port of NOTICE_SMTP_SECURITY"),
    "NOTICE_SMTP_SECURITY": (lambda v: v in SECURITY, "'starttls', 'ssl' or 'none'"),
    "NOTICE_SMTP_USER": (text, "the mail server's login as text (empty: none)"),
    "NOTICE_SMTP_CAFILE": (text, "the path of a CA bundle as text (empty: the system's)"),
    "NOTICE_FROM": (text, "the sender's address as text, as in 'Column <notices@example.org>'"),
    "NOTICE_MAX_AGE": (count(0), "a whole number of days, 0 or more"),
    "PERFORMANCE": (flag, "True or False"),
    "READ_PROCESSES": (optional(count(1)), "a whole number of processes above 0, or None for one per core"),
    "RENDER_PROCESSES": (optional(count(1)), "a whole number of processes above 0, or None for one per core"),
    "SEARCH_INDEX": (flag, "True or False"),
    "SEARCH_SHARD_SIZE": (optional(count(1)), "a whole number of columns above 0, or None for a size "
                                             "that suits the archive"),
    "SEARCH_PROCESSES": (optional(count(1)), "a whole number of processes above 0, or None for one per core"),
}

#: Settings that name output files, which must differ from each other.
FEED_FILES = ("SITE_FEED_ATOM", "SITE_FEED_RSS", "SITE_FEED_JSON", "TOPIC_FEED_ATOM", "TOPIC_FEED_RSS",
              "TOPIC_FEED_JSON", "FEEDS_OPML")


class SettingsError(ValueError):
    """Settings the plugin cannot build with: one line per problem."""


def problem(what, todo):
    return diagnostics.Problem("settings", None, "error", what, todo)


def problems(settings):
    """What is wrong with ``settings`` (defaults installed)."""
    found = [problem(f"{name} is retired", todo) for name, todo in RETIRED.items() if name in settings]
    for name, (valid, allowed) in CHECKS.items():
        value = settings.get(name)
        if not valid(value):
            found.append(problem(f"{name} is {value!r}", f"use {allowed}"))
    found += field_problems(settings.get("SUBMISSION_FIELDS"))
    found += notice_problems(settings)
    paths = [settings.get(name) for name in FEED_FILES]
    if len(set(map(str, paths))) != len(paths):
        found.append(problem(f"two of {', '.join(FEED_FILES)} name the same file", "give each its own"))
    return found


def field_problems(fields):
    """What is wrong inside ``SUBMISSION_FIELDS`` (a dict): roles, and the column names of each."""
    from .submissions.options import ROLES

    found = []
    for role, names in (fields.items() if isinstance(fields, dict) else ()):
        if role not in ROLES:
            found.append(problem(f"SUBMISSION_FIELDS has {role!r}, which is not a role",
                                 f"use one of {', '.join(ROLES)}"))
        names = [names] if isinstance(names, str) else names
        if not isinstance(names, (list, tuple)) or not all(isinstance(n, str) and n.strip() for n in names):
            found.append(problem(f"SUBMISSION_FIELDS gives {role!r} the column {names!r}",
                                 "use a column name or a list of names"))
    return found


def notice_problems(settings):
    """What keeps reply notices from going out with a mail server set: no sender, or a password
    that would cross the network unencrypted."""
    if not settings.get("NOTICE_SMTP_HOST"):
        return []
    from email.headerregistry import Address
    from email.utils import parseaddr

    found = []
    sender = settings.get("NOTICE_FROM")
    try:
        Address(addr_spec=parseaddr(sender)[1] if isinstance(sender, str) else "")
    except (ValueError, IndexError):
        found.append(problem(f"NOTICE_FROM is {sender!r} while NOTICE_SMTP_HOST is set",
                             "give the notices' sender address, as in 'Column <notices@example.org>'"))
    if settings.get("NOTICE_SMTP_USER") and settings.get("NOTICE_SMTP_SECURITY") == "none":
        found.append(problem("NOTICE_SMTP_USER is set with NOTICE_SMTP_SECURITY 'none'",
                             "use 'starttls' or 'ssl', so the password is never sent in clear"))
    return found


def check(settings):
    """Report every bad setting, one line each, then raise :class:`SettingsError`."""
    found = problems(settings)
    for each in found:
        diagnostics.log(each)
    if found:
        raise SettingsError(f"{diagnostics.plural(len(found), 'setting')} to fix in pelicanconf.py "
                            "or publishconf.py (see above)")


def with_defaults(settings):
    """Return a copy of ``settings`` with every missing plugin setting at its default."""
    return {**DEFAULTS, **settings}


def install_defaults(pelican):
    """``initialized``: fill in defaults before any generator reads them, then check them all."""
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    check(pelican.settings)


def load(conffile, override=None):
    """Read a Pelican configuration file as the build would, plugin defaults included and checked."""
    settings = with_defaults(read_settings(conffile, override=override))
    check(settings)
    return settings


def register():
    signals.initialized.connect(install_defaults)
