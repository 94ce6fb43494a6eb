"""Draw a procedural pedestrian as one camera sees it.

An image is ``camera(background + person)``: the person's :class:`Appearance` drawn in
one view (``'front'``, ``'back'`` or ``'side'``) with a small random shift and scale,
over the camera's background, then the camera's response

    y = clip(saturate_s((gain * cast) * (contrast * (x - 0.5) + 0.5)))    (colour rendition)
    I = clip(up(down_r(blur_sigma(y ** gamma)) + noise))                  (optics, sensor)

(per-channel gains ``cast``: the camera's white balance times a per-image change of the
light's colour, ``cast_jitter``; a global ``gain``; ``contrast`` around mid-grey;
``saturate_s`` scales the colour's distance from its own grey by ``s``; ``gamma``; a
Gaussian blur; ``down_r``/``up`` sample the frame at ``resolution`` times its size and
back, as low-resolution crops are; sensor noise at the sampled resolution). A
:class:`CameraStyle` holds the ranges each camera draws those from; the two networks of
``networks.py`` differ in them.
"""
from dataclasses import dataclass
from typing import Tuple

import cv2
import numpy as np

from .appearance import Appearance

Range = Tuple[float, float]


@dataclass(frozen=True)
class CameraStyle:
    """One camera: frame size, views, and the ranges of its response (module docstring).

    ``background``: ``'street'`` (a random outdoor scene per image) or ``'static'`` (the
    camera's fixed scene ``scene_colours``, top to bottom, with small noise).
    """

    size: Tuple[int, int]  # (rows, columns)
    views: Tuple[str, ...]
    gain: Range
    cast: Tuple[float, float, float]
    cast_jitter: float
    contrast: Range
    gamma: Range
    blur: Range
    noise: float
    person_scale: Range  # person height relative to the appearance's own
    background: str = 'street'
    scene_colours: Tuple[Tuple[float, float, float], ...] = ()
    saturation: Range = (1.0, 1.0)  # colour rendition: 1 keeps the colours, 0 is grey
    resolution: float = 1.0  # sampling resolution, a fraction of the frame size


def _box(canvas, top, bottom, left, right, colour, region=None):
    """Paint rows ``[top, bottom)`` x columns ``[left, right)`` (clipped); mark them in the
    boolean ``region`` when given."""
    rows, cols = canvas.shape[:2]
    top, bottom = max(int(round(top)), 0), min(int(round(bottom)), rows)
    left, right = max(int(round(left)), 0), min(int(round(right)), cols)
    if top < bottom and left < right:
        canvas[top:bottom, left:right] = colour
        if region is not None:
            region[top:bottom, left:right] = True


def _pattern(canvas, region, appearance: Appearance, view: str, chest):
    """Overlay the upper garment's pattern inside the boolean ``region``."""
    rows, cols = np.indices(region.shape)
    period = appearance.stripe_period
    kind = appearance.upper_pattern
    if kind == 'hstripes':
        stripe = (rows // period) % 2 == 0
    elif kind == 'vstripes':
        stripe = (cols // period) % 2 == 0
    elif kind == 'checks':
        stripe = ((rows // period) + (cols // period)) % 2 == 0
    elif kind == 'logo' and view == 'front':  # a chest print, seen from the front only
        top, bottom, left, right = chest
        stripe = (rows >= top) & (rows < bottom) & (cols >= left) & (cols < right)
    else:
        return
    canvas[region & stripe] = appearance.upper_second


def draw_person(canvas: np.ndarray, appearance: Appearance, view: str, scale: float,
                shift: float) -> None:
    """Draw the person into ``canvas`` (``H x W x 3`` float RGB in place), feet near the
    bottom, centred plus ``shift`` columns; height ``appearance.height * scale`` rows."""
    rows, cols = canvas.shape[:2]
    height = appearance.height * scale * rows
    top = rows - 0.03 * rows - height
    centre = cols / 2 + shift
    width = 0.30 * height * appearance.build * (0.62 if view == 'side' else 1.0)
    unit = height / 100.0  # body proportions in percent of the height
    # legs and the lower garment (47-97 %), shoes (97-100 %)
    gap = 0.0 if view == 'side' else 0.08 * width
    hip, knee, ankle = top + 47 * unit, top + 72 * unit, top + 97 * unit
    skin = appearance.skin
    for left, right in ((centre - width * 0.42, centre - gap / 2),
                        (centre + gap / 2, centre + width * 0.42)):
        if appearance.lower_style == 'trousers':
            _box(canvas, hip, ankle, left, right, appearance.lower)
        else:
            _box(canvas, hip, ankle, left + 0.1 * width, right - 0.1 * width, skin)
        _box(canvas, ankle, top + height, left, right, appearance.shoes)
    if appearance.lower_style == 'shorts':
        _box(canvas, hip, top + 60 * unit, centre - width * 0.45, centre + width * 0.45,
             appearance.lower)
    elif appearance.lower_style == 'skirt':
        _box(canvas, hip, knee, centre - width * 0.55, centre + width * 0.55,
             appearance.lower)
    # torso and arms (15-49 %): the upper garment with its pattern
    torso = np.zeros((rows, cols), dtype=bool)
    _box(canvas, top + 15 * unit, top + 49 * unit, centre - width / 2, centre + width / 2,
         appearance.upper, torso)
    arm = 0.16 * width if view != 'side' else 0.3 * width
    arm_sides = ((centre - width / 2 - arm, centre - width / 2),
                 (centre + width / 2, centre + width / 2 + arm))
    if view == 'side':
        arm_sides = ((centre - arm / 2, centre + arm / 2),)
    for left, right in arm_sides:
        _box(canvas, top + 16 * unit, top + 46 * unit, left, right, appearance.upper, torso)
        _box(canvas, top + 46 * unit, top + 51 * unit, left, right, skin)
    chest = (top + 20 * unit, top + 32 * unit, centre - width * 0.25, centre + width * 0.25)
    _pattern(canvas, torso, appearance, view, chest)
    # bag
    bag = appearance.bag
    if bag == 'backpack' and view in ('back', 'side'):
        left = centre - width * 0.4 if view == 'back' else centre + width * 0.45
        right = centre + width * 0.4 if view == 'back' else centre + width * 0.85
        _box(canvas, top + 18 * unit, top + 42 * unit, left, right, appearance.bag_colour)
    elif bag == 'backpack':  # front: the straps
        for x in (centre - width * 0.3, centre + width * 0.2):
            _box(canvas, top + 15 * unit, top + 35 * unit, x, x + width * 0.1,
                 appearance.bag_colour)
    elif bag in ('bag_left', 'bag_right'):
        side = -1 if (bag == 'bag_left') != (view == 'back') else 1
        edge = centre + side * (width / 2 + arm)
        left, right = sorted((edge, edge + side * width * 0.45))
        if view == 'side':
            left, right = centre - width * 0.3, centre + width * 0.3
        _box(canvas, top + 40 * unit, top + 56 * unit, left, right, appearance.bag_colour)
    # head (0-14 %): hair on top, the face from the front and the side
    head_rows, head_cols = top + 7 * unit, centre
    radius = 6.5 * unit
    grid_r, grid_c = np.indices((rows, cols))
    head = ((grid_r - head_rows) / radius) ** 2 + ((grid_c - head_cols) / (radius * 0.8)) ** 2 <= 1
    canvas[head] = appearance.hair if view == 'back' else skin
    hair = head & (grid_r < head_rows - 0.3 * radius)
    canvas[hair] = appearance.hair


def background(style: CameraStyle, rng: np.random.Generator) -> np.ndarray:
    """The camera's scene behind the person: ``H x W x 3`` float RGB."""
    rows, cols = style.size
    image = np.empty((rows, cols, 3))
    if style.background == 'static':
        bands = np.array(style.scene_colours)
        edges = np.linspace(0, rows, len(bands) + 1).astype(int)
        for colour, start, stop in zip(bands, edges[:-1], edges[1:]):
            image[start:stop] = colour
        return image + rng.normal(0, 0.02, image.shape)
    # street: sky/wall above, ground below the horizon, a few random blocks (buildings, cars)
    horizon = int(rows * rng.uniform(0.45, 0.7))
    image[:horizon] = rng.uniform(0.3, 0.9, 3)
    image[horizon:] = rng.uniform(0.2, 0.6) + rng.uniform(-0.05, 0.05, 3)
    for _ in range(int(rng.integers(2, 6))):
        top, left = int(rng.integers(0, rows)), int(rng.integers(0, cols))
        image[top:top + int(rng.integers(5, 40)), left:left + int(rng.integers(4, 30))] = \
            rng.uniform(0.1, 0.9, 3)
    return image + rng.normal(0, 0.03, image.shape)


def camera_response(image: np.ndarray, style: CameraStyle, rng: np.random.Generator) -> np.ndarray:
    """The module docstring's response, to uint8 RGB."""
    cast = np.array(style.cast) * (1 + rng.uniform(-style.cast_jitter, style.cast_jitter, 3))
    contrast = rng.uniform(*style.contrast)
    image = rng.uniform(*style.gain) * cast * (contrast * (image - 0.5) + 0.5)
    grey = image.mean(axis=2, keepdims=True)
    image = np.clip(grey + rng.uniform(*style.saturation) * (image - grey), 0, 1)
    image = image ** rng.uniform(*style.gamma)
    sigma = rng.uniform(*style.blur)
    if sigma > 0.05:
        image = cv2.GaussianBlur(image, (0, 0), sigma)
    rows, cols = image.shape[:2]
    if style.resolution < 1:
        small = (max(int(round(cols * style.resolution)), 1),
                 max(int(round(rows * style.resolution)), 1))
        image = cv2.resize(image, small, interpolation=cv2.INTER_AREA)
    image = image + rng.normal(0, style.noise, image.shape)
    if image.shape[:2] != (rows, cols):
        image = cv2.resize(image, (cols, rows), interpolation=cv2.INTER_LINEAR)
    return (np.clip(image, 0, 1) * 255 + 0.5).astype(np.uint8)


def render(appearance: Appearance, style: CameraStyle, rng: np.random.Generator,
           view: str) -> np.ndarray:
    """One image of the person by the camera, in ``view``: ``H x W x 3`` uint8 RGB."""
    canvas = background(style, rng)
    scale = rng.uniform(*style.person_scale)
    shift = rng.uniform(-0.06, 0.06) * style.size[1]
    draw_person(canvas, appearance, view, scale, shift)
    return camera_response(canvas, style, rng)
