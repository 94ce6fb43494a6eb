"""Image-list files: ``relative/path label`` per line (the format of MNIST-M's label files,
VisDA-2017's ``image_list.txt`` and the transfer-learning libraries' lists).

``read_image_list`` returns the ``(path, label)`` pairs and raises an error naming the file
and line for a line that is not ``path label``, a label outside the class range, or a
path with no file under the image folder. A list whose paths start with the image
folder's own name (ImageCLEF-DA's ``c/113_0010.jpg`` against the folder ``c``) is read
with ``folder_prefix``: that leading folder is dropped where a path has it.
"""
import os.path as osp
from typing import List, Optional, Tuple

from ..base import first_names
from .base import DATA_GUIDE, require_path


def read_image_list(list_file: str, image_dir: str, num_classes: int, owner: str,
                    layout: str, folder_prefix: Optional[str] = None) -> List[Tuple[str, int]]:
    """``(absolute image path, label)`` of every non-blank line of ``list_file``, the path
    taken relative to ``image_dir`` after dropping a leading ``folder_prefix/`` (module
    docstring for the errors). A UTF-8 byte-order mark (Windows editors write one) is not
    part of the first path."""
    require_path(list_file, owner, layout)
    require_path(image_dir, owner, layout, folder=True)
    pairs = []
    with open(list_file, encoding='utf-8-sig') as file:
        for number, line in enumerate(file, start=1):
            if not line.strip():
                continue
            parts = line.rsplit(maxsplit=1)
            if len(parts) != 2 or not parts[1].lstrip('-').isdigit():
                raise ValueError(f'{owner}: {list_file!r} line {number} is {line.strip()!r}; '
                                 "expected 'relative/path label' with an integer label.")
            label = int(parts[1])
            if not 0 <= label < num_classes:
                raise ValueError(f'{owner}: {list_file!r} line {number}: label {label} is '
                                 f'outside [0, {num_classes}) (the dataset has {num_classes} '
                                 'classes).')
            path = parts[0].strip()
            if folder_prefix and path.startswith(folder_prefix + '/'):
                path = path[len(folder_prefix) + 1:]
            pairs.append((osp.join(image_dir, path), label))
    if not pairs:
        raise ValueError(f'{owner}: {list_file!r} lists no image. {DATA_GUIDE}')
    require_listed_images(pairs, owner, repr(list_file), f'under {image_dir!r}')
    return pairs


def require_listed_images(pairs: List[Tuple[str, int]], owner: str, listed_in: str,
                          where: str = 'there') -> None:
    """FileNotFoundError naming the images of ``(path, label)`` ``pairs`` that are not on
    disk, the list or annotation file that names them (``listed_in``) and ``where`` they
    were looked for."""
    missing = [path for path, _ in pairs if not osp.isfile(path)]
    if missing:
        raise FileNotFoundError(f'{owner}: {listed_in} names {len(missing)} images that are '
                                f'not {where}: {first_names(missing)}. '
                                f'Re-extract the dataset or fix the list. {DATA_GUIDE}')
