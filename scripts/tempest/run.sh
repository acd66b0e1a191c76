#!/usr/bin/env bash
# Runs Tempest's compute API suite (Debian's `tempest`) against `nova-sim serve`, then
# compares the failures with scripts/tempest/exceptions.txt. Usage:
#   scripts/tempest/run.sh [REGEX]        (default '^tempest\.api\.compute\.')
# Needs: npm run build; apt-get install tempest. Writes its workspace to $TEMPEST_WS
# (default .tempest/, git-ignored). Exits non-zero if a test outside the list fails.
set -uo pipefail
cd "$(dirname "$0")/../.."
regex=${1:-'^tempest\.api\.compute\.'}
ws=${TEMPEST_WS:-$PWD/.tempest}
port=${TEMPEST_PORT:-$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
concurrency=${TEMPEST_CONCURRENCY:-2}
speed=${TEMPEST_SPEED:-600}
rm -rf "$ws" "$ws.workspace.yaml"
tempest init --workspace-path "$ws.workspace.yaml" "$ws" >/dev/null || exit 1

# [consoleauth] token_ttl keeps its wall-clock meaning (Nova's 10 minutes) at this speed.
# A snapshot uploads for 15 virtual minutes, as a real guest disk does, so that its
# SAVING image and image_uploading task last past Tempest's 1 s polls at this speed.
# DevStack enables SameHostFilter and DifferentHostFilter (Nova alone does not), and the
# tempest.conf here says so: the cloud turns them on too.
printf '{"config":{"consoleTokenTtl":%d,"enabledFilters":["ComputeFilter","ComputeCapabilitiesFilter","ImagePropertiesFilter","ServerGroupAntiAffinityFilter","ServerGroupAffinityFilter","SameHostFilter","DifferentHostFilter"],"stepMs":{"image_uploading":900000}}}\n' \
  $((600 * speed)) >"$ws/cloud.json"
node dist/cli/main.js serve --port "$port" --speed "$speed" --config "$ws/cloud.json" >"$ws/serve.log" 2>&1 &
serve=$!
trap 'kill $serve 2>/dev/null' EXIT
for _ in $(seq 50); do
  curl -sf "http://127.0.0.1:$port/identity/v3" >/dev/null && break
  sleep 0.2
done
kill -0 $serve 2>/dev/null || { cat "$ws/serve.log"; exit 1; }

curl -s -X POST "http://127.0.0.1:$port/identity/v3/auth/tokens" \
  -H 'content-type: application/json' -D "$ws/token.headers" -o /dev/null \
  -d '{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"admin","domain":{"id":"default"},"password":"admin"}}},"scope":{"project":{"name":"admin","domain":{"id":"default"}}}}}'
token=$(awk 'tolower($1)=="x-subject-token:"{print $2}' "$ws/token.headers" | tr -d '\r')
public_net=$(curl -s "http://127.0.0.1:$port/network/v2.0/networks?router:external=true" -H "x-auth-token: $token" |
  /usr/bin/python3 -c 'import json,sys; n=json.load(sys.stdin).get("networks",[]); print(n[0]["id"] if n else "")')

# As DevStack does, name the Neutron extensions the cloud really serves (Tempest's
# requires_ext reads this list, not the API).
net_extensions=$(curl -s "http://127.0.0.1:$port/network/v2.0/extensions" -H "x-auth-token: $token" |
  /usr/bin/python3 -c 'import json,sys; print(",".join(e["alias"] for e in json.load(sys.stdin).get("extensions",[])))')

sed -e "s#@URL@#http://127.0.0.1:$port#g" -e "s#@PUBLIC_NET@#${public_net}#g" \
  -e "s#@NET_EXTENSIONS@#${net_extensions}#g" \
  scripts/tempest/tempest.conf.in >"$ws/etc/tempest.conf"
cd "$ws"
tempest run --regex "$regex" --concurrency "$concurrency" >"$ws/run.log" 2>&1
stestr last --subunit | subunit2csv >"$ws/results.csv" 2>/dev/null || true
cd - >/dev/null
node scripts/tempest/compare.mjs "$ws/results.csv" scripts/tempest/exceptions.txt
