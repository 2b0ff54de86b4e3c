#!/bin/sh
# Generates a FlowGate config with N models twice, as block YAML
# (config.yaml) and as JSON text (config.json), the same config in both; and
# its litellm_base and balanced profile as two JSON files (base.json,
# overlay.json) for the jq comparison, `jq -s '.[0] * .[1]'`.
# usage: sh bench/gen_config.sh N OUTDIR
set -eu
n=$1
out=$2
mkdir -p "$out/secrets"
printf 'sk-bench-secret\n' >"$out/secrets/key"
chmod 600 "$out/secrets/key"

awk -v n="$n" '
BEGIN {
	print "config_version: 2"
	print "paths:"
	print "  runtime_dir: rt"
	print "  active_config: rt/active.yaml"
	print "  state_file: rt/state.json"
	print "  log_file: rt/flowgate.log"
	print "services:"
	print "  litellm:"
	print "    command:"
	print "      args: [litellm]"
	print "  cliproxyapi_plus:"
	print "    command:"
	print "      args: [cliproxy]"
	print "credentials:"
	print "  upstream:"
	print "    bench:"
	print "      file: secrets/key"
	print "litellm_base:"
	print "  model_list:"
	for (i = 0; i < n; i++) {
		printf "    - model_name: model-%d\n", i
		print  "      litellm_params:"
		printf "        model: openai/upstream-%d\n", i
		printf "        api_base: http://127.0.0.1:%d/v1\n", 8000 + i % 1000
		print  "        api_key_ref: bench"
		printf "        rpm: %d\n", 100 + i % 50
		print  "      model_info:"
		printf "        id: id-%d\n", i
		printf "        tier: %s\n", (i % 2 ? "cheap" : "fast")
	}
	print "  router_settings:"
	print "    routing_strategy: simple-shuffle"
	for (i = 0; i < n; i++)
		printf "    group_%d: {weight: %d, enabled: true}\n", i, i % 7
	print "profiles:"
	print "  balanced:"
	print "    router_settings:"
	for (i = 0; i < n; i += 2)
		printf "      group_%d: {weight: 9}\n", i
	print "    litellm_settings: {num_retries: 2}"
}' >"$out/config.yaml"

# The same config as JSON text, one model or group a line.
awk -v n="$n" '
BEGIN {
	print "{\"config_version\": 2,"
	print " \"paths\": {\"runtime_dir\": \"rt\", \"active_config\": \"rt/active.yaml\", \"state_file\": \"rt/state.json\", \"log_file\": \"rt/flowgate.log\"},"
	print " \"services\": {\"litellm\": {\"command\": {\"args\": [\"litellm\"]}}, \"cliproxyapi_plus\": {\"command\": {\"args\": [\"cliproxy\"]}}},"
	print " \"credentials\": {\"upstream\": {\"bench\": {\"file\": \"secrets/key\"}}},"
	print " \"litellm_base\": {\"model_list\": ["
	for (i = 0; i < n; i++)
		printf "  {\"model_name\": \"model-%d\", \"litellm_params\": {\"model\": \"openai/upstream-%d\", \"api_base\": \"http://127.0.0.1:%d/v1\", \"api_key_ref\": \"bench\", \"rpm\": %d}, \"model_info\": {\"id\": \"id-%d\", \"tier\": \"%s\"}}%s\n",
		    i, i, 8000 + i % 1000, 100 + i % 50, i, (i % 2 ? "cheap" : "fast"), (i < n - 1 ? "," : "")
	print " ],"
	print " \"router_settings\": {\"routing_strategy\": \"simple-shuffle\","
	for (i = 0; i < n; i++)
		printf "  \"group_%d\": {\"weight\": %d, \"enabled\": true}%s\n", i, i % 7, (i < n - 1 ? "," : "")
	print " }},"
	print " \"profiles\": {\"balanced\": {\"router_settings\": {"
	for (i = 0; i < n; i += 2)
		printf "  \"group_%d\": {\"weight\": 9}%s\n", i, (i + 2 < n ? "," : "")
	print " }, \"litellm_settings\": {\"num_retries\": 2}}}}"
}' >"$out/config.json"

jq -c .litellm_base "$out/config.json" >"$out/base.json"
jq -c .profiles.balanced "$out/config.json" >"$out/overlay.json"
