#!/usr/bin/env bash
# Shows that `--resume` continues exactly after `kill -9`: trains the tiny preset on the real corpus once
# without interruption and once killed mid-run (SIGKILL as soon as a checkpoint exists) and resumed, then
# compares the per-step training losses of both runs. Usage: bash scripts/kill-resume-check.sh [STEPS]
set -euo pipefail
cd "$(dirname "$0")/.."
steps="${1:-120}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
args=(--preset tiny --recipe mask-decay --nm 2:4 --steps "$steps" --plain
      --set log_every=1 --set checkpoint_every=25 --set eval_every=60 --set training.model.dropout=0.1)
scripts/nmsparse train "${args[@]}" --out "$work/whole" > "$work/whole.log"
scripts/nmsparse train "${args[@]}" --out "$work/killed" > "$work/killed.log" &
pid=$!
while [ ! -f "$work/killed/checkpoint-last.ckpt" ]; do sleep 0.2; done
sleep 1
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
last=$(grep -c '"kind":"train"' "$work/killed/metrics.jsonl" || true)
echo "killed with SIGKILL after $last logged steps"
scripts/nmsparse train --out "$work/killed" --resume --plain > "$work/resumed.log"
grep -m1 resumed "$work/resumed.log" || true
extract() { grep '"kind":"train"' "$1" | sed -E 's/.*"step":([0-9]+).*"loss":([-0-9.eE]+).*/\1 \2/'; }
if diff <(extract "$work/whole/metrics.jsonl") <(extract "$work/killed/metrics.jsonl") > "$work/diff"; then
  echo "identical per-step losses for all $steps steps; test BLEU lines:"
  grep -h '^BLEU' "$work/whole.log" "$work/resumed.log"
else
  echo "losses differ:"; head "$work/diff"; exit 1
fi
