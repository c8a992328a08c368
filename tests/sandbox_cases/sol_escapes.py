import os
import socket
import time


def write_outside():
    with open("__TARGET__", "w") as f:
        f.write("written from the sandbox")


def read_journal():
    with open("__JOURNAL__") as f:
        return f.read()


def connect():
    with socket.create_connection(("127.0.0.1", int("__PORT__")), timeout=2) as s:
        s.sendall(b"hello from the sandbox")


def spawn(limit):
    started = 0
    for _ in range(limit):
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            time.sleep(30)
            os._exit(0)
        started += 1
    return started


def read_sibling():
    """Another run's file, in the folder this run's own sits in."""
    with open("__SIBLING__") as f:
        return f.read()


def plant():
    """Drop a module wherever this process may write that the checker might import from."""
    import sys

    places = ["..", "../checks", "../scratch", "../lib", ".", "/tmp", *sys.path]
    written = []
    for place in places:
        try:
            with open(os.path.join(place, "planted_helper.py"), "w") as f:
                f.write("PLANTED = True\n")
            written.append(place)
        except OSError:
            pass
    return written
