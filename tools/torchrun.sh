#!/usr/bin/env bash
# Start NPROC copies of a SegDA tool on this node with torchrun (shared by dist_train.sh and
# dist_test.sh; the tool gets --launcher pytorch).
#   bash tools/torchrun.sh NPROC TOOL [tool arguments]
# Several nodes: run it on each with NNODES, NODE_RANK and MASTER_ADDR set (same PORT).
# Environment: NNODES (1), NODE_RANK (0), MASTER_ADDR (127.0.0.1), PORT or MASTER_PORT
# (29500), PYTHON (python).
set -euo pipefail
NPROC=$1
TOOL=$2
TOOLS=$(dirname "$0")
PYTHONPATH="$TOOLS/..${PYTHONPATH:+:$PYTHONPATH}" \
exec "${PYTHON:-python}" -m torch.distributed.run \
    --nnodes="${NNODES:-1}" \
    --node_rank="${NODE_RANK:-0}" \
    --master_addr="${MASTER_ADDR:-127.0.0.1}" \
    --master_port="${PORT:-${MASTER_PORT:-29500}}" \
    --nproc_per_node="$NPROC" \
    "$TOOL" "${@:3}" --launcher pytorch
