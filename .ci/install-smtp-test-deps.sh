#!/usr/bin/env bash
# Installs what the SMTP check tests and the SSH key tests need beyond the .NET SDK. Idempotent: run it as often as
# you like (CI runs it before the tests). As root, or with sudo available for apt-get.
#   - ssh-keygen (Debian package openssh-client): tests/Credentials.Core.Tests checks keys made by the real ssh-keygen.
#   - Node.js and npm (Debian packages nodejs, npm) when missing.
#   - the npm package smtp-server, pinned by tests/Credentials.Checks.Smtp.Tests/SmtpServer/package-lock.json, which
#     tests/Credentials.Checks.Smtp.Tests starts on 127.0.0.1 as a real SMTP server.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  if [ -z "${APT_UPDATED:-}" ]; then
    $sudo apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"
}

if ! command -v ssh-keygen >/dev/null 2>&1; then
  echo "install-smtp-test-deps: installing openssh-client (ssh-keygen)"
  apt_install openssh-client
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "install-smtp-test-deps: installing nodejs and npm"
  apt_install nodejs npm
fi

server=tests/Credentials.Checks.Smtp.Tests/SmtpServer
stamp="$server/node_modules/.package-lock.json"
# npm ci installs exactly what the lock file says; skip it when node_modules already matches the lock file.
if [ ! -f "$server/node_modules/smtp-server/package.json" ] || [ "$server/package-lock.json" -nt "$stamp" ]; then
  echo "install-smtp-test-deps: npm ci in $server"
  (cd "$server" && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "install-smtp-test-deps: ssh-keygen $(command -v ssh-keygen), node $(node --version), smtp-server $(node -p "require('./$server/node_modules/smtp-server/package.json').version")"
