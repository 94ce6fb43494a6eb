"""The identity of a procedural pedestrian: a fixed appearance drawn once per person.

A person is the clothing colours and patterns of the upper and the lower body, a bag
(none, a backpack, a shoulder bag on the left or the right), the height (fraction of
the frame's rows), the build (width factor), skin and hair. Every camera of every
network renders the same :class:`Appearance`; only the view, the pose jitter and the
camera change between the images of one person.
"""
import colorsys
from dataclasses import dataclass
from typing import Tuple

import numpy as np

Colour = Tuple[float, float, float]

UPPER_PATTERNS = ('solid', 'hstripes', 'vstripes', 'checks', 'logo')
LOWER_STYLES = ('trousers', 'shorts', 'skirt')
BAGS = ('none', 'backpack', 'bag_left', 'bag_right')
SKIN = ((0.93, 0.78, 0.65), (0.80, 0.60, 0.45), (0.55, 0.38, 0.26), (0.36, 0.24, 0.16))
HAIR = ((0.08, 0.06, 0.05), (0.35, 0.22, 0.12), (0.75, 0.62, 0.35), (0.55, 0.55, 0.55))


@dataclass(frozen=True)
class Appearance:
    """What makes a person recognisable (module docstring); colours are RGB in [0, 1]."""

    upper: Colour
    upper_second: Colour  # the pattern's second colour
    upper_pattern: str
    lower: Colour
    lower_style: str
    shoes: Colour
    bag: str
    bag_colour: Colour
    height: float  # body height / frame rows
    build: float  # width factor
    skin: Colour
    hair: Colour
    stripe_period: int  # pixels, for the striped and checked patterns


def clothing_colour(rng: np.random.Generator) -> Colour:
    """A garment colour: a random hue at a random saturation and value (HSV), a quarter of
    them greys."""
    if rng.random() < 0.25:
        grey = float(rng.uniform(0.1, 0.9))
        return (grey, grey, grey)
    hue, saturation, value = rng.random(), rng.uniform(0.4, 1.0), rng.uniform(0.3, 0.95)
    return colorsys.hsv_to_rgb(float(hue), float(saturation), float(value))


def sample_appearance(rng: np.random.Generator) -> Appearance:
    """One person's appearance, all of it from ``rng``."""
    return Appearance(
        upper=clothing_colour(rng), upper_second=clothing_colour(rng),
        upper_pattern=str(rng.choice(UPPER_PATTERNS, p=(0.4, 0.15, 0.15, 0.1, 0.2))),
        lower=clothing_colour(rng),
        lower_style=str(rng.choice(LOWER_STYLES, p=(0.7, 0.15, 0.15))),
        shoes=clothing_colour(rng),
        bag=str(rng.choice(BAGS, p=(0.4, 0.3, 0.15, 0.15))), bag_colour=clothing_colour(rng),
        height=float(rng.uniform(0.78, 0.94)), build=float(rng.uniform(0.8, 1.2)),
        skin=SKIN[int(rng.integers(len(SKIN)))], hair=HAIR[int(rng.integers(len(HAIR)))],
        stripe_period=int(rng.integers(3, 7)))
