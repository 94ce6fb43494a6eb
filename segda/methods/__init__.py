"""Adaptation methods: models that wrap a task model and implement ``train_step``."""
from .adr import ADR, ENT
from .base import UDAMethod
from .dacs import DACS
from .dann import DANN
from .domain_confusion import DomainConfusion
from .semi_supervised_gan import ADRSemiSupervisedGAN
from .source_only import SourceOnly
from .symnets import SymNets

__all__ = ['UDAMethod', 'SourceOnly', 'ADR', 'ENT', 'DANN', 'DomainConfusion', 'SymNets',
           'DACS', 'ADRSemiSupervisedGAN']
