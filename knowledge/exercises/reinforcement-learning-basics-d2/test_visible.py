import torch
from exercise import q_learning_update, value_iteration


def test_two_states_one_step_to_the_goal():
    torch.manual_seed(0)
    # state 0: action 0 stays (reward 0), action 1 reaches terminal state 1 (reward 1)
    P = torch.zeros(2, 2, 2, dtype=torch.float64)
    P[0, 0, 0] = P[0, 1, 1] = P[1, 0, 1] = P[1, 1, 1] = 1.0
    R = torch.tensor([[0.0, 1.0], [0.0, 0.0]], dtype=torch.float64)
    V, policy = value_iteration(P, R, gamma=0.9)
    torch.testing.assert_close(V, torch.tensor([1.0, 0.0], dtype=torch.float64))
    assert policy[0].item() == 1


def test_one_update_moves_halfway():
    torch.manual_seed(0)
    Q = torch.zeros(2, 2, dtype=torch.float64)
    new = q_learning_update(Q, s=0, a=1, r=1.0, s_next=1, done=False, alpha=0.5, gamma=0.9)
    assert new[0, 1].item() == 0.5
    assert Q[0, 1].item() == 0.0, "leave the input table unchanged"
