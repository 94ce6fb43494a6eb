#!/usr/bin/env bash
# Evaluate a checkpoint with GPUS processes on this node (torchrun; NCCL on GPUs, gloo
# on the CPU); the confusion matrices of all processes are summed before the mIoU.
#   bash tools/dist_test.sh CONFIG CHECKPOINT GPUS [tools/test.py arguments]
# Environment: as tools/dist_train.sh (NNODES, NODE_RANK, MASTER_ADDR, PORT/MASTER_PORT,
# PYTHON).
set -euo pipefail
if [ $# -lt 3 ]; then
    echo "usage: bash $0 CONFIG CHECKPOINT GPUS [tools/test.py arguments]" >&2
    exit 2
fi
CONFIG=$1
CHECKPOINT=$2
GPUS=$3
TOOLS=$(dirname "$0")
PYTHONPATH="$TOOLS/..${PYTHONPATH:+:$PYTHONPATH}" \
"${PYTHON:-python}" -m torch.distributed.run \
    --nnodes="${NNODES:-1}" \
    --node_rank="${NODE_RANK:-0}" \
    --master_addr="${MASTER_ADDR:-127.0.0.1}" \
    --master_port="${PORT:-${MASTER_PORT:-29500}}" \
    --nproc_per_node="$GPUS" \
    "$TOOLS/test.py" "$CONFIG" "$CHECKPOINT" --launcher pytorch "${@:4}"
