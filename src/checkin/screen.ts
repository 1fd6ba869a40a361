import type { CheckinEvent } from './events.js';

/**
 * The venue screen (checkin.md §3): QR, 6-digit code and live count, full-screen on a TV. One
 * self-contained page: it fetches a new QR when the current one is replaced and listens to the
 * count stream; both authorised by the screen key in its own URL (a TV has no bearer token).
 */

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function screenPage(event: CheckinEvent, key: string): string {
  const base = `/api/v1/events/${encodeURIComponent(event.id)}`;
  const q = `?key=${encodeURIComponent(key)}`;
  const config = JSON.stringify({ qr: `${base}/qr${q}`, stream: `${base}/stream${q}` }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(event.title)} · 签到 Check-in</title>
<style>
  html, body { margin: 0; height: 100%; background: #0b1f33; color: #fff; font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; }
  main { height: 100%; display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); align-items: center; gap: 4vw; padding: 0 5vw; box-sizing: border-box; }
  #qr { background: #fff; padding: 2vh; border-radius: 1vh; aspect-ratio: 1; max-height: 80vh; }
  #qr svg { width: 100%; height: 100%; display: block; }
  h1 { font-size: 4.5vh; margin: 0 0 4vh; }
  .label { font-size: 2.5vh; opacity: .7; margin-top: 3vh; }
  #code { font-size: 12vh; letter-spacing: 1.5vh; font-variant-numeric: tabular-nums; }
  #count { font-size: 10vh; font-variant-numeric: tabular-nums; }
  #status { font-size: 2vh; opacity: .6; margin-top: 3vh; min-height: 2.5vh; }
</style>
</head>
<body>
<main>
  <div id="qr" aria-label="QR code"></div>
  <section>
    <h1>${escapeHtml(event.title)}</h1>
    <div class="label">签到码 Code</div>
    <div id="code">------</div>
    <div class="label">已签到 Checked in</div>
    <div id="count">0</div>
    <div id="status"></div>
  </section>
</main>
<script>
(function () {
  var cfg = ${config};
  var status = document.getElementById('status');
  function refresh() {
    fetch(cfg.qr, { cache: 'no-store' }).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json();
    }).then(function (qr) {
      document.getElementById('qr').innerHTML = qr.svg;
      document.getElementById('code').textContent = qr.code;
      document.body.dataset.token = qr.token;
      status.textContent = '';
      // Next QR just after this one is replaced (the server's clock decides the window).
      setTimeout(refresh, Math.max(1000, Date.parse(qr.expiresAt) - Date.parse(qr.now)) + 250);
    }).catch(function (e) {
      status.textContent = '连接中断，重试中… (' + e.message + ')';
      setTimeout(refresh, 5000);
    });
  }
  refresh();
  var es = new EventSource(cfg.stream);
  es.addEventListener('count', function (ev) {
    document.getElementById('count').textContent = JSON.parse(ev.data).count;
  });
})();
</script>
</body>
</html>
`;
}
