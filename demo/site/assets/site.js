// The demo toolbar: language switcher, branch selector, and the "go offline" control with the queue it fills.
(function () {
  var w = window;
  // Always look tellus up at call time: until tellus.js arrives it is the queueing stub, then the real thing.
  var tellus = function () {
    return w.tellus.apply(w, arguments);
  };
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
  var write = function (k, v) {
    if (store) store.setItem(k, v);
  };

  var LANGS = [
    ['en', 'English'],
    ['lv', 'Latviešu'],
    ['fa', 'فارسی'],
    ['ms', 'Bahasa Melayu'],
    ['tr', 'Türkçe'],
  ];
  var BRANCHES = ['Riga Old Town', 'Riga Teika', 'Kuala Lumpur KLCC', 'Istanbul Kadıköy', 'Tehran Vanak'];

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var k in attrs || {}) node.setAttribute(k, attrs[k]);
    (children || []).forEach(function (c) {
      node.append(c);
    });
    return node;
  }
  function select(id, label, options, value) {
    var s = el('select', { id: id });
    options.forEach(function (o) {
      var opt = el('option', { value: o[0] }, [o[1]]);
      if (o[0] === value) opt.selected = true;
      s.append(opt);
    });
    return [el('label', { for: id }, [label]), s];
  }

  var bar = document.getElementById('demo-toolbar');
  if (!bar) return;

  var lang = select('demo-lang', 'Language', LANGS, read('demo.lang') || 'en');
  var branch = select(
    'demo-branch',
    'Branch',
    [['', 'Choose a branch']].concat(
      BRANCHES.map(function (b) {
        return [b, b];
      }),
    ),
    read('demo.location'),
  );
  var offline = el('button', { type: 'button', id: 'demo-offline', 'aria-pressed': 'false' }, ['Go offline']);
  var net = el('span', { id: 'demo-network', class: 'pill pill-ok' }, ['Online']);
  var queued = el('span', { id: 'demo-queue', class: 'pill', 'aria-live': 'polite' }, ['0 answers waiting']);
  var log = el('ol', { id: 'demo-log', class: 'log', 'aria-label': 'Delivery log' });
  bar.append(
    el('div', { class: 'toolbar-group' }, lang),
    el('div', { class: 'toolbar-group' }, branch),
    el('div', { class: 'toolbar-group' }, [offline, net, queued]),
    el('details', { class: 'toolbar-log' }, [el('summary', {}, ['Delivery log']), log]),
  );

  lang[1].addEventListener('change', function () {
    write('demo.lang', lang[1].value);
    location.reload(); // the widget picks its language at init, like a real site switching locale
  });
  branch[1].addEventListener('change', function () {
    write('demo.location', branch[1].value);
    tellus('setMeta', { location: branch[1].value || null });
    note('Branch set to ' + (branch[1].value || 'none') + ': new answers carry location=' + JSON.stringify(branch[1].value || null));
  });

  // Answers not yet acknowledged by the collector, remembered across reloads so the count survives them too.
  var pending = [];
  try {
    pending = JSON.parse(read('demo.pending') || '[]');
  } catch (e) {
    pending = [];
  }
  function render() {
    write('demo.pending', JSON.stringify(pending));
    queued.textContent = pending.length === 1 ? '1 answer waiting' : pending.length + ' answers waiting';
    queued.className = pending.length ? 'pill pill-warn' : 'pill';
  }
  function note(text) {
    var item = el('li', {}, [new Date().toLocaleTimeString() + ' ' + text]);
    log.prepend(item);
    while (log.children.length > 30) log.lastChild.remove();
  }
  function hold(id) {
    if (pending.indexOf(id) < 0) pending.push(id);
    render();
  }
  tellus('on', 'answer', function (e) {
    hold(e.response.id);
  });
  tellus('on', 'submit', function (e) {
    hold(e.response.id);
    note('Saved "' + e.survey.id + '" to the browser queue (IndexedDB) before sending');
  });
  tellus('on', 'sent', function (e) {
    pending = pending.filter(function (id) {
      return e.ids.indexOf(id) < 0;
    });
    render();
    note('Collector acknowledged ' + e.ids.length + ' answer(s); removed from the queue');
  });
  tellus('on', 'error', function (e) {
    note('Delivery problem: ' + e.code + ' — ' + e.message + ' (kept queued, will retry)');
  });
  tellus('on', 'queueFallback', function (e) {
    note('IndexedDB unavailable (' + e.reason + '): queue kept in memory');
  });

  function showNetwork(isOffline) {
    offline.textContent = isOffline ? 'Back online' : 'Go offline';
    offline.setAttribute('aria-pressed', String(isOffline));
    net.textContent = isOffline ? 'Offline: collector unreachable' : 'Online';
    net.className = isOffline ? 'pill pill-bad' : 'pill pill-ok';
  }
  function setNetwork(isOffline) {
    return fetch('/__demo/network?offline=' + (isOffline ? 1 : 0), { method: 'POST' })
      .then(function (r) {
        return r.json();
      })
      .then(function (s) {
        showNetwork(s.offline);
        if (!s.offline) {
          note('Network back: asking the queue to flush now instead of waiting for its retry timer');
          tellus('flush');
        } else note('Network cut: the demo server now drops every request to the collector');
      })
      .catch(function () {
        note('Could not reach the demo server');
      });
  }
  offline.addEventListener('click', function () {
    setNetwork(offline.getAttribute('aria-pressed') !== 'true');
  });
  fetch('/__demo/network')
    .then(function (r) {
      return r.json();
    })
    .then(function (s) {
      showNetwork(s.offline);
    })
    .catch(function () {});
  render();
})();
