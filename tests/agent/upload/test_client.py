"""The collector client on loopback: no proxy for this machine, no decoding of a reply."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from agent.upload import CollectorClient, NetworkProblem


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b'{"keys": []}'
        if self.path.endswith("/gzip/keys"):
            body = gzip.compress(body)
            self.send_response(200)
            self.send_header("Content-Encoding", "gzip")
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_an_encoded_reply_is_refused_not_decompressed(url: str) -> None:
    client = CollectorClient(url)
    try:
        with pytest.raises(NetworkProblem) as caught:
            client.study_keys("gzip")
        assert caught.value.kind == "EncodedReply"
        assert client.study_keys("plain").status == 200
    finally:
        client.close()


def test_a_proxy_from_the_environment_is_never_used_for_a_loopback_collector(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(variable, "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    client = CollectorClient(url)
    try:
        assert client.study_keys("plain").status == 200
    finally:
        client.close()
