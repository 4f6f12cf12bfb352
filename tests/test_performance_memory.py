"""What a cached build keeps in memory: pickling the content cache leaves no copy in the columns; loading
it, the garbage collector does not walk what is loaded."""

import gc
import io
import pickle
import sys

from pelican import Pelican, signals

from advice_column.parallel import forked
from advice_column.performance import cache, collector


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


def test_the_readings_pickler_leaves_no_utf8_copy_and_gives_the_strings_back():
    texts = ["Can’t my boss—just once—answer?", "Résumé \U0001f4bc", "lone \udc80 surrogate", "plain ASCII"]
    readings = {"columns/curly.md": (texts[0], {"title": texts[1], "notes": [texts[2], texts[3]]})}
    buffer = io.BytesIO()
    cache.ReadingsPickler(buffer, pickle.HIGHEST_PROTOCOL).dump(readings)
    assert not any(has_utf8_copy(text) for text in texts if text.isprintable())
    pickle.dumps(texts[1])  # what the plain pickler does: keeps the encoding in the string
    assert has_utf8_copy(texts[1])
    assert cache.ReadingsUnpickler(io.BytesIO(buffer.getvalue())).load() == readings


def test_loading_pauses_the_collector_but_not_in_the_processes_forked_meanwhile():
    with collector.paused():
        assert not gc.isenabled()
        in_workers = set(forked.run(lambda i: gc.isenabled(), 4, 2, chunksize=1))
        in_background = forked.Background(gc.isenabled).result()
    assert gc.isenabled()
    assert in_workers == {True} and in_background is True
