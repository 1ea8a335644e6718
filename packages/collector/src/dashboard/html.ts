// Server-rendered HTML shells: the dashboard page (the bundle does the rest) and the sign-in page.
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export { escapeHtml };

/** No inline script or style anywhere, so the page runs under this policy. */
export const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'; object-src 'none'";

export function dashboardShell(title = 'Tellus dashboard'): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/dashboard/assets/dashboard.css">
<script src="/dashboard/assets/dashboard.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><h1>Tellus</h1><form class="signout" method="post" action="/dashboard/logout"><button type="submit" class="secondary">Sign out</button></form></header>
<div id="app"><main id="main"><p role="status">Loading…</p></main></div>
<noscript><p>The dashboard needs JavaScript.</p></noscript>
</body>
</html>`;
}

export function loginPage(message?: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Sign in · Tellus</title>
<link rel="stylesheet" href="/dashboard/assets/dashboard.css">
</head>
<body>
<main class="login" id="main">
<h1>Tellus dashboard</h1>
${message ? `<p class="error" role="alert">${escapeHtml(message)}</p>` : ''}
<form method="post" action="/dashboard/login">
<label for="token">Admin token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
<p class="muted">The token is the collector's TELLUS_ADMIN_TOKEN. It is exchanged once for a session cookie.</p>
</main>
</body>
</html>`;
}
