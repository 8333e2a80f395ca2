#!/usr/bin/env bash
# `npm test`: everything, in the order that fails fastest. Installs Chromium and Ceph when missing (as root),
# starts the RGW sandbox, then lint, type check, unit, integration and end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-test-deps.sh
[ -d node_modules ] || npm ci

sandbox_was_up=no
curl -sf -o /dev/null http://127.0.0.1:${S3FM_SANDBOX_PORT:-7480}/ && sandbox_was_up=yes
node scripts/sandbox.mjs start
# On CI, leave nothing running behind us; a developer keeps the sandbox for the next run.
if [ "$sandbox_was_up" = no ] && [ -n "${CI:-}" ]; then
  trap 'node scripts/sandbox.mjs stop >/dev/null 2>&1 || true' EXIT
fi

echo '== lint'
npm run --silent lint
echo '== type check'
npm run --silent typecheck
echo '== unit and integration tests (vitest)'
npx vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest.json
echo '== build'
npx vite build --logLevel warn
echo '== end-to-end tests (Playwright, Chromium)'
PLAYWRIGHT_JSON_OUTPUT_NAME=reports/playwright.json npx playwright test --reporter=list,json

# One closing line with the counts; a skipped test fails the run (a missing dependency must not pass).
node scripts/test-summary.mjs
