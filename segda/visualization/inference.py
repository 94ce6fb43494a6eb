"""Inference on one's own images and videos (``tools/infer.py``): inputs -> PNG files.

Inputs are image files, folders (every image inside, recursively), glob patterns and video
files (one output per frame, read with OpenCV). Each output is ``<out_dir>/<stem>.png``
(a video's frame k: ``<stem>_<k:06d>.png``), drawn as one of:

- ``colour``: the prediction coloured with the dataset's palette;
- ``overlay``: ``(1 - a) * image + a * colour`` with opacity ``a``;
- ``raw``: the train ids themselves (single channel uint8).

An input that cannot be read is reported with its name and skipped; the run goes on and
returns the list of failures with the number of files written. The output folder may not be
one of the inputs, nor lie in an input folder, nor hold an input file, whatever
``overwrite`` says (:func:`check_out_dir`).
"""
import glob
import os
import os.path as osp
from pathlib import Path
from typing import Callable, Iterator, List, NamedTuple, Optional, Sequence, Tuple

import cv2
import numpy as np
from mmengine.utils import ProgressBar

from segda.utils.paths import is_inside
from segda.visualization.palette import colorize, generated_palette
from segda.visualization.show_predictions import blend

IMAGE_EXTENSIONS = ('.png', '.jpg', '.jpeg', '.bmp', '.tif', '.tiff', '.webp', '.ppm', '.pgm')
VIDEO_EXTENSIONS = ('.mp4', '.avi', '.mov', '.mkv', '.webm', '.mpg', '.mpeg', '.m4v')
MODES = ('colour', 'overlay', 'raw')


def is_video(path: str) -> bool:
    return osp.splitext(path)[1].lower() in VIDEO_EXTENSIONS


def expand_inputs(inputs: Sequence[str]) -> Tuple[List[str], List[Tuple[str, str]]]:
    """The files named by ``inputs`` (files, folders, globs), in order without repeats, and
    ``(input, reason)`` for each input that names nothing."""
    files, failures = [], []
    for entry in inputs:
        if osp.isdir(entry):
            found = sorted(osp.join(parent, name) for parent, _, names in os.walk(entry)
                           for name in names
                           if osp.splitext(name)[1].lower() in IMAGE_EXTENSIONS + VIDEO_EXTENSIONS)
            if not found:
                failures.append((entry, 'the folder holds no image or video file'))
        elif osp.isfile(entry):
            found = [entry]
        else:
            found = sorted(path for path in glob.glob(entry, recursive=True) if osp.isfile(path))
            if not found:
                failures.append((entry, 'no such file or folder, and no file matches it as a '
                                        'glob pattern'))
        files += [path for path in found if path not in files]
    return files, failures


def check_out_dir(out_dir: str, inputs: Sequence[str], files: Sequence[str]) -> None:
    """Refuse an output folder among the inputs: an input folder or a folder under one (the
    predictions would mix with the images and be read by the next run), an input file, or
    a folder holding an input file (a prediction ``<stem>.png`` could replace it)."""
    for entry in inputs:
        if osp.isdir(entry) and is_inside(out_dir, entry):
            raise ValueError(f'--out {out_dir} lies in the input folder {entry}: the predictions '
                             'would mix with the images; choose a folder outside the inputs.')
    for path in files:
        if is_inside(path, out_dir):
            raise ValueError(f'--out {out_dir} holds the input {path}: a prediction could '
                             'replace it; choose a folder outside the inputs.')


def inference_inputs(inputs: Sequence[str], out_dir: str
                     ) -> Tuple[List[str], List[Tuple[str, str]]]:
    """:func:`expand_inputs` of ``inputs`` once ``out_dir`` is known to lie apart from them
    (:func:`check_out_dir`); FileNotFoundError when no input names a file."""
    files, failures = expand_inputs(inputs)
    check_out_dir(out_dir, inputs, files)
    if not files:
        raise FileNotFoundError('no image or video to predict: ' + '; '.join(
            f'{entry}: {reason}' for entry, reason in failures))
    return files, failures


def read_image(path: str) -> np.ndarray:
    """The image file as ``H x W x 3`` uint8 RGB, or ValueError naming it."""
    image = cv2.imread(path, cv2.IMREAD_COLOR)
    if image is None:
        raise ValueError(f'cannot read {path} as an image (not an image, or a damaged file)')
    return cv2.cvtColor(image, cv2.COLOR_BGR2RGB)


def frame_count(path: str) -> int:
    """The number of frames a video file declares (0 when unknown or unreadable)."""
    capture = cv2.VideoCapture(path)
    count = int(capture.get(cv2.CAP_PROP_FRAME_COUNT)) if capture.isOpened() else 0
    capture.release()
    return max(count, 0)


def read_frames(path: str) -> Iterator[Tuple[str, np.ndarray]]:
    """``(<stem>_<k:06d>, RGB frame k)`` for every frame of a video, or ValueError naming
    it when OpenCV cannot open it or it has no frame."""
    capture = cv2.VideoCapture(path)
    stem = Path(path).stem
    try:
        if not capture.isOpened():
            raise ValueError(f'cannot open {path} as a video (unknown codec or a damaged file)')
        index = 0
        while True:
            ok, frame = capture.read()
            if not ok:
                break
            yield f'{stem}_{index:06d}', cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
            index += 1
        if index == 0:
            raise ValueError(f'cannot read a frame of the video {path}')
    finally:
        capture.release()


def render(image: np.ndarray, pred: np.ndarray, mode: str, palette, opacity: float = 0.5,
           ignore_index: int = 255) -> np.ndarray:
    """The output picture of one prediction (module docstring); RGB, or ids for ``raw``."""
    if mode == 'raw':
        return pred
    colour = colorize(pred, palette, ignore_index)
    return colour if mode == 'colour' else blend(image, colour, opacity)


class DuplicateOutputError(ValueError):
    """Two inputs of one run would write the same output file."""


class OutputWriter:
    """Write ``<out_dir>/<name>.png``; a file that was there before is replaced only with
    ``overwrite`` (``FileExistsError`` otherwise), and a name met twice in one run is a
    :class:`DuplicateOutputError` naming both inputs."""

    def __init__(self, out_dir: str, overwrite: bool = False):
        self.out_dir = Path(out_dir)
        self.overwrite = overwrite
        self.written = {}

    def __call__(self, name: str, picture: np.ndarray, source: str) -> None:
        path = self.out_dir / f'{name}.png'
        if name in self.written:
            raise DuplicateOutputError(f'it gives the output {path} as {self.written[name]} '
                                       'does; run them with separate --out folders')
        if path.exists() and not self.overwrite:
            raise FileExistsError(f'{path} exists; pass --overwrite to replace it, or choose '
                                  'another --out.')
        self.out_dir.mkdir(parents=True, exist_ok=True)
        if picture.ndim == 3:
            picture = cv2.cvtColor(picture, cv2.COLOR_RGB2BGR)
        if not cv2.imwrite(str(path), picture):
            raise OSError(f'could not write {path}.')
        self.written[name] = source


def read_inputs(files: Sequence[str], failures: list,
                on_failure: Callable[[str], None]) -> Iterator[Tuple[str, np.ndarray, str]]:
    """``(output name, RGB image, input file)`` of every image and video frame of ``files``;
    a file that cannot be read is added to ``failures`` (and ``on_failure(file)`` called)
    and the others go on."""
    for path in files:
        try:
            if is_video(path):
                for name, image in read_frames(path):
                    yield name, image, path
            else:
                yield Path(path).stem, read_image(path), path
        except ValueError as error:
            failures.append((path, str(error)))
            on_failure(path)


class Inference(NamedTuple):
    """What :func:`run_inference` did: output files written, and ``(input, reason)`` for
    every input that failed."""
    written: int
    failures: List[Tuple[str, str]]


def run_inference(predict: Callable, inputs: Sequence[str], out_dir: str, mode: str = 'colour',
                  metainfo: Optional[dict] = None, opacity: float = 0.5, batch_size: int = 1,
                  overwrite: bool = False, progress: bool = True) -> Inference:
    """Predict every image and video frame of ``inputs`` and write the outputs.

    Args:
        predict: ``[(name, RGB array)] -> [train-id map]`` for one batch (a
            ``segda.apis.predictor.Predictor``).
        inputs: files, folders and glob patterns (:func:`expand_inputs`).
        out_dir: the output folder.
        mode: ``'colour'``, ``'overlay'`` or ``'raw'`` (module docstring).
        metainfo: the label space (``palette``, ``classes``, ``ignore_index``).
        opacity: the overlay's ``a``.
        batch_size: consecutive images of one size go through the model together.
        overwrite: replace outputs that exist.
        progress: show a progress bar (one step per image or frame).

    Returns an :class:`Inference`: the number of files written and ``(input, reason)`` for
    every input that failed. Raises ValueError for an ``out_dir`` among the inputs and
    FileNotFoundError when no input names a file (:func:`inference_inputs`).
    """
    if mode not in MODES:
        raise ValueError(f'mode must be one of {MODES}, got {mode!r}.')
    if batch_size < 1:
        raise ValueError(f'--batch-size must be >= 1, got {batch_size}.')
    if not 0 <= opacity <= 1:
        raise ValueError(f'--opacity must lie in [0, 1], got {opacity}.')
    metainfo = metainfo or {}
    palette = metainfo.get('palette')
    if palette is None:
        palette = generated_palette(len(metainfo.get('classes', ())) or 255)
    ignore_index = metainfo.get('ignore_index', 255)
    files, failures = inference_inputs(inputs, out_dir)
    steps = sum(frame_count(path) if is_video(path) else 1 for path in files)
    bar = ProgressBar(steps) if progress and steps else None

    def step(path=None):
        if bar is not None and (path is None or not is_video(path)):
            bar.update()

    write = OutputWriter(out_dir, overwrite)
    batch = []

    def flush():
        for (name, image, source), pred in zip(batch, predict([(n, i) for n, i, _ in batch])):
            try:
                write(name, render(image, pred, mode, palette, opacity, ignore_index), source)
            except DuplicateOutputError as error:
                failures.append((source, str(error)))
            step()
        batch.clear()

    for name, image, source in read_inputs(files, failures, step):
        if batch and (len(batch) == batch_size or batch[0][1].shape != image.shape):
            flush()
        batch.append((name, image, source))
    if batch:
        flush()
    return Inference(len(write.written), failures)
