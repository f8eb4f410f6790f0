/* Drag and drop on the board: a card dropped on a column sends its own move form with that column; a move that needs a reason or note first asks for it in the card. The server decides and refuses what does not fit. */
(function () {
  'use strict';
  var dragged = null;
  function submitMove(card, phase) {
    var form = card.querySelector('form.move-form');
    if (!form) return;
    var select = form.querySelector('select[name="to"]');
    var option = Array.prototype.find.call(select.options, function (o) { return o.value === phase; });
    if (!option) {
      // Not a move this card offers: the server is asked all the same, and says why it is refused.
      option = new Option(phase, phase);
      option.hidden = true;
      select.add(option);
    }
    select.value = phase;
    var text = form.querySelector('textarea[name="text"]');
    if (option.getAttribute('data-required') === 'true' && text && text.value.trim() === '') {
      text.focus();
      text.setAttribute('placeholder', 'Write this first, then press Move');
      return;
    }
    form.submit();
  }
  function start() {
    document.querySelectorAll('.card[draggable="true"]').forEach(function (card) {
      card.addEventListener('dragstart', function (e) {
        dragged = card;
        e.dataTransfer.effectAllowed = 'move';
        e.dataTransfer.setData('text/plain', card.getAttribute('data-case'));
      });
      card.addEventListener('dragend', function () { dragged = null; });
    });
    document.querySelectorAll('.column[data-phase]').forEach(function (column) {
      column.addEventListener('dragover', function (e) { if (dragged) { e.preventDefault(); column.classList.add('drop-target'); } });
      column.addEventListener('dragleave', function () { column.classList.remove('drop-target'); });
      column.addEventListener('drop', function (e) {
        e.preventDefault();
        column.classList.remove('drop-target');
        var card = dragged;
        dragged = null;
        if (!card || card.getAttribute('data-phase') === column.getAttribute('data-phase')) return;
        submitMove(card, column.getAttribute('data-phase'));
      });
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
