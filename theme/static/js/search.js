// Search the columns with Pagefind's JavaScript API, in our own accessible form.
// The form works as a plain GET form (?q=…&topic=…): the query is kept in the
// address, so a search can be bookmarked, shared and reloaded.
// The index comes in bundles, one per shard of columns (data-pagefind-bundles):
// the first bundle's pagefind.js searches them all once the others are merged in.
const form = document.querySelector("form.search-form");
const status = document.getElementById("search-status");
const results = document.getElementById("search-results");
const bundles = form.dataset.pagefindBundles.split(" ").filter(Boolean);
let loading;

async function load() {
  if (!bundles.length) return null;
  const pagefind = await import(`${bundles[0]}pagefind.js`);
  await Promise.all(bundles.slice(1).map((bundle) => pagefind.mergeIndex(bundle)));
  return pagefind;
}

async function search(query, topic) {
  results.replaceChildren();
  if (!query.trim()) {
    status.textContent = "";
    return;
  }
  status.textContent = "Searching…";
  loading ??= load();
  let pagefind;
  try {
    pagefind = await loading;
  } catch {
    loading = null;
    status.textContent = "The search index could not be loaded. Try again, or browse the archives.";
    return;
  }
  const options = topic ? { filters: { topic } } : {};
  const found = pagefind ? await pagefind.search(query, options) : { results: [] };
  const pages = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
  for (const page of pages) {
    const item = document.createElement("li");
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = page.url;
    link.textContent = page.meta.title;
    heading.append(link);
    const excerpt = document.createElement("p");
    // Pagefind's excerpt is our own indexed text, HTML-escaped, with <mark> around matches.
    excerpt.innerHTML = page.excerpt;
    item.append(heading, excerpt);
    results.append(item);
  }
  const where = topic ? ` in ${topic}` : "";
  const count = found.results.length;
  status.textContent = count
    ? `${count} ${count === 1 ? "column" : "columns"} found for “${query}”${where}.`
    : `No column found for “${query}”${where}. Try other words, or all topics.`;
}

function fromAddress() {
  const params = new URLSearchParams(location.search);
  form.elements.q.value = params.get("q") ?? "";
  if (form.elements.topic) form.elements.topic.value = params.get("topic") ?? "";
  search(form.elements.q.value, form.elements.topic?.value ?? "");
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const params = new URLSearchParams(new FormData(form));
  history.pushState(null, "", `?${params}`);
  search(form.elements.q.value, form.elements.topic?.value ?? "");
});
window.addEventListener("popstate", fromAddress);
fromAddress();
