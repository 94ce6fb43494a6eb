"""Decoders (the classifier C of segmentation task models)."""
from .fcn import FCNDecoder

__all__ = ['FCNDecoder']
