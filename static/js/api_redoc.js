// Starts ReDoc on the API reference page (registry/api_redoc.html) without an inline script.
// The style nonce comes from this script's own tag: browsers hide a nonce from getAttribute
// but keep it in the `nonce` property.
(function () {
  "use strict";
  var script = document.currentScript;
  var container = document.getElementById("redoc-container");
  window.Redoc.init(script.dataset.schemaUrl, { nonce: script.nonce }, container);
})();
