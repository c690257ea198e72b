/* cnn-blog's search worker (issue 28). It answers the messages of Material for MkDocs' search UI
 * (SETUP 0 -> READY 1, QUERY 2 -> RESULT 3: the protocol of Material's own worker, whose UI is kept) and
 * ranks with MiniSearch (vendored beside this file, sitebuild/search/minisearch.js), a maintained
 * full-text engine with BM25+ ranking, OR queries, prefix and fuzzy matching.
 *
 * What is ours is how text becomes terms, because no maintained engine segments Japanese in a worker
 * of this size: a Japanese run (kanji, hiragana, katakana) becomes its overlapping two-character pieces
 * (学習率の -> 学習 習率 率の), a Latin word stays whole and also gives its camelCase parts
 * (MaxPooling2D -> maxpooling2d max pooling2d), after NFKC and lower case (ＣＮＮ -> cnn, ﾊﾞｯﾁ -> バッチ).
 * A query is made of the same terms, none of them required: pieces that cross a word boundary
 * (畳み込みとは -> みと, とは) only add a little to pages that have them, so a natural question is
 * never empty for a word it does not need, and pages holding more of its pieces, rarer ones first,
 * rank higher. Common English words of a question (how, does, the: lunr's stop-word list, the one
 * Material ships) are left out of a query; Latin words of three letters or more match as beginnings
 * of words, and of five or more also with one typo per five letters (convlution -> convolution).
 */
"use strict";

const JA = "\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\u30fc\\u3005";
const RUNS = new RegExp(`([${JA}]+)|((?:(?![${JA}])[\\p{L}\\p{N}])+)`, "gu");
const OKURIGANA = /(?<=\p{sc=Han})\p{sc=Hiragana}{1,2}(?=\p{sc=Han})/gu;
const CAMEL = /(?<=[a-z0-9])(?=[A-Z][a-z])/;
const HAS_JA = new RegExp(`[${JA}]`, "u");

/** Text as terms and phrases compare it: NFKC (ＣＮＮ -> CNN, ﾊﾞｯﾁ -> バッチ), lower case. */
const fold = text => text.normalize("NFKC").toLowerCase();

// lunr's English stop words (lunr.stopWordFilter, the list Material's own worker can apply)
const STOP = new Set(("a able about across after all almost also am among an and any are as at be because been but " +
  "by can cannot could dear did do does either else ever every for from get got had has have he her hers him his " +
  "how however i if in into is it its just least let like likely may me might most must my neither no nor not of " +
  "off often on only or other our own rather said say says she should since so some than that the their them then " +
  "there these they this tis to too twas us wants was we were what when where which while who whom why will with " +
  "would yet you your").split(" "));

/** The terms of a text: [term, isJapanese] pairs, in order. */
function terms(text) {
  const out = [];
  for (const m of text.normalize("NFKC").matchAll(RUNS)) {
    if (m[1]) {
      const chars = [...m[1]];
      if (chars.length === 1) out.push([chars[0], true]);
      for (let i = 0; i + 1 < chars.length; i++) out.push([chars[i] + chars[i + 1], true]);
      // the same word with its okurigana left out (畳み込み -> 畳込), as readers write it either way
      const bare = [...m[1].replace(OKURIGANA, "")];
      if (bare.length !== chars.length)
        for (let i = 0; i + 1 < bare.length; i++) if (!m[1].includes(bare[i] + bare[i + 1])) out.push([bare[i] + bare[i + 1], true]);
    } else {
      const word = m[2];
      out.push([word.toLowerCase(), false]);
      const parts = word.split(CAMEL);
      if (parts.length > 1) for (const part of parts) out.push([part.toLowerCase(), false]);
    }
  }
  return out;
}

const normalized = text => fold(text).trim().replace(/\s+/g, " ");
const isLatin = term => !HAS_JA.test(term);

// how a page's sections add up, what a phrase found whole adds, what a synonym's term weighs: the index's
// config.ranking (sitebuild/search_index.py RANKING)
let ranking = {sections: 1, phrase: 1, synonym: 0.3, exact: 3};
let exact = null;    // a glossary term, normalized -> the locations whose keywords hold it
let synonyms = [];   // [{names, matches(query)}]: the glossary's names of one idea each
let engine = null;   // MiniSearch over the sections
let docs = null;     // location -> document as the index holds it
let plain = null;    // location -> its title, text and keywords, normalized as the terms are
let pageOf = null;   // location -> its page's location

function setup(index) {
  ranking = {...ranking, ...index.config.ranking};
  synonyms = (index.config.synonyms || []).map(group => group.map(name => mention(fold(name))));
  const fields = Object.keys(index.config.fields);
  const boost = Object.fromEntries(fields.map(f => [f, index.config.fields[f].boost]));
  docs = new Map();
  pageOf = new Map();
  plain = new Map();
  exact = new Map();
  for (const doc of index.docs) {
    const page = doc.location.split("#")[0];
    docs.set(doc.location, doc);
    pageOf.set(doc.location, page);
    for (const term of (doc.keywords || "").split(";")) {
      const key = normalized(term);
      if (key) exact.set(key, [...(exact.get(key) || []), doc.location]);
    }
    plain.set(doc.location, fold(`${doc.title} ${doc.text} ${doc.keywords ?? ""} ${doc.about ?? ""}`));
  }
  engine = new MiniSearch({
    idField: "location",
    fields,
    extractField: (doc, field) => field === "page" ? (docs.get(pageOf.get(doc.location)) || doc).title : doc[field],
    tokenize: text => terms(text).map(([t]) => t),
    processTerm: term => term,
    searchOptions: {
      boost,
      boostDocument: id => docs.get(id).boost ?? 1,
      combineWith: "OR",
      prefix: term => isLatin(term) ? term.length >= 3 : [...term].length === 1,
      fuzzy: term => !isLatin(term) || term.length < 5 ? false : term.length < 6 ? 1 : 2,
    },
  });
  engine.addAll(index.docs);
}

const REGEXP_SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** A name and a test of whether a normalized query mentions it: a Japanese name anywhere in it, a Latin
 * name as whole words. */
function mention(name) {
  if (HAS_JA.test(name)) return {name, in: q => q.includes(name)};
  const re = new RegExp(`(?<![\\p{L}\\p{N}])${name.replace(REGEXP_SPECIAL, "\\$&")}(?![\\p{L}\\p{N}])`, "u");
  return {name, in: q => re.test(q)};
}

/** The other names of each idea the query names (the glossary's synonyms), as one string. */
function widened(query) {
  const q = fold(query);
  const extra = new Set();
  for (const group of synonyms)
    if (group.some(m => m.in(q))) for (const m of group) if (!m.in(q)) extra.add(m.name);
  return [...extra].join(" ");
}

/** The query's terms, each with the word of the query it came from. */
function queryTerms(query) {
  const out = [];
  for (const word of query.trim().split(/\s+/).filter(Boolean))
    for (const [term, japanese] of terms(word))
      if (japanese || !STOP.has(term)) out.push([term, word]);
  return out;
}

const escapeHtml = s => s.replace(/[&<>"]/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]));

const folded = new Map();   // text -> its folded form, and where each folded code unit's character starts and ends

/** ``text`` folded code unit by code unit, with the span of the character each unit came from (a character
 * may fold to several: ㎏ -> kg); computed once per text, as every query highlights the same texts. */
function foldedWithSpans(text) {
  if (!folded.has(text)) {
    let flat = "";
    const starts = [], ends = [];
    let offset = 0;
    for (const ch of text) {
      const n = fold(ch);
      flat += n;
      for (let k = 0; k < n.length; k++) { starts.push(offset); ends.push(offset + ch.length); }
      offset += ch.length;
    }
    folded.set(text, {flat, starts: Int32Array.from(starts), ends: Int32Array.from(ends)});
  }
  return folded.get(text);
}

/** ``text`` as HTML with each occurrence of a matched term marked; overlapping pieces make one mark. */
function highlight(text, matched) {
  if (!text) return "";
  const {flat, starts, ends} = foldedWithSpans(text);
  const spans = [];
  for (const term of matched) {
    for (let at = flat.indexOf(term); at !== -1; at = flat.indexOf(term, at + 1)) {
      spans.push([starts[at], ends[at + term.length - 1]]);
    }
  }
  if (!spans.length) return escapeHtml(text);
  spans.sort((a, b) => a[0] - b[0]);
  let html = "", last = 0, open = null;
  const merged = [];
  for (const [s, e] of spans) {
    if (open && s <= open[1]) open[1] = Math.max(open[1], e);
    else merged.push(open = [s, e]);
  }
  for (const [s, e] of merged) {
    html += escapeHtml(text.slice(last, s)) + "<mark>" + escapeHtml(text.slice(s, e)) + "</mark>";
    last = e;
  }
  return html + escapeHtml(text.slice(last));
}

/** The query's phrases: each Japanese run of two characters or more, and the Latin words between two
 * breaks (spaces, Japanese text), normalized; the pieces and words of a query are looked up apart. */
function phrases(query) {
  const out = [];
  for (const m of fold(query).matchAll(new RegExp(`[${JA}]{2,}|[^\\s${JA}]+(?: [^\\s${JA}]+)+`, "gu")))
    out.push(m[0]);
  return out;
}

/** How much of the phrases a section holds as written: for each phrase the longest part of it found
 * whole, as a share of the phrase (a run of n characters counts its n - 1 pieces), averaged. */
function contiguity(text, wanted) {
  if (!wanted.length) return 0;
  let sum = 0;
  for (const phrase of wanted) {
    const chars = [...phrase];
    let best = 1;
    for (let len = chars.length; len > best; len--) {
      for (let at = 0; at + len <= chars.length; at++)
        if (text.includes(chars.slice(at, at + len).join(""))) { best = len; break; }
    }
    sum += (best - 1) / (chars.length - 1);
  }
  return sum / wanted.length;
}

function search(query) {
  const wanted = queryTerms(query);
  if (!wanted.length) return {items: []};
  const together = phrases(query);
  const own = new Set(wanted.map(([t]) => t));
  const more = [...new Set(queryTerms(widened(query)).map(([t]) => t))].filter(t => !own.has(t));
  const hits = engine.search({combineWith: "OR", queries: [
    {queries: [...own]},
    ...(more.length ? [{queries: more, boostTerm: () => ranking.synonym}] : []),
  ]});
  const named = new Set(exact.get(normalized(query)) || []);   // the glossary's page for exactly this term
  for (const hit of hits) {
    hit.score *= 1 + ranking.phrase * contiguity(plain.get(hit.id), together);
    if (named.has(hit.id)) hit.score *= ranking.exact;
  }
  hits.sort((a, b) => b.score - a.score);
  const words = [...new Set(wanted.map(([, w]) => w))];
  const groups = new Map();
  for (const hit of hits) {   // best first
    const doc = docs.get(hit.id);
    const found = new Set(hit.queryTerms);
    const item = {
      location: doc.location,
      title: highlight(doc.title, hit.terms),
      text: highlight(doc.text, hit.terms),
      score: hit.score,
      terms: Object.fromEntries(words.map(w => [w, wanted.some(([t, word]) => word === w && found.has(t))])),
    };
    const page = pageOf.get(doc.location);
    if (!groups.has(page)) groups.set(page, []);
    groups.get(page).push(item);
  }
  // A page ranks by its sections' scores, the best in full, the second by half, the third by a third...:
  // a page that is about the query matches it in several sections, one that mentions it in one.
  const rank = items => items.reduce((sum, item, i) => sum + item.score / (i + 1) ** ranking.sections, 0);
  const ordered = [...groups.entries()].sort((a, b) => rank(b[1]) - rank(a[1]));
  for (const [page, items] of ordered)   // the UI lists each page with its article first
    if (!items.some(item => item.location === page) && docs.has(page)) {
      const doc = docs.get(page);
      items.push({location: doc.location, title: escapeHtml(doc.title), text: escapeHtml(doc.text), score: 0, terms: {}});
    }
  return {items: ordered.map(([, items]) => items)};
}

self.cnnBlogSearch = {terms, queryTerms, highlight, setup, search};

addEventListener("message", ev => {
  const message = ev.data;
  switch (message.type) {
    case 0:   // SETUP: the index Material's UI fetched
      setup(message.data);
      postMessage({type: 1});
      break;
    case 2:   // QUERY
      try {
        postMessage({type: 3, data: search(message.data)});
      } catch (err) {
        console.warn(`search failed for ${JSON.stringify(message.data)}`, err);
        postMessage({type: 3, data: {items: []}});
      }
      break;
    default:
      throw new TypeError(`search worker: unknown message type ${message.type}`);
  }
});
