"""What a cached build keeps in memory: pickling the content cache leaves no copy in the columns."""

import sys

from pelican import Pelican, signals


def has_utf8_copy(text):
    """Whether ``text`` carries a UTF-8 copy of itself (it then weighs more than an equal new string)."""
    return sys.getsizeof(text) > sys.getsizeof(text.encode("utf-8").decode("utf-8"))


def strings_of(article):
    exchange = article.exchanges[0]
    return {"content": article._content, "summary": article.metadata["summary"],
            "excerpt": article.excerpt, "letter": exchange.letter_text, "answer": exchange.answer_html}


def test_columns_keep_no_utf8_copy_once_the_content_cache_is_saved(site, monkeypatch):
    monkeypatch.setenv("CONTENT_CACHE_DIR", str(site.root / "cache"))
    site.add_column("curly", title="Can’t my boss—just once—answer?",
                    body="Q. My boss’s e-mails… never come. Résumé attached.\n\n— Waiting in Ohio\n\nA. Don’t wait.")
    copies = []

    def check(generator):  # after Pelican saved the cache
        copies.append({name: has_utf8_copy(text) for name, text in strings_of(generator.articles[0]).items()})

    signals.article_generator_finalized.connect(check)
    try:
        Pelican(site.settings()).run()  # reads the column, saves the cache
        Pelican(site.settings()).run()  # loads it from the cache, saves it again
    finally:
        signals.article_generator_finalized.disconnect(check)
    assert copies == [dict.fromkeys(["content", "summary", "excerpt", "letter", "answer"], False)] * 2
    assert "Don’t wait" in site.page("columns/curly/").get_text()
