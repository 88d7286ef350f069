#!/usr/bin/env bash
# Browse an OPDS catalogue as an e-reader app does, with the OPDS parsers
# of real apps (tools/opds/browse.js: Readium's r2-opds-js, the parser of
# Thorium Reader, read with Thorium's rules and KOReader's; NYPL's
# opds-feed-parser), and list what an app would miss.
#
#   bash scripts/opds-client.sh DIR [START] [--port N]
#       serve DIR over HTTP on 127.0.0.1 (on port N, else a free one: a
#       catalogue whose base_url is http://127.0.0.1:N/ is browsed through
#       its absolute links) and start at START (opds/root.xml, else opds.xml)
#   bash scripts/opds-client.sh URL
#       a published catalogue
#
# The parsers are installed once into tools/opds/node_modules from
# tools/opds's package-lock.json (npm ci, without install scripts).
# Prints a JSON report (feeds, publications, notes, problems) on stdout,
# the notes and problems on stderr.
#
# Exit status: 0 no problem; 1 problems (listed); 2 usage; 3 the parsers
# could not be installed, or the start could not be read; 5 node or npm
# missing.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
opds_dir="$root/tools/opds"

usage() {
  echo "usage: bash scripts/opds-client.sh DIR [START] [--port N] | URL" >&2
  exit 2
}
port=()
args=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --port) [ "$#" -ge 2 ] || usage; port=(--port "$2"); shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
set -- "${args[@]}"
if [ "$#" -lt 1 ] || [ "$#" -gt 2 ]; then usage; fi

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "error: $tool not found; install it with: sudo apt-get install npm" >&2
    exit 5
  fi
done

# Install once, again when the lock file changes; a lock keeps two
# concurrent runs (parallel tests) from installing over each other.
install_parsers() {
  if [ ! -f "$opds_dir/node_modules/r2-opds-js/package.json" ] ||
     [ "$opds_dir/package-lock.json" -nt "$opds_dir/node_modules/.package-lock.json" ]; then
    echo "installing the OPDS parsers into tools/opds/node_modules (npm ci)" >&2
    if ! (cd "$opds_dir" && npm ci --ignore-scripts --no-audit --no-fund \
            --loglevel=error >&2); then
      echo "error: could not install the OPDS parsers (npm ci in tools/opds)" >&2
      exit 3
    fi
  fi
}
if command -v flock >/dev/null 2>&1; then
  exec 9>"$opds_dir/.install.lock"
  flock 9
  install_parsers
  flock -u 9
else
  install_parsers
fi

if [ -d "$1" ]; then
  start="${2:-}"
  if [ -z "$start" ]; then
    if [ -f "$1/opds/root.xml" ]; then start=opds/root.xml; else start=opds.xml; fi
  fi
  exec node "$opds_dir/browse.js" --serve "$1" "$start" "${port[@]}"
elif [ "$#" -eq 1 ] && [ "${#port[@]}" -eq 0 ]; then
  exec node "$opds_dir/browse.js" "$1"
else
  usage
fi
