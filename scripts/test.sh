#!/usr/bin/env bash
# Set-up and tests: installs what is missing, builds everything (the CLI tests run the built binary),
# then runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
# The CloudFormation end-to-end test talks to moto (a local AWS API) through the AWS CLI: install both
# when missing. A failure is tolerated: that one test then skips and says why.
if ! command -v aws >/dev/null 2>&1 || ! python3 -c 'import moto.server' >/dev/null 2>&1; then
  if command -v python3 >/dev/null 2>&1; then
    echo "driftback: installing moto[server] and awscli with pip (CloudFormation end-to-end test)" >&2
    python3 -m pip install --quiet --disable-pip-version-check 'moto[server]==5.2.1' awscli >/dev/null 2>&1 \
      || python3 -m pip install --quiet --disable-pip-version-check --user 'moto[server]==5.2.1' awscli >/dev/null 2>&1 \
      || echo "driftback: could not install moto and awscli; the CloudFormation end-to-end test will be skipped" >&2
  fi
fi
# The HTML report tests open the page in headless Chromium: install Debian's chromium when no Chromium is
# on PATH. A failure is tolerated: those tests then skip and say why.
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 \
  && ! command -v google-chrome >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  echo "driftback: installing chromium with apt-get (HTML report browser tests)" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null; } \
    || echo "driftback: could not install chromium; the HTML report browser tests will be skipped" >&2
fi
export PATH="$PATH:$(python3 -m site --user-base 2>/dev/null || echo "$HOME/.local")/bin"
swift build --build-tests
swift test --skip-build "$@"
