"""A real server for tests: uvicorn on a free 127.0.0.1 port, in a thread, stopped on exit."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import uvicorn

from simulacra.serve import create_app

SHOP_MINI = """
name: mini_shop
seed: 11
tables:
  customers:
    rows: 40
    primary_key: customer_id
    columns:
      customer_id: sequence
      first_name: first_name
      email: {generator: email, unique: true}
      segment: {generator: categorical, values: {regular: 0.8, premium: 0.15, vip: 0.05}}
      phone: {generator: phone, null_rate: 0.3}
      signup_at: {generator: datetime, start: 2022-01-01, end: 2023-01-01}
      birth_date: {generator: date, start: 1950-01-01, end: 2004-12-31}
      active: {generator: boolean, p: 0.8}
  orders:
    rows: {per: customers, count: {distribution: poisson, lam: 2}}
    primary_key: order_id
    columns:
      order_id: {generator: pattern, pattern: "ORD-{seq:05d}"}
      customer_id: {generator: foreign_key, references: customers.customer_id}
      order_date: {generator: datetime, after: customers.signup_at}
      ship_date: {generator: datetime, after: order_date, offset: {distribution: uniform, low: 1, high: 5, unit: days}}
      total: {generator: money, median: 40, sigma: 0.5, min: 1}
      status: {generator: categorical, values: [placed, shipped, delivered]}
  items:
    rows: {per: orders, count: {distribution: poisson, lam: 1, min: 1, max: 3}}
    primary_key: item_id
    columns:
      item_id: uuid
      order_id: {generator: foreign_key, references: orders.order_id, on_delete: cascade}
      quantity: {generator: poisson, lam: 1, min: 1, max: 9}
      order_total: {generator: expression, expr: "orders.total"}
      doubled: {generator: expression, expr: "quantity * 2"}
constraints:
  - {table: customers, column: email, regex: "^[a-z0-9._+-]+@[a-z0-9.-]+\\\\.[a-z]+$"}
  - {table: orders, check: "ship_date >= order_date", name: ship_after_order}
  - {table: orders, column: total, min: 0}
  - {table: items, column: quantity, min: 1, max: 9}
"""


def free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextlib.contextmanager
def live_server(state: Any) -> Iterator[str]:
    """Serve ``state`` on a free loopback port; yields the base URL."""
    sock = free_socket()
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(state), log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
