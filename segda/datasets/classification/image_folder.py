"""Image folders: ``<folder>/<class>/<image>``, or an image list overriding the scan.

Class index = position in the sorted class-folder names (``sorted``, so case-sensitive:
``'TV' < 'Table'``), as torchvision's ``ImageFolder``. A dataset that declares its classes
(Office-31, Office-Home, VisDA-2017) checks that the folders are exactly those; the
generic :class:`ImageFolderDataset` takes them from the folders, or from
``metainfo=dict(classes=...)``. With ``ann_file`` (lines ``relative/path label``, paths
relative to the image folder) the list gives the images and labels instead of the scan,
so a dataset of any layout can be brought in (``image_list.py``). A class folder without
an image is named in a warning (the class then has no sample).

    Office-31    data/office31/{amazon,dslr,webcam}/images/<class>/*.jpg            31 classes
    Office-Home  data/office_home/{Art,Clipart,Product,Real_World}/<class>/*         65 classes
    VisDA-2017   data/visda2017/{train,validation}/<class>/* + image_list.txt       12 classes
"""
import logging
import os
import os.path as osp
from typing import List, Optional, Sequence

from mmengine.logging import print_log

from segda.registry import DATASETS
from segda.utils import check_choice

from ..base import first_names
from .base import DATA_GUIDE, ClassificationDataset, require_path
from .image_list import read_image_list

IMAGE_EXTENSIONS = ('.jpg', '.jpeg', '.png', '.bmp', '.ppm', '.tif', '.tiff', '.webp')

OFFICE31_CLASSES = (
    'back_pack', 'bike', 'bike_helmet', 'bookcase', 'bottle', 'calculator', 'desk_chair',
    'desk_lamp', 'desktop_computer', 'file_cabinet', 'headphones', 'keyboard',
    'laptop_computer', 'letter_tray', 'mobile_phone', 'monitor', 'mouse', 'mug',
    'paper_notebook', 'pen', 'phone', 'printer', 'projector', 'punchers', 'ring_binder',
    'ruler', 'scissors', 'speaker', 'stapler', 'tape_dispenser', 'trash_can')
OFFICE_HOME_CLASSES = (
    'Alarm_Clock', 'Backpack', 'Batteries', 'Bed', 'Bike', 'Bottle', 'Bucket', 'Calculator',
    'Calendar', 'Candles', 'Chair', 'Clipboards', 'Computer', 'Couch', 'Curtains', 'Desk_Lamp',
    'Drill', 'Eraser', 'Exit_Sign', 'Fan', 'File_Cabinet', 'Flipflops', 'Flowers', 'Folder',
    'Fork', 'Glasses', 'Hammer', 'Helmet', 'Kettle', 'Keyboard', 'Knives', 'Lamp_Shade',
    'Laptop', 'Marker', 'Monitor', 'Mop', 'Mouse', 'Mug', 'Notebook', 'Oven', 'Pan',
    'Paper_Clip', 'Pen', 'Pencil', 'Postit_Notes', 'Printer', 'Push_Pin', 'Radio',
    'Refrigerator', 'Ruler', 'Scissors', 'Screwdriver', 'Shelf', 'Sink', 'Sneakers', 'Soda',
    'Speaker', 'Spoon', 'TV', 'Table', 'Telephone', 'ToothBrush', 'Toys', 'Trash_Can', 'Webcam')
VISDA2017_CLASSES = ('aeroplane', 'bicycle', 'bus', 'car', 'horse', 'knife', 'motorcycle',
                     'person', 'plant', 'skateboard', 'train', 'truck')


def class_folders(folder: str) -> List[str]:
    """Sorted names of the sub-folders of ``folder``."""
    return sorted(entry.name for entry in os.scandir(folder) if entry.is_dir())


def scan_images(folder: str, classes) -> List[dict]:
    """``dict(img_path, gt_label)`` of every image under ``<folder>/<class>/`` (recursive),
    sorted by path within each class."""
    infos = []
    for label, name in enumerate(classes):
        paths = []
        for parent, _, files in os.walk(osp.join(folder, name)):
            paths += [osp.join(parent, file) for file in files
                      if file.lower().endswith(IMAGE_EXTENSIONS)]
        infos += [dict(img_path=path, gt_label=label) for path in sorted(paths)]
    return infos


def warn_empty_classes(owner: str, folder: str, classes: Sequence[str],
                       infos: List[dict]) -> None:
    """Log a warning naming the class folders of ``folder`` that gave no image in ``infos``."""
    found = {info['gt_label'] for info in infos}
    empty = [name for label, name in enumerate(classes) if label not in found]
    if empty:
        print_log(f'{owner}: {len(empty)} of the {len(classes)} class folders of {folder!r} '
                  f'hold no image: {first_names(empty)}; those classes have no sample.',
                  logger='current', level=logging.WARNING)


@DATASETS.register_module()
class ImageFolderDataset(ClassificationDataset):
    """Images in class folders, or listed in an image list (module docstring).

    Args:
        data_root: the dataset folder.
        img_dir: the image folder relative to ``data_root`` (``''``: ``data_root`` itself).
        ann_file: an image list (``relative/path label`` per line, paths relative to the
            image folder; relative to that folder too unless absolute); ``None`` scans the
            class folders.
        metainfo: ``dict(classes=(...))`` gives the class names (required with an
            ``ann_file`` when the image folder has no class folders).
        **kwargs: see :class:`ClassificationDataset`.
    """

    METAINFO: dict = {}
    LAYOUT = '<data_root>/<img_dir>/<class>/<image> (or an ann_file of "relative/path label" lines)'

    def __init__(self, data_root: str, img_dir: str = '', ann_file: Optional[str] = None,
                 **kwargs):
        self.img_dir = img_dir
        self.list_file = ann_file
        super().__init__(data_root=data_root, **kwargs)

    @property
    def image_folder(self) -> str:
        return osp.join(self.data_root, self.img_dir)

    def load_samples(self) -> List[dict]:
        name, folder = type(self).__name__, self.image_folder
        require_path(folder, name, self.LAYOUT, folder=True)
        folders = class_folders(folder)
        declared = self._metainfo.get('classes')
        if declared is None:
            if not folders:
                raise ValueError(f'{name}: {folder!r} has no class folders; give the class names '
                                 'as metainfo=dict(classes=(...)) with an ann_file, or lay the '
                                 f'images out as {self.LAYOUT}.')
            self._metainfo['classes'] = tuple(folders)
        if self.list_file is not None:
            pairs = read_image_list(osp.join(folder, self.list_file), folder, self.num_classes,
                                    name, self.LAYOUT)
            return [dict(img_path=path, gt_label=label) for path, label in pairs]
        classes = self._metainfo['classes']
        missing = sorted(set(classes) - set(folders))
        extra = sorted(set(folders) - set(classes))
        if missing or extra:
            raise ValueError(f'{name}: the class folders of {folder!r} differ from the '
                             f'{len(classes)} classes: missing {first_names(missing) or "none"}; '
                             f'unexpected {first_names(extra) or "none"}. Expected layout: '
                             f'{self.LAYOUT}. {DATA_GUIDE}')
        infos = scan_images(folder, classes)
        if not infos:
            raise FileNotFoundError(f'{name}: no image ({", ".join(IMAGE_EXTENSIONS)}) under '
                                    f'{folder!r}. Expected layout: {self.LAYOUT}. {DATA_GUIDE}')
        warn_empty_classes(name, folder, classes, infos)
        return infos


class DomainFolderDataset(ImageFolderDataset):
    """One domain (or split) ``<data_root>/<domain><IMG_SUBDIR>`` of a benchmark with
    declared classes; ``DOMAINS`` lists the valid names."""

    DOMAINS: tuple = ()
    IMG_SUBDIR = ''
    DOMAIN_ARG = 'domain'

    def __init__(self, data_root: str, domain: str, ann_file: Optional[str] = None, **kwargs):
        check_choice(f'{type(self).__name__}: {self.DOMAIN_ARG}', domain, self.DOMAINS)
        self.domain = domain
        super().__init__(data_root=data_root, img_dir=domain + self.IMG_SUBDIR,
                         ann_file=ann_file, **kwargs)


@DATASETS.register_module()
class Office31Dataset(DomainFolderDataset):
    """Office-31 (Saenko et al. 2010): ``data_root`` (e.g. ``data/office31``), ``domain`` one
    of amazon (2,817 images), dslr (498), webcam (795); images in
    ``<data_root>/<domain>/images/<class>/*.jpg``, 31 classes."""

    METAINFO = dict(classes=OFFICE31_CLASSES)
    DOMAINS = ('amazon', 'dslr', 'webcam')
    IMG_SUBDIR = '/images'
    LAYOUT = 'data/office31/{amazon,dslr,webcam}/images/<class>/*.jpg'


@DATASETS.register_module()
class OfficeHomeDataset(DomainFolderDataset):
    """Office-Home (Venkateswara et al. 2017): ``data_root`` (e.g. ``data/office_home``),
    ``domain`` one of Art, Clipart, Product, Real_World; images in
    ``<data_root>/<domain>/<class>/*``, 65 classes."""

    METAINFO = dict(classes=OFFICE_HOME_CLASSES)
    DOMAINS = ('Art', 'Clipart', 'Product', 'Real_World')
    LAYOUT = 'data/office_home/{Art,Clipart,Product,Real_World}/<class>/*'


@DATASETS.register_module()
class VisDA2017Dataset(DomainFolderDataset):
    """VisDA-2017 classification (Peng et al. 2017): ``data_root`` (e.g. ``data/visda2017``),
    ``split`` train (152,397 synthetic renders) or validation (55,388 real photos), read
    from the split's ``image_list.txt`` (``ann_file=None`` scans the class folders instead);
    12 classes."""

    METAINFO = dict(classes=VISDA2017_CLASSES)
    DOMAINS = ('train', 'validation')
    DOMAIN_ARG = 'split'
    LAYOUT = 'data/visda2017/{train,validation}/<class>/* with each split\'s image_list.txt'

    def __init__(self, data_root: str, split: str = 'train',
                 ann_file: Optional[str] = 'image_list.txt', **kwargs):
        super().__init__(data_root=data_root, domain=split, ann_file=ann_file, **kwargs)
