"""The pieces of DACS (segda/methods/self_training) against hand computations: ClassMix masks
and mixed labels, the EMA rate and update, the pseudo-labels' confidence weight, the ignored
rows, the pixel-weighted cross entropy and the strong transform; DAFormer's thing-class feature
distance and MIC's block masks."""
import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from segda.methods.self_training import (
    block_mask,
    blur_kernel_size,
    class_mix_masks,
    confidence_weight,
    downscale_label_ratio,
    ema_alpha,
    ema_update,
    gaussian_blur,
    ignore_rows,
    init_teacher,
    mask_images,
    masked_feature_distance,
    mix,
    pixel_weighted_cross_entropy,
    pseudo_labels,
    strong_transform,
    thing_class_mask,
)

MEAN = torch.tensor([123.675, 116.28, 103.53]).view(3, 1, 1)
STD = torch.tensor([58.395, 57.12, 57.375]).view(3, 1, 1)


def chosen_classes(label, mask):
    """The label values under the mask, and check the mask is a union of whole classes."""
    inside, outside = set(label[mask].tolist()), set(label[~mask].tolist())
    assert not inside & outside, 'a class is split by the mask'
    return inside


def test_a_two_class_label_pastes_exactly_one_class():
    label = torch.tensor([[0, 0, 1, 1],
                          [0, 1, 1, 1]])
    for seed in range(8):
        torch.manual_seed(seed)
        (mask,) = class_mix_masks(label[None])
        (chosen,) = chosen_classes(label, mask)  # (2 + 0) // 2 = 1 class
        assert torch.equal(mask, label == chosen)


def test_a_three_class_label_pastes_two_classes_and_the_label_mixes_the_same_way():
    source = torch.tensor([[0, 1, 2],
                           [2, 2, 255]])
    target = torch.tensor([[5, 6, 7],
                           [8, 9, 10]])
    seen = set()
    for seed in range(20):
        torch.manual_seed(seed)
        (mask,) = class_mix_masks(source[None])
        chosen = chosen_classes(source, mask)
        assert len(chosen) == 2  # 4 values (255 counted, as DACS's code): (4 + 0) // 2
        seen.add(frozenset(chosen))
        mixed = mix(mask[None], source[None], target[None])[0]
        expected = torch.where(mask, source, target)
        assert torch.equal(mixed, expected)
        assert set(mixed[mask].tolist()) == chosen
    assert len(seen) > 1, 'the classes must be drawn at random'


@pytest.mark.parametrize('count, pasted', [(1, 1), (2, 1), (3, 2), (4, 2), (5, 3)])
def test_half_the_classes_rounded_up_are_pasted(count, pasted):
    label = torch.arange(count).repeat(2, 1)
    (mask,) = class_mix_masks(label[None])
    assert len(chosen_classes(label, mask)) == pasted == (count + count % 2) // 2


def test_each_image_draws_from_its_own_source_label():
    labels = torch.stack([torch.tensor([[0, 1], [0, 1]]), torch.tensor([[3, 3], [4, 4]])])
    masks = class_mix_masks(labels)
    assert chosen_classes(labels[0], masks[0]) <= {0, 1}
    assert chosen_classes(labels[1], masks[1]) <= {3, 4}


def test_images_mix_on_every_channel():
    masks = torch.tensor([[[True, False]]])
    source, target = torch.ones(1, 3, 1, 2), torch.zeros(1, 3, 1, 2)
    mixed = mix(masks, source, target)
    assert torch.equal(mixed[:, :, 0, 0], torch.ones(1, 3))
    assert torch.equal(mixed[:, :, 0, 1], torch.zeros(1, 3))


@pytest.mark.parametrize('iteration, alpha, expected', [
    (0, 0.99, 0.0), (1, 0.99, 0.5), (10, 0.99, 10 / 11), (10, 0.9, 0.9), (1000, 0.99, 0.99),
    (500, 0.999, 1 - 1 / 501)])
def test_ema_rate(iteration, alpha, expected):
    assert math.isclose(ema_alpha(iteration, alpha), expected)


def tiny_network(seed):
    torch.manual_seed(seed)
    network = nn.Sequential(nn.Conv2d(3, 4, 1), nn.BatchNorm2d(4))
    network(torch.randn(2, 3, 4, 4))  # running statistics of its own
    return network


def test_ema_update_averages_parameters_and_batchnorm_statistics():
    teacher, student = tiny_network(0), tiny_network(1)
    before = {key: value.clone() for key, value in teacher.state_dict().items()}
    student.state_dict()['1.num_batches_tracked'].fill_(7)
    ema_update(teacher, student, 0.75)
    for key, value in teacher.state_dict().items():
        if value.is_floating_point():
            assert torch.equal(value, 0.75 * before[key] + 0.25 * student.state_dict()[key]), key
        else:
            assert torch.equal(value, torch.tensor(7)), key


def test_ema_update_at_the_first_step_copies_the_student():
    teacher, student = tiny_network(0), tiny_network(1)
    ema_update(teacher, student, ema_alpha(0, 0.99))
    for key, value in teacher.state_dict().items():
        assert torch.equal(value, student.state_dict()[key]), key


def test_init_teacher_copies_and_different_networks_are_refused():
    teacher, student = tiny_network(0), tiny_network(1)
    init_teacher(teacher, student)
    for key, value in teacher.state_dict().items():
        assert torch.equal(value, student.state_dict()[key]), key
    with pytest.raises(ValueError, match='same network'):
        ema_update(nn.Linear(2, 2), nn.Sequential(nn.Linear(2, 2)), 0.5)


def test_pseudo_labels_and_the_confidence_weight_of_a_hand_made_map():
    # 2 images of 1 x 2 pixels, 2 classes; max probabilities 0.99, 0.6 | 0.968, 0.5
    probs = torch.tensor([[[[0.99, 0.4]], [[0.01, 0.6]]],
                          [[[0.032, 0.5]], [[0.968, 0.5]]]])
    labels, max_probs = pseudo_labels(probs.log())
    assert torch.equal(labels, torch.tensor([[[0, 1]], [[1, 0]]]))
    torch.testing.assert_close(max_probs, torch.tensor([[[0.99, 0.6]], [[0.968, 0.5]]]))
    # over the whole batch: 2 of its 4 pixels reach tau (0.968 included)
    assert confidence_weight(torch.tensor([[[0.99, 0.6]], [[0.968, 0.5]]]), 0.968) == 0.5
    assert confidence_weight(torch.tensor([[[0.99, 0.97]], [[0.5, 0.5]]]), 0.968) == 0.5


def test_ignored_rows_weigh_zero():
    weights = ignore_rows(torch.full((2, 5, 3), 0.5), top=1, bottom=2)
    assert torch.equal(weights[:, 0], torch.zeros(2, 3))
    assert torch.equal(weights[:, 3:], torch.zeros(2, 2, 3))
    assert torch.equal(weights[:, 1:3], torch.full((2, 2, 3), 0.5))
    assert torch.equal(ignore_rows(torch.ones(1, 2, 2)), torch.ones(1, 2, 2))


def test_pixel_weighted_cross_entropy_averages_over_every_pixel():
    logits = torch.tensor([[[[2.0, 0.0, 1.0]], [[0.0, 1.0, 1.0]]]])  # 1 x 2 x 1 x 3
    labels = torch.tensor([[[0, 1, 255]]])
    weights = torch.tensor([[[1.0, 0.25, 0.5]]])
    ce = -F.log_softmax(logits, dim=1)
    expected = (1.0 * ce[0, 0, 0, 0] + 0.25 * ce[0, 1, 0, 1] + 0) / 3
    torch.testing.assert_close(pixel_weighted_cross_entropy(logits, labels, weights), expected)
    with pytest.raises(ValueError, match='must agree'):
        pixel_weighted_cross_entropy(logits, labels, weights[..., :2])


@pytest.mark.parametrize('side, size', [(512, 51), (1024, 103), (50, 5), (64, 7), (32, 3),
                                        (10, 1)])
def test_blur_kernel_is_odd_and_about_a_tenth_of_the_side(side, size):
    assert blur_kernel_size(side) == size


def normalised_images(seed=0):
    generator = torch.Generator().manual_seed(seed)
    images = torch.randint(0, 256, (2, 3, 20, 30), generator=generator).float()
    return (images - MEAN) / STD


def test_strong_transform_without_jitter_or_blur_is_the_identity():
    images = normalised_images()
    assert torch.equal(strong_transform(images, MEAN, STD, 0.2, 0.0, 0.0), images)


def test_jitter_of_strength_zero_returns_the_images_through_image_space():
    images = normalised_images()
    torch.testing.assert_close(strong_transform(images, MEAN, STD, 0.0, 1.0, 0.0), images,
                               rtol=0, atol=1e-5)


def test_jitter_changes_colours_and_keeps_them_in_the_image_range():
    torch.manual_seed(0)
    images = normalised_images()
    jittered = strong_transform(images, MEAN, STD, 0.2, 1.0, 0.0)
    assert not torch.allclose(jittered, images, atol=1e-3)
    pixels = jittered * STD + MEAN
    assert pixels.min() >= -1e-3 and pixels.max() <= 255 + 1e-3


def test_blur_keeps_a_flat_image_and_smooths_an_edge():
    torch.manual_seed(0)
    flat = torch.full((1, 3, 20, 30), 0.3)
    torch.testing.assert_close(gaussian_blur(flat), flat)
    edge = torch.zeros(1, 3, 20, 30)
    edge[..., 15:] = 1
    blurred = strong_transform(edge, torch.zeros(3, 1, 1), torch.ones(3, 1, 1), 0.2, 0.0, 1.0)
    assert blurred[0, 0, 10, 14] > 0 and blurred[0, 0, 10, 15] < 1
    torch.testing.assert_close(blurred.sum(), edge.sum())  # reflected borders keep the mass


# -- DAFormer's thing-class feature distance (Sec. 3.4) -----------------------------------------
def thing_label():
    """An 8 x 8 label of four 4 x 4 cells (class 1 the thing, 0 stuff, 255 ignored):
    (0, 0) all 1; (0, 1) 12 of 16 pixels 1 (share 0.75: kept); (1, 0) 11 of 16 pixels 1
    (below 0.75: ignored); (1, 1) 9 ignored and 7 of class 1 (majority ignored: ignored)."""
    label = torch.zeros(1, 8, 8, dtype=torch.long)
    label[0, :4, :4] = 1
    label[0, :4, 4:] = 1
    label[0, :1, 4:] = 0          # 4 stuff pixels, 12 thing
    label[0, 4:, :4] = 1
    label[0, 4:5, :4] = 0         # 4 stuff pixels
    label[0, 5, 0] = 0            # one more: 11 thing
    label[0, 4:, 4:] = 255
    label[0, 4, 4:] = 1
    label[0, 5, 4:7] = 1          # 7 thing, 9 ignored
    return label


def test_the_label_is_downscaled_to_the_majority_class_where_it_covers_the_ratio():
    downscaled = downscale_label_ratio(thing_label(), 4, 0.75, num_classes=3)
    assert downscaled.tolist() == [[[1, 1], [255, 255]]]
    assert downscale_label_ratio(thing_label(), 4, 0.6, num_classes=3).tolist() == [
        [[1, 1], [1, 255]]]
    mask = thing_class_mask(thing_label(), (2, 2), [1], 0.75, num_classes=3)
    assert mask.tolist() == [[[True, True], [False, False]]]
    assert not thing_class_mask(thing_label(), (2, 2), [0, 2], 0.75, num_classes=3).any()


def test_the_feature_distance_is_the_mean_l2_norm_over_thing_pixels_only():
    reference = torch.zeros(1, 2, 2, 2)
    features = torch.zeros(1, 2, 2, 2)
    features[0, :, 0, 0] = torch.tensor([3.0, 4.0])    # thing pixel: distance 5
    features[0, :, 0, 1] = torch.tensor([0.0, 1.0])    # thing pixel: distance 1
    features[0, :, 1, 0] = torch.tensor([30.0, 40.0])  # ignored cell: not counted
    features[0, :, 1, 1] = torch.tensor([6.0, 8.0])    # ignored cell: not counted
    mask = thing_class_mask(thing_label(), (2, 2), [1], 0.75, num_classes=3)
    distance = masked_feature_distance(features, reference, mask)
    assert distance.item() == pytest.approx((5 + 1) / 2)  # norms; their squares would give 13


def test_the_feature_distance_is_zero_and_finite_without_thing_pixels():
    features = torch.ones(1, 2, 2, 2, requires_grad=True)
    distance = masked_feature_distance(features, torch.zeros(1, 2, 2, 2),
                                       torch.zeros(1, 2, 2, dtype=torch.bool))
    distance.backward()
    assert distance.item() == 0 and torch.equal(features.grad, torch.zeros_like(features))


def test_a_feature_size_the_label_does_not_downscale_to_is_refused():
    with pytest.raises(ValueError, match='output stride'):
        thing_class_mask(thing_label(), (3, 2), [1], 0.75, num_classes=3)


# -- MIC's block masks (Sec. 3.2) ------------------------------------------------------------
def test_about_the_mask_ratio_of_the_blocks_is_masked_and_masks_are_constant_per_block():
    torch.manual_seed(0)
    images = torch.zeros(200, 3, 64, 128)
    mask = block_mask(images, 0.7, 16)
    assert mask.shape == (200, 1, 64, 128)
    blocks = mask.reshape(200, 1, 4, 16, 8, 16)
    corners = blocks[:, :, :, :1, :, :1]
    assert torch.equal(blocks, corners.expand_as(blocks))  # one value per 16 x 16 block
    assert set(mask.unique().tolist()) == {0.0, 1.0}
    masked_share = 1 - corners.mean().item()  # 200 x 32 blocks: std of the share ~0.006
    assert masked_share == pytest.approx(0.7, abs=0.03)


def test_masked_pixels_become_zero_the_mean_colour_and_the_others_are_kept():
    torch.manual_seed(1)
    images = torch.randn(4, 3, 32, 32) + 5  # no pixel is 0 by chance
    torch.manual_seed(2)
    masked = mask_images(images, 0.5, 8)
    kept = masked != 0
    assert torch.equal(masked[kept], images[kept])
    assert kept.any() and (~kept).any()
    torch.manual_seed(2)
    assert torch.equal(kept, block_mask(images, 0.5, 8).bool().expand_as(images))
