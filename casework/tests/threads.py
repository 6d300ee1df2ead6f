"""Races on the real database: threads released at one moment, each with its own connection."""

import threading

from django.db import connection


def run_together(count: int, action, *, timeout: float = 120) -> list:
    """Run `action(i, barrier)` in `count` threads; the action waits on the barrier where the
    race should start (after reading its stale copy, say). Returns what each returned or
    raised, in order."""
    barrier = threading.Barrier(count, timeout=timeout / 2)
    outcomes = [None] * count

    def worker(i):
        try:
            outcomes[i] = action(i, barrier)
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test looks at
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def race(*actions, timeout: float = 120) -> list:
    """Run each action in its own thread, all released at the same moment."""

    def start(i, barrier):
        barrier.wait()
        return actions[i]()

    return run_together(len(actions), start, timeout=timeout)
