import pytest

from agreements import workflow
from reports.tests.factories import compact_data, submitted_agreement
from verification.devcert import create_chain


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def test_ca(settings, tmp_path):
    """A CA and a seal certificate issued by it, installed as the office's (SIGNING_*)."""
    chain = create_chain(tmp_path / "signing", common_name="ตราประทับทดสอบ", organisation="test")
    settings.SIGNING_CERT = str(chain.cert)
    settings.SIGNING_KEY = str(chain.key)
    settings.SIGNING_CHAIN = str(chain.ca)
    settings.SIGNING_TSA_URL = ""
    return chain


@pytest.fixture
def public_url(settings):
    settings.PORTAL_PUBLIC_URL = "https://pa.example.go.th"
    return settings.PORTAL_PUBLIC_URL


@pytest.fixture
def agreed(standards, policies, people, media, test_ca, public_url):
    """A short agreement, submitted and agreed by the supervisor (its PA1 is sealed)."""
    submission = submitted_agreement(people["deputy"], data=compact_data())
    workflow.agreement_agree(agreement=submission.agreement, actor=people["supervisor"], comment="เห็นชอบ")
    return submission
