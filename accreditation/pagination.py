"""Pages of the public registers, keys first: the page's primary keys are read in the register's
order (a narrow query PostgreSQL can filter and sort without joining the wide rows), then the
rows of those keys with everything they show. A search matching most of the 20,000 certificates
then sorts 20,000 keys, not 20,000 joined rows; one query more, the same for every page."""

from django.core.paginator import Paginator
from rest_framework.pagination import PageNumberPagination


class KeysFirstPaginator(Paginator):
    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=keys)}
        return self._get_page([rows[key] for key in keys if key in rows], number, self)


class RegisterPagination(PageNumberPagination):
    django_paginator_class = KeysFirstPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
