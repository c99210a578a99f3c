#!/usr/bin/env bash
# Builds everything, runs every test project (core, testbed, CLI) and then scripts/sample.sh (the packed library used
# by samples/SparseMlp, counted as one test); ends with "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
dotnet test NmSparse.slnx -c Release --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
# Each test project prints its own "Passed: N / Failed: N / Skipped: N" block: add them up.
sum() { grep -oE "^\s*$1:\s*[0-9]+" "$log" | grep -oE "[0-9]+" | awk '{s += $1} END {print s + 0}'; }
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
projects=$(grep -cE "^\s*Total tests:" "$log")
rm -f "$log"
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "Sample: bash scripts/sample.sh"
if bash scripts/sample.sh; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    rc=1
fi
echo "($projects test projects)"
echo "$passed passed, $failed failed, $skipped skipped"
exit "$rc"
