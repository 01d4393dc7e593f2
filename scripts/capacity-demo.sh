#!/usr/bin/env bash
# The capacity demo: a self-made model on the embedded llama.cpp engine, an SLO search over arrival rates, and its
# report (HTML and Markdown; PDF too when Chromium or Chrome is there) under reports/capacity-demo/.
set -euo pipefail
cd "$(dirname "$0")/.."

formats=html,pdf,md
if ! bash scripts/setup-system.sh demo; then
  echo "no Chromium/Chrome found: writing HTML and Markdown only (set TRIALBOOK_CHROMIUM for PDF)"
  formats=html,md
fi

[ -f dist/cli/main.js ] || npm run build
[ -f models/capacity-demo.gguf ] || node bin/trialbook.js make-model models/capacity-demo.gguf --preset small
node bin/trialbook.js run experiments/capacity-demo.yaml
run=$(ls -d runs/capacity-demo/*/ | sort | tail -n 1)
node bin/trialbook.js summary "$run" | head -n 3
node bin/trialbook.js report "$run" --format "$formats"
