# Each module is one area of the shared case machinery; add yours on its own line.
from .cases import Case, CaseNumberCounter, Channel  # noqa: F401
from .log import TransitionLog  # noqa: F401
from .outbox import OutboxMessage  # noqa: F401
