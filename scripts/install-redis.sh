#!/usr/bin/env bash
# Installs Debian's redis-server for the scale-out tests (shared crawl frontier, seen-store,
# per-site politeness and the scheduler lock): the test fixtures start their own server on a
# free port, so the system service Debian enables is not needed and is left as Debian sets it.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then exit 0; fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
command -v redis-server
