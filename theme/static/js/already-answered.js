// "Already answered?" on /ask/: after the reader pauses typing the question, up to five published
// columns that answer something close, found in the site's own search index in the browser.
// Nothing the reader types leaves the page: the index's files come from this site, and no request
// carries a word of the question. Without JavaScript the section stays hidden.
const field = document.getElementById("ask-question");
const box = document.getElementById("already-answered");
const status = document.getElementById("already-answered-status");
const list = box.querySelector("ul");
const bundles = box.dataset.pagefindBundles.split(" ").filter(Boolean);
const PAUSE_MS = 600;
const MOST = 5;
// The question's words looked up: the longest ones, common words left out.
const WORDS = 12;
const COMMON = new Set(("about after again also always another anyone anything because been before being "
  + "could does doing done every from have having here into just know like make many more most much never "
  + "now only other over really said same should since some still such than that their them then there "
  + "these they thing think this those through very want well were what when where which while will with "
  + "would your").split(" "));
let loading;
let timer;
let asked = 0;

async function load() {
  const pagefind = await import(`${bundles[0]}pagefind.js`);
  await Promise.all(bundles.slice(1).map((bundle) => pagefind.mergeIndex(bundle)));
  return pagefind;
}

function words(text) {
  const found = new Set(text.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu) || []);
  return [...found].filter((word) => !COMMON.has(word))
    .sort((a, b) => b.length - a.length || a.localeCompare(b)).slice(0, WORDS);
}

// Each word on its own, as a whole word; a column must share at least two of them, and the
// columns sharing most come first (then by Pagefind's score). A letter and its reruns count once.
async function close(pagefind, terms) {
  const perWord = await Promise.all(terms.map((word) => pagefind.search(`"${word}"`)));
  const found = new Map();
  for (const { results } of perWord) {
    for (const result of results) {
      const seen = found.get(result.id) || { result, words: 0, score: 0 };
      seen.words += 1;
      seen.score += result.score;
      found.set(result.id, seen);
    }
  }
  const ranked = [...found.values()].filter((seen) => seen.words >= 2)
    .sort((a, b) => b.words - a.words || b.score - a.score).slice(0, 3 * MOST);
  const pages = await Promise.all(ranked.map(({ result }) => result.data()));
  const letters = new Set();
  return pages.filter((page) => {
    const letter = page.meta.letter || page.url;
    if (letters.has(letter)) return false;
    letters.add(letter);
    return true;
  }).slice(0, MOST);
}

function show(pages) {
  list.replaceChildren(...pages.map((page) => {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = page.url;
    link.textContent = page.meta.title;
    item.append(link);
    return item;
  }));
  box.hidden = !pages.length;
  status.textContent = pages.length
    ? `${pages.length} ${pages.length === 1 ? "column" : "columns"} may already answer your question: see “Already answered?”.`
    : "";
}

async function suggest() {
  const mine = ++asked;
  const terms = words(field.value);
  let pages = [];
  if (terms.length >= 2 && bundles.length) {
    try {
      loading ??= load();
      pages = await close(await loading, terms);
    } catch {
      pages = [];  // no index: the form works as without suggestions
    }
  }
  if (mine === asked) show(pages);
}

field.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(suggest, PAUSE_MS);
});
