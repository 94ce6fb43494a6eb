# DACS (Tranheden et al., WACV 2021) as DAFormer's code runs it (mmseg/models/uda/dacs.py,
# configs/_base_/uda/dacs.py): an EMA teacher of G + C labels the target; half the classes of
# each source image are pasted onto a target image (ClassMix), labels with the teacher's
# pseudo-labels alike; colour jitter and blur; G and C minimise the source cross entropy plus
# the mixed images' cross entropy weighted by the share q of confident pseudo-labels; then
# teacher <- alpha_t teacher + (1 - alpha_t) student, alpha_t = min(1 - 1 / (t + 1), alpha).
# The teacher has no optimiser: no method_parts.
method = dict(
    type='DACS',
    alpha=0.99,                    # DACS (trainUDA.py, the paper); DAFormer: 0.999
    pseudo_threshold=0.968,        # tau of q (DACS and DAFormer)
    pseudo_weight_ignore_top=0,    # rows of pseudo-labels weighed 0; DAFormer: 15 and 120
    pseudo_weight_ignore_bottom=0,
    color_jitter_strength=0.2,     # DAFormer's DACS; DACS's own code: 0.25
    color_jitter_prob=0.8,         # both codes jitter when U(0, 1) > 0.2
    blur_prob=0.5,                 # both codes blur when U(0, 1) > 0.5, sigma ~ U(0.15, 1.15)
    eval_network='student')        # evaluated: the student, as DAFormer ('teacher': the EMA)
