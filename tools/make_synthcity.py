"""Generate SynthCity, the embedded stand-in for GTA5 -> Cityscapes.

    python tools/make_synthcity.py --out data/synthcity [--num-source N] [--num-target N]
        [--num-val N] [--size WxH] [--seed S] [--workers N] [--skip-existing | --overwrite]

Writes a game-like source in the GTA5 layout (``<out>/gta5``) and a camera-like target
in the Cityscapes layout (``<out>/cityscapes``). Never replaces files silently: when
``<out>`` already holds files, ``--skip-existing`` keeps them and writes only the
missing ones, ``--overwrite`` first deletes the files an earlier SynthCity run wrote (those
its manifest names; nothing else); without either flag the tool stops with exit status 2.
A symbolic link among the folders it writes into (``gta5/``, ``cityscapes/`` and below)
is refused: it would write or delete through the link into another folder.
"""
import argparse
import sys
from pathlib import Path

# Where the *_synthcity.py configs look (configs/_base_/datasets/synthcity.py).
DEFAULT_ROOT = 'data/synthcity'


def image_size(text):
    """``'WxH'`` -> (width, height), for argparse."""
    parts = text.lower().split('x')
    if len(parts) != 2 or not all(part.isdigit() for part in parts):
        raise argparse.ArgumentTypeError(
            f'must be WIDTHxHEIGHT in pixels, e.g. 320x160; got {text!r}')
    width, height = int(parts[0]), int(parts[1])
    if width < 32 or height < 16:
        raise argparse.ArgumentTypeError(f'must be at least 32x16; got {text!r}')
    return width, height


def count(text):
    """A non-negative int, for argparse."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f'must be an integer >= 0; got {text!r}')
    return int(text)


def parse_args(argv=None):
    """The command line (``argv``, default sys.argv) as a namespace."""
    parser = argparse.ArgumentParser(
        description='Generate SynthCity: a GTA5-format game-like source and a Cityscapes-format '
                    'camera-like target of procedural street scenes')
    parser.add_argument('--out', required=True, help='output folder, e.g. data/synthcity')
    parser.add_argument('--num-source', type=count, default=200, help='source (GTA5-format) images')
    parser.add_argument('--num-target', type=count, default=200, help='target training images')
    parser.add_argument('--num-val', type=count, default=50, help='target validation images')
    parser.add_argument('--size', type=image_size, default=(320, 160), metavar='WxH',
                        help='image size in pixels (default 320x160)')
    parser.add_argument('--seed', type=count, default=0, help='dataset seed (default 0)')
    parser.add_argument('--workers', type=int, default=None,
                        help='processes (default: one per CPU core for large sets)')
    existing = parser.add_mutually_exclusive_group()
    existing.add_argument('--skip-existing', action='store_true',
                          help='keep files already in --out and write only the missing ones')
    existing.add_argument('--overwrite', action='store_true',
                          help='delete the files an earlier SynthCity run wrote in --out (and '
                               'nothing else), then write it anew')
    return parser.parse_args(argv)


def main(argv=None):
    """Check the output folder, generate, report; returns the exit status."""
    args = parse_args(argv)
    # Imported after parsing so that bad arguments fail at once: importing segda.datasets
    # registers every dataset class, which loads torch (seconds).
    from segda.datasets.synthcity import generate_synthcity
    from segda.datasets.synthcity.writer import check_no_links, remove_synthcity
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        print(f'error: --out {out} exists and is not a folder', file=sys.stderr)
        return 2
    if out.is_dir() and any(out.iterdir()):
        if not (args.skip_existing or args.overwrite):
            print(f'error: {out} already holds files and nothing is overwritten silently. Pass '
                  f'--skip-existing to keep the existing files and write only the missing ones, '
                  f'or --overwrite to replace them.', file=sys.stderr)
            return 2
    try:
        check_no_links(out)
        if args.overwrite and out.is_dir() and any(out.iterdir()):
            remove_synthcity(out)
        result = generate_synthcity(out, num_source=args.num_source, num_target=args.num_target,
                                    num_val=args.num_val, size=args.size, seed=args.seed,
                                    progress=True,
                                    skip_existing=args.skip_existing, workers=args.workers)
    except ValueError as error:
        print(f'error: {error}', file=sys.stderr)
        return 2
    kept = f', kept {result["skipped"]} existing' if result['skipped'] else ''
    print(f'SynthCity in {out}: {args.num_source} source images (gta5/), {args.num_target} target '
          f'train + {args.num_val} val images (cityscapes/); wrote {result["written"]} image/label '
          f'pairs{kept} in {result["seconds"]:.1f}s')
    if Path(out).resolve() != Path(DEFAULT_ROOT).resolve():
        print(f'The *_synthcity.py configs read {DEFAULT_ROOT}/. Point them here with '
              f'`ln -s {Path(out).resolve()} {DEFAULT_ROOT}`, or override the dataset roots, e.g. '
              f'--cfg-options train_dataloader.dataset.data_root={out}/gta5 '
              f'val_dataloader.dataset.data_root={out}/cityscapes '
              f'test_dataloader.dataset.data_root={out}/cityscapes')
    return 0


if __name__ == '__main__':
    sys.exit(main())
