// The widget's look, adopted by its shadow root as a constructable stylesheet: page styles do not
// reach in, these do not leak out, and a CSP without style-src 'unsafe-inline' allows it.
export const CSS = `
:host { all: initial; }
.root { --accent: var(--td-accent, #1f6feb); --ink: #1b1f24; --muted: #667085; --line: #e4e7ec;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); -webkit-font-smoothing: antialiased; }
*, *::before, *::after { box-sizing: border-box; }
button { font: inherit; cursor: pointer; }
button:focus-visible, textarea:focus-visible, input:focus-visible, a:focus-visible, .log:focus-visible { outline: 3px solid color-mix(in srgb, var(--accent) 45%, transparent); outline-offset: 2px; }
.launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; width: 60px; height: 60px;
  border: 0; border-radius: 50%; background: var(--accent); color: #fff; display: grid; place-items: center;
  box-shadow: 0 6px 20px rgba(16, 24, 40, .28); transition: transform .15s ease; }
.launcher:hover { transform: scale(1.06); }
.launcher svg { width: 28px; height: 28px; }
.badge { position: absolute; top: -2px; right: -2px; min-width: 22px; height: 22px; padding: 0 6px; border-radius: 11px;
  background: #e5484d; color: #fff; font-size: 12px; font-weight: 700; line-height: 22px; text-align: center;
  box-shadow: 0 0 0 2px #fff; }
.badge[hidden] { display: none; }
.panel { position: fixed; right: 20px; bottom: 92px; z-index: 2147483000; width: 380px; height: min(600px, calc(100vh - 120px));
  display: flex; flex-direction: column; background: #fff; border-radius: 16px; overflow: hidden;
  box-shadow: 0 16px 48px rgba(16, 24, 40, .22), 0 0 0 1px rgba(16, 24, 40, .06); }
.panel[hidden] { display: none; }
header { display: flex; align-items: center; gap: 12px; padding: 16px 16px 14px; background: var(--accent); color: #fff; }
.avatar { width: 40px; height: 40px; border-radius: 50%; background: rgba(255,255,255,.2); display: grid; place-items: center; flex: none; }
.avatar svg { width: 22px; height: 22px; }
.heading { flex: 1; min-width: 0; }
h2 { margin: 0; font-size: 16px; font-weight: 650; }
.status { margin: 2px 0 0; font-size: 12.5px; opacity: .92; display: flex; align-items: center; gap: 6px; }
.dot { width: 8px; height: 8px; border-radius: 50%; background: #fdb022; flex: none; }
.status[data-state="online"] .dot { background: #32d583; }
.close { width: 36px; height: 36px; border: 0; border-radius: 10px; background: transparent; color: #fff; display: grid; place-items: center; }
.close:hover { background: rgba(255,255,255,.16); }
.close svg { width: 20px; height: 20px; }
.log { flex: 1; overflow-y: auto; padding: 16px; background: #f7f8fa; display: flex; flex-direction: column; gap: 10px; }
.empty { margin: auto; max-width: 240px; text-align: center; color: var(--muted); font-size: 14px; }
.msg { display: flex; flex-direction: column; max-width: 82%; align-self: flex-start; }
.msg.mine { align-self: flex-end; align-items: flex-end; }
.who { font-size: 12px; color: var(--muted); margin: 0 4px 3px; }
.bubble { padding: 9px 13px; border-radius: 16px 16px 16px 4px; background: #fff; border: 1px solid var(--line);
  white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: isolate; }
.msg.bot .bubble { background: #eef2ff; border-color: #e0e7ff; }
.msg.mine .bubble { background: var(--accent); color: #fff; border-color: transparent; border-radius: 16px 16px 4px 16px; }
.bubble a { color: inherit; text-decoration: underline; }
.ctl { font: 11px ui-monospace, SFMono-Regular, Menlo, monospace; padding: 0 3px; border-radius: 4px; background: rgba(127,127,127,.18); }
.meta { font-size: 11.5px; color: var(--muted); margin: 3px 4px 0; display: flex; gap: 6px; align-items: center; }
.meta.failed { color: #d92d20; }
.retry { border: 0; background: none; padding: 0; color: var(--accent); text-decoration: underline; font-size: 11.5px; }
form.composer { display: flex; align-items: flex-end; gap: 8px; padding: 10px 12px; border-top: 1px solid var(--line); background: #fff; }
textarea { flex: 1; resize: none; border: 1px solid var(--line); border-radius: 12px; padding: 9px 12px; font: inherit; color: inherit;
  max-height: 140px; min-height: 40px; line-height: 1.4; background: #fff; }
textarea:focus { border-color: var(--accent); outline: none; }
.send { width: 40px; height: 40px; border: 0; border-radius: 12px; background: var(--accent); color: #fff; display: grid; place-items: center; flex: none; }
.send:disabled { opacity: .45; cursor: default; }
.send svg { width: 18px; height: 18px; }
.typing { margin: 0; padding: 4px 16px 6px; font-size: 12px; font-style: italic; color: var(--muted); background: #f7f8fa; }
.typing[hidden] { display: none; }
.hint { margin: 0; padding: 0 14px 8px; font-size: 11px; color: var(--muted); background: #fff; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
[hidden] { display: none !important; }
.notice { align-self: center; max-width: 88%; text-align: center; color: var(--muted); font-size: 12.5px; }
.notice-text { display: inline-block; margin: 2px 0; padding: 5px 12px; border-radius: 12px; background: #eceff3; white-space: pre-wrap; overflow-wrap: anywhere; }
.rating { display: flex; justify-content: center; gap: 6px; margin-top: 8px; }
.rate { width: 40px; height: 40px; border-radius: 50%; border: 1px solid var(--line); background: #fff; color: var(--ink); font-weight: 650; }
.rate:hover:not(:disabled) { border-color: var(--accent); color: var(--accent); }
.rate:disabled { cursor: default; opacity: .5; }
.rate[aria-pressed="true"] { opacity: 1; background: var(--accent); border-color: var(--accent); color: #fff; }
.files { display: flex; flex-direction: column; gap: 6px; margin-top: 6px; }
.only-files .files { margin-top: 0; }
.preview img { display: block; max-width: 220px; max-height: 180px; border-radius: 10px; background: #f2f4f7; }
.file { display: block; max-width: 240px; padding: 7px 11px; border-radius: 10px; background: rgba(16,24,40,.06); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.msg.mine .file { background: rgba(255,255,255,.18); }
a.file span { text-decoration: underline; }
.bubble a.file, .bubble a.preview { text-decoration: none; }
.clip { width: 36px; height: 40px; border: 0; background: none; color: var(--muted); display: grid; place-items: center; flex: none; padding: 0; }
.clip:hover { color: var(--accent); }
.clip svg { width: 20px; height: 20px; }
.chips { list-style: none; margin: 0; padding: 8px 12px 0; display: flex; flex-wrap: wrap; gap: 6px; border-top: 1px solid var(--line); background: #fff; }
.chips + .composer { border-top: 0; }
.chip { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; max-width: 100%; padding: 4px 6px 4px 10px; border-radius: 10px; background: #f2f4f7; font-size: 12.5px; }
.chip[data-state="failed"] { background: #fef3f2; }
.chip-name { max-width: 160px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.chip-size { color: var(--muted); }
.chip-x { border: 0; background: none; width: 22px; height: 22px; border-radius: 6px; color: var(--muted); font-size: 16px; line-height: 1; padding: 0; }
.chip-error { flex-basis: 100%; color: #d92d20; font-size: 12px; }
.drop { position: absolute; inset: 8px; z-index: 1; display: grid; place-items: center; padding: 24px; text-align: center; border: 2px dashed var(--accent);
  border-radius: 12px; background: color-mix(in srgb, var(--accent) 8%, rgba(255,255,255,.94)); color: var(--accent); font-weight: 600; pointer-events: none; }
.prechat { flex: 1; overflow-y: auto; padding: 20px 18px; display: flex; flex-direction: column; gap: 14px; background: #f7f8fa; }
.prechat-intro { margin: 0; color: var(--muted); font-size: 14px; }
.field { display: flex; flex-direction: column; gap: 5px; }
.field label { font-size: 13px; font-weight: 600; }
.field input[type="text"], .field input[type="email"] { font: inherit; color: inherit; padding: 9px 12px; border: 1px solid var(--line); border-radius: 10px; background: #fff; }
.field input:focus { border-color: var(--accent); outline: none; }
.field input[aria-invalid="true"] { border-color: #d92d20; }
.field.consent { flex-direction: row; flex-wrap: wrap; align-items: flex-start; gap: 8px; }
.field.consent label { flex: 1; font-weight: 400; font-size: 13px; }
.field.consent input { width: 18px; height: 18px; margin: 1px 0 0; accent-color: var(--accent); }
.field.consent .field-error { flex-basis: 100%; }
.field a { color: var(--accent); }
.field-error, .prechat-alert { margin: 0; color: #d92d20; font-size: 12.5px; }
.field-error:empty, .prechat-alert:empty { display: none; }
.start { margin-top: 4px; padding: 11px 16px; border: 0; border-radius: 12px; background: var(--accent); color: #fff; font-weight: 650; }
@media (max-width: 480px) {
  .panel { inset: 0; width: auto; height: auto; border-radius: 0; }
  .launcher { right: 16px; bottom: 16px; }
  /* The panel fills the screen and has its own close button. */
  .launcher[aria-expanded="true"] { display: none; }
  .hint { display: none; }
}
@media (prefers-reduced-motion: reduce) { .launcher { transition: none; } }
`;
