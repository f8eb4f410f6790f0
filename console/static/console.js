// The console works without this script; with it, dates follow the browser's time zone, and a
// page changed by htmx moves focus to what changed so that keyboard and screen reader users follow.
(function () {
  'use strict';
  var zone = '';
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
  } catch (e) {
    zone = '';
  }
  document.querySelectorAll('input[data-time-zone]').forEach(function (input) {
    input.value = zone;
  });
  var summary = document.querySelector('.error-summary');
  if (summary) summary.focus();
})();
