// Browse an OPDS 1 catalogue as an e-reader app does, with the parsers of
// real apps, and say what an app would miss.
//
//   node tools/opds/browse.js URL
//   node tools/opds/browse.js --serve DIR PATH [--port N]   (PATH inside DIR)
//
// With --serve, DIR is served over HTTP on 127.0.0.1 (a static server, as
// a catalogue is published; on port N, else any free one) and browsing
// starts at http://127.0.0.1:N/PATH.
//
// Every feed is read twice: by Readium's r2-opds-js, the OPDS parser of
// Thorium Reader (the feed is turned into OPDS 2 as Thorium does, then
// read with the rules Thorium's views apply: which entry is a publication
// and which a navigation link, which link is a download, a cover, a
// thumbnail, the next page), and by NYPL's opds-feed-parser (the parser of
// the Library Simplified / Palace web catalogue, which calls a feed an
// acquisition feed when every entry has an acquisition link).  From the
// root it follows every navigation link, every page (next), every facet and
// the search description, and for every publication checks what an app
// shows and downloads: its title, authors, language, summary, date, its
// cover and thumbnail (fetched: an image of the type announced), and at
// least one open-access download of a type the app opens (fetched: an EPUB
// is a ZIP whose first entry says application/epub+zip, a PDF starts with
// %PDF, and its length is the one announced).
//
// Prints a JSON report on stdout: the feeds visited, the publications
// found (by identifier) with the feeds that list them, and the problems.
// Exit status: 0 no problem; 1 problems (listed); 2 usage; 3 the start
// could not be read.
"use strict";

require("reflect-metadata");
const fs = require("fs");
const http = require("http");
const path = require("path");
const { DOMParser } = require("@xmldom/xmldom");
const { XML } = require("r2-utils-js/dist/es8-es2017/src/_utils/xml-js-mapper");
const { OPDS } = require("r2-opds-js/dist/es8-es2017/src/opds/opds1/opds");
const { Entry } = require("r2-opds-js/dist/es8-es2017/src/opds/opds1/opds-entry");
const {
  convertOpds1ToOpds2, convertOpds1ToOpds2_EntryToPublication,
} = require("r2-opds-js/dist/es8-es2017/src/opds/converter");
const {
  initGlobalConverters_GENERIC, initGlobalConverters_OPDS,
} = require("r2-opds-js/dist/es8-es2017/src/opds/init-globals");
const NyplParser = require("opds-feed-parser").default;
const { AcquisitionFeed, NavigationFeed } = require("opds-feed-parser");

initGlobalConverters_OPDS();
initGlobalConverters_GENERIC();

const ACQ = "http://opds-spec.org/acquisition";
const OPEN = "http://opds-spec.org/acquisition/open-access";
const IMAGE = "http://opds-spec.org/image";
const THUMB = "http://opds-spec.org/image/thumbnail";
const FACET = "http://opds-spec.org/facet";
// The download types Thorium offers to open (its supportedFileTypeLinkArray,
// the ones a text library serves); KOReader and Librera open both too.
const READABLE = ["application/epub+zip", "application/pdf"];
// The longest download label that fits a button of an app's dialog.
const LABEL = 32;
const MEDIA = { ".xml": "application/atom+xml", ".html": "text/html",
  ".epub": "application/epub+zip", ".pdf": "application/pdf",
  ".png": "image/png", ".jpg": "image/jpeg", ".css": "text/css",
  ".js": "text/javascript", ".json": "application/json" };

const problems = [];
function problem(where, what) { problems.push(`${where}: ${what}`); }
// What an app shows as missing but the feed cannot invent (a text without
// an author or a date): reported, not failed.
const notes = [];
function note(where, what) { notes.push(`${where}: ${what}`); }

// ---- fetching (over HTTP as an app does; file: URLs read directly)
async function get(url) {
  const u = new URL(url);
  if (u.protocol === "file:") {
    try { return { status: 200, body: fs.readFileSync(decodeURIComponent(u.pathname)) }; }
    catch { return { status: 404, body: Buffer.alloc(0) }; }
  }
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get("content-type"),
    body: Buffer.from(await res.arrayBuffer()) };
}

function serve(dir, port) {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const file = path.join(root, rel);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) ||
        !fs.statSync(file).isFile()) {
      res.writeHead(404); res.end(); return;
    }
    res.writeHead(200, { "content-type": MEDIA[path.extname(file)] ||
      "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(port || 0, "127.0.0.1",
    () => resolve(server)));
}

// ---- Thorium's reading of a feed (r2-opds-js, then Thorium's view rules)
function r2Parse(text, where) {
  const errors = [];
  const dom = new DOMParser({ onError: (level, msg) => {
    if (level !== "warning") errors.push(msg);
  } }).parseFromString(text, "application/xml");
  for (const e of errors) problem(where, `XML: ${e}`);
  // KOReader's XML reader keys elements by their name as written: Atom
  // must be the default namespace, its elements unprefixed.
  const top = dom.documentElement;
  if (top.prefix || top.namespaceURI !== "http://www.w3.org/2005/Atom") {
    problem(where, `the root element is ${top.tagName} in ${top.namespaceURI}, not Atom's unprefixed feed or entry`);
  }
  if (dom.documentElement.localName === "entry") {
    return { entry: convertOpds1ToOpds2_EntryToPublication(
      XML.deserialize(dom, Entry)) };
  }
  return { feed: convertOpds1ToOpds2(XML.deserialize(dom, OPDS)) };
}

const rels = (l) => l.Rel || [];
const resolve = (base, href) => new URL(href, base).href;

function linksBy(links, { rel, types }) {
  return (links || []).filter((l) => l.Href &&
    (!rel || rels(l).some((r) => rel.includes(r))) &&
    (!types || types.some((t) => (l.TypeLink || "").split(";")[0] === t)));
}

// What Thorium shows of a publication (convertOpdsPublicationToView).
function publicationView(p, base) {
  const m = p.Metadata || {};
  const images = p.Images || [];
  const thumb = linksBy(images, { rel: [THUMB] })[0] ||
    linksBy(images, { types: ["image/png", "image/jpeg"] })[0];
  return {
    untyped: [...(p.Links || []), ...images].filter((l) => !l.TypeLink).map((l) => l.Href),
    identifier: m.Identifier,
    title: typeof m.Title === "string" ? m.Title : JSON.stringify(m.Title),
    authors: (m.Author || []).map((a) => a.Name).filter(Boolean),
    languages: m.Language || [],
    description: m.Description || "",
    published: m.PublicationDate ? new Date(m.PublicationDate).toISOString() : "",
    tags: (m.Subject || []).map((s) => s.Name || s.Code),
    cover: linksBy(images, { rel: [IMAGE] }).map((l) => ({
      url: resolve(base, l.Href), type: l.TypeLink })),
    thumbnail: thumb ? { url: resolve(base, thumb.Href), type: thumb.TypeLink } : null,
    downloads: linksBy(p.Links, { rel: [ACQ, OPEN], types: READABLE }).map(
      (l) => ({ url: resolve(base, l.Href), type: l.TypeLink, title: l.Title })),
  };
}

// ---- checks of what is fetched
const checked = new Map();
async function checkFile(url, type, where, length) {
  const key = `${url} ${type}`;
  if (!checked.has(key)) {
    checked.set(key, (async () => {
      const r = await get(url);
      if (r.status !== 200) return `${url}: HTTP ${r.status}`;
      const b = r.body;
      const magic = {
        "application/epub+zip": () => b.subarray(0, 2).toString() === "PK" &&
          b.subarray(30, 58).toString() === "mimetypeapplication/epub+zip",
        "application/pdf": () => b.subarray(0, 5).toString() === "%PDF-",
        "image/png": () => b.subarray(1, 4).toString() === "PNG",
        "image/jpeg": () => b[0] === 0xff && b[1] === 0xd8,
      }[type];
      if (magic && !magic()) return `${url}: not a file of type ${type}`;
      return { size: b.length };
    })());
  }
  const res = await checked.get(key);
  if (typeof res === "string") problem(where, res);
  else if (length && Number(length) !== res.size) {
    problem(where, `${url}: length ${length} announced, ${res.size} served`);
  }
}

// The length attributes, which r2-opds-js does not keep: read from the XML.
function lengths(text, base) {
  const out = new Map();
  const dom = new DOMParser().parseFromString(text, "application/xml");
  const links = dom.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "link");
  for (let i = 0; i < links.length; i++) {
    const l = links[i];
    if (l.getAttribute("length")) {
      out.set(resolve(base, l.getAttribute("href")), l.getAttribute("length"));
    }
  }
  return out;
}

// ---- browsing
const report = { start: "", feeds: {}, publications: {}, search: null, problems, notes };

async function browse(start) {
  report.start = start;
  const queue = [{ url: start, from: null, expect: null }];
  const seen = new Set();
  const pubChecks = [];
  while (queue.length) {
    const { url, from, expect } = queue.shift();
    const key = url.split("#")[0];
    if (seen.has(key)) continue;
    seen.add(key);
    const where = url.replace(start.replace(/[^/]*$/, ""), "");
    const r = await get(url);
    if (r.status !== 200) {
      problem(from || "start", `${url}: HTTP ${r.status}`);
      if (!from) process.exit(3);
      continue;
    }
    const text = r.body.toString("utf8");
    let parsed;
    try { parsed = r2Parse(text, where); } catch (e) {
      problem(where, `Thorium's parser (r2-opds-js) failed: ${e.message}`); continue;
    }
    let nypl;
    try { nypl = await new NyplParser().parse(text); } catch (e) {
      problem(where, `NYPL's parser failed: ${e}`);
    }
    if (parsed.entry) {
      const v = publicationView(parsed.entry, url);
      report.feeds[where] = { kind: "entry", publications: 1 };
      pubChecks.push(checkPublication(v, where, lengths(text, url)));
      continue;
    }
    const feed = parsed.feed;
    const pubs = feed.Publications || [];
    const nav = feed.Navigation || [];
    const title = feed.Metadata && feed.Metadata.Title;
    if (!title) problem(where, "the feed has no title");
    const links = feed.Links || [];
    const one = (rel) => linksBy(links, { rel: [rel] }).map((l) => resolve(url, l.Href));
    const self = one("self");
    if (self.length !== 1 || self[0] !== key) {
      problem(where, `its self link is ${JSON.stringify(self)}, not its address`);
    }
    const selfType = (linksBy(links, { rel: ["self"] })[0] || {}).TypeLink || "";
    const kind = /kind=navigation/.test(selfType) ? "navigation" :
      /kind=acquisition/.test(selfType) ? "acquisition" : "";
    if (!kind) problem(where, `its self link's type says no kind: ${selfType}`);
    if (expect && kind && expect !== kind) {
      problem(where, `linked as a ${expect} feed from ${from}, says ${kind}`);
    }
    const thorium = pubs.length && !nav.length ? "acquisition" :
      nav.length && !pubs.length ? "navigation" : pubs.length ? "mixed" : "empty";
    if (thorium === "mixed") {
      problem(where, `Thorium reads ${pubs.length} publications and ${nav.length} navigation links in one feed`);
    }
    if (kind && thorium !== "empty" && thorium !== kind) {
      problem(where, `a ${kind} feed that Thorium reads as ${thorium}`);
    }
    const nyplKind = nypl instanceof AcquisitionFeed ? "acquisition" :
      nypl instanceof NavigationFeed ? "navigation" : "";
    if (nypl && kind && nyplKind !== kind && (nypl.entries || []).length) {
      problem(where, `a ${kind} feed that NYPL's parser reads as ${nyplKind}`);
    }
    const start_ = one("start");
    if (start_.length !== 1 || start_[0] !== start) {
      problem(where, `its start link is ${JSON.stringify(start_)}, not the catalogue's root`);
    }
    if (from && kind && !one("up").length && !one("previous").length) {
      problem(where, "no up link back towards the root");
    }
    report.feeds[where] = { kind, title, navigation: nav.length,
      publications: pubs.length, next: one("next").map((u) => u.replace(start.replace(/[^/]*$/, ""), "")) };
    for (const n of nav) {
      const target = resolve(url, n.Href);
      const t = n.TypeLink || "";
      if (!n.Title) problem(where, `a navigation link to ${n.Href} has no title`);
      if (!/profile=opds-catalog/.test(t)) {
        problem(where, `navigation link ${n.Href} has type ${t}, not an OPDS catalogue`);
      }
      const count = n.Properties && n.Properties.NumberOfItems;
      queue.push({ url: target, from: where, count,
        expect: /kind=acquisition/.test(t) ? "acquisition" :
          /kind=navigation/.test(t) ? "navigation" : null });
      if (count !== undefined) report.feeds[where].counts = Object.assign(
        report.feeds[where].counts || {}, { [target]: count });
    }
    for (const rel of ["next", "previous", "first", "last", "up"]) {
      for (const u of one(rel)) queue.push({ url: u, from: where, expect: rel === "up" ? null : kind });
    }
    for (const facetGroup of feed.Facets || []) {
      for (const l of facetGroup.Links || []) {
        queue.push({ url: resolve(url, l.Href), from: where, expect: null });
      }
    }
    for (const s of one("search")) {
      if (!report.search) report.search = await checkSearch(s, where);
    }
    if (nypl && kind === "acquisition") {
      const ids = (nypl.entries || []).map((e) => e.id).sort().join(" ");
      const r2ids = pubs.map((p) => (p.Metadata || {}).Identifier).sort().join(" ");
      if (ids !== r2ids) problem(where, `NYPL's parser lists ${ids}, Thorium's ${r2ids}`);
      for (const e of nypl.entries || []) {
        const acq = (e.links || []).filter((l) => READABLE.includes(l.type) &&
          [ACQ, OPEN].includes(l.rel));
        if (!acq.length) problem(where, `NYPL's parser finds no download in ${e.id}`);
      }
    }
    const len = lengths(text, url);
    for (const p of pubs) {
      const v = publicationView(p, url);
      pubChecks.push(checkPublication(v, where, len));
    }
  }
  await Promise.all(pubChecks);
  // thr:count: the number of texts a navigation entry announces is the
  // number its feed lists, all pages together.
  for (const [where, f] of Object.entries(report.feeds)) {
    for (const [target, count] of Object.entries(f.counts || {})) {
      let n = 0;
      let page = target.replace(start.replace(/[^/]*$/, ""), "");
      const pages = new Set();
      while (page && report.feeds[page] && !pages.has(page)) {
        pages.add(page);
        n += report.feeds[page].publications;
        page = (report.feeds[page].next || [])[0];
      }
      if (n !== count) problem(where, `announces ${count} items for ${target}, which lists ${n}`);
    }
    delete f.counts;
  }
}

async function checkSearch(url, where) {
  const r = await get(url);
  if (r.status !== 200) { problem(where, `search ${url}: HTTP ${r.status}`); return null; }
  const dom = new DOMParser().parseFromString(r.body.toString("utf8"), "application/xml");
  const urls = dom.getElementsByTagNameNS("http://a9.com/-/spec/opensearch/1.1/", "Url");
  const templates = [];
  for (let i = 0; i < urls.length; i++) templates.push(urls[i].getAttribute("template"));
  if (!templates.some((t) => t && t.includes("{searchTerms}"))) {
    problem(where, `search ${url}: no Url template with {searchTerms}`);
  }
  return { url, templates };
}

async function checkPublication(v, where, len) {
  const id = v.identifier || `(no id in ${where})`;
  const at = `${where}: "${v.title}"`;
  const known = report.publications[id];
  if (known) {
    known.feeds.push(where);
    if (known.title !== v.title) problem(at, `identifier ${id} is also "${known.title}"`);
    return;
  }
  report.publications[id] = Object.assign({}, v, { feeds: [where] });
  if (!v.identifier) problem(at, "no identifier");
  if (!v.title) problem(at, "no title");
  if (!v.authors.length) note(at, "no author an app shows (atom:author)");
  if (!v.languages.length) problem(at, "no language (dc:language)");
  if (!v.description) note(at, "no summary or content");
  if (!v.published) note(at, "no date Thorium shows (atom:published)");
  if (!v.downloads.length) problem(at, `no open-access download of type ${READABLE.join(" or ")}`);
  for (const d of v.downloads) {
    // KOReader shows a download's title on its button, Thorium beside it.
    if (!d.title || d.title.length > LABEL) {
      problem(at, `download ${d.url} is labelled "${d.title || ""}", not a short label`);
    }
  }
  for (const href of v.untyped) problem(at, `link ${href} has no type (KOReader reads every entry link's type)`);
  if (!v.cover.length) problem(at, "no cover (http://opds-spec.org/image)");
  if (!v.thumbnail) problem(at, "no thumbnail");
  const files = [...v.downloads, ...v.cover, ...(v.thumbnail ? [v.thumbnail] : [])];
  await Promise.all(files.map((f) => checkFile(f.url, f.type, at, len.get(f.url))));
}

async function main() {
  const args = process.argv.slice(2);
  let start;
  let server;
  let port = 0;
  const p = args.indexOf("--port");
  if (p >= 0) { port = Number(args[p + 1]); args.splice(p, 2); }
  if (args[0] === "--serve" && args.length === 3) {
    server = await serve(args[1], port);
    start = `http://127.0.0.1:${server.address().port}/${args[2].replace(/^\/+/, "")}`;
  } else if (args.length === 1 && !args[0].startsWith("-")) {
    start = /^[a-z]+:/.test(args[0]) ? args[0] : "file://" + path.resolve(args[0]);
  } else {
    process.stderr.write("usage: node browse.js URL | --serve DIR PATH [--port N]\n");
    process.exit(2);
  }
  try { await browse(start); } finally { if (server) server.close(); }
  process.stdout.write(JSON.stringify(report, null, 1) + "\n");
  for (const n of notes) process.stderr.write("note: " + n + "\n");
  for (const p of problems) process.stderr.write(p + "\n");
  process.stderr.write(`${Object.keys(report.feeds).length} feed(s), ` +
    `${Object.keys(report.publications).length} publication(s), ` +
    `${problems.length} problem(s)\n`);
  process.exit(problems.length ? 1 : 0);
}

main().catch((e) => { process.stderr.write(`${e.stack || e}\n`); process.exit(3); });
