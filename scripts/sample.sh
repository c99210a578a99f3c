#!/usr/bin/env bash
# Packs the NmSparse library, builds samples/SparseMlp against that package (and nothing else of this repository),
# runs it, and checks that the README's "The library in three lines" is the sample's code. Exit code 0 = all good.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
sample=samples/SparseMlp
fail() { echo "sample: FAILED: $*" >&2; exit 1; }

# A fresh feed and package folder: the sample can only get the NmSparse just packed.
rm -rf artifacts/feed artifacts/sample-packages "$sample/bin" "$sample/obj"
dotnet pack src/NmSparse -c Release -o artifacts/feed --nologo -v quiet || fail "dotnet pack src/NmSparse"
package=$(ls artifacts/feed/NmSparse.*.nupkg)
# pack leaves the nuspec it put in the package beside the build output.
nuspec="src/NmSparse/obj/Release/$(basename "$package" .nupkg).nuspec"
dependencies=$(grep -o '<dependency id="[^"]*"' "$nuspec" | sed 's/.*id="//; s/"$//')
[ "$dependencies" = "TorchSharp" ] || fail "$package must depend on TorchSharp only, not: $(echo $dependencies)"

dotnet build "$sample" -c Release --nologo -v quiet || fail "dotnet build $sample"
grep -q '<ProjectReference' "$sample/SparseMlp.csproj" && fail "$sample must reference packages only"
dotnet "$sample/bin/Release/net10.0/SparseMlp.dll" || fail "$sample exited with $?"

# The README block is the sample's NmSparse usings, a blank line, and its lines between README:begin and README:end.
expected=$( { grep '^using NmSparse' "$sample/Program.cs"; echo; \
    sed -n '/^\/\/ README:begin$/,/^\/\/ README:end$/p' "$sample/Program.cs" | sed '1d;$d'; } )
actual=$(sed -n '/^## The library in three lines$/,/^## /p' README.md | sed -n '/^```csharp$/,/^```$/p' | sed '1d;$d')
[ -n "$expected" ] && [ "$expected" = "$actual" ] ||
    fail "README.md's \"The library in three lines\" differs from $sample/Program.cs:
$(diff <(echo "$actual") <(echo "$expected"))"
echo "sample: $sample built against $(basename "$package") and passed; the README matches it"
