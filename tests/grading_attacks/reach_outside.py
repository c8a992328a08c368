# What the solution's process can reach outside its folder; each probe returns what happened.
import os
import socket


def read_secret():
    try:
        with open("__SECRET__") as f:
            return "read: " + f.read()
    except OSError as e:
        return type(e).__name__


def connect_unix_socket():
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.connect("__SOCKET__")
            return "connected"
    except OSError as e:
        return type(e).__name__


def open_devices():
    found = {}
    for name in ("kvm", "console", "mem", "sda", "tty", "null", "zero", "urandom"):
        try:
            fd = os.open("/dev/" + name, os.O_WRONLY if name not in ("urandom", "zero") else os.O_RDONLY)
            os.close(fd)
            found[name] = "opened"
        except OSError as e:
            found[name] = type(e).__name__
    return found


def processes_seen():
    return sorted(int(p) for p in os.listdir("/proc") if p.isdigit())


def identity():
    return os.getuid(), os.getgid()


def set_up_io_uring():
    """io_uring opens and connects sockets without socket(): setting one up must fail."""
    import ctypes
    import errno

    libc = ctypes.CDLL(None, use_errno=True)
    params = ctypes.create_string_buffer(120)  # struct io_uring_params
    if os.uname().machine not in ("x86_64", "aarch64"):
        return "not probed on " + os.uname().machine
    fd = libc.syscall(425, 1, params)  # io_uring_setup on both
    if fd >= 0:
        os.close(fd)
        return "set up"
    return errno.errorcode.get(ctypes.get_errno(), "?")
