import os

from exercise import connect_unix_socket, identity, open_devices, processes_seen, read_secret, set_up_io_uring


def test_a_root_only_file_outside_is_not_readable():
    assert read_secret() == "PermissionError", read_secret()


def test_a_unix_socket_outside_cannot_be_reached():
    assert connect_unix_socket() == "PermissionError", connect_unix_socket()


def test_only_null_zero_and_urandom_are_devices():
    found = open_devices()
    assert {k for k, v in found.items() if v == "opened"} == {"null", "zero", "urandom"}, found


def test_only_its_own_processes_are_visible():
    assert len(processes_seen()) <= 3, processes_seen()  # init, the process itself, and a child at most


def test_it_does_not_run_as_root():
    assert identity()[0] != 0


def test_io_uring_cannot_be_set_up():
    assert set_up_io_uring() in ("EACCES", "not probed on " + os.uname().machine), set_up_io_uring()
