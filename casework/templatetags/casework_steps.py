"""Tags for the step list of a case (casework/_steps.html)."""

from django import template

from casework.steps import step_current, step_next

register = template.Library()

register.simple_tag(step_current, name="step_current")
register.simple_tag(step_next, name="step_next")
