#!/usr/bin/env bash
# What the end-to-end tests run for real, from Debian: installed when missing, nothing done
# when everything is there (well under a second). `npm run test:setup`; README "Tests".
# As root it runs apt-get; otherwise through sudo; with neither, it prints the exact command.
# `--check` (run by `npm test` first) installs nothing: it names what is missing and the command.
set -euo pipefail
check=false
[ "${1:-}" = --check ] && check=true

# tool on PATH (or in /usr/sbin, where Debian puts mosquitto) → the package that brings it
declare -A package=(
  [mosquitto]=mosquitto [mosquitto_pub]=mosquitto-clients [mosquitto_sub]=mosquitto-clients
  [jq]=jq [openssl]=openssl [tmux]=tmux [zsh]=zsh [fish]=fish [prometheus]=prometheus
  [ip]=iproute2 [iptables]=iptables
)
missing=()
for tool in "${!package[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || missing+=("${package[$tool]}")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)

install="apt-get install -y --no-install-recommends ${missing[*]}"
if $check; then
  echo "jetsub tests: missing ${missing[*]} (the end-to-end tests run them for real); run: npm run test:setup" >&2
  echo "  (it runs: apt-get update && $install, as root or through sudo)" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  run=()
elif command -v sudo >/dev/null 2>&1; then
  run=(sudo)
else
  echo "jetsub test setup: missing ${missing[*]}; install them as root: apt-get update && $install" >&2
  exit 1
fi
echo "jetsub test setup: installing ${missing[*]} (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
"${run[@]}" apt-get update -qq
# shellcheck disable=SC2086 # one word per package
"${run[@]}" apt-get install -y -qq --no-install-recommends ${missing[*]} >/dev/null
