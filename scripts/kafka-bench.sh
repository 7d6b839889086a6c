#!/usr/bin/env bash
# Starts a single-node Apache Kafka broker (KRaft, loopback, from the Maven artifacts the tests use:
# kafka_2.13 on the test class path) and runs `vigie bench kafka` against it: the control workload
# replayed with and without outputs.kafka, medians of interleaved whole-process runs.
# Needs: a JDK 17, Maven, the Debian package time. The broker and its files go when it ends.
# Arguments go to `vigie bench kafka`, e.g.: scripts/kafka-bench.sh --runs 5 --packets 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o package -DskipTests 2>/dev/null || mvn -B -q package -DskipTests
dir=$(mktemp -d /tmp/vigie-kafka-bench.XXXXXX)
broker=""
cleanup() {
  if [[ -n "$broker" ]] && kill -0 "$broker" 2>/dev/null; then
    kill "$broker"
    wait "$broker" 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$dir/cp.txt" \
  >/dev/null 2>&1 ||
  mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$dir/cp.txt" >/dev/null
cp="$(cat "$dir/cp.txt")"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
controller=$(free_port)
cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.quorum.bootstrap.servers=127.0.0.1:$controller
log.dirs=$dir/logs
num.partitions=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
PROPS
java -cp "$cp" kafka.tools.StorageTool format --standalone \
  -t "$(python3 -c 'import base64,uuid; print(base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("="))')" \
  -c "$dir/server.properties" >"$dir/format.log" 2>&1
# The broker as the tests run it: its own JVM, 512 MiB, the serial collector.
java -Xmx512m -XX:+UseSerialGC -cp "$cp" kafka.Kafka "$dir/server.properties" >"$dir/broker.log" 2>&1 &
broker=$!
echo "kafka-bench: broker starting on 127.0.0.1:$port (log: $dir/broker.log)" >&2
for _ in $(seq 1 180); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  kill -0 "$broker" 2>/dev/null || { echo "kafka-bench: the broker exited:" >&2; tail -20 "$dir/broker.log" >&2; exit 1; }
  sleep 1
done
java -jar target/vigie-tools.jar bench kafka --bootstrap "127.0.0.1:$port" "$@"
