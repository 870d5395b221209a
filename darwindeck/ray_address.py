"""Ray cluster addresses: their form, and a quick check that a cluster answers there.

``ray.init(address=...)`` retries an address nobody listens on for many minutes (about 14 for
a closed port: 20 attempts of 30-40 s each, printing "Failed to connect to GCS" every time)
before it raises a ``ConnectionError``. ``darwindeck evolve --address`` calls
``check_reachable`` first: it resolves the host and opens a TCP connection to the port, and
gives up after ``connect_timeout()`` seconds (default 10, environment variable
``DARWINDECK_CONNECT_TIMEOUT``) with a ``ClusterError`` that names the address.

What the check cannot tell: a port that accepts connections but is not a Ray cluster (Ray
then still takes its own time), and a cluster that answers but whose nodes cannot run
darwindeck (``evolve`` reports that when the first actor fails to start).

Accepted forms (``parse_address``): ``auto`` (the cluster started last on this machine with
``ray start``, or ``RAY_ADDRESS``), ``host:port`` (the head's GCS port, 6379 by default in
``ray start``), ``ray://host[:port]`` (Ray Client, port 10001 by default).
"""

from __future__ import annotations

import os
import socket
import sys
import threading
import time

#: Environment variable: seconds ``check_reachable`` waits for a cluster to answer.
CONNECT_TIMEOUT_ENV = "DARWINDECK_CONNECT_TIMEOUT"
DEFAULT_CONNECT_TIMEOUT = 10.0
RAY_CLIENT_PORT = 10001
FORMS = "auto, host:port (e.g. 10.0.0.5:6379) or ray://host:10001"


class ClusterError(RuntimeError):
    """The Ray cluster cannot be reached or cannot run darwindeck; the message says which
    cluster and what to do."""


def connect_timeout() -> float:
    """Seconds to wait for a cluster to answer: ``$DARWINDECK_CONNECT_TIMEOUT`` or 10.

    Raises ClusterError if the variable is set to something other than a positive number.
    """
    text = os.environ.get(CONNECT_TIMEOUT_ENV, "").strip()
    if not text:
        return DEFAULT_CONNECT_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not (0 < value < float("inf")):
        raise ClusterError(f"{CONNECT_TIMEOUT_ENV}={text!r}: must be a number of seconds > 0")
    return value


def parse_address(address: str) -> tuple[str, int] | None:
    """``(host, port)`` of a ``host:port`` or ``ray://host[:port]`` address; None for
    ``auto``.

    Raises ValueError (naming the accepted forms) for anything else.
    """
    text = address.strip()
    if text == "auto":
        return None
    client = text.startswith("ray://")
    rest = text[len("ray://") :] if client else text
    if "://" in rest or "/" in rest or not rest:
        raise ValueError(f"{address!r} is not a Ray address; write {FORMS}")
    if rest.startswith("["):  # [ipv6]:port
        host, sep, tail = rest[1:].partition("]")
        port_text = tail[1:] if tail.startswith(":") else ("" if not tail else None)
        if not sep or port_text is None:
            raise ValueError(f"{address!r} is not a Ray address; write {FORMS}")
    else:
        host, sep, port_text = rest.rpartition(":")
        if not sep:
            host, port_text = rest, ""
        elif ":" in host:
            raise ValueError(f"{address!r}: write an IPv6 host in brackets, e.g. [::1]:6379")
    if not host:
        raise ValueError(f"{address!r} has no host; write {FORMS}")
    if not port_text:
        if not client:
            raise ValueError(f"{address!r} has no port; write {FORMS}")
        return host, RAY_CLIENT_PORT
    if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        raise ValueError(f"{address!r}: the port must be a number in 1-65535")
    return host, int(port_text)


def _resolve(host: str, port: int, timeout: float) -> list[tuple]:
    """``socket.getaddrinfo`` with a time limit (a DNS lookup can hang for minutes).

    Raises OSError (``socket.gaierror`` or ``TimeoutError``).
    """
    result: dict[str, object] = {}

    def lookup() -> None:
        try:
            result["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            result["error"] = exc

    thread = threading.Thread(target=lookup, name="darwindeck-resolve", daemon=True)
    thread.start()
    thread.join(timeout)
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    if "infos" not in result:
        raise TimeoutError(f"looking up the host name took more than {timeout:g} s")
    return result["infos"]  # type: ignore[return-value]


def _reason(exc: OSError) -> str:
    if isinstance(exc, socket.gaierror):
        return f"unknown host ({exc.strerror or exc})"
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return str(exc) if str(exc) and str(exc) != "timed out" else "no answer"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (nothing listens on that port)"
    return exc.strerror or str(exc)


def probe(host: str, port: int, timeout: float) -> None:
    """Open (and close) a TCP connection to ``host:port`` within ``timeout`` seconds in all.

    Raises OSError with the last reason when no address of the host accepts.
    """
    deadline = time.monotonic() + timeout
    infos = _resolve(host, port, timeout)
    last: OSError = OSError(f"{host} has no address")
    for family, kind, proto, _canon, sockaddr in infos:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no answer within {timeout:g} s")
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(left)
            sock.connect(sockaddr)
            return
        except (TimeoutError, socket.timeout):
            last = TimeoutError(f"no answer within {timeout:g} s")
        except OSError as exc:
            last = exc
        finally:
            sock.close()
    raise last


def find_auto_address() -> str:
    """The address ``ray.init(address="auto")`` would join: ``RAY_ADDRESS``, else the
    cluster started last on this machine with ``ray start`` (any running one otherwise).

    Raises ClusterError when there is none.
    """
    from ray._private.services import get_ray_address_from_environment

    try:
        found = get_ray_address_from_environment("auto", None)
    except ConnectionError:
        found = None
    if not found or found == "auto":
        raise ClusterError(
            "--address auto: no running Ray cluster found on this machine (start one with "
            "`ray start --head`, set RAY_ADDRESS, or leave out --address to start a local Ray)"
        )
    return found


def check_reachable(address: str | None, timeout: float | None = None) -> str | None:
    """Check that a Ray cluster listens at ``address`` before ``ray.init`` is given it.

    ``None`` (start a local Ray) is checked only when ``RAY_ADDRESS`` is set, since
    ``ray.init`` then joins that cluster. Nothing is checked when Ray is already initialised
    in this process (the pool then uses that Ray, whatever the address).

    Returns the ``host:port`` that was checked (for ``auto``, the cluster found), or None.

    Raises:
        ClusterError: ``cannot reach the Ray cluster at ADDRESS: REASON (waited up to N s;
            DARWINDECK_CONNECT_TIMEOUT sets the wait)``; also for an address of a wrong
            form, and for ``auto`` when no cluster runs here.
    """
    ray = sys.modules.get("ray")
    if ray is not None and ray.is_initialized():
        return None
    if address is None:
        address = os.environ.get("RAY_ADDRESS", "").strip() or None
        if address is None:
            return None
    timeout = connect_timeout() if timeout is None else timeout
    shown = address
    try:
        target = parse_address(address)
    except ValueError as exc:
        raise ClusterError(str(exc)) from None
    if target is None:
        found = find_auto_address()
        shown = f"{found} (found by --address auto)"
        try:
            target = parse_address(found)
        except ValueError as exc:
            raise ClusterError(f"--address auto found {found!r}: {exc}") from None
        if target is None:  # pragma: no cover - RAY_ADDRESS=auto
            raise ClusterError("--address auto: RAY_ADDRESS is 'auto' too; give the cluster's host:port")
    host, port = target
    try:
        probe(host, port, timeout)
    except OSError as exc:
        raise ClusterError(
            f"cannot reach the Ray cluster at {shown}: {_reason(exc)} (waited up to {timeout:g} s; "
            f"{CONNECT_TIMEOUT_ENV} sets the wait)"
        ) from None
    return f"{host}:{port}"


__all__ = [
    "CONNECT_TIMEOUT_ENV",
    "ClusterError",
    "DEFAULT_CONNECT_TIMEOUT",
    "check_reachable",
    "connect_timeout",
    "find_auto_address",
    "parse_address",
    "probe",
]
