"""The networks of a semi-supervised GAN (ADR Sec. 4.3): Salimans et al.'s critic (a
classifier backbone) and image generator, registered in ``segda.registry.MODELS``."""
from .salimans_critic import SalimansCritic
from .salimans_generator import SalimansGenerator

__all__ = ['SalimansCritic', 'SalimansGenerator']
