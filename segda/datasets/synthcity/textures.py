"""Patches of real photographs for SynthCity's camera-like target domain.

The photographs are the sample images bundled inside scikit-image (no download). Each
is loaded once per process and stored as a 4-channel float32 array ``[d, r, g, b]``:

    d = clip((L - mean(L)) / std(L), -3, 3),   L = 0.299 r + 0.587 g + 0.114 b

``d`` is the zero-mean, unit-variance luminance detail that modulates a surface's base
colour; ``r, g, b`` (in [0, 1]) are the photograph's own colours, mixed in for the
materials that use colour photographs (people, vehicles). Which photographs texture
which material, how strongly and at what scale is ``MATERIAL_TEXTURES``.
"""
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

# Sample images that ship inside the scikit-image wheel. Others (brain, eagle, lily, ...)
# are fetched from the internet on first use, so they are deliberately not listed.
BUNDLED_PHOTOS = ('astronaut', 'brick', 'camera', 'cat', 'clock', 'coffee', 'coins',
                  'grass', 'gravel', 'moon', 'page', 'rocket', 'text')


@dataclass(frozen=True)
class TextureSpec:
    """How a material is textured.

    photos: names of bundled photographs, one drawn at random per instance.
    amplitude: weight ``a`` of the luminance detail, ``base * (1 + a * d)``.
    chroma: weight ``c`` of the photograph's own colours, ``(1 - c) * ... + c * rgb``.
    pixels_per_metre: photograph pixels covering one metre of the surface.
    """
    photos: tuple
    amplitude: float
    chroma: float = 0.0
    pixels_per_metre: float = 100.0


MATERIAL_TEXTURES = {
    'sky': TextureSpec(('clock', 'moon'), 0.04, pixels_per_metre=2.0),
    'road': TextureSpec(('gravel', 'moon'), 0.18, pixels_per_metre=250.0),
    'sidewalk': TextureSpec(('brick', 'gravel'), 0.28, pixels_per_metre=160.0),
    'terrain': TextureSpec(('grass', 'gravel'), 0.35, pixels_per_metre=140.0),
    'building': TextureSpec(('brick', 'moon', 'page', 'text'), 0.3, pixels_per_metre=40.0),
    'wall': TextureSpec(('brick', 'moon'), 0.3, pixels_per_metre=80.0),
    'fence': TextureSpec(('text', 'gravel'), 0.35, pixels_per_metre=60.0),
    'pole': TextureSpec(('moon', 'clock'), 0.2, pixels_per_metre=60.0),
    'traffic_light': TextureSpec(('coins',), 0.3, pixels_per_metre=200.0),
    'traffic_sign': TextureSpec(('page', 'text'), 0.25, pixels_per_metre=200.0),
    'foliage': TextureSpec(('grass',), 0.45, pixels_per_metre=60.0),
    'trunk': TextureSpec(('brick', 'moon'), 0.3, pixels_per_metre=150.0),
    'person': TextureSpec(('astronaut', 'camera', 'cat', 'coffee'), 0.3, chroma=0.35,
                          pixels_per_metre=200.0),
    'rider': TextureSpec(('astronaut', 'camera', 'coffee'), 0.3, chroma=0.35,
                         pixels_per_metre=200.0),
    'car': TextureSpec(('rocket', 'coffee', 'camera', 'coins'), 0.25, chroma=0.2,
                       pixels_per_metre=90.0),
    'truck': TextureSpec(('rocket', 'camera', 'moon'), 0.25, chroma=0.15, pixels_per_metre=60.0),
    'bus': TextureSpec(('rocket', 'coffee', 'camera'), 0.25, chroma=0.15, pixels_per_metre=50.0),
    'train': TextureSpec(('rocket', 'camera'), 0.25, chroma=0.15, pixels_per_metre=40.0),
    'bicycle': TextureSpec(('camera', 'coins'), 0.3, pixels_per_metre=200.0),
    'motorcycle': TextureSpec(('camera', 'coins', 'rocket'), 0.3, chroma=0.2,
                              pixels_per_metre=200.0),
    'static': TextureSpec(('coffee', 'gravel', 'brick'), 0.3, chroma=0.2, pixels_per_metre=150.0),
    'ego': TextureSpec(('moon', 'clock'), 0.15, pixels_per_metre=60.0),
}


def _load_photo(name):
    """One bundled scikit-image photograph as float32 RGB in [0, 1], shape (h, w, 3)."""
    try:
        from skimage import data
    except ImportError as error:
        raise ImportError(
            "SynthCity's target textures need scikit-image (its bundled sample photographs): "
            "pip install -e '.[synthcity]'") from error
    image = np.asarray(getattr(data, name)())
    if image.ndim == 2:
        image = np.repeat(image[..., None], 3, axis=2)
    return image[..., :3].astype(np.float32) / 255.0


@lru_cache(maxsize=None)
def load_texture(name):
    """The ``[d, r, g, b]`` float32 array of a bundled photograph (module docstring),
    loaded once per process."""
    if name not in BUNDLED_PHOTOS:
        raise KeyError(f'SynthCity texture {name!r} is not one of the bundled photographs '
                       f'{BUNDLED_PHOTOS}; others need a download')
    rgb = _load_photo(name)
    luminance = rgb @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    detail = np.clip((luminance - luminance.mean()) / max(float(luminance.std()), 1e-3), -3.0, 3.0)
    texture = np.concatenate([detail[..., None], rgb], axis=2)
    texture.setflags(write=False)
    return texture
