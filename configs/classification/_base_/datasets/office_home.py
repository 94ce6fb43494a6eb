# Office-Home (Venkateswara et al. 2017), SymNets Table 3's protocol: every labelled source
# image and every unlabelled target image train; the whole target domain is evaluated.
# Art -> Clipart here; any other of the 12 tasks by naming the two domains (Art, Clipart,
# Product, Real_World), e.g. Pr -> Rw:
#   --cfg-options train_dataloader.dataset.source.domain=Product \
#       train_dataloader.dataset.target.domain=Real_World \
#       val_dataloader.dataset.domain=Real_World test_dataloader.dataset.domain=Real_World
_base_ = ['./object_pipelines.py']
office_home_root = 'data/office_home'
source = dict(type='OfficeHomeDataset', data_root=office_home_root, domain='Art',
              pipeline={{_base_.train_pipeline}})
target = dict(type='OfficeHomeDataset', data_root=office_home_root, domain='Clipart',
              with_labels=False, pipeline={{_base_.train_pipeline}})
target_test = dict(type='OfficeHomeDataset', data_root=office_home_root, domain='Clipart',
                   pipeline={{_base_.test_pipeline}}, test_mode=True)
train_dataloader = dict(dataset=dict(source=source, target=target))
val_dataloader = dict(dataset=target_test)
test_dataloader = dict(dataset=target_test)
