# ADR, Adversarial Dropout Regularization (Saito et al., ICLR 2018, Sec. 3.2):
#   Step 1: G, C minimise the source cross entropy.
#   Step 2: C minimises CE_source - d(p1, p2) on target (two dropout samples, symmetric KL).
#   Step 3: G minimises d(p1, p2) on target, `generator_steps` = 4 times.
# C is the whole head with its dropout (the critic, appendix D).
# ENT, the entropy baseline of appendix A, is this block with type='ENT' (set in its leaves):
# ADR's three steps with the dropout discrepancy replaced by the entropy of C's target
# predictions (C maximises it, G minimises it); `discrepancy` is then unused.
method = dict(
    type='ADR',
    generator_steps=4,
    discrepancy='symkl',           # 'symkl' (Eq. 1) or 'l1'
    sensitivity_weight=1.0,        # w: Step 2 minimises CE_source - w d, Step 3 w d (paper: 1)
    cond_entropy_weight=0.0,       # Eq. 5 is ambiguous; both entropy terms off by default
    marginal_entropy_weight=0.0,
    clean_head=None,               # True: also train C' on source features, evaluated alongside
    reduction='mean',              # d (Eq. 1) summed over classes ('sum', as printed) or their
                                   # mean ('mean', the official code's scale, d / K)
    step1_bn='source')             # Step 1 on the source alone ('source', Sec. 3.2) or on both
                                   # domains in one batch ('joint', the official code)
# C' (clean_head=True) learns with the optimiser of C (a copy of optim_wrapper.head) unless a
# leaf gives optim_wrapper.clean_head its own (segda.apis.config.give_parts_optimizers).
method_parts = dict(clean_head='head')
