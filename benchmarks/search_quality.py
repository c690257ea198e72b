"""How well the site's search worker ranks each query set, run in node on a built site's indexes.

Run by hand while changing the ranking (the browser test, tests/test_search.py, reports what readers get):

    .venv/bin/python -m mkdocs build --strict
    .venv/bin/python benchmarks/search_quality.py site            # one line per set and language
    .venv/bin/python benchmarks/search_quality.py site --misses    # and each query whose part is not first

The worker (sitebuild/search/worker.js and the vendored MiniSearch) runs in a node ``vm`` context with a
worker's globals, gets the index as Material's UI sends it, and answers each query as it does in Chromium
(the same numbers on every set, about a second per set instead of forty). Sets: the tuned one (glossary terms
and headings, tests/search_queries.py) with the glossary keyword field, and the natural ones
(tests/search_dev.json, tests/search_heldout_b.json) without it, as the test measures them; ``--without-about``
also takes out the words readers use for each page (sitebuild/search/about.toml), to see what they add. Read the
held-out set's numbers, never its misses: it stays held out only while nobody tunes against it."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from search_queries import query_set  # noqa: E402

from sitebuild import search_index  # noqa: E402

RUN = r"""
const fs = require("fs"), vm = require("vm");
const [sources, indexPath, queriesPath, dropKeywords, misses, dropAbout] = process.argv.slice(1);
let last = null;
const ctx = {console, postMessage: m => { last = m; }, addEventListener: (t, f) => { ctx.handler = f; }};
ctx.self = ctx;
vm.createContext(ctx);
vm.runInContext(JSON.parse(sources).map(f => fs.readFileSync(f, "utf8")).join(""), ctx);
const index = JSON.parse(fs.readFileSync(indexPath, "utf8"));
if (dropKeywords === "1") for (const d of index.docs) delete d.keywords;
if (dropAbout === "1") { for (const d of index.docs) delete d.about; delete index.config.fields.about; }
ctx.handler({data: {type: 0, data: index}});
const queries = JSON.parse(fs.readFileSync(queriesPath, "utf8"));
let top1 = 0, top3 = 0, empty = 0;
for (const {q, answers} of queries) {
  ctx.handler({data: {type: 2, data: q}});
  const pages = last.data.items.slice(0, 3).map(g => g[0].location.split("#")[0].split("/")[0] || "index");
  top1 += pages.length > 0 && answers.includes(pages[0]);
  top3 += pages.some(p => answers.includes(p));
  empty += pages.length === 0;
  if (misses === "1" && !(pages.length && answers.includes(pages[0]))) console.error(`  ${q}  ${answers} -> ${pages}`);
}
console.log(JSON.stringify({n: queries.length, top1, top3, empty}));
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site (mkdocs build)")
    parser.add_argument("--misses", action="store_true", help="list the queries whose part is not first")
    parser.add_argument("--without-about", action="store_true",
                        help="take the words readers use for each page (sitebuild/search/about.toml) out of the index")
    args = parser.parse_args()
    sources = json.dumps([str(search_index.SEARCH_DIR / n) for n in ("minisearch.js", "worker.js")])
    for lang in ("ja", "en"):
        index = (args.site if lang == "ja" else args.site / lang) / "search" / "search_index.json"
        sets = {"tuned": ([{"q": q.text, "answers": sorted(q.answers)} for q in query_set(lang)], False)}
        for name in ("search_dev.json", "search_heldout_b.json"):
            sets[name[:-5]] = (json.loads((ROOT / "tests" / name).read_text(encoding="utf-8"))[lang], True)
        for name, (queries, drop) in sets.items():
            with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as f:
                json.dump(queries, f, ensure_ascii=False)
                f.flush()
                show = args.misses and name != "search_heldout_b"
                proc = subprocess.run(["node", "-e", RUN, sources, str(index), f.name, "1" if drop else "0",
                                       "1" if show else "0", "1" if args.without_about else "0"], capture_output=True, text=True, check=True)
            r = json.loads(proc.stdout)
            n = r["n"]
            print(f"{lang} {name:<18} {'without keywords' if drop else 'with keywords':<17} n={n:<4} "
                  f"top-1 {r['top1'] / n:6.1%}  top-3 {r['top3'] / n:6.1%}  no result {r['empty']}")
            if show and proc.stderr:
                print(proc.stderr, end="")


if __name__ == "__main__":
    main()
