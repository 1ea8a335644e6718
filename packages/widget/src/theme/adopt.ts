// Puts the stylesheet into a shadow root: a constructable stylesheet (CSP-safe), else a <style> with the nonce.
export function adoptStyles(root: ShadowRoot, css: string, nonce?: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    // Older engines (and jsdom) lack constructable stylesheets; a nonce keeps a strict CSP working there.
    const el = document.createElement('style');
    if (nonce) el.nonce = nonce;
    el.textContent = css;
    root.prepend(el);
  }
}
