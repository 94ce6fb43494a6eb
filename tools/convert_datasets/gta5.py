"""Check GTA5 and write its split list (and, optionally, trainId labels).

    python tools/convert_datasets/gta5.py DATA_ROOT [--train-ids] [--nproc N] [--out-dir DIR]
                                          [--overwrite]

Decodes every ``images/<stem>.png`` and its ``labels/<stem>.png``, reports labels whose
size differs from their image, lists broken pairs (unreadable or missing files), and
writes ``OUT_DIR/train.txt`` with every valid pair (OUT_DIR defaults to DATA_ROOT), and
``OUT_DIR/sample_class_stats.json``, the pixels of each class in each of them (read by rare
class sampling, ``segda/datasets/class_stats.py``; a second pass over the labels).
``--train-ids`` also writes ``OUT_DIR/labels_trainids/<stem>.png``. Existing outputs are
never replaced without ``--overwrite``; source files are never written. Exit status: 0
when every pair is valid, 1 otherwise (the outputs are still written for the valid ones).
"""
import argparse
import os
import sys

os.environ.setdefault('NO_ALBUMENTATIONS_UPDATE', '1')

from segda.apis import run_main  # noqa: E402
from segda.datasets.gta5 import GTA5Dataset, gta5_layout  # noqa: E402
from segda.datasets.pair_check import CITYSCAPES_IDS, convert_split  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(
        description='Check GTA5, write train.txt, sample_class_stats.json and optionally '
                    'trainId labels')
    parser.add_argument('data_root', help='folder holding images/ and labels/, e.g. data/gta5')
    parser.add_argument('--train-ids', action='store_true',
                        help='also write the labels as trainIds to OUT_DIR/labels_trainids/')
    parser.add_argument('--nproc', type=int, default=1, help='worker processes')
    parser.add_argument('--out-dir',
                        help='where train.txt, sample_class_stats.json and labels_trainids/ go '
                             '(default DATA_ROOT)')
    parser.add_argument('--overwrite', action='store_true', help='replace existing outputs')
    return parser.parse_args()


def main():
    args = parse_args()
    valid = convert_split('GTA5', args.data_root, gta5_layout('labelIds'),
                          gta5_layout('trainIds') if args.train_ids else None, args.out_dir,
                          args.nproc, args.overwrite, CITYSCAPES_IDS,
                          dataset_type=GTA5Dataset)
    if not valid:
        sys.exit(1)


if __name__ == '__main__':
    run_main(main)
