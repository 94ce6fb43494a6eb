"""Generate the embedded re-ID pair: procedural pedestrians seen by two camera networks.

    python tools/make_pedestrians.py --out data/pedestrians_demo [--num-viper N]
        [--num-prid-shared N] [--num-prid-only-a N] [--num-prid-only-b N] [--seed S]
        [--overwrite]

Writes ``<out>/viper/cam_{a,b}/NNN_ANGLE.bmp`` (VIPeR layout, the VIPeR-like network,
read by ``VIPeRDataset``) and ``<out>/prid2011/single_shot/cam_{a,b}/person_XXXX.png``
(PRID layout, the PRID-like network, read by ``PRID2011Dataset``); how the people and
the networks are drawn: ``segda/datasets/reid/pedestrians/``. Never replaces files
silently: when ``<out>`` already holds a pedestrians pair the tool stops with exit status
2, and ``--overwrite`` deletes exactly the files a previous run wrote.
"""
import argparse
import sys

from segda.utils.arguments import int_at_least, output_folder

DEFAULT_ROOT = 'data/pedestrians_demo'


def parse_args(argv=None):
    """The command line (``argv``, default sys.argv) as a namespace."""
    parser = argparse.ArgumentParser(
        description='Generate the embedded re-ID pair: a VIPeR-layout and a PRID-layout '
                    'camera network of procedural pedestrians')
    parser.add_argument('--out', type=output_folder, default=DEFAULT_ROOT,
                        help=f'output folder (default {DEFAULT_ROOT})')
    parser.add_argument('--num-viper', type=int_at_least(2), default=240,
                        help='people of the VIPeR-like network (default 240)')
    parser.add_argument('--num-prid-shared', type=int_at_least(2), default=160,
                        help='PRID-like people seen by both cameras (default 160)')
    parser.add_argument('--num-prid-only-a', type=int_at_least(0), default=20,
                        help='PRID-like people seen by camera A only (default 20)')
    parser.add_argument('--num-prid-only-b', type=int_at_least(0), default=80,
                        help='PRID-like people seen by camera B only (default 80)')
    parser.add_argument('--seed', type=int_at_least(0), default=0, help='seed >= 0 (default 0)')
    parser.add_argument('--overwrite', action='store_true',
                        help='delete the pedestrians pair already in --out and write it anew')
    return parser.parse_args(argv)


def main(argv=None):
    """Generate and report; returns the exit status."""
    args = parse_args(argv)
    # Imported after parsing so that bad arguments fail at once.
    from segda.datasets.reid.pedestrians import generate_pedestrians
    try:
        written = generate_pedestrians(
            args.out, num_viper=args.num_viper, num_prid_shared=args.num_prid_shared,
            num_prid_only_a=args.num_prid_only_a, num_prid_only_b=args.num_prid_only_b,
            seed=args.seed, overwrite=args.overwrite)
    except (FileExistsError, ValueError) as error:
        print(f'error: {error}', file=sys.stderr)
        return 2
    print(f'wrote {args.out}/viper (VIPeR layout: {written["viper_cam_a"]} + '
          f'{written["viper_cam_b"]} images) and {args.out}/prid2011 (PRID layout: '
          f'{written["prid_cam_a"]} camera-A + {written["prid_cam_b"]} camera-B images)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
