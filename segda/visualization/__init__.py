"""Visualisation: colourised label maps and a hook that saves prediction strips."""
from .palette import colorize, generated_palette
from .show_predictions import ShowPredictionsHook, prediction_strip

__all__ = ['ShowPredictionsHook', 'colorize', 'generated_palette', 'prediction_strip']
