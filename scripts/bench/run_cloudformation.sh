#!/usr/bin/env bash
# Benchmark driftback on a synthetic CloudFormation estate and check its report.
#
#   scripts/bench/run_cloudformation.sh [N...]        (default: 5000 security groups)
#
# For each N: generates .build-bench/cfn-estate-N/ once (scripts/bench/generate_cloudformation.py), then
# runs `driftback report --iac DIR/iac --live DIR/live --format json` RUNS times (default 3) under
# /usr/bin/time and prints the median wall time and peak RSS; the last report's summary must match
# DIR/planted.json (exactly the planted drift, nothing else).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bench="${BENCH_DIR:-$repo/.build-bench}"
runs="${RUNS:-3}"
driftback="${DRIFTBACK:-$repo/.build/release/driftback}"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(5000)
mkdir -p "$bench"
[ -f "$bench/.gitignore" ] || echo '*' > "$bench/.gitignore"
[ -x /usr/bin/time ] || apt-get install -y -q time >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q time >/dev/null; }
if [ -z "${SKIP_BUILD:-}" ]; then
    (cd "$repo" && swift build -c release --product driftback) >"$bench/swift-build-cfn.log" 2>&1 \
        || { tail -n 30 "$bench/swift-build-cfn.log" >&2; exit 1; }
fi
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
status=0
for n in "${sizes[@]}"; do
    est="$bench/cfn-estate-$n"
    if [ ! -f "$est/.complete" ] || [ "$here/generate_cloudformation.py" -nt "$est/.complete" ]; then
        rm -rf "$est"
        python3 "$here/generate_cloudformation.py" --groups "$n" --out "$est"
        touch "$est/.complete"
    fi
    times=(); rss=()
    for _ in $(seq "$runs"); do
        rc=0
        /usr/bin/time -f '%e %M' -o "$est/time.txt" "$driftback" report --iac "$est/iac" --live "$est/live" \
            --format json --output "$est/report.json" 2>/dev/null || rc=$?
        [ "$rc" -le 1 ] || { echo "driftback exited $rc" >&2; exit 1; }
        read -r t m < <(tail -n 1 "$est/time.txt")
        times+=("$t"); rss+=("$m")
    done
    t=$(printf '%s\n' "${times[@]}" | median)
    m=$(printf '%s\n' "${rss[@]}" | median)
    size=$(du -sm "$est/iac" "$est/live" | awk '{s+=$1} END {print s}')
    check=$(python3 - "$est" <<'PY'
import json, sys
est = sys.argv[1]
report = json.load(open(est + "/report.json"))["summary"]
planted = json.load(open(est + "/planted.json"))
wrong = [k for k in planted if report.get(k) != planted[k]]
print("exact match" if not wrong else "MISMATCH " + ", ".join(f"{k}: {report.get(k)} != {planted[k]}" for k in wrong))
PY
)
    echo "cfn-estate-$n: ${size} MB input, ${t} s, $((m / 1024)) MB peak, report: $check"
    [[ "$check" == "exact match" ]] || status=1
done
exit $status
