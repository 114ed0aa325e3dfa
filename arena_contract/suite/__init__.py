"""The bundled contract suite: one pytest module (``test_contract.py``) run by the plugin,
by ``arena-contract probe`` and, in part, by ``arena-contract record``.

Kept import-light: the plugin reads :data:`SUITE_PATH` in every pytest run.
"""

from pathlib import Path

#: The suite's test module, added to pytest's arguments when the suite is asked for.
SUITE_PATH = Path(__file__).with_name("test_contract.py")
