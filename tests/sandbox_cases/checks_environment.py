from exercise import cwd_and_home, environment, identity, listing, stdin_text


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
        "OMP_WAIT_POLICY",
    }
    seen = environment()
    assert set(seen) <= allowed, sorted(set(seen) - allowed)
    cwd, home, has_solution = cwd_and_home()
    assert home == cwd and has_solution


def test_stdin_is_empty():
    assert stdin_text() == ""


def test_only_the_solution_is_in_the_work_dir():
    assert listing() == ["exercise.py"], listing()


def test_the_solution_does_not_run_as_root():
    assert identity()[0] != 0
