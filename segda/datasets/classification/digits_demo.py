"""The embedded digits pairs: a printed-digit source and an MNIST-M-style target, written in
the real MNIST and MNIST-M layouts so the real loaders read them. Two targets:

- ``target='mnistm'`` (the pair built as MNIST-M was): the source's own printed digits
  blended over photo patches, so the shift is background and colour only, as in
  MNIST -> MNIST-M (DANN, Ganin & Lempitsky 2015);
- ``target='handwriting'`` (the harder pair): real handwriting blended over photo patches,
  so content (printed -> handwritten) and style change at once.

Source (``<out>/source``, MNIST's idx layout, read by ``MNISTDataset``): each digit is
drawn with one of OpenCV's eight Hershey fonts (upright or italic, stroke width 1-3),
cropped to its ink, scaled so its longer side is 20 px and centred in 28 x 28 (MNIST's
normalisation), then moved by a random affine map (rotation +-15 deg, scale 0.85-1.1, shear
+-0.25, shift +-2 px): white strokes on black, ``x_s in [0, 255]``.

Target (``<out>/target``, MNIST-M's layout, read by ``MNISTMDataset``). ``'mnistm'``: the
source's train digits, each blended as below, form the target train split and the source's
test digits the target test split, exactly as MNIST-M's splits are MNIST's. ``'handwriting'``:
real handwriting, scikit-learn's bundled ``load_digits`` (1,797 8 x 8 images of counts
0-16 from 43 writers, UCI optdigits), upsampled bilinearly to 20 x 20 and centred in
28 x 28 as MNIST, ``d`` in [0, 255]. Either target digit is blended over a random 28 x 28
patch ``P`` of a real photograph the way Ganin & Lempitsky (2015) built MNIST-M:

    x_t[c] = | P[c] - d |      for each colour channel c

The photographs are scikit-learn's two sample images and scikit-image's bundled
astronaut, coffee, chelsea and rocket (no download).

Splits of ``'handwriting'``. ``load_digits`` carries no writer ids, so the target is split
by contiguous index ranges, ``[0, 1300)`` train and ``[1300, 1797)`` test, the closest to
a writer-independent split the data allows (the images are stored in the order they were
collected). The source's train and test digits are independent draws.

Everything is drawn from one ``numpy`` generator seeded by ``seed``.
"""
import os
import os.path as osp
import re
from typing import Dict, List

import cv2
import numpy as np

TARGET_TRAIN_END = 1300  # load_digits indices [0, 1300) train, [1300, 1797) test
SIZE, BOX = 28, 20       # MNIST: the digit fits a 20 x 20 box centred in 28 x 28
HERSHEY_FONTS = (cv2.FONT_HERSHEY_SIMPLEX, cv2.FONT_HERSHEY_PLAIN, cv2.FONT_HERSHEY_DUPLEX,
                 cv2.FONT_HERSHEY_COMPLEX, cv2.FONT_HERSHEY_TRIPLEX,
                 cv2.FONT_HERSHEY_COMPLEX_SMALL, cv2.FONT_HERSHEY_SCRIPT_SIMPLEX,
                 cv2.FONT_HERSHEY_SCRIPT_COMPLEX)
SKIMAGE_PHOTOS = ('astronaut', 'coffee', 'chelsea', 'rocket')
TARGETS = ('mnistm', 'handwriting')
IDX_MAGIC = {1: b'\x00\x00\x08\x01', 3: b'\x00\x00\x08\x03'}  # unsigned byte, 1 or 3 dims
SOURCE_FILES = tuple(f'source/MNIST/raw/{prefix}-{kind}-ubyte' for prefix in ('train', 't10k')
                     for kind in ('images-idx3', 'labels-idx1'))
TARGET_SPLITS = ('train', 'test')
PNG_NAME = re.compile(r'^\d{8}\.png$')


def centre_in_frame(ink: np.ndarray) -> np.ndarray:
    """The ink's bounding box scaled so its longer side is ``BOX`` px, centred in
    ``SIZE x SIZE`` (uint8)."""
    rows, cols = np.nonzero(ink)
    crop = ink[rows.min():rows.max() + 1, cols.min():cols.max() + 1]
    scale = BOX / max(crop.shape)
    height, width = (max(1, round(side * scale)) for side in crop.shape)
    crop = cv2.resize(crop, (width, height), interpolation=cv2.INTER_AREA)
    frame = np.zeros((SIZE, SIZE), np.uint8)
    top, left = (SIZE - height) // 2, (SIZE - width) // 2
    frame[top:top + height, left:left + width] = crop
    return frame


def random_affine(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``image`` moved by a random rotation, scale, shear and shift about its centre."""
    angle = np.deg2rad(rng.uniform(-15, 15))
    scale, shear = rng.uniform(0.85, 1.1), rng.uniform(-0.25, 0.25)
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    linear = scale * rotation @ np.array([[1.0, shear], [0.0, 1.0]])
    centre = np.full(2, (SIZE - 1) / 2)
    offset = centre - linear @ centre + rng.uniform(-2, 2, size=2)
    matrix = np.hstack([linear, offset[:, None]])
    return cv2.warpAffine(image, matrix, (SIZE, SIZE), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=0)


def render_printed_digits(num: int, rng: np.random.Generator):
    """``num`` Hershey-font digits (module docstring): ``(N x 28 x 28 uint8, N int64)``."""
    labels = rng.integers(0, 10, size=num)
    images = np.empty((num, SIZE, SIZE), np.uint8)
    for i, label in enumerate(labels):
        font = HERSHEY_FONTS[rng.integers(len(HERSHEY_FONTS))]
        font |= cv2.FONT_ITALIC if rng.random() < 0.5 else 0
        canvas = np.zeros((96, 96), np.uint8)
        cv2.putText(canvas, str(label), (20, 72), font, 2.0, 255,
                    int(rng.integers(1, 4)), cv2.LINE_AA)
        images[i] = random_affine(centre_in_frame(canvas), rng)
    return images, labels.astype(np.int64)


def load_handwriting():
    """scikit-learn's ``load_digits`` upsampled to MNIST's frame: ``(1797 x 28 x 28 uint8,
    1797 int64)`` (module docstring)."""
    from sklearn.datasets import load_digits
    digits = load_digits()
    pad = (SIZE - BOX) // 2
    images = np.zeros((len(digits.images), SIZE, SIZE), np.uint8)
    for image, small in zip(images, digits.images):
        big = cv2.resize((small * (255 / 16)).astype(np.float32), (BOX, BOX),
                         interpolation=cv2.INTER_LINEAR)
        image[pad:pad + BOX, pad:pad + BOX] = np.clip(np.rint(big), 0, 255).astype(np.uint8)
    return images, digits.target.astype(np.int64)


def load_photos() -> List[np.ndarray]:
    """The bundled RGB photographs (module docstring), uint8 ``H x W x 3``."""
    import skimage.data
    from sklearn.datasets import load_sample_images
    photos = list(load_sample_images().images)
    photos += [getattr(skimage.data, name)() for name in SKIMAGE_PHOTOS]
    return [np.ascontiguousarray(photo[..., :3], dtype=np.uint8) for photo in photos]


def blend_over_photos(digits: np.ndarray, photos: List[np.ndarray],
                      rng: np.random.Generator) -> np.ndarray:
    """``|P - d|`` per channel over a random patch P of a random photo: ``N x 28 x 28 x 3``."""
    out = np.empty(digits.shape + (3,), np.uint8)
    for i, digit in enumerate(digits):
        photo = photos[rng.integers(len(photos))]
        top = rng.integers(photo.shape[0] - SIZE + 1)
        left = rng.integers(photo.shape[1] - SIZE + 1)
        patch = photo[top:top + SIZE, left:left + SIZE].astype(np.int16)
        out[i] = np.abs(patch - digit[..., None].astype(np.int16)).astype(np.uint8)
    return out


def write_idx(path: str, array: np.ndarray) -> None:
    """``array`` (uint8, 1 or 3 dims) as an idx file: magic, big-endian int32 sizes, bytes."""
    with open(path, 'wb') as file:
        file.write(IDX_MAGIC[array.ndim])
        file.write(np.asarray(array.shape, dtype='>i4').tobytes())
        file.write(np.ascontiguousarray(array, dtype=np.uint8).tobytes())


def written_paths(out: str) -> List[str]:
    """The files of a digits pair under ``out`` that exist: the four idx files, the two
    labels files and the ``NNNNNNNN.png`` images of the two target folders."""
    paths = [osp.join(out, name) for name in SOURCE_FILES]
    for split in TARGET_SPLITS:
        paths.append(osp.join(out, 'target', f'mnist_m_{split}_labels.txt'))
        folder = osp.join(out, 'target', f'mnist_m_{split}')
        if osp.isdir(folder):
            paths += [osp.join(folder, name) for name in sorted(os.listdir(folder))
                      if PNG_NAME.match(name)]
    return [path for path in paths if osp.isfile(path)]


def write_target_split(root: str, split: str, images: np.ndarray, labels: np.ndarray) -> None:
    """MNIST-M layout: ``mnist_m_<split>/NNNNNNNN.png`` and ``mnist_m_<split>_labels.txt``."""
    folder = osp.join(root, f'mnist_m_{split}')
    os.makedirs(folder, exist_ok=True)
    lines = []
    for i, (image, label) in enumerate(zip(images, labels)):
        name = f'{i:08d}.png'
        if not cv2.imwrite(osp.join(folder, name), cv2.cvtColor(image, cv2.COLOR_RGB2BGR)):
            raise OSError(f'could not write {osp.join(folder, name)!r}; is the folder writable?')
        lines.append(f'{name} {label}\n')
    with open(osp.join(root, f'mnist_m_{split}_labels.txt'), 'w', encoding='utf-8') as file:
        file.writelines(lines)


def generate_digits_demo(out: str, num_source_train: int = 5000, num_source_test: int = 1000,
                         seed: int = 0, overwrite: bool = False,
                         target: str = 'handwriting') -> Dict[str, int]:
    """Write the digits pair with the ``target`` domain (``'mnistm'`` or ``'handwriting'``)
    under ``out`` (module docstring); return the sample counts.

    Raises FileExistsError naming the files already there, unless ``overwrite``, which
    deletes exactly those (``written_paths``) first and nothing else.
    """
    for name, value in (('num_source_train', num_source_train),
                        ('num_source_test', num_source_test)):
        if not isinstance(value, int) or value < 1:
            raise ValueError(f'generate_digits_demo: {name} must be a positive int, got {value!r}')
    if target not in TARGETS:
        raise ValueError(f'generate_digits_demo: target must be one of {TARGETS}, got {target!r}')
    existing = written_paths(out)
    if existing and not overwrite:
        raise FileExistsError(f'{out!r} already holds a digits pair ({len(existing)} files, e.g. '
                              f'{existing[0]!r}); nothing is overwritten silently: pass '
                              '--overwrite to replace those files.')
    for path in existing:
        os.remove(path)
    rng = np.random.default_rng(seed)
    raw = osp.join(out, 'source', 'MNIST', 'raw')
    os.makedirs(raw, exist_ok=True)
    counts, printed = {}, {}
    for prefix, num in (('train', num_source_train), ('t10k', num_source_test)):
        images, labels = render_printed_digits(num, rng)
        write_idx(osp.join(raw, f'{prefix}-images-idx3-ubyte'), images)
        write_idx(osp.join(raw, f'{prefix}-labels-idx1-ubyte'), labels.astype(np.uint8))
        counts[f'source_{prefix}'] = num
        printed[prefix] = images, labels
    photos = load_photos()
    if target == 'mnistm':
        splits = {'train': printed['train'], 'test': printed['t10k']}
        splits = {split: (blend_over_photos(digits, photos, rng), labels)
                  for split, (digits, labels) in splits.items()}
    else:
        digits, labels = load_handwriting()
        blended = blend_over_photos(digits, photos, rng)
        splits = {split: (blended[index], labels[index]) for split, index in
                  (('train', slice(0, TARGET_TRAIN_END)), ('test', slice(TARGET_TRAIN_END, None)))}
    for split, (images, labels) in splits.items():
        write_target_split(osp.join(out, 'target'), split, images, labels)
        counts[f'target_{split}'] = len(labels)
    return counts
