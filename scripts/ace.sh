#!/usr/bin/env bash
# Check an EPUB with DAISY Ace (the EPUB accessibility checker) and print
# every violation it finds.
#
#   bash scripts/ace.sh BOOK.epub [REPORT_DIR]
#
# Ace is installed once into tools/ace/node_modules from tools/ace's
# package-lock.json (npm ci, without install scripts and without
# downloading a browser); it drives the system's Chromium, found through
# PUPPETEER_EXECUTABLE_PATH or on the PATH (Debian: apt-get install chromium
# npm).  Ace itself starts Chromium with --no-sandbox, so it runs as root.
# The full reports (report.json, report.html) go to REPORT_DIR, or to a
# temporary folder that is removed afterwards.
#
# Exit status: 0 no violations; 1 violations (printed, one a line);
# 2 usage; 3 Ace could not be installed or did not finish; 5 node, npm or
# Chromium missing.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
ace_dir="$root/tools/ace"

if [ "$#" -lt 1 ] || [ "$#" -gt 2 ] || [ ! -f "$1" ]; then
  echo "usage: bash scripts/ace.sh BOOK.epub [REPORT_DIR]" >&2
  exit 2
fi
epub="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "error: $tool not found; install it with: sudo apt-get install npm" >&2
    exit 5
  fi
done
if [ -z "${PUPPETEER_EXECUTABLE_PATH:-}" ]; then
  for name in chromium chromium-browser google-chrome; do
    if command -v "$name" >/dev/null 2>&1; then
      PUPPETEER_EXECUTABLE_PATH="$(command -v "$name")"
      break
    fi
  done
fi
if [ -z "${PUPPETEER_EXECUTABLE_PATH:-}" ] || [ ! -x "$PUPPETEER_EXECUTABLE_PATH" ]; then
  echo "error: Chromium not found; install it with: sudo apt-get install chromium" >&2
  echo "(or point PUPPETEER_EXECUTABLE_PATH at a Chrome or Chromium binary)" >&2
  exit 5
fi
export PUPPETEER_EXECUTABLE_PATH
export PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1

# Install Ace once, again when the lock file changes; a lock keeps two
# concurrent runs (parallel tests) from installing over each other.
install_ace() {
  if [ ! -x "$ace_dir/node_modules/.bin/ace-cli" ] ||
     [ "$ace_dir/package-lock.json" -nt "$ace_dir/node_modules/.package-lock.json" ]; then
    echo "installing DAISY Ace into tools/ace/node_modules (npm ci)" >&2
    if ! (cd "$ace_dir" && npm ci --ignore-scripts --no-audit --no-fund \
            --loglevel=error >&2); then
      echo "error: could not install DAISY Ace (npm ci in tools/ace)" >&2
      exit 3
    fi
  fi
}
if command -v flock >/dev/null 2>&1; then
  exec 9>"$ace_dir/.install.lock"
  flock 9
  install_ace
  flock -u 9
else
  install_ace
fi

if [ "$#" -eq 2 ]; then
  report="$2"
  mkdir -p "$report"
else
  report="$(mktemp -d)"
  trap 'rm -rf "$report"' EXIT
fi

# -f: overwrite an old report; -s: no progress lines (the summary below
# says what matters).
if ! "$ace_dir/node_modules/.bin/ace-cli" -s -f -o "$report" "$epub" >"$report/ace.log" 2>&1 ||
   [ ! -f "$report/report.json" ]; then
  echo "error: Ace did not finish on $epub:" >&2
  cat "$report/ace.log" >&2
  exit 3
fi

# One line per violation: document, rule, impact, message, where.
node - "$report/report.json" <<'EOF'
const fs = require("fs");
const report = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
let count = 0;
for (const doc of report.assertions || []) {
  const url = (doc["earl:testSubject"] || {}).url || "?";
  for (const a of doc.assertions || []) {
    if ((a["earl:result"] || {})["earl:outcome"] !== "fail") continue;
    count += 1;
    const test = a["earl:test"] || {};
    const result = a["earl:result"] || {};
    const css = ((result["earl:pointer"] || {}).css || []).join(", ");
    console.log(`${url}: ${test["dct:title"]} [${test["earl:impact"]}]: ` +
                `${result["dct:description"]}${css ? " at " + css : ""}`);
  }
}
const outcome = (report["earl:result"] || {})["earl:outcome"];
if (count === 0 && outcome === "fail") {
  console.log("Ace reports a failure without any violation; see report.json");
  count = 1;
}
console.log(`${count} violation(s)`);
process.exit(count ? 1 : 0);
EOF
