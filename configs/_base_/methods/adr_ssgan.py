# ADR's semi-supervised GAN (Saito et al., ICLR 2018, Sec. 4.3, Eq. 6-9): the task model is
# the critic C (a K-class classifier with dropout), the method adds the image generator G.
# Each iteration: C minimises L(X_L, Y_L) + L_adv(X_u) - L_adv(X_g) + class balance (Eq. 6),
# then G minimises L_adv(X_g) + feature matching (Eq. 9); L_adv = symmetric KL of two dropout
# samples of C (Eq. 7-8). The train data pairs the labelled subset (source) with the
# unlabelled set (target). The leaf sets image_generator.
method = dict(
    type='ADRSemiSupervisedGAN',
    class_balance_weight=1.0,      # Eq. 6's fourth term, read as -H(mean prediction): weight 1
    feature_matching_weight=1.0,   # Eq. 9's ||E f(x_g) - E f(x_u)||^2: weight 1 as printed
    reduction='sum',               # d summed over classes (Eq. 1 as printed)
    clean_layer=None)              # 'conv6': appendix E's classifier (CIFAR-10)
# G learns with a copy of the critic head's optimiser unless a leaf gives
# optim_wrapper.image_generator its own (segda.apis.config.give_parts_optimizers); a leaf that
# sets clean_layer gives optim_wrapper.clean_head.
method_parts = dict(image_generator='head')
