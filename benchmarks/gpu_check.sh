#!/usr/bin/env bash
# The GPU check: training and decoding speed on one NVIDIA GPU, in at most ~8 minutes, nothing downloaded
# (models are built from configs with random weights; data is generated). Prints one table at the end.
#
#     bash benchmarks/gpu_check.sh            # from the repository root
#     PYTHON=/path/to/python bash benchmarks/gpu_check.sh
#
# Python: $PYTHON, else .venv/bin/python, else python3.11 / python3: the first whose torch sees a GPU; torch itself
# is never installed. The packages it lacks, at the lock's versions:
#   - from wheels in .whl/ when there are any (a GPU machine that reaches no package index): make them on a machine
#     that does, with `bash benchmarks/gpu_check.sh --wheels` (for CPython 3.12, manylinux; ~20 MB; .whl/ is
#     git-ignored, so carry it along), and they are installed with --no-index into a folder on PYTHONPATH;
#   - else into .venv-gpu (--system-site-packages, so the machine's CUDA torch is kept) from requirements-lock.txt
#     the way `make setup` does (--no-deps --require-hashes), which needs a package index.
#
# Sections (each with its own time limit; a failing or slow section is marked in the table and the others
# still run):
#   train   benchmarks/bench_train.py --model base --device cuda: bf16 real tokens/s of (a) the transformers
#           summarization example vs (b) run.py, and (b) with random batches / eager attention; MFU; peak memory;
#           training and held-out loss
#   levers  (b) with padding to a multiple of 8 off, with fused AdamW off
#   compile (b) with torch.compile (compilation is slow: its own section and limit)
#   sweep   benchmarks/bench_lp_sweep.py --device cuda --model-size base: the one-pass length-penalty sweep vs
#           separate generate passes
# Each arm of bench_train.py is a fresh process (~10-20 s of start-up and data loading, then 100-135 steps).
# More sections: define a function `section_<name>` below that prints "| section | figure | value |" rows on
# stdout (everything else to stderr) and add <name> to SECTIONS and LIMIT, or drop an executable
# benchmarks/gpu_check.d/<name>.sh that does the same (it gets $PY, $LOG_DIR and PYTHONPATH in its environment;
# limit $EXTRA_LIMIT s). All run in order, each under its limit.
#
# GPU_CHECK_DRY=1 runs the same plumbing on CPU with the tiny model and a few steps (minutes), to try the script
# on a machine without a GPU.
set -uo pipefail
cd "$(dirname "$0")/.."
START=$SECONDS
LOG_DIR=${LOG_DIR:-$(mktemp -d /tmp/gpu_check.XXXXXX)}
TABLE=$LOG_DIR/table.md
: >"$TABLE"
read -ra SECTIONS <<<"${GPU_CHECK_SECTIONS:-train levers compile sweep}"  # GPU_CHECK_SECTIONS="sweep": only those
# Limits sum to 7.5 min; expected well under (about 2 + 1 + 2 + 1 min on an H200).
declare -A LIMIT=([train]=150 [levers]=90 [compile]=130 [sweep]=80)
[ -z "${GPU_CHECK_DRY:-}" ] || LIMIT=([train]=600 [levers]=400 [compile]=600 [sweep]=200)  # a shared 2-core machine
EXTRA_LIMIT=${EXTRA_LIMIT:-90}

if [ -n "${GPU_CHECK_DRY:-}" ]; then
    export DEVICE=cpu MODEL=tiny_bart SIZE=tiny STEPS=4 WARMUP=1 SWEEP_EXAMPLES=8 PRECISION=fp32
    export TRAIN_ARMS=a,b LEVER_ARMS=b-nopad8 COMPILE_ARMS=b-compile HELD_OUT=32
else
    export DEVICE=cuda MODEL=base SIZE=base STEPS=${STEPS:-} WARMUP=${WARMUP:-} SWEEP_EXAMPLES=${SWEEP_EXAMPLES:-256} PRECISION=bf16
    export TRAIN_ARMS=${TRAIN_ARMS:-a,b,b-random,b-eager} LEVER_ARMS=${LEVER_ARMS:-b,b-nopad8,b-unfused} COMPILE_ARMS=${COMPILE_ARMS:-b,b-compile} HELD_OUT=${HELD_OUT:-256}
    [ -z "${TRAIN_LIMIT:-}" ] || LIMIT[train]=$TRAIN_LIMIT  # on 2026-12-04 an H200 needed ~100 s for 2 arms x 45 steps
    [ -z "${SWEEP_LIMIT:-}" ] || LIMIT[sweep]=$SWEEP_LIMIT
fi

row() { printf '| %s | %s | %s |\n' "$1" "$2" "$3" >>"$TABLE"; }

find_python() {
    local candidate
    for candidate in "${PYTHON:-}" .venv/bin/python "$(command -v python3.11)" "$(command -v python3)"; do
        [ -n "$candidate" ] && [ -x "$candidate" ] || continue
        if "$candidate" -c 'import sys, torch; sys.exit(0 if torch.cuda.is_available() or sys.argv[1] == "cpu" else 1)' "$DEVICE" 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

# What the benchmarks import beyond torch and what a CUDA image usually holds (numpy, pandas, pyarrow, accelerate,
# tokenizers, safetensors, sacrebleu, ...): the import closure of bench_train.py and bench_lp_sweep.py, measured.
# transformers and huggingface-hub are listed because an image's older ones lack what the project uses.
WHEELS="transformers huggingface-hub datasets dill multiprocess hydra-core omegaconf antlr4-python3-runtime httpx2
httpcore2 kernels truststore nltk rouge-score googleapis-common-protos defusedxml wcwidth sniffio regex"

download_wheels() {  # run on a machine with a package index, from the repository root
    local name pin
    mkdir -p .whl
    for name in $WHEELS; do
        pin=$(grep -i -m1 "^$name==" requirements-lock.txt | cut -d' ' -f1)
        [ -n "$pin" ] || { echo "$name is not in requirements-lock.txt" >&2; return 1; }
        python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
            --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 \
            -d .whl "$pin" 2>/dev/null ||
            python3 -m pip wheel --quiet --no-deps -w .whl "$pin" ||  # pure-Python sdists (antlr4, rouge-score)
            return 1
    done
    du -sh .whl
}

has_packages() {
    "$1" -c 'import transformers, datasets, hydra, omegaconf, accelerate, tokenizers, summarizer.pipeline' 2>/dev/null
}

setup() {
    PY=$(find_python) || { echo "No Python whose torch sees a CUDA GPU (tried \$PYTHON, .venv, python3.11, python3)." >&2; exit 1; }
    export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
    if ! has_packages "$PY" && compgen -G ".whl/*.whl" >/dev/null; then
        echo "Installing .whl/*.whl into /tmp/gpu_check_site (no index) for $PY ..." >&2
        "$PY" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/gpu_check_site \
            .whl/*.whl >"$LOG_DIR/setup.log" 2>&1 || { cat "$LOG_DIR/setup.log" >&2; exit 1; }
        export PYTHONPATH="/tmp/gpu_check_site:$PYTHONPATH"
    fi
    if ! has_packages "$PY"; then
        echo "Installing the project's locked packages into .venv-gpu next to $PY's CUDA torch ..." >&2
        "$PY" -m venv --system-site-packages .venv-gpu &&
            .venv-gpu/bin/python -m pip install --quiet --no-deps --require-hashes -r requirements-lock.txt &&
            .venv-gpu/bin/python -m pip install --quiet --no-deps --no-build-isolation -e . >"$LOG_DIR/setup.log" 2>&1 ||
            { echo "Installing from requirements-lock.txt failed (no package index?); see $LOG_DIR/setup.log." >&2; exit 1; }
        PY=.venv-gpu/bin/python
    fi
    export PY LOG_DIR
    export WANDB_MODE=disabled HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
    row setup device "$("$PY" -c 'import sys, torch; print(torch.cuda.get_device_name() if sys.argv[1] == "cuda" else "cpu (dry run)")' "$DEVICE")"
    row setup versions "$("$PY" -c 'import torch, transformers; print(f"torch {torch.__version__} (CUDA {torch.version.cuda}), transformers {transformers.__version__}")')"
}

# bench_train.py --json rows -> table rows.
train_rows() {
    "$PY" - "$1" "$2" <<'EOF'
import json, sys
rows = json.load(open(sys.argv[1]))
base = next((r for r in rows if r["arm"] == "a"), rows[0])
for r in rows:
    mfu = f", MFU {100 * r['mfu']:.1f}%" if r["mfu"] is not None else ""
    ratio = r["tokens_per_second"] / base["tokens_per_second"]
    print(f"| {sys.argv[2]} {r['arm']} | real tokens/s (x {base['arm']}) | {r['tokens_per_second']:,.0f} ({ratio:.2f}x){mfu}; "
          f"pad src {100 * r['source_padding']:.1f}% tgt {100 * r['target_padding']:.1f}%; peak {r['peak_mb']:,.0f} MB; "
          f"loss train {r['train_loss']:.4f} held-out {r['held_out_loss']:.4f} |")
EOF
}

section_train() {
    "$PY" benchmarks/bench_train.py --model "$MODEL" --device "$DEVICE" --precision "$PRECISION" --batch-size 16 \
        --steps "${STEPS:-120}" --warmup "${WARMUP:-15}" --arms "$TRAIN_ARMS" --held-out "$HELD_OUT" \
        --json "$LOG_DIR/train.json" >&2 && train_rows "$LOG_DIR/train.json" "train $MODEL $PRECISION"
}

section_levers() {
    "$PY" benchmarks/bench_train.py --model "$MODEL" --device "$DEVICE" --precision "$PRECISION" --batch-size 16 \
        --steps "${STEPS:-100}" --warmup "${WARMUP:-15}" --arms "$LEVER_ARMS" --held-out "$HELD_OUT" \
        --json "$LOG_DIR/levers.json" >&2 && train_rows "$LOG_DIR/levers.json" "levers $MODEL $PRECISION"
}

section_compile() {  # compiles once per new batch shape: a longer warm-up
    "$PY" benchmarks/bench_train.py --model "$MODEL" --device "$DEVICE" --precision "$PRECISION" --batch-size 16 \
        --steps "${STEPS:-100}" --warmup "${WARMUP:-30}" --arms "$COMPILE_ARMS" --held-out "$HELD_OUT" \
        --json "$LOG_DIR/compile.json" >&2 && train_rows "$LOG_DIR/compile.json" "compile $MODEL $PRECISION"
}

section_sweep() {
    "$PY" benchmarks/bench_lp_sweep.py --device "$DEVICE" --model-size "$SIZE" --num-examples "$SWEEP_EXAMPLES" --batch-size 32 \
        >"$LOG_DIR/sweep.out" 2>&1 || { cat "$LOG_DIR/sweep.out" >&2; return 1; }
    local exact
    exact=$(grep -m1 '^exact' "$LOG_DIR/sweep.out" | cut -d: -f2- | xargs)
    # The bench's table rows: | method | wall s | CPU s | sequences/s | x one pass | decoder steps |
    grep -E '^\| (1 generate pass|[0-9]+ separate generate passes|one-pass sweep)' "$LOG_DIR/sweep.out" |
        awk -F'|' -v exact="$exact" -v size="$SIZE" '{gsub(/^ +| +$/, "", $2); gsub(/ /, "", $3); gsub(/ /, "", $5); gsub(/ /, "", $6);
            printf "| sweep %s %s | wall s, sequences/s (x one pass) | %s s, %s/s (%sx); exact %s |\n", size, $2, $3, $5, $6, exact}'
}

run_section() {  # name, command..., under the name's limit; output rows go to the table, the rest to the log
    local name=$1 limit=$2
    shift 2
    local started=$SECONDS out=$LOG_DIR/$name.rows
    echo "== $name (limit ${limit}s)" >&2
    timeout --signal=INT --kill-after=10 "$limit" "$@" >"$out" 2>"$LOG_DIR/$name.log"
    local status=$?
    grep '^|' "$out" >>"$TABLE"
    [ $status -eq 0 ] || tail -n 15 "$LOG_DIR/$name.log" >&2
    if [ $status -eq 124 ] || { [ $status -eq 137 ] && [ $((SECONDS - started)) -ge "$limit" ]; }; then
        row "$name" status "stopped at its ${limit} s limit (log: $LOG_DIR/$name.log)"
    elif [ $status -ne 0 ]; then
        row "$name" status "FAILED with status $status (log: $LOG_DIR/$name.log)"
    fi
    row "$name" seconds "$((SECONDS - started))"
}

if [ "${1:-}" = --wheels ]; then
    download_wheels
    exit
fi
setup
export -f train_rows "${SECTIONS[@]/#/section_}"
for name in "${SECTIONS[@]}"; do
    run_section "$name" "${LIMIT[$name]}" bash -c "section_$name"
done
for script in benchmarks/gpu_check.d/*.sh; do
    [ -e "$script" ] || continue
    run_section "$(basename "$script" .sh)" "$EXTRA_LIMIT" bash "$script"
done

echo
echo "GPU check, $(date -u '+%Y-%m-%d %H:%M UTC'), $(hostname), $((SECONDS - START)) s; logs in $LOG_DIR"
echo
echo "| section | figure | value |"
echo "|---|---|---|"
cat "$TABLE"
