#!/usr/bin/env bash
# Set-up and first run: installs what is missing, builds driftback, and reports on the bundled samples
# (iac-samples/ against the newest capture in snapshots/). Extra arguments go to `driftback report`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
swift build -c release --product driftback >&2
exec .build/release/driftback report "$@"
