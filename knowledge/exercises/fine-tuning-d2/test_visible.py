import torch
from exercise import Classifier, early_stopping, fine_tune


def test_classifier_shapes():
    torch.manual_seed(0)
    model = Classifier(6, 5, 3)
    assert model(torch.randn(4, 6)).shape == (4, 3)
    assert model.backbone.weight.shape == (5, 6) and model.head.weight.shape == (3, 5)


def test_fine_tuning_lowers_the_training_loss():
    torch.manual_seed(0)
    state = Classifier(6, 5, 3).state_dict()
    X, y = torch.randn(16, 6), torch.randint(0, 3, (16,))
    new_state, losses = fine_tune(state, X, y, lr=0.5, steps=20)
    assert len(losses) == 20 and losses[-1] < losses[0]
    assert set(new_state) == set(state)


def test_early_stopping_on_a_curve_that_turns_up():
    # best at epoch 2; epochs 3 and 4 do not improve -> stop at 4 with patience 2
    assert early_stopping([1.0, 0.8, 0.7, 0.75, 0.9, 0.6], patience=2) == (2, 4)
