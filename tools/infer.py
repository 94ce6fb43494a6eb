"""Predict on one's own images and videos:
``python tools/infer.py CONFIG CHECKPOINT INPUT... --out DIR [--overlay | --raw]``.

INPUT: image files, folders (recursively), glob patterns (quote them) and video files (one
output per frame). Outputs: ``DIR/<stem>.png`` (a video's frames ``<stem>_<k:06d>.png``),
coloured with the dataset's palette, blended over the input (--overlay, --opacity), or the
train ids (--raw). Whole-image or sliding-window inference as the config's
``model.task.test_cfg`` says, or ``--slide CROP_W CROP_H STRIDE_W STRIDE_H``. A file that
cannot be read is named and skipped; the exit code is 1 when any input failed. For
segmentation models; DIR may not be an input folder, lie in one or hold an input file,
whatever --overwrite says.
"""
import argparse
import os
import sys

os.environ.setdefault('NO_ALBUMENTATIONS_UPDATE', '1')

from segda.apis import Predictor, check_output_path, default_device, load_config, run_main
from segda.apis.predictor import slide_test_cfg
from segda.utils.arguments import ConfigOptionsAction, output_folder, torch_device
from segda.visualization.inference import inference_inputs, run_inference


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description='Predict with a SegDA checkpoint on images '
                                                 'and videos')
    parser.add_argument('config', help='the config the checkpoint was trained with')
    parser.add_argument('checkpoint', help='checkpoint file (e.g. work_dirs/<name>/iter_40000.pth)')
    parser.add_argument('inputs', nargs='+', metavar='INPUT',
                        help='image files, folders, glob patterns, video files')
    parser.add_argument('--out', required=True, type=output_folder,
                        help='folder of the output PNGs (outside the inputs)')
    drawing = parser.add_mutually_exclusive_group()
    drawing.add_argument('--overlay', action='store_true',
                         help='blend the coloured prediction over the input')
    drawing.add_argument('--raw', action='store_true',
                         help='write the train ids (single-channel PNG) instead of colours')
    parser.add_argument('--opacity', type=float, default=0.5,
                        help='weight of the prediction colours with --overlay (default 0.5)')
    parser.add_argument('--slide', type=int, nargs=4,
                        metavar=('CROP_W', 'CROP_H', 'STRIDE_W', 'STRIDE_H'),
                        help="sliding-window inference (overrides the config's test_cfg)")
    parser.add_argument('--batch-size', type=int, default=1,
                        help='consecutive images of one size predicted together (default 1)')
    parser.add_argument('--device', default=default_device(), type=torch_device,
                        help='cuda (default when a GPU is visible), cpu, cuda:1, ...')
    parser.add_argument('--overwrite', action='store_true', help='replace files in --out')
    parser.add_argument('--cfg-options', nargs='+', action=ConfigOptionsAction,
                        help='override config keys')
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if not os.path.isfile(args.checkpoint):
        raise FileNotFoundError(f'checkpoint not found: {args.checkpoint!r}')
    cfg = load_config(args.config, args.cfg_options)
    check_output_path(args.out, cfg, '--out', is_file=False)
    files, failures = inference_inputs(args.inputs, args.out)  # before the model is loaded
    predictor = Predictor(cfg, args.checkpoint, args.device,
                          slide_test_cfg(*args.slide) if args.slide else None)
    mode = 'raw' if args.raw else 'overlay' if args.overlay else 'colour'
    done = run_inference(predictor, files, args.out, mode, predictor.metainfo, args.opacity,
                         args.batch_size, args.overwrite)
    failures += done.failures
    if failures:
        written = (f'the other inputs gave {done.written} file(s) in {args.out}' if done.written
                   else f'nothing was written to {args.out}')
        print(f'\nerror: {len(failures)} input(s) failed; {written}:', file=sys.stderr)
        for source, reason in failures:
            print(f'  {source}: {reason}', file=sys.stderr)
        sys.exit(1)
    print(f'\nwrote {done.written} prediction(s) to {args.out}')


if __name__ == '__main__':
    run_main(main)
