#!/usr/bin/env bash
# The main job on a fresh machine: build, fetch the real en-de corpus from Debian packages (once, cached),
# train the `quick` preset (~10 minutes on 2 CPU cores) and print test BLEU.
# Extra arguments go to `nmsparse train`, e.g.  bash scripts/quickstart.sh --recipe srste --nm 2:4
set -euo pipefail
cd "$(dirname "$0")/.."
recipe=(--recipe dense)
for a in "$@"; do [ "$a" = "--recipe" ] && recipe=(); done
out=(--out "runs/quick-$(date +%Y%m%d-%H%M%S)")
for a in "$@"; do [ "$a" = "--out" ] && out=(); done
scripts/nmsparse data --vocab-size 4000 --out data/en-de-v4000   # the quick preset's 4,000-subword tokenizer
scripts/nmsparse train --preset quick "${recipe[@]}" "${out[@]}" "$@"
