#!/usr/bin/env bash
# A demo, end to end: a self-made model, an experiment on the embedded llama.cpp engine, and its report as HTML, PDF
# and Markdown under reports/<name>/. PDF output needs Chromium or Chrome; on Debian/Ubuntu it is installed here when
# missing (as root, or with sudo).
#
#   bash scripts/demo.sh                                   # experiments/demo.yaml, the 'demo' model preset
#   bash scripts/demo.sh capacity-demo small --summary     # another shipped demo, its model preset, its summary's head
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:-demo}
preset=${2:-demo}

formats=html,pdf,md
if ! bash scripts/setup-system.sh demo; then
  echo "no Chromium/Chrome found: writing HTML and Markdown only (set TRIALBOOK_CHROMIUM for PDF)"
  formats=html,md
fi

[ -f dist/cli/main.js ] || npm run build
[ -f "models/$name.gguf" ] || node bin/trialbook.js make-model "models/$name.gguf" --preset "$preset"
node bin/trialbook.js run "experiments/$name.yaml"
run=$(ls -d "runs/$name"/*/ | sort | tail -n 1)
[ "${3:-}" = --summary ] && node bin/trialbook.js summary "$run" | head -n 3
node bin/trialbook.js report "$run" --format "$formats"
