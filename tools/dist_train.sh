#!/usr/bin/env bash
# Train with GPUS processes on this node (torchrun): one per GPU with NCCL, or CPU
# processes talking gloo when there is no GPU.
#   bash tools/dist_train.sh CONFIG GPUS [tools/train.py arguments]
# Several nodes and the environment (NNODES, NODE_RANK, MASTER_ADDR, PORT/MASTER_PORT,
# PYTHON): see tools/torchrun.sh.
set -euo pipefail
if [ $# -lt 2 ]; then
    echo "usage: bash $0 CONFIG GPUS [tools/train.py arguments]" >&2
    exit 2
fi
TOOLS=$(dirname "$0")
exec bash "$TOOLS/torchrun.sh" "$2" "$TOOLS/train.py" "$1" "${@:3}"
