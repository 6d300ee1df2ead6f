# Each module is one area of the shared case machinery; add yours on its own line.
from .attachments import Attachment  # noqa: F401
from .calendar import CalendarDay, Jurisdiction  # noqa: F401
from .cases import Case, CaseNumberCounter, Channel  # noqa: F401
from .deadlines import Deadline, ReminderSent  # noqa: F401
from .documents import (  # noqa: F401
    DocumentDownload,
    DocumentKind,
    DocumentRendition,
    IssuedDocument,
)
from .log import TransitionLog  # noqa: F401
from .notifications import Notification  # noqa: F401
from .outbox import OutboxMessage  # noqa: F401
