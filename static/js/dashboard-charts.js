// Draws the plotly figures the server put in the page with json_script.
// <div data-plotly-figure="ID"> is drawn from <script id="ID" type="application/json">.
(function () {
  'use strict'
  if (typeof window.Plotly === 'undefined') return
  var charts = document.querySelectorAll('[data-plotly-figure]')
  Array.prototype.forEach.call(charts, function (el) {
    var source = document.getElementById(el.getAttribute('data-plotly-figure'))
    if (!source) return
    var figure = JSON.parse(source.textContent)
    el.innerHTML = ''
    el.classList.add('app-chart--drawn')
    window.Plotly.newPlot(el, figure.data || [], figure.layout || {}, {
      responsive: true,
      displaylogo: false,
      modeBarButtonsToRemove: ['select2d', 'lasso2d']
    })
  })
})()
