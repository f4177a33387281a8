// Site search for /search/: queries the Pagefind index that `itagen build` writes to /pagefind/.
// Runs from the site's own files only; results are built with DOM nodes (never innerHTML).
// The index holds, after each page's text, a block of Thai words and sub-words added by
// itagen/search.py; it starts with MARKER and is cut off before excerpts are shown.

const MARKER = "itagen-search-terms";
const PAGE_SIZE = 20;
const CONTEXT = 70; // characters shown on each side of the match

const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const statusLine = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const unavailable = document.getElementById("search-unavailable");

let pagefind = null;
let pending = [];
let query = "";
let latest = 0; // the newest search; answers to older ones arriving late are dropped

function giveUp() {
  pagefind = null;
  list.replaceChildren();
  more.hidden = true;
  unavailable.hidden = false;
  input.disabled = true;
  form.querySelector("button").disabled = true;
  statusLine.textContent = "ใช้การค้นหาไม่ได้ในขณะนี้";
}

// No index (built without Pagefind) or WebAssembly refused: say so instead of failing silently.
async function load() {
  try {
    pagefind = await import("/pagefind/pagefind.js");
    await pagefind.init();
    return true;
  } catch (error) {
    giveUp();
    return false;
  }
}

function realText(content) {
  const cut = content.indexOf(MARKER);
  return (cut < 0 ? content : content.slice(0, cut)).trim();
}

// The terms to highlight: the query as typed, then its space-separated parts.
function needles(text) {
  const parts = text.split(/\s+/).filter(Boolean);
  return [text, ...parts].filter((p, i, all) => all.indexOf(p) === i);
}

function excerptNode(content, title) {
  let text = realText(content);
  if (title && text.startsWith(title)) {
    text = text.slice(title.length).replace(/^[.\s]+/, ""); // the heading is shown already
  }
  const p = document.createElement("p");
  p.className = "search-excerpt";
  let at = -1;
  let hit = "";
  for (const needle of needles(query)) {
    at = text.indexOf(needle);
    if (at >= 0) { hit = needle; break; }
  }
  if (at < 0) {
    p.textContent = text.length > 2 * CONTEXT ? text.slice(0, 2 * CONTEXT) + "…" : text;
    return p;
  }
  const start = Math.max(0, at - CONTEXT);
  const end = Math.min(text.length, at + hit.length + CONTEXT);
  const mark = document.createElement("mark");
  mark.textContent = hit;
  p.append((start > 0 ? "…" : "") + text.slice(start, at), mark,
           text.slice(at + hit.length, end) + (end < text.length ? "…" : ""));
  return p;
}

function resultItem(data) {
  const item = document.createElement("li");
  const link = document.createElement("a");
  const title = (data.meta && data.meta.title) || "";
  link.href = data.url;
  link.textContent = title || decodeURI(data.url);
  const heading = document.createElement("h2");
  heading.append(link);
  const where = document.createElement("p");
  where.className = "search-url";
  where.textContent = decodeURI(data.url);
  item.append(heading, excerptNode(data.content, title), where);
  return item;
}

async function showMore() {
  const batch = pending.splice(0, PAGE_SIZE);
  const data = await Promise.all(batch.map((result) => result.data()));
  for (const page of data) list.append(resultItem(page));
  more.hidden = pending.length === 0;
}

async function run(text) {
  const ticket = ++latest;
  query = text.trim();
  list.replaceChildren();
  more.hidden = true;
  if (!query) {
    statusLine.textContent = "พิมพ์คำที่ต้องการค้นหา";
    return;
  }
  statusLine.textContent = "กำลังค้นหา…";
  let found;
  try {
    found = await pagefind.search(query);
    if (ticket !== latest) return;
    pending = found.results.slice();
    await showMore();
  } catch (error) {
    giveUp();
    return;
  }
  statusLine.textContent = found.results.length === 0
    ? `ไม่พบหน้าที่มีคำว่า “${query}”`
    : `พบ ${found.results.length.toLocaleString("th-TH")} หน้าที่มีคำว่า “${query}”`;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!pagefind) return;
  const url = new URL(location.href);
  url.searchParams.set("q", input.value.trim());
  history.replaceState(null, "", url);
  await run(input.value);
});

more.addEventListener("click", showMore);

load().then((ready) => {
  const initial = new URLSearchParams(location.search).get("q");
  if (ready && initial) {
    input.value = initial;
    run(initial);
  }
});
