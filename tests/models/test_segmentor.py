"""Segmentor (G/C task model) and SegDataPreProcessor (device, normalisation, padding)."""
import pytest
import torch
import torch.nn.functional as F

from segda.models import SegDataPreProcessor
from segda.models.tasks import Segmentor, TaskModel
from segda.registry import MODELS
from segda.structures import FeatureMaps

MEAN, STD = (123.675, 116.28, 103.53), (58.395, 57.12, 57.375)


def tiny_segmentor(num_classes=4, dropout=0.0):
    return MODELS.build(dict(
        type='Segmentor', num_classes=num_classes,
        backbone=dict(type='ResNet', depth=18),
        decoder=dict(type='FCNDecoder', channels=16, dropout=dropout)))


# -- Segmentor -----------------------------------------------------------------------------
def test_decoder_is_built_from_the_backbone_channels():
    model = tiny_segmentor(num_classes=4).eval()
    assert isinstance(model, Segmentor)
    assert model.head.in_channels == model.generator.out_channels
    feats = model.extract(torch.randn(2, 3, 33, 65))
    assert isinstance(feats, FeatureMaps) and feats.input_size == (33, 65)
    assert model.classify(feats).shape == (2, 4, 33, 65)
    assert model.domain_features(feats) is feats[-1]
    assert model.domain_channels == feats[-1].shape[1] == 512


def test_decoder_and_task_must_agree_on_the_classes():
    with pytest.raises(ValueError, match='num_classes'):
        MODELS.build(dict(type='Segmentor', num_classes=4,
                          backbone=dict(type='ResNet', depth=18),
                          decoder=dict(type='FCNDecoder', num_classes=7)))


def test_loss_is_cross_entropy_over_labelled_pixels():
    torch.manual_seed(0)
    model = tiny_segmentor(num_classes=4)
    logits = torch.randn(2, 4, 3, 5, requires_grad=True)
    labels = torch.randint(0, 4, (2, 3, 5))
    labels[0, 0] = 255
    labels[1, :, 2:] = 255
    samples = [dict(gt_seg=label) for label in labels]

    loss = model.loss(logits, samples)['loss_ce']

    log_p = logits.log_softmax(dim=1).permute(0, 2, 3, 1)[labels != 255]
    by_hand = -log_p.gather(1, labels[labels != 255][:, None]).mean()
    assert loss.item() == pytest.approx(by_hand.item(), rel=1e-6)
    assert loss.item() == pytest.approx(
        F.cross_entropy(logits, labels, ignore_index=255).item(), rel=1e-6)


def test_loss_without_labelled_pixels_is_zero_not_nan():
    model = tiny_segmentor()
    logits = torch.randn(1, 4, 2, 2, requires_grad=True)
    loss = model.loss(logits, [dict(gt_seg=torch.full((2, 2), 255))])['loss_ce']
    loss.backward()
    assert loss.item() == 0 and torch.isfinite(logits.grad).all()


def test_loss_refuses_misaligned_or_missing_labels():
    model = tiny_segmentor()
    logits = torch.randn(1, 4, 2, 2)
    with pytest.raises(ValueError, match='label sizes'):
        model.loss(logits, [dict(gt_seg=torch.zeros(3, 2, dtype=torch.long))])
    with pytest.raises(KeyError, match='gt_seg'):
        model.loss(logits, [dict(img_path='x.png')])


def test_postprocess_resizes_logits_before_the_argmax():
    model = tiny_segmentor(num_classes=2)
    # class 0 rises from 0 to 1 across two pixels, class 1 is flat at 0.3
    logits = torch.tensor([[[[0.0, 1.0]], [[0.3, 0.3]]]])
    sample = dict(img_path='a.png', gt_seg=torch.zeros(1, 8, dtype=torch.long))

    [output] = model.postprocess(logits, [sample])

    upsampled = F.interpolate(logits, size=(1, 8), mode='bilinear', align_corners=False)
    argmax_first = F.interpolate(logits.argmax(1, keepdim=True).float(), size=(1, 8),
                                 mode='nearest')[0, 0].long()
    assert torch.equal(output['pred_seg'], upsampled[0].argmax(0))
    assert not torch.equal(output['pred_seg'], argmax_first[0])
    assert output['pred_seg'].dtype == torch.int64
    assert output['img_path'] == 'a.png' and output['gt_seg'] is sample['gt_seg']


def test_predict_crops_padding_and_uses_ori_shape_without_label():
    model = tiny_segmentor(num_classes=3).eval()
    logits = torch.randn(1, 3, 6, 8)
    [output] = model.postprocess(logits, [dict(img_shape=(4, 5), ori_shape=(8, 10))])
    expected = F.interpolate(logits[:, :, :4, :5], size=(8, 10), mode='bilinear')[0].argmax(0)
    assert torch.equal(output['pred_seg'], expected)

    inputs = torch.randn(2, 3, 32, 48)
    outputs = model.predict(inputs, [dict(ori_shape=(64, 96)), dict(ori_shape=(32, 48))])
    assert [tuple(o['pred_seg'].shape) for o in outputs] == [(64, 96), (32, 48)]


def test_dropout_samples_share_c_prefix_and_train_g_and_c():
    """``classify_samples`` runs the decoder's fc6 once for any S (TaskModel's one-classify-per-
    sample default runs it S times), and each sample's gradient reaches every part of G and C."""
    torch.manual_seed(0)
    model = tiny_segmentor(num_classes=3, dropout=0.5).train()
    fc6_passes = []
    model.head.hidden.fc6[0].register_forward_hook(lambda *args: fc6_passes.append(1))
    feats = model.extract(torch.randn(2, 3, 33, 65))

    samples = model.classify_samples(feats, 3)
    assert len(fc6_passes) == 1
    assert len(TaskModel.classify_samples(model, feats, 3)) == 3 and len(fc6_passes) == 1 + 3
    assert [tuple(sample.shape) for sample in samples] == [(2, 3, 33, 65)] * 3
    assert not torch.equal(samples[0], samples[1])
    first_g, fc6_c = model.generator.conv1.weight, model.head.hidden.fc6[0].weight
    for sample in samples:
        model.zero_grad()
        sample.square().mean().backward(retain_graph=True)
        assert all(p.grad is not None for p in model.parameters())
        assert first_g.grad.abs().sum() > 0 and fc6_c.grad.abs().sum() > 0


# -- SegDataPreProcessor -------------------------------------------------------------------
def test_preprocessor_normalises_uint8_to_float():
    images = torch.randint(0, 256, (2, 3, 4, 5), dtype=torch.uint8)
    labels = [torch.randint(0, 19, (4, 5), dtype=torch.uint8) for _ in range(2)]
    data = dict(inputs=images, data_samples=[dict(gt_seg=label, img_path='x') for label in labels])

    out = SegDataPreProcessor(mean=MEAN, std=STD)(data)

    mean = torch.tensor(MEAN, dtype=torch.float64).view(3, 1, 1)
    std = torch.tensor(STD, dtype=torch.float64).view(3, 1, 1)
    assert out['inputs'].dtype == torch.float32
    assert torch.allclose(out['inputs'].double(), (images.double() - mean) / std, atol=1e-5)
    for sample, label in zip(out['data_samples'], labels):
        assert sample['gt_seg'].dtype == torch.int64 and torch.equal(sample['gt_seg'], label.long())
        assert sample['img_path'] == 'x'
    assert data['data_samples'][0]['gt_seg'].dtype == torch.uint8  # the input is not modified


def test_preprocessor_converts_on_its_device():
    preprocessor = SegDataPreProcessor().to('meta')
    data = dict(inputs=torch.zeros(1, 3, 4, 4, dtype=torch.uint8),
                data_samples=[dict(gt_seg=torch.zeros(4, 4, dtype=torch.uint8))])
    out = preprocessor(data)
    assert out['inputs'].device.type == 'meta' and out['inputs'].dtype == torch.float32
    assert out['data_samples'][0]['gt_seg'].device.type == 'meta'
    assert 'mean' not in preprocessor.state_dict()


def test_preprocessor_keeps_a_domain_pair():
    batch = dict(inputs=torch.full((1, 3, 2, 2), 255, dtype=torch.uint8), data_samples=[{}])
    out = SegDataPreProcessor(mean=(0, 0, 0), std=(255, 255, 255))(
        dict(source=batch, target=dict(batch, inputs=batch['inputs'] // 5)), training=True)
    assert set(out) == {'source', 'target'}
    assert torch.allclose(out['source']['inputs'], torch.ones(1, 3, 2, 2))
    assert torch.allclose(out['target']['inputs'], torch.full((1, 3, 2, 2), 0.2))


def test_preprocessor_pads_a_list_of_sizes():
    images = [torch.full((3, 4, 5), 200, dtype=torch.uint8),
              torch.full((3, 6, 3), 150, dtype=torch.uint8)]
    samples = [dict(gt_seg=torch.ones(4, 5, dtype=torch.uint8)),
               dict(gt_seg=torch.ones(6, 3, dtype=torch.uint8))]
    preprocessor = SegDataPreProcessor(mean=(100,) * 3, std=(50,) * 3)

    out = preprocessor(dict(inputs=images, data_samples=samples), training=True)

    inputs = out['inputs']
    assert inputs.shape == (2, 3, 6, 5)
    assert torch.all(inputs[0, :, :4, :5] == 2) and torch.all(inputs[0, :, 4:] == 0)
    assert torch.all(inputs[1, :, :, :3] == 1) and torch.all(inputs[1, :, :, 3:] == 0)
    first, second = (sample['gt_seg'] for sample in out['data_samples'])
    assert first.shape == second.shape == (6, 5)
    assert torch.all(first[:4, :5] == 1) and torch.all(first[4:] == 255)
    assert torch.all(second[:, 3:] == 255)

    evaluation = preprocessor(dict(inputs=images, data_samples=samples), training=False)
    assert evaluation['data_samples'][0]['gt_seg'].shape == (4, 5)  # predictions resize to it


def test_preprocessor_channels_last_and_bad_input():
    preprocessor = SegDataPreProcessor(channels_last=True)
    images = torch.zeros(2, 3, 4, 5, dtype=torch.uint8)
    out = preprocessor(dict(inputs=images, data_samples=[{}, {}]))
    assert out['inputs'].is_contiguous(memory_format=torch.channels_last)
    with pytest.raises(ValueError, match='channels'):
        preprocessor(dict(inputs=torch.zeros(1, 4, 2, 2, dtype=torch.uint8), data_samples=[{}]))
    with pytest.raises(KeyError, match='seg_collate'):
        preprocessor(dict(images=torch.zeros(1, 3, 2, 2)))


@pytest.mark.parametrize('task', [
    dict(type='Segmentor', backbone=dict(type='ResNet', depth=18),
         decoder=dict(type='FCNDecoder', channels=16, num_classes=5), num_classes=3),
    dict(type='Classifier', backbone=dict(type='MLP', in_channels=2, hidden=(4,)),
         head=dict(type='ClassificationHead', num_classes=5), num_classes=3)])
def test_a_head_with_other_num_classes_than_its_task_is_refused(task):
    from segda.registry import MODELS
    with pytest.raises(ValueError, match=f"{task['type']}: the head has num_classes=5, "
                                         'the task num_classes=3'):
        MODELS.build(task)
