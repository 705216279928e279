"""`nox -s bench` and `nox -s soak`: the fake clouds measured over real sockets, side by side with a bare
Starlette app and with peers, and a bounded soak run under mixed traffic.

Modules: ``proc`` (CPU and RSS from /proc, core pinning), ``servers`` (processes on 127.0.0.1 and free
ports), ``bare`` (the baseline app), ``load`` (wrk or the Python generator of ``pyload``), ``calls``
(the signed requests of each served API), ``peers`` (moto, Prism, WireMock), ``inprocess`` (ASGI and
fixture costs), ``targets`` and ``report`` (issue 11's targets, the Markdown and JSON), ``run`` (the
benchmark itself) and ``soak``.
"""
