"""A threaded WSGI server for the sandbox: Django's dev server, plus a deep listen backlog and a
hook that lets the `drop` fault close the connection mid-body."""

import socket
import socketserver

from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
from django.core.wsgi import get_wsgi_application
from django.db import connections


class SandboxServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 1024  # hundreds of simultaneous connects must queue, not be refused

    def close_request(self, request):
        # Runs in the connection's thread: its DB connection (kept across the keep-alive
        # requests of that connection, CONN_MAX_AGE=None) ends with it.
        connections.close_all()
        super().close_request(request)


class SandboxRequestHandler(WSGIRequestHandler):
    def setup(self):
        super().setup()
        # wsgiref sends headers and body in separate writes; without NODELAY, Nagle plus the
        # client's delayed ACK add ~40 ms to every keep-alive response.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def get_environ(self):
        environ = super().get_environ()
        environ["sandbox.request_handler"] = (
            self  # faults.FaultMiddleware._drop sets close_connection
        )
        return environ


def serve(host: str, port: int, on_ready) -> None:
    httpd = SandboxServer((host, port), SandboxRequestHandler, ipv6=":" in host)
    httpd.set_app(get_wsgi_application())
    on_ready(httpd.server_port)
    try:
        httpd.serve_forever()
    finally:
        httpd.server_close()
