"""Model parts, registered in ``segda.registry.MODELS`` on import."""
from . import backbones, decoders, discriminators, gan, heads, losses, tasks  # noqa: F401
from .data_preprocessor import SegDataPreProcessor

__all__ = ['SegDataPreProcessor']
