#!/usr/bin/env bash
# Set-up and tests: installs what is missing, builds everything (the CLI tests run the built binary),
# then runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
swift build --build-tests
swift test --skip-build "$@"
