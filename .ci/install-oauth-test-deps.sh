#!/usr/bin/env bash
# Installs what the OAuth tests need beyond the .NET SDK. Idempotent: run it as often as you like (CI runs it before the
# tests). As root, or with sudo available for apt-get.
#   - Node.js and npm (Debian packages nodejs, npm) when missing.
#   - the npm package oidc-provider, pinned by tests/Credentials.OAuth.Tests/OidcServer/package-lock.json, which
#     tests/Credentials.OAuth.Tests starts on 127.0.0.1 as a real OAuth 2.0 / OpenID authorization server.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "install-oauth-test-deps: installing nodejs and npm"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs npm
fi

server=tests/Credentials.OAuth.Tests/OidcServer
stamp="$server/node_modules/.package-lock.json"
# npm ci installs exactly what the lock file says; skip it when node_modules already matches the lock file.
if [ ! -f "$server/node_modules/oidc-provider/package.json" ] || [ "$server/package-lock.json" -nt "$stamp" ]; then
  echo "install-oauth-test-deps: npm ci in $server"
  (cd "$server" && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "install-oauth-test-deps: node $(node --version), oidc-provider $(node -p "require('./$server/node_modules/oidc-provider/package.json').version")"
