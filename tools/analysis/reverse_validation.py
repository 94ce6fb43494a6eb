"""Reverse validation of a trained adaptation model (Ganin et al., JMLR 2016, Sec. 5.1.2): a
label-free score to choose hyper-parameters by, the lowest reverse risk winning.

    python tools/analysis/reverse_validation.py CONFIG CHECKPOINT [--work-dir DIR]
        [--held-out 0.1] [--seed 0] [--max-iters N] [--init-from-model]
        [--out FILE.json] [--overwrite]
        [--cfg-options KEY=VALUE ...]

The model pseudo-labels the config's target training images (no target label is read); a
reverse model is trained with the same config and method on the reversed pair (the
pseudo-labelled target as the labelled source, the source's training part as the
unlabelled target; ``--max-iters`` iterations, default the config's; from the
config's initialisation, or from the model's weights with ``--init-from-model``, which
the paper found better) in ``--work-dir``
(default ``./work_dirs/reverse_validation/<config name>``); its accuracy on the held-out
source (``--held-out`` of it, drawn with ``--seed``) is the reverse validation accuracy,
and 1 - accuracy the reverse risk (``segda/apis/reverse_validation.py``). Classification
domain pairs. ``--overwrite`` replaces a previous reverse validation in the work dir and an
existing ``--out``.
"""
import argparse
import json
import os
import os.path as osp
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
os.environ.setdefault('NO_ALBUMENTATIONS_UPDATE', '1')

from mmengine.config import DictAction  # noqa: E402

from segda.apis import check_data_roots, check_output_path, load_config, run_main  # noqa: E402
from segda.apis.reverse_validation import check_reversible, reverse_validation  # noqa: E402
from segda.utils.arguments import int_at_least, open_fraction  # noqa: E402


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('config', help='config of a method on a classification domain pair')
    parser.add_argument('checkpoint', help='the trained model (e.g. work_dirs/<name>/iter_N.pth)')
    parser.add_argument('--work-dir', help='where the pseudo-labels and the reverse model go '
                                           '(default ./work_dirs/reverse_validation/<config name>)')
    parser.add_argument('--held-out', type=open_fraction, default=0.1,
                        help='share of the source held out to score the reverse model '
                             '(default 0.1, as the paper)')
    parser.add_argument('--seed', type=int_at_least(0), default=0,
                        help='draws the held-out source samples (default 0)')
    parser.add_argument('--max-iters', type=int_at_least(1),
                        help="the reverse model's iterations (default: the config's)")
    parser.add_argument('--init-from-model', action='store_true',
                        help="start the reverse model from CHECKPOINT's weights (default: the "
                             "config's initialisation)")
    parser.add_argument('--out', help='also write the result as JSON here')
    parser.add_argument('--overwrite', action='store_true',
                        help='replace a previous reverse validation in the work dir and --out')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction, default={},
                        help='override config keys (of the model and of the reverse run)')
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    name = osp.splitext(osp.basename(args.config))[0]
    work_dir = args.work_dir or osp.join('./work_dirs/reverse_validation', name)
    cfg = load_config(args.config, args.cfg_options, work_dir)
    check_reversible(cfg)
    check_data_roots(cfg, ('train_dataloader', 'test_dataloader'))
    if args.out:
        check_output_path(args.out, cfg, '--out', args.overwrite)
    result = reverse_validation(cfg, args.checkpoint, work_dir, args.held_out, args.seed,
                                args.max_iters, args.overwrite,
                                init_from_model=args.init_from_model)
    result['config'] = args.config
    print(f'{args.checkpoint}: reverse validation accuracy {result["reverse_accuracy"]:.2f} % '
          f'(risk {result["reverse_risk"]:.4f}) on {result["source_held_out"]} held-out source '
          f'images; reverse model trained {result["reverse_max_iters"]} iterations on '
          f'{result["target_pseudo_labelled"]} pseudo-labelled target images, in {work_dir}')
    if args.out:
        with open(args.out, 'w') as file:
            json.dump(result, file, indent=1)
    return result


if __name__ == '__main__':
    run_main(main)
