#!/usr/bin/env bash
# Runs the multi-instance end-to-end suite (e2e/multi-instance): several dashboard servers on one
# PostgreSQL database. Uses the server E2E_POSTGRES_URL names, else starts the local cluster
# (start-local.sh prints its URL last). Builds the app first when there is no build or a source
# file is newer than it, so running it right after `npm run test:e2e` reuses that build.
# Arguments go to Playwright.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -z "${E2E_POSTGRES_URL:-}" ]; then
  server="$(bash scripts/postgres/start-local.sh | tail -n 1)"
  export E2E_POSTGRES_URL="$server/postgres"
fi

build_is_current() {
  [ -f .next/BUILD_ID ] || return 1
  local newer
  newer="$(find app components lib data/attack prisma proxy.ts instrumentation.ts next.config.ts postcss.config.mjs tsconfig.json package.json package-lock.json \
    -type f -newer .next/BUILD_ID -not -name '*.test.ts' -print -quit 2>/dev/null || true)"
  [ -z "$newer" ]
}

if build_is_current; then
  echo "Using the existing build (.next is newer than every source file)" >&2
else
  npm run --silent build
fi
exec npx playwright test -c e2e/multi-instance/playwright.config.ts "$@"
