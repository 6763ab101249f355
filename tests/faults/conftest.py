"""Faults injected into real components: a TCP proxy that can cut the app off PostgreSQL, a
second process's lock that shuts SQLite, a closed Redis port, a worker killed with SIGKILL."""
import re
import selectors
import socket
import threading

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(page):
    """The CSRF token of a page's forms, as a browser would send it back."""
    found = CSRF.search(page.text)
    assert found, f"no CSRF token on {page.url}"
    return found.group(1)


class CuttableProxy:
    """Forwards TCP connections from a port on loopback to the database server, until
    `cut()` closes its listening socket and every connection through it, as a database host
    that goes away would; `restore()` listens again on the same port."""

    def __init__(self, target_host, target_port):
        self.target = (target_host, target_port)
        self.port = None
        self._listener = None
        self._connections = []
        self._lock = threading.Lock()
        self.restore()

    def restore(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port or 0))
        listener.listen()
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self):
        # A blocked accept() keeps a closed socket listening: shut it down first.
        self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        with self._lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            try:  # both ends see the connection end; its pump closes the sockets
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:  # cut: the listening socket is closed
                return
            server = socket.create_connection(self.target)
            with self._lock:
                self._connections += [client, server]
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()

    @staticmethod
    def _pump(client, server):
        """Copy bytes both ways until either side closes."""
        peers = {client: server, server: client}
        with selectors.DefaultSelector() as selector:
            for sock in peers:
                selector.register(sock, selectors.EVENT_READ)
            try:
                while True:
                    for key, _events in selector.select():
                        data = key.fileobj.recv(65536)
                        if not data:
                            return
                        peers[key.fileobj].sendall(data)
            except (OSError, ValueError):  # closed by cut()
                return
            finally:
                for sock in peers:
                    sock.close()
