"""The plugin's settings: each concern declares its defaults once, here they meet.

Defaults are installed into Pelican's own copy of the settings when Pelican
starts (the user's ``pelicanconf.py`` values always win) and by :func:`load`
for the command line, so every part of the plugin can read them directly.
"""

from pelican import signals
from pelican.settings import read_settings

#: Site-wide settings of the public interface (README, "Settings").
DEFAULTS = {
    "CONTACT_EMAIL": "",
    "FORM_ACTION": "",
    "FEED_MAX_ITEMS": 50,
    "FATAL_WARNINGS": False,
    # --- topics (plugins/advice_column/topics): vocabulary, topic pages, related columns
    "TOPICS_VOCABULARY": "topics.toml",
    "TOPIC_URL": "topics/{slug}/",
    "TOPIC_SAVE_AS": "topics/{slug}/index.html",
    "TOPICS_URL": "topics/",
    "TOPICS_SAVE_AS": "topics/index.html",
    "RELATED_COLUMNS": 3,
    # --- columns (Q&A): plain-text excerpt of the first letter, in characters
    "EXCERPT_LENGTH": 300,
    # --- feeds: paths relative to the site root (README, "Feeds") ---
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
    # --- submissions: the private editorial queue (README, "Reader submissions") ---
    "SUBMISSION_MAX_BYTES": 262144,  # a letter's text over this is rejected as too_large
    "SUBMISSION_FIELDS": {},  # role -> form export column name(s), tried before the presets
    "SUBMISSION_SIMILAR_COLUMNS": 3,  # similar published columns listed per letter
    # --- performance: processes reading columns when the content cache is on, and rendering
    # pages (None: one per core)
    "READ_PROCESSES": None,
    "RENDER_PROCESSES": None,
    # --- search (plugins/advice_column/search): the Pagefind index, in shards of columns
    "SEARCH_INDEX": True,  # False: no index is written (the search page then finds nothing)
    "SEARCH_SHARD_SIZE": None,  # columns a shard (None: 64 to 512, 10 to 20 shards); ~220 KB a column in Pagefind
    "SEARCH_PROCESSES": None,  # Pagefind processes at a time (None: one per core)
}


def with_defaults(settings):
    """Return a copy of ``settings`` with every missing plugin setting at its default."""
    return {**DEFAULTS, **settings}


def install_defaults(pelican):
    """``initialized`` handler: fill in defaults before any generator reads them."""
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def load(conffile, override=None):
    """Read a Pelican configuration file as the build would, plugin defaults included."""
    return with_defaults(read_settings(conffile, override=override))


def register():
    signals.initialized.connect(install_defaults)
