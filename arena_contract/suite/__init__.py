"""The probe: one engine (``engine.py``) running the probe kinds (``kinds/``) in the
schedule's order (``schedule.py``), for ``arena-contract probe``, for the pytest plugin's
bundled module (``test_contract.py``, one item per probe) and, for its sample, for
``arena-contract record``. docs/architecture.md walks through the rooms.

Kept import-light: the plugin reads :data:`SUITE_PATH` in every pytest run.
"""

from pathlib import Path

#: The suite's test module, added to pytest's arguments when the suite is asked for.
SUITE_PATH = Path(__file__).with_name("test_contract.py")
