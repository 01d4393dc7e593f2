#!/usr/bin/env bash
# The demo, end to end: a self-made model, the demo experiment on the embedded llama.cpp engine, and its report as
# HTML, PDF and Markdown under reports/demo/. PDF output needs Chromium or Chrome; on Debian/Ubuntu it is installed
# here when missing (as root, or with sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

formats=html,pdf,md
if ! bash scripts/setup-system.sh demo; then
  echo "no Chromium/Chrome found: writing HTML and Markdown only (set TRIALBOOK_CHROMIUM for PDF)"
  formats=html,md
fi

[ -f dist/cli/main.js ] || npm run build
[ -f models/demo.gguf ] || node bin/trialbook.js make-model models/demo.gguf --preset demo
node bin/trialbook.js run experiments/demo.yaml
run=$(ls -d runs/demo/*/ | sort | tail -n 1)
node bin/trialbook.js report "$run" --format "$formats"
