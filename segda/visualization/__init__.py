"""Visualisation: colourised label maps and a hook that saves prediction strips."""
from .palette import colorize
from .show_predictions import ShowPredictionsHook, prediction_strip

__all__ = ['ShowPredictionsHook', 'colorize', 'prediction_strip']
