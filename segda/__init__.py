"""SegDA: unsupervised domain adaptation on mmengine.

Three tasks share one set of methods (source only, DANN, ADR and its ENT baseline,
SymNets, domain confusion): semantic segmentation (GTA5 / SYNTHIA -> Cityscapes),
classification (digits, Office-31, Office-Home, ImageCLEF-DA, VisDA-2017) and person
re-identification (VIPeR, PRID 2011, CUHK, Market-1501).
"""

__version__ = '0.1.0'
