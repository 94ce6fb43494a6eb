"""Visualisation: colourised label maps and a hook that saves prediction strips."""
from .log_predictions import LogPredictionsHook
from .palette import colorize, generated_palette
from .show_predictions import ShowPredictionsHook, prediction_strip

__all__ = ['LogPredictionsHook', 'ShowPredictionsHook', 'colorize', 'generated_palette',
           'prediction_strip']
