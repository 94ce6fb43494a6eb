"""tools/test.py --out / --format-only: label-id PNGs that cityscapesScripts' official
pixel-level evaluator scores exactly as SegDA's IoUMetric does."""
import re
import shutil

import cv2
import numpy as np
import pytest
import torch

from segda.datasets.cityscapes_labels import CITYSCAPES_METAINFO, LABEL_IDS
from segda.evaluation import PredictionFiles, raw_id_table
from segda.utils import without_labels

from helpers.cli import run_tool
from helpers.synthcity_model import CONFIG, random_checkpoint

SMALL = ['model.task.decoder.channels=16', 'test_dataloader.num_workers=0',
         'test_dataloader.persistent_workers=False']


def official_miou(pred_dir, gt_files):
    """The class mIoU (a fraction) of cityscapesScripts' evalPixelLevelSemanticLabeling.

    Its instance-level part calls ``np.in1d``, which NumPy 2.4 removed; the pixel-level
    class IoU runs without it (``evalInstLevelScore = False``), through the module's own
    ``getPrediction`` (its file-name rule) and ``evaluateImgLists``."""
    from cityscapesscripts.evaluation import evalPixelLevelSemanticLabeling as official
    args = official.args
    args.evalInstLevelScore = args.evalPixelAccuracy = False
    args.JSONOutput, args.quiet = False, True
    args.predictionPath, args.predictionWalk = str(pred_dir), None
    predictions = [official.getPrediction(args, str(gt)) for gt in gt_files]
    return official.evaluateImgLists(predictions, [str(gt) for gt in gt_files],
                                     args)['averageScoreClasses']


def disagreeing_labels(label_ids):
    """Ground truth that agrees with a prediction in part: an ignored band (id 0), a band
    of 'car' (26), a diagonal of 'road' (7) and a block of 'static' (4, ignored)."""
    gt = label_ids.copy()
    height, width = gt.shape
    gt[:height // 5] = 0
    gt[:, width // 2:width // 2 + width // 8] = 26
    y, x = np.mgrid[:height, :width]
    gt[(x - 2 * y) % 17 < 4] = 7
    gt[height // 2:, :width // 6] = 4
    return gt


@pytest.mark.slow
def test_official_evaluator_agrees_with_iou_metric(tiny_synthcity, tmp_path):
    data = tmp_path / 'cityscapes'
    shutil.copytree(tiny_synthcity / 'cityscapes' / 'leftImg8bit' / 'val',
                    data / 'leftImg8bit' / 'val')
    checkpoint = tmp_path / 'random.pth'
    random_checkpoint(checkpoint)
    root = [f'test_dataloader.dataset.data_root={data}']

    # 1. --format-only on images without labels (no gtFine folder at all).
    formatted = tmp_path / 'formatted'
    result = run_tool('test.py', CONFIG, checkpoint, '--work-dir', tmp_path / 'work',
                      '--out', formatted, '--format-only', '--cfg-options', *SMALL, *root)
    assert result.returncode == 0, result.stderr[-3000:]
    images = sorted((data / 'leftImg8bit' / 'val').rglob('*_leftImg8bit.png'))
    files = sorted(formatted.glob('*.png'))
    assert [f.name for f in files] == [i.name for i in images]
    gt_files = []
    for image, file in zip(images, files):
        label_ids = cv2.imread(str(file), cv2.IMREAD_UNCHANGED)
        assert label_ids.shape == cv2.imread(str(image)).shape[:2]  # the image's size
        assert set(np.unique(label_ids)) <= set(LABEL_IDS)  # label ids, not train ids
        gt = tmp_path / 'cityscapes' / 'gtFine' / 'val' / image.parent.name / image.name.replace(
            '_leftImg8bit.png', '_gtFine_labelIds.png')
        gt.parent.mkdir(parents=True, exist_ok=True)
        cv2.imwrite(str(gt), disagreeing_labels(label_ids))
        gt_files.append(gt)

    # 2. Scored: IoUMetric in the log, the files in --out for the official evaluator.
    out = tmp_path / 'out'
    result = run_tool('test.py', CONFIG, checkpoint, '--work-dir', tmp_path / 'work', '--out', out,
                      '--cfg-options', *SMALL, *root)
    assert result.returncode == 0, result.stderr[-3000:]
    log = result.stdout + result.stderr
    segda_miou = float(re.findall(r'Iter\(test\).*?mIoU: ([\d.]+)', log)[-1])
    for file in files:  # the same predictions with and without labels
        assert np.array_equal(cv2.imread(str(out / file.name), cv2.IMREAD_UNCHANGED),
                              cv2.imread(str(file), cv2.IMREAD_UNCHANGED))
    official = 100 * official_miou(out, gt_files)
    assert 10 < segda_miou < 95  # a mix of right and wrong pixels, not a degenerate case
    print(f'official class mIoU {official:.4f}, IoUMetric mIoU {segda_miou:.4f}')
    assert abs(official - segda_miou) < 0.01, (official, segda_miou)


def test_raw_id_table_inverts_the_label_map():
    table = raw_id_table(CITYSCAPES_METAINFO)
    assert table[:19].tolist() == list(LABEL_IDS)  # train id k -> Cityscapes label id
    # Two raw ids of one class: the smallest; no map: the train ids themselves.
    meta = dict(classes=('a', 'b'), label_map={9: 1, 3: 1, 5: 0, 250: 255})
    assert table_of(meta)[:2] == [5, 3]
    assert table_of(dict(classes=('a', 'b')))[:2] == [0, 1]


def table_of(meta):
    return raw_id_table(meta).tolist()


def test_prediction_files_refuse_an_existing_file(tmp_path):
    (tmp_path / 'x_leftImg8bit.png').write_bytes(b'kept')
    sample = dict(img_path='/data/x_leftImg8bit.png', pred_seg=torch.tensor([[0, 18]]))
    writer = PredictionFiles(tmp_path)
    writer.dataset_meta = CITYSCAPES_METAINFO
    with pytest.raises(FileExistsError, match='x_leftImg8bit.png exists; pass --overwrite'):
        writer.process({}, [sample])
    assert (tmp_path / 'x_leftImg8bit.png').read_bytes() == b'kept'
    writer = PredictionFiles(tmp_path, overwrite=True)
    writer.dataset_meta = CITYSCAPES_METAINFO
    writer.process({}, [sample])
    written = cv2.imread(str(tmp_path / 'x_leftImg8bit.png'), cv2.IMREAD_UNCHANGED)
    assert written.tolist() == [[7, 33]]


def test_format_only_reads_no_labels():
    dataset = dict(type='CityscapesDataset', pipeline=[
        dict(type='LoadImage'), dict(type='Resize', scale=(8, 4)), dict(type='LoadLabel'),
        dict(type='PackSegInputs')])
    unlabelled = without_labels(dataset)
    assert unlabelled['with_labels'] is False
    assert [t['type'] for t in unlabelled['pipeline']] == ['LoadImage', 'Resize', 'PackSegInputs']



@pytest.mark.slow
@pytest.mark.parametrize('config, flags', [
    ('configs/classification/dann_digits_demo.py', ['--out']),
    ('configs/classification/dann_digits_demo.py', ['--out', '--format-only']),
    ('configs/reid/dann_pedestrians_demo.py', ['--show-dir']),
])
def test_out_and_show_dir_refuse_a_classification_or_reid_config(config, flags, tmp_path):
    (tmp_path / 'data').mkdir()  # the test set's folder exists; nothing is read
    (tmp_path / 'model.pth').write_bytes(b'never read')
    flags = [flags[0], tmp_path / 'predictions', *flags[1:]]
    result = run_tool('test.py', config, tmp_path / 'model.pth', *flags, '--cfg-options',
                      f'test_dataloader.dataset.data_root={tmp_path / "data"}')
    assert result.returncode == 1, result.stderr[-2000:]
    assert re.search(rf'error: .*{config}: {flags[0]} is for segmentation models; this '
                     r"config's task \((Classifier|ReIDTask)\) is a (classification|"
                     r're-identification) model\. Without it, tools/test.py CONFIG CHECKPOINT '
                     'prints its scores.', result.stderr), result.stderr[-2000:]
    assert 'Traceback' not in result.stderr and not (tmp_path / 'predictions').exists()
