"""Settings for the public build: `make publish`.

Everything in pelicanconf.py, plus absolute URLs, no drafts and a clean output
directory. `make publish` runs Pelican with `--fatal warnings`: a content error
or warning fails the build. `SITEURL` can be overridden from the environment:
`make publish SITEURL=https://columns.example.com`.
"""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL") or "https://advice-column.example.org"
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
CACHE_CONTENT = LOAD_CONTENT_CACHE = False  # the public build reads every column afresh

# The public build never contains a draft (nor a scheduled column, which
# Pelican treats as a draft until its date).
DRAFT_URL = DRAFT_SAVE_AS = ""
DRAFT_PAGE_URL = DRAFT_PAGE_SAVE_AS = ""

# Netlify's rules file: every address of a withdrawn column answers 410 Gone (docs/publishing.md).
REDIRECTS_SAVE_AS = "_redirects"
