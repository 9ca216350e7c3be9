#!/usr/bin/env bash
# Installs what the browser tests (tests/Credentials.AdminPortal.BrowserTests) need beyond the .NET SDK: Debian's Chromium
# and its ChromeDriver (packages chromium and chromium-driver: /usr/bin/chromium, /usr/bin/chromedriver, the same version).
# Idempotent: run it as often as you like (CI runs it before the tests). As root, or with sudo available for apt-get.
# Nothing is downloaded outside the package manager: the tests start these binaries headless with a fresh profile.
set -euo pipefail

apt_install() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"
}

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  echo "install-browser-test-deps: installing chromium and chromium-driver"
  apt_install chromium chromium-driver
fi

echo "install-browser-test-deps: $(/usr/bin/chromium --version 2>/dev/null | head -n 1), $(/usr/bin/chromedriver --version | head -n 1)"
