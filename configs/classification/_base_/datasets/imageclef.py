# ImageCLEF-DA (the ImageCLEF 2014 domain adaptation challenge; SymNets Sec. 4.1, Table 2):
# Caltech-256 (c), ImageNet ILSVRC 2012 (i) and Pascal VOC 2012 (p), 12 classes x 50 images
# each, read from the archive's list/{c,i,p}List.txt (ImageCLEFDataset). The protocol of
# Table 2: every labelled source image and every unlabelled target image train; the whole
# target domain is evaluated. I -> P here; any other of the 6 tasks by naming the two
# domains, e.g. P -> C:
#   --cfg-options train_dataloader.dataset.source.domain=p \
#       train_dataloader.dataset.target.domain=c val_dataloader.dataset.domain=c \
#       test_dataloader.dataset.domain=c
_base_ = ['./object_pipelines.py']
imageclef_root = 'data/imageclef'
source = dict(type='ImageCLEFDataset', data_root=imageclef_root, domain='i',
              pipeline={{_base_.train_pipeline}})
target = dict(type='ImageCLEFDataset', data_root=imageclef_root, domain='p',
              with_labels=False, pipeline={{_base_.train_pipeline}})
target_test = dict(type='ImageCLEFDataset', data_root=imageclef_root, domain='p',
                   pipeline={{_base_.test_pipeline}}, test_mode=True)
train_dataloader = dict(dataset=dict(source=source, target=target))
val_dataloader = dict(dataset=target_test)
test_dataloader = dict(dataset=target_test)
