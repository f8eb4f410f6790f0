// The console works without this script; with it, dates follow the browser's time zone, a page
// changed by htmx moves focus to what changed so that keyboard and screen reader users follow, and
// a part of a page that refreshes itself waits while the person is working in it.
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

  function markTyped(event) {
    var form = event.target && event.target.form;
    if (form) form.setAttribute('data-typed', '');
  }
  document.addEventListener('input', markTyped);
  document.addEventListener('change', markTyped);
  // A refresh of a live part waits while focus is inside it or one of its forms has been typed in.
  document.addEventListener('htmx:beforeRequest', function (event) {
    var part = event.detail && event.detail.elt;
    if (!part || !part.hasAttribute || !part.hasAttribute('data-live')) return;
    var active = document.activeElement;
    var busy = (active && active !== document.body && part.contains(active)) || part.querySelector('form[data-typed]');
    if (busy) event.preventDefault();
  });
})();
