#!/usr/bin/env python3
"""A loopback proxy between smrole and moto that misbehaves at one chosen IAM write, to test
what `smrole apply` does when a call's answer is lost, never comes, or the process dies
while the call is in flight.

A write is any Query action that does not start with Get, List or Describe; they are
numbered from 1 in the order the proxy receives them (retries count again).

Usage: fault_proxy.py UPSTREAM_URL MODE N
  MODE drop:   forward write N to moto, then close the connection without an answer
               (IAM changed; smrole does not know and retries)
  MODE hold:   do not forward write N; keep the connection open without answering
  MODE answer-held: forward write N, then keep the answer back (IAM changed; no reply)
  MODE none:   forward everything
Prints "listening PORT" once ready, and "MODE N ACTION" when write N arrives, so a test
waits for what happened instead of sleeping. Runs until killed.
"""
import sys
import threading
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

UPSTREAM, MODE, TARGET = sys.argv[1].rstrip("/"), sys.argv[2], int(sys.argv[3])
lock = threading.Lock()
writes = 0
held = []  # sockets kept open on purpose


def say(text):
    print(text, flush=True)


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        global writes
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        fields = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        action = fields.get("Action", ["?"])[0]
        number = None
        if not action.startswith(("Get", "List", "Describe")):
            with lock:
                writes += 1
                number = writes
        misbehave = number == TARGET and MODE != "none"
        if misbehave:
            say(f"{MODE} {number} {action}")
        if misbehave and MODE == "hold":
            held.append(self.connection)
            threading.Event().wait()
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length", "connection")}
        request = urllib.request.Request(UPSTREAM + self.path, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=60) as reply:
                status, payload, reply_headers = reply.status, reply.read(), reply.headers
        except urllib.error.HTTPError as error:
            status, payload, reply_headers = error.code, error.read(), error.headers
        if misbehave and MODE == "drop":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if misbehave and MODE == "answer-held":
            held.append(self.connection)
            threading.Event().wait()
        self.send_response(status)
        self.send_header("Content-Type", reply_headers.get("Content-Type", "text/xml"))
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
server.daemon_threads = True
say(f"listening {server.server_address[1]}")
server.serve_forever()
