#!/usr/bin/env bash
# The node agent's story, end to end from the command line (README, "The node
# agent"): a small Llama trained on English, a LoRA adapter that teaches it
# Portuguese, perplexity before and after, energy per token; then the merged
# model quantized to Q4_0, served with the OpenAI API and asked through the
# official openai client, and exported as GGUF for llama.cpp and Ollama.
#   bash scripts/agent-demo.sh [DIR]      (default DIR: build/agent-demo)
# Installs and builds first (scripts/setup.sh, scripts/build.sh). Run it
# again to start over; stop it (Ctrl-C) and run it again to resume training.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
agent="${SOVEREIGN_BUILD_DIR:-$root/build}/app/agent/sovereign-agent"
work="${1:-${SOVEREIGN_BUILD_DIR:-$root/build}/agent-demo}"
mkdir -p "$work"
cd "$work"

say() { printf '\n== %s\n' "$*"; }
# The one line of a job's JSON output with this event.
event() { grep "\"event\":\"$1\"" | tail -1; }
field() { python3 -c 'import json,sys; o=json.loads(sys.stdin.read()); print(*(o[k] for k in sys.argv[1:]))' "$@"; }

say "this node"
"$agent" info

say "corpora: Debian's fortunes (English) and fortunes-br (Portuguese), every tenth entry held out"
"$agent" corpus fortunes --lang en --out en
"$agent" corpus fortunes --lang pt --out pt

say "a SentencePiece tokenizer (BPE, byte fallback) for both languages"
mkdir -p base-init
cp "$root/resources/agent/demo-config.json" base-init/config.json
"$agent" tokenizer train --input en/train.txt --input pt/train.txt \
  --output base-init/tokenizer.model --vocab-size 2000
cp "$root"/resources/agent/*.yaml .

say "train the base model on English (JSON lines: started, progress, checkpoint, metric, finished)"
"$agent" run train-en.yaml | tee train-en.log
read -r en_ppl en_unigram < <(event metric < train-en.log | field perplexity unigram_perplexity)

say "Portuguese perplexity of the English base model"
"$agent" run eval-pt.yaml | tee eval-pt-before.log
read -r pt_before pt_unigram < <(event metric < eval-pt-before.log | field perplexity unigram_perplexity)

say "LoRA fine-tuning on Portuguese (the base stays frozen)"
"$agent" run lora-pt.yaml | tee lora-pt.log
read -r pt_after joules jpt source < <(event finished < lora-pt.log | field eval_perplexity energy_j j_per_token energy_source)

say "merge the adapter into a plain model folder"
"$agent" run merge-pt.yaml

say "quantize the merged model to Q4_0 (llama.cpp's 4-bit blocks), perplexity before and after"
"$agent" run quantize-pt.yaml | tee quantize-pt.log
read -r q_before q_after q_change q_ratio < <(event finished < quantize-pt.log |
  field perplexity_source perplexity perplexity_change_pct size_ratio)

say "export the merged model as GGUF for llama.cpp or Ollama (F16; Q4_0 is merged-pt-q4_0/model.gguf)"
"$agent" convert --model merged-pt --out merged-pt-f16.gguf --type f16

say "serve the Q4_0 model (OpenAI API on loopback, bearer token in a 0600 file)"
rm -f serve.out
"$agent" serve --model merged-pt-q4_0 --port 0 --token-file serve-token > serve.out &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening serve.out 2>/dev/null && break; sleep 0.1; done
port=$(event listening < serve.out | field port)

say "ask it through the official openai npm client (installed here once)"
if [ ! -d node_modules/openai ]; then
  npm install --no-audit --no-fund --silent openai@4.104.0
fi
cp "$root/resources/agent/ask.mjs" .
OPENAI_BASE_URL="http://127.0.0.1:$port/v1" OPENAI_API_KEY="$(cat serve-token)" \
  node ask.mjs "O gato"
kill "$server"
wait "$server" 2>/dev/null || true
trap - EXIT

printf '\n== summary (%s)\n' "$work"
printf 'English held-out perplexity of the base model: %.1f (unigram baseline %.1f)\n' "$en_ppl" "$en_unigram"
printf 'Portuguese held-out perplexity: %.1f before LoRA, %.1f after (unigram baseline %.1f)\n' \
  "$pt_before" "$pt_after" "$pt_unigram"
printf 'LoRA fine-tuning energy: %.0f J, %.4f J per training token (%s)\n' "$joules" "$jpt" "$source"
printf 'Adapter (Hugging Face PEFT layout): %s/adapter-pt; merged model: %s/merged-pt\n' "$work" "$work"
printf 'Q4_0: perplexity %.1f -> %.1f (%+.2f %%), weights x %.3f; GGUF: %s/merged-pt-q4_0/model.gguf, %s/merged-pt-f16.gguf\n' \
  "$q_before" "$q_after" "$q_change" "$q_ratio" "$work" "$work"
