#!/usr/bin/env bash
# The GPU figures, in one run on a CUDA machine.
#
#   bash tools/gpu_figures.sh OUT_DIR [ITERS [BENCHMARK_ARGS...]]
#
# FCN-ResNet-50 and DeepLabv2-ResNet-101 at 1024x512, batch 1 per domain (the GTA5
# configs' own), bfloat16 autocast: seconds per iteration and peak GPU memory for source
# only, DANN and ADR (each against SourceOnly on the same config, see tools/time_iterations.py),
# and the train loader's images per second at GTA5 size (1914x1052 PNGs) with the config's
# workers; DACS (DeepLabv2) and DAFormer, DAFormer + MIC (MiT-B5) at 512x512, batch 2 per
# domain. Random initial weights (pretrained=None): ImageNet files are not needed for
# timing. One markdown table per config in OUT_DIR, and OUT_DIR/summary.md. Extra
# arguments go to tools/time_iterations.py after the script's own (a dry run on a CPU:
# `bash tools/gpu_figures.sh /tmp/dry 1 --device cpu --warmup 0 --image-size 96 48
# --loader-scale 96 48 --loader-batches 1`).
set -euo pipefail
out=${1:?usage: bash tools/gpu_figures.sh OUT_DIR [ITERS]}
iters=${2:-20}
shift $(( $# >= 2 ? 2 : 1 ))
cd "$(dirname "$0")/.."
mkdir -p "$out"
rm -f "$out/failures.txt"
PY=${PY:-python}
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv > "$out/gpu.csv" || true
for model in fcn deeplabv2; do
  for method in source_only dann adr; do
    config=configs/${method}_${model}_gta5.py
    echo "== $config" >&2
    "$PY" tools/time_iterations.py "$config" --device cuda --amp bf16 --iters "$iters" --warmup 5 \
      --out "$out/${method}_${model}.md" \
      "$@" --cfg-options model.task.backbone.pretrained=None \
      2>&1 | tail -n 40 > "$out/${method}_${model}.log" || echo "FAILED $config" >> "$out/failures.txt"
  done
done
# The self-training methods on their papers' networks: DACS on DeepLabv2-ResNet-101 and
# DAFormer (+ MIC) on MiT-B5 with DAFormer's decoder, at 512x512 crops, batch 2 per domain
# (the configs' own crops and batches), each against SourceOnly on the same network.
for config in dacs_deeplabv2_gta5 daformer_mitb5_gta5 mic_daformer_mitb5_gta5; do
  echo "== configs/$config.py" >&2
  "$PY" tools/time_iterations.py "configs/$config.py" --device cuda --amp bf16 --iters "$iters" \
    --warmup 5 --out "$out/$config.md" \
    "$@" --cfg-options model.task.backbone.pretrained=None \
    2>&1 | tail -n 40 > "$out/$config.log" || echo "FAILED configs/$config.py" >> "$out/failures.txt"
done
cat "$out"/*.md > "$out/summary.md" 2>/dev/null || true
