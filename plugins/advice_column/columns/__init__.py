"""Q&A columns: letters and answers read from ``content/columns/*.md``.

- ``parser``: the source's structure with line numbers (pure);
- ``metadata``: the metadata header checked; ``index``: checks across all columns;
- ``render``: each part through Python-Markdown, assembled as accessible sections;
- ``sanitise``: rendered column and page HTML cleaned of active content (nh3);
- ``reader``: the Pelican reader; ``links``: follow-ups, reruns and alias redirects;
- ``withdrawal``: links to withdrawn columns, and the hosts' ``410 Gone`` rules;
- ``dead_links``: addresses in columns and pages that lead to nothing the build wrote;
- ``structured_data``: JSON-LD; ``results``: what a build made of each file, kept for the next;
- ``check`` and ``new``: ``make check``, ``make new``.
"""

from pelican import signals

from . import dead_links, links, reader, structured_data, withdrawal


def register():
    reader.install_log_filter()
    signals.readers_init.connect(reader.use_column_reader)
    signals.article_generator_pretaxonomy.connect(reader.forget_index)
    signals.article_generator_finalized.connect(links.report_strays)
    signals.article_generator_finalized.connect(links.link_follow_ups)
    signals.article_generator_finalized.connect(links.link_reruns)
    signals.article_generator_finalized.connect(structured_data.attach)
    signals.get_generators.connect(links.get_generators)
    signals.get_generators.connect(withdrawal.get_generators)
    signals.finalized.connect(dead_links.check)
