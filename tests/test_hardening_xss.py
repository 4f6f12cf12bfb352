"""Hardening: hostile text through every entry point never becomes active content in any output.

One small site is built per module with every payload of ``hostile.PAYLOADS`` in
a column's title, sign-off, ``Asker``, ``Summary``, introduction, letter and
answer (raw HTML included: editors are trusted, but the output is sanitised).
Every page, the JSON-LD, the three feed formats, the OPML list and the sitemap
are then checked: nothing active survives, and plain text is shown literally.
"""

import html
import json
import xml.etree.ElementTree as ET

import feedparser
import pytest
from conftest import PUBLISHCONF, Site, column
from hostile import PAYLOADS, assert_inert, assert_shows, parse, problems

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
SLUGS = {name: f"xss-{number}" for number, name in enumerate(PAYLOADS, 1)}


def hostile_column(payload, slug):
    body = f"""\
        {payload}

        Q. {payload}

        Second paragraph of the letter: {payload}
        — {payload}

        A. {payload}

        * {payload}

        [evil]: javascript:alert('xss-ref')
        """
    asker = payload.replace(";", ",")  # `;` separates the sign-offs of several letters
    return column(title=payload, slug=slug, date="2024-03-05 09:00", asker=asker, summary=payload,
                  body=body)


def build_hostile(root, conf=None, **override):
    site = Site(root)
    for name, payload in PAYLOADS.items():
        site.add_column(SLUGS[name], hostile_column(payload, SLUGS[name]))
    # Topics values are names from the vocabulary: hostile ones are reported, never published active.
    site.add_column("xss-topics", column(title="Hostile topics", slug="xss-topics",
                                         topics=", ".join(p.replace(",", " ") for p in PAYLOADS.values())))
    site.write("pages/hostile.md", f"Title: {PAYLOADS['script']}\nSlug: hostile\n\n"
               + "\n\n".join(PAYLOADS.values()) + "\n")
    if conf:
        site.build(conf, **override)
    else:
        site.build(**override)
    return site


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    return build_hostile(tmp_path_factory.mktemp("hostile"))


def built_files(site, *suffixes):
    return sorted(p for p in site.output.rglob("*") if p.is_file() and p.suffix in suffixes)


def test_every_page_of_the_site_is_inert(hostile_site):
    pages = built_files(hostile_site, ".html")
    assert len(pages) > len(PAYLOADS)
    found = {str(p.relative_to(hostile_site.output)): problems(p.read_text(encoding="utf-8")) for p in pages}
    assert not {path: issues for path, issues in found.items() if issues}


@pytest.mark.parametrize("name", PAYLOADS)
def test_plain_text_metadata_is_shown_literally_on_the_column_page(hostile_site, name):
    payload, slug = PAYLOADS[name], SLUGS[name]
    page = hostile_site.page(f"columns/{slug}/")
    assert " ".join(page.h1.get_text().split()) == " ".join(payload.split())
    assert_shows(page.title, payload, "<title>")
    assert_shows(page.select_one(".letter .signoff"), payload, "sign-off")
    description = page.find("meta", attrs={"name": "description"})["content"]
    assert "<script" not in description.lower() or "&lt;" not in description  # one escaping, not two
    [ld_json] = page.find_all("script", type="application/ld+json")
    data = json.loads(ld_json.string)
    assert data["headline"] == payload
    assert data["hasPart"][0]["author"]["name"] == payload


def test_listings_show_hostile_titles_literally(hostile_site):
    listed = " ".join(hostile_site.page("archives/").get_text().split())
    for payload in PAYLOADS.values():
        assert " ".join(payload.split()) in listed


def test_entities_in_a_title_are_not_decoded(hostile_site):
    page = hostile_site.page(f"columns/{SLUGS['entity-double-decode']}/")
    raw = (hostile_site.output / f"columns/{SLUGS['entity-double-decode']}/index.html").read_text()
    assert page.h1.get_text() == "&lt;script&gt;alert('xss-entity')&lt;/script&gt;"
    assert "&amp;lt;script&amp;gt;" in raw


def test_template_syntax_in_content_is_never_evaluated(hostile_site):
    page = hostile_site.page(f"columns/{SLUGS['template-injection']}/")
    assert "{{ 7*7 }}" in page.h1.get_text()
    assert "49" not in page.select_one(".column-body").get_text()


def test_raw_html_in_bodies_keeps_its_text_but_loses_what_is_active(hostile_site):
    body = hostile_site.page(f"columns/{SLUGS['unclosed-element']}/").select_one(".column-body")
    assert body.find("b") is not None and "bold" in body.get_text()
    assert_inert(str(body))
    link = hostile_site.page(f"columns/{SLUGS['javascript-url']}/").select_one(".column-body .intro a")
    assert link.get_text() == "click me" and not link.get("href")


def test_pages_are_sanitised_like_columns(hostile_site):
    assert_inert((hostile_site.output / "hostile/index.html").read_text(encoding="utf-8"), "hostile page")
    assert "bold" in hostile_site.page("hostile/").select_one("main").get_text()


# --- Feeds: strict XML, plain-text titles and summaries, sanitised content -----------------------------

def feed_items(site):
    """``(feed path, title, plain summary, content HTML)`` of every item of every feed."""
    items = []
    for path in built_files(site, ".xml", ".json", ".opml"):
        rel = str(path.relative_to(site.output))
        if path.suffix == ".json" and rel.startswith("feeds/"):
            for item in json.loads(path.read_text(encoding="utf-8"))["items"]:
                items.append((rel, item["title"], item.get("summary", ""), item["content_html"]))
            continue
        root = ET.parse(path).getroot()  # strict XML: a stray `<` or `&` fails here
        for entry in root.iter(f"{ATOM}entry"):
            assert entry.find(f"{ATOM}title").get("type", "text") == "text"
            assert entry.find(f"{ATOM}summary").get("type") == "text"
            assert entry.find(f"{ATOM}content").get("type") == "html"
            items.append((rel, entry.findtext(f"{ATOM}title"), entry.findtext(f"{ATOM}summary"),
                          entry.findtext(f"{ATOM}content")))
        for entry in root.iter("item"):  # title and description are HTML-escaped text
            summary = parse(entry.findtext("description") or "").get_text()
            title = parse(entry.findtext("title")).get_text()
            items.append((rel, title, summary, entry.findtext(CONTENT_ENCODED)))
    return items


def test_every_feed_item_has_its_title_literally_and_inert_content(hostile_site):
    items = feed_items(hostile_site)
    formats = {rel.rsplit(".", 1)[-1] for rel, *_ in items}
    assert formats >= {"xml", "json"} and len(items) >= 3 * len(PAYLOADS)
    titles = {*PAYLOADS.values(), "Hostile topics"}
    for rel, title, summary, content in items:
        assert title in titles, (rel, title)
        assert_inert(content, f"{rel} item {title!r}")
        assert_inert(html.escape(summary), rel)  # the summary is text: nothing in it is markup


def test_rss_descriptions_are_escaped_once_so_readers_show_them_as_text(hostile_site):
    root = ET.parse(hostile_site.output / "feeds/all.rss.xml").getroot()
    for entry in root.iter("item"):
        assert not problems(entry.findtext("description") or "")


@pytest.mark.parametrize("rel", ["feeds/all.atom.xml", "feeds/all.rss.xml"])
def test_what_a_feed_reader_shows_is_inert(hostile_site, rel):
    """As feedparser (what most readers build on) reads the feeds: HTML stays inert, text is text."""
    parsed = feedparser.parse((hostile_site.output / rel).read_bytes())
    assert not parsed.bozo and len(parsed.entries) >= len(PAYLOADS)
    for entry in parsed.entries:
        for detail in (entry.title_detail, entry.summary_detail, *entry.content):
            shown = detail.value if detail.type == "text/html" else html.escape(detail.value)
            assert_inert(shown, f"{rel}: {entry.title!r}")


def test_sitemap_and_opml_are_strict_xml_without_hostile_text(hostile_site):
    for rel in ("sitemap.xml", "feeds/index.opml"):
        text = (hostile_site.output / rel).read_text(encoding="utf-8")
        ET.fromstring(text)
        assert "xss-" not in text.replace("/xss-", "/")  # only the columns' URLs name them


def test_the_public_build_of_hostile_columns_is_inert_too(tmp_path):
    """The public build (absolute URLs, no drafts) with its warnings allowed: same guarantees."""
    site = build_hostile(tmp_path, PUBLISHCONF)
    for path in built_files(site, ".html"):
        assert_inert(path.read_text(encoding="utf-8"), str(path.relative_to(site.output)))
    for rel, title, _, content in feed_items(site):
        assert_inert(content, rel)


# --- Submissions: every field of every format, into queue.html, queue.json and drafts ------------------

def hostile_submissions(folder):
    """One e-mail, one CSV row and one JSON item per payload, every field hostile."""
    import csv
    import io
    from email.headerregistry import Address
    from email.message import EmailMessage

    folder.mkdir()
    rows = io.StringIO(newline="")
    writer = csv.writer(rows)
    writer.writerow(["question", "subject", "name", "email", "signoff"])
    items = []
    for number, (name, payload) in enumerate(PAYLOADS.items(), 1):
        mail = EmailMessage()
        mail["From"] = Address(display_name=payload, addr_spec=f"reader{number}@example.org")
        mail["Subject"] = payload
        mail["Date"] = f"Tue, 05 Mar 2024 09:{number:02d}:00 -0500"
        mail.set_content(f"Letter {number} by mail: {payload}\n\nWhat now? {payload}\n\n— {payload}\n")
        (folder / f"{name}.eml").write_bytes(bytes(mail))
        fields = [f"Letter {number} by form: {payload}\n\n{payload}", payload + "\nStatus: published",
                  payload, payload, payload]
        writer.writerow(fields)
        items.append(dict(zip(["question", "subject", "name", "email", "signoff"], fields)))
    (folder / "form.csv").write_text(rows.getvalue(), encoding="utf-8", newline="")
    (folder / "form.json").write_text(json.dumps(items), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_queue(tmp_path_factory):
    from advice_column.__main__ import main
    from conftest import PELICANCONF

    site = Site(tmp_path_factory.mktemp("queue"))
    hostile_submissions(site.root / "submissions")
    editorial = site.root / "editorial"
    assert main(["--conf", str(PELICANCONF), "queue", "--content", str(site.content),
                 "--submissions", str(site.root / "submissions"), "--editorial", str(editorial)]) == 0
    site.queue = json.loads((editorial / "queue.json").read_text(encoding="utf-8"))
    site.queue_html = (editorial / "queue.html").read_text(encoding="utf-8")
    for entry in site.queue["submissions"]:
        if entry["status"] == "new":
            assert main(["--conf", str(PELICANCONF), "draft", "--content", str(site.content),
                         "--editorial", str(editorial), "--id", entry["id"]]) == 0
    return site


def test_queue_page_has_no_active_content_and_shows_hostile_subjects_as_text(hostile_queue):
    assert_inert(hostile_queue.queue_html, "queue.html")
    page = parse(hostile_queue.queue_html)
    assert not page.find_all("script")
    csp = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "default-src 'none'" in csp
    for payload in PAYLOADS.values():
        assert_shows(page.body, payload, "queue.html")


def test_queue_json_keeps_hostile_fields_as_plain_text(hostile_queue):
    entries = hostile_queue.queue["submissions"]
    assert len(entries) == 3 * len(PAYLOADS)
    assert {entry["status"] for entry in entries} <= {"new", "duplicate"}, [e["reason"] for e in entries]
    subjects = {entry["subject"] for entry in entries}
    assert set(PAYLOADS.values()) <= subjects  # the e-mails': exactly as sent, not HTML-escaped
    for entry in entries:
        assert "&lt;" not in (entry["subject"] or "") + entry["excerpt"] or "&lt;script" in entry["excerpt"]
        assert "\n" not in (entry["subject"] or "")  # headers and form subjects are one line


def test_drafts_of_hostile_letters_are_one_draft_exchange_each_and_build_inert(hostile_queue):
    from advice_column.columns.parser import parse_column

    drafts = sorted((hostile_queue.content / "columns").glob("*.md"))
    assert len(drafts) == sum(entry["status"] == "new" for entry in hostile_queue.queue["submissions"])
    for path in drafts:
        parsed = parse_column(path.read_text(encoding="utf-8"))
        assert [f.key for f in parsed.fields][:6] == ["editor-note", "title", "slug", "date", "status",
                                                      "submission"], path.name
        assert parsed.first("status").value == "draft"
        assert len(parsed.exchanges) == 1 and not [i for i in parsed.issues if i.severity == "error"]
    hostile_queue.build()
    pages = sorted((hostile_queue.output / "drafts").rglob("index.html"))
    assert len(pages) == len(drafts)
    for page in pages:
        assert_inert(page.read_text(encoding="utf-8"), str(page.relative_to(hostile_queue.output)))
