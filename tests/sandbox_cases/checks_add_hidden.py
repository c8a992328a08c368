from exercise import add


def test_adds_large_numbers():
    assert add(10**6, 1) == 10**6 + 1
