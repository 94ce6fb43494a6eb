"""Check Cityscapes and write its split lists (and, optionally, trainId labels).

    python tools/convert_datasets/cityscapes.py DATA_ROOT [--train-ids] [--nproc N] [--overwrite]

For ``train`` and ``val``: decodes every ``leftImg8bit/<split>/<city>/*_leftImg8bit.png``
and its ``gtFine/<split>/<city>/*_gtFine_labelIds.png``, reports size mismatches, lists
broken pairs, and writes ``DATA_ROOT/<split>.txt`` with the valid stems
(``<city>/<name>``). ``--train-ids`` also writes ``*_gtFine_labelTrainIds.png`` beside
each labelIds file. Existing outputs are never replaced without ``--overwrite``; source
files are never written. Exit status: 0 when every pair is valid, 1 otherwise.
"""
import argparse
import os
import os.path as osp
import sys

os.environ.setdefault('NO_ALBUMENTATIONS_UPDATE', '1')

from segda.apis import run_main  # noqa: E402
from segda.datasets.base import write_split_file  # noqa: E402
from segda.datasets.cityscapes import LABELLED_SPLITS, cityscapes_layout  # noqa: E402
from segda.datasets.pair_check import check_outputs, check_pairs, format_report, pair_jobs  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description='Check Cityscapes, write train.txt/val.txt '
                                                 'and optionally trainId labels')
    parser.add_argument('data_root',
                        help='folder holding leftImg8bit/ and gtFine/, e.g. data/cityscapes')
    parser.add_argument('--train-ids', action='store_true',
                        help='also write *_gtFine_labelTrainIds.png beside each labelIds file')
    parser.add_argument('--nproc', type=int, default=1, help='worker processes')
    parser.add_argument('--overwrite', action='store_true', help='replace existing outputs')
    return parser.parse_args()


def main():
    args = parse_args()
    jobs = {split: pair_jobs(args.data_root, cityscapes_layout(split, 'labelIds'),
                             cityscapes_layout(split, 'trainIds') if args.train_ids else None)
            for split in LABELLED_SPLITS}
    split_paths = {split: osp.join(args.data_root, f'{split}.txt') for split in LABELLED_SPLITS}
    check_outputs([job for split_jobs in jobs.values() for job in split_jobs],
                  list(split_paths.values()), args.overwrite)
    broken = False
    for split in LABELLED_SPLITS:
        checks = check_pairs(jobs[split], args.nproc)
        print(format_report(f'Cityscapes {split}', checks))
        valid = [check.job.stem for check in checks if not check.errors]
        write_split_file(split_paths[split], valid)
        print(f'wrote {split_paths[split]}')
        broken = broken or any(check.errors for check in checks)
    if broken:
        sys.exit(1)


if __name__ == '__main__':
    run_main(main)
