"""Write the generated review pair (``segda/datasets/sentiment/generate.py``) in the Amazon
reviews format: ``<out>/{gadgets,cookware}/{positive,negative,unlabeled}.review``.

    python tools/make_reviews.py --out data/reviews_demo [--seed 0] [--overwrite]
"""
import argparse
import os
import os.path as osp
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from segda.apis import run_main  # noqa: E402
from segda.datasets.sentiment import generate_reviews  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--out', required=True, help='the folder to write the domains into')
    parser.add_argument('--seed', type=int, default=0, help='generator seed (default 0)')
    parser.add_argument('--overwrite', action='store_true',
                        help='replace review files already in --out')
    args = parser.parse_args(argv)
    if osp.isdir(args.out) and os.listdir(args.out) and not args.overwrite:
        raise FileExistsError(f'--out {args.out} is not empty; pass --overwrite to replace its '
                              'review files, or choose another folder.')
    written = generate_reviews(args.out, seed=args.seed)
    print(f'wrote {len(written)} files under {args.out}')


if __name__ == '__main__':
    run_main(main)
