#!/usr/bin/env python3
"""Measure each relation rule's precision on gold-annotated articles and write the
confidence table that the extractor gives to the facts each rule finds.

Usage:
  scripts/rule-precision.py --scorer SCORE.py --bin target/release/newskg GOLD.json ... \
      [--write data/patterns/confidence.tsv]

Every article is ingested into a temporary store; each statement the tool made (subject,
relation, object, rule) is matched against the gold relations with the scorer's own entity
resolution (labels and aliases, symmetric meetings). A rule's confidence is its precision
with one success and one failure added (Laplace), so a rule seen twice right scores 0.75
rather than 1.0; a rule never seen has no evidence either way and gets (0 + 1) / (0 + 2) = 0.5,
written as "default". The pooled figure of all rules is printed for reference.
Prints a table: rule, facts, true and false positives, gold relations only that rule found.
"""
import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

Q_RULES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX nkg: <https://w3id.org/newskg/ns#>
SELECT ?s ?p ?o ?rule WHERE { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; nkg:rule ?rule }"""

HEADER = """# Confidence of each rule: its precision measured on the development articles.
# Format: rule<TAB>precision<TAB>true positives<TAB>false positives. A rule not listed gets the
# default on the line "default" (no evidence: 0.5). Precision is smoothed: (tp + 1) / (tp + fp + 2).
# Regenerate with scripts/rule-precision.py (see README).
# Source: measurements made for newskg; licence CC0-1.0.
"""


def load_scorer(path):
    spec = importlib.util.spec_from_file_location("score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def statements(score, binary, article):
    """The tool's entities (as the scorer reads them) and (s, p, o, rule) statements."""
    with tempfile.TemporaryDirectory() as tmp:
        store = os.path.join(tmp, "store")
        out = subprocess.run([binary, "--store", store, "ingest", article], capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"{article}: ingest failed: {out.stderr.strip()}")
        entities = {}
        for r in score.run_query(binary, store, score.Q_ENTITIES):
            e = entities.setdefault(r["e"], {"labels": set(), "types": set()})
            e["labels"].add(r["label"])
            e["types"].add(r["t"])
        rows = [(r["s"], score.local(r["p"]), r["o"], r["rule"]) for r in score.run_query(binary, store, Q_RULES)]
        return entities, rows


def measure(score, binary, gold_path, stats):
    with open(gold_path, encoding="utf-8") as f:
        gold = json.load(f)
    article = os.path.join(os.path.dirname(gold_path), gold["doc"])
    entities, rows = statements(score, binary, article)
    alias = {}
    for g in gold["entities"]:
        for name in [g["name"], *g.get("aliases", [])]:
            alias.setdefault(score.norm(name), g["id"])

    def resolve(iri):
        e = entities.get(iri)
        for label in sorted(e["labels"]) if e else []:
            if score.norm(label) in alias:
                return alias[score.norm(label)]
        return None

    gold_keys = set()
    for r in gold["relations"]:
        gold_keys.add((r["s"], r["p"], r["o"]))
        if r["p"] in score.SYMMETRIC:
            gold_keys.add((r["o"], r["p"], r["s"]))
    found_by = {}
    for s, p, o, rule in rows:
        if p not in score.CORE:
            continue
        key = (resolve(s), p, resolve(o))
        hit = key in gold_keys
        if p in score.SYMMETRIC and key[0] and key[2] and key[0] > key[2]:
            key = (key[2], p, key[0])
        st = stats.setdefault(rule, {"facts": 0, "tp": 0, "fp": 0, "only": 0})
        st["facts"] += 1
        st["tp" if hit else "fp"] += 1
        if hit:
            found_by.setdefault((gold["doc"], key), set()).add(rule)
    for rules in found_by.values():
        if len(rules) == 1:
            stats[next(iter(rules))]["only"] += 1
    return len(found_by)


def smoothed(tp, fp):
    return (tp + 1) / (tp + fp + 2)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scorer", required=True, help="the scorer (score.py), for its matching rules")
    ap.add_argument("--bin", required=True, help="the newskg binary")
    ap.add_argument("--write", help="write the confidence table to this file")
    ap.add_argument("gold", nargs="+")
    args = ap.parse_args()
    score = load_scorer(args.scorer)
    stats, found = {}, 0
    for path in args.gold:
        found += measure(score, args.bin, path, stats)
    print(f"{'rule':32} {'facts':>5} {'tp':>4} {'fp':>4} {'only':>4} {'confidence':>10}")
    for rule in sorted(stats, key=lambda r: (-stats[r]["tp"], r)):
        st = stats[rule]
        print(f"{rule:32} {st['facts']:5} {st['tp']:4} {st['fp']:4} {st['only']:4} {smoothed(st['tp'], st['fp']):10.2f}")
    tp = sum(st["tp"] for st in stats.values())
    fp = sum(st["fp"] for st in stats.values())
    print(f"{'all rules':32} {tp + fp:5} {tp:4} {fp:4} {'':4} {smoothed(tp, fp):10.2f}")
    print(f"gold relations found: {found}")
    if args.write:
        with open(args.write, "w", encoding="utf-8") as f:
            f.write(HEADER)
            f.write(f"default\t{smoothed(0, 0):.2f}\t0\t0\n")
            for rule in sorted(stats):
                st = stats[rule]
                f.write(f"{rule}\t{smoothed(st['tp'], st['fp']):.2f}\t{st['tp']}\t{st['fp']}\n")


if __name__ == "__main__":
    main()
