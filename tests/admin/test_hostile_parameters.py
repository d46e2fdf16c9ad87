"""Hostile query values on admin pages get a 400 or a form error, never a 500 (issue 10)."""

from __future__ import annotations

import pytest

from tests.admin.helpers import signed_in
from tests.hostile import server_errors

PARAMETERS = ["page", "designation", "since", "until", "action", "actor", "status", "q", "kind"]


@pytest.mark.parametrize("value", [str(2**63), "9" * 30, "0", "x"])
def test_the_audit_trail_answers_400_for_a_designation_number_no_id_can_be(seeded_admin_app, value):
    client = signed_in(seeded_admin_app, role="admin")
    response = client.get(f"/admin/audit?designation={value}")
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    ["/admin/", "/admin/audit", "/admin/designations", "/admin/designations/lookup?q=kuz",
     "/admin/links", "/admin/users", "/admin/imports", "/admin/designations/new"],
)  # fmt: skip
def test_no_hostile_query_parameter_answers_500(seeded_admin_app, path):
    client = signed_in(seeded_admin_app, role="admin")
    assert server_errors(client, path, PARAMETERS) == []


@pytest.mark.parametrize(
    "path", ["/admin/audit/{}", "/admin/designations/{}/edit", "/admin/users/{}"]
)
def test_an_id_beyond_64_bits_in_an_admin_url_is_not_found(seeded_admin_app, path):
    client = signed_in(seeded_admin_app, role="admin")
    assert client.get(path.format(2**64)).status_code == 404
