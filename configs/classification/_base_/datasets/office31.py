# Office-31 (Saenko et al. 2010), the "fully-transductive" protocol of DANN (JMLR 2016,
# Sec. 5.2.4) and SymNets (Sec. 4.1): every labelled source image and every unlabelled target
# image train; the whole target domain is evaluated. Amazon -> Webcam here; any other task
# by naming the two domains (amazon, dslr, webcam), e.g. D -> A:
#   --cfg-options train_dataloader.dataset.source.domain=dslr \
#       train_dataloader.dataset.target.domain=amazon val_dataloader.dataset.domain=amazon \
#       test_dataloader.dataset.domain=amazon
_base_ = ['./object_pipelines.py']
office31_root = 'data/office31'
source = dict(type='Office31Dataset', data_root=office31_root, domain='amazon',
              pipeline={{_base_.train_pipeline}})
target = dict(type='Office31Dataset', data_root=office31_root, domain='webcam',
              with_labels=False, pipeline={{_base_.train_pipeline}})
target_test = dict(type='Office31Dataset', data_root=office31_root, domain='webcam',
                   pipeline={{_base_.test_pipeline}}, test_mode=True)
train_dataloader = dict(dataset=dict(source=source, target=target))
val_dataloader = dict(dataset=target_test)
test_dataloader = dict(dataset=target_test)
