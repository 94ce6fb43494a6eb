"""Which classes a checkpoint predicts on a set of images, WITHOUT their labels: a label-free
check for a model that collapses onto a few classes on the target (as entropy terms can).
For segmentation models (shares of the predicted pixels) and classification models (shares
of the images); a re-ID model predicts no class.

    python tools/predicted_classes.py CONFIG CHECKPOINT [--images test|train]
        [--out shares.json [--overwrite]] [--cfg-options ...]

The images are those of the config's test set (``--images test``, the target domain) or of
its labelled training set (``--images train``: the domain pair's source), read through the
test pipeline with its ``LoadLabel`` removed and ``with_labels=False``: no label file is
opened. Prints, per class, the share of predicted pixels (images), and how many classes take
at least ``--min-share`` of them. Compare methods on the same images; nothing here is a score.
"""
import argparse
import json
import os

os.environ.setdefault('NO_ALBUMENTATIONS_UPDATE', '1')

from torch.utils.data import DataLoader  # noqa: E402

from segda.apis import (  # noqa: E402
    check_data_roots,
    check_output_path,
    init_model,
    load_config,
    require_task_kind,
    run_main,
)
from segda.datasets.collate import seg_collate  # noqa: E402
from segda.evaluation.domain_features import predicted_counts  # noqa: E402
from segda.registry import DATASETS  # noqa: E402
from segda.utils import without_labels  # noqa: E402
from segda.utils.arguments import ConfigOptionsAction, output_file  # noqa: E402

# The prediction field of each kind of task, and what one prediction is.
PREDICTIONS = {'segmentation': ('pred_seg', 'pixels'), 'classification': ('pred_label', 'images')}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('config', help='config file')
    parser.add_argument('checkpoint', help='checkpoint file (e.g. work_dirs/<name>/iter_600.pth)')
    parser.add_argument('--images', choices=('test', 'train'), default='test',
                        help="the test set (target, default) or the labelled training set")
    parser.add_argument('--min-share', type=float, default=0.01,
                        help='a class counts as predicted from this share of pixels or images '
                             '(default 1%%)')
    parser.add_argument('--batch-size', type=int, default=4)
    parser.add_argument('--out', type=output_file('.json'),
                        help='also write the shares here (JSON; .json is added to a name '
                             'without it)')
    parser.add_argument('--overwrite', action='store_true', help='replace an existing --out file')
    parser.add_argument('--cfg-options', nargs='+', action=ConfigOptionsAction,
                        help='override config keys')
    return parser.parse_args()


def unlabelled_images(cfg, images: str):
    """The test set, or the labelled training set (a domain pair's source), read through the
    test pipeline without labels (``segda.utils.without_labels``)."""
    test_cfg = cfg.test_dataloader.dataset
    dataset_cfg = test_cfg
    if images == 'train':
        train_cfg = cfg.train_dataloader.dataset
        is_pair = train_cfg.type == 'DomainPairDataset'
        dataset_cfg = train_cfg.source if is_pair else train_cfg
    return DATASETS.build(without_labels(dict(dataset_cfg, pipeline=test_cfg.pipeline)))


def main():
    args = parse_args()
    cfg = load_config(args.config, args.cfg_options)
    kind = require_task_kind(cfg, 'tools/predicted_classes.py', tuple(PREDICTIONS),
                             hint='It predicts no class; its scores: tools/test.py CONFIG '
                                  'CHECKPOINT.')
    field, unit = PREDICTIONS.get(kind, PREDICTIONS['segmentation'])  # unknown: as before
    check_data_roots(cfg, ('test_dataloader' if args.images == 'test' else 'train_dataloader',))
    if args.out:
        check_output_path(args.out, cfg, '--out', args.overwrite)
    model = init_model(cfg, args.checkpoint)
    dataset = unlabelled_images(cfg, args.images)
    classes = dataset.metainfo['classes']
    loader = DataLoader(dataset, batch_size=args.batch_size, collate_fn=seg_collate)
    counts = predicted_counts(model, loader, len(classes), field)
    shares = (counts / counts.sum()).tolist()
    predicted = [name for name, share in zip(classes, shares) if share >= args.min_share]

    print(f'{len(dataset)} images of {dataset.data_root}, labels not read')
    for name, share in sorted(zip(classes, shares), key=lambda item: -item[1]):
        print(f'  {name:15s} {100 * share:6.2f} %')
    print(f'{len(predicted)} of {len(classes)} classes take at least '
          f'{100 * args.min_share:g} % of the {unit}')
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(dict(config=args.config, checkpoint=args.checkpoint, images=len(dataset),
                           shares=dict(zip(classes, shares)), min_share=args.min_share,
                           predicted_classes=predicted), f, indent=1)


if __name__ == '__main__':
    run_main(main)
