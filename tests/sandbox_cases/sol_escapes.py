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
