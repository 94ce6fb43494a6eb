#!/usr/bin/env bash
# Evaluate a checkpoint with GPUS processes on this node (torchrun; NCCL on GPUs, gloo
# on the CPU); the confusion matrices of all processes are summed before the mIoU.
#   bash tools/dist_test.sh CONFIG CHECKPOINT GPUS [tools/test.py arguments]
# Environment: see tools/torchrun.sh.
set -euo pipefail
if [ $# -lt 3 ]; then
    echo "usage: bash $0 CONFIG CHECKPOINT GPUS [tools/test.py arguments]" >&2
    exit 2
fi
TOOLS=$(dirname "$0")
exec bash "$TOOLS/torchrun.sh" "$3" "$TOOLS/test.py" "$1" "$2" "${@:4}"
