"""The consent fixtures (state directory, clock, controller) serve the tray tests too."""

from tests.agent.consent.conftest import clock, controller, paths

__all__ = ["clock", "controller", "paths"]
