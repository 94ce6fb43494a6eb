"""configs/_base_/datasets/*_rcs.py are DAFormer's GTA5 -> Cityscapes and SYNTHIA ->
Cityscapes pairs with rare class sampling at DAFormer's values, each pair otherwise unchanged
(the restated pipelines stay equal to the pair they restate)."""
import inspect

import pytest

from segda.apis.config import read_config
from segda.datasets import RareClassSampler

from helpers.cli import REPO

BASES = REPO / 'configs' / '_base_' / 'datasets'
PAIRS = [('gta5_daformer_to_cityscapes_rcs.py', 'gta5_daformer_to_cityscapes.py'),
         ('synthia_to_cityscapes_rcs.py', 'synthia_to_cityscapes.py')]


@pytest.mark.parametrize('with_rcs, without', PAIRS)
def test_the_rcs_pair_replaces_the_pair_sampler_only(with_rcs, without):
    with_rcs, without = read_config(BASES / with_rcs), read_config(BASES / without)
    sampler = with_rcs.train_dataloader.sampler
    assert sampler == dict(type='RareClassSampler', temperature=0.01, min_pixels=3000,
                           min_crop_ratio=0.5, nproc=4)
    inspect.signature(RareClassSampler).bind(dataset=None, **{
        key: value for key, value in sampler.items() if key != 'type'})
    assert without.train_dataloader.sampler.type == 'DomainPairSampler'
    rest = {key for key in without.train_dataloader if key != 'sampler'}
    assert {key: with_rcs.train_dataloader[key] for key in rest} == \
        {key: without.train_dataloader[key] for key in rest}
    assert with_rcs.val_evaluator == without.val_evaluator
