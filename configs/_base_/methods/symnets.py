# SymNets (Zhang et al., CVPR 2019), per pixel, split at the classifier layer (Sec. 3, 4.1):
# Cs = the task's classifier layer (the FCN's score convs), Ct = a second one the method
# adds, [v_s; v_t] = 2K logits per pixel; everything below (the FCN's fc6/fc7 included) is G.
# Cs and Ct minimise Eq. 5 + 6 + 7; G minimises Eq. 8 + lambda_p (Eq. 9 + 10). Predictions
# come from Ct (eval_classifier='target'). Source and target go through the networks in
# separate forwards, each normalised by its own BatchNorm batch (domain_bn='separate', the
# official code); the configs give Cs/Ct ('head') 10x G's learning rate (Sec. 4.1).
method = dict(type='SymNets', eval_classifier='target', domain_bn='separate')
