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

// Each word is looked up on its own as a whole word (Pagefind's exact search: every form with
// the same stem, such as interview, interviews, interviewing), and a column must contain every
// word. Pagefind's plain search also completes a word as a prefix and, where no word starts with
// it, falls back to a shorter word; each bundle decides that alone, so a word found in one shard
// would bring unrelated columns from every other shard.
async function findAll(pagefind, query, options) {
  const words = query.replaceAll('"', " ").split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
  if (!words.length) return [];
  const perWord = await Promise.all(words.map((word) => pagefind.search(`"${word}"`, options)));
  let found = perWord[0].results.map((result) => ({ result, score: result.score }));
  for (const other of perWord.slice(1)) {
    const scores = new Map(other.results.map((result) => [result.id, result.score]));
    found = found.filter(({ result }) => scores.has(result.id))
      .map(({ result, score }) => ({ result, score: score + scores.get(result.id) }));
  }
  return found.sort((a, b) => b.score - a.score).map(({ result }) => result);
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
  const found = pagefind ? await findAll(pagefind, query, options) : [];
  const pages = await Promise.all(found.slice(0, 20).map((r) => r.data()));
  // A letter and its reruns are one entry (the best-ranked page), with the dates it ran.
  const letters = new Set();
  let repeats = 0;
  for (const page of pages) {
    if (page.meta.letter) {
      if (letters.has(page.meta.letter)) {
        repeats += 1;
        continue;
      }
      letters.add(page.meta.letter);
    }
    const item = document.createElement("li");
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = page.url;
    link.textContent = page.meta.title;
    heading.append(link);
    const excerpt = document.createElement("p");
    if (page.meta.content_note) {
      // A column with a content note is listed with the note, never with words of its letter.
      excerpt.className = "content-note";
      excerpt.textContent = `Content note: ${page.meta.content_note}.`;
    } else {
      // Pagefind's excerpt is our own indexed text, HTML-escaped, with <mark> around matches.
      excerpt.innerHTML = page.excerpt;
    }
    item.append(heading);
    if (page.meta.ran) {
      const ran = document.createElement("p");
      ran.className = "meta";
      ran.textContent = page.meta.ran;
      item.append(ran);
    }
    item.append(excerpt);
    results.append(item);
  }
  const where = topic ? ` in ${topic}` : "";
  const count = found.length - repeats;
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
