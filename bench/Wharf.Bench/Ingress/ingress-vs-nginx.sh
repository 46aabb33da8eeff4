#!/usr/bin/env bash
# Ingress throughput and latency side by side with wrk, one run: the backend alone (direct), Debian's nginx as a
# reverse proxy to it, and the Wharf ingress to it (pod endpoint = the same backend). The backend is an nginx
# server block answering "ok" from memory, so both proxies are measured, not the backend.
#
# Needs: wrk and nginx (apt-get install wrk nginx-light); a Wharf ingress listening on 127.0.0.1:$INGRESS_PORT
# (wharf server --ingress-http-port ...) with kubectl pointed at that server. The script creates a selectorless
# Service, its EndpointSlice and an Ingress for host bench.test, and deletes them at the end; SKIP_APPLY=1 leaves
# the objects to the caller (e.g. an in-process harness that created them itself).
#
# Targets of issue 6: ingress >= 0.9x nginx requests/s, p99 <= 1.2x nginx.
set -euo pipefail

INGRESS_PORT=${INGRESS_PORT:-18082}
BACKEND_PORT=${BACKEND_PORT:-18080}
NGINX_PORT=${NGINX_PORT:-18081}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-3}
SKIP_APPLY=${SKIP_APPLY:-0}
HOST=bench.test

work=$(mktemp -d /tmp/wharf-ingress-bench.XXXXXX)
nginx_pid=""
cleanup() {
    if [[ -n "$nginx_pid" ]]; then kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
    if [[ "$SKIP_APPLY" != 1 ]]; then
        kubectl delete ingress/ingress-bench service/ingress-bench endpointslice/ingress-bench-1 --ignore-not-found >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/tmp"
cat > "$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/error.log warn;
daemon off;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $work/tmp/body;
    proxy_temp_path $work/tmp/proxy;
    fastcgi_temp_path $work/tmp/fastcgi;
    uwsgi_temp_path $work/tmp/uwsgi;
    scgi_temp_path $work/tmp/scgi;
    keepalive_requests 100000;
    upstream backend { server 127.0.0.1:$BACKEND_PORT; keepalive 320; }
    server { listen 127.0.0.1:$BACKEND_PORT; location / { return 200 "ok\n"; } }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_pass http://backend;
        }
    }
}
CONF
nginx -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!

if [[ "$SKIP_APPLY" != 1 ]]; then
    kubectl apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Service
metadata: {name: ingress-bench}
spec: {ports: [{name: http, port: 80}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: ingress-bench-1, labels: {kubernetes.io/service-name: ingress-bench}}
addressType: IPv4
endpoints: [{addresses: [127.0.0.1], conditions: {ready: true}}]
ports: [{name: http, port: $BACKEND_PORT}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ingress-bench}
spec:
  ingressClassName: wharf
  rules:
  - host: $HOST
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: ingress-bench, port: {number: 80}}}}]}
YAML
fi

for _ in $(seq 1 100); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $HOST" "http://127.0.0.1:$INGRESS_PORT/")" == 200 ]] && break
    sleep 0.2
done

# One wrk run -> "rps p50_ms p99_ms non2xx"
measure() {
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Host: $HOST" "http://127.0.0.1:$1/" | awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /Requests\/sec/ { rps = $2 } /Non-2xx/ { bad = $NF }
        END { printf "%.0f %.2f %.2f %d\n", rps, p50, p99, bad + 0 }'
}

declare -A results
for round in $(seq 1 "$ROUNDS"); do
    for target in direct:$BACKEND_PORT nginx:$NGINX_PORT wharf:$INGRESS_PORT; do
        name=${target%%:*}
        results[$name]+="$(measure "${target##*:}")"$'\n'
    done
done

# Median over rounds of each column.
median() { printf '%s' "${results[$1]}" | awk -v c="$2" 'NF { print $c }' | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

echo "| target | requests/s | p50 ms | p99 ms | non-2xx |"
echo "|---|---:|---:|---:|---:|"
for name in direct nginx wharf; do
    echo "| $name | $(median $name 1) | $(median $name 2) | $(median $name 3) | $(median $name 4) |"
done
awk -v w="$(median wharf 1)" -v n="$(median nginx 1)" -v wp="$(median wharf 3)" -v np="$(median nginx 3)" \
    'BEGIN { printf "\nwharf/nginx: %.2fx requests/s (target >= 0.9), %.2fx p99 (target <= 1.2); %d rounds of %s, %d connections\n", w / n, wp / np, '"$ROUNDS"', "'"$DURATION"'", '"$CONNECTIONS"' }'
