#!/usr/bin/env bash
# One entry point for a fresh Debian machine with Python 3.11+:
#   bash scripts/dev.sh book   install, then build the default book into build/
#   bash scripts/dev.sh test   install (with test tools), then run the tests
# It installs what pip cannot (Debian packages) when run as root, and
# otherwise names the missing packages and the command that installs them.
set -euo pipefail
cd "$(dirname "$0")/.."

what="${1:-}"
case "$what" in
  book|test) ;;
  *) echo "usage: bash scripts/dev.sh book|test" >&2; exit 2 ;;
esac

PY="${PYTHON:-python3}"
if ! command -v "$PY" >/dev/null 2>&1; then
  echo "error: $PY not found; install Python 3.11 or newer (apt-get install python3 python3-venv)" >&2
  exit 5
fi
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "error: pamphleteer needs Python 3.11 or newer; $("$PY" --version) found" >&2
  exit 5
fi

# Debian packages: Pango for WeasyPrint (the PDF); for the tests, Java for
# EPUBCheck, poppler-utils for inspecting PDFs, and Chromium with npm for
# DAISY Ace (scripts/ace.sh; Ace needs Node 20 or newer); npm also installs
# the OPDS parsers of reading apps (scripts/opds-client.sh).
# HarfBuzz's subsetter makes WeasyPrint subset fonts in C (without it, it
# falls back to fontTools: slower, with a warning per font). Noto CJK sets
# texts in Chinese, Japanese and Korean, which libraries hold (without it
# their PDFs would print empty boxes, and their covers are refused).
debs=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
      fonts-noto-cjk)
if [ "$what" = test ]; then
  debs+=(default-jre-headless poppler-utils chromium libreoffice-writer-nogui)
  command -v npm >/dev/null 2>&1 || debs+=(npm)
fi
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ "$what" = test ] && command -v java >/dev/null 2>&1; then
  # Any Java will do for EPUBCheck.
  missing=("${missing[@]/default-jre-headless}")
fi
read -r -a missing <<< "${missing[*]:-}"
if ! "$PY" -m venv --help >/dev/null 2>&1; then missing+=(python3-venv); fi
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "error: missing Debian packages: ${missing[*]}" >&2
    echo "install them with: sudo apt-get install ${missing[*]}" >&2
    exit 5
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.installed-$what
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "installing pamphleteer and its Python dependencies into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  if [ "$what" = test ]; then
    .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
  else
    .venv/bin/python -m pip install -q --disable-pip-version-check -e .
  fi
  touch "$stamp"
fi
# Byte-compile the package (an editable install does not, and a shell with
# PYTHONDONTWRITEBYTECODE set would compile it again on every run).
.venv/bin/python -m compileall -q src/pamphleteer >/dev/null || true

if [ "$what" = book ]; then
  exec .venv/bin/pamphleteer build
else
  if [ ! -x tools/ace/node_modules/.bin/ace-cli ] && command -v npm >/dev/null 2>&1; then
    echo "installing DAISY Ace (tools/ace) for the accessibility tests"
    (cd tools/ace && PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 \
      npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  fi
  if [ ! -f tools/opds/node_modules/r2-opds-js/package.json ] && command -v npm >/dev/null 2>&1; then
    echo "installing the OPDS parsers of reading apps (tools/opds) for the catalogue tests"
    (cd tools/opds && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  fi
  # The layers (pyproject.toml's import-linter contracts) before the tests.
  .venv/bin/lint-imports
  .venv/bin/ruff check src tests
  .venv/bin/mypy src/pamphleteer
  # Two workers (pytest-xdist; a test file's tests stay on one worker, so
  # that a module's fixture, such as the whole book built once, is built
  # once), then the tests that measure time alone, so that no parallel
  # test skews them.
  .venv/bin/python -m pytest -q -p no:cacheprovider -n 2 --dist loadfile \
    -m "not timing"
  exec .venv/bin/python -m pytest -q -p no:cacheprovider -m timing
fi
