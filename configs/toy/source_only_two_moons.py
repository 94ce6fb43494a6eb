# Source only on ADR's two moons (ADR Sec. 4.1, see _base_/adr_moons.py): G and C trained on
# the labelled source, evaluated on the target rotated by 30 degrees. No adaptation: the
# lower bound of adr_two_moons.py (ADR reports 84% on its target). The domain pairs feed
# SourceOnly their source half only, so all toy runs share one dataloader.
_base_ = ['./_base_/adr_moons.py']
model = dict(type='SourceOnly')
