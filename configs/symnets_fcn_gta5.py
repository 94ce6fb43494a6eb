# SymNets (Zhang et al., CVPR 2019), per pixel. Split at the classifier layer (Sec. 3, 4.1):
# Cs = the FCN's score convs, Ct = a second set added by the method, [v_s; v_t] = 2K = 38
# logits per pixel; fc6/fc7 belong to G. Cs and Ct minimise Eq. 5 + 6 + 7; G (the ResNet and
# fc6/fc7) minimises Eq. 8 + lambda_p (Eq. 9 + 10). Predictions come from Ct
# (eval_classifier='target').
_base_ = [
    '_base_/models/fcn_r50.py',
    '_base_/datasets/gta5_to_cityscapes.py',
    '_base_/methods/symnets.py',
    '_base_/schedules/parts_sgd.py',  # and target_entropy/im/snd at each validation
]
# The classifier layers (Cs, Ct) learn 10x faster than G, as in the paper.
optim_wrapper = dict(head=dict(optimizer=dict(lr=1e-2)))
