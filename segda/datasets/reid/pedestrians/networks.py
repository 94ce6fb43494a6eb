"""The two camera networks of the embedded re-ID pair, differing the way VIPeR and PRID do.

``viper`` (the source, VIPeR layout): outdoor street scenes that change with every image,
128 x 48 frames filled by the person; camera A sees people from the front or the back in
sunlight (white balance a little warm), camera B from the side (VIPeR's viewpoint change
of about 90 degrees) in shade (a little cool). The light's colour changes from image to
image (time of day, weather: ``cast_jitter`` 0.12 per channel), as in VIPeR, whose
images span a wide range of illumination.

``prid`` (the target, PRID layout): two fixed cameras with static scenes, 128 x 64 frames
with the person smaller, low contrast, paler colours, more blur and half the resolution
(low-resolution crops upsampled); camera A (seeing backs) casts the image warm (red up,
blue down), camera B (seeing fronts) cold (blue up, red down), as PRID's two cameras
differ in colour rendition. The casts are stronger than any the source shows between
its cameras, and the view pair (back to front) is not the source's (front or back to
side).

So the source teaches some invariance to brightness, light colour and viewpoint, which
carries over in part; it does not teach the target's stronger casts, its blur and low
resolution, its framing and backgrounds. The people are drawn from one distribution
(``appearance.sample_appearance``) in both networks.
"""
from .render import CameraStyle

VIPER_CAMERAS = (
    CameraStyle(size=(128, 48), views=('front', 'back'), gain=(0.95, 1.3),
                cast=(1.06, 1.0, 0.92), cast_jitter=0.12, contrast=(0.9, 1.1),
                saturation=(0.85, 1.1), gamma=(0.9, 1.1), blur=(0.3, 0.7), noise=0.02,
                person_scale=(0.95, 1.05)),
    CameraStyle(size=(128, 48), views=('side',), gain=(0.55, 0.85), cast=(0.94, 1.0, 1.08),
                cast_jitter=0.12, contrast=(0.85, 1.05), saturation=(0.8, 1.05),
                gamma=(0.9, 1.1), blur=(0.3, 0.7), noise=0.02, person_scale=(0.95, 1.05)),
)
PRID_CAMERAS = (
    CameraStyle(size=(128, 64), views=('back',), gain=(0.8, 1.0), cast=(1.2, 1.0, 0.8),
                cast_jitter=0.04, contrast=(0.6, 0.8), saturation=(0.7, 0.9), gamma=(1.0, 1.2),
                blur=(0.6, 1.0), resolution=0.5, noise=0.02, person_scale=(0.85, 0.95),
                background='static',
                scene_colours=((0.55, 0.55, 0.5), (0.45, 0.45, 0.42), (0.35, 0.33, 0.3))),
    CameraStyle(size=(128, 64), views=('front',), gain=(0.9, 1.2), cast=(0.8, 1.0, 1.2),
                cast_jitter=0.04, contrast=(0.6, 0.8), saturation=(0.7, 0.9), gamma=(0.9, 1.1),
                blur=(0.6, 1.0), resolution=0.5, noise=0.02, person_scale=(0.85, 0.95),
                background='static',
                scene_colours=((0.3, 0.45, 0.3), (0.5, 0.5, 0.5), (0.4, 0.42, 0.4))),
)
