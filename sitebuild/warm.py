"""A warm worker: imports the heavy libraries once, then forks a fresh process for every run.

Importing TensorFlow, Keras and Matplotlib takes seconds, and most snippets do a few lines of
work after it. The worker (a "zygote") is started once per build with the environment the build
decides (``sitebuild.environment``), imports those libraries, and listens on a Unix socket. Each
run connects, passes its standard input, output and error (as file descriptors) and says what to
run; the worker forks, and the child is an ordinary process of its own: its own working folder,
its own module state from there on, its own output. A run is isolated as before; it only starts
with the libraries already imported. Only installed libraries are imported before the fork, never
the project's modules, so the child's record of which project files it used stays exact.

Notebooks get the same: their kernel is started through a kernel spec (``kernel_spec``) whose
command asks the worker for a forked kernel (``python -m sitebuild.warm kernel -f CONN``).

Why not ``multiprocessing``'s forkserver: its children start in the parent's working folder with
the parent's ``sys.path`` and re-import the parent's ``__main__`` (mkdocs or pytest), and it has
no way to hand a child to a Jupyter kernel manager.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import selectors
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

# Installed libraries imported before any fork (the project's own modules never are).
PRELOAD = (
    "numpy", "scipy", "matplotlib", "matplotlib.pyplot", "PIL.Image", "keras", "tensorflow",
    "sklearn.model_selection", "skimage.data", "mlxtend.data",
    "nbformat", "nbclient", "jupyter_client", "ipykernel.kernelapp",
)
KERNEL_NAME = "cnn-blog-warm"
SOCKET_VARIABLE = "CNN_BLOG_WARM_SOCKET"


# ----------------------------------------------------------------------------- the worker
def serve(path: str) -> None:
    """Preload, then fork one child per request until standard input closes (the build ended)."""
    import importlib

    for name in PRELOAD:
        importlib.import_module(name)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    wake_r, wake_w = socket.socketpair()
    wake_r.setblocking(False)
    wake_w.setblocking(False)
    signal.set_wakeup_fd(wake_w.fileno())
    signal.signal(signal.SIGCHLD, lambda *_: None)
    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ, "accept")
    sel.register(wake_r, selectors.EVENT_READ, "child")
    sel.register(sys.stdin.fileno(), selectors.EVENT_READ, "stdin")
    children: dict[int, socket.socket] = {}
    print("ready", flush=True)
    running = True
    while running or children:
        for key, _ in sel.select(timeout=1.0):
            if key.data == "accept":
                conn, _ = listener.accept()
                try:
                    request, fds = _receive(conn)
                except (OSError, ValueError):  # the caller went away before it asked
                    conn.close()
                    continue
                threads = _thread_count()
                if threads != 1:  # a fork copies one thread: another's locks would stay held in the child
                    _send(conn, {"error": f"the warm worker has {threads} threads, not 1: it cannot fork safely"})
                    for fd in fds:
                        os.close(fd)
                    conn.close()
                    continue
                pid = os.fork()
                if pid == 0:
                    _in_child(request, fds, keep=conn, close=[listener, wake_r, wake_w])
                for fd in fds:
                    os.close(fd)
                children[pid] = conn
                _send(conn, {"pid": pid})
                sel.register(conn, selectors.EVENT_READ, pid)
            elif key.data == "child":
                with contextlib.suppress(BlockingIOError):
                    while wake_r.recv(512):
                        pass
            elif key.data == "stdin":
                if not os.read(sys.stdin.fileno(), 512):  # the build has gone: end every run
                    sel.unregister(sys.stdin.fileno())
                    running = False
                    for pid in children:
                        with contextlib.suppress(ProcessLookupError):
                            os.kill(pid, signal.SIGKILL)
            else:  # the caller hung up (or was killed) before its run ended: end the run
                pid = key.data
                with contextlib.suppress(OSError):
                    if key.fileobj.recv(1) == b"" and pid in children:
                        with contextlib.suppress(ProcessLookupError):
                            os.kill(pid, signal.SIGKILL)
                        sel.unregister(key.fileobj)
        while children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            conn = children.pop(pid, None)
            if conn is not None:
                with contextlib.suppress(KeyError, ValueError):
                    sel.unregister(conn)
                with contextlib.suppress(OSError):
                    _send(conn, {"rc": os.waitstatus_to_exitcode(status)})
                conn.close()
    listener.close()


def _thread_count() -> int:
    """The process's threads, native ones included (Linux lists them in /proc); else Python's."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        import threading

        return threading.active_count()


def _in_child(request: dict, fds: list[int], keep, close) -> None:
    """In the forked child: become the run the request asks for; never returns.

    What a fresh interpreter would do differently is done here: NumPy's legacy global generator gets
    fresh entropy (a fork copies the worker's state, so every child would draw the same numbers;
    Python's ``random`` reseeds itself after a fork), and the exit handlers run before the process ends
    (``os._exit`` skips them)."""
    code = 1
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        if "numpy" in sys.modules:
            sys.modules["numpy"].random.seed()
        for sock in close:
            sock.close()
        keep.close()
        for target, fd in enumerate(fds):  # the caller's stdin, stdout, stderr
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.update(request.get("env", {}))
        if request["kind"] == "snippet":
            from sitebuild import _child

            code = _child.run(*request["args"])
        elif request["kind"] == "kernel":
            from ipykernel.kernelapp import IPKernelApp

            sys.argv = ["ipykernel_launcher", *request["args"]]
            app = IPKernelApp.instance()
            # Its default was read from the environment when the worker imported ipykernel.
            app.parent_handle = int(os.environ.get("JPY_PARENT_PID") or 0)
            app.initialize(request["args"])
            app.start()
            code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001  (the run's failure, reported through its stderr)
        import traceback

        traceback.print_exc()
    finally:
        if request.get("kind") == "snippet":  # a kernel ends as ipykernel ends it
            with contextlib.suppress(Exception):
                import atexit
                import threading

                threading._shutdown()  # joins the run's non-daemon threads, as an interpreter's exit does
                atexit._run_exitfuncs()
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _send(conn, message: dict) -> None:
    conn.sendall(json.dumps(message).encode() + b"\n")


def _receive(conn) -> tuple[dict, list[int]]:
    msg, fds, _, _ = socket.recv_fds(conn, 65536, 3)
    while not msg.endswith(b"\n"):
        more = conn.recv(65536)
        if not more:
            break
        msg += more
    return json.loads(msg), list(fds)


# ----------------------------------------------------------------------------- the build's side
class Worker:
    """The build's handle on a running worker."""

    def __init__(self, env: dict[str, str], home: Path):
        self.home = Path(home)
        self.home.mkdir(parents=True, exist_ok=True)
        self.socket_path = str(self.home / f"warm-{os.getpid()}.sock")
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.socket_path)
        self.env = dict(env, **{SOCKET_VARIABLE: self.socket_path})
        write_kernel_spec(self.env)
        # What the worker itself says (an import that failed, a warning at import) goes to the build
        # log: at its start when it fails, at the end of the build otherwise.
        self.log_path = self.home / f"warm-{os.getpid()}.log"
        with open(self.log_path, "wb") as log_file:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "sitebuild.warm", "serve", self.socket_path],
                cwd=self.home, env=self.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log_file,
            )
        line = self.proc.stdout.readline()
        if line.strip() != b"ready":
            said = self.said()
            self.close()
            raise RuntimeError(f"the warm worker did not start:\n{said[-4000:]}")

    def said(self) -> str:
        """Everything the worker wrote to its stderr so far."""
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def run(self, kind: str, args: list[str], cwd: str, stdout, stderr, timeout: float) -> int:
        """Run in a forked child; returns its exit code. Raises TimeoutError after ``timeout`` s
        (the child is killed)."""
        return run_in_worker(self.socket_path, kind, args, cwd, stdout, stderr, timeout)

    def close(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(OSError):
                self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.socket_path)
        said = self.said().strip()
        if said:
            logging.getLogger("mkdocs.plugins.sitebuild").info("the warm worker wrote to its stderr:\n%s", said)
        with contextlib.suppress(FileNotFoundError):
            self.log_path.unlink()


def run_in_worker(socket_path, kind, args, cwd, stdout, stderr, timeout: float | None,
                  on_pid=None, stdin=None, env=None) -> int:
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with conn:
        conn.connect(socket_path)
        with open(os.devnull, "rb") as devnull:
            fds = [(stdin or devnull).fileno(), stdout.fileno(), stderr.fileno()]
            request = {"kind": kind, "args": [str(a) for a in args], "cwd": str(cwd), "env": env or {}}
            socket.send_fds(conn, [json.dumps(request).encode() + b"\n"], fds)
        reader = conn.makefile("rb")
        deadline = None if timeout is None else time.monotonic() + timeout
        pid = None
        while True:
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"still running after {timeout:.0f} s")
                conn.settimeout(left)
            try:
                line = reader.readline()
            except (TimeoutError, socket.timeout):
                raise TimeoutError(f"still running after {timeout:.0f} s") from None
            if not line:
                raise RuntimeError("the warm worker stopped during the run")
            message = json.loads(line)
            if "error" in message:
                raise RuntimeError(message["error"])
            if "pid" in message:
                pid = message["pid"]
                if on_pid:
                    on_pid(pid)
            if "rc" in message:
                return message["rc"]


def write_kernel_spec(env: dict[str, str]) -> None:
    """A Jupyter kernel spec whose kernel is forked by the worker (found through JUPYTER_PATH)."""
    folder = Path(env["JUPYTER_PATH"]) / "kernels" / KERNEL_NAME
    folder.mkdir(parents=True, exist_ok=True)
    spec = {
        # no history database: kernels running side by side would share one SQLite file in IPYTHONDIR
        "argv": [sys.executable, "-m", "sitebuild.warm", "kernel", "-f", "{connection_file}",
                 "--HistoryManager.enabled=False"],
        "display_name": "Python 3 (cnn-blog build)",
        "language": "python",
        "metadata": {"debugger": False},
    }
    (folder / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")


def kernel(args: list[str]) -> int:
    """The kernel spec's command: ask the worker for a kernel and stand in for it until it ends.

    Jupyter's kernel manager sees this process as the kernel: an interrupt or a termination
    sent to it is passed on; if it is killed, the worker ends the kernel (its connection closed)."""
    pid_box = []

    def forward(signum, _frame):
        if pid_box:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid_box[0], signum)
        if signum == signal.SIGTERM:
            sys.exit(143)

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)
    # What Jupyter's kernel manager tells its kernel (JPY_PARENT_PID: no "Ctrl-C will not work" banner).
    told = {name: value for name, value in os.environ.items() if name.startswith("JPY_")}
    return run_in_worker(os.environ[SOCKET_VARIABLE], "kernel", args, os.getcwd(), sys.stdout, sys.stderr,
                         None, on_pid=pid_box.append, stdin=sys.stdin, env=told)


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2])
    elif sys.argv[1] == "kernel":
        sys.exit(kernel(sys.argv[2:]))
    else:
        sys.exit(f"usage: python -m sitebuild.warm serve SOCKET | kernel -f CONNECTION_FILE")
