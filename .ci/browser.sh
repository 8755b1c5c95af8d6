#!/usr/bin/env bash
# Make Debian's chromium available for the dashboard's browser tests.
# Prints one line for the caller to eval: export FLASHPOINT_CHROMIUM=/usr/bin/chromium
# Idempotent: a no-op (well under a second) when chromium is already installed.
# Progress goes to stderr; stdout carries only the export line. Fails loudly.
set -euo pipefail

log() { echo "browser.sh: $*" >&2; }

find_chromium() {
    local c
    for c in "${FLASHPOINT_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
        if [[ -n "$c" && -x "$c" ]]; then echo "$c"; return 0; fi
    done
    return 1
}

if ! bin=$(find_chromium); then
    log "chromium not found; installing Debian's chromium package"
    if [[ $(id -u) -ne 0 ]]; then
        if command -v sudo >/dev/null; then SUDO=sudo; else
            log "FAILED: need root (or sudo) to apt-get install chromium"; exit 1; fi
    else
        SUDO=""
    fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq >&2 || { log "FAILED: apt-get update"; exit 1; }
    $SUDO apt-get install -y -qq --no-install-recommends chromium >&2 \
        || { log "FAILED: apt-get install chromium"; exit 1; }
    bin=$(find_chromium) || { log "FAILED: chromium installed but no binary found"; exit 1; }
fi

"$bin" --version >&2 2>/dev/null || { log "FAILED: $bin --version did not run"; exit 1; }
echo "export FLASHPOINT_CHROMIUM=$bin"
