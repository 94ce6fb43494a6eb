"""SynthCity's two renderers: a game-like source and a camera-like target.

Both colour an image from a ``Scene`` alone (its instance map, shading map and the
objects' materials), so image and labels share one geometry. Every object gets a base
colour c drawn from its material's ``Paint`` in the domain's ``Look``; the shading code
s of each pixel then gives ``m_s * c + b_s`` (lit face, side face, dark detail, bright
detail), and the sky brightens towards the horizon row v_h by ``1 + g * v / v_h``.

Game (``render_game``): flat saturated colours, hard edges, one smooth light gradient

    I = (m_s c + b_s) (1 + g_x (u / W - 1/2) + g_y (v / H - 1/2)).

Camera (``render_camera``): muted colours with different distributions (cars mostly
grey, black and white), surfaces textured with real photographs (``textures.py``)
mapped through each object's perspective quad,

    t = (1 - k) c (1 + a d) + k p       (d: photo luminance detail, p: photo colour,
                                         a, k: the material's amplitude and chroma)

then a colour cast w (per channel) and exposure e, lower contrast r around the image
mean mu, a vignette, Gaussian blur and sensor noise:

    I = blur((mu + r (e w t' - mu)) (1 - k_v rho^2)) + n,   n ~ N(0, sigma_n^2),

with t' the shaded t and rho the distance to the image centre (1 at the corners).
"""
from dataclasses import dataclass

import cv2
import numpy as np

from .scene import LABEL_IDS, quad_area
from .textures import MATERIAL_TEXTURES, load_texture

REMAP_ROW = 1024  # cv2.remap takes maps of fewer than 32767 rows: samples go in rows of this


@dataclass(frozen=True)
class Paint:
    """Base colours of a material: one of ``colours`` (RGB 0-255, drawn with
    ``weights``, uniform when None) plus Gaussian ``jitter`` per channel and object."""
    colours: tuple
    jitter: float = 8.0
    weights: tuple = None


@dataclass(frozen=True)
class Look:
    """A domain's palette and shading: ``paints`` per material, per shading code a
    multiplier ``shade_gain`` and an RGB offset ``shade_offset``, and the sky's
    brightening towards the horizon ``sky_gradient``."""
    paints: dict
    shade_gain: tuple
    shade_offset: tuple
    sky_gradient: float


GAME_LOOK = Look(
    paints=dict(
        sky=Paint(((85, 155, 235),), 10), road=Paint(((80, 80, 88),), 5),
        sidewalk=Paint(((178, 168, 152),), 8), terrain=Paint(((135, 165, 60),), 10),
        building=Paint(((195, 120, 90), (212, 192, 150), (160, 150, 140), (125, 82, 70),
                        (232, 222, 200)), 12),
        wall=Paint(((205, 192, 170), (160, 150, 140)), 10),
        fence=Paint(((115, 92, 60), (140, 142, 150)), 8),
        pole=Paint(((88, 94, 100),), 8), traffic_light=Paint(((42, 42, 42),), 5),
        traffic_sign=Paint(((222, 40, 40), (40, 80, 205), (232, 200, 40)), 10),
        foliage=Paint(((52, 132, 40),), 12), trunk=Paint(((100, 70, 40),), 8),
        person=Paint(((205, 50, 50), (50, 60, 165), (232, 232, 232), (40, 40, 40), (60, 145, 80),
                      (240, 180, 60)), 20),
        rider=Paint(((205, 50, 50), (50, 60, 165), (40, 40, 40), (240, 180, 60)), 20),
        car=Paint(((205, 30, 30), (30, 60, 185), (240, 240, 240), (30, 30, 30), (232, 200, 40),
                   (60, 160, 70), (160, 160, 170)), 10),
        truck=Paint(((232, 232, 232), (205, 82, 40), (60, 90, 165)), 10),
        bus=Paint(((232, 200, 40), (205, 40, 40), (232, 232, 232)), 10),
        train=Paint(((222, 222, 228), (205, 40, 40)), 8),
        bicycle=Paint(((30, 30, 30), (205, 40, 40), (40, 90, 205)), 10),
        motorcycle=Paint(((30, 30, 30), (205, 40, 40), (205, 205, 205)), 10),
        static=Paint(((122, 100, 80), (70, 112, 70)), 10), ego=Paint(((30, 30, 35),), 3)),
    shade_gain=(1.0, 0.7, 0.28, 0.15),
    shade_offset=((0, 0, 0), (0, 0, 0), (8, 16, 36), (205, 205, 200)),
    sky_gradient=0.35)

CAMERA_LOOK = Look(
    paints=dict(
        sky=Paint(((150, 182, 222),), 12), road=Paint(((90, 88, 92),), 6),
        sidewalk=Paint(((150, 140, 140),), 8), terrain=Paint(((112, 124, 80),), 8),
        building=Paint(((126, 116, 106), (152, 142, 126), (96, 96, 102), (140, 112, 96)), 10),
        wall=Paint(((142, 136, 126),), 8), fence=Paint(((122, 116, 104),), 8),
        pole=Paint(((112, 112, 108),), 6), traffic_light=Paint(((52, 52, 46),), 4),
        traffic_sign=Paint(((190, 170, 62), (62, 90, 150), (170, 62, 52)), 8),
        foliage=Paint(((72, 96, 50),), 8), trunk=Paint(((82, 72, 56),), 6),
        person=Paint(((62, 62, 68), (112, 102, 92), (42, 46, 62), (152, 142, 132),
                      (122, 52, 52)), 15),
        rider=Paint(((62, 62, 68), (42, 46, 62), (122, 52, 52)), 15),
        car=Paint(((42, 42, 46), (150, 150, 156), (202, 202, 202), (62, 72, 102), (122, 32, 32)), 8,
                  weights=(0.3, 0.3, 0.2, 0.1, 0.1)),
        truck=Paint(((190, 190, 190), (102, 102, 112)), 8),
        bus=Paint(((190, 185, 170), (160, 62, 52)), 8),
        train=Paint(((200, 200, 195),), 6), bicycle=Paint(((42, 42, 42), (92, 92, 96)), 6),
        motorcycle=Paint(((42, 42, 42), (132, 132, 136)), 6), static=Paint(((102, 96, 86),), 8),
        ego=Paint(((26, 28, 30),), 3)),
    shade_gain=(1.0, 0.8, 0.4, 0.25),
    shade_offset=((0, 0, 0), (0, 0, 0), (6, 8, 10), (170, 170, 165)),
    sky_gradient=0.15)


def _object_colours(scene, look, rng):
    """Base colour of every object, ``(num_objects, 3)`` float32."""
    colours = np.empty((len(scene.objects), 3), np.float32)
    for index, instance in enumerate(scene.objects):
        paint = look.paints[instance.material]
        choice = rng.choice(len(paint.colours), p=paint.weights)
        colours[index] = np.asarray(paint.colours[choice]) + paint.jitter * rng.standard_normal(3)
    return colours


def _shade(image, scene, look):
    """``m_s * image + b_s`` per pixel's shading code s, then the sky gradient."""
    gain = np.asarray(look.shade_gain, np.float32)[scene.shading][..., None]
    offset = np.asarray(look.shade_offset, np.float32)[scene.shading]
    image = image * gain + offset
    rows = np.arange(scene.labels.shape[0], dtype=np.float32)[:, None, None]
    sky_gain = 1 + look.sky_gradient * np.clip(rows / max(scene.camera.horizon, 1.0), 0, 1)
    return np.where((scene.labels == LABEL_IDS['sky'])[..., None], image * sky_gain, image)


def _ramp(shape, gain_x, gain_y):
    """``1 + g_x (u / W - 1/2) + g_y (v / H - 1/2)``, shape (H, W, 1)."""
    height, width = shape
    u = np.linspace(-0.5, 0.5, width, dtype=np.float32)[None, :]
    v = np.linspace(-0.5, 0.5, height, dtype=np.float32)[:, None]
    return (1 + gain_x * u + gain_y * v)[..., None]


def _to_uint8(image):
    """Round and clip to uint8."""
    return np.clip(np.rint(image), 0, 255).astype(np.uint8)


def render_game(scene, rng):
    """The source ("game") image of a scene: ``(H, W, 3)`` uint8 RGB."""
    image = _object_colours(scene, GAME_LOOK, rng)[scene.instances]
    image = _shade(image, scene, GAME_LOOK)
    image = image * _ramp(scene.labels.shape, rng.uniform(-0.25, 0.25), rng.uniform(-0.2, 0.05))
    return _to_uint8(image)


def _texture_quad(instance):
    """The object's texture quad, or its bounding box when the quad is degenerate."""
    if quad_area(instance.quad) >= 1.0:
        return instance.quad
    x0, y0, x1, y1 = instance.bbox
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)


def _mirror(coordinate, length):
    """Fold coordinates into [0, length - 1] by mirroring the photograph endlessly."""
    period = 2.0 * (length - 1)
    coordinate = np.mod(coordinate, period)
    return np.where(coordinate > length - 1, period - coordinate, coordinate).astype(np.float32)


def sample_mirrored(texture, homography, columns, rows):
    """Bilinear samples ``(N, C)`` of ``texture`` at the points ``homography`` maps
    pixel (column, row) to, the texture repeating mirrored outside its bounds
    (cv2's own border modes get very slow far outside)."""
    points = np.stack([columns, rows, np.ones_like(columns)]).astype(np.float64)
    mapped = homography @ points
    scale = np.where(np.abs(mapped[2]) > 1e-9, mapped[2], 1e-9)
    count = len(columns)
    padded = -(-count // REMAP_ROW) * REMAP_ROW
    maps = [np.resize(_mirror(coordinate, length), padded).reshape(-1, REMAP_ROW)
            for coordinate, length in ((mapped[0] / scale, texture.shape[1]),
                                       (mapped[1] / scale, texture.shape[0]))]
    samples = cv2.remap(texture, *maps, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT_101)
    return samples.reshape(padded, texture.shape[2])[:count]


def texture_layers(scene, rng):
    """Photograph detail ``d`` (H, W), photograph colour ``p`` (H, W, 3) in [0, 1], and
    per object the amplitude ``a`` and chroma ``k`` of its material.

    Each object maps a random window of one of its material's photographs, sized
    ``extent * pixels_per_metre``, onto its quad by a perspective warp (mirrored
    outside the photograph), so ground and facades recede with the scene. Only the
    object's visible pixels are sampled.
    """
    height, width = scene.instances.shape
    detail = np.zeros((height, width), np.float32)
    photo = np.zeros((height, width, 3), np.float32)
    amplitude = np.zeros(len(scene.objects), np.float32)
    chroma = np.zeros(len(scene.objects), np.float32)
    for index, instance in enumerate(scene.objects):
        if instance.bbox is None:
            continue
        spec = MATERIAL_TEXTURES[instance.material]
        texture = load_texture(spec.photos[rng.integers(len(spec.photos))])
        scale = spec.pixels_per_metre * rng.uniform(0.8, 1.25)
        left, top = rng.uniform(0, texture.shape[1]), rng.uniform(0, texture.shape[0])
        x0, y0, x1, y1 = instance.bbox
        mask = scene.instances[y0:y1, x0:x1] == index
        if not mask.any():
            continue
        right, bottom = left + instance.extent[0] * scale, top + instance.extent[1] * scale
        window = np.array([[left, top], [right, top], [right, bottom], [left, bottom]], np.float32)
        image_to_photo = cv2.getPerspectiveTransform(
            _texture_quad(instance) - np.float32([x0, y0]), window)
        rows, columns = np.nonzero(mask)
        samples = sample_mirrored(texture, image_to_photo, columns, rows)
        detail[rows + y0, columns + x0] = samples[:, 0]
        photo[rows + y0, columns + x0] = samples[:, 1:]
        amplitude[index], chroma[index] = spec.amplitude, spec.chroma
    return detail, photo, amplitude, chroma


def _textured(scene, colours, rng):
    """``t = (1 - k) c (1 + a d) + k p`` per pixel (module docstring)."""
    detail, photo, amplitude, chroma = texture_layers(scene, rng)
    amplitude = amplitude[scene.instances][..., None]
    chroma = chroma[scene.instances][..., None]
    base = colours[scene.instances]
    return (1 - chroma) * base * (1 + amplitude * detail[..., None]) + chroma * 255 * photo


def _camera_response(image, rng):
    """Colour cast and exposure, lower contrast, vignette, blur and sensor noise."""
    cast = (np.array([1.05, 1.02, 0.93], np.float32)
            * (1 + 0.02 * rng.standard_normal(3)).astype(np.float32))
    image = image * cast * rng.uniform(0.95, 1.15)
    mean = image.mean(axis=(0, 1))
    image = mean + rng.uniform(0.8, 0.9) * (image - mean)
    height, width = image.shape[:2]
    u = np.linspace(-1, 1, width, dtype=np.float32)[None, :]
    v = np.linspace(-1, 1, height, dtype=np.float32)[:, None]
    image = image * (1 - rng.uniform(0.25, 0.4) * (u ** 2 + v ** 2) / 2)[..., None]
    image = cv2.GaussianBlur(image, (0, 0), rng.uniform(0.6, 1.0))
    return image + rng.normal(0.0, 2.0, image.shape).astype(np.float32)


def render_camera(scene, rng):
    """The target ("camera") image of a scene: ``(H, W, 3)`` uint8 RGB."""
    image = _textured(scene, _object_colours(scene, CAMERA_LOOK, rng), rng)
    return _to_uint8(_camera_response(_shade(image, scene, CAMERA_LOOK), rng))
