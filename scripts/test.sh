#!/usr/bin/env bash
# Builds everything and runs the whole test suite; ends with the line "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
dotnet test tests/NmSparse.Tests/NmSparse.Tests.csproj -c Release --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
summary=$(grep -E "^\s*(Total tests|Passed|Failed|Skipped):" "$log" | tr -d ' ' | tr '\n' ' ')
passed=$(grep -oE "Passed:\s*[0-9]+" "$log" | tail -1 | grep -oE "[0-9]+" || echo 0)
failed=$(grep -oE "Failed:\s*[0-9]+" "$log" | tail -1 | grep -oE "[0-9]+" || echo 0)
skipped=$(grep -oE "Skipped:\s*[0-9]+" "$log" | tail -1 | grep -oE "[0-9]+" || echo 0)
rm -f "$log"
if [ "$rc" -ne 0 ] && [ "${failed:-0}" -eq 0 ]; then failed=1; fi
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit "$rc"
