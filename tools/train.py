"""Train: ``python tools/train.py CONFIG [--work-dir DIR] [--resume [CKPT] | --overwrite]
[--amp [fp16]] [--tensorboard]``.

One run per work dir (a second one stops, naming the first); a work dir that holds
checkpoints is continued with ``--resume`` or started over with ``--overwrite``, never
started over silently.

Several processes: ``bash tools/dist_train.sh CONFIG GPUS [args]`` (torchrun; gloo on the
CPU, NCCL on CUDA) or ``bash tools/slurm_train.sh PARTITION JOB CONFIG GPUS [args]``.
"""
import argparse
import os

os.environ.setdefault('NO_ALBUMENTATIONS_UPDATE', '1')

from segda.apis import enable_amp, enable_tensorboard, load_config, run_main, train  # noqa: E402
from segda.engine.dist import LAUNCHERS  # noqa: E402
from segda.utils.arguments import ConfigOptionsAction  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(
        description='Train a segmentation model with a domain-adaptation method')
    parser.add_argument('config', help='config file, e.g. configs/adr_fcn_gta5.py')
    parser.add_argument('--work-dir', help='where logs and checkpoints go '
                                           '(default ./work_dirs/<config name>)')
    start = parser.add_mutually_exclusive_group()
    start.add_argument('--resume', nargs='?', type=str, const='auto',
                       help='resume from CKPT, or from the newest complete checkpoint in the '
                            'work dir when no path is given')
    start.add_argument('--overwrite', action='store_true',
                       help='start over in a work dir that holds checkpoints (they get replaced)')
    parser.add_argument('--amp', nargs='?', const='bf16', choices=['bf16', 'fp16'],
                        help='mixed precision: bfloat16 autocast (default), or float16 with '
                             'dynamic loss scaling (--amp fp16)')
    parser.add_argument('--tensorboard', action='store_true',
                        help='also log to TensorBoard (scalars, and a few colourised predictions '
                             'at each validation): tensorboard --logdir <work dir>')
    parser.add_argument('--cfg-options', nargs='+', action=ConfigOptionsAction,
                        help='override config keys, e.g. train_cfg.max_iters=1000 '
                             'train_dataloader.batch_size=2')
    parser.add_argument('--launcher', choices=LAUNCHERS, default='none',
                        help='job launcher for distributed training (set by the dist_*.sh and '
                             'slurm_*.sh scripts)')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args()
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def main():
    args = parse_args()
    cfg = load_config(args.config, args.cfg_options, args.work_dir, args.launcher)
    if args.amp:
        enable_amp(cfg, args.amp)
    if args.tensorboard:
        enable_tensorboard(cfg)
    train(cfg, args.resume, args.overwrite)


if __name__ == '__main__':
    run_main(main)
