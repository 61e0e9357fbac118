#!/usr/bin/env bash
# Installs what the e2e tests need: Debian's Chromium (for the consent-page
# test), the pinned FreshBooks Node SDK (for the Node SDK test) and Debian's
# python3 with python3-requests (for the Python SDK test; the SDK's source
# is in ../shared/peers). Idempotent: when all are there it only checks, and
# takes well under a second. Exits non-zero on any failure.
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

# tmux, for the terminal walk-through of the freshbooks command (cli_test.go).
if ! command -v tmux >/dev/null 2>&1; then
	echo "e2e/setup.sh: installing tmux" >&2
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o Dpkg::Use-Pty=0 tmux >/dev/null
	command -v tmux >/dev/null 2>&1 || { echo "e2e/setup.sh: tmux still missing" >&2; exit 1; }
fi

if [ ! -f "$here/node/node_modules/@freshbooks/api/package.json" ]; then
	command -v npm >/dev/null 2>&1 || { echo "e2e/setup.sh: npm not found (Node.js 20 is needed)" >&2; exit 1; }
	echo "e2e/setup.sh: npm ci in e2e/node" >&2
	(cd "$here/node" && npm ci --no-audit --no-fund --loglevel=error)
fi

# The Python SDK test runs Debian's /usr/bin/python3 (a pyenv python3 on
# PATH does not see Debian's packages); PyPI is not needed.
if ! /usr/bin/python3 -c 'import requests, urllib3' >/dev/null 2>&1; then
	echo "e2e/setup.sh: installing python3 and python3-requests" >&2
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		-o Dpkg::Use-Pty=0 python3 python3-requests >/dev/null
	/usr/bin/python3 -c 'import requests, urllib3' || { echo "e2e/setup.sh: /usr/bin/python3 still cannot import requests" >&2; exit 1; }
fi
if [ ! -f "$here/../../shared/peers/freshbooks-python-sdk/freshbooks/client.py" ] && [ -z "${FRESHBOOKS_PYTHON_SDK:-}" ]; then
	echo "e2e/setup.sh: note: the Python SDK's source is not in ../shared/peers (set FRESHBOOKS_PYTHON_SDK)" >&2
fi
if [ ! -f "$here/mcp/node_modules/@modelcontextprotocol/sdk/package.json" ]; then
	command -v npm >/dev/null 2>&1 || { echo "e2e/setup.sh: npm not found (Node.js 20 is needed)" >&2; exit 1; }
	echo "e2e/setup.sh: npm ci in e2e/mcp" >&2
	(cd "$here/mcp" && npm ci --no-audit --no-fund --loglevel=error)
fi
