# The standard NN of DANN's toy problem (JMLR 2016 Sec. 5.1.1, see _base_/dann_moons.py):
# the shallow network trained on the labelled source moons only, evaluated on the target
# rotated by 35 degrees. The lower bound of dann_two_moons.py. (The paper also trains a
# domain regressor on the NN's frozen representation, for its plots only; it does not
# change the NN, so it is left out.)
_base_ = ['./_base_/dann_moons.py']
model = dict(type='SourceOnly')
