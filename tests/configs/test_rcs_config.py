"""configs/_base_/datasets/gta5_daformer_to_cityscapes_rcs.py is the DAFormer GTA5 ->
Cityscapes pair with rare class sampling at DAFormer's values, the pair otherwise unchanged."""
import inspect

from segda.apis.config import read_config
from segda.datasets import RareClassSampler

from helpers.cli import REPO

BASES = REPO / 'configs' / '_base_' / 'datasets'


def test_the_rcs_pair_replaces_the_pair_sampler_only():
    with_rcs = read_config(BASES / 'gta5_daformer_to_cityscapes_rcs.py')
    without = read_config(BASES / 'gta5_daformer_to_cityscapes.py')
    sampler = with_rcs.train_dataloader.sampler
    assert sampler == dict(type='RareClassSampler', temperature=0.01, min_pixels=3000,
                           min_crop_ratio=0.5, nproc=4)
    inspect.signature(RareClassSampler).bind(dataset=None, **{
        key: value for key, value in sampler.items() if key != 'type'})
    assert without.train_dataloader.sampler.type == 'DomainPairSampler'
    rest = {key for key in without.train_dataloader if key != 'sampler'}
    assert {key: with_rcs.train_dataloader[key] for key in rest} == \
        {key: without.train_dataloader[key] for key in rest}
