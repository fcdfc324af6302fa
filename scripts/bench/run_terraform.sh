#!/usr/bin/env bash
# Benchmark driftback on synthetic Terraform estates (AWS, state v4) and check its report.
#
#   scripts/bench/run_terraform.sh [N...]        (default: 1000)
#
# For each N (managed resource instances in the state): generates the estate into
# .build-bench/tf-estate-N/ once (scripts/bench/generate_terraform.py), then runs, RUNS times
# (default 3), reporting the median:
#   .build/release/driftback report --iac DIR/iac --live DIR/live --format json --output /dev/null
# under /usr/bin/time (wall time, peak RSS). Exit 1 (drift found) is expected; 2 is an error.
# One more run writes the report to DIR/report.json, whose summary is checked against
# DIR/planted.json by scripts/bench/check_terraform.py (false and missed drift are listed).
#
# Environment:
#   RUNS=3            measurements per figure (median reported)
#   BENCH_DIR=...     work directory (default: <repo>/.build-bench, made self-ignoring for git)
#   SKIP_BUILD=1      do not run `swift build -c release --product driftback`
#   DRIFTBACK=path    binary to measure (default: <repo>/.build/release/driftback)
#   TF_PLAN_CHECK=1   also confirm the estate with real Terraform (scripts/bench/tfplan_check.sh:
#                     `terraform plan -refresh=false` must show exactly the planted changes; needs
#                     terraform and a local hashicorp/aws v5 mirror, TF_PLUGIN_MIRROR=/opt/tf-plugins)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bench="${BENCH_DIR:-$repo/.build-bench}"
runs="${RUNS:-3}"
driftback="${DRIFTBACK:-$repo/.build/release/driftback}"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000)

for n in "${sizes[@]}"; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] && [ "$n" -ge 2 ] \
        || { echo "run_terraform.sh: not a number of resources (>= 2): $n" >&2; exit 2; }
done

mkdir -p "$bench"
[ -f "$bench/.gitignore" ] || echo '*' > "$bench/.gitignore"

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# --- tools --------------------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
    echo "== installing GNU time (/usr/bin/time)"
    if ! apt-get install -y -q time >/dev/null 2>&1; then
        apt-get update -q >/dev/null && apt-get install -y -q time >/dev/null
    fi
fi
if [ -z "${SKIP_BUILD:-}" ]; then
    echo "== swift build -c release --product driftback (log: $bench/swift-build-tf.log)"
    if ! (cd "$repo" && swift build -c release --product driftback) >"$bench/swift-build-tf.log" 2>&1; then
        grep -E 'error:' "$bench/swift-build-tf.log" | head -n 20 >&2 || tail -n 30 "$bench/swift-build-tf.log" >&2
        echo >&2
        echo "run_terraform.sh: driftback does not build (swift build -c release failed, see $bench/swift-build-tf.log); stopping." >&2
        exit 1
    fi
fi
if [ ! -x "$driftback" ]; then
    echo "run_terraform.sh: no driftback binary at $driftback; stopping." >&2
    exit 1
fi

# --- estates ------------------------------------------------------------------------------
for n in "${sizes[@]}"; do
    est="$bench/tf-estate-$n"
    if [ ! -f "$est/.complete" ] || [ "$here/generate_terraform.py" -nt "$est/.complete" ]; then
        echo "== generating tf-estate-$n"
        rm -rf "$est"
        python3 "$here/generate_terraform.py" --resources "$n" --out "$est"
        touch "$est/.complete"
    fi
    if [ -n "${TF_PLAN_CHECK:-}" ]; then
        echo "== tf-estate-$n: terraform plan -refresh=false"
        "$here/tfplan_check.sh" "$est"
    fi
done

# --- measurements -------------------------------------------------------------------------
results=()
status=0
for n in "${sizes[@]}"; do
    est="$bench/tf-estate-$n"
    files="$(find "$est/iac" "$est/live" -type f | wc -l)"
    bytes="$(find "$est/iac" "$est/live" -type f -printf '%s\n' | awk '{s += $1} END {print s}')"
    echo "== N=$n: driftback report x$runs"
    db_s=(); db_kb=()
    for ((i = 0; i < runs; i++)); do
        rc=0
        /usr/bin/time -f '%e %M' -o "$bench/tf-time.out" \
            "$driftback" report --iac "$est/iac" --live "$est/live" --format json --output /dev/null \
            >"$bench/tf-driftback.stdout" 2>"$bench/tf-driftback.stderr" || rc=$?
        if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
            tail -n 20 "$bench/tf-driftback.stderr" >&2
            echo "run_terraform.sh: driftback report exited $rc on tf-estate-$n (2 = error); stopping." >&2
            exit 1
        fi
        read -r secs kb < <(grep -v '^Command exited with non-zero status' "$bench/tf-time.out" | tail -n 1)
        echo "   exit $rc  seconds $secs  peak RSS ${kb} KB"
        db_s+=("$secs"); db_kb+=("$kb")
    done
    db_med="$(printf '%s\n' "${db_s[@]}" | median)"
    rss_med="$(printf '%s\n' "${db_kb[@]}" | median | awk '{printf "%.1f", $1 / 1024}')"

    echo "== N=$n: checking the report against planted.json"
    rc=0
    "$driftback" report --iac "$est/iac" --live "$est/live" --format json --output "$est/report.json" \
        >/dev/null 2>"$bench/tf-driftback.stderr" || rc=$?
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
        tail -n 20 "$bench/tf-driftback.stderr" >&2
        echo "run_terraform.sh: driftback report exited $rc on tf-estate-$n; stopping." >&2
        exit 1
    fi
    crc=0
    python3 "$here/check_terraform.py" "$est/report.json" "$est/planted.json" | tee "$est/check.txt" || crc=$?
    [ "$crc" -eq 0 ] || status=1
    read -r drifted unmanaged < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["summary"]; p = json.load(open(sys.argv[2]))["expected_summary"]
print("%s/%s %s/%s" % (r["drifted"], p["drifted"], r["unmanaged"], p["unmanaged"]))' "$est/report.json" "$est/planted.json")
    results+=("$(printf '%s %s %s %s %s %s %s %s' "$n" "$files" \
        "$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1e6}')" "$db_med" "$rss_med" \
        "$drifted" "$unmanaged" "$([ "$crc" -eq 0 ] && echo yes || echo NO)")")
done

# --- table --------------------------------------------------------------------------------
{
    echo
    echo "driftback Terraform benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, median of $runs"
    printf '%8s %6s %7s %12s %12s %16s %18s %7s\n' N files MB driftback_s peak_RSS_MB \
        drifted_rep/pl unmanaged_rep/pl match
    for r in "${results[@]}"; do
        # shellcheck disable=SC2086
        printf '%8s %6s %7s %12s %12s %16s %18s %7s\n' $r
    done
} | tee "$bench/tf-results.txt"
exit "$status"
