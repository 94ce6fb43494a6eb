"""Time the iterations of a config: seconds per iteration of the method and of SourceOnly,
framework overhead against a bare PyTorch loop, train-loader throughput, peak memory.

    python tools/time_iterations.py CONFIG [--iters N] [--warmup N] [--device cpu|cuda]
        [--amp [fp16]] [--threads N] [--image-size W H] [--loader-batches N]
        [--loader-scale W H] [--out FILE.md] [--cfg-options KEY=VALUE ...]

Prints a markdown table (with the machine and this command line) and writes it to --out.
Needs no dataset: it writes a few GTA5-sized images to a temporary folder (see
segda/timing/loader.py).
"""
import argparse
import os
import shlex
import sys

os.environ.setdefault('NO_ALBUMENTATIONS_UPDATE', '1')

# (imports neither torch nor CUDA)
from segda.utils.arguments import ConfigOptionsAction  # noqa: E402


def non_negative(text):
    """An int >= 0, for argparse."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f'must be an integer >= 0; got {text!r}')
    return int(text)


def positive(text):
    """An int >= 1, for argparse."""
    value = non_negative(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f'must be an integer >= 1; got {text!r}')
    return value


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='Time a SegDA config: method vs SourceOnly per iteration, framework '
                    'overhead vs a bare PyTorch loop, loader throughput, peak memory')
    parser.add_argument('config', help='config file, e.g. configs/adr_fcn_synthcity.py')
    parser.add_argument('--iters', type=positive, default=10, help='timed iterations per variant')
    parser.add_argument('--warmup', type=non_negative, default=3,
                        help='untimed iterations before them')
    parser.add_argument('--device', choices=['cpu', 'cuda'], default=None,
                        help='default: cuda when available, else cpu')
    parser.add_argument('--threads', type=positive, default=None,
                        help="torch's intra-op threads (default: torch's choice); on a CPU shared "
                             'with other jobs, fewer threads than cores give steadier timings')
    parser.add_argument('--amp', nargs='?', const='bf16', choices=['bf16', 'fp16'],
                        help='mixed precision as tools/train.py --amp sets it: bfloat16 autocast '
                             '(default), or float16 with dynamic loss scaling (--amp fp16)')
    parser.add_argument('--image-size', type=positive, nargs=2, default=[1914, 1052],
                        metavar=('W', 'H'), help='size of the PNGs written for the run (GTA5\'s)')
    parser.add_argument('--loader-batches', type=positive, default=8,
                        help='batches timed per loader worker count (at least)')
    parser.add_argument('--loader-scale', type=positive, nargs=2, default=[1024, 512],
                        metavar=('W', 'H'), help="size the loader's Resize produces")
    parser.add_argument('--out', help='also write the markdown table to this file')
    parser.add_argument('--cfg-options', nargs='+', action=ConfigOptionsAction,
                        help='override config keys, e.g. train_dataloader.batch_size=2')
    return parser.parse_args(argv)


def main(args):
    import torch

    from segda.apis import load_config
    from segda.timing import run_benchmark, to_markdown

    if args.threads:
        torch.set_num_threads(args.threads)
    device = args.device or ('cuda' if torch.cuda.is_available() else 'cpu')
    if device == 'cuda' and not torch.cuda.is_available():
        raise ValueError('--device cuda: no CUDA device is visible to torch.')
    cfg = load_config(args.config, args.cfg_options)
    command = shlex.join(['python', *sys.argv])
    report = run_benchmark(cfg, args.config, command, device=device, iters=args.iters,
                           warmup=args.warmup, amp=args.amp, loader_batches=args.loader_batches,
                           loader_scale=tuple(args.loader_scale), image_size=tuple(args.image_size))
    table = to_markdown(report)
    print(table)
    if args.out:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, 'w') as out:
            out.write(table)


if __name__ == '__main__':
    arguments = parse_args()
    if arguments.device == 'cpu':
        # mmengine picks its device when imported: hide the GPUs before anything imports it.
        os.environ['CUDA_VISIBLE_DEVICES'] = ''
    from segda.apis import run_main  # noqa: E402
    run_main(lambda: main(arguments))
