#!/usr/bin/env python3
"""Run a command against PostgreSQL.

If DATABASE_URL is set, the command runs against that database. Otherwise a
throwaway cluster is made from the local PostgreSQL server binaries (initdb and
pg_ctl in a temporary directory, on a free port), DATABASE_URL is pointed at it,
and the cluster is stopped and removed afterwards, also on failure or Ctrl-C.

For fault tests the throwaway cluster is described in the environment too:
PGDATA_DIR (its data directory), PG_RUN_AS (the prefix that runs a server binary as
the cluster's owner, empty unless run as root) and PG_CTL_RESTART (a shell command
that restarts the cluster with `pg_ctl restart -m fast` and waits until it is up).
None of them is set when DATABASE_URL points at a server of one's own.

Usage: scripts/with_postgres.py COMMAND [ARGS...]
"""

import glob
import os
import pwd
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile

INSTALL_HINT = (
    "PostgreSQL server binaries (initdb, pg_ctl) were not found and DATABASE_URL is not set.\n"
    "Install the server (Debian/Ubuntu: sudo apt-get install postgresql; macOS: brew install "
    "postgresql@15)\nor point DATABASE_URL at a database, e.g. "
    "DATABASE_URL=postgres://user:password@localhost:5432/kommunalutveckling"
)


def find_bin_dir() -> str | None:
    candidates = []
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(os.path.dirname(os.path.realpath(initdb)))
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    candidates += sorted(glob.glob("/usr/local/opt/postgresql*/bin"), reverse=True)
    for directory in candidates:
        if all(os.access(os.path.join(directory, b), os.X_OK) for b in ("initdb", "pg_ctl")):
            return directory
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    if os.environ.get("DATABASE_URL"):
        return subprocess.call(argv)

    bin_dir = find_bin_dir()
    if bin_dir is None:
        print(INSTALL_HINT, file=sys.stderr)
        return 3

    workdir = tempfile.mkdtemp(prefix="ku-pg-")
    datadir = os.path.join(workdir, "data")
    port = free_port()
    # PostgreSQL refuses to run as root; run the server as the postgres user then.
    run_as: list[str] = []
    if os.geteuid() == 0:
        user = "postgres"
        try:
            pw = pwd.getpwnam(user)
        except KeyError:
            print("Running as root needs a 'postgres' system user.", file=sys.stderr)
            return 3
        os.chown(workdir, pw.pw_uid, pw.pw_gid)
        run_as = ["runuser", "-u", user, "--"]

    def pg(*args: str, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run([*run_as, os.path.join(bin_dir, args[0]), *args[1:]], **kwargs)

    started = False

    def cleanup(*_):
        if started:
            pg("pg_ctl", "-D", datadir, "-m", "immediate", "stop", capture_output=True)
        shutil.rmtree(workdir, ignore_errors=True)

    signal.signal(signal.SIGTERM, lambda *a: (cleanup(), sys.exit(143)))
    try:
        pg(
            "initdb",
            "-D",
            datadir,
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            check=True,
            capture_output=True,
        )
        options = (
            f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        pg(
            "pg_ctl",
            "-D",
            datadir,
            "-l",
            os.path.join(workdir, "log"),
            "-o",
            options,
            "-w",
            "start",
            check=True,
            capture_output=True,
        )
        started = True
        env = dict(os.environ)
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{port}/postgres"
        env["PG_TEST_CLUSTER"] = "1"
        env["PG_BIN_DIR"] = bin_dir
        env["PGDATA_DIR"] = datadir
        env["PG_RUN_AS"] = shlex.join(run_as)
        # pg_ctl restart reuses the options the server was started with (postmaster.opts).
        env["PG_CTL_RESTART"] = shlex.join(
            [
                *run_as,
                os.path.join(bin_dir, "pg_ctl"),
                "-D",
                datadir,
                "-l",
                os.path.join(workdir, "log"),
                "-m",
                "fast",
                "-w",
                "-t",
                "60",
                "restart",
            ]
        )
        return subprocess.call(argv, env=env)
    except subprocess.CalledProcessError as error:
        print(f"Could not start the throwaway PostgreSQL: {error}", file=sys.stderr)
        if error.stderr:
            print(error.stderr.decode(errors="replace"), file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130
    finally:
        cleanup()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
