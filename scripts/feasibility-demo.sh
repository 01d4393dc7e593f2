#!/usr/bin/env bash
# The feasibility demo, end to end: a self-made model served by a real llama-server on 127.0.0.1:8080 (the stand-in
# flagship) and embedded (the local open-weight model), experiments/feasibility-demo.yaml run through both stages,
# and its report with the verdict page as HTML, PDF and Markdown under reports/feasibility-demo/.
# llama-server is built once from the llama.cpp source node-llama-cpp ships (cached in ~/.cache/trialbook).
set -euo pipefail
cd "$(dirname "$0")/.."
port="${TRIALBOOK_DEMO_PORT:-8080}"

[ -f dist/cli/main.js ] || npm run build
[ -f models/demo.gguf ] || node bin/trialbook.js make-model models/demo.gguf --preset demo
server="$(bash scripts/build-llama-server.sh)"

if curl -fsS "http://127.0.0.1:${port}/health" >/dev/null 2>&1; then
  echo "something already answers on 127.0.0.1:${port}; stop it or set TRIALBOOK_DEMO_PORT" >&2
  exit 1
fi
"$server" -m models/demo.gguf --host 127.0.0.1 --port "$port" -t 1 -c 4096 -np 1 --no-webui >/tmp/trialbook-feasibility-demo-server.log 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:${port}/health" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat /tmp/trialbook-feasibility-demo-server.log >&2; exit 1; }
  sleep 0.5
done

experiment=experiments/feasibility-demo.yaml
if [ "$port" != 8080 ]; then
  experiment="$(mktemp -d)/feasibility-demo.yaml"
  sed "s#http://127.0.0.1:8080/v1#http://127.0.0.1:${port}/v1#; s#\.\./models/#$(pwd)/models/#; s#data/feasibility-demo/#$(pwd)/experiments/data/feasibility-demo/#" experiments/feasibility-demo.yaml >"$experiment"
fi
node bin/trialbook.js run "$experiment"
run=$(ls -d runs/feasibility-demo/*/ | sort | tail -n 1)
node bin/trialbook.js summary "$run"
node bin/trialbook.js report "$run" --format html,pdf,md
