// The inline-able loader (dist/loader.js): defines the `tellus(...)` command queue, then loads tellus.js async.
// Configure it from its own element: data-site-key, data-endpoint, and data-src (bundle URL; default: tellus.js beside it).
type Queue = ((...a: unknown[]) => void) & { q?: IArguments[] };

((w: Window & { tellus?: Queue }, d: Document) => {
  const me = d.currentScript as HTMLScriptElement | null;
  const t: Queue =
    w.tellus ||
    (w.tellus = function () {
      // eslint-disable-next-line prefer-rest-params
      (t.q = t.q || []).push(arguments);
    });
  const data = me ? me.dataset : {};
  if (data.siteKey && !(t.q || []).some((a) => a[0] === 'init')) t('init', { siteKey: data.siteKey, endpoint: data.endpoint });
  const s = d.createElement('script');
  s.async = true;
  s.src = data.src || (me && me.src ? me.src.replace(/[^/]*$/, 'tellus.js') : 'tellus.js');
  if (me && me.nonce) s.nonce = me.nonce;
  d.head.appendChild(s);
})(window, document);
