#!/usr/bin/env bash
# Copies the small files of every finished run of a sweep (result.json, config.json, metrics.jsonl, train.log,
# test.hyp.de; never checkpoints) and the sweep's manifest into a results folder that is committed, so no finished
# result is lost when a machine is replaced.   Usage: scripts/publish-results.sh sweeps/NAME docs/results/NAME
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 SWEEP_FOLDER RESULTS_FOLDER" >&2
  exit 2
fi
sweep="$1" dest="$2"
if [ ! -f "$sweep/sweep.json" ]; then
  echo "error: $sweep/sweep.json not found: not a sweep folder" >&2
  exit 2
fi
mkdir -p "$dest/runs"
cp "$sweep/sweep.json" "$dest/sweep.json"
copied=0
for run in "$sweep"/runs/*/; do
  name="$(basename "$run")"
  [ -f "$run/result.json" ] || continue
  mkdir -p "$dest/runs/$name"
  for f in result.json config.json metrics.jsonl train.log test.hyp.de; do
    if [ -f "$run/$f" ]; then
      cp "$run/$f" "$dest/runs/$name/$f.tmp"
      mv "$dest/runs/$name/$f.tmp" "$dest/runs/$name/$f"
    fi
  done
  copied=$((copied + 1))
done
echo "$copied finished runs of $sweep copied to $dest"
# A copied file that git ignores would look published and be lost with the machine (this happened once: a
# `runs/` pattern in .gitignore hid docs/results/*/runs). Fail loudly instead.
if git -C "$dest" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  ignored="$(cd "$dest" && git ls-files --others --ignored --exclude-standard -- . | head -n 1)"
  if [ -n "$ignored" ]; then
    echo "error: git ignores $dest/$ignored: fix .gitignore, or these results will not be committed" >&2
    exit 1
  fi
fi
