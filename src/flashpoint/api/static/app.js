// flashpoint dashboard. Plain JS, no dependencies, nothing fetched but this server's /api.
// All data is untrusted (article text comes from the web): it is only ever written with
// textContent or setAttribute on non-executable attributes — never innerHTML.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const QUADS = [
  ["verbal_cooperation", "#9ecae1", "verbal cooperation"],
  ["material_cooperation", "#3182bd", "material cooperation"],
  ["verbal_conflict", "#fdae6b", "verbal conflict"],
  ["material_conflict", "#d94801", "material conflict"],
];
const PAGE = 25;
const state = { dyad: null, by: "week", offset: 0 };

function $(sel) { return document.querySelector(sel); }

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  return node;
}

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = String(text);
  return node;
}

function status(message) { $("#status").textContent = message || ""; }

async function api(path, params) {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, v);
  }
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!body.ok) throw new Error(body.error || `HTTP ${response.status}`);
  return body;
}

function actorLabel(actor) {
  if (!actor) return "—";
  return `${actor.code}${actor.text ? " (" + actor.text + ")" : ""}`;
}

// -- dyads and trend ---------------------------------------------------------------------
async function loadDyads() {
  const select = $("#dyad-select");
  const { items } = await api("/api/dyads", { limit: 30 });
  select.replaceChildren();
  if (!items.length) { select.append(el("option", "no events stored", { value: "" })); return; }
  for (const d of items) {
    select.append(el("option", `${d.source} ↔ ${d.target} (${d.events} events)`,
                     { value: `${d.source},${d.target}` }));
  }
  select.value = `${items[0].source},${items[0].target}`;
  await selectDyad(select.value);
}

async function selectDyad(value) {
  if (!value) return;
  state.dyad = value;
  state.offset = 0;
  await Promise.all([loadTrend(), loadEvents()]);
}

async function loadTrend() {
  const [a, b] = state.dyad.split(",");
  const data = await api("/api/trends", { a, b, by: state.by });
  drawChart($("#trend-chart"), data);
}

function drawChart(container, data) {
  const series = data.series;
  container.replaceChildren();
  if (!series.length) { container.append(el("p", "No events for this dyad.")); return; }
  const W = 820, H = 320, L = 48, R = 48, T = 28, B = 42;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img",
                             "aria-label": `${data.a} and ${data.b}: events per ${data.by}` });
  root.append(svg("title", {}, `${data.a} ↔ ${data.b}: events per ${data.by}`));
  const n = series.length;
  const step = (W - L - R) / n;
  const maxCount = Math.max(1, ...series.map((p) => p.events));
  const yCount = (v) => H - B - (v / maxCount) * (H - T - B);
  const yGold = (g) => T + ((10 - g) / 20) * (H - T - B);
  // axes and grid
  root.append(svg("line", { x1: L, y1: yGold(0), x2: W - R, y2: yGold(0), stroke: "#999",
                            "stroke-dasharray": "3 3" }));
  for (const g of [-10, -5, 0, 5, 10]) {
    root.append(svg("text", { x: W - R + 6, y: yGold(g) + 4, "font-size": 11,
                              fill: "#444" }, (g > 0 ? "+" : "") + g));
  }
  for (const c of [0, Math.ceil(maxCount / 2), maxCount]) {
    root.append(svg("text", { x: L - 6, y: yCount(c) + 4, "font-size": 11, fill: "#444",
                              "text-anchor": "end" }, c));
  }
  root.append(svg("text", { x: 4, y: 16, "font-size": 11, fill: "#444" }, "events"));
  root.append(svg("text", { x: W - 4, y: 16, "font-size": 11, fill: "#444",
                            "text-anchor": "end" }, "Goldstein"));
  // stacked bars
  const bars = svg("g", { class: "bars" });
  series.forEach((p, i) => {
    let acc = 0;
    for (const [key, colour, label] of QUADS) {
      const v = p[key];
      if (!v) continue;
      const rect = svg("rect", { x: L + i * step + step * 0.12, width: step * 0.76,
                                 y: yCount(acc + v), height: yCount(acc) - yCount(acc + v),
                                 fill: colour });
      rect.append(svg("title", {}, `${p.period}: ${v} ${label}`));
      bars.append(rect);
      acc += v;
    }
  });
  root.append(bars);
  // Goldstein mean line over periods with events
  const pts = series.map((p, i) => [L + (i + 0.5) * step, p]).filter(([, p]) => p.events);
  if (pts.length) {
    const d = pts.map(([x, p], i) => `${i ? "L" : "M"}${x.toFixed(1)},` +
                                     `${yGold(p.goldstein_mean).toFixed(1)}`).join(" ");
    root.append(svg("path", { d, fill: "none", stroke: "#222", "stroke-width": 2,
                              class: "goldstein-line" }));
    for (const [x, p] of pts) {
      const dot = svg("circle", { cx: x, cy: yGold(p.goldstein_mean), r: 3, fill: "#222" });
      dot.append(svg("title", {}, `${p.period}: mean Goldstein ${p.goldstein_mean}`));
      root.append(dot);
    }
  }
  // alert markers
  const index = new Map(series.map((p, i) => [p.period, i]));
  for (const a of data.alerts) {
    if (!index.has(a.period)) continue;
    const x = L + (index.get(a.period) + 0.5) * step;
    root.append(svg("line", { x1: x, x2: x, y1: T, y2: H - B, stroke: "#b30000",
                              "stroke-dasharray": "5 3" }));
    const mark = svg("path", { d: `M${x - 7},${T - 2} L${x + 7},${T - 2} L${x},${T - 14} Z`,
                               fill: "#b30000", class: "alert-marker" });
    mark.append(svg("title", {}, `alert ${a.period}: z=${a.z}`));
    root.append(mark);
  }
  // period labels (at most ~10)
  const every = Math.max(1, Math.ceil(n / 10));
  series.forEach((p, i) => {
    if (i % every) return;
    root.append(svg("text", { x: L + (i + 0.5) * step, y: H - B + 16, "font-size": 11,
                              "text-anchor": "middle", fill: "#444" }, p.period));
  });
  container.append(root);
}

// -- alerts ------------------------------------------------------------------------------
async function loadAlerts() {
  const list = $("#alert-list");
  const { items } = await api("/api/alerts", { limit: 20 });
  list.replaceChildren();
  if (!items.length) { list.append(el("li", "No escalation alerts.")); return; }
  for (const a of items) {
    const li = el("li");
    const pick = el("button", `${a.source} ↔ ${a.target}`, { type: "button", class: "link" });
    pick.addEventListener("click", () => {
      const select = $("#dyad-select");
      const value = `${a.source},${a.target}`;
      if (![...select.options].some((o) => o.value === value)) {
        select.append(el("option", `${a.source} ↔ ${a.target}`, { value }));
      }
      select.value = value;
      selectDyad(value).catch(fail);
    });
    li.append(pick, " ", el("span", `z=${a.z}`, { class: "z" }),
              ` · ${a.by} of ${a.period} · conflict volume ${a.volume} ` +
              `(baseline ${a.baseline_mean} ± ${a.baseline_std})`);
    const drivers = el("ul");
    for (const e of a.drivers.slice(0, 3)) {
      const item = el("li");
      const open = el("button", `${e.date} ${actorLabel(e.source)} ${e.cameo} ` +
                               `${actorLabel(e.target)} (${e.goldstein})`,
                      { type: "button", class: "link" });
      open.addEventListener("click", () => openArticle(e.article_id, e.span, e.sentence)
        .catch(fail));
      item.append(open);
      drivers.append(item);
    }
    li.append(drivers);
    list.append(li);
  }
}

// -- events ------------------------------------------------------------------------------
async function loadEvents() {
  const body = $("#events-table tbody");
  const data = await api("/api/events", { dyad: state.dyad, limit: PAGE,
                                          offset: state.offset });
  body.replaceChildren();
  for (const e of data.items) {
    const tr = el("tr", null, { tabindex: 0, "data-article": e.article_id });
    for (const value of [e.date, actorLabel(e.source), `${e.cameo} ${e.plover || ""}`,
                         actorLabel(e.target), e.goldstein, e.articles, e.outlets,
                         e.sentence]) {
      tr.append(el("td", value));
    }
    const open = () => openArticle(e.article_id, e.span, e.sentence).catch(fail);
    tr.addEventListener("click", open);
    tr.addEventListener("keydown", (ev) => { if (ev.key === "Enter") open(); });
    body.append(tr);
  }
  $("#events-prev").disabled = state.offset === 0;
  $("#events-next").disabled = data.next_offset === null;
}

// -- quotes ------------------------------------------------------------------------------
async function searchQuotes(ev) {
  if (ev) ev.preventDefault();
  const list = $("#quote-results");
  const data = await api("/api/quotes", { contains: $("#quote-search").value.trim(),
                                          speaker: $("#quote-speaker").value.trim(),
                                          limit: 30 });
  list.replaceChildren();
  if (!data.items.length) { list.append(el("li", "No quotes found.")); return; }
  for (const q of data.items) {
    const sp = q.speaker || {};
    const li = el("li", null, { tabindex: 0 });
    li.append(el("strong", sp.name || sp.text || "unknown speaker"),
              el("span", ` ${sp.code || ""} · ${q.date || ""} · ${q.outlet || ""}`),
              el("blockquote", q.text));
    const open = () => openArticle(q.article_id, q.span).catch(fail);
    li.addEventListener("click", open);
    li.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
    list.append(li);
  }
}

// -- article -----------------------------------------------------------------------------
async function openArticle(id, span, sentence) {
  const { article } = await api(`/api/articles/${encodeURIComponent(id)}`);
  $("#article-title").textContent = article.title || article.doc;
  const meta = $("#article-meta");
  meta.replaceChildren(`${article.date || "undated"} · ${article.outlet || "unknown outlet"}` +
                       ` · story ${article.story_id} · `);
  if (article.url && /^https?:\/\//i.test(article.url)) {
    meta.append(el("a", article.url, { href: article.url, rel: "noopener noreferrer",
                                       target: "_blank" }));
  }
  // highlight the event's sentence (or the quote's span): before, <mark>, after
  const text = article.text;
  const holder = $("#article-text");
  holder.replaceChildren();
  let [start, end] = span || [0, 0];
  const wanted = (sentence || "").trim();
  if (wanted) {
    const at = text.lastIndexOf(wanted, start);
    const found = at >= 0 && start < at + wanted.length ? at : text.indexOf(wanted);
    if (found >= 0) [start, end] = [found, found + wanted.length];
  }
  if (end > start) {
    const mark = el("mark", text.slice(start, end), { id: "highlight" });
    holder.append(text.slice(0, start), mark, text.slice(end));
  } else {
    holder.append(text);
  }
  const evList = $("#article-events");
  evList.replaceChildren();
  for (const e of article.events) {
    const li = el("li", null);
    const b = el("button", `${actorLabel(e.source)} ${e.cameo} ${e.plover || ""} ` +
                          `${actorLabel(e.target)} · ${e.mode} · ${e.goldstein}`,
                 { type: "button", class: "link" });
    b.addEventListener("click", () => openArticle(id, e.span, e.sentence).catch(fail));
    li.append(b);
    evList.append(li);
  }
  if (!article.events.length) evList.append(el("li", "none"));
  const qList = $("#article-quotes");
  qList.replaceChildren();
  for (const q of article.quotes) {
    const sp = q.speaker || {};
    const li = el("li", null);
    const b = el("button", `${sp.name || sp.text || "unknown"}: “${q.text}”`,
                 { type: "button", class: "link" });
    b.addEventListener("click", () => openArticle(id, q.span).catch(fail));
    li.append(b);
    qList.append(li);
  }
  if (!article.quotes.length) qList.append(el("li", "none"));
  const panel = $("#article-panel");
  panel.hidden = false;
  panel.scrollIntoView({ block: "start" });
  const mark = $("#highlight");
  if (mark) mark.scrollIntoView({ block: "center" });
}

function fail(err) { status(`Error: ${err.message}`); }

document.addEventListener("DOMContentLoaded", () => {
  $("#dyad-select").addEventListener("change", (e) => selectDyad(e.target.value).catch(fail));
  $("#by-select").addEventListener("change", (e) => {
    state.by = e.target.value;
    if (state.dyad) loadTrend().catch(fail);
  });
  $("#events-prev").addEventListener("click", () => {
    state.offset = Math.max(0, state.offset - PAGE);
    loadEvents().catch(fail);
  });
  $("#events-next").addEventListener("click", () => {
    state.offset += PAGE;
    loadEvents().catch(fail);
  });
  $("#quote-form").addEventListener("submit", (e) => searchQuotes(e).catch(fail));
  Promise.all([loadDyads(), loadAlerts(), searchQuotes()])
    .then(() => { document.body.dataset.ready = "1"; })
    .catch(fail);
});
