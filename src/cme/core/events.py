"""Domain events: how a lower layer tells a higher one what happened, or asks it a
question, without importing it.

The apps are layered (docs/adr/0005-layers.md): the child index sits below the
intakes, the intakes below casework. When a school's deletion return says a pupil's
destination is unknown, `schools` cannot call `cases` to open an enquiry; it
publishes `DeletionReturnReceived` and the casework handler (registered in
`CasesConfig.ready`) opens it. When the child index needs to know whether a record
has an open case before merging it, it asks `ChildCasesWanted` and casework answers.

Handlers run at once, in the caller's thread and transaction, in the order they were
registered: an exception in a handler rolls the whole change back, as if the code had
been written inline. An event defines whether it needs an answer (`needs_handler`):
publishing one that nothing handles is a configuration error, never silently ignored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any, ClassVar

from django.core.exceptions import ImproperlyConfigured


class Event:
    """Base of every event and question. Subclasses are frozen dataclasses."""

    # Most events change the record of a child: something must act on them.
    needs_handler: ClassVar[bool] = True


Handler = Callable[[Any], Any]

_handlers: dict[type[Event], list[Handler]] = defaultdict(list)


def handles[E: Event](event_type: type[E]) -> Callable[[Callable[[E], Any]], Callable[[E], Any]]:
    """Register the decorated function as a handler of `event_type`."""

    def register(function: Callable[[E], Any]) -> Callable[[E], Any]:
        if function not in _handlers[event_type]:
            _handlers[event_type].append(function)
        return function

    return register


def publish(event: Event) -> list[Any]:
    """Run every handler of the event now; their results, in registration order."""
    handlers = _handlers.get(type(event), [])
    if not handlers and event.needs_handler:
        raise ImproperlyConfigured(f"Nothing handles {type(event).__name__}: is the app that acts on it installed?")
    return [handler(event) for handler in handlers]


def ask(question: Event) -> list[Any]:
    """A question is an event whose handlers answer; the answers, in registration order."""
    return publish(question)


def handlers_of(event_type: type[Event]) -> tuple[Handler, ...]:
    return tuple(_handlers.get(event_type, ()))
