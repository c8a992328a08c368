# Look for the hidden tests' source wherever a run might keep it, and print what it finds.
import glob

_wrong = scaled_dot_product_attention  # noqa: F821 - defined by the wrong solution above


def _look():
    # attack:begin
    # the run's folder, the other process's folder, and the server's temporary copies of the
    # tests for /check and for proving a writer-made exercise
    for pattern in ("/tmp/ai-tutor-sandbox-*/**/*.py", "../checks/*.py", "/proc/*/cwd/*.py",
                    "/tmp/ai-tutor-tests-*/**/*.py", "/tmp/ai-tutor-verify-*/**/*.py"):
        for path in glob.glob(pattern, recursive=True):
            if path.rsplit("/", 1)[-1] not in ("test_hidden.py", "test_visible.py", "hidden.py", "visible.py"):
                continue  # the harness's own files and the interpreter's are no secret
            try:
                with open(path) as f:
                    print("found", path, f.read())
            except OSError as e:
                print("refused", path, e)
    # attack:end


def scaled_dot_product_attention(q, k, v, mask=None):
    _look()
    return _wrong(q, k, v, mask)
