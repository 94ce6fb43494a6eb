"""Decoders (the classifier C of segmentation task models)."""
from .daformer_head import DAFormerHead
from .deeplabv2 import DeepLabV2Decoder
from .fcn import FCNDecoder

__all__ = ['DAFormerHead', 'DeepLabV2Decoder', 'FCNDecoder']
