"""Generate an embedded digits pair: printed digits (MNIST layout) -> digits over photos
(MNIST-M layout).

    python tools/make_digits.py [--target mnistm|handwriting] [--out DIR] [--num-train N]
        [--num-test N] [--seed S] [--overwrite]

Writes ``<out>/source/MNIST/raw/{train,t10k}-{images-idx3,labels-idx1}-ubyte`` (Hershey-font
digits, read by ``MNISTDataset``) and ``<out>/target/mnist_m_{train,test}/`` with their
labels files (read by ``MNISTMDataset``). ``--target mnistm`` (out
``data/digits_mnistm_demo``) blends the source's own digits over photo patches, as MNIST-M
was made from MNIST; ``--target handwriting`` (the default; out ``data/digits_demo``)
blends scikit-learn's handwritten digits, the harder pair. How each is made:
``segda/datasets/classification/digits_demo.py``.
Never replaces files silently: when ``<out>`` already holds a digits pair the tool stops
with exit status 2, and ``--overwrite`` deletes exactly the files a previous run wrote.
"""
import argparse
import sys

from segda.utils.arguments import int_at_least, output_folder

DEFAULT_ROOTS = dict(mnistm='data/digits_mnistm_demo', handwriting='data/digits_demo')


def parse_args(argv=None):
    """The command line (``argv``, default sys.argv) as a namespace."""
    parser = argparse.ArgumentParser(
        description='Generate the embedded digits pair: an MNIST-format printed-digit source '
                    'and an MNIST-M-format handwritten target over photo patches')
    parser.add_argument('--target', choices=sorted(DEFAULT_ROOTS), default='handwriting',
                        help="the target domain: 'mnistm', the source's digits over photo "
                             "patches (as MNIST-M), or 'handwriting' (default)")
    parser.add_argument('--out', type=output_folder,
                        help='output folder (default data/digits_mnistm_demo for --target '
                             'mnistm, data/digits_demo for handwriting)')
    parser.add_argument('--num-train', type=int_at_least(1), default=5000,
                        help='source training digits (default 5000)')
    parser.add_argument('--num-test', type=int_at_least(1), default=1000,
                        help='source test digits (default 1000)')
    parser.add_argument('--seed', type=int_at_least(0), default=0, help='seed >= 0 (default 0)')
    parser.add_argument('--overwrite', action='store_true',
                        help='delete the digits pair already in --out and write it anew')
    args = parser.parse_args(argv)
    args.out = args.out or DEFAULT_ROOTS[args.target]
    return args


def main(argv=None):
    """Generate and report; returns the exit status."""
    args = parse_args(argv)
    # Imported after parsing so that bad arguments fail at once (segda loads torch).
    from segda.datasets.classification.digits_demo import generate_digits_demo
    try:
        counts = generate_digits_demo(args.out, num_source_train=args.num_train,
                                      num_source_test=args.num_test, seed=args.seed,
                                      overwrite=args.overwrite, target=args.target)
    except FileExistsError as error:
        print(f'error: {error}', file=sys.stderr)
        return 2
    print(f'wrote {args.out}/source (MNIST layout: {counts["source_train"]} train, '
          f'{counts["source_t10k"]} test) and {args.out}/target (MNIST-M layout: '
          f'{counts["target_train"]} train, {counts["target_test"]} test)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
