import os
import sys


def test_the_environment_is_scrubbed():
    allowed = {
        "PATH",
        "HOME",
        "TMPDIR",
        "LANG",
        "LC_ALL",
        "OMP_NUM_THREADS",
        "MKL_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
    }
    assert set(os.environ) <= allowed, sorted(set(os.environ) - allowed)
    assert os.environ["HOME"] == os.getcwd()
    assert os.path.isfile("exercise.py")


def test_stdin_is_empty():
    assert sys.stdin.read() == ""


def test_only_the_solution_and_the_tests_are_copied():
    assert sorted(os.listdir(".")) == ["exercise.py", "test_environment.py"], sorted(os.listdir("."))
