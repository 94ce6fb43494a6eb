"""Domain discriminators D: per pixel for feature maps, MLP for vectors."""
from .mlp import MLPDiscriminator
from .pixel import PixelDiscriminator

__all__ = ['MLPDiscriminator', 'PixelDiscriminator']
