from django.db import connection
from django.http import JsonResponse


def healthz(request):
    """For the container health check: answers once the database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
