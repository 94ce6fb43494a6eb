"""Evaluate a checkpoint (mIoU on the test set):
``python tools/test.py CONFIG CHECKPOINT [--show-dir DIR] [--out DIR [--format-only]]
[--overwrite]``. ``--out`` writes one PNG per image in the dataset's label ids (Cityscapes
label ids, for the official evaluator and the benchmark server; segda/evaluation/
prediction_files.py); ``--format-only`` writes them without scoring, on a split without
labels. The images go outside the dataset folders, and a file already in DIR is replaced
only with --overwrite. ``--out`` and ``--show-dir`` are for segmentation models.

Several processes: ``bash tools/dist_test.sh CONFIG CHECKPOINT GPUS [args]``.
"""
import argparse
import os

os.environ.setdefault('NO_ALBUMENTATIONS_UPDATE', '1')

from mmengine.runner import Runner  # noqa: E402

from segda.apis import (  # noqa: E402
    check_data_roots,
    check_output_path,
    load_config,
    load_fitting_weights,
    require_task_kind,
    run_main,
)
from segda.engine.dist import LAUNCHERS, distributed  # noqa: E402
from segda.utils import without_labels  # noqa: E402
from segda.utils.arguments import ConfigOptionsAction, output_folder  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description='Evaluate a SegDA checkpoint (mIoU)')
    parser.add_argument('config', help='config file')
    parser.add_argument('checkpoint', help='checkpoint file (e.g. work_dirs/<name>/iter_40000.pth)')
    parser.add_argument('--work-dir', help='where the evaluation log goes')
    parser.add_argument('--show-dir', type=output_folder,
                        help='write input | prediction | ground truth images here (outside the '
                             'dataset folders; segmentation models)')
    parser.add_argument('--out', type=output_folder,
                        help='write one PNG per image in the dataset\'s label ids here '
                             '(Cityscapes: label ids, as the official evaluator takes; '
                             'segmentation models)')
    parser.add_argument('--format-only', action='store_true',
                        help='with --out: only write the files, read no labels, compute no '
                             'metric (e.g. the Cityscapes test split)')
    parser.add_argument('--overwrite', action='store_true',
                        help='replace files already in --show-dir or --out')
    parser.add_argument('--cfg-options', nargs='+', action=ConfigOptionsAction,
                        help='override config keys')
    parser.add_argument('--launcher', choices=LAUNCHERS, default='none',
                        help='job launcher for distributed evaluation (set by dist_test.sh)')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args()
    if args.format_only and not args.out:
        parser.error('--format-only needs --out DIR (where the prediction files go)')
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def main():
    args = parse_args()
    if not os.path.isfile(args.checkpoint):
        raise FileNotFoundError(f'checkpoint not found: {args.checkpoint!r}')
    cfg = load_config(args.config, args.cfg_options, args.work_dir, args.launcher)
    check_data_roots(cfg, ('test_dataloader',))
    # Loaded here, not through `load_from` (mmengine's is strict=False): weights that do not
    # fit the model stop the run instead of evaluating random ones (apis/checkpoint_check.py).
    cfg.load_from, cfg.resume = None, False
    if args.out or args.show_dir:
        require_task_kind(cfg, '--out' if args.out else '--show-dir',
                          hint='Without it, tools/test.py CONFIG CHECKPOINT prints its scores.')
    if args.out:
        check_output_path(args.out, cfg, '--out', is_file=False)
        writer = dict(type='PredictionFiles', out_dir=args.out, overwrite=args.overwrite)
        if args.format_only:
            cfg.test_dataloader.dataset = without_labels(cfg.test_dataloader.dataset)
            cfg.test_evaluator = [writer]
        else:
            evaluator = cfg.test_evaluator
            cfg.test_evaluator = [*(evaluator if isinstance(evaluator, list) else [evaluator]),
                                  writer]
    if args.show_dir:
        check_output_path(args.show_dir, cfg, '--show-dir', is_file=False)
        cfg.custom_hooks = list(cfg.get('custom_hooks', [])) + [
            dict(type='ShowPredictionsHook', out_dir=args.show_dir, overwrite=args.overwrite)]

    with distributed(args.launcher, cfg.get('env_cfg', {}).get('dist_cfg')):
        runner = Runner.from_cfg(cfg)
        checkpoint = load_fitting_weights(runner.model, args.checkpoint)
        # as Runner.load_checkpoint does: LabelSpaceCheckHook reads the checkpoint's classes
        runner.call_hook('after_load_checkpoint', checkpoint=checkpoint)
        runner.test()


if __name__ == '__main__':
    run_main(main)
