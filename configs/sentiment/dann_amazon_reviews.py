# DANN's sentiment analysis experiments (JMLR 2016 Sec. 5.1.3-5.1.5) on the Amazon reviews
# as distributed with mSDA (docs/datasets.md): NN, DANN and a linear SVM on the raw 5,000
# unigram/bigram features and on mSDA's 30,000-dim representation, hyper-parameters by
# reverse validation, for the 12 ordered pairs of the 4 domains (tools/analysis/sentiment.py).
data_root = 'data/amazon_reviews'
num_features = 5000
pairs = None        # every ordered pair of the domains under data_root
seeds = [0]

# Sec. 5.1.3: l in {50, 100}; lambda: 9 log-spaced values in [1e-2, 1]; mu = 1e-3
# (1e-4 on mSDA, Sec. 5.1.4); C: 10 log-spaced values in [1e-5, 1].
grid = dict(
    hidden=[50, 100],
    lambdas=[round(10 ** (-2 + k / 4), 6) for k in range(9)],
    lr=1e-3,
    lr_msda=1e-4,
    svm_c=[round(10 ** (-5 + 5 * k / 9), 8) for k in range(10)])
# --grid small: a shrunk search for CPU runs.
small_grid = dict(hidden=[50], lambdas=[0.01, 0.1, 1.0], lr=1e-3, lr_msda=1e-4,
                  svm_c=[1e-3, 1e-2, 1e-1, 1.0])

# Early stopping on the validation sets of reverse validation (Sec. 5.1.2); the paper gives
# no epoch budget.
training = dict(max_epochs=50, patience=5)
# Sec. 5.1.4: 5 layers, corruption probability 0.5.
msda = dict(num_layers=5, p=0.5)
