"""Random street scenes for SynthCity: a 3-D layout projected into a label map.

World frame (metres): X to the right, Y up, Z forward along the street; the ground is
Y = 0 and the camera sits at (0, h_c, 0) looking along +Z with a level optical axis.
A pinhole camera with focal length f (pixels), principal column W / 2 and horizon row
v_h maps a point to

    u = W / 2 + f X / Z,        v = v_h + f (h_c - Y) / Z,

so an object's size in pixels shrinks as 1 / Z and everything converges to the
vanishing point (W / 2, v_h). Objects (ground strips, boxes, tree crowns, people,
two-wheelers) are placed in this frame, projected and drawn with ``cv2.fillPoly``
back to front (painter's algorithm) into three maps that share one geometry:

- ``labels``: Cityscapes label ids (uint8), what the datasets read as ground truth;
- ``instances``: index into ``Scene.objects`` (uint16), the object owning each pixel;
- ``shading``: ``SHADE_LIT``, ``SHADE_SIDE`` (faces turned from the light),
  ``SHADE_DARK`` (windows, tyres) or ``SHADE_BRIGHT`` (lane markings, lamps).

Renderers (``render.py``) colour an image from these maps and the objects' attributes
alone, so image and label map can never disagree.
"""
from dataclasses import dataclass, field, replace

import cv2
import numpy as np

# Cityscapes label ids (not trainIds) of everything SynthCity draws.
LABEL_IDS = dict(ego_vehicle=1, static=4, road=7, sidewalk=8, building=11, wall=12, fence=13,
                 pole=17, traffic_light=19, traffic_sign=20, vegetation=21, terrain=22, sky=23,
                 person=24, rider=25, car=26, truck=27, bus=28, train=31, motorcycle=32,
                 bicycle=33)

SHADE_LIT, SHADE_SIDE, SHADE_DARK, SHADE_BRIGHT = 0, 1, 2, 3

NEAR = 1.0          # metres: nothing is drawn closer to the camera than this
FAR = 400.0         # metres: where the ground meets the horizon
SUBPIXEL_BITS = 2   # cv2.fillPoly fixed-point precision: 1/4 pixel


@dataclass(frozen=True)
class CameraRig:
    """Where a domain's camera sits.

    focal: focal length / image width. horizon: horizon row / image height.
    elevation: camera height above the road (m). horizon_jitter, elevation_jitter: std
    of their per-image variation. hood: height of the ego-vehicle bonnet at the bottom
    of the image / image height (0 = no bonnet in view).
    """
    focal: float
    horizon: float
    elevation: float
    horizon_jitter: float = 0.0
    elevation_jitter: float = 0.0
    hood: float = 0.0


# Source ("game"): a wide, high chase camera that never moves.
GAME_RIG = CameraRig(focal=0.75, horizon=0.42, elevation=1.8)
# Target ("camera"): a narrower, lower dashboard camera with pitch/height wobble and the
# ego vehicle's bonnet in view, as in Cityscapes.
CAMERA_RIG = CameraRig(focal=0.95, horizon=0.47, elevation=1.25, horizon_jitter=0.02,
                       elevation_jitter=0.05, hood=0.09)


@dataclass(frozen=True)
class Camera:
    """A pinhole camera (module docstring): image size, focal length and horizon row in
    pixels, elevation in metres."""
    width: int
    height: int
    focal: float
    horizon: float
    elevation: float

    def project(self, points):
        """World points ``(N, 3)`` with Z > 0 -> image points ``(N, 2)`` float32."""
        points = np.asarray(points, dtype=np.float64).reshape(-1, 3)
        scale = self.focal / points[:, 2]
        u = self.width / 2 + points[:, 0] * scale
        v = self.horizon + (self.elevation - points[:, 1]) * scale
        return np.stack([u, v], axis=1).astype(np.float32)

    def pixels_per_metre(self, depth):
        """Image size of one metre at distance ``depth``: ``f / Z``."""
        return self.focal / depth


def sample_camera(rng, size, rig):
    """A ``Camera`` of image ``size`` (width, height) drawn from ``rig``."""
    width, height = size
    horizon = height * (rig.horizon + rig.horizon_jitter * rng.standard_normal())
    elevation = rig.elevation + rig.elevation_jitter * rng.standard_normal()
    return Camera(width, height, rig.focal * width, horizon, elevation)


@dataclass
class Instance:
    """One drawn object.

    label_id: Cityscapes label id. material: key of the renderers' paint and texture
    tables (e.g. ``'trunk'`` and ``'foliage'`` are both vegetation). depth: distance (m)
    of its nearest point. quad: image corners (top-left, top-right, bottom-right,
    bottom-left), ``(4, 2)`` float32, of a surface rectangle of ``extent`` (width,
    height) metres that textures are mapped onto; the pixel bounding box when not given.
    bbox: ``(x0, y0, x1, y1)`` pixel bounds of everything drawn for it (x1, y1
    exclusive), None while nothing of it fell inside the image.
    """
    label_id: int
    material: str
    depth: float
    quad: np.ndarray = None
    extent: tuple = (1.0, 1.0)
    bbox: tuple = None


@dataclass
class Scene:
    """A drawn scene: the three maps of the module docstring, the objects that
    ``instances`` indexes, and the camera."""
    labels: np.ndarray
    instances: np.ndarray
    shading: np.ndarray
    objects: list
    camera: Camera


def _clip_polygon(polygon, x_min, y_min, x_max, y_max):
    """Sutherland-Hodgman clipping of a polygon ``(N, 2)`` to a rectangle."""
    for axis, bound, keep_above in ((0, x_min, True), (0, x_max, False),
                                    (1, y_min, True), (1, y_max, False)):
        if len(polygon) == 0:
            break
        inside = polygon[:, axis] >= bound if keep_above else polygon[:, axis] <= bound
        if inside.all():
            continue
        clipped = []
        for start, end, start_in, end_in in zip(polygon, np.roll(polygon, -1, axis=0),
                                                inside, np.roll(inside, -1)):
            if start_in:
                clipped.append(start)
            if start_in != end_in:
                t = (bound - start[axis]) / (end[axis] - start[axis])
                clipped.append(start + t * (end - start))
        polygon = np.array(clipped, dtype=np.float64).reshape(-1, 2)
    return polygon


class SceneCanvas:
    """The three maps of a scene being drawn, and its list of objects.

    Polygons are float image coordinates; they are clipped to a margin around the image
    (``cv2.fillPoly`` overflows on coordinates far outside it) and filled with
    quarter-pixel precision.
    """

    def __init__(self, camera):
        self.camera = camera
        shape = (camera.height, camera.width)
        self.labels = np.zeros(shape, np.uint8)
        self.instances = np.zeros(shape, np.uint16)
        self.shading = np.zeros(shape, np.uint8)
        self.objects = []
        self._limits = (-camera.width, -camera.height, 2 * camera.width, 2 * camera.height)

    def add(self, name, depth, quad=None, extent=(1.0, 1.0), material=None):
        """Register an object of class ``name`` (a ``LABEL_IDS`` key); returns its index."""
        self.objects.append(Instance(LABEL_IDS[name], material or name, float(depth),
                                     None if quad is None else np.asarray(quad, np.float32),
                                     tuple(extent)))
        return len(self.objects) - 1

    def _contours(self, polygons):
        """Clipped fixed-point int32 contours, and their float bounds."""
        contours, lows, highs = [], [], []
        x_min, y_min, x_max, y_max = self._limits
        for polygon in polygons:
            polygon = np.asarray(polygon, np.float64).reshape(-1, 2)
            low, high = polygon.min(axis=0), polygon.max(axis=0)
            if low[0] < x_min or low[1] < y_min or high[0] > x_max or high[1] > y_max:
                polygon = _clip_polygon(polygon, *self._limits)
                if len(polygon) < 3:
                    continue
                low, high = polygon.min(axis=0), polygon.max(axis=0)
            contours.append(np.round(polygon * (1 << SUBPIXEL_BITS)).astype(np.int32))
            lows.append(low)
            highs.append(high)
        return contours, lows, highs

    def fill(self, index, *polygons, shade=SHADE_LIT):
        """Paint polygons (several contours form one shape; overlaps cut holes) as object
        ``index``: its label, its index and ``shade``."""
        contours, lows, highs = self._contours(polygons)
        if not contours:
            return
        for target, value in ((self.labels, self.objects[index].label_id),
                              (self.instances, index), (self.shading, shade)):
            cv2.fillPoly(target, contours, int(value), lineType=cv2.LINE_8, shift=SUBPIXEL_BITS)
        self._grow_bbox(index, np.min(lows, axis=0), np.max(highs, axis=0))

    def mark(self, *polygons, shade):
        """Change only the shading under polygons (windows, lane markings)."""
        contours, _, _ = self._contours(polygons)
        if contours:
            cv2.fillPoly(self.shading, contours, shade, lineType=cv2.LINE_8, shift=SUBPIXEL_BITS)

    def _grow_bbox(self, index, low, high):
        """Extend object ``index``'s pixel bounding box by the float bounds low, high."""
        width, height = self.camera.width, self.camera.height
        x0, y0 = max(int(np.floor(low[0])) - 1, 0), max(int(np.floor(low[1])) - 1, 0)
        x1, y1 = min(int(np.ceil(high[0])) + 2, width), min(int(np.ceil(high[1])) + 2, height)
        if x0 >= x1 or y0 >= y1:
            return
        instance = self.objects[index]
        if instance.bbox is not None:
            x0, y0 = min(x0, instance.bbox[0]), min(y0, instance.bbox[1])
            x1, y1 = max(x1, instance.bbox[2]), max(y1, instance.bbox[3])
        instance.bbox = (x0, y0, x1, y1)

    def finish(self):
        """The drawn ``Scene``; objects without a texture quad get their bounding box."""
        for instance in self.objects:
            if instance.quad is None and instance.bbox is not None:
                x0, y0, x1, y1 = instance.bbox
                instance.quad = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)
        return Scene(self.labels, self.instances, self.shading, self.objects, self.camera)


# ----------------------------------------------------------------- geometry helpers

@dataclass(frozen=True)
class Box:
    """An axis-aligned box in the world frame (metres)."""
    x0: float
    x1: float
    y0: float
    y1: float
    z0: float
    z1: float

    def clipped(self):
        """The part in front of the near plane (the planner never places a box wholly
        behind it)."""
        if self.z1 <= NEAR:
            raise ValueError(f'SynthCity: {self} lies behind the near plane Z = {NEAR}')
        return replace(self, z0=max(self.z0, NEAR))

    def front(self):
        """The face turned to the camera (Z = z0): world corners tl, tr, br, bl."""
        return [(self.x0, self.y1, self.z0), (self.x1, self.y1, self.z0),
                (self.x1, self.y0, self.z0), (self.x0, self.y0, self.z0)]

    def side(self):
        """The visible face parallel to the street (the one facing X = 0), corners
        near-top, far-top, far-bottom, near-bottom; None when the box straddles X = 0."""
        if self.x0 > 0:
            x = self.x0
        elif self.x1 < 0:
            x = self.x1
        else:
            return None
        return [(x, self.y1, self.z0), (x, self.y1, self.z1),
                (x, self.y0, self.z1), (x, self.y0, self.z0)]

    def corners(self):
        """All eight corners."""
        return [(x, y, z) for x in (self.x0, self.x1) for y in (self.y0, self.y1)
                for z in (self.z0, self.z1)]


def quad_area(quad):
    """Area (pixels) of an image polygon."""
    return abs(cv2.contourArea(np.asarray(quad, np.float32)))


def silhouette(camera, box):
    """Image outline of a box: the convex hull of its projected corners."""
    return cv2.convexHull(camera.project(box.corners())).reshape(-1, 2)


def face_points(face, u, v):
    """World points at fractions ``u`` (along the top edge) and ``v`` (down from it) of
    a face given by its corners tl, tr, br, bl; ``u`` and ``v`` broadcast."""
    tl, tr, br, bl = (np.asarray(corner, np.float64) for corner in face)
    u, v = np.asarray(u, np.float64)[..., None], np.asarray(v, np.float64)[..., None]
    top, bottom = tl + u * (tr - tl), bl + u * (br - bl)
    return top + v * (bottom - top)


def face_part(face, u0, u1, v0, v1):
    """World corners of the part ``[u0, u1] x [v0, v1]`` of a face (see ``face_points``)."""
    return face_points(face, [u0, u1, u1, u0], [v0, v0, v1, v1])


def box_texture_quad(camera, box):
    """The visible face of a box with the larger image area, as (quad, extent in metres):
    the surface its texture is mapped onto."""
    faces = [(box.front(), (box.x1 - box.x0, box.y1 - box.y0)),
             (box.side(), (box.z1 - box.z0, box.y1 - box.y0))]
    quads = [(camera.project(corners), extent) for corners, extent in faces if corners is not None]
    return max(quads, key=lambda item: quad_area(item[0]))


def fill_box(canvas, index, box, lit='front'):
    """Draw a box as object ``index``: its silhouette in side shade, then its lit face
    (``'front'``, ``'side'`` or None) in full light."""
    camera, box = canvas.camera, box.clipped()
    canvas.fill(index, silhouette(camera, box), shade=SHADE_SIDE)
    face = dict(front=box.front, side=box.side).get(lit, lambda: None)()
    if face is not None:
        canvas.fill(index, camera.project(face), shade=SHADE_LIT)


def add_box(canvas, name, box, lit='front', material=None):
    """Register a box as a new object of class ``name`` and draw it; returns its index."""
    box = box.clipped()
    quad, extent = box_texture_quad(canvas.camera, box)
    index = canvas.add(name, box.z0, quad, extent, material)
    fill_box(canvas, index, box, lit)
    return index


def ellipse(cx, cy, rx, ry, points=20, wobble=0.0, rng=None):
    """A polygon approximating an ellipse; ``wobble`` adds relative radial noise."""
    angles = np.linspace(0, 2 * np.pi, points, endpoint=False)
    radius = 1.0 + (wobble * rng.uniform(-1, 1, points) if wobble else 0.0)
    return np.stack([cx + rx * radius * np.cos(angles), cy + ry * radius * np.sin(angles)], 1)


def segment(start, end, width):
    """A quad of ``width`` around the segment start -> end (image coordinates)."""
    start, end = np.asarray(start, np.float64), np.asarray(end, np.float64)
    direction = end - start
    normal = np.array([-direction[1], direction[0]]) / max(np.hypot(*direction), 1e-6)
    offset = normal * width / 2
    return np.stack([start + offset, end + offset, end - offset, start - offset])


def ring(cx, cy, radius, thickness):
    """Outer and inner contours of an annulus (filled together they cut the hole)."""
    return ellipse(cx, cy, radius, radius), ellipse(cx, cy, radius - thickness, radius - thickness)


# --------------------------------------------------------------------- the street

@dataclass(frozen=True)
class Street:
    """Cross-section of the street (metres). Sides are -1 (left) and +1 (right);
    ``verge`` (grass between road and sidewalk) and ``walk`` map a side to a width;
    ``end`` is where a row of buildings closes the street (FAR when it stays open)."""
    centre: float
    half_width: float
    lanes: int
    verge: dict
    walk: dict
    end: float

    def x(self, side, offset):
        """X of the point ``offset`` metres outward from the road edge on ``side``."""
        return self.centre + side * (self.half_width + offset)

    def building_line(self, side):
        """Offset of the building fronts from the road edge on ``side``."""
        return self.verge[side] + self.walk[side]

    def lane_centre(self, lane):
        """X of the middle of lane ``lane`` (0 = leftmost)."""
        lane_width = 2 * self.half_width / self.lanes
        return self.centre - self.half_width + (lane + 0.5) * lane_width


def sample_street(rng):
    """Road width, lanes, sidewalks, grass verges and whether the street is closed."""
    lanes = int(rng.integers(2, 5))
    half_width = lanes * rng.uniform(1.6, 1.9)
    sides = (-1, 1)
    return Street(centre=rng.uniform(-0.35, 0.35) * half_width, half_width=half_width, lanes=lanes,
                  verge={s: rng.uniform(1.0, 3.0) if rng.random() < 0.3 else 0.0 for s in sides},
                  walk={s: rng.uniform(2.0, 5.0) for s in sides},
                  end=rng.uniform(70, 160) if rng.random() < 0.5 else FAR)


def ground_strip(canvas, name, x0, x1, z0, z1, material=None):
    """Register and draw a ground rectangle ``[x0, x1] x [z0, z1]``."""
    corners = canvas.camera.project([(x0, 0, z1), (x1, 0, z1), (x1, 0, z0), (x0, 0, z0)])
    index = canvas.add(name, z0, corners, (x1 - x0, z1 - z0), material)
    canvas.fill(index, corners)
    return index


def ground_near(camera):
    """Depth whose ground row lies just below the image: nearer ground is out of view."""
    return 0.9 * camera.focal * camera.elevation / max(camera.height - camera.horizon, 1.0)


def draw_ground(canvas, street, rng):
    """Sky, the terrain beyond the street, sidewalks with kerbs, verges, road, markings."""
    camera = canvas.camera
    near = ground_near(camera)
    width, horizon = camera.width, camera.horizon
    sky = canvas.add('sky', FAR, extent=(200.0, 100.0))
    canvas.fill(sky, [(0, 0), (width, 0), (width, horizon + 1), (0, horizon + 1)])
    ground_strip(canvas, 'terrain', -150, 150, near, FAR)
    for side in (-1, 1):
        outer = street.building_line(side)
        walk = ground_strip(canvas, 'sidewalk', *sorted((street.x(side, street.verge[side]),
                                                         street.x(side, outer))), near, FAR)
        if street.verge[side]:
            ground_strip(canvas, 'terrain',
                         *sorted((street.x(side, 0), street.x(side, street.verge[side]))),
                         near, FAR)
        kerb_x = street.x(side, street.verge[side])
        kerb = [(kerb_x, 0.15, FAR), (kerb_x, 0.0, FAR), (kerb_x, 0.0, near), (kerb_x, 0.15, near)]
        canvas.fill(walk, camera.project(kerb), shade=SHADE_SIDE)
    ground_strip(canvas, 'road', street.x(-1, 0), street.x(1, 0), near, FAR)
    _draw_markings(canvas, street, rng, near)


def _draw_markings(canvas, street, rng, near):
    """Dashed lane separators and (usually) solid edge lines."""
    camera, line = canvas.camera, 0.15
    lane_width = 2 * street.half_width / street.lanes
    for lane in range(1, street.lanes):
        x = street.centre - street.half_width + lane * lane_width
        z = near + rng.uniform(0, 9)
        while z < 90:
            dash = [(x - line / 2, 0, z + 3), (x + line / 2, 0, z + 3), (x + line / 2, 0, z),
                    (x - line / 2, 0, z)]
            canvas.mark(camera.project(dash), shade=SHADE_BRIGHT)
            z += 9
    if rng.random() < 0.7:
        for side in (-1, 1):
            x = street.x(side, -0.3)
            edge = [(x - line / 2, 0, 120), (x + line / 2, 0, 120), (x + line / 2, 0, near),
                    (x - line / 2, 0, near)]
            canvas.mark(camera.project(edge), shade=SHADE_BRIGHT)


# -------------------------------------------------------------------- the objects

def draw_building(canvas, box, rng, lit='side'):
    """A building with rows of windows on its lit face and often a dark shop front."""
    camera, box = canvas.camera, box.clipped()
    add_box(canvas, 'building', box, lit=lit)
    face = box.side() if lit == 'side' else box.front()
    if face is None or camera.pixels_per_metre(box.z0) < 1.0:
        return
    face_width = box.z1 - box.z0 if lit == 'side' else box.x1 - box.x0
    face_height = box.y1 - box.y0
    floor, column = rng.uniform(3.0, 3.6), rng.uniform(2.4, 3.6)
    window_w, window_h = rng.uniform(0.35, 0.6) * column, rng.uniform(0.4, 0.55) * floor
    first_floor = 3.5 if rng.random() < 0.6 else 0.8
    if first_floor > 1 and face_height > 4:
        canvas.mark(camera.project(face_part(face, 0, 1, 1 - 2.8 / face_height,
                                           1 - 0.3 / face_height)), shade=SHADE_DARK)
    rows = np.arange(first_floor, face_height - floor * 0.6, floor)
    columns = np.arange(column / 2 + rng.uniform(0, column / 2), face_width - window_w, column)
    if len(rows) and len(columns):
        u = np.stack([columns, columns + window_w, columns + window_w, columns], 1) / face_width
        v = 1 - np.stack([rows + window_h, rows + window_h, rows, rows], 1) / face_height
        corners = face_points(face, u[None], v[:, None])
        canvas.mark(*camera.project(corners.reshape(-1, 3)).reshape(-1, 4, 2), shade=SHADE_DARK)


def draw_tree(canvas, x, z, rng, scale=1.0):
    """A trunk and a bumpy crown (both vegetation, different materials)."""
    camera = canvas.camera
    trunk_height, radius = scale * rng.uniform(2.0, 3.5), scale * rng.uniform(1.4, 2.8)
    trunk = Box(x - 0.15 * scale, x + 0.15 * scale, 0, trunk_height + radius * 0.5,
                z, z + 0.3 * scale)
    add_box(canvas, 'vegetation', trunk, material='trunk')
    centre = camera.project([(x, trunk_height + radius * 0.8, z)])[0]
    pixels = camera.pixels_per_metre(z)
    crown = canvas.add('vegetation', z - radius, material='foliage',
                       extent=(2 * radius, 2 * radius))
    canvas.fill(crown, ellipse(centre[0], centre[1], radius * pixels,
                               radius * pixels * rng.uniform(0.8, 1.1), 24, 0.12, rng))


def draw_pole(canvas, street, side, x, z, rng):
    """A pole, sometimes carrying a traffic sign or a traffic light (on the pole or on
    an arm over the road)."""
    camera = canvas.camera
    height = rng.uniform(3.5, 7.0)
    pole = add_box(canvas, 'pole', Box(x - 0.07, x + 0.07, 0, height, z, z + 0.14))
    kind = rng.choice(['sign', 'light', 'arm_light', 'plain'], p=[0.45, 0.2, 0.15, 0.2])
    if kind == 'sign':
        draw_sign(canvas, x, min(rng.uniform(2.0, 2.8), height - 0.4), z - 0.05, rng)
    elif kind == 'light':
        draw_traffic_light(canvas, x, height - 1.0, z - 0.1, rng)
    elif kind == 'arm_light':
        reach = -side * rng.uniform(3.0, min(6.0, street.half_width + 2))
        arm = Box(min(x, x + reach), max(x, x + reach), height - 0.15, height, z, z + 0.12)
        canvas.fill(pole, silhouette(camera, arm.clipped()))
        draw_traffic_light(canvas, x + reach, height - 1.15, z - 0.1, rng)


def _regular_polygon(centre, radius, corners, angle):
    """A regular polygon around an image point, first corner at ``angle`` (radians,
    measured clockwise on screen from the +u axis)."""
    angles = angle + np.linspace(0, 2 * np.pi, corners, endpoint=False)
    return centre + radius * np.stack([np.cos(angles), np.sin(angles)], 1)


def draw_sign(canvas, x, y, z, rng):
    """A sign panel (square, round or triangular) facing the camera, often with a
    light inner field."""
    camera = canvas.camera
    size = rng.uniform(0.5, 0.8)
    centre = camera.project([(x, y + size / 2, z)])[0]
    radius = size / 2 * camera.pixels_per_metre(z)
    corners, angle, stretch = [(4, np.pi / 4, 1.41), (16, 0.0, 1.0),
                               (3, -np.pi / 2, 1.2)][rng.integers(3)]
    outline = _regular_polygon(centre, radius * stretch, corners, angle)
    index = canvas.add('traffic_sign', z)
    canvas.fill(index, outline)
    if rng.random() < 0.6:
        canvas.mark(centre + 0.6 * (outline - centre), shade=SHADE_BRIGHT)


def draw_traffic_light(canvas, x, y, z, rng):
    """A housing with three lamps, one of them lit."""
    camera = canvas.camera
    add_box(canvas, 'traffic_light', Box(x - 0.17, x + 0.17, y, y + 0.95, z, z + 0.3))
    pixels, lit = camera.pixels_per_metre(z), rng.integers(3)
    for k, lamp_y in enumerate((y + 0.77, y + 0.48, y + 0.19)):
        centre = camera.project([(x, lamp_y, z)])[0]
        canvas.mark(ellipse(centre[0], centre[1], 0.11 * pixels, 0.11 * pixels, 12),
                    shade=SHADE_BRIGHT if k == lit else SHADE_DARK)


def _metric_frame(camera, x, z, facing=1.0):
    """Image point of (dx, dy) metres beside / above the ground point (x, 0, z), with
    dx mirrored when ``facing`` is -1: for figures drawn flat, facing sideways."""
    foot, pixels = camera.project([(x, 0, z)])[0], camera.pixels_per_metre(z)
    return lambda dx, dy: foot + pixels * np.array([facing * dx, -dy]), pixels


def draw_person(canvas, x, z, rng, name='person', facing=1.0, seated_on=None):
    """A walking figure, or a rider seated with the hip at image point ``seated_on``
    and the legs towards ``facing``."""
    camera = canvas.camera
    frame, pixels = _metric_frame(camera, x, z, facing)
    height = rng.uniform(1.55, 1.9)
    index = canvas.add(name, z, extent=(0.6, height))
    if seated_on is None:
        hip, shoulder, top, shift = 0.52 * height, height - 0.25, height, 0.0
    else:
        hip, shoulder, top = 0.95, 1.5, 1.78
        shift = seated_on - frame(0.0, hip)

    def at(dx, dy):
        return frame(dx, dy) + shift
    if seated_on is not None:
        knee = at(0.35, hip - 0.05)
        limbs = [segment(at(0.0, hip), knee, 0.14 * pixels),
                 segment(knee, at(0.3, 0.35), 0.12 * pixels),
                 segment(at(0.1, shoulder - 0.05), at(0.6, hip + 0.05), 0.09 * pixels)]
    else:
        stride = rng.uniform(-0.3, 0.3)
        limbs = [segment(at(-0.07, hip), at(-0.07 + stride, 0), 0.14 * pixels),
                 segment(at(0.07, hip), at(0.07 - stride, 0), 0.14 * pixels),
                 segment(at(-0.18, shoulder), at(-0.22 - stride / 2, hip - 0.05), 0.09 * pixels),
                 segment(at(0.18, shoulder), at(0.22 + stride / 2, hip - 0.05), 0.09 * pixels)]
    head = at(0.0, top - 0.11)
    torso = np.array([at(-0.2, shoulder), at(0.2, shoulder), at(0.16, hip), at(-0.16, hip)])
    for part in [ellipse(head[0], head[1], 0.09 * pixels, 0.115 * pixels, 12), torso] + limbs:
        canvas.fill(index, part)


def draw_two_wheeler(canvas, x, z, rng, name='bicycle', rider=True):
    """A bicycle (rings and a frame) or a motorcycle (solid wheels and a body) seen from
    the side, with a seated rider when ``rider``."""
    camera = canvas.camera
    facing = float(rng.choice([-1.0, 1.0]))
    at, pixels = _metric_frame(camera, x, z, facing)
    index = canvas.add(name, z + 0.1, extent=(1.8, 1.1))
    radius = 0.34 if name == 'bicycle' else 0.32
    back, front = at(-0.55, radius), at(0.55, radius)
    if name == 'bicycle':
        saddle, bar, crank = at(-0.15, 0.85), at(0.45, 0.95), at(0.05, radius)
        for wheel in (back, front):
            canvas.fill(index, *ring(wheel[0], wheel[1], radius * pixels, max(0.06 * pixels, 0.8)))
        for start, end in ((back, saddle), (saddle, bar), (bar, front), (back, crank),
                           (crank, bar)):
            canvas.fill(index, segment(start, end, max(0.05 * pixels, 0.8)))
    else:
        saddle = at(-0.2, 0.9)
        for wheel in (back, front):
            canvas.fill(index, ellipse(wheel[0], wheel[1], radius * pixels, radius * pixels, 16),
                        shade=SHADE_DARK)
        canvas.fill(index, np.array([at(-0.6, 0.55), at(-0.2, 0.9), at(0.45, 0.95), at(0.6, 0.6),
                                     at(0.2, 0.35), at(-0.4, 0.35)]))
    if rider:
        draw_person(canvas, x, z - 0.05, rng, name='rider', facing=facing, seated_on=saddle)


def draw_car(canvas, x, z, rng):
    """A car from behind: body box, narrower cabin with dark windows, dark tyres
    (all four first, then the body over them, then those on the visible side)."""
    camera = canvas.camera
    width, length = rng.uniform(1.7, 1.9), rng.uniform(4.0, 4.8)
    body_top, roof = rng.uniform(0.95, 1.1), rng.uniform(1.4, 1.55)
    half = width / 2
    body = Box(x - half, x + half, 0.3, body_top, z, z + length).clipped()
    index = canvas.add('car', body.z0, *box_texture_quad(camera, body))
    wheels = {s: [Box(x + s * (half - 0.3) - 0.13, x + s * (half - 0.3) + 0.13, 0, 0.62, z + dz,
                      z + dz + 0.62).clipped() for dz in (0.4, length - 1.1)] for s in (-1, 1)}
    for wheel in wheels[-1] + wheels[1]:
        canvas.fill(index, silhouette(camera, wheel), shade=SHADE_DARK)
    fill_box(canvas, index, body)
    visible_side = -1 if body.x0 > 0 else 1 if body.x1 < 0 else None
    for wheel in wheels.get(visible_side, []):
        canvas.fill(index, silhouette(camera, wheel), shade=SHADE_DARK)
    cabin = Box(x - half + 0.13, x + half - 0.13, body_top, roof,
                z + 0.9, z + length - 1.2).clipped()
    fill_box(canvas, index, cabin, lit=None)
    canvas.mark(camera.project(face_part(cabin.front(), 0.08, 0.92, 0.12, 0.9)), shade=SHADE_DARK)
    if cabin.side() is not None:
        canvas.mark(camera.project(face_part(cabin.side(), 0.05, 0.95, 0.12, 0.9)),
                    shade=SHADE_DARK)


LARGE_VEHICLES = dict(bus=(2.55, 3.2, 12.0), truck=(2.5, 3.6, 7.5), train=(2.65, 3.5, 26.0))


def draw_large_vehicle(canvas, name, x, z, rng):
    """A bus, a truck (cargo box in front of its cab) or a tram (``'train'``): boxes
    with tyres and, for buses and trams, a dark window band."""
    camera = canvas.camera
    width, height, length = LARGE_VEHICLES[name]
    half, lift = width / 2, 0.0 if name == 'train' else 0.35
    box = Box(x - half, x + half, lift, height, z, z + length).clipped()
    index = canvas.add(name, box.z0, *box_texture_quad(camera, box))
    if name == 'truck':
        fill_box(canvas, index, Box(x - half + 0.05, x + half - 0.05, 0.4, 2.9, z + length + 0.2,
                                    z + length + 2.4))
    if lift:
        for s in (-1, 1):
            for dz in (1.0, length - 2.0):
                wheel = Box(x + s * (half - 0.35) - 0.15, x + s * (half - 0.35) + 0.15, 0, 0.95,
                            z + dz, z + dz + 0.95)
                canvas.fill(index, silhouette(camera, wheel.clipped()), shade=SHADE_DARK)
    fill_box(canvas, index, box)
    if name != 'truck':
        canvas.mark(camera.project(face_part(box.front(), 0.1, 0.9, 0.1, 0.45)), shade=SHADE_DARK)
        if box.side() is not None:
            canvas.mark(camera.project(face_part(box.side(), 0.03, 0.97, 0.15, 0.45)),
                        shade=SHADE_DARK)


def draw_static(canvas, x, z, rng):
    """A bin, bench or crate: a small box of the void class 'static'."""
    size = rng.uniform(0.4, 1.0)
    add_box(canvas, 'static',
            Box(x - size / 2, x + size / 2, 0, rng.uniform(0.5, 1.2), z, z + size))


def draw_ego_hood(canvas, fraction):
    """The ego vehicle's bonnet across the bottom of the image (void class 1)."""
    camera = canvas.camera
    width, height = camera.width, camera.height
    xs = np.linspace(-0.02 * width, 1.02 * width, 17)
    top = height - fraction * height * (1 - 0.45 * ((xs - width / 2) / (width / 2)) ** 2)
    outline = np.concatenate([np.stack([xs, top], 1),
                              [(1.02 * width, height + 1), (-0.02 * width, height + 1)]])
    index = canvas.add('ego_vehicle', 0.5, material='ego', extent=(2.0, 0.5))
    canvas.fill(index, outline)


# --------------------------------------------------------------------- the layout

@dataclass(order=True)
class PlanItem:
    """``function(canvas, *args)`` to run, ordered by layer, then far to near
    (``distance`` is minus the depth); ties keep planning order."""
    layer: int
    distance: float
    function: callable = field(compare=False)
    args: tuple = field(compare=False)


BACKDROP, STREET_FRONT, BOUNDARY, FOREGROUND = range(4)


def plan_item(layer, depth, function, *args):
    """Plan ``function(canvas, *args)`` for an object ``depth`` metres away in ``layer``
    (``BACKDROP`` < ``STREET_FRONT`` < ``BOUNDARY`` < ``FOREGROUND``)."""
    return PlanItem(layer, -float(depth), function, args)


def draw_plan(canvas, plan):
    """Painter's algorithm: draw layer by layer, far to near, so nearer objects overwrite
    (occlude) farther ones in all three maps."""
    for item in sorted(plan):
        item.function(canvas, *item.args)


def _plan_side(street, side, rng):
    """Buildings, gaps (with trees, walls, fences, hedges, distant buildings), poles,
    trees, people, parked bicycles and street furniture along one side."""
    plan = []
    line = street.building_line(side)
    z, stop = -rng.uniform(0, 12), min(street.end, 150.0)
    while z < stop:
        length = min(rng.uniform(8, 28), stop - z + 5)
        setback = rng.uniform(0, 1.5)
        near_x = street.x(side, line + setback)
        if z + length > NEAR + 1:
            if rng.random() < 0.72:
                box = Box(*sorted((near_x, near_x + side * 18)), 0, rng.uniform(6, 30),
                          z, z + length)
                plan.append(plan_item(STREET_FRONT, max(z, NEAR), draw_building, box, rng))
            else:
                plan += _plan_gap(street, side, z, length, rng)
        z += length
    z = rng.uniform(2, 14)
    while z < 90:
        plan.append(plan_item(FOREGROUND, z, draw_pole, street, side,
                              street.x(side, street.verge[side] + 0.35), z, rng))
        z += rng.uniform(12, 30)
    if rng.random() < 0.5:
        offset = street.verge[side] / 2 if street.verge[side] > 1.5 else line - 0.8
        z = rng.uniform(3, 12)
        while z < 80:
            plan.append(plan_item(FOREGROUND, z, draw_tree, street.x(side, offset), z, rng))
            z += rng.uniform(8, 18)
    walk = (street.verge[side] + 0.4, line - 0.4)
    for _ in range(rng.poisson(2.0)):
        z = rng.uniform(4, 60)
        plan.append(plan_item(FOREGROUND, z, draw_person, street.x(side, rng.uniform(*walk)),
                              z, rng))
    for _ in range(rng.poisson(0.6)):
        z = rng.uniform(4, 50)
        plan.append(plan_item(FOREGROUND, z, draw_static, street.x(side, rng.uniform(*walk)),
                              z, rng))
    for _ in range(rng.poisson(0.3)):
        z = rng.uniform(5, 40)
        plan.append(plan_item(FOREGROUND, z, draw_two_wheeler,
                              street.x(side, rng.uniform(*walk)), z, rng, 'bicycle', False))
    return plan


BOUNDARY_HEIGHTS = dict(wall=(1.5, 3.0), fence=(1.1, 2.2), hedge=(0.8, 1.6))  # metres


def _plan_gap(street, side, z, length, rng):
    """What fills a gap between buildings: trees and distant buildings behind, and a
    wall, fence or hedge along the property line."""
    plan = []
    line_x = street.x(side, street.building_line(side))
    if rng.random() < 0.5:
        far_x = line_x + side * rng.uniform(12, 30)
        box = Box(*sorted((far_x, far_x + side * 20)), 0, rng.uniform(8, 35), z, z + length)
        plan.append(plan_item(BACKDROP, z, draw_building, box, rng))
    for _ in range(rng.integers(0, 4)):
        tree_z = max(z + rng.uniform(0, length), 3.0)
        plan.append(plan_item(STREET_FRONT, tree_z, draw_tree,
                              line_x + side * rng.uniform(2, 10), tree_z, rng,
                              rng.uniform(1.2, 1.8)))
    kind = rng.choice(['wall', 'fence', 'hedge', 'open'], p=[0.3, 0.3, 0.25, 0.15])
    if kind != 'open':
        height = rng.uniform(*BOUNDARY_HEIGHTS[kind])
        thickness = 1.0 if kind == 'hedge' else 0.25
        box = Box(*sorted((line_x, line_x + side * thickness)), 0, height, z, z + length)
        plan.append(plan_item(BOUNDARY, max(z, NEAR), _draw_boundary, kind, box))
    return plan


def _draw_boundary(canvas, kind, box):
    """A wall, a fence (with darker posts and rails) or a hedge along the property line."""
    name = dict(wall='wall', fence='fence', hedge='vegetation')[kind]
    index = add_box(canvas, name, box, lit='side', material='foliage' if kind == 'hedge' else None)
    box = box.clipped()
    face = box.side()
    if kind != 'fence' or face is None:
        return
    camera = canvas.camera
    for u in np.arange(0, 1, 2.0 / max(box.z1 - box.z0, 2.0)):
        canvas.mark(camera.project(face_part(face, u, u + 0.12 / (box.z1 - box.z0), 0, 1)),
                    shade=SHADE_DARK)
    for v in (0.15, 0.55):
        canvas.fill(index, camera.project(face_part(face, 0, 1, v, v + 0.08)), shade=SHADE_DARK)


def _plan_road(street, rng):
    """Moving and parked cars, buses, trucks, a tram, riders on two-wheelers."""
    plan, taken = [], {lane: [] for lane in range(street.lanes)}

    def place(lane, z, length):
        """Claim a stretch of ``lane`` at ``z`` unless a vehicle is already near."""
        if any(abs(z - other) < length + 3 for other in taken[lane]):
            return False
        taken[lane].append(z)
        return True
    for name, probability, length in (('bus', 0.2, 12), ('truck', 0.2, 10), ('train', 0.06, 26)):
        if rng.random() < probability:
            lane = street.lanes // 2 if name == 'train' else int(rng.integers(street.lanes))
            z = rng.uniform(12, 80)
            if place(lane, z, length):
                plan.append(plan_item(FOREGROUND, z, draw_large_vehicle, name,
                                      street.lane_centre(lane), z, rng))
    for _ in range(rng.poisson(3.0)):
        lane, z = int(rng.integers(street.lanes)), rng.uniform(6, 90)
        if place(lane, z, 5):
            x = street.lane_centre(lane) + rng.uniform(-0.3, 0.3)
            plan.append(plan_item(FOREGROUND, z, draw_car, x, z, rng))
    for side in (-1, 1):
        if rng.random() < 0.5:
            z = rng.uniform(3, 10)
            while z < 60:
                if rng.random() < 0.7:
                    plan.append(plan_item(FOREGROUND, z, draw_car, street.x(side, -1.1), z, rng))
                z += rng.uniform(5.5, 9.0)
    for name, probability in (('bicycle', 0.3), ('motorcycle', 0.2)):
        if rng.random() < probability:
            side, z = int(rng.choice([-1, 1])), rng.uniform(5, 50)
            plan.append(plan_item(FOREGROUND, z, draw_two_wheeler, street.x(side, -0.9), z, rng,
                                  name))
    if rng.random() < 0.15:
        z = rng.uniform(6, 30)
        crossing = street.x(1, -rng.uniform(0, 2 * street.half_width))
        plan.append(plan_item(FOREGROUND, z, draw_person, crossing, z, rng))
    return plan


def make_scene(rng, size, rig):
    """Draw one random street scene of image ``size`` (width, height) seen by ``rig``."""
    camera = sample_camera(rng, size, rig)
    canvas = SceneCanvas(camera)
    street = sample_street(rng)
    draw_ground(canvas, street, rng)
    plan = _plan_side(street, -1, rng) + _plan_side(street, 1, rng) + _plan_road(street, rng)
    if street.end < FAR:
        half = street.end * camera.width / (2 * camera.focal) + 10
        box = Box(-half, half, 0, rng.uniform(8, 30), street.end, street.end + 20)
        plan.append(plan_item(BACKDROP, street.end, draw_building, box, rng, 'front'))
    draw_plan(canvas, plan)
    if rig.hood:
        draw_ego_hood(canvas, rig.hood)
    return canvas.finish()
