"""Decoders (the classifier C of segmentation task models)."""
from .deeplabv2 import DeepLabV2Decoder
from .fcn import FCNDecoder

__all__ = ['DeepLabV2Decoder', 'FCNDecoder']
