#!/usr/bin/env bash
# Starts a private PostgreSQL server for the tests on 127.0.0.1, with a password, and prints the connection string.
# Usage: eval "$(bash .ci/postgres.sh start)"   -> exports CREDENTIALS_TEST_POSTGRES and PG_TEST_DIR
#        bash .ci/postgres.sh stop "$PG_TEST_DIR"
set -euo pipefail

find_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

case "${1:-start}" in
start)
  bin=$(find_bin)
  if [ -z "$bin" ]; then
    echo "installing postgresql" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
    bin=$(find_bin)
  fi
  # The first free port from PG_TEST_PORT on (a server left over from a local run may hold the first one).
  port=${PG_TEST_PORT:-55432}
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    port=$((port + 1))
  done
  dir=$(mktemp -d /tmp/credentials-pg.XXXXXX)
  chown postgres "$dir"
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  printf '%s' "$password" > "$dir/pwfile"
  chown postgres "$dir/pwfile"
  runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U credentials --auth-host=scram-sha-256 --auth-local=trust \
    --pwfile="$dir/pwfile" -E UTF8 >&2
  if ! runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c max_connections=200 -c fsync=off" start >&2; then
    echo "PostgreSQL did not start on 127.0.0.1:$port; its log:" >&2
    tail -n 20 "$dir/log" >&2 || true
    exit 1
  fi
  echo "export PG_TEST_DIR='$dir'"
  echo "export CREDENTIALS_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=credentials;Password=$password;Database=postgres'"
  ;;
stop)
  dir=${2:?pass the PG_TEST_DIR}
  bin=$(find_bin)
  runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  rm -rf "$dir"
  ;;
esac
