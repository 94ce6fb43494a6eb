# SymNets (Zhang et al., CVPR 2019), per pixel: the FCN decoder outputs 2K = 38 logits
# [v_s; v_t]. The classifiers minimise Eq. 5 + 6 + 7; G minimises Eq. 8 + lambda_p (Eq. 9 + 10).
# Predictions come from Ct (eval_classifier='target'). The head learns 10x faster than G.
_base_ = [
    '_base_/models/fcn_r50.py',
    '_base_/datasets/gta5_to_cityscapes.py',
    '_base_/schedules/parts_sgd_invlr_40k.py',
    '_base_/default_runtime.py',
]
model = dict(type='SymNets', num_classes=19, eval_classifier='target',
             task=dict(num_classes=38, decoder=dict(num_classes=38)))
optim_wrapper = dict(head=dict(optimizer=dict(lr=1e-2)))
