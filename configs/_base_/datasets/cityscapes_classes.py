# The label space of Cityscapes, shared by GTA5 and SynthCity (they store Cityscapes label
# ids): the 19 training classes of segda/datasets/cityscapes_labels.py. The model configs
# read num_classes from here; the datasets declare the class names in their metainfo, which
# the metrics and visualisers read.
num_classes = 19
