# DAFormer's network scaled down for CPU runs on SynthCity: G = MiT-B0 (SegFormer's smallest
# encoder: embed dims 32, 64, 160, 256, depths 2, 2, 2, 2; SegFormer's mit_b0) from scratch
# (no ImageNet weights), C = DAFormer's decoder narrowed to 64 channels (embed_dims and
# channels; a SegDA choice, as fcn_r18_scratch.py narrows the FCN to 128, to keep the
# stride-4 ASPP cheap). Every other value is daformer_mitb5.py's (drop_path_rate 0.1,
# dilations 1, 6, 12, 18, dropout 0.1, the preprocessor, the label space).
_base_ = ['./daformer_mitb5.py']
model = dict(task=dict(backbone=dict(arch='b0', pretrained=None),
                       decoder=dict(embed_dims=64, channels=64)))
