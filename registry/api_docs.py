"""The API's interactive documentation, served from our own static files under our CSP.

drf-spectacular's stock pages put their start-up code and styles inline, which the portal's
Content-Security-Policy forbids. Swagger UI runs from the split view (its start-up code comes as a
script file from the same URL with `?script`); ReDoc gets a per-response nonce for the `<style>`
elements it writes and may start its search worker; nothing else is loosened.
"""

from csp.constants import NONCE
from csp.decorators import csp_update
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

swagger_ui = SpectacularSwaggerSplitView.as_view(
    url_name="api-schema", template_name="registry/api_swagger.html"
)

# ReDoc's search runs in a web worker that it starts from a blob: URL.
redoc = csp_update({"style-src": [NONCE], "worker-src": ["'self'", "blob:"]})(
    SpectacularRedocView.as_view(url_name="api-schema", template_name="registry/api_redoc.html")
)
