// Salon page: names the branch visited; the inline survey mounts itself into #visit-feedback (salon-visit.json).
(function () {
  var out = document.getElementById('visit-branch');
  var select = document.getElementById('demo-branch');
  function show() {
    var b = '';
    try {
      b = localStorage.getItem('demo.location') || '';
    } catch (e) {
      /* storage blocked */
    }
    if (out) out.textContent = b ? 'Lumo ' + b : 'a Lumo salon (pick your branch above)';
  }
  show();
  if (select) select.addEventListener('change', show);
  else
    document.addEventListener('DOMContentLoaded', function () {
      var s = document.getElementById('demo-branch');
      if (s) s.addEventListener('change', show);
    });
})();
