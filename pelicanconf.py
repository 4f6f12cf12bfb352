"""Settings for local builds: `make html`, `make serve`, `make devserver`.

`publishconf.py` imports everything here and overrides what the public build
needs. Every setting our plugin adds is listed, with its default, in docs/settings.md.
"""

import os

# --- The column (placeholders until the publisher sets them) -----------------
SITENAME = "Ask the Career Coach"
SITESUBTITLE = "Straight answers to readers' questions about work"
SITEURL = ""
AUTHOR = "The Career Coach"
TIMEZONE = "America/New_York"
DEFAULT_LANG = "en"
CONTACT_EMAIL = "letters@example.org"
FORM_ACTION = ""
# The column's own receiver for the ask form (`make receiver`), e.g.
# "https://letters.example.org/letters"; it wins over FORM_ACTION.
RECEIVER_URL = ""
FEED_MAX_ITEMS = 50
# Feeds need absolute addresses: a local build's point at the server `make serve PORT=…`
# runs (the Makefile sets LOCAL_PORT; the plugin's default is port 8000).
if os.environ.get("LOCAL_PORT"):
    FEED_LOCAL_SITEURL = f"http://127.0.0.1:{os.environ['LOCAL_PORT']}"

# --- Where things are --------------------------------------------------------
PATH = "content"
ARTICLE_PATHS = ["columns"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
# Columns and pages are Markdown; nothing else under content/ is read as one.
READERS = {"rst": None, "html": None, "htm": None}
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
# neighbors (pelican-neighbors) gives each column its newer/older neighbour.
PLUGINS = ["advice_column", "neighbors"]

# --- URLs: pretty everywhere, as docs/publishing.md promises --------------
ARTICLE_URL = "columns/{slug}/"
ARTICLE_SAVE_AS = "columns/{slug}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
DRAFT_PAGE_URL = "drafts/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = "drafts/pages/{slug}/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
ASK_URL = "ask/"
ASK_SAVE_AS = "ask/index.html"
# Where the ask form's receiver (`make receiver`) sends a reader whose letter is stored.
ASK_THANKS_URL = "ask/thanks/"
ASK_THANKS_SAVE_AS = "ask/thanks/index.html"
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
NOTFOUND_URL = "404.html"
NOTFOUND_SAVE_AS = "404.html"
SITEMAP_SAVE_AS = "sitemap.xml"
ROBOTS_SAVE_AS = "robots.txt"
DIRECT_TEMPLATES = ["index", "archives", "ask", "ask_thanks", "search", "notfound", "sitemap", "robots"]

DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {"index": None, "topic": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# --- Pelican defaults that make no sense for a column, turned off -----------
# One columnist, no categories, no free-form tags: topics replace all three.
USE_FOLDER_AS_CATEGORY = False
# Pelican's draft pages need a category; every column has this one, never shown.
DEFAULT_METADATA = {"category": "column"}
CATEGORY_URL = CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_URL = TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_URL = AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
# Pelican's own feeds (author and category feeds collide on one path, RSS
# guids are invalid): our plugin writes every feed instead.
FEED_ATOM = FEED_RSS = None
FEED_ALL_ATOM = FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = TRANSLATION_FEED_RSS = None
# One language, and a slug is one column's (the plugin stops a second column
# with the same slug): no translations to find. Pelican's search for them
# compares each column with every other (0.4 s at 10,000 columns), and sorted
# the columns by slug on the way, so the order below says so itself.
ARTICLE_TRANSLATION_ID = None


def newest_first(column):
    """Newest first; columns of the same date and time by slug."""
    return -column.date.timestamp(), column.slug


ARTICLE_ORDER_BY = newest_first

# A column dated in the future is scheduled: previewed under /drafts/ locally,
# absent from the public build until its date.
WITH_FUTURE_DATES = False

# --- Speed: Pelican's content cache, for the editors' builds ------------------
# `make html` and the devserver set CONTENT_CACHE_DIR (beside the output): a
# rebuild then reads only the columns that changed, and the others are read on
# every core (the plugin's `performance` package; BENCHMARKS.md). The reader
# layer, because the generator layer would keep a scheduled column unpublished
# after its date. Uncompressed: gzip costs more time than reading the columns.
CACHE_PATH = os.environ.get("CONTENT_CACHE_DIR") or "cache"
CACHE_CONTENT = LOAD_CONTENT_CACHE = bool(os.environ.get("CONTENT_CACHE_DIR"))
CONTENT_CACHING_LAYER = "reader"
GZIP_CACHE = False

# --- Templates ----------------------------------------------------------------
# Autoescape on: only our own rendered column HTML is marked safe.
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True}
DEFAULT_DATE_FORMAT = "%B %-d, %Y"
# sitemap.xml and robots.txt are templates of the theme too.
TEMPLATE_EXTENSIONS = [".html", ".xml", ".txt"]
