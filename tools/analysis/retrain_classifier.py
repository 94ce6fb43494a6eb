"""Retrain the classifier of a trained model on its fixed G, with source labels only (ADR,
Saito et al., ICLR 2018, Sec. 4.2 and Table 2, "Ours (retrain classifier)").

    python tools/analysis/retrain_classifier.py CONFIG CHECKPOINT [--iters 1000] [--lr LR]
        [--seed 0] [--log-interval 100] [--work-dir DIR] [--no-test] [--overwrite]
        [--cfg-options KEY=VALUE ...]

G is frozen (eval mode, features without gradients); a fresh classifier, ADR's C' when the
method has one (``clean_head``) and the task's C otherwise, is trained with the source cross
entropy for ``--iters`` batches of the source of the training pair, with the config's
optimiser of that classifier (``--lr`` replaces its learning rate; no schedule). The model
with it is written to ``DIR/retrained_classifier.pth`` (default DIR
``./work_dirs/retrain_classifier/<config name>``), which ``tools/test.py CONFIG
DIR/retrained_classifier.pth`` scores, and the run's record to ``DIR/result.json``
(``segda/apis/retrain_classifier.py``). The config's test metrics (the target test split)
are printed before and after, for reporting only; no target label is read in training.
``--overwrite`` replaces an earlier checkpoint and record in DIR.
"""
import argparse
import json
import os
import os.path as osp
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
os.environ.setdefault('NO_ALBUMENTATIONS_UPDATE', '1')

from segda.apis import (  # noqa: E402
    check_data_roots,
    check_output_path,
    load_config,
    run_main,
    training_domains,
)
from segda.apis.retrain_classifier import WHAT, retrain_classifier  # noqa: E402
from segda.utils.arguments import (  # noqa: E402
    ConfigOptionsAction,
    int_at_least,
    positive_float,
)

CHECKPOINT_NAME = 'retrained_classifier.pth'
RESULT_NAME = 'result.json'


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('config', help='config of a method on a domain pair')
    parser.add_argument('checkpoint', help='the trained model (e.g. work_dirs/<name>/iter_N.pth)')
    parser.add_argument('--iters', type=int_at_least(1), default=1000,
                        help='source batches the new classifier is trained on (default 1000)')
    parser.add_argument('--lr', type=positive_float,
                        help="learning rate (default: the config's for that classifier)")
    parser.add_argument('--seed', type=int_at_least(0), default=0,
                        help="draws the classifier's initialisation and the batch order "
                             '(default 0)')
    parser.add_argument('--log-interval', type=int_at_least(1), default=100,
                        help='iterations per progress line (default 100)')
    parser.add_argument('--work-dir', help='where the checkpoint and result.json go (default '
                                           './work_dirs/retrain_classifier/<config name>)')
    parser.add_argument('--no-test', action='store_true',
                        help="do not score the config's test set before and after")
    parser.add_argument('--overwrite', action='store_true',
                        help='replace an earlier retrained checkpoint and result.json in the '
                             'work dir')
    parser.add_argument('--cfg-options', nargs='+', action=ConfigOptionsAction, default={},
                        help='override config keys')
    return parser.parse_args(argv)


def metrics_line(metrics: dict) -> str:
    return ', '.join(f'{name} {value:.2f}' for name, value in metrics.items()
                     if isinstance(value, (int, float)))


def main(argv=None):
    args = parse_args(argv)
    if not osp.isfile(args.checkpoint):
        raise FileNotFoundError(f'checkpoint not found: {args.checkpoint!r}')
    name = osp.splitext(osp.basename(args.config))[0]
    work_dir = args.work_dir or osp.join('./work_dirs/retrain_classifier', name)
    out, record = osp.join(work_dir, CHECKPOINT_NAME), osp.join(work_dir, RESULT_NAME)
    cfg = load_config(args.config, args.cfg_options, work_dir)
    training_domains(cfg, WHAT)
    check_data_roots(cfg, ('train_dataloader',) if args.no_test
                     else ('train_dataloader', 'test_dataloader'))
    check_output_path(record, cfg, 'the record', args.overwrite)
    result = retrain_classifier(cfg, args.checkpoint, out, args.iters, args.lr, args.seed,
                                args.overwrite, log_interval=args.log_interval,
                                evaluate=not args.no_test)
    result['config'] = args.config
    print(f'retrained {result["classifier"]} for {result["iters"]} iterations (lr '
          f'{result["lr"]:g}) on the fixed G of {args.checkpoint}: {out}')
    if 'before' in result:
        print(f'test before: {metrics_line(result["before"])}')
        print(f'test after:  {metrics_line(result["after"])}')
    with open(record, 'w') as file:
        json.dump(result, file, indent=1)
    return result


if __name__ == '__main__':
    run_main(main)
