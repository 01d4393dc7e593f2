#!/usr/bin/env bash
# The demo, end to end: a self-made model, the demo experiment on the embedded llama.cpp engine, and its report as
# HTML, PDF and Markdown under reports/demo/. PDF output needs Chromium or Chrome; on Debian/Ubuntu it is installed
# here when missing (as root, or with sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

has_browser() {
  [ -n "${TRIALBOOK_CHROMIUM:-}" ] && return 0
  for b in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome /usr/bin/google-chrome-stable \
           "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" "/Applications/Chromium.app/Contents/MacOS/Chromium"; do
    [ -x "$b" ] && return 0
  done
  return 1
}

formats=html,pdf,md
if ! has_browser; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "== installing chromium for PDF output"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium
  fi
  has_browser || { echo "no Chromium/Chrome found: writing HTML and Markdown only (set TRIALBOOK_CHROMIUM for PDF)"; formats=html,md; }
fi

[ -f dist/cli/main.js ] || npm run build
[ -f models/demo.gguf ] || node bin/trialbook.js make-model models/demo.gguf --preset demo
node bin/trialbook.js run experiments/demo.yaml
run=$(ls -d runs/demo/*/ | sort | tail -n 1)
node bin/trialbook.js report "$run" --format "$formats"
