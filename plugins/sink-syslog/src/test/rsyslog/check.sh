#!/usr/bin/env bash
# The documented manual check of the syslog sink against rsyslog 8.2302 (docs/plugins.md §6, "Receivers").
# Needs: apt-get install rsyslog rsyslog-openssl openssl; ./mvnw -o -pl plugins/sink-syslog -am package first.
# Runs rsyslogd in the foreground as the current user on 127.0.0.1, never the system's daemon.
#   check.sh MAX_MESSAGE_SIZE TLS(0|1) FORMAT [sink property=value ...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../../.." && pwd)"
max="$1"; tls="$2"; format="$3"; shift 3
dir="$(mktemp -d /tmp/custody-rsyslog.XXXXXX)"
mkdir -p "$dir/work"
port=$((20000 + RANDOM % 20000))
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$dir/server.key" -out "$dir/server.pem" 2>/dev/null
cp "$dir/server.pem" "$dir/ca.pem"
sed -e "s|@DIR@|$dir|g" -e "s|@MAX@|$max|g" -e "s|@TLS@|$tls|g" -e "s|@PORT@|$port|g" "$here/rsyslog.conf.in" > "$dir/rsyslog.conf"
rsyslogd -N1 -f "$dir/rsyslog.conf" >/dev/null
rsyslogd -n -f "$dir/rsyslog.conf" -i "$dir/rsyslogd.pid" > "$dir/rsyslogd.log" 2>&1 &
rs=$!
trap 'kill $rs 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
extra=()
if [ "$tls" = 1 ]; then
  keytool -importcert -noprompt -alias rx -file "$dir/ca.pem" -storetype PKCS12 -keystore "$dir/trust.p12" \
    -storepass changeit >/dev/null 2>&1
  extra+=(tls=true "tls.trust-store=$dir/trust.p12" tls.trust-store-password=changeit)
fi
cp="$root/ports/target/classes:$root/plugins/sink-syslog/target/classes"
java -cp "$cp" "$here/RsyslogCheck.java" "$port" "$format" "${extra[@]}" "$@"
sleep 2
kill $rs; wait $rs 2>/dev/null || true; trap - EXIT
echo "rsyslog wrote $(wc -l < "$dir/received.json") messages to $dir/received.json"
python3 "$here/verify.py" "$dir/received.json" "$format"
