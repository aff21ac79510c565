// "Use my location" on the report form (templates/feedback/report_form.html): fills latitude and
// longitude from the browser's geolocation. The button shows only where geolocation exists;
// the form works without it (the address or the commune is enough).
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    var button = document.getElementById("fb-locate");
    var latitude = document.querySelector("input[name=latitude]");
    var longitude = document.querySelector("input[name=longitude]");
    if (!button || !latitude || !longitude || !("geolocation" in navigator)) return;
    var status = document.getElementById("fb-locate-status");
    button.parentNode.hidden = false;

    function say(text) {
      if (status) status.textContent = text;
    }

    button.addEventListener("click", function () {
      button.disabled = true;
      say(button.dataset.busy || "");
      navigator.geolocation.getCurrentPosition(
        function (position) {
          latitude.value = position.coords.latitude.toFixed(6);
          longitude.value = position.coords.longitude.toFixed(6);
          button.disabled = false;
          say("");
        },
        function () {
          button.disabled = false;
          say(button.dataset.error || "");
        },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });
  });
})();
