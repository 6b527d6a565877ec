"""Test support shared by the tests of every app: factories and personas (factories.py) and the
browser-test fixtures (browser.py, a pytest plugin loaded by the root conftest). Only tests and
the root conftest import it; no module of the product does, so factory-boy and Playwright stay
development dependencies."""
