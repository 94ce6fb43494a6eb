# ADR on two moons (ADR Sec. 4.1, see _base_/adr_moons.py), target rotated by 30 degrees
# (ADR reports 96%; source only 84%). Per iteration: Step 1 G and C learn the source,
# Step 2 C maximises the sensitivity d(p1, p2) of two dropout samples on the target while
# keeping the source right, Step 3 G minimises it, n = 4 times.
#
# The weight of the sensitivity. Eq. 3 trades the source loss against d with no weight.
# With d the symmetric KL of Eq. 1, computed once from the logits, the critic wins on this
# 5-neuron network: it inflates d without bound and C ends near chance on both domains
# (source 53.6%, target 52.7%, runner seeds 0-4). The official code applies softmax twice
# before its KL, which bounds that term and shrinks its gradients (6-15x below Eq. 1's on
# random logits, more the more confident C is): it never plays Eq. 1 at full weight. So
# this config weighs d by 1/100 against the source cross entropy in Steps 2 and 3
# (sensitivity_weight). The weight was chosen on SOURCE accuracy alone (measured as source
# loss weights 1, 3, 10, 100, 1000, the same under Adam, i.e. sensitivity weights 1, 1/3,
# 1/10, 1/100, 1/1000: C's source accuracy 53.6 / 77.9 / 92.6 / 96.3 / 95.8%, seeds 0-4).
_base_ = ['./_base_/adr_moons.py']
model = dict(type='ADR', generator_steps=4, discrepancy='symkl', sensitivity_weight=0.01)
