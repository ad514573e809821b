// The site's chat widget, embedded with one line:
//   <script src="https://desk.example/widget.js" data-channel="site" async></script>
// It draws into a shadow root of its own element and leaves one global, `Textdesk`, for sites
// whose visitors are logged in: Textdesk.identify({ token, name, email, identity }), where
// `identity` is `{ email, signature }` signed by the site's backend (README, "One customer").
import { Conversation, VisitorStore, type Visitor } from './conversation';
import { pickLang, TEXTS } from './texts';
import { WidgetView } from './view';

interface TextdeskApi {
  identify(visitor: Visitor): void;
  open(): void;
  close(): void;
}

declare global {
  interface Window {
    Textdesk?: TextdeskApi;
  }
}

function start(script: HTMLScriptElement): void {
  const channel = script.dataset.channel;
  if (!channel) {
    console.warn('textdesk widget: the script tag needs data-channel="…" (the web chat channel id)');
    return;
  }
  const desk = new URL(script.src, location.href);
  const url = `${desk.protocol === 'https:' ? 'wss:' : 'ws:'}//${desk.host}/channels/webchat/${encodeURIComponent(channel)}`;
  const lang = pickLang(script.dataset.lang, document.documentElement.lang, navigator.language);
  const host = document.createElement('div');
  host.id = 'textdesk-widget';
  if (script.dataset.color) host.style.setProperty('--td-accent', script.dataset.color);
  const root = host.attachShadow({ mode: 'open' });
  let view: WidgetView | null = null;
  const conversation = new Conversation(
    url,
    new VisitorStore(`textdesk:${desk.host}:${channel}`),
    (added) => view?.update(added),
    { token: script.dataset.visitorToken, name: script.dataset.name },
  );
  view = new WidgetView(root, conversation, TEXTS[lang], lang);
  const mount = () => document.body.appendChild(host);
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });
  window.Textdesk = {
    identify: (visitor) => conversation.identify(visitor),
    open: () => view?.open(),
    close: () => view?.close(),
  };
  // History navigation in a single-page shop; a pushState alone fires nothing, and is told with the next hello.
  for (const type of ['popstate', 'hashchange']) window.addEventListener(type, () => conversation.pageChanged());
  conversation.start();
}

const script = document.currentScript;
if (script instanceof HTMLScriptElement && !window.Textdesk) start(script);
