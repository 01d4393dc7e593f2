#!/usr/bin/env bash
# Installs the system programs trialbook's demo or test suite needs, when they are missing, so that the README's two
# commands are all a fresh machine needs.
#
#   bash scripts/setup-system.sh demo   # Chromium (PDF reports)
#   bash scripts/setup-system.sh test   # + poppler (pdftoppm, pdftotext, pdffonts), Debian's Jupyter (nbconvert,
#                                       #   nbclient), cmake/g++/git/make (the llama-server build), openssl
#
# Debian/Ubuntu: apt-get, as root or through sudo. macOS: prints the Homebrew command and stops (exit 1) when a
# program is missing. Anything else: names what is missing and stops (exit 1). Nothing is installed when nothing is
# missing; `TRIALBOOK_NO_SETUP=1` skips this script (you then install the programs yourself).
set -euo pipefail
what=${1:-test}
[ "${TRIALBOOK_NO_SETUP:-}" = 1 ] && exit 0

has_browser() {
  [ -n "${TRIALBOOK_CHROMIUM:-}" ] && return 0
  for b in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome /usr/bin/google-chrome-stable \
           "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" "/Applications/Chromium.app/Contents/MacOS/Chromium"; do
    [ -x "$b" ] && return 0
  done
  return 1
}
python=/usr/bin/python3
[ -x "$python" ] || python=$(command -v python3 || echo python3)

apt=() brew=() missing=()
need() { # need DESCRIPTION APT-PACKAGES BREW-FORMULA
  missing+=("$1"); [ -n "$2" ] && apt+=($2); [ -n "$3" ] && brew+=($3); return 0
}
has_browser || need "Chromium or Chrome (PDF reports)" chromium "--cask chromium"
if [ "$what" = test ]; then
  for pair in pdftoppm:poppler-utils pdftotext:poppler-utils pdffonts:poppler-utils cmake:cmake g++:g++ git:git make:make openssl:openssl; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || need "${pair%%:*}" "${pair#*:}" "${pair#*:}"
  done
  if ! "$python" -c "import nbconvert, nbclient, jupyter_client" >/dev/null 2>&1; then
    need "Jupyter (nbconvert, nbclient) for $python" \
      "python3 jupyter-core jupyter-client jupyter-nbconvert python3-nbconvert python3-nbclient python3-ipython" "jupyterlab"
  fi
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "trialbook needs: ${missing[*]}" >&2
      echo "install them as root: apt-get install -y $(printf '%s\n' "${apt[@]}" | sort -u | tr '\n' ' ')" >&2
      exit 1
    fi
  fi
  pkgs=$(printf '%s\n' "${apt[@]}" | sort -u | tr '\n' ' ')
  echo "== installing system packages trialbook's $what needs: $pkgs" >&2
  $sudo apt-get update -qq >&2
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $pkgs >&2
  exit 0
fi
echo "trialbook's $what needs programs this machine lacks: ${missing[*]}" >&2
if [ "$(uname)" = Darwin ]; then
  echo "install them with Homebrew: brew install $(printf '%s\n' "${brew[@]}" | sort -u | tr '\n' ' ')" >&2
  echo "(Jupyter: the Python that has nbconvert must be /usr/bin/python3 or first on PATH)" >&2
else
  echo "install them with your package manager, then run the command again (TRIALBOOK_NO_SETUP=1 skips this check)" >&2
fi
exit 1
