#!/usr/bin/env bash
# Installs what a fresh machine lacks for the test suites: Debian's Chromium (Playwright's browser
# here; its own download cannot be fetched on this project's machines) and the npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "setup: no system Chromium; trying Playwright's own download" >&2
    # no `|| true`: a machine without a browser cannot run the e2e tests, and should say so here
    npx --yes playwright install chromium
  fi
fi
npm ci --no-audit --no-fund
