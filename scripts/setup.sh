#!/usr/bin/env bash
# Quick start, step 1: installs what kube-observability needs on a Debian/Ubuntu machine
# (promtool, amtool, the blackbox exporter and the charts' font from apt, VictoriaMetrics for the HA stack, the npm packages), then runs the main job (`npm start`).
set -euo pipefail
cd "$(dirname "$0")/.."

node_ok=$(node -e 'const [a,b]=process.versions.node.split(".").map(Number); console.log(a>20||(a===20&&b>=19)?"yes":"no")' 2>/dev/null || echo missing)
if [ "$node_ok" != "yes" ]; then
  echo "setup: Node.js 20.19 or newer is required (found: $(node --version 2>/dev/null || echo none)). Install it, then run this again." >&2
  exit 1
fi

missing=()
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v amtool >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
# The local stack probes the demo service with the real blackbox exporter (the stacks' `probe`).
command -v prometheus-blackbox-exporter >/dev/null 2>&1 || missing+=(prometheus-blackbox-exporter)
# The drill's charts set their text in DejaVu Sans (local/drill/chart.ts loads the file by path); without
# apt the charts fall back to the system's fonts, so only an apt system installs it.
if command -v apt-get >/dev/null 2>&1 && [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  missing+=(fonts-dejavu-core)
fi
# The HA stack and drill (`npm start -- --ha`, `npm run drill -- --ha`): the remote-write store and vmalert.
command -v victoria-metrics >/dev/null 2>&1 || missing+=(victoria-metrics)
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    echo "setup: installing ${missing[*]} with apt-get"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "setup: this system has no apt-get, so ${missing[*]} cannot be installed for you." >&2
    echo "       Install Prometheus >= 2.42 (for promtool), Alertmanager >= 0.25 (for amtool) and the blackbox" >&2
    echo "       exporter (as prometheus-blackbox-exporter) from your package manager or the release archives" >&2
    echo "       (and VictoriaMetrics >= 1.79 with vmalert for --ha)," >&2
    echo "       put them on PATH, then run this again." >&2
    exit 1
  fi
fi

# `npm ci`: exactly the lock file (which lists every platform's optional packages), and a clean tree after it.
npm ci --no-audit --no-fund
npm start
