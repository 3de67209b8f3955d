/**
 * The console's stylesheet and its one small script, served from the worker at
 * /console/assets/ so the pages can carry a Content-Security-Policy without
 * 'unsafe-inline'. Pages work without the script; it adds copy buttons,
 * confirmations and live refresh of regions marked `data-live`.
 */
export const CONSOLE_CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--accent:#0b5cad;--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700}
*{box-sizing:border-box}
body{margin:0;font:15px/1.6 -apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
header.top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;padding:.6rem 1rem;background:#fff;border-bottom:1px solid var(--line)}
header.top .brand{font-weight:600;text-decoration:none;color:var(--fg)}
header.top .who{margin-left:auto;color:var(--muted);font-size:.9em}
nav.menu{background:#fff;border-bottom:1px solid var(--line);overflow-x:auto}
nav.menu ul{display:flex;gap:.25rem;margin:0;padding:.25rem .75rem;list-style:none;white-space:nowrap}
nav.menu a{display:block;padding:.35rem .6rem;border-radius:6px;text-decoration:none}
nav.menu a[aria-current=page]{background:var(--accent);color:#fff}
main{max-width:1100px;margin:0 auto;padding:1rem}
h1{font-size:1.35rem;margin:.2rem 0 1rem}
h2{font-size:1.1rem;margin:1.5rem 0 .6rem}
section.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:1rem;margin-bottom:1rem}
.table-wrap{overflow-x:auto;background:#fff;border:1px solid var(--line);border-radius:8px}
table{border-collapse:collapse;width:100%;font-size:.92em}
th,td{padding:.45rem .6rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{background:var(--bg);font-weight:600;white-space:nowrap}
tr:last-child td{border-bottom:0}
.empty{color:var(--muted);padding:1rem}
form.stack{display:grid;gap:.7rem;max-width:560px}
form.inline{display:inline}
label{display:grid;gap:.2rem;font-weight:500}
label.check{display:flex;gap:.4rem;align-items:center;font-weight:400}
input,select,textarea,button{font:inherit}
input[type=text],input[type=password],input[type=number],input[type=datetime-local],input[type=date],input[type=search],input[type=url],input[type=tel],select,textarea{width:100%;padding:.45rem .55rem;border:1px solid var(--line);border-radius:6px;background:#fff}
textarea{min-height:7rem}
button,.button{display:inline-block;padding:.4rem .9rem;border:1px solid var(--accent);border-radius:6px;background:var(--accent);color:#fff;cursor:pointer;text-decoration:none;line-height:1.4}
button.secondary,.button.secondary{background:#fff;color:var(--accent)}
button.danger{background:var(--bad);border-color:var(--bad)}
button:focus-visible,a:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #f0b400;outline-offset:2px}
.flash{padding:.6rem .8rem;border-radius:6px;margin-bottom:1rem;border:1px solid}
.flash.ok{background:#dafbe1;border-color:#4ac26b}
.flash.error{background:#ffebe9;border-color:#ff8182}
.badge{display:inline-block;padding:0 .45rem;border-radius:999px;font-size:.82em;border:1px solid var(--line);background:var(--bg)}
.badge.ok{color:var(--ok);border-color:#4ac26b}.badge.bad{color:var(--bad);border-color:#ff8182}.badge.warn{color:var(--warn);border-color:#d4a72c}
.pager{display:flex;gap:.5rem;align-items:center;margin:.8rem 0}
.toolbar{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin-bottom:.8rem}
.toolbar label{min-width:9rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:0}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;word-break:break-all}
code.secret{display:block;padding:.6rem;background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;word-break:break-all;font-size:1.05em}
.muted{color:var(--muted)}
.grid{display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(260px,1fr))}
.preview{max-width:375px;border:1px solid var(--line);border-radius:12px;padding:1rem;background:#fff}
.preview h3{margin:.2rem 0 .4rem}
img.proof{max-width:100%;max-height:420px;border:1px solid var(--line);border-radius:6px}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
@media (max-width:600px){main{padding:.6rem}th,td{padding:.35rem .4rem}dl.facts{grid-template-columns:1fr}}
`;

export const CONSOLE_JS = `
document.addEventListener("click", (e) => {
  const button = e.target.closest("[data-copy]");
  if (!button) return;
  const target = document.getElementById(button.dataset.copy);
  if (!target || !navigator.clipboard) return;
  navigator.clipboard.writeText(target.textContent.trim()).then(() => { button.textContent = "已复制"; });
});
document.addEventListener("submit", (e) => {
  const message = e.target.dataset && e.target.dataset.confirm;
  if (message && !window.confirm(message)) e.preventDefault();
});
for (const region of document.querySelectorAll("[data-live]")) {
  const seconds = Math.max(2, Number(region.dataset.live) || 5);
  const refresh = async () => {
    if (document.hidden || region.contains(document.activeElement)) return;
    try {
      const res = await fetch(location.href, { headers: { accept: "text/html" }, credentials: "same-origin" });
      if (!res.ok || res.redirected) return;
      const fresh = new DOMParser().parseFromString(await res.text(), "text/html").getElementById(region.id);
      if (fresh) region.innerHTML = fresh.innerHTML;
    } catch {}
  };
  setInterval(refresh, seconds * 1000);
}
`;
