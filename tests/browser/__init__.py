"""The browser tests, as a package: else this conftest.py and tests/conftest.py are both `conftest`."""
