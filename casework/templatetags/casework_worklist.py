"""The dashboard's "Awaiting me" list (casework/_worklist.html)."""

from django import template

from casework.worklist import work_for

register = template.Library()

register.simple_tag(work_for, name="work_for")
