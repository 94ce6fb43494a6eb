"""The two camera networks of the embedded re-ID pair, differing the way VIPeR and PRID do.

``viper`` (the source, VIPeR layout): outdoor street scenes that change with every image,
128 x 48 frames filled by the person, neutral colour; camera A sees people from the front
or the back in sunlight, camera B from the side (VIPeR's viewpoint change of about 90
degrees) in shade.

``prid`` (the target, PRID layout): two fixed cameras with static scenes, 128 x 64 frames
with the person smaller, low contrast and more blur; camera A (seeing backs) casts the
image warm (red up, blue down), camera B (seeing fronts) cold (blue-green up), as PRID's
two cameras differ in colour rendition.

So the source teaches invariance to brightness and viewpoint, but not to the target's
colour casts between its cameras, nor to its blur, framing and backgrounds.
"""
from .render import CameraStyle

VIPER_CAMERAS = (
    CameraStyle(size=(128, 48), views=('front', 'back'), gain=(0.95, 1.3), cast=(1.0, 1.0, 1.0),
                cast_jitter=0.05, contrast=(0.9, 1.1), gamma=(0.9, 1.1), blur=(0.3, 0.7),
                noise=0.02, person_scale=(0.95, 1.05)),
    CameraStyle(size=(128, 48), views=('side',), gain=(0.55, 0.85), cast=(1.0, 1.0, 1.05),
                cast_jitter=0.05, contrast=(0.85, 1.05), gamma=(0.9, 1.1), blur=(0.3, 0.7),
                noise=0.02, person_scale=(0.95, 1.05)),
)
PRID_CAMERAS = (
    CameraStyle(size=(128, 64), views=('back',), gain=(0.8, 1.0), cast=(1.2, 1.0, 0.8),
                cast_jitter=0.04, contrast=(0.6, 0.8), gamma=(1.0, 1.2), blur=(0.8, 1.4),
                noise=0.03, person_scale=(0.85, 0.95), background='static',
                scene_colours=((0.55, 0.55, 0.5), (0.45, 0.45, 0.42), (0.35, 0.33, 0.3))),
    CameraStyle(size=(128, 64), views=('front',), gain=(0.9, 1.2), cast=(0.8, 1.0, 1.2),
                cast_jitter=0.04, contrast=(0.6, 0.8), gamma=(0.9, 1.1), blur=(1.0, 1.6),
                noise=0.03, person_scale=(0.85, 0.95), background='static',
                scene_colours=((0.3, 0.45, 0.3), (0.5, 0.5, 0.5), (0.4, 0.42, 0.4))),
)
