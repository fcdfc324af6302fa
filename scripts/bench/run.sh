#!/usr/bin/env bash
# Benchmark driftback against the libyaml floor on synthetic Kubernetes estates.
#
#   scripts/bench/run.sh [N...]        (default: 1000 10000)
#
# For each N (number of applications): generates the estate into .build-bench/estate-N/
# once (scripts/bench/generate.py), then measures in the same run, RUNS times each
# (default 3), reporting the median:
#   floor      yaml_floor over iac/ + live/: libyaml alone parsing every event, one core
#   driftback  .build/release/driftback report --iac DIR/iac --live DIR/live
#              --format json --output /dev/null, wall time and peak RSS (/usr/bin/time)
#
# Environment:
#   RUNS=3            measurements per figure (median reported)
#   BENCH_DIR=...     work directory (default: <repo>/.build-bench, made self-ignoring for git)
#   SKIP_BUILD=1      do not run `swift build -c release` (use the existing binary)
#   DRIFTBACK=path    binary to measure (default: <repo>/.build/release/driftback)
#   FLOOR_ONLY=1      measure only the libyaml floor (no Swift build, no driftback)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bench="${BENCH_DIR:-$repo/.build-bench}"
runs="${RUNS:-3}"
driftback="${DRIFTBACK:-$repo/.build/release/driftback}"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)

for n in "${sizes[@]}"; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: not a number of apps: $n" >&2; exit 2; }
done

mkdir -p "$bench"
# Keep everything in here out of git without touching the repository's .gitignore.
[ -f "$bench/.gitignore" ] || echo '*' > "$bench/.gitignore"

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# --- tools --------------------------------------------------------------------------------
echo "== building yaml_floor (gcc -O2)"
gcc -O2 -o "$bench/yaml_floor" "$here/yaml_floor.c" -lyaml

if [ -z "${FLOOR_ONLY:-}" ]; then
    if [ ! -x /usr/bin/time ]; then
        echo "== installing GNU time (/usr/bin/time)"
        if ! apt-get install -y -q time >/dev/null 2>&1; then
            apt-get update -q >/dev/null && apt-get install -y -q time >/dev/null
        fi
    fi
    if [ -z "${SKIP_BUILD:-}" ]; then
        echo "== swift build -c release (log: $bench/swift-build.log)"
        if ! (cd "$repo" && swift build -c release) >"$bench/swift-build.log" 2>&1; then
            tail -n 30 "$bench/swift-build.log" >&2
            echo >&2
            echo "run.sh: driftback does not build yet (swift build -c release failed, see $bench/swift-build.log); stopping." >&2
            exit 1
        fi
    fi
    if [ ! -x "$driftback" ]; then
        echo "run.sh: no driftback binary at $driftback; stopping." >&2
        exit 1
    fi
fi

# --- estates ------------------------------------------------------------------------------
for n in "${sizes[@]}"; do
    est="$bench/estate-$n"
    if [ ! -f "$est/.complete" ] || [ "$here/generate.py" -nt "$est/.complete" ]; then
        echo "== generating estate-$n"
        rm -rf "$est"
        python3 "$here/generate.py" --apps "$n" --out "$est"
        touch "$est/.complete"
    fi
done

# --- measurements -------------------------------------------------------------------------
results=()
for n in "${sizes[@]}"; do
    est="$bench/estate-$n"
    echo "== N=$n: libyaml floor x$runs"
    "$bench/yaml_floor" "$est/iac" "$est/live" >/dev/null   # warm the page cache
    floor_s=()
    line=""
    for ((i = 0; i < runs; i++)); do
        line="$("$bench/yaml_floor" "$est/iac" "$est/live")"
        echo "   $line"
        floor_s+=("$(awk '{for (i = 1; i < NF; i++) if ($i == "seconds") print $(i+1)}' <<<"$line")")
    done
    files="$(awk '{print $2}' <<<"$line")"
    bytes="$(awk '{print $4}' <<<"$line")"
    floor_med="$(printf '%s\n' "${floor_s[@]}" | median)"

    db_med="-"; rss_med="-"; ratio="-"
    if [ -z "${FLOOR_ONLY:-}" ]; then
        echo "== N=$n: driftback report x$runs"
        db_s=(); db_kb=()
        for ((i = 0; i < runs; i++)); do
            rc=0
            /usr/bin/time -f '%e %M' -o "$bench/time.out" \
                "$driftback" report --iac "$est/iac" --live "$est/live" --format json --output /dev/null \
                >"$bench/driftback.stdout" 2>"$bench/driftback.stderr" || rc=$?
            if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
                # exit 1 = drift found (expected here); anything else is an error
                tail -n 20 "$bench/driftback.stderr" >&2
                echo "run.sh: driftback report exited $rc on estate-$n (2 = error; is the report command ready?); stopping." >&2
                exit 1
            fi
            read -r secs kb < <(grep -v '^Command exited with non-zero status' "$bench/time.out" | tail -n 1)
            echo "   exit $rc  seconds $secs  peak RSS ${kb} KB"
            db_s+=("$secs"); db_kb+=("$kb")
        done
        db_med="$(printf '%s\n' "${db_s[@]}" | median)"
        rss_med="$(printf '%s\n' "${db_kb[@]}" | median | awk '{printf "%.1f", $1 / 1024}')"
        ratio="$(awk -v a="$db_med" -v b="$floor_med" 'BEGIN {if (b > 0) printf "%.1fx", a / b; else print "-"}')"
    fi
    results+=("$(printf '%s %s %s %s %s %s %s' "$n" "$files" \
        "$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1e6}')" "$floor_med" "$db_med" "$ratio" "$rss_med")")
done

# --- table --------------------------------------------------------------------------------
{
    echo
    echo "driftback benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, median of $runs"
    printf '%8s %8s %8s %10s %12s %8s %14s\n' N files MB floor_s driftback_s ratio peak_RSS_MB
    for r in "${results[@]}"; do
        # shellcheck disable=SC2086
        printf '%8s %8s %8s %10s %12s %8s %14s\n' $r
    done
} | tee "$bench/results.txt"
