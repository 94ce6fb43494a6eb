"""Tiny GTSRB and Syn Signs folders in their archives' layouts (docs/datasets.md): PPM images
under per-class folders with ';'-separated GT csv files and a labelled test split (GTSRB),
PNGs listed in train_labelling.txt (Syn Signs). Each image is one flat colour, so a sample
can be traced to its file."""
import cv2
import numpy as np

HEADER = 'Filename;Width;Height;Roi.X1;Roi.Y1;Roi.X2;Roi.Y2;ClassId'


def write_image(path, value, size=(6, 5)):
    """A ``size=(W, H)`` image of one grey ``value``, its folder created."""
    path.parent.mkdir(parents=True, exist_ok=True)
    assert cv2.imwrite(str(path), np.full((size[1], size[0], 3), value, dtype=np.uint8))


def make_gtsrb(root, classes=(0, 5, 42), per_class=3, test_labels=(1, 42, 7)):
    """Training images of ``classes`` (pixel value = 10 * index in the class + class) and a
    test split with ``test_labels``, both with their GT csv files."""
    images = root / 'Final_Training' / 'Images'
    for label in classes:
        folder = images / f'{label:05d}'
        rows = [HEADER]
        for index in range(per_class):
            name = f'{index:05d}_{0:05d}.ppm'
            write_image(folder / name, 10 * index + label)
            rows.append(f'{name};6;5;0;0;5;4;{label}')
        (folder / f'GT-{label:05d}.csv').write_text('\n'.join(rows) + '\n')
    test = root / 'Final_Test' / 'Images'
    rows = [HEADER]
    for index, label in enumerate(test_labels):
        write_image(test / f'{index:05d}.ppm', 200 + index)
        rows.append(f'{index:05d}.ppm;6;5;0;0;5;4;{label}')
    (root / 'GT-final_test.csv').write_text('\n'.join(rows) + '\n')
    return root


def make_syn_signs(root, labels=(3, 0, 42, 17)):
    """``train/0000k.png`` (pixel value 50 + k) listed with ``labels`` in
    ``train_labelling.txt``."""
    rows = []
    for index, label in enumerate(labels):
        write_image(root / 'train' / f'{index:05d}.png', 50 + index)
        rows.append(f'train/{index:05d}.png {label} 0')  # a third field, as the archive's
    (root / 'train_labelling.txt').write_text('\n'.join(rows) + '\n')
    return root
