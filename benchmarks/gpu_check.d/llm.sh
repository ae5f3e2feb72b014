#!/usr/bin/env bash
# GPU check section: a real decoder-only preset (EXAONE 4.0 1.2B, built from its config with random weights), bf16
# training tokens/s and peak memory, full fine-tuning vs LoRA (benchmarks/bench_llm.py; issue 17).
set -euo pipefail
"$PY" benchmarks/bench_llm.py --device cuda --preset "${LLM_PRESET:-exaone4_1_2b}" --batch-size 8 --seq-len 1024 \
    --steps 10 --warmup 2 >"$LOG_DIR/llm.out"
cat "$LOG_DIR/llm.out" >&2
grep -E '^\| (none|lora) ' "$LOG_DIR/llm.out" | awk -F'|' -v preset="${LLM_PRESET:-exaone4_1_2b}" '{
    gsub(/^ +| +$/, "", $2); printf "| llm %s %s | params, trainable, s/step, tokens/s (x full), peak GiB |%s,%s,%s,%s (%s),%s |\n",
    preset, $2, $3, $4, $5, $6, $7, $8}'
