// The demo's script-tag setup: the public command-queue stub, init, and the visitor's saved language and branch.
// Kept in a file (not inline) so the demo runs under a strict Content-Security-Policy.
(function () {
  var w = window;
  var store = (function () {
    try {
      return w.localStorage;
    } catch (e) {
      return null;
    }
  })();
  var read = function (k) {
    return (store && store.getItem(k)) || '';
  };
  w.tellus =
    w.tellus ||
    function () {
      (w.tellus.q = w.tellus.q || []).push(arguments);
    };

  var lang = read('demo.lang') || 'en';
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'fa' ? 'rtl' : 'ltr';

  // The collector is reached through this site's own origin (see demo/server.mjs), so the demo can cut it off.
  w.tellus('init', { siteKey: 'demo', endpoint: location.origin, locale: lang });
  w.tellus('setMeta', { channel: 'web' });
  var branch = read('demo.location');
  if (branch) w.tellus('setMeta', { location: branch });
})();
