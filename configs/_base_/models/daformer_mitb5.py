# DAFormer's network (Hoyer et al., CVPR 2022): G = SegFormer's MiT-B5 encoder (Xie et al.,
# NeurIPS 2021), C = DAFormer's decoder with context-aware feature fusion (Sec. 3.2). Where each
# value comes from:
# - MiT-B5 (embed dims 64, 128, 320, 512; depths 3, 6, 40, 3; heads 1, 2, 5, 8; sr ratios
#   8, 4, 2, 1; drop_path_rate 0.1): SegFormer's mit_b5, which DAFormer's
#   configs/_base_/models/daformer_conv1_mitb5.py builds (backbone=dict(type='mit_b5')).
# - pretrained='pretrained/mit_b5.pth': the same file (SegFormer's ImageNet-1k MiT-B5; DAFormer's
#   README puts it in pretrained/). SegDA never downloads it: a missing file says where to get
#   it, and --cfg-options model.task.backbone.pretrained=None trains from scratch.
# - decoder embed_dims=256, channels=256, dropout=0.1, align_corners=False: daformer_conv1_mitb5.py
#   (decoder_params.embed_dims, channels, dropout_ratio); dilations (1, 6, 12, 18) with
#   depthwise-separable 3x3 branches, BN + ReLU, no image pooling:
#   daformer_sepaspp_mitb5.py (fusion_cfg type='aspp', sep=True, pool=False).
# - data preprocessor mean/std (ImageNet, RGB, 0-255): DAFormer's img_norm_cfg, the same as the
#   other SegDA segmentation model bases.
# - num_classes: the label space (19 Cityscapes classes, DAFormer's num_classes=19).
num_classes = 19
model = dict(
    type='SourceOnly',
    data_preprocessor=dict(type='SegDataPreProcessor',
                           mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375]),
    task=dict(
        type='Segmentor',
        backbone=dict(type='MixVisionTransformer', arch='b5', pretrained='pretrained/mit_b5.pth',
                      drop_path_rate=0.1),
        decoder=dict(type='DAFormerHead', embed_dims=256, channels=256,
                     dilations=(1, 6, 12, 18), dropout=0.1, align_corners=False),
        num_classes=num_classes, ignore_index=255))
