"""Access rules as the state machines ask them.

A transition names the rule it needs, `@transition(..., permission=rule("licensing.grant"))`;
the procedure's permissions.py registers that name with its predicate (`rules.add_rule`). The
model thus never imports the predicates (which import models), and casework.services and the
pages ask the same rule through django-fsm.
"""

import rules


def rule(name: str):
    """A django-fsm `permission=` callable `(instance, user)` that asks the named rule."""

    def permission(instance, user) -> bool:
        return rules.test_rule(name, user, instance)

    permission.rule_name = name
    return permission
