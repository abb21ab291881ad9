#!/usr/bin/env bash
# A local 3-node Galera cluster on loopback ports and two app nodes pointed at two of its nodes,
# to try "Several nodes" (README) on one machine. Needs Debian's mariadb-server, galera-4 and
# mariadb-backup:  apt-get install -y mariadb-server galera-4 mariadb-backup
#
#   deploy/galera-local.sh start      # 3 Galera nodes, then 2 app nodes (app/target/veiligmelden.jar)
#   deploy/galera-local.sh start-db   # the 3 Galera nodes only (the multi-node test uses this)
#   deploy/galera-local.sh status     # who runs, the cluster's size and state
#   deploy/galera-local.sh stop       # app nodes, then Galera nodes 3, 2, 1 (node 1 bootstraps next time)
#   deploy/galera-local.sh purge      # stop, then delete everything under the directory
#
# Settings (environment): GALERA_DIR (./galera-local), GALERA_PORT (14300: SQL ports 14301-14303,
# Galera 14311-14313, IST 14321-14323, SST 14331-14333), APP_PORT (18080: app nodes on 18081 and
# 18082), GALERA_BUFFER_POOL (64M). Everything listens on 127.0.0.1 only.
#
# Pitfalls this script avoids (measured on Debian 12, MariaDB 10.11, Galera 26.4):
# - rsync SST fails as root (its daemon drops to nobody): SST is mariabackup, with its own account.
# - SST scripts ignore --no-defaults and read /etc/mysql/my.cnf: every node has its own
#   --defaults-file, with [sst] sst-log-archive=0 so that their logs stay out of /tmp.
# - mariadb-backup rejects a forwarded --innodb_buffer_pool_size: it is set in the file only.
# - Galera listens on 0.0.0.0 unless gmcast.listen_addr says otherwise.
# - Each node needs its own base_port, ist.recv_addr and wsrep_sst_receive_address.
# - After a kill -9 a node must recover its position first (mariadbd --wsrep-recover), or it
#   needs a full SST: start does that for every node whose last stop was not clean.
set -euo pipefail

DIR=$(realpath -m "${GALERA_DIR:-./galera-local}")
BASE=${GALERA_PORT:-14300}
APP_BASE=${APP_PORT:-18080}
POOL=${GALERA_BUFFER_POOL:-64M}
NODES=(1 2 3)
DB_NAME=veiligmelden
DB_USER=veiligmelden
SST_USER=sst
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=${VM_JAR:-$HERE/../app/target/veiligmelden.jar}

sql_port() { echo $((BASE + $1)); }
gcomm_port() { echo $((BASE + 10 + $1)); }
ist_port() { echo $((BASE + 20 + $1)); }
sst_port() { echo $((BASE + 30 + $1)); }
node_dir() { echo "$DIR/node$1"; }
cnf() { echo "$(node_dir "$1")/my.cnf"; }
socket() { echo "$(node_dir "$1")/mysqld.sock"; }
pidfile() { echo "$(node_dir "$1")/mysqld.pid"; }

need() {
  local missing=()
  command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
  [ -f /usr/lib/galera/libgalera_smm.so ] || missing+=(galera-4)
  command -v mariadb-backup >/dev/null 2>&1 || missing+=(mariadb-backup)
  command -v socat >/dev/null 2>&1 || missing+=(socat)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Missing: ${missing[*]}. Install with: apt-get install -y mariadb-server galera-4 mariadb-backup" >&2
    exit 2
  fi
}

MARIADBD=$(command -v mariadbd || echo /usr/sbin/mariadbd)

secret() { # a password kept in the directory, made once
  local file="$DIR/$1"
  [ -s "$file" ] || (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$file")
  cat "$file"
}

write_cnf() {
  local n=$1 members="" m
  for m in "${NODES[@]}"; do members="${members:+$members,}127.0.0.1:$(gcomm_port "$m")"; done
  mkdir -p "$(node_dir "$n")/data"
  cat > "$(cnf "$n")" <<EOF
[mysqld]
datadir=$(node_dir "$n")/data
socket=$(socket "$n")
pid-file=$(pidfile "$n")
log-error=$(node_dir "$n")/error.log
port=$(sql_port "$n")
bind-address=127.0.0.1
$( [ "$(id -u)" -eq 0 ] && echo "user=root" )
innodb_buffer_pool_size=$POOL
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
character-set-server=utf8mb4
collation-server=utf8mb4_bin
wsrep_on=ON
wsrep_provider=/usr/lib/galera/libgalera_smm.so
wsrep_cluster_name=veiligmelden-local
wsrep_cluster_address=gcomm://$members
wsrep_node_name=node$n
wsrep_node_address=127.0.0.1:$(gcomm_port "$n")
wsrep_provider_options="base_port=$(gcomm_port "$n");gmcast.listen_addr=tcp://127.0.0.1:$(gcomm_port "$n");ist.recv_addr=127.0.0.1:$(ist_port "$n");gcache.size=64M"
wsrep_sst_method=mariabackup
wsrep_sst_auth=$SST_USER:$(secret sst-password)
wsrep_sst_receive_address=127.0.0.1:$(sst_port "$n")
# An autocommit statement that loses a certification race is retried by the node itself.
wsrep_retry_autocommit=4
# Causal reads: a read on one node sees what another node committed before it (a reporter who
# writes through one app node and reads through the other must find her message).
wsrep_sync_wait=1

[sst]
sst-log-archive=0

[client]
socket=$(socket "$n")
EOF
}

running() { [ -f "$(pidfile "$1")" ] && kill -0 "$(cat "$(pidfile "$1")")" 2>/dev/null; }

q() { # a query on node n, as root over its socket
  local n=$1; shift
  mariadb --defaults-file="$(cnf "$n")" -uroot -N -B -e "$*"
}

wait_synced() {
  local n=$1 deadline=$((SECONDS + ${2:-120})) state=""
  while [ $SECONDS -lt $deadline ]; do
    if ! running "$n" && [ -f "$(pidfile "$n")" ]; then
      echo "node $n stopped while starting; see $(node_dir "$n")/error.log" >&2
      tail -20 "$(node_dir "$n")/error.log" >&2
      return 1
    fi
    state=$(q "$n" "SHOW STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null | cut -f2 || true)
    [ "$state" = "Synced" ] && return 0
    sleep 0.5
  done
  echo "node $n not synced after ${2:-120} s (state: ${state:-none}); see $(node_dir "$n")/error.log" >&2
  return 1
}

# The position a node reached, recovered after an unclean stop so that it rejoins by IST.
recovered_position() {
  local n=$1 log
  log=$(node_dir "$n")/recover.log
  "$MARIADBD" --defaults-file="$(cnf "$n")" --wsrep-recover --log-error="$log" >/dev/null 2>&1 || true
  sed -n 's/.*WSREP: Recovered position: \(.*\)$/\1/p' "$log" | tail -1
}

start_node() {
  local n=$1 bootstrap=$2 args=() grastate position
  running "$n" && { echo "node $n runs already"; return 0; }
  rm -f "$(pidfile "$n")" # left by a node that was killed
  write_cnf "$n"
  local data
  data=$(node_dir "$n")/data
  if [ ! -d "$data/mysql" ]; then
    if [ "$bootstrap" = yes ]; then
      mariadb-install-db --defaults-file="$(cnf "$n")" --skip-test-db --auth-root-authentication-method=socket \
        > "$(node_dir "$n")/install.log" 2>&1
    fi
    # A joiner with an empty datadir gets everything by SST.
  else
    grastate="$data/grastate.dat"
    if [ -f "$grastate" ] && grep -q '^seqno: *-1' "$grastate"; then
      position=$(recovered_position "$n")
      [ -n "$position" ] && args+=(--wsrep_start_position="$position")
    fi
    if [ "$bootstrap" = yes ] && [ -f "$grastate" ]; then
      # The last node to stop may bootstrap; after a crash of all, node 1 is made the one.
      sed -i 's/^safe_to_bootstrap: *0/safe_to_bootstrap: 1/' "$grastate"
    fi
  fi
  [ "$bootstrap" = yes ] && args+=(--wsrep-new-cluster)
  # setsid: the node outlives this script and its terminal.
  setsid "$MARIADBD" --defaults-file="$(cnf "$n")" "${args[@]}" >/dev/null 2>&1 < /dev/null &
  wait_synced "$n" 180
}

start_db() {
  need
  mkdir -p "$DIR"
  local t0=$SECONDS
  start_node 1 yes
  local db_password sst_password
  db_password=$(secret db-password)
  sst_password=$(secret sst-password)
  q 1 "CREATE DATABASE IF NOT EXISTS $DB_NAME CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
       CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$db_password';
       GRANT ALL PRIVILEGES ON $DB_NAME.* TO '$DB_USER'@'127.0.0.1';
       CREATE USER IF NOT EXISTS '$SST_USER'@'localhost' IDENTIFIED BY '$sst_password';
       GRANT RELOAD, PROCESS, LOCK TABLES, BINLOG MONITOR, REPLICA MONITOR ON *.* TO '$SST_USER'@'localhost';"
  echo "Galera node 1 bootstrapped on 127.0.0.1:$(sql_port 1) in $((SECONDS - t0)) s"
  local n
  for n in 2 3; do
    local t=$SECONDS
    start_node "$n" no
    echo "Galera node $n synced on 127.0.0.1:$(sql_port "$n") in $((SECONDS - t)) s"
  done
  echo "Cluster size $(q 1 "SHOW STATUS LIKE 'wsrep_cluster_size'" | cut -f2); database $DB_NAME, user $DB_USER, password in $DIR/db-password"
}

app_pidfile() { echo "$DIR/app$1/server.pid"; }
app_running() { [ -f "$(app_pidfile "$1")" ] && kill -0 "$(cat "$(app_pidfile "$1")")" 2>/dev/null; }

start_app() {
  local i=$1 db_node=$2 port=$((APP_BASE + $1))
  app_running "$i" && { echo "app node $i runs already"; return 0; }
  [ -f "$JAR" ] || { echo "No $JAR: build it first (mvn -B -q package -DskipTests)" >&2; exit 2; }
  local java=${JAVA_HOME:+$JAVA_HOME/bin/}java
  mkdir -p "$DIR/app$i"
  [ -s "$DIR/master.key" ] || (umask 077; head -c 32 /dev/urandom | base64 > "$DIR/master.key")
  VM_PORT=$port VM_DATA_DIR="$DIR/app$i" \
    VM_DB_URL="jdbc:mariadb://127.0.0.1:$(sql_port "$db_node")/$DB_NAME" VM_DB_USER=$DB_USER VM_DB_PASSWORD="$(secret db-password)" \
    VM_MASTER_KEY_FILE="$DIR/master.key" \
    setsid "$java" -jar "$JAR" serve --no-demo > "$DIR/app$i/server.log" 2>&1 < /dev/null &
  echo $! > "$(app_pidfile "$i")"
  local deadline=$((SECONDS + 120))
  until curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
    if ! app_running "$i"; then
      echo "app node $i stopped while starting; see $DIR/app$i/server.log" >&2
      tail -5 "$DIR/app$i/server.log" >&2
      exit 1
    fi
    [ $SECONDS -lt $deadline ] || { echo "app node $i did not answer in 120 s" >&2; exit 1; }
    sleep 0.5
  done
  echo "App node $i on http://127.0.0.1:$port/ (database: Galera node $db_node)"
}

stop_all() {
  local i n pid
  for i in 2 1; do
    if app_running "$i"; then
      kill "$(cat "$(app_pidfile "$i")")"
      echo "Stopping app node $i"
    fi
  done
  for i in 2 1; do
    while app_running "$i"; do sleep 0.2; done
    rm -f "$(app_pidfile "$i")"
  done
  for n in 3 2 1; do
    if running "$n"; then
      pid=$(cat "$(pidfile "$n")")
      kill "$pid"
      while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
      echo "Stopped Galera node $n"
    fi
  done
}

status() {
  local n i
  for n in "${NODES[@]}"; do
    if running "$n"; then
      echo "Galera node $n: 127.0.0.1:$(sql_port "$n"), $(q "$n" "SHOW STATUS LIKE 'wsrep_local_state_comment'" | cut -f2)," \
        "cluster size $(q "$n" "SHOW STATUS LIKE 'wsrep_cluster_size'" | cut -f2)"
    else
      echo "Galera node $n: stopped"
    fi
  done
  for i in 1 2; do
    if app_running "$i"; then echo "App node $i: http://127.0.0.1:$((APP_BASE + i))/"; else echo "App node $i: stopped"; fi
  done
}

case "${1:-}" in
  start) start_db; start_app 1 1; start_app 2 2 ;;
  start-db) start_db ;;
  stop) stop_all ;;
  status) status ;;
  purge) stop_all; rm -rf "$DIR"; echo "Removed $DIR" ;;
  *) echo "usage: $0 start|start-db|status|stop|purge" >&2; exit 2 ;;
esac
