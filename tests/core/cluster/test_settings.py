"""Where the cluster is: no setting means no cluster (the lab trains in its own threads)."""

from __future__ import annotations

import pytest

from core.cluster.settings import ADDRESS_VARIABLE, endpoint, ray_address


@pytest.mark.parametrize("value", [None, "", "   "])
def test_no_address_means_no_cluster(monkeypatch: pytest.MonkeyPatch, value: str | None) -> None:
    if value is None:
        monkeypatch.delenv(ADDRESS_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(ADDRESS_VARIABLE, value)
    assert ray_address() is None


@pytest.mark.parametrize("value", ["ray://head:10001", "10.0.0.5:6379", "auto"])
def test_an_address_means_the_cluster_there(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(ADDRESS_VARIABLE, f" {value} ")
    assert ray_address() == value


@pytest.mark.parametrize(
    ("address", "found"),
    [
        ("ray://head:10001", ("head", 10001)),
        ("10.0.0.5:6379", ("10.0.0.5", 6379)),
        ("[::1]:6379", ("::1", 6379)),
        ("auto", None),
        ("head", None),
        ("head:port", None),
    ],
)
def test_the_host_and_port_an_address_names(address: str, found: tuple | None) -> None:
    assert endpoint(address) == found
