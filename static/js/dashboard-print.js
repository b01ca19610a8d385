// Shows the board pack's "Print" button (hidden without JavaScript) and prints on click.
(function () {
  'use strict'
  var buttons = document.querySelectorAll('[data-print-page]')
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false
    button.addEventListener('click', function () { window.print() })
  })
})()
