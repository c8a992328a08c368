from exercise import connect, plant, read_journal, read_sibling, spawn, write_outside


def test_cannot_write_outside_the_work_dir():
    try:
        write_outside()
    except OSError:
        return
    raise AssertionError("the write succeeded")


def test_cannot_read_the_journal():
    try:
        content = read_journal()
    except OSError:
        return
    raise AssertionError(f"read {content!r}")


def test_cannot_reach_the_network():
    try:
        connect()
    except OSError:
        return
    raise AssertionError("connected")


def test_cannot_start_300_processes():
    started = spawn(300)
    assert started < 300, f"started all {started} processes"


def test_cannot_read_another_runs_files():
    try:
        content = read_sibling()
    except OSError:
        return
    raise AssertionError(f"read {content!r}")


def test_the_checker_imports_nothing_the_solution_wrote():
    import importlib

    plant()
    importlib.invalidate_caches()
    try:
        import planted_helper
    except ImportError:
        return
    raise AssertionError(f"the checker imported {planted_helper.__file__}")
