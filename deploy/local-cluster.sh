#!/usr/bin/env bash
# Greenboard on one machine the way it runs on several (docs/deploy.md): a PostgreSQL 15 primary and a streaming hot
# standby, 2 or 3 Greenboard instances, and HAProxy in front of them, all on loopback.
#
#   deploy/local-cluster.sh up [--instances N]   start what is not running (idempotent); N = 1..3, default 2
#   deploy/local-cluster.sh status               each process, the standby's lag, each instance's readiness
#   deploy/local-cluster.sh restart N            restart instance N without dropping a request: drain, stop, start
#   deploy/local-cluster.sh kill N               kill -9 instance N (failure drills); `up` starts it again
#   deploy/local-cluster.sh down [--purge]       stop everything `up` started; --purge also deletes CLUSTER_DIR
#
# Environment: CLUSTER_DIR (state, default ./greenboard-cluster), BASE_PORT (default 19400: load balancer BASE_PORT,
# HAProxy stats +1 and admin +2, primary +10, standby +11, instance N +20+N), PG_BIN (default
# /usr/lib/postgresql/15/bin), GREENBOARD_APP (default graphql-api/target/quarkus-app/quarkus-run.jar, built when
# missing), GREENBOARD_JVM_OPTS (default -Xmx512m). Any other GREENBOARD_* or QUARKUS_* variable reaches every
# instance, e.g. GREENBOARD_ROLES=ingest,api (and one instance started with GREENBOARD_ROLES=rollups).
set -euo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
BASE_PORT=${BASE_PORT:-19400}
GREENBOARD_APP=${GREENBOARD_APP:-$REPO_DIR/graphql-api/target/quarkus-app/quarkus-run.jar}
GREENBOARD_JVM_OPTS=${GREENBOARD_JVM_OPTS:--Xmx512m}
MAX_INSTANCES=3

LB_PORT=$BASE_PORT
STATS_PORT=$((BASE_PORT + 1))
ADMIN_PORT=$((BASE_PORT + 2))
PRIMARY_PORT=$((BASE_PORT + 10))
STANDBY_PORT=$((BASE_PORT + 11))

# Resolved once, so that every path below is absolute: the servers run in other directories.
CLUSTER_DIR=$(realpath -m "${CLUSTER_DIR:-./greenboard-cluster}")
MARKER=$CLUSTER_DIR/.greenboard-cluster
SECRETS=$CLUSTER_DIR/secrets.env
PG_DIR=$CLUSTER_DIR/postgres
PGPASS=$PG_DIR/pgpass
PRIMARY_DATA=$PG_DIR/primary
STANDBY_DATA=$PG_DIR/standby
LB_DIR=$CLUSTER_DIR/haproxy
SLOT=greenboard_standby

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf 'local-cluster: %s\n' "$*" >&2; exit 1; }

instance_port() { echo $((BASE_PORT + 20 + $1)); }
instance_dir() { echo "$CLUSTER_DIR/instance-$1"; }

# initdb refuses to run as root, and a server must own its data directory: as root, the PostgreSQL servers run as
# the Debian package's user `postgres`; as anyone else, as that user.
if [[ $(id -u) == 0 ]]; then
  PG_USER=postgres
  id "$PG_USER" >/dev/null 2>&1 || die "running as root needs the user 'postgres' (Debian's postgresql-15 creates it)"
else
  PG_USER=$(id -un)
fi

as_pg() {
  if [[ $(id -u) == 0 ]]; then
    runuser -u "$PG_USER" -- env PGPASSFILE="$PGPASS" "$@"
  else
    env PGPASSFILE="$PGPASS" "$@"
  fi
}

# psql as the superuser over loopback TCP (scram-sha-256, password from the pgpass file).
admin_psql() {
  local port=$1
  shift
  PGPASSFILE=$PGPASS PGCONNECT_TIMEOUT=3 "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
    "host=127.0.0.1 port=$port user=postgres dbname=postgres" "$@"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

require_free_port() {
  if port_in_use "$1"; then
    die "port $1 ($2) is taken by another program; set BASE_PORT to move the whole cluster"
  fi
}

# A pid file's process, only while it is still the program that was started (pids are reused).
live_pid() {
  local pid_file=$1 expected=$2 pid
  [[ -f $pid_file ]] || return 1
  pid=$(<"$pid_file")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$expected" || return 1
  echo "$pid"
}

# ---------------------------------------------------------------------------------------------------------------------
# Secrets: generated on the first `up`, reused afterwards (mode 600; printed at the end of `up`).
# ---------------------------------------------------------------------------------------------------------------------
load_secrets() {
  if [[ ! -f $SECRETS ]]; then
    (
      umask 077
      {
        echo "PG_SUPERUSER_PASSWORD=$(openssl rand -hex 16)"
        echo "PG_APP_PASSWORD=$(openssl rand -hex 16)"
        echo "PG_REPLICATION_PASSWORD=$(openssl rand -hex 16)"
        echo "GREENBOARD_INGEST_TOKENS=gb-$(openssl rand -hex 20)"
        echo "GREENBOARD_GITHUB_WEBHOOK_SECRET=$(openssl rand -hex 20)"
      } >"$SECRETS"
    )
  fi
  # shellcheck source=/dev/null
  source "$SECRETS"
}

# ---------------------------------------------------------------------------------------------------------------------
# PostgreSQL: a primary, and a hot standby streaming from it through a replication slot.
# ---------------------------------------------------------------------------------------------------------------------
prepare_pg_dir() {
  mkdir -p "$PG_DIR/run"
  (
    umask 077
    printf '127.0.0.1:*:*:postgres:%s\n127.0.0.1:*:*:greenboard:%s\n127.0.0.1:*:*:replicator:%s\n' \
      "$PG_SUPERUSER_PASSWORD" "$PG_APP_PASSWORD" "$PG_REPLICATION_PASSWORD" >"$PGPASS"
  )
  if [[ $(id -u) == 0 ]]; then
    chown -R "$PG_USER": "$PG_DIR"
    runuser -u "$PG_USER" -- test -w "$PG_DIR" \
      || die "user $PG_USER cannot write $PG_DIR: put CLUSTER_DIR where $PG_USER can reach it"
  fi
}

pg_running() { as_pg "$PG_BIN/pg_ctl" -D "$1" status >/dev/null 2>&1; }

start_pg() {
  local data=$1 port=$2 name=$3
  if pg_running "$data"; then
    log "PostgreSQL $name is running (port $port)"
    return
  fi
  require_free_port "$port" "PostgreSQL $name"
  as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$PG_DIR/$name.log" -w -t 120 start >/dev/null \
    || die "PostgreSQL $name did not start; see $PG_DIR/$name.log"
  log "PostgreSQL $name started on 127.0.0.1:$port"
}

init_primary() {
  if [[ -f $PRIMARY_DATA/PG_VERSION ]]; then
    return
  fi
  log "initdb of the primary in $PRIMARY_DATA"
  local pwfile=$PG_DIR/superuser-password
  (umask 077 && echo "$PG_SUPERUSER_PASSWORD" >"$pwfile")
  if [[ $(id -u) == 0 ]]; then
    chown "$PG_USER": "$pwfile"
  fi
  as_pg "$PG_BIN/initdb" -D "$PRIMARY_DATA" --username=postgres --pwfile="$pwfile" --auth=scram-sha-256 \
    --encoding=UTF8 --no-locale >"$PG_DIR/initdb.log" 2>&1 || die "initdb failed; see $PG_DIR/initdb.log"
  rm -f "$pwfile"
  # initdb's pg_hba.conf with --auth=scram-sha-256 already asks every local and loopback connection, replication
  # included, for a password; nothing listens beyond loopback.
  cat >>"$PRIMARY_DATA/postgresql.conf" <<EOF

# --- deploy/local-cluster.sh ---
listen_addresses = '127.0.0.1'
port = $PRIMARY_PORT
unix_socket_directories = '$PG_DIR/run'
password_encryption = scram-sha-256
# Each instance holds up to 20 reactive + 16 JDBC connections; 3 instances and the standby's senders fit.
max_connections = 200
shared_buffers = 256MB
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
# Read on the standby, where long GraphQL reads would otherwise be cancelled by the cleanup they conflict with.
hot_standby = on
hot_standby_feedback = on
log_line_prefix = '%m [%p] %q%u@%d '
EOF
}

setup_primary_roles() {
  # Passwords go through stdin, never through a command line that ps could show.
  admin_psql "$PRIMARY_PORT" <<EOF
do \$\$ begin
  if not exists (select from pg_roles where rolname = 'greenboard') then
    create role greenboard login password '$PG_APP_PASSWORD';
  end if;
  if not exists (select from pg_roles where rolname = 'replicator') then
    create role replicator login replication password '$PG_REPLICATION_PASSWORD';
  end if;
end \$\$;
EOF
  if [[ -z $(admin_psql "$PRIMARY_PORT" -tAc "select 1 from pg_database where datname = 'greenboard'") ]]; then
    admin_psql "$PRIMARY_PORT" -c "create database greenboard owner greenboard"
  fi
}

init_standby() {
  if [[ -f $STANDBY_DATA/PG_VERSION ]]; then
    return
  fi
  log "pg_basebackup of the primary into $STANDBY_DATA (streaming standby, slot $SLOT)"
  # A slot left by an earlier standby that was deleted would keep WAL forever and make -C fail.
  admin_psql "$PRIMARY_PORT" -tAc \
    "select pg_drop_replication_slot('$SLOT') from pg_replication_slots where slot_name = '$SLOT'" >/dev/null
  as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U replicator -D "$STANDBY_DATA" \
    -R -X stream -C -S "$SLOT" --checkpoint=fast >"$PG_DIR/basebackup.log" 2>&1 \
    || die "pg_basebackup failed; see $PG_DIR/basebackup.log"
  # The copied postgresql.conf carries the primary's port; a later line wins.
  printf '\n# --- the standby ---\nport = %s\n' "$STANDBY_PORT" >>"$STANDBY_DATA/postgresql.conf"
}

# ---------------------------------------------------------------------------------------------------------------------
# Greenboard instances
# ---------------------------------------------------------------------------------------------------------------------
ensure_app() {
  if [[ -f $GREENBOARD_APP ]]; then
    return
  fi
  if [[ $GREENBOARD_APP != "$REPO_DIR/graphql-api/target/quarkus-app/quarkus-run.jar" ]]; then
    die "GREENBOARD_APP=$GREENBOARD_APP does not exist"
  fi
  log "building Greenboard (./mvnw -B -q -DskipTests package) ..."
  (cd "$REPO_DIR" && ./mvnw -B -q -DskipTests package) || die "the build failed"
}

instance_pid() { live_pid "$(instance_dir "$1")/pid" "-Dlocal-cluster.instance=$1 "; }

ready() { curl -fsS -o /dev/null -m 2 "http://127.0.0.1:$(instance_port "$1")/q/health/ready" 2>/dev/null; }

start_instance() {
  local n=$1 dir port
  dir=$(instance_dir "$n")
  port=$(instance_port "$n")
  if instance_pid "$n" >/dev/null; then
    log "instance $n is running (port $port)"
    return
  fi
  require_free_port "$port" "instance $n"
  mkdir -p "$dir/data"
  # The marker property makes the process recognisable by its command line (live_pid), nothing reads it.
  # shellcheck disable=SC2086 # GREENBOARD_JVM_OPTS is a list of options
  (
    cd "$dir"
    export GREENBOARD_DB_URL="postgresql://greenboard:$PG_APP_PASSWORD@127.0.0.1:$PRIMARY_PORT/greenboard"
    export GREENBOARD_DB_READ_URLS="postgresql://greenboard:$PG_APP_PASSWORD@127.0.0.1:$STANDBY_PORT/greenboard"
    export GREENBOARD_INGEST_TOKENS GREENBOARD_GITHUB_WEBHOOK_SECRET
    export GREENBOARD_DATA_DIR="$dir/data"
    export QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$port
    # Behind HAProxy every request comes from 127.0.0.1; the per-client read limit needs the address it forwards.
    export QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING=true QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED=true
    export QUARKUS_HTTP_PROXY_TRUSTED_PROXIES=127.0.0.1
    # On SIGTERM, requests in flight get this long to finish (new ones are refused) before the process exits.
    export QUARKUS_SHUTDOWN_TIMEOUT=${QUARKUS_SHUTDOWN_TIMEOUT:-30s}
    exec setsid java $GREENBOARD_JVM_OPTS "-Dlocal-cluster.instance=$n" -jar "$GREENBOARD_APP" \
      >>"$dir/greenboard.log" 2>&1 </dev/null
  ) &
  echo $! >"$dir/pid"
  # The background shell becomes java by exec; until then its command line is not yet recognisable.
  local deadline=$((SECONDS + 10))
  until instance_pid "$n" >/dev/null || ((SECONDS >= deadline)); do
    sleep 0.1
  done
  log "instance $n starting on 127.0.0.1:$port (log $dir/greenboard.log)"
}

await_ready() {
  local n=$1 deadline=$((SECONDS + 240))
  until ready "$n"; do
    if ! instance_pid "$n" >/dev/null; then
      tail -n 20 "$(instance_dir "$n")/greenboard.log" >&2 || true
      die "instance $n exited during start; see $(instance_dir "$n")/greenboard.log"
    fi
    ((SECONDS < deadline)) || die "instance $n is not ready after 240 s; see $(instance_dir "$n")/greenboard.log"
    sleep 1
  done
  log "instance $n is ready"
}

stop_pid() {
  local pid=$1 what=$2 deadline=$((SECONDS + 40))
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      log "$what did not stop within 40 s; kill -9"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    sleep 0.5
  done
}

stop_instance() {
  local n=$1 pid
  if pid=$(instance_pid "$n"); then
    stop_pid "$pid" "instance $n"
    log "instance $n stopped"
  fi
  rm -f "$(instance_dir "$n")/pid"
}

# ---------------------------------------------------------------------------------------------------------------------
# HAProxy
# ---------------------------------------------------------------------------------------------------------------------
write_haproxy_config() {
  local count=$1 n config=$LB_DIR/haproxy.cfg.new
  mkdir -p "$LB_DIR"
  cat >"$config" <<EOF
# Generated by deploy/local-cluster.sh; docs/deploy.md explains every line.
global
    log stderr format iso local0 info
    maxconn 4096
    # Admin commands (drain a server before a restart): echo 'show servers state' over TCP to this port.
    stats socket ipv4@127.0.0.1:$ADMIN_PORT level admin

defaults
    mode http
    log global
    option httplog
    option dontlognull
    # Connection errors only: a request is sent again, to another instance, only if no instance got it. A request
    # that reached an instance (a POST that may have been stored) is never sent twice; its client decides.
    retries 3
    retry-on conn-failure
    option redispatch 1
    timeout connect 2s
    timeout client 60s
    timeout http-request 30s
    timeout http-keep-alive 10s
    timeout queue 10s
    # A large report upload is parsed and committed before the answer; a named query may run 10 s, GraphQL 15 s.
    timeout server 120s
    # GraphQL subscriptions (WebSocket) stay open.
    timeout tunnel 1h
    timeout client-fin 5s

frontend greenboard
    bind 127.0.0.1:$LB_PORT
    option forwardfor
    default_backend greenboard

backend greenboard
    balance leastconn
    option httpchk
    http-check send meth GET uri /q/health/ready
    http-check expect status 200
    # Checked every second, out after 2 failures, back after 2 successes; a refused connection takes an instance
    # out at once; a returning instance gets its share of traffic over 10 s while its JIT warms up.
    default-server check inter 1s fall 2 rise 2 observe layer4 error-limit 1 on-error mark-down slowstart 10s
EOF
  for ((n = 1; n <= count; n++)); do
    echo "    server gb$n 127.0.0.1:$(instance_port "$n")" >>"$config"
  done
  cat >>"$config" <<EOF

listen stats
    bind 127.0.0.1:$STATS_PORT
    stats enable
    stats uri /
    stats refresh 5s
EOF
  if [[ -f $LB_DIR/haproxy.cfg ]] && cmp -s "$config" "$LB_DIR/haproxy.cfg"; then
    rm "$config"
    return 1
  fi
  mv "$config" "$LB_DIR/haproxy.cfg"
}

haproxy_pid() { live_pid "$LB_DIR/haproxy.pid" "$LB_DIR/haproxy.cfg"; }

start_haproxy() {
  local count=$1 changed=0 pid
  write_haproxy_config "$count" && changed=1
  haproxy -c -q -f "$LB_DIR/haproxy.cfg" || die "haproxy rejects $LB_DIR/haproxy.cfg"
  if pid=$(haproxy_pid); then
    if ((changed)); then
      # Master-worker mode: SIGUSR2 makes the master load the new configuration; open connections finish.
      kill -USR2 "$pid"
      log "HAProxy reloaded with $count servers"
    else
      log "HAProxy is running (127.0.0.1:$LB_PORT)"
    fi
    return
  fi
  require_free_port "$LB_PORT" "load balancer"
  require_free_port "$STATS_PORT" "HAProxy stats"
  (exec setsid haproxy -W -db -f "$LB_DIR/haproxy.cfg" >>"$LB_DIR/haproxy.log" 2>&1 </dev/null) &
  echo $! >"$LB_DIR/haproxy.pid"
  local deadline=$((SECONDS + 20))
  until port_in_use "$LB_PORT"; do
    haproxy_pid >/dev/null || die "HAProxy exited; see $LB_DIR/haproxy.log"
    ((SECONDS < deadline)) || die "HAProxy does not listen on $LB_PORT; see $LB_DIR/haproxy.log"
    sleep 0.2
  done
  log "HAProxy started on 127.0.0.1:$LB_PORT"
}

# One command on HAProxy's admin socket (TCP on loopback, so nothing beyond bash is needed to talk to it).
haproxy_admin() {
  local answer
  exec 3<>"/dev/tcp/127.0.0.1/$ADMIN_PORT" || die "HAProxy's admin socket 127.0.0.1:$ADMIN_PORT does not answer"
  printf '%s\n' "$1" >&3
  answer=$(cat <&3)
  exec 3<&-
  printf '%s' "$answer"
}

# The sessions HAProxy has open to instance N (scur of its server line in the stats CSV).
server_sessions() {
  curl -fsS -m 2 "http://127.0.0.1:$STATS_PORT/;csv" | awk -F, -v s="gb$1" '$1 == "greenboard" && $2 == s {print $5}'
}

# ---------------------------------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------------------------------
configured_instances() { cat "$CLUSTER_DIR/instances" 2>/dev/null || echo 2; }

cmd_up() {
  local count
  count=$(configured_instances)
  while (($#)); do
    case $1 in
      --instances) count=${2:-}; shift 2 || die "--instances needs a number" ;;
      --instances=*) count=${1#*=}; shift ;;
      *) die "unknown option for up: $1" ;;
    esac
  done
  if ! [[ $count =~ ^[1-9]$ ]] || ((count > MAX_INSTANCES)); then
    die "--instances must be 1 to $MAX_INSTANCES"
  fi
  [[ -x $PG_BIN/initdb ]] || die "no PostgreSQL 15 in $PG_BIN (apt-get install postgresql-15, or set PG_BIN)"
  command -v haproxy >/dev/null || die "haproxy is not installed (apt-get install haproxy)"
  command -v java >/dev/null || die "java is not installed (Java 17)"

  mkdir -p "$CLUSTER_DIR"
  touch "$MARKER"
  # The state directory ignores itself, so that a cluster inside the repository never shows up in git status.
  [[ -f $CLUSTER_DIR/.gitignore ]] || echo '*' >"$CLUSTER_DIR/.gitignore"
  load_secrets
  ensure_app
  prepare_pg_dir
  init_primary
  start_pg "$PRIMARY_DATA" "$PRIMARY_PORT" primary
  setup_primary_roles
  init_standby
  start_pg "$STANDBY_DATA" "$STANDBY_PORT" standby

  echo "$count" >"$CLUSTER_DIR/instances"
  local n
  # The first instance alone applies the Flyway migrations, so that a failing migration shows in one log; the
  # others then start side by side (Flyway's own lock would serialize them anyway).
  start_instance 1
  await_ready 1
  for ((n = 2; n <= count; n++)); do
    start_instance "$n"
  done
  for ((n = 2; n <= count; n++)); do
    await_ready "$n"
  done
  start_haproxy "$count"
  # Instances beyond the count stop only after HAProxy has stopped sending them requests.
  for ((n = count + 1; n <= MAX_INSTANCES; n++)); do
    stop_instance "$n"
  done

  local noun=instances
  if ((count == 1)); then
    noun=instance
  fi
  cat <<EOF

Greenboard cluster is up ($count $noun, primary + standby) in $CLUSTER_DIR
  load balancer   http://127.0.0.1:$LB_PORT    (GraphQL: http://127.0.0.1:$LB_PORT/graphql)
  HAProxy stats   http://127.0.0.1:$STATS_PORT/
  ingest token    $GREENBOARD_INGEST_TOKENS
  webhook secret  $GREENBOARD_GITHUB_WEBHOOK_SECRET
  primary         postgresql://greenboard@127.0.0.1:$PRIMARY_PORT/greenboard
  standby         postgresql://greenboard@127.0.0.1:$STANDBY_PORT/greenboard
  passwords       $SECRETS (psql: PGPASSFILE=$PGPASS)
EOF
}

cmd_status() {
  [[ -f $MARKER ]] || die "no cluster in $CLUSTER_DIR"
  load_secrets
  local n pid spec name data port
  printf '%-10s %-9s %-8s %s\n' PROCESS STATE PID ADDRESS
  for spec in "primary:$PRIMARY_DATA:$PRIMARY_PORT" "standby:$STANDBY_DATA:$STANDBY_PORT"; do
    IFS=: read -r name data port <<<"$spec"
    pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)
    if pg_running "$data"; then
      printf '%-10s %-9s %-8s %s\n' "$name" running "$pid" "127.0.0.1:$port"
    else
      printf '%-10s %-9s %-8s %s\n' "$name" stopped - "127.0.0.1:$port"
    fi
  done
  for ((n = 1; n <= MAX_INSTANCES; n++)); do
    [[ -d $(instance_dir "$n") ]] || continue
    if pid=$(instance_pid "$n"); then
      if ready "$n"; then
        printf '%-10s %-9s %-8s %s\n' "gb$n" ready "$pid" "127.0.0.1:$(instance_port "$n")"
      else
        printf '%-10s %-9s %-8s %s\n' "gb$n" 'not-ready' "$pid" "127.0.0.1:$(instance_port "$n")"
      fi
    else
      printf '%-10s %-9s %-8s %s\n' "gb$n" stopped - "127.0.0.1:$(instance_port "$n")"
    fi
  done
  if pid=$(haproxy_pid); then
    printf '%-10s %-9s %-8s %s\n' haproxy running "$pid" "127.0.0.1:$LB_PORT"
    echo
    echo "HAProxy's view of the instances:"
    curl -fsS -m 2 "http://127.0.0.1:$STATS_PORT/;csv" \
      | awk -F, '$1 == "greenboard" && $2 ~ /^gb/ {
          printf "  %-5s %-8s sessions now %s, total %s; connection errors %s, retries %s, redispatches %s; check %s\n",
            $2, $18, $5, $8, $14, $16, $17, $37}'
  else
    printf '%-10s %-9s %-8s %s\n' haproxy stopped - "127.0.0.1:$LB_PORT"
  fi
  echo
  if pg_running "$PRIMARY_DATA"; then
    echo "Replication, seen from the primary (pg_stat_replication):"
    admin_psql "$PRIMARY_PORT" -P footer=off -c "
      select application_name, state, sync_state,
             pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)) as replay_behind,
             coalesce(replay_lag::text, '0 (idle)') as replay_lag
      from pg_stat_replication"
  fi
  if pg_running "$STANDBY_DATA"; then
    echo "Replay, seen from the standby (the time lag grows while the primary writes nothing; caught_up says it all):"
    admin_psql "$STANDBY_PORT" -P footer=off -c "
      select pg_is_in_recovery() as in_recovery,
             pg_is_wal_replay_paused() as replay_paused,
             pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() as caught_up,
             now() - pg_last_xact_replay_timestamp() as since_last_replayed_commit"
  fi
}

cmd_restart() {
  local n=${1:-} deadline
  if ! [[ $n =~ ^[1-9]$ ]] || ((n > $(configured_instances))); then
    die "restart needs an instance number 1..$(configured_instances)"
  fi
  load_secrets
  ensure_app
  # Drain: no new requests go to the instance, the ones in flight finish; then it can stop without losing any.
  haproxy_admin "set server greenboard/gb$n state drain" >/dev/null
  deadline=$((SECONDS + 60))
  while [[ $(server_sessions "$n") != 0 ]] && ((SECONDS < deadline)); do
    sleep 0.5
  done
  log "instance $n drained ($(server_sessions "$n") sessions left)"
  stop_instance "$n"
  start_instance "$n"
  await_ready "$n"
  haproxy_admin "set server greenboard/gb$n state ready" >/dev/null
  log "instance $n is back in the load balancer"
}

cmd_kill() {
  local n=${1:-} pid
  [[ $n =~ ^[1-9]$ ]] || die "kill needs an instance number"
  pid=$(instance_pid "$n") || die "instance $n is not running"
  kill -KILL "$pid"
  log "instance $n (pid $pid) killed with SIGKILL; 'up' starts it again"
}

cmd_down() {
  local purge=0 n pid
  case ${1:-} in
    '') ;;
    --purge) purge=1 ;;
    *) die "unknown option for down: $1" ;;
  esac
  [[ -f $MARKER ]] || die "no cluster in $CLUSTER_DIR"
  if pid=$(haproxy_pid); then
    stop_pid "$pid" HAProxy
    log "HAProxy stopped"
  fi
  rm -f "$LB_DIR/haproxy.pid"
  for ((n = 1; n <= MAX_INSTANCES; n++)); do
    stop_instance "$n"
  done
  # The standby first, so that it does not spend its last seconds retrying a primary that is gone.
  for name in standby primary; do
    local data=$PG_DIR/$name
    if [[ -f $data/PG_VERSION ]] && pg_running "$data"; then
      as_pg "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
      log "PostgreSQL $name stopped"
    fi
  done
  if ((purge)); then
    rm -rf "$CLUSTER_DIR"
    log "deleted $CLUSTER_DIR"
  else
    log "data kept in $CLUSTER_DIR ('down --purge' deletes it)"
  fi
}

case ${1:-} in
  up) shift; cmd_up "$@" ;;
  status) cmd_status ;;
  restart) cmd_restart "${2:-}" ;;
  kill) cmd_kill "${2:-}" ;;
  down) shift; cmd_down "$@" ;;
  *)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
