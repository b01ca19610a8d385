"""The load test's servers: gunicorn instances, and nginx in front of them, on loopback.

Every server runs with production settings (DEBUG=0, a random SECRET_KEY shared by all of
them, ALLOWED_HOSTS=127.0.0.1) less HTTPS, since loopback has no TLS, through
bench/load_settings.py (config.settings with STATIC_ROOT in a temporary folder).
"""

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from bench.common import ROOT
from bench.load_http import HOST, LOGIN_PATH

NGINX_TEMPLATE = Path(__file__).resolve().parent / "nginx.conf"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
PYTHON = ROOT / ".venv" / "bin" / "python"
START_TIMEOUT = 60
STOP_TIMEOUT = 20


def find_nginx():
    """Debian's nginx binary, or None."""
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
    )


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_env(database_url, static_root):
    """The environment every server and management command of the run gets."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        DJANGO_SETTINGS_MODULE="bench.load_settings",  # config.settings, STATIC_ROOT aside
        BENCH_STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
    )
    return env


def run_step(title, command, env, check=True):
    """A management command or script to completion; its output, or None when it failed."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode:
        print(done.stdout[-3000:], done.stderr[-3000:], sep="\n")
        if check:
            raise SystemExit(f"{title} failed (exit {done.returncode})")
        return None
    print(f"{title}: done in {time.perf_counter() - started:.1f} s", flush=True)
    return done.stdout


def collect_static(env):
    """collectstatic as a deployment runs it; on failure, fall back loudly (load_settings)."""
    command = [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"]
    if run_step("collectstatic", command, env, check=False) is not None:
        return None
    warning = (
        "DEPLOYMENT DEFECT: collectstatic fails with the production static storage (above);"
        " the load test goes on without the hashed manifest (BENCH_STATIC_FALLBACK in"
        " bench/load_settings.py)"
    )
    print(f"WARNING: {warning}", flush=True)
    env["BENCH_STATIC_FALLBACK"] = "1"
    run_step("collectstatic (fallback settings)", command, env)
    return warning


def render_nginx_config(run_dir, port, upstream_ports):
    """bench/nginx.conf with its placeholders filled in."""
    text = NGINX_TEMPLATE.read_text(encoding="utf-8")
    upstreams = "\n".join(f"        server {HOST}:{p};" for p in upstream_ports)
    for name, value in (("@RUN@", str(run_dir)), ("@PORT@", str(port)), ("@UPSTREAMS@", upstreams)):
        text = text.replace(name, value)
    if re.search(r"@[A-Z_]+@", text):
        raise SystemExit("bench/nginx.conf has a placeholder this script does not fill")
    return text


class Servers:
    """The servers of one run, each in its own process group; stop() ends them all."""

    def __init__(self, env):
        self.env = env
        self.processes = []  # (name, Popen)
        self.folders = []  # nginx's, removed by stop()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def gunicorn(self, workers):
        """A gunicorn instance with `workers` sync workers on a free port; its port."""
        port = free_port()
        command = [GUNICORN, "config.wsgi", "-b", f"{HOST}:{port}", "-w", str(workers)]
        command += ["--timeout", "60", "--log-level", "warning"]
        self._start(f"gunicorn :{port}", command, port)
        print(f"gunicorn: {workers} workers on http://{HOST}:{port}/", flush=True)
        return port

    def nginx(self, upstream_ports):
        """nginx on a free loopback port, proxying to the gunicorn instances; its port."""
        nginx = find_nginx()
        if not nginx:
            raise SystemExit("nginx not found: install Debian's package (apt-get install nginx)")
        port = free_port()
        folder = Path(tempfile.mkdtemp(prefix="tracker_nginx_"))
        self.folders.append(folder)
        folder.chmod(0o755)  # run as root, nginx's workers are `nobody`: they use it too
        config = folder / "nginx.conf"
        config.write_text(render_nginx_config(folder, port, upstream_ports), encoding="utf-8")
        command = [nginx, "-c", str(config), "-p", f"{folder}/", "-e", str(folder / "error.log")]
        self._start(f"nginx :{port}", command, port, log=folder / "error.log")
        ports = ", ".join(map(str, upstream_ports))
        print(f"nginx: http://{HOST}:{port}/ in front of gunicorn on {ports}", flush=True)
        return port

    def _start(self, name, command, port, log=None):
        process = subprocess.Popen(command, cwd=ROOT, env=self.env, start_new_session=True)  # noqa: S603
        self.processes.append((name, process))
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                tail = Path(log).read_text()[-2000:] if log and Path(log).exists() else ""
                raise SystemExit(f"{name} exited with {process.returncode}\n{tail}")
            if answers(port):
                return
            time.sleep(0.3)
        raise SystemExit(f"{name} did not answer within {START_TIMEOUT} s")

    def stop(self):
        """Stop every server (nginx first), whatever state it is in."""
        for name, process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
            print(f"{name} stopped", flush=True)
        self.processes = []
        for folder in self.folders:
            shutil.rmtree(folder, ignore_errors=True)
        self.folders = []


def answers(port):
    """True when the sign-in page on `port` answers 200."""
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=5)
        try:
            conn.request("GET", LOGIN_PATH)
            return conn.getresponse().status == 200
        finally:
            conn.close()
    except OSError:
        return False
