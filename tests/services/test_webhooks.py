"""Webhook targets: private, loopback and link-local addresses are refused unless allowed,
when a webhook is saved and again at each delivery."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models.monitoring import WebhookAttempt, WebhookDelivery
from app.services import monitoring, webhooks
from app.services.monitoring import MonitoringError, MonitorSettings
from app.services.webhooks import WebhookSettings, WebhookTargetError
from tests.monitoring_support import SECRET, Receiver, analyst, import_ofac, stored_run

STRICT = WebhookSettings(
    allow_private=False,
    connect_timeout=1.0,
    read_timeout=1.0,
    total_timeout=2.0,
    retry_delays=(),
    max_url_length=2000,
    max_secret_length=200,
    user_agent="test",
)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://[::1]/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://172.16.5.5/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[fe80::1]/hook",
        "http://[fc00::5]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://0.0.0.0/hook",
        "https://100.64.0.1/hook",
    ],
)
def test_a_private_target_is_refused_when_private_addresses_are_not_allowed(url: str):
    with pytest.raises(WebhookTargetError, match="private, loopback or link-local"):
        webhooks.check_target(url, STRICT)


def test_a_public_address_is_accepted():
    assert webhooks.check_target("https://93.184.216.34/hook", STRICT)


def test_a_host_that_does_not_resolve_is_refused():
    with pytest.raises(WebhookTargetError, match="does not resolve"):
        webhooks.check_target("https://no-such-host.invalid/hook", STRICT)


def test_saving_a_loopback_webhook_is_refused_in_production_settings(app):
    app.config["WEBHOOK_ALLOW_PRIVATE_ADDRESSES"] = False
    with pytest.raises(MonitoringError) as refused:
        monitoring.check_webhook(
            "http://127.0.0.1:9/hook", None, MonitorSettings.from_config(app.config)
        )
    assert refused.value.field == "webhook_url"


def test_production_refuses_private_targets_and_development_allows_them():
    from config import DevelopmentConfig, ProductionConfig, TestingConfig

    assert ProductionConfig.WEBHOOK_ALLOW_PRIVATE_ADDRESSES is False
    assert DevelopmentConfig.WEBHOOK_ALLOW_PRIVATE_ADDRESSES is True
    assert TestingConfig.WEBHOOK_ALLOW_PRIVATE_ADDRESSES is True


def test_a_delivery_to_an_address_refused_since_is_recorded_and_never_sent(app, tmp_path: Path):
    receiver = Receiver().start()
    try:
        import_ofac(app, tmp_path / "first", [(301, "BELOV, Roman", "MAGNIT")])
        person = analyst()
        monitoring.create_from_run(
            db.session,
            person.user,
            name="Clients",
            screening_id=stored_run(person.user, ["Anna Belova"]),
            webhook_url=receiver.url,
            webhook_secret=SECRET,
            settings=MonitorSettings.from_config(app.config),
        )
        app.config["WEBHOOK_ALLOW_PRIVATE_ADDRESSES"] = False
        import_ofac(
            app,
            tmp_path / "second",
            [(301, "BELOV, Roman", "MAGNIT"), (302, "BELOVA, Anna", "GLOMAG")],
        )
        (attempt,) = db.session.scalars(select(WebhookAttempt)).all()
        assert attempt.error.startswith("refused:") and "127.0.0.1" in attempt.error
        assert db.session.scalar(select(WebhookDelivery.state)) == "failed"
        assert receiver.received == []
    finally:
        receiver.stop()


def test_the_signature_is_the_hex_hmac_sha256_of_the_body():
    # RFC 4231, test case 2.
    assert webhooks.sign(b"what do ya want for nothing?", "Jefe") == (
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    )
