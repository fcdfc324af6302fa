#!/usr/bin/env python3
"""Check a driftback JSON report on a generated Terraform estate against its planted.json.

    check_terraform.py REPORT.json PLANTED.json [--examples K]

Prints one line `summary drifted=R/P unmanaged=R/P missing=R/0 resources=R/N` (R reported,
P planted) and, when they disagree, what driftback reports that was not planted (false drift,
grouped by resource type and attribute path, with examples) and what was planted that it misses.
Exit 0 when the report matches, 1 when it does not, 2 on bad input.

Python 3 standard library only.
"""

import argparse
import collections
import json
import re
import sys


def short(v, width=90):
    if isinstance(v, str) and "\n" not in v:
        text = v
    else:
        text = json.dumps(v, sort_keys=True, separators=(",", ":"))
    return text if len(text) <= width else text[: width - 1] + "…"


def path_pattern(path):
    """`ingress[protocol=tcp,from_port=22,…].cidr_blocks` -> `ingress[…].cidr_blocks`, `x[3]` -> `x[]`."""
    return re.sub(r"\[[^\]]*\]", "[…]", path or "")


def rtype(address):
    m = re.match(r"^(?:module\.[^.]+(?:\[[^\]]*\])?\.)*(?:data\.)?([a-z0-9_]+)\.", address)
    return m.group(1) if m else "?"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("report")
    ap.add_argument("planted")
    ap.add_argument("--examples", type=int, default=3, help="examples shown per kind of difference")
    args = ap.parse_args(argv)
    try:
        with open(args.report) as fh:
            report = json.load(fh)
        with open(args.planted) as fh:
            planted = json.load(fh)
    except (OSError, ValueError) as e:
        print(f"check_terraform: {e}", file=sys.stderr)
        return 2

    summary = report.get("summary", {})
    findings = [f for f in report.get("findings", []) if f.get("ecosystem", "terraform") == "terraform"]
    exp = planted["expected_summary"]
    pairs = [("drifted", summary.get("drifted"), exp["drifted"]),
             ("unmanaged", summary.get("unmanaged"), exp["unmanaged"]),
             ("missing", summary.get("missing"), exp["missing"]),
             ("resources", summary.get("resources"), exp["resources"])]
    ok = all(r == p for _, r, p in pairs)
    print("summary " + " ".join(f"{k}={r}/{p}" for k, r, p in pairs)
          + f" findings={summary.get('findings')} unknownValues={summary.get('unknownValues', '-')}"
          + ("  OK" if ok else "  MISMATCH"))
    diags = collections.Counter(d.get("severity", "?") for d in report.get("diagnostics", []))
    if diags:
        print("diagnostics: " + ", ".join(f"{n} {s}" for s, n in sorted(diags.items())))
        for d in report.get("diagnostics", [])[: args.examples]:
            if d.get("severity") in ("warning", "error"):
                print(f"  {d.get('severity')}: {short(d.get('message', ''), 160)}")

    by_kind = collections.defaultdict(lambda: collections.defaultdict(list))
    for f in findings:
        by_kind[f["kind"]][f["resource"]].append(f)
    drifted = {d["address"]: d for d in planted["drifted"]}
    unmanaged = {u["address"] for u in planted["unmanaged"]}

    reported_drift = by_kind["runtime-patch"]
    false_drift = {a: fs for a, fs in reported_drift.items() if a not in drifted}
    missed_drift = [a for a in drifted if a not in reported_drift]
    false_unmanaged = [a for a in by_kind["unmanaged"] if a not in unmanaged]
    missed_unmanaged = sorted(a for a in unmanaged if a not in by_kind["unmanaged"])
    missing = sorted(by_kind["missing"])
    # Planted drift found, but with extra findings on the same resource beyond the planted one.
    extra_on_planted = {}
    for a, fs in reported_drift.items():
        if a in drifted:
            kind = drifted[a]["drift"]
            expected_key = {"ingress_added": "ingress", "ingress_removed": "ingress",
                            "ingress_cidr_changed": "ingress", "tag_added": "tags", "tag_changed": "tags",
                            "flag_flipped": None, "instance_type": "instance_type",
                            "http_tokens": "metadata_options"}[kind]
            if kind == "flag_flipped":
                expected_key = drifted[a]["expect"].split()[0]
            other = [f for f in fs if expected_key and not f["path"].startswith(expected_key)]
            if other:
                extra_on_planted[a] = other

    if false_drift or extra_on_planted:
        groups = collections.defaultdict(list)
        for a, fs in sorted(false_drift.items()) + sorted(extra_on_planted.items()):
            for f in fs:
                groups[(rtype(a), path_pattern(f["path"]), f.get("change"))].append((a, f))
        n = sum(len(v) for v in groups.values())
        print(f"FALSE DRIFT: {len(false_drift)} resources reported drifted that were not planted"
              f" ({len(extra_on_planted)} planted ones with unplanted extra findings); {n} findings:")
        for (t, p, c), items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            print(f"  {len(items):5d} x {t} {p} ({c})")
            for a, f in items[: args.examples]:
                print(f"          {a} {f['path']}")
                print(f"            iac  {short(f.get('iac'))}")
                print(f"            live {short(f.get('live'))}")
    if missed_drift:
        print(f"MISSED DRIFT: {len(missed_drift)} planted drifts not reported:")
        for a in missed_drift[: max(args.examples, 5)]:
            print(f"  {a}: {drifted[a]['expect']}")
    if false_unmanaged:
        print(f"FALSE UNMANAGED: {len(false_unmanaged)}, e.g. {', '.join(sorted(false_unmanaged)[:args.examples])}")
    if missed_unmanaged:
        print(f"MISSED UNMANAGED: {len(missed_unmanaged)}, e.g. {', '.join(missed_unmanaged[:args.examples])}")
    if missing:
        print(f"FALSE MISSING: {len(missing)} configured instances reported not in state, e.g. "
              + ", ".join(missing[: args.examples]))
    clean = ok and not (false_drift or extra_on_planted or missed_drift or false_unmanaged
                        or missed_unmanaged or missing)
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
