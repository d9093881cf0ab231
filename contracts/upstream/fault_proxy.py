#!/usr/bin/env python3
"""A small HTTP/1.1 reverse proxy that holds every answer back for a while (standard library only).

    python3 fault_proxy.py --listen PORT --target URL --delay-seconds N
                           [--bind 127.0.0.1] [--delay-path REGEX] [--host-header keep|target]

It forwards each request as it came (request line, headers and body, streamed; only an
absolute-form request target is turned into origin-form, and a base path of --target is put in
front of the path), waits for the target's final answer, holds it --delay-seconds, then streams
it to the client unchanged. Interim answers (100 Continue) are passed on at once, so that a client
that waits for them before sending its body is not held up twice.

Used to verify a "slow storage element" contract against a real element: point the consumer at
the proxy and the element answers N seconds late.

Host: the client's Host header is kept by default (what a reverse proxy such as nginx with
`proxy_set_header Host $http_host` does), so the target builds any absolute URL (a redirect's
Location) with the proxy's address, which is the one the client can reach. --host-header target
sends the target's host:port instead. No header is added (no X-Forwarded-*).

--delay-path REGEX delays only requests whose path matches (re.search); others pass at once.
Connections are kept alive as long as both sides allow; each client connection gets its own
connection to the target. Logs one line per request to stderr. Stops on SIGINT/SIGTERM.
"""
import argparse
import asyncio
import re
import signal
import sys
import time
from urllib.parse import urlsplit

CHUNK = 64 * 1024
MAX_HEAD = 64 * 1024


class ProtocolError(Exception):
    pass


def log(msg):
    print(f"[fault_proxy {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


async def read_head(reader):
    """Reads a message head (start line + headers) up to the empty line; None at a clean EOF."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as e:
        if not e.partial.strip():
            return None
        raise ProtocolError("connection closed inside a message head")
    except asyncio.LimitOverrunError:
        raise ProtocolError("message head too large")
    return head


def parse_head(head):
    lines = head[:-4].split(b"\r\n")
    start = lines[0].decode("latin-1")
    headers = []
    for raw in lines[1:]:
        if not raw:
            continue
        name, sep, value = raw.partition(b":")
        if not sep:
            raise ProtocolError(f"bad header line {raw!r}")
        headers.append((name.decode("latin-1"), value.strip().decode("latin-1")))
    return start, headers


def header(headers, name):
    name = name.lower()
    values = [v for n, v in headers if n.lower() == name]
    return ", ".join(values) if values else None


def tokens(value):
    return {t.strip().lower() for t in (value or "").split(",") if t.strip()}


def build_head(start, headers):
    out = [start] + [f"{n}: {v}" for n, v in headers]
    return ("\r\n".join(out) + "\r\n\r\n").encode("latin-1")


async def copy_exact(reader, writer, n):
    while n > 0:
        data = await reader.read(min(CHUNK, n))
        if not data:
            raise ProtocolError("connection closed inside a body")
        writer.write(data)
        await writer.drain()
        n -= len(data)


async def copy_chunked(reader, writer):
    """Copies a chunked body as it is (chunk sizes, extensions, trailers)."""
    while True:
        line = await reader.readuntil(b"\r\n")
        writer.write(line)
        size = int(line.split(b";", 1)[0].strip(), 16)
        if size == 0:
            while True:  # trailers, up to the empty line
                t = await reader.readuntil(b"\r\n")
                writer.write(t)
                if t == b"\r\n":
                    await writer.drain()
                    return
        await copy_exact(reader, writer, size + 2)  # data + CRLF


async def copy_to_eof(reader, writer):
    while True:
        data = await reader.read(CHUNK)
        if not data:
            return
        writer.write(data)
        await writer.drain()


def body_kind(headers):
    te = header(headers, "Transfer-Encoding")
    if te and "chunked" in tokens(te):
        return "chunked", None
    cl = header(headers, "Content-Length")
    if cl is not None:
        return "length", int(cl.split(",")[0].strip())
    return None, None


async def copy_body(kind, length, reader, writer, to_eof=False):
    if kind == "chunked":
        await copy_chunked(reader, writer)
    elif kind == "length":
        await copy_exact(reader, writer, length)
    elif to_eof:
        await copy_to_eof(reader, writer)


class Proxy:
    def __init__(self, target, delay, delay_path, host_header):
        t = urlsplit(target)
        if t.scheme != "http" or not t.hostname:
            raise SystemExit(f"--target must be an http:// URL, got {target!r}")
        self.host = t.hostname
        self.port = t.port or 80
        self.base_path = t.path.rstrip("/")
        self.target_hostport = t.netloc
        self.delay = delay
        self.delay_path = re.compile(delay_path) if delay_path else None
        self.host_header = host_header

    def request_target(self, target):
        if "://" in target:  # absolute-form -> origin-form
            u = urlsplit(target)
            target = (u.path or "/") + (f"?{u.query}" if u.query else "")
        if self.base_path and target.startswith("/"):
            target = self.base_path + target
        return target

    async def handle(self, c_reader, c_writer):
        peer = c_writer.get_extra_info("peername")
        u_reader = u_writer = None
        try:
            while True:
                head = await read_head(c_reader)
                if head is None:
                    return
                start, headers = parse_head(head)
                try:
                    method, target, version = start.split(" ", 2)
                except ValueError:
                    raise ProtocolError(f"bad request line {start!r}")
                new_target = self.request_target(target)
                if self.host_header == "target":
                    headers = [(n, self.target_hostport if n.lower() == "host" else v) for n, v in headers]
                req_kind, req_len = body_kind(headers)
                client_close = "close" in tokens(header(headers, "Connection")) or (
                    version == "HTTP/1.0" and "keep-alive" not in tokens(header(headers, "Connection")))

                if u_writer is None:
                    try:
                        u_reader, u_writer = await asyncio.open_connection(self.host, self.port, limit=MAX_HEAD)
                    except OSError as e:
                        log(f"{peer[0]}:{peer[1]} {method} {target} -> 502 (target unreachable: {e})")
                        c_writer.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        await c_writer.drain()
                        return
                began = time.monotonic()
                u_writer.write(build_head(f"{method} {new_target} {version}", headers))
                await u_writer.drain()
                body_task = asyncio.ensure_future(copy_body(req_kind, req_len, c_reader, u_writer))

                # interim answers pass at once; the final one is held
                while True:
                    r_head = await read_head(u_reader)
                    if r_head is None:
                        raise ProtocolError("target closed the connection without an answer")
                    r_start, r_headers = parse_head(r_head)
                    status = int(r_start.split(" ", 2)[1])
                    if 100 <= status < 200 and status != 101:
                        c_writer.write(r_head)
                        await c_writer.drain()
                        continue
                    break

                delayed = self.delay > 0 and (self.delay_path is None or self.delay_path.search(new_target.split("?", 1)[0]))
                if delayed:
                    await asyncio.sleep(self.delay)
                c_writer.write(r_head)
                await c_writer.drain()

                if status == 101:  # protocol switch: plain byte pipe both ways from here on
                    await asyncio.gather(copy_to_eof(c_reader, u_writer), copy_to_eof(u_reader, c_writer))
                    return
                no_body = method == "HEAD" or status in (204, 304)
                r_kind, r_len = (None, None) if no_body else body_kind(r_headers)
                upstream_close = "close" in tokens(header(r_headers, "Connection")) or (
                    not no_body and r_kind is None) or r_start.startswith("HTTP/1.0")
                await copy_body(r_kind, r_len, u_reader, c_writer, to_eof=not no_body and r_kind is None)
                log(f"{peer[0]}:{peer[1]} {method} {target} -> {status} "
                    f"({time.monotonic() - began:.2f}s{', held %.2fs' % self.delay if delayed else ''})")

                if not body_task.done():
                    # the target answered before the whole request body came; the connection
                    # cannot be reused in step, so it ends here
                    body_task.cancel()
                    return
                body_task.result()
                if client_close or upstream_close:
                    return
        except (ProtocolError, ValueError) as e:
            log(f"{peer[0]}:{peer[1]} dropped: {e}")
        except (ConnectionError, asyncio.IncompleteReadError) as e:
            log(f"{peer[0]}:{peer[1]} connection ended: {e!r}")
        except OSError as e:
            log(f"{peer[0]}:{peer[1]} connection ended: {e!r}")
        finally:
            for w in (c_writer, u_writer):
                if w is not None:
                    w.close()


async def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--listen", type=int, required=True, help="port to listen on")
    p.add_argument("--bind", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--target", required=True, help="base URL to forward to, e.g. http://127.0.0.1:18110")
    p.add_argument("--delay-seconds", type=float, default=0.0, help="how long each answer is held")
    p.add_argument("--delay-path", default=None, help="delay only requests whose path matches this regex")
    p.add_argument("--host-header", choices=("keep", "target"), default="keep",
                   help="keep the client's Host header (default) or send the target's host:port")
    a = p.parse_args()
    proxy = Proxy(a.target, a.delay_seconds, a.delay_path, a.host_header)
    server = await asyncio.start_server(proxy.handle, a.bind, a.listen, limit=MAX_HEAD)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    log(f"listening on {a.bind}:{a.listen} -> {a.target}, answers held {a.delay_seconds}s"
        + (f" for paths matching {a.delay_path!r}" if a.delay_path else ""))
    async with server:
        await stop.wait()
    log("stopped")


if __name__ == "__main__":
    asyncio.run(main())
