#!/usr/bin/env bash
# The capacity demo: a self-made model on the embedded llama.cpp engine, an SLO search over arrival rates, and its
# report under reports/capacity-demo/ (the same steps as the main demo; see scripts/demo.sh).
exec bash "$(dirname "$0")/demo.sh" capacity-demo small --summary
