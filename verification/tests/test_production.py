"""Production refuses to start with the development seal certificate."""

from pa_portal.tests.test_security import production_env, run_manage
from verification.devcert import DEV_NAME, create_chain


def test_check_deploy_fails_with_the_development_certificate(tmp_path):
    dev = create_chain(tmp_path, common_name=DEV_NAME)
    env = production_env(SIGNING_CERT=str(dev.cert), SIGNING_KEY=str(dev.key))
    result = run_manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "verification.E001" in result.stdout + result.stderr


def test_check_deploy_warns_when_no_seal_certificate_is_installed():
    result = run_manage("check", "--deploy", env=production_env())
    assert "verification.W001" in result.stdout + result.stderr
