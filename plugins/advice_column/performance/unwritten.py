"""No lists made for pages the settings do not write.

Pelican's generator lists each category's (author's, tag's) columns before it
writes their pages, even when the pages are switched off, and it lists them by
testing every column against every other: half a second for each of the two at
10,000 columns, for nothing. The context keeps its lists for templates.
"""

from pelican.generators import ArticlesGenerator

#: The generator's lists, and the setting that writes their pages.
LISTS = {"categories": "CATEGORY_SAVE_AS", "authors": "AUTHOR_SAVE_AS", "tags": "TAG_SAVE_AS"}


def skip_unwritten_lists(generators):
    """``all_generators_finalized``: empty the lists whose pages are not written."""
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            for name, setting in LISTS.items():
                if not generator.settings.get(setting):
                    setattr(generator, name, type(getattr(generator, name))())  # tags: a dict
