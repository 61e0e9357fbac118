#!/usr/bin/env bash
# Installs what the e2e tests need: Debian's Chromium (for the consent-page
# test) and the pinned FreshBooks Node SDK (for the Node SDK test).
# Idempotent: when both are there it only checks, and takes well under a
# second. Exits non-zero on any failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo -n "$@"
	else
		echo "e2e/setup.sh: need root to run: $*" >&2
		return 1
	fi
}

if [ ! -x /usr/bin/chromium ]; then
	echo "e2e/setup.sh: installing chromium and chromium-driver" >&2
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		-o Dpkg::Use-Pty=0 chromium chromium-driver >/dev/null
	[ -x /usr/bin/chromium ] || { echo "e2e/setup.sh: /usr/bin/chromium still missing" >&2; exit 1; }
fi

if [ ! -f "$here/node/node_modules/@freshbooks/api/package.json" ]; then
	command -v npm >/dev/null 2>&1 || { echo "e2e/setup.sh: npm not found (Node.js 20 is needed)" >&2; exit 1; }
	echo "e2e/setup.sh: npm ci in e2e/node" >&2
	(cd "$here/node" && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ ! -f "$here/mcp/node_modules/@modelcontextprotocol/sdk/package.json" ]; then
	command -v npm >/dev/null 2>&1 || { echo "e2e/setup.sh: npm not found (Node.js 20 is needed)" >&2; exit 1; }
	echo "e2e/setup.sh: npm ci in e2e/mcp" >&2
	(cd "$here/mcp" && npm ci --no-audit --no-fund --loglevel=error)
fi
