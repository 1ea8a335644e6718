// Account page: shows the visitor's chosen branch; the NPS survey itself is triggered by the URL rule in account-nps.json.
(function () {
  var fav = document.getElementById('fav-branch');
  var branch = '';
  try {
    branch = localStorage.getItem('demo.location') || '';
  } catch (e) {
    /* storage blocked */
  }
  if (fav && branch) fav.textContent = branch;
})();
