#!/usr/bin/env bash
# Regenerates tiny_spm.model / tiny_spm.vocab (the golden tokenizer of SubwordTokenizerTests) from
# tiny_corpus.txt with Debian's spm_train 0.1.97, using the options of `nmsparse data` but a 100-piece
# vocabulary. It runs the tools that `nmsparse data` unpacked into its cache (default data/.cache):
# run `nmsparse data` once first. Then update the expected ids in SubwordTokenizerTests.cs from the
# spm_encode output printed at the end.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${1:-$here/../../../../data/.cache}"
bin="$(ls -d "$cache"/extracted/sentencepiece_*/usr/bin 2>/dev/null | head -n1)"
lib="$(ls -d "$cache"/extracted/libsentencepiece0_*/usr/lib/x86_64-linux-gnu 2>/dev/null | head -n1)"
if [[ -z "$bin" || -z "$lib" ]]; then
  echo "no SentencePiece tools in $cache/extracted: run 'nmsparse data' first (or pass its --cache dir)" >&2
  exit 1
fi
export LD_LIBRARY_PATH="$lib"
cd "$here"  # relative paths: the model records them
"$bin/spm_train" --input=tiny_corpus.txt --model_prefix=tiny_spm \
  --vocab_size=100 --model_type=bpe --character_coverage=1.0 --pad_id=0 --unk_id=1 --bos_id=2 --eos_id=3 \
  --random_seed=1234 --num_threads=1 --minloglevel=1
printf 'The cat sits in the garden.\nDie Kinder öffnen das Fenster.\n' \
  | "$bin/spm_encode" --model=tiny_spm.model --output_format=id
