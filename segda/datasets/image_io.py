"""Reading, writing and checking image and label files, with errors that name the file.

``cv2.imread`` returns ``None`` without saying why (missing, unreadable, truncated or
not an image); every reader here turns that into an exception naming the path. A
truncated JPEG is the exception: OpenCV decodes it with the missing rows grey and only
libjpeg's warning on stderr, so ``read_image`` also decodes every JPEG (recognised by its
first bytes, whatever the file's name) completely with Pillow, which refuses it
(``check_complete``; one more decode per JPEG, about 0.5 ms for 300 x 300 pixels).

Labels are single-channel 8-bit PNGs. GTA5 ships its labels as *palette* PNGs (the pixel
value is the index into the palette, i.e. the label id); OpenCV expands a palette to
colours, so palette labels are decoded with Pillow, which returns the indices. The mode
is read from the header first, so each label is decoded exactly once. A dataset that
stores its ids in one channel of a colour PNG (SYNTHIA: 16 bits per channel) reads them
with ``read_label_channel``.

The converters' pair checks built on these readers are in ``pair_check.py``.
"""
import os
import os.path as osp
import struct

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

PNG_SIGNATURE = b'\x89PNG\r\n\x1a\n'
JPEG_SIGNATURE = b'\xff\xd8\xff'
BROKEN_FILE_HINT = ('re-download or re-extract it; tools/convert_datasets/*.py lists '
                    'every broken file of GTA5, SYNTHIA and Cityscapes')


class UnreadableImageError(ValueError):
    """An image or label file that cannot be decoded (truncated, corrupt, not an image)."""


def _require_file(path: str) -> None:
    """Raise FileNotFoundError naming ``path`` when it is not an existing file."""
    if not osp.isfile(path):
        raise FileNotFoundError(f'file not found: {path!r}')


def _open_header(path: str) -> Image.Image:
    """Open ``path`` with Pillow, which reads only the header until pixels are asked for."""
    _require_file(path)
    try:
        return Image.open(path)
    except (UnidentifiedImageError, OSError) as error:
        raise UnreadableImageError(f'cannot read image header of {path!r} ({error}): the file '
                                   f'is corrupt or not an image; {BROKEN_FILE_HINT}.') from error


def _decode_error(path: str) -> UnreadableImageError:
    return UnreadableImageError(f'cannot decode {path!r}: the file is truncated, corrupt or not '
                                f'an image; {BROKEN_FILE_HINT}.')


def check_complete(path: str) -> None:
    """Decode every pixel of ``path`` with Pillow, which refuses a truncated file (OpenCV
    fills a truncated JPEG's missing rows with grey and says nothing, whatever the name's
    extension); raise :class:`UnreadableImageError` naming it."""
    with _open_header(path) as image:
        try:
            image.load()
        except (OSError, SyntaxError) as error:
            raise UnreadableImageError(f'{path!r} is incomplete ({error}): the file is '
                                       f'truncated or corrupt; {BROKEN_FILE_HINT}.') from error


def image_size(path: str) -> tuple:
    """``(height, width)`` of an image file, from its header only (no decoding).

    A PNG's size is read straight from its first 24 bytes (signature, then the IHDR chunk
    with big-endian width and height), ~10x faster than Pillow; other formats use Pillow.
    """
    _require_file(path)
    with open(path, 'rb') as file:
        head = file.read(24)
    if head[:8] == PNG_SIGNATURE and head[12:16] == b'IHDR':
        width, height = struct.unpack('>II', head[16:24])
        return height, width
    with _open_header(path) as image:
        width, height = image.size
    return height, width


def is_jpeg(path: str) -> bool:
    """Whether the file ``path`` starts as a JPEG does (its name's extension aside)."""
    with open(path, 'rb') as file:
        return file.read(len(JPEG_SIGNATURE)) == JPEG_SIGNATURE


def read_image(path: str) -> np.ndarray:
    """An image file as an RGB ``uint8`` array ``H x W x 3`` (grey images are expanded);
    :class:`UnreadableImageError` naming a file that cannot be decoded completely (module
    docstring)."""
    _require_file(path)
    if is_jpeg(path):
        check_complete(path)
    image = cv2.imread(path, cv2.IMREAD_COLOR)
    if image is None:
        raise _decode_error(path)
    return cv2.cvtColor(image, cv2.COLOR_BGR2RGB)


def read_label(path: str) -> np.ndarray:
    """A label file as a ``uint8`` array ``H x W`` (grey or palette PNG, values as stored)."""
    with _open_header(path) as header:
        if header.mode == 'P':
            try:
                return np.asarray(header)
            except OSError as error:
                raise _decode_error(path) from error
    label = cv2.imread(path, cv2.IMREAD_UNCHANGED)
    if label is None:
        raise _decode_error(path)
    if label.ndim != 2 or label.dtype != np.uint8:
        raise ValueError(f'label {path!r} is {label.dtype} with shape {label.shape}; expected a '
                         'single-channel 8-bit PNG of label ids or trainIds (colour-coded '
                         'labels such as *_color.png cannot be used).')
    return label


def read_label_channel(path: str, channel: int) -> np.ndarray:
    """One channel of a 3-channel label PNG, ``H x W`` in the file's own depth (uint8 or
    uint16). ``channel`` counts in the order the file stores them (0 = red); OpenCV returns
    them reversed (B, G, R), so this is its index ``2 - channel``."""
    if channel not in (0, 1, 2):
        raise ValueError(f'read_label_channel: channel must be 0, 1 or 2, got {channel!r}.')
    _require_file(path)
    label = cv2.imread(path, cv2.IMREAD_UNCHANGED)
    if label is None:
        raise _decode_error(path)
    if label.ndim != 3 or label.shape[2] != 3:
        raise ValueError(f'label {path!r} is {label.dtype} with shape {label.shape}; expected a '
                         f'3-channel PNG holding the ids in channel {channel} (0 = the first '
                         'channel the file stores).')
    return label[:, :, 2 - channel]


def write_label(path: str, label: np.ndarray) -> None:
    """Write a ``uint8`` ``H x W`` label as a grey PNG, creating its folder."""
    if label.ndim != 2 or label.dtype != np.uint8:
        raise ValueError(f'write_label({path!r}): expected a uint8 H x W array, got '
                         f'{label.dtype} with shape {label.shape}.')
    os.makedirs(osp.dirname(path) or '.', exist_ok=True)
    if not cv2.imwrite(path, label):
        raise OSError(f'could not write label {path!r}: check the folder is writable and '
                      'the name ends with .png.')
