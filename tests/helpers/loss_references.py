"""Direct, slow float64 implementations of the loss equations, one position at a time, to
test the vectorised losses in ``segda.models.losses`` against."""
import math

import numpy as np
import torch


def positions(logits):
    """The class vectors of ``N x C [x H x W]`` logits, one float64 row per sample/pixel."""
    array = logits.detach().double().numpy()
    return np.moveaxis(array, 1, -1).reshape(-1, array.shape[1])


def flat_labels(labels):
    return labels.detach().numpy().reshape(-1).tolist()


def softmax(vector):
    exps = np.exp(vector - vector.max())
    return exps / exps.sum()


def kl(p, q):
    return sum(p_k * math.log(p_k / q_k) for p_k, q_k in zip(p, q))


def entropy_of(p):
    return -sum(p_k * math.log(p_k) for p_k in p if p_k > 0)


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def symmetric_kl(logits_a, logits_b):
    """ADR Eq. 1 per position, averaged."""
    return mean(0.5 * (kl(softmax(a), softmax(b)) + kl(softmax(b), softmax(a)))
                for a, b in zip(positions(logits_a), positions(logits_b)))


def l1_discrepancy(logits_a, logits_b):
    return mean(np.abs(softmax(a) - softmax(b)).mean()
                for a, b in zip(positions(logits_a), positions(logits_b)))


def entropy(logits):
    return mean(entropy_of(softmax(row)) for row in positions(logits))


def marginal_entropy(logits):
    probs = [softmax(row) for row in positions(logits)]
    return entropy_of(sum(probs) / len(probs))


def cross_entropy(logits, labels, ignore_index=255):
    return mean(-math.log(softmax(row)[label])
                for row, label in zip(positions(logits), flat_labels(labels))
                if label != ignore_index)


def symnets_terms(logits_s, labels_s, logits_t, ignore_index=255):
    """SymNets Eq. 5-10 written out per sample from the paper's sums."""
    source, target = positions(logits_s), positions(logits_t)
    k = source.shape[1] // 2
    labelled = [(row, y) for row, y in zip(source, flat_labels(labels_s)) if y != ignore_index]
    p_st_s = [softmax(row) for row in source]
    p_st_t = [softmax(row) for row in target]
    return dict(
        source_task=mean(-math.log(softmax(row[:k])[y]) for row, y in labelled),
        target_task=mean(-math.log(softmax(row[k:])[y]) for row, y in labelled),
        domain_discrimination=(mean(-math.log(p[k:].sum()) for p in p_st_t)
                               + mean(-math.log(p[:k].sum()) for p in p_st_s)),
        category_confusion=mean(-0.5 * math.log(softmax(row)[y + k])
                                - 0.5 * math.log(softmax(row)[y]) for row, y in labelled),
        domain_confusion=mean(-0.5 * math.log(p[k:].sum()) - 0.5 * math.log(p[:k].sum())
                              for p in p_st_t),
        target_entropy=mean(entropy_of(p[:k] + p[k:]) for p in p_st_t))


def binomial_deviance(descriptors, ids, alpha=2.0, beta=0.5, c=2.0):
    """Yi et al.'s deviance over every pair i < j, positives and negatives averaged apart."""
    vectors = descriptors.detach().double().numpy()
    ids = ids.tolist()
    positive, negative = [], []
    for i in range(len(vectors)):
        for j in range(i + 1, len(vectors)):
            s = vectors[i] @ vectors[j] / (np.linalg.norm(vectors[i]) * np.linalg.norm(vectors[j]))
            m = 1.0 if ids[i] == ids[j] else -c
            (positive if ids[i] == ids[j] else negative).append(
                math.log(1 + math.exp(-alpha * (s - beta) * m)))
    return mean(positive) + mean(negative)


SHAPES = [(5, 4), (2, 4, 3, 5)]
"""The two layouts every posterior loss must serve: N x K and N x K x H x W."""


def random_logits(shape, seed, scale=3.0):
    return scale * torch.randn(shape, generator=torch.Generator().manual_seed(seed))
