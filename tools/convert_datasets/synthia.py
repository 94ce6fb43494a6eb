"""Check SYNTHIA-RAND-CITYSCAPES and write its split list (and, optionally, trainId labels).

    python tools/convert_datasets/synthia.py DATA_ROOT [--train-ids] [--nproc N]
                                             [--out-dir DIR] [--overwrite]

Decodes every ``RGB/<stem>.png`` and its ``GT/LABELS/<stem>.png`` (16-bit, the SYNTHIA class
id in the first channel: ``segda/datasets/synthia_labels.py``), reports labels whose size
differs from their image, ids outside SYNTHIA's table (0..22) and labels without a pixel of
a training class, lists broken pairs (unreadable or missing files), and writes
``OUT_DIR/train.txt`` with every valid pair (OUT_DIR defaults to DATA_ROOT) and
``OUT_DIR/sample_class_stats.json``, the pixels of each class in each of them (read by rare
class sampling, ``segda/datasets/class_stats.py``). ``--train-ids`` also writes
``OUT_DIR/GT/LABELS/<stem>_labelTrainIds.png`` (uint8 Cityscapes train ids). Existing
outputs are never replaced without ``--overwrite``; source files are never written. Exit
status: 0 when every pair is valid, 1 otherwise (the outputs are still written for the valid
ones).
"""
import argparse
import os
import sys

os.environ.setdefault('NO_ALBUMENTATIONS_UPDATE', '1')

from segda.apis import run_main  # noqa: E402
from segda.datasets.pair_check import SYNTHIA_IDS, convert_split  # noqa: E402
from segda.datasets.synthia import SynthiaDataset, synthia_layout  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(
        description='Check SYNTHIA-RAND-CITYSCAPES, write train.txt and optionally trainId '
                    'labels')
    parser.add_argument('data_root', help='folder holding RGB/ and GT/LABELS/, e.g. data/synthia')
    parser.add_argument('--train-ids', action='store_true',
                        help='also write the labels as trainIds to '
                             'OUT_DIR/GT/LABELS/<stem>_labelTrainIds.png')
    parser.add_argument('--nproc', type=int, default=1, help='worker processes')
    parser.add_argument('--out-dir',
                        help='where train.txt and the trainId labels go (default DATA_ROOT)')
    parser.add_argument('--overwrite', action='store_true', help='replace existing outputs')
    return parser.parse_args()


def main():
    args = parse_args()
    valid = convert_split('SYNTHIA', args.data_root, synthia_layout('labelIds'),
                          synthia_layout('trainIds') if args.train_ids else None, args.out_dir,
                          args.nproc, args.overwrite, SYNTHIA_IDS,
                          dataset_type=SynthiaDataset)
    if not valid:
        sys.exit(1)


if __name__ == '__main__':
    run_main(main)
