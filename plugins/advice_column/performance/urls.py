"""Each column's and page's URL and output path worked out once.

Pelican formats ``url`` and ``save_as`` from the settings on every use (a copy
of the metadata and two path normalisations each time), and a column's URL is
used by every page that names it: the home page, its topic pages, the
archives, the sitemap, the feeds, its neighbours' and related columns' pages.
Once every generator is done nothing changes them, so they are fixed then, as
Pelican fixes them for a file with ``URL`` or ``Save_as`` in its metadata.
"""

from itertools import chain

from pelican.contents import Article, Page

#: The generators' lists of columns and pages (each generator has some of them).
LISTS = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
         "drafts_translations", "pages", "hidden_pages", "draft_pages", "draft_translations")


def fix_urls(generators):
    """``all_generators_finalized``: each column's and page's ``url`` and ``save_as``, kept."""
    for generator in generators:
        for content in chain.from_iterable(getattr(generator, name, ()) for name in LISTS):
            if isinstance(content, (Article, Page)):
                content.override_url = content.url
                content.override_save_as = content.save_as
