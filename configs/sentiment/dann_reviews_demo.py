# The sentiment study on the generated review pair (tools/make_reviews.py --out
# data/reviews_demo): two domains, gadgets and cookware, in the Amazon reviews format.
# The same grids and training as the Amazon reviews config.
_base_ = ['./dann_amazon_reviews.py']
data_root = 'data/reviews_demo'
seeds = [0, 1, 2]
