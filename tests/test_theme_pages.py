"""The theme as a reader and a search engine get it: structure, metadata, forms, sitemap, budget."""

import gzip
import shutil
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

from conftest import PUBLISHCONF, ROOT, column

SITE_URL = "https://columns.example.net"
SEED = ROOT / "content" / "columns" / "why-no-updates-after-job-interview.md"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}

#: The budget of a column page: the seed column's HTML plus the stylesheet, all a
#: reader downloads to read it. 14 KiB compressed fits the first round trip of a
#: new connection (10 TCP segments); the uncompressed ceiling keeps parsing cheap.
BUDGET_GZIP_BYTES = 14 * 1024
BUDGET_RAW_BYTES = 48 * 1024
STYLESHEET_MAX_BYTES = 16 * 1024


def fill(site, n=12):
    """The seed column and about page, plus ``n`` columns over two years."""
    shutil.copytree(ROOT / "content", site.content, dirs_exist_ok=True)
    for i in range(n):
        site.add_column(f"column-{i}", title=f"Question number {i}",
                        date=f"{2023 + i % 2}-{i % 12 + 1:02d}-{i + 1:02d} 08:30", topics="salary",
                        body=f"Q. My manager said no to raise number {i}.\n\nA. Ask again in writing.")


def html_pages(output):
    """Every HTML page of the output but the search index's own files."""
    return sorted(p for p in output.rglob("*.html") if "pagefind" not in p.relative_to(output).parts)


def meta(page, prop):
    tag = page.find("meta", attrs={"property": prop}) or page.find("meta", attrs={"name": prop})
    return tag["content"] if tag else None


def test_every_page_has_one_h1_a_skip_link_to_main_and_landmarks(site):
    fill(site)
    site.build()
    pages = html_pages(site.output)
    assert len(pages) > 15
    for path in pages:
        page = site.page(path.relative_to(site.output).as_posix())
        where = path.relative_to(site.output)
        assert len(page.find_all("h1")) == 1, where
        skip = page.body.find("a")
        assert skip["href"] == "#content" and "skip" in skip.get_text().lower(), where
        assert page.find("main", id="content"), where
        assert page.find("header") and page.find("footer") and page.find("nav", attrs={"aria-label": True}), where
        assert page.html["lang"] == "en", where


def test_every_page_has_its_own_title_and_description(site):
    fill(site)
    site.build()
    titles, descriptions = {}, {}
    for path in html_pages(site.output):
        page = site.page(path.relative_to(site.output).as_posix())
        where = path.relative_to(site.output).as_posix()
        titles.setdefault(page.title.get_text(strip=True), []).append(where)
        descriptions.setdefault(meta(page, "description"), []).append(where)
    assert None not in descriptions and "" not in descriptions
    assert {t: w for t, w in titles.items() if len(w) > 1} == {}
    assert {d: w for d, w in descriptions.items() if len(w) > 1} == {}


def test_public_column_page_has_absolute_canonical_url_and_open_graph(site):
    shutil.copy(SEED, site.content / "columns")
    site.build(PUBLISHCONF, SITEURL=SITE_URL)
    page = site.page("columns/why-no-updates-after-job-interview/")
    url = f"{SITE_URL}/columns/why-no-updates-after-job-interview/"
    assert page.find("link", rel="canonical")["href"] == url
    assert meta(page, "og:url") == url
    assert meta(page, "og:type") == "article"
    assert meta(page, "og:title") == "Why no updates after job interview?"
    assert meta(page, "og:site_name") == "Ask the Career Coach"
    assert meta(page, "og:description") == meta(page, "description")
    assert "I have been out of work" in meta(page, "description")
    home = site.page("")
    assert home.find("link", rel="canonical")["href"] == f"{SITE_URL}/"
    assert meta(home, "og:type") == "website"


def test_paginated_listing_pages_have_their_own_canonical_url(site):
    fill(site)
    site.build(PUBLISHCONF, SITEURL=SITE_URL)
    assert site.page("page/2/").find("link", rel="canonical")["href"] == f"{SITE_URL}/page/2/"
    assert site.page("page/2/").h1.get_text(" ", strip=True) == "Latest columns page 2"


def test_not_found_page_has_no_canonical_url_and_is_not_indexed(site):
    site.add_column("one")
    site.build(PUBLISHCONF, SITEURL=SITE_URL)
    page = site.page("404.html")
    assert page.find("link", rel="canonical") is None
    assert meta(page, "robots") == "noindex"
    assert page.find("a", href=f"{SITE_URL}/archives/")


def test_hostile_title_is_shown_literally_everywhere(site):
    title = '<b>Bold</b> & "quoted" <script>alert(1)</script>'
    site.add_column("hostile", title=title)
    site.build()
    page = site.page("columns/hostile/")
    assert page.h1.get_text() == title
    assert page.h1.find("b") is None
    # the only script is the column's JSON-LD (its own test checks the escaping)
    assert [s.get("type") for s in page.find_all("script")] == ["application/ld+json"]
    assert page.title.get_text().startswith(title)
    assert meta(page, "og:title") == title
    listing = site.page("").select_one(".column-list h2 a")
    assert listing.get_text() == title and listing.find("b") is None


def test_home_lists_each_column_with_title_date_and_excerpt(site):
    site.add_column("one", title="Can I ask for a raise?", date="2024-05-02 10:00",
                    body="Q. My boss never mentions money.\n\nA. Then you mention it.")
    site.build()
    entry = site.page("").select_one("ol.column-list > li")
    assert entry.find("h2").get_text(strip=True) == "Can I ask for a raise?"
    assert entry.find("time")["datetime"].startswith("2024-05-02T10:00")
    assert "My boss never mentions money." in entry.select_one(".excerpt").get_text()


def test_archives_group_columns_by_year_then_month_newest_first(site):
    for slug, date in [("a", "2023-01-10 09:00"), ("b", "2023-03-05 09:00"),
                       ("c", "2023-03-20 09:00"), ("d", "2024-02-01 09:00")]:
        site.add_column(slug, title=f"Column {slug}", date=date)
    site.build()
    page = site.page("archives/")
    years = page.select("section.archive-year")
    assert [y.h2.get_text(strip=True) for y in years] == ["2024", "2023"]
    months_2023 = years[1].select("section.archive-month")
    assert [m.h3.get_text(strip=True) for m in months_2023] == ["March 2023", "January 2023"]
    assert [a.get_text() for a in months_2023[0].select("li a")] == ["Column c", "Column b"]


def test_column_page_links_its_newer_and_older_columns(site):
    for n, day in enumerate((1, 2, 3)):
        site.add_column(f"c{n}", title=f"Column {n}", date=f"2024-01-0{day} 09:00")
    site.build()
    nav = site.page("columns/c1/").find("nav", class_="neighbours")
    assert nav.select_one(".newer a")["href"] == "/columns/c2/"
    assert nav.select_one(".older a")["href"] == "/columns/c0/"
    assert site.page("columns/c2/").select_one(".neighbours .newer") is None


def test_column_page_invites_the_reader_to_ask(site):
    site.add_column("one")
    site.build()
    invite = site.page("columns/one/").find("aside", class_="ask-invite")
    assert invite.find("a", href="/ask/")


def test_only_published_column_content_is_marked_for_search(site):
    site.add_column("shown", title="Shown")
    site.add_column("hidden", title="Hidden", status="hidden")
    site.add_column("draft", title="Draft", status="draft")
    site.build()
    shown = site.page("columns/shown/")
    body = shown.find(attrs={"data-pagefind-body": True})
    assert body.name == "article" and body.find("h1")["data-pagefind-meta"] == "title"
    assert "Walk over and ask in person." in body.get_text()
    assert shown.select_one(".ask-invite").find_parent(attrs={"data-pagefind-body": True}) is None
    for path in ("columns/hidden/", "drafts/draft/", "", "about/", "archives/"):
        assert site.page(path).find(attrs={"data-pagefind-body": True}) is None, path
    assert meta(site.page("drafts/draft/"), "robots") == "noindex"
    assert meta(site.page("columns/hidden/"), "robots") == "noindex"


def test_ask_form_posts_every_interface_field_to_form_action(site):
    site.add_column("one")
    site.build(FORM_ACTION="https://forms.example.net/f/abc")
    page = site.page("ask/")
    form = page.find("form", class_="ask-form")
    assert form["action"] == "https://forms.example.net/f/abc"
    assert form["method"] == "post"
    fields = {f["name"]: f for f in form.find_all(["input", "textarea", "select"])}
    assert set(fields) == {"question", "signoff", "name", "email", "consent", "_gotcha"}
    assert fields["question"].name == "textarea" and fields["question"].has_attr("required")
    assert fields["email"]["type"] == "email"
    assert fields["consent"]["type"] == "checkbox"
    for name in ("question", "signoff", "name", "email", "consent"):
        assert page.find("label", attrs={"for": fields[name]["id"]}).get_text(strip=True), name
    honeypot = fields["_gotcha"]
    assert honeypot.find_parent(class_="honeypot") and honeypot["tabindex"] == "-1"
    assert not honeypot.get("value")
    assert "never published" in page.select_one(".privacy").get_text()


def test_ask_page_without_form_action_falls_back_to_mailto(site):
    site.add_column("one")
    site.build(FORM_ACTION="", CONTACT_EMAIL="letters@example.net")
    page = site.page("ask/")
    assert page.find("form") is None
    link = page.find("a", href=lambda h: h and h.startswith("mailto:"))
    assert link["href"].startswith("mailto:letters@example.net?subject=")
    assert "never published" in page.select_one(".privacy").get_text()


def test_receiver_url_makes_the_ask_form_post_to_our_receiver_before_form_action(site):
    site.add_column("one")
    site.build(RECEIVER_URL="https://letters.example.org/letters", FORM_ACTION="https://forms.example.net/f/abc")
    page = site.page("ask/")
    form = page.find("form", class_="ask-form")
    assert (form["action"], form["method"]) == ("https://letters.example.org/letters", "post")
    assert {f["name"] for f in form.find_all(["input", "textarea"])} == {
        "question", "signoff", "name", "email", "consent", "_gotcha"}
    privacy = page.select_one(".privacy").get_text(" ", strip=True)
    assert "the column's own server" in privacy and "pass through a form service" not in privacy


def test_the_privacy_notice_says_where_letters_are_kept(site):
    site.add_column("one")
    site.build(FORM_ACTION="https://forms.example.net/f/abc", CONTACT_EMAIL="letters@example.net")
    privacy = site.page("ask/").select_one(".privacy").get_text(" ", strip=True)
    assert "pass through a form service" in privacy and "column's mailbox" in privacy
    assert "own server" not in privacy


def test_the_thank_you_page_says_what_happens_next_and_is_not_indexed(site):
    site.add_column("one")
    site.build(FORM_ACTION="", RECEIVER_URL="https://letters.example.org/letters")
    page = site.page("ask/thanks/")
    assert page.find("h1").get_text(strip=True) == "Thank you for your letter"
    assert page.find("h2", string="What happens next") and page.select_one(".privacy")
    assert "never published" in page.select_one(".privacy").get_text()
    assert meta(page, "robots") == "noindex"
    assert page.find("a", href="/archives/")


def test_search_page_has_a_labelled_search_box_and_topic_filter_without_third_party_code(site):
    site.add_column("one")
    site.build()
    page = site.page("search/")
    form = page.find("form", attrs={"role": "search"})
    box = form.find("input", type="search")
    assert page.find("label", attrs={"for": box["id"]}).get_text(strip=True)
    assert form["data-pagefind-bundles"] == "/pagefind/1/"
    scripts = [s["src"] for s in page.find_all("script", src=True)]
    assert scripts == ["/theme/js/search.js"]
    assert page.find("noscript").find("a", href="/archives/")


def public_site_with_every_status(site):
    future = (datetime.now() + timedelta(days=30)).strftime("%Y-%m-%d %H:%M")
    shutil.copytree(ROOT / "content", site.content, dirs_exist_ok=True)
    site.add_column("visible", title="Visible", date="2024-02-03 09:00")
    site.add_column("hidden", title="Hidden", status="hidden")
    site.add_column("draft", title="Draft", status="draft")
    site.add_column("later", title="Later", date=future)
    site.write("pages/secret.md", "Title: Secret\nSlug: secret\nStatus: hidden\n\nNot listed.\n")
    return site.build(PUBLISHCONF, SITEURL=SITE_URL)


def test_sitemap_lists_every_published_page_and_nothing_else(site):
    output = public_site_with_every_status(site)
    tree = ET.parse(output / "sitemap.xml")
    locs = [loc.text for loc in tree.getroot().iterfind("s:url/s:loc", SITEMAP_NS)]
    assert len(locs) == len(set(locs))
    for path in ("", "archives/", "ask/", "search/", "about/", "columns/visible/",
                 "columns/why-no-updates-after-job-interview/"):
        assert f"{SITE_URL}/{path}" in locs, path
    assert not [loc for loc in locs if any(s in loc for s in ("hidden", "draft", "later", "secret", "404",
                                                              "thanks"))]
    for loc in locs:  # every listed URL is a page of the build
        path = output / loc.removeprefix(SITE_URL + "/")
        assert (path / "index.html" if loc.endswith("/") else path).is_file(), loc
    visible = next(u for u in tree.getroot().iterfind("s:url", SITEMAP_NS)
                   if u.find("s:loc", SITEMAP_NS).text.endswith("/columns/visible/"))
    assert visible.find("s:lastmod", SITEMAP_NS).text.startswith("2024-02-03T09:00:00")


def test_robots_txt_allows_crawling_and_names_the_sitemap(site):
    output = public_site_with_every_status(site)
    lines = (output / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /" not in lines
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in lines


def test_column_page_and_stylesheet_stay_within_the_size_budget(site):
    shutil.copy(SEED, site.content / "columns")
    site.write("columns/earlier.md", column(title="An earlier question", date="2026-01-05 09:00", slug="earlier"))
    output = site.build()
    stylesheet = (output / "theme" / "css" / "site.css").read_bytes()
    page = (output / "columns" / "why-no-updates-after-job-interview" / "index.html").read_bytes()
    assert len(stylesheet) <= STYLESHEET_MAX_BYTES
    assert len(page) + len(stylesheet) <= BUDGET_RAW_BYTES
    assert len(gzip.compress(page)) + len(gzip.compress(stylesheet)) <= BUDGET_GZIP_BYTES
    links = site.page("columns/why-no-updates-after-job-interview/").find_all("link", rel="stylesheet")
    assert [link["href"] for link in links] == ["/theme/css/site.css"]
