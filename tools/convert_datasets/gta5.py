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
import os.path as osp
import sys

os.environ.setdefault('NO_ALBUMENTATIONS_UPDATE', '1')

from segda.apis import run_main  # noqa: E402
from segda.datasets.base import write_split_file  # noqa: E402
from segda.datasets.class_stats import CLASS_STATS_FILE, sample_class_stats  # noqa: E402
from segda.datasets.gta5 import GTA5Dataset, gta5_layout  # noqa: E402
from segda.datasets.pair_check import check_outputs, check_pairs, format_report, pair_jobs  # noqa: E402


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
    out_dir = args.out_dir or args.data_root
    jobs = pair_jobs(args.data_root, gta5_layout('labelIds'),
                     gta5_layout('trainIds') if args.train_ids else None, out_dir)
    split_path = osp.join(out_dir, 'train.txt')
    stats_path = osp.join(out_dir, CLASS_STATS_FILE)
    check_outputs(jobs, [split_path, stats_path], args.overwrite)
    checks = check_pairs(jobs, args.nproc)
    print(format_report('GTA5', checks))
    os.makedirs(out_dir, exist_ok=True)
    valid = [check.job.stem for check in checks if not check.errors]
    write_split_file(split_path, valid)
    print(f'wrote {split_path}')
    if valid:
        dataset = GTA5Dataset(args.data_root, split_file=osp.abspath(split_path))
        sample_class_stats(dataset, stats_path, nproc=args.nproc, recompute=True)
        print(f'wrote {stats_path}')
    if any(check.errors for check in checks):
        sys.exit(1)


if __name__ == '__main__':
    run_main(main)
