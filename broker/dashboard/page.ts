/**
 * The dashboard's page (`/`) and its style sheet (`/app.css`): static text with no external
 * resource, no inline script and no inline style, so the Content-Security-Policy (headers.ts)
 * allows only the dashboard's own files. The script is in app.ts.
 */

/**
 * The HTML page. Element ids are what app.ts fills and what the browser test reads: `#fleet`
 * (one `tr[data-device]` per device), `#rollouts` (one `.rollout[data-rollout]` per rollout, a
 * `tr[data-wave]` per wave), `#audit`, `#live` (`data-state`: connecting, live, reconnecting).
 * @param auditHistory - audit records the page shows (the newest)
 */
export function pageHtml (auditHistory: number): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>aedes-ota fleet</title>
<link rel="stylesheet" href="/app.css">
<script src="/app.js" defer></script>
</head>
<body data-audit-history="${auditHistory}">
<header>
<h1>aedes-ota fleet</h1>
<span id="live" data-state="connecting">connecting</span>
</header>
<main>
<section>
<h2>Fleet <span id="fleet-count" class="count"></span></h2>
<table id="fleet">
<thead><tr><th>device</th><th>model</th><th>online</th><th>version</th><th>state</th><th>last result</th><th>support / end of life</th><th>suspect</th><th>SBOM</th></tr></thead>
<tbody></tbody>
</table>
</section>
<section>
<h2>Rollouts</h2>
<div id="rollouts"><p class="empty">no rollouts</p></div>
</section>
<section>
<h2>Recent audit events</h2>
<table id="audit">
<thead><tr><th>time (UTC)</th><th>event</th><th>outcome</th><th>device</th><th>detail</th></tr></thead>
<tbody></tbody>
</table>
</section>
</main>
</body>
</html>
`
}

/** The style sheet. */
export const APP_CSS = `:root { color-scheme: light dark; --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; --muted: #6e7781; --line: #d0d7de; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; }
header { display: flex; align-items: center; gap: 1rem; padding: .6rem 1rem; border-bottom: 1px solid var(--line); }
h1 { font-size: 1.1rem; margin: 0; }
h2 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
h3 { font-size: .95rem; margin: .2rem 0; }
main { padding: 0 1rem 2rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; }
td.mono, #audit td:first-child { font-family: ui-monospace, monospace; font-size: 12px; }
.count, .empty, .muted { color: var(--muted); }
.on, .success, .SUCCESS, .succeeded, .completed, .running { color: var(--ok); }
.off { color: var(--muted); }
.failure, .failed, .aborted, .ENDED, tr.suspect td { color: var(--bad); }
.paused, .ENDING { color: var(--warn); }
#live { font-size: 12px; padding: .1rem .5rem; border-radius: 1rem; border: 1px solid currentColor; }
#live[data-state="live"] { color: var(--ok); }
#live[data-state="reconnecting"], #live[data-state="connecting"] { color: var(--warn); }
.rollout { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem; margin-bottom: .75rem; }
.rollout progress { width: 10rem; }
.rollout ul { margin: .3rem 0 0; padding-left: 1.2rem; }
#audit td:last-child { word-break: break-all; }
`
